"""`careerkit report ANSWERS`: the personal PDF action plan."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from careerkit.cli.common import RUBRIC_HELP, load_inputs, warn
from careerkit.cli.completion import rubric_names
from careerkit.cli.conventions import Command
from careerkit.cli.errors import handle_errors
from careerkit.cli.output import say
from careerkit.cli.streams import is_stdout, pdf_target
from careerkit.dates import local_day
from careerkit.errors import CareerkitError, InputError

if TYPE_CHECKING:
    from careerkit.answers import Answers
    from careerkit.history import Attempt


@handle_errors
def report(
    answers_file: Path = typer.Argument(..., metavar="ANSWERS", help="An answers file (YAML).",
                                        show_default=False),
    rubric: str | None = typer.Option(None, "--rubric", "-r", help=RUBRIC_HELP,
                                          autocompletion=rubric_names),
    output: Path | None = typer.Option(
        None, "--output", "-o",
        help="Where to write the PDF (default: reports/NAME-DATE.pdf, the folder is made; "
             "- for stdout).",
        show_default=False, dir_okay=False,
    ),
    compare: bool = typer.Option(
        True, "--compare/--no-compare",
        help="Add a 'Since last time' section comparing with your previous attempt in "
             "your history, when there is one.",
    ),
    previous: Path | None = typer.Option(
        None, "--previous",
        help="Compare with this earlier answers file instead of the latest in your history.",
        show_default=False, dir_okay=False,
    ),
    rating: Path | None = typer.Option(
        None, "--rating", metavar="FILE", help="An advisor's rating of these answers "
        "(careerkit rate): shown beside your scores on the advisor page, the largest gaps "
        "as questions.",
        show_default=False, dir_okay=False),
    advisor_page_only: bool = typer.Option(
        False, "--advisor-page-only", help="Make only the page for your next meeting with "
        "your advisor: top priorities, questions to talk over, agreed / not now, notes."),
) -> None:
    """Make your PDF action plan from an answers file, and print where it is."""
    from careerkit.report.engine import gc_paused

    # The collector is paused for the whole command, not only while pages are laid out:
    # the libraries imported, the rubric's models and the plan all live until the process
    # ends, and collecting walks them again and again (bench/README.md).
    with gc_paused(age_survivors=True):
        _report(answers_file, rubric, output, compare=compare, previous=previous,
                rating=rating, advisor_page_only=advisor_page_only)


def _report(answers_file: Path, rubric: str | None, output: Path | None, *, compare: bool,
            previous: Path | None, rating: Path | None, advisor_page_only: bool) -> None:
    from careerkit.report import default_report_path, write_pdf
    from careerkit.store import refuse_link

    if previous is not None and not compare:
        raise InputError("--previous and --no-compare contradict each other: give one")
    answers, loaded = load_inputs(answers_file, rubric)
    advisor_view = None
    if rating is not None:
        from careerkit.rating import load_rating

        advisor_view = load_rating(rating, loaded, answers)
    earlier = _earlier_attempt(answers, answers_file, previous) if compare and \
        not advisor_page_only else None
    path = output if output is not None else default_report_path(answers)
    if advisor_page_only and output is None:
        path = path.with_name(f"{path.stem}-advisor{path.suffix}")
    if output is None:
        refuse_link(path)
    with pdf_target(path) as target:
        written = write_pdf(answers, loaded, target, warn=warn, previous=earlier,
                            advisor_only=advisor_page_only, rating=advisor_view)
    if not is_stdout(path):
        say(str(written))


def _earlier_attempt(answers: Answers, answers_file: Path,
                     previous: Path | None) -> Attempt | None:
    """The attempt to compare with: the file named by --previous (which must be usable),
    else the latest earlier attempt in the history, if any."""
    from careerkit.history import load_attempt, previous_attempt, same_respondent

    if previous is not None:
        attempt = load_attempt(previous)
        if attempt.scorecard is None:
            raise attempt.unscored()
        if attempt.answers is not None and not same_respondent(attempt.answers, answers):
            warn(f"{previous} names another respondent: 'Since last time' compares with "
                 "someone else's attempt")
        return attempt
    try:
        attempt_found = previous_attempt(answers, exclude=answers_file)
    except (OSError, CareerkitError) as exc:  # an unreadable history must not cost the plan
        warn(f"could not read your history, so the plan has no 'Since last time': {exc}")
        return None
    if attempt_found is not None:
        say(f"Compared with your attempt of {local_day(attempt_found.when).isoformat()} "
            f"({attempt_found.path}); --no-compare leaves this out.", err=True)
    return attempt_found


def register(app: typer.Typer) -> None:
    app.command("report", cls=Command)(report)
