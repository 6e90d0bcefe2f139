"""The command line: the only package that imports typer.

Commands parse arguments, call the library, and print. Library modules are imported
inside the commands so that `careerkit --help` stays as quick as a bare typer app.
"""

from __future__ import annotations

from careerkit.cli.app import app

__all__ = ["app", "main"]


def main() -> None:
    app(prog_name="careerkit")
