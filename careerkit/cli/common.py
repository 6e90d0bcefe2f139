"""What every command shares: the --rubric help, writing a result, and the one warning.

Commands parse their arguments, call one library function, and format what it returns;
what several commands do alike lives here.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from careerkit.cli.output import say
from careerkit.cli.streams import is_stdout

if TYPE_CHECKING:
    from careerkit.answers import Answers
    from careerkit.rubric import Rubric

__all__ = ["RUBRIC_HELP", "emit", "load_inputs", "warn"]

RUBRIC_HELP = "A rubric file, or the name of a known rubric (see `careerkit rubric list`)."


def warn(message: str) -> None:
    """A warning (from the library or a command), in yellow on stderr."""
    say(f"warning: {message}", err=True, fg=typer.colors.YELLOW)


def emit(text: str, output: Path | None, *, private: bool = False) -> None:
    """A command's result: on stdout (no `output`, or `-`), or written atomically to
    `output` (and said so on stderr, so stdout stays clean for a pipe)."""
    if output is None or is_stdout(output):
        say(text, nl=False)
        return
    from careerkit.store import atomic_write_text  # start-up: only when writing a file

    atomic_write_text(output, text, private=private)
    say(f"Wrote {output}", err=True)


def load_inputs(answers_path: Path, rubric_name: str | None) -> tuple[Answers, Rubric]:
    """An answers file and its rubric (careerkit.answers.load_for_scoring), warning when
    the rubric changed since the answers were made."""
    from careerkit.answers import load_for_scoring  # start-up: pydantic, ruamel

    answers, rubric, warning = load_for_scoring(answers_path, rubric_name)
    if warning:
        warn(f"{answers_path}: {warning}")
    return answers, rubric
