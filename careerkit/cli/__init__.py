"""The command line: the only package that imports typer.

Commands parse arguments, call the library, and print. Library modules are imported
inside the commands so that `careerkit --help` stays as quick as a bare typer app.
"""

from __future__ import annotations

import gc

from careerkit.cli.app import app

__all__ = ["app", "main"]


def main() -> None:
    try:
        app(prog_name="careerkit")
    finally:
        # The process ends here. Python's shutdown would run the cyclic collector over
        # every object still alive (hundreds of thousands after a PDF: ~40 ms) just to
        # free memory the process is about to give back anyway; frozen objects are left
        # to the end of the process (bench/README.md). Files are closed and streams
        # flushed as before.
        gc.freeze()
