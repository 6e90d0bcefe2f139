"""How to run careerkit again, spelled so that the user can paste it.

The README's install leaves careerkit in a virtual environment that may not be active,
and pipx or a system install put it on PATH. A hint such as "Resume with: careerkit take
--resume" only works in the second case, so hints name the command the way it was found:
`careerkit` when that name on PATH is this very program, else the full path of the
program that is running (or `python -m careerkit`).
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from pathlib import Path

__all__ = ["careerkit_command"]


def careerkit_command(argv0: str | None = None, path: str | None = None) -> str:
    """The words that start this careerkit from the user's shell."""
    script = Path(sys.argv[0] if argv0 is None else argv0)
    if script.name == "__main__.py" and script.parent.name == "careerkit":
        return f"{shlex.quote(sys.executable)} -m careerkit"
    if script.stem != "careerkit" or not script.exists():
        return "careerkit"  # run from another program (a test runner): the plain name
    found = shutil.which("careerkit", path=path if path is not None else os.environ.get("PATH"))
    if found is not None and _same_file(Path(found), script):
        return "careerkit"
    return shlex.quote(os.path.abspath(script))


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False
