"""`careerkit score ANSWERS`: score an answers file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from careerkit.cli.completion import rubric_names
from careerkit.cli.conventions import Command
from careerkit.cli.errors import handle_errors
from careerkit.cli.output import say
from careerkit.safetext import json_dumps

if TYPE_CHECKING:
    from careerkit.answers import Answers
    from careerkit.rubric import Rubric

RUBRIC_HELP = "A rubric file, or the name of a known rubric (see `careerkit rubric list`)."


def load_scored_inputs(answers_path: Path, rubric_name: str | None) -> tuple[Answers, Rubric]:
    """Load an answers file and the rubric it is for, checked against each other.

    Without --rubric, the answers file's own rubric id is used when it names a bundled
    rubric, so `careerkit score FILE` just works for files made by careerkit.
    """
    from careerkit.answers import answers_from_document, checked_answers, pin_warning
    from careerkit.rubric import bundled_rubrics, load_rubric
    from careerkit.yamlio import load_yaml_file

    doc = load_yaml_file(answers_path, what="answers file")
    pinned = answers_from_document(doc).rubric
    if rubric_name is None and pinned.id in bundled_rubrics():
        rubric_name = pinned.id
    rubric = load_rubric(rubric_name)
    answers = checked_answers(doc, rubric)
    warning = pin_warning(answers, rubric)
    if warning:
        say(f"warning: {answers_path}: {warning}", err=True, fg=typer.colors.YELLOW)
    return answers, rubric


@handle_errors
def score(
    answers_file: Path = typer.Argument(..., metavar="ANSWERS", help="An answers file (YAML).",
                                        show_default=False),
    rubric: str | None = typer.Option(None, "--rubric", "-r", help=RUBRIC_HELP,
                                          autocompletion=rubric_names),
    as_json: bool = typer.Option(False, "--json", help="Print the scorecard as JSON."),
) -> None:
    """Score an answers file: a table per dimension, or the full scorecard as JSON."""
    from careerkit.scoring import score as score_answers
    from careerkit.summary import scorecard_table

    answers, loaded = load_scored_inputs(answers_file, rubric)
    scorecard = score_answers(answers, loaded)
    if as_json:
        say(json_dumps(scorecard.model_dump(mode="json")))
    else:
        say(scorecard_table(scorecard))


def register(app: typer.Typer) -> None:
    app.command("score", cls=Command)(score)
