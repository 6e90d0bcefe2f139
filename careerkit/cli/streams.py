"""`-o -`: output to standard output instead of a file, as command-line tools do.

Without this, `-o -` would create a file named `-` (and say "Wrote -"). Text goes
through `careerkit.cli.common.emit`; a PDF is made in a private temporary folder and its bytes
sent on, and is refused when standard output is a terminal (a PDF is not for reading there).
"""

from __future__ import annotations

import contextlib
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from careerkit.cli.output import send_bytes
from careerkit.errors import InputError

__all__ = ["is_stdout", "pdf_target"]


def is_stdout(path: Path | None) -> bool:
    return path is not None and str(path) == "-"


@contextlib.contextmanager
def pdf_target(output: Path) -> Iterator[Path]:
    """The path to write a PDF at; for `-`, a temporary file whose bytes then go to stdout."""
    if not is_stdout(output):
        yield output
        return
    if sys.stdout.isatty():
        raise InputError("-o -: a PDF is not for a terminal; send it to a file or a "
                         "program, e.g. `... -o - > plan.pdf` or `... -o - | lpr`")
    with tempfile.TemporaryDirectory(prefix="careerkit-") as folder:
        target = Path(folder) / "plan.pdf"
        yield target
        send_bytes(target.read_bytes())
