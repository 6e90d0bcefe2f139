"""`careerkit report ANSWERS`: the personal PDF action plan."""

from __future__ import annotations

from pathlib import Path

import typer

from careerkit.cli.errors import handle_errors
from careerkit.cli.score_cmd import RUBRIC_HELP, load_scored_inputs


def warn(message: str) -> None:
    """A warning on stderr, in yellow (report warnings come here)."""
    typer.secho(f"warning: {message}", err=True, fg=typer.colors.YELLOW)


@handle_errors
def report(
    answers_file: Path = typer.Argument(..., help="An answers file (YAML).", show_default=False),
    rubric: str | None = typer.Option(None, "--rubric", "-r", help=RUBRIC_HELP),
    output: Path | None = typer.Option(
        None, "--output", "-o",
        help="Where to write the PDF (default: reports/NAME-DATE.pdf, the folder is made).",
        show_default=False, dir_okay=False,
    ),
) -> None:
    """Make your PDF action plan from an answers file, and print where it is."""
    from careerkit.report import default_report_path, write_pdf

    answers, loaded = load_scored_inputs(answers_file, rubric)
    path = output if output is not None else default_report_path(answers)
    written = write_pdf(answers, loaded, path, warn=warn)
    typer.echo(str(written))


def register(app: typer.Typer) -> None:
    app.command("report")(report)
