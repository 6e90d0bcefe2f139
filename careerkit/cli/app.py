"""The `careerkit` command and its sub-commands."""

from __future__ import annotations

import typer

from careerkit._version import __version__
from careerkit.cli import (
    plan_cmd,
    progress_cmd,
    rate_cmd,
    report_cmd,
    rubric_cmd,
    score_cmd,
    take_cmd,
)
from careerkit.cli.conventions import Group
from careerkit.cli.errors import Settings
from careerkit.cli.output import say

app = typer.Typer(
    name="careerkit",
    help="Take stock of your research career against the advice in the careerkit rubric, "
    "and get a personal PDF action plan.",
    no_args_is_help=True,
    cls=Group,
    add_completion=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        say(f"careerkit {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks for errors."),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version."
    ),
) -> None:
    """careerkit: a career self-assessment for ML PhD students."""
    Settings.debug = debug


take_cmd.register(app)
score_cmd.register(app)
report_cmd.register(app)
progress_cmd.register(app)
plan_cmd.register(app)
rate_cmd.register(app)
app.add_typer(rubric_cmd.app, name="rubric")
