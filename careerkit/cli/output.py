"""The one way careerkit's commands print.

Much of what a command prints came from a file careerkit does not trust: rubric titles,
answers, YAML keys, file names found in a cohort folder, text quoted in error messages.
`say` shows any control character in it as a visible escape (careerkit.safetext), so no
file can set the window title, hide a link, clear the screen or recolour the terminal.
Colour that careerkit itself adds (`fg`) is applied after that, so it still works, and
is left out when NO_COLOR is set (https://no-color.org) or the stream is not a terminal.
"""

from __future__ import annotations

import os

import typer

from careerkit.safetext import visible

__all__ = ["say", "send_bytes", "status"]


def say(message: object = "", *, err: bool = False, nl: bool = True,
        fg: str | None = None) -> None:
    """Print a line to stdout (or stderr), neutralised, optionally in a colour."""
    text = visible(str(message))
    if fg is None or os.environ.get("NO_COLOR"):
        typer.echo(text, err=err, nl=nl)
    else:
        typer.secho(text, err=err, nl=nl, fg=fg)


def send_bytes(data: bytes) -> None:
    """A file's bytes to stdout, as they are (`-o -`: a PDF piped to another program)."""
    import sys

    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def status(message: str) -> None:
    """Replace the status line on stderr (a progress bar); "" clears it."""
    import sys

    if message:
        sys.stderr.write(f"\r{visible(message)}\x1b[K")
    else:
        sys.stderr.write("\r\x1b[K")
    sys.stderr.flush()
