"""`careerkit rate ANSWERS`: an advisor rates each dimension, to compare with the plan."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import typer

from careerkit.cli.common import RUBRIC_HELP, load_inputs
from careerkit.cli.conventions import Command
from careerkit.cli.errors import handle_errors
from careerkit.cli.output import say
from careerkit.errors import InputError, Interrupted

RATINGS_DIR = Path("ratings")


@handle_errors
def rate(
    answers_file: Path = typer.Argument(..., metavar="ANSWERS", help="The student's answers "
                                        "file (YAML).", show_default=False),
    rubric: str | None = typer.Option(None, "--rubric", "-r", help=RUBRIC_HELP),
    name: str = typer.Option("", "--name", help="Your name, as the rater (optional)."),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Where to save the rating (default: "
        "ratings/STUDENT-DATE.yaml in the current folder).", show_default=False),
    plain: bool = typer.Option(
        False, "--plain", help="Numbered, line-by-line prompts for screen readers and "
        "simple terminals (automatic when TERM=dumb)."),
) -> None:
    """As the advisor, rate a student on each dimension, with an optional note."""

    answers, loaded = load_inputs(answers_file, rubric)
    if not answers.respondent.strip():
        raise InputError(f"{answers_file}: names no respondent, so a rating could not be "
                         "matched to it; add `respondent: NAME` to the file")
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise InputError("careerkit rate asks in the terminal and needs one; run it in "
                         "an interactive terminal")
    from careerkit.naming import slug
    from careerkit.prompts import make_ui, wants_plain
    from careerkit.quiz import stop_on_signals
    from careerkit.rating import RatingStopped, rating_to_yaml, run_rating
    from careerkit.store import atomic_write_text, next_free_path, refuse_link

    ui = make_ui(plain=wants_plain(plain, os.environ.get("TERM")))
    try:
        with stop_on_signals(ui.deliver):
            rating = run_rating(ui, loaded, answers, rater=name)
    except RatingStopped:
        raise Interrupted("Stopped; no rating was saved.") from None
    if output is None:
        stamp = rating.rated_at.date().isoformat() if rating.rated_at else "rating"
        path = next_free_path(RATINGS_DIR / f"{slug(answers.respondent) or 'student'}-"
                              f"{stamp}.yaml")
        refuse_link(path)
    else:
        path = output
    atomic_write_text(path, rating_to_yaml(rating), private=True)
    say(f"{len(rating.ratings)} of {len(loaded.dimensions)} dimensions rated; saved in "
        f"{path}")
    say(f"Show it beside the plan: careerkit report {answers_file} --rating {path}")


def register(app: typer.Typer) -> None:
    app.command("rate", cls=Command)(rate)
