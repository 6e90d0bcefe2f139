"""`careerkit score ANSWERS`: score an answers file."""

from __future__ import annotations

from pathlib import Path

import typer

from careerkit.cli.common import RUBRIC_HELP, load_inputs
from careerkit.cli.completion import rubric_names
from careerkit.cli.conventions import Command
from careerkit.cli.errors import handle_errors
from careerkit.cli.output import say
from careerkit.safetext import json_dumps


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

    answers, loaded = load_inputs(answers_file, rubric)
    scorecard = score_answers(answers, loaded)
    if as_json:
        say(json_dumps(scorecard.model_dump(mode="json")))
    else:
        say(scorecard_table(scorecard))


def register(app: typer.Typer) -> None:
    app.command("score", cls=Command)(score)
