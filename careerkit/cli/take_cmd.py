"""`careerkit take`: the interactive quiz."""

from __future__ import annotations

import contextlib
import os
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from careerkit.cli.common import RUBRIC_HELP, warn
from careerkit.cli.completion import rubric_names
from careerkit.cli.conventions import Command
from careerkit.cli.errors import Settings, handle_errors
from careerkit.cli.output import say
from careerkit.dates import local_day
from careerkit.errors import CareerkitError, InputError, RuntimeFailure

if TYPE_CHECKING:
    from careerkit.answers import Answers
    from careerkit.history import Attempt
    from careerkit.quiz import Frontend
    from careerkit.rubric import Rubric



def no_terminal(careerkit: str) -> str:
    return (f"careerkit take needs an interactive terminal; without one, write your answers "
            f"in a file instead: `{careerkit} rubric template > answers.yaml`, fill it in, "
            f"then `{careerkit} score answers.yaml`")


@handle_errors
def take(
    rubric: str | None = typer.Option(None, "--rubric", "-r", help=RUBRIC_HELP,
                                          autocompletion=rubric_names),
    name: str | None = typer.Option(
        None, "--name", help="Your name for the PDF plan (asked at the start otherwise)."
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Where to write the PDF plan "
        "(default: reports/NAME-DATE.pdf in the current folder).",
    ),
    resume: bool = typer.Option(False, "--resume", help="Continue your unfinished attempt."),
    restart: bool = typer.Option(
        False, "--restart", help="Start over (an unfinished attempt is kept as a backup)."
    ),
    plain: bool = typer.Option(
        False, "--plain", help="Numbered, line-by-line prompts for screen readers and "
        "simple terminals (automatic when TERM=dumb).",
    ),
) -> None:
    """Take the quiz in the terminal, then see your scores and get a PDF plan.

    Answers stay on this computer, saved after every answer: stop any time with Ctrl-C.
    """
    from careerkit.cli.invocation import careerkit_command
    careerkit = careerkit_command()
    if resume and restart:
        raise InputError("--resume and --restart cannot be used together; choose one")
    if output is not None:
        _check_output(output)
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise InputError(no_terminal(careerkit))

    from careerkit.checkin import CheckinStopped
    from careerkit.prompts import clean_name, make_ui, wants_plain
    from careerkit.quiz import NotFiled, QuizPaused, Stop, stop_on_signals, take_quiz
    from careerkit.rubric import DEFAULT_RUBRIC, load_rubric
    from careerkit.scoring import score
    from careerkit.store import AttemptStore
    from careerkit.summary import scorecard_table

    loaded = load_rubric(rubric)
    command = f"{careerkit} take --resume"
    if rubric is not None and rubric != DEFAULT_RUBRIC:
        command += f" --rubric {shlex.quote(rubric)}"
    ui = make_ui(plain=wants_plain(plain, os.environ.get("TERM")))
    store = AttemptStore(loaded.id)
    try:
        with store.session(), stop_on_signals(ui.deliver):
            if not resume and store.read_unfinished() is None:
                _check_in(loaded.id, ui, clean_name(name) if name else None)
            result = take_quiz(
                loaded, store, ui,
                name=clean_name(name) if name else None,
                resume=resume, restart=restart, resume_command=command,
            )
    except NotFiled as failed:
        # The last resort: the answers on screen, so that they can be copied to a file.
        say(failed.text)
        raise RuntimeFailure(f"{failed}\nYour answers could not be kept, so they are "
                             "printed above: copy them into a file and run "
                             f"`{careerkit} score FILE`.") from None
    except (QuizPaused, CheckinStopped) as paused:
        # Not an error: a calm line, and the exit code scripts expect after Ctrl-C.
        _say_last(f"\n{paused}")
        raise typer.Exit(paused.exit_code) from None
    if result.answers is None:
        ui.para(result.message)
        return
    _keep_rubric_version(loaded)
    table = scorecard_table(score(result.answers, loaded), width=min(ui.width, 100),
                            plain=ui.plain)
    try:
        ui.results(f"Your results: {loaded.title}", table)
        say(f"Your answers are saved in: {result.saved_to}")
    except (Stop, OSError):
        # The terminal closed after the answers were filed: nothing is lost, and the
        # plan can be made from them later.
        _say_last(f"Your answers are saved in: {result.saved_to}")
        raise typer.Exit(130) from None
    _write_plan(result.answers, loaded, output, result.saved_to, rubric, plain=ui.plain)


def _check_in(rubric_id: str, ui: Frontend, name: str | None) -> None:
    """A retake begins by asking what became of the last plan's due actions."""
    from datetime import datetime, timezone

    from careerkit.checkin import check_in_before_take

    check_in_before_take(rubric_id, ui, local_day(datetime.now(timezone.utc)), name=name)


def _say_last(message: str) -> None:
    """A last line on stderr, where the terminal may already be gone (closed window,
    dropped connection): then the line goes nowhere, and Python's own flush at exit
    must not fail either (that would print a traceback and exit 120)."""
    try:
        say(message, err=True)
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):
                os.dup2(devnull, stream.fileno())
        os.close(devnull)


def _check_output(output: Path) -> None:
    """Refuse an -o that can never be written before the quiz, not after it."""
    if str(output) == "-":
        raise InputError("-o -: the quiz needs the terminal, so the plan cannot go to "
                         "stdout; give a file name, or make it later with `careerkit "
                         "report ANSWERS -o -`")
    if output.is_dir():
        raise InputError(f"-o {output}: is a folder; give a file name such as "
                         f"{output / 'plan.pdf'}")
    parent = output.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if parent.exists() and not parent.is_dir():
        raise InputError(f"-o {output}: {parent} is a file, not a folder")


def _keep_rubric_version(rubric: Rubric) -> None:
    """A copy of this rubric version beside the history, so that `careerkit history` and
    `careerkit compare` can re-score this attempt after the rubric changes."""
    from careerkit.history import snapshot_rubric

    try:
        snapshot_rubric(rubric)
    except CareerkitError as exc:
        warn(f"could not keep a copy of the rubric: {exc}")


def _write_plan(answers: Answers, rubric: Rubric, output: Path | None,
                saved_to: Path | None, rubric_arg: str | None = None, *,
                plain: bool = False) -> None:
    """The PDF, last: the answers are already filed, so a failure here loses nothing,
    and the message says where they are and how to make the plan from them later."""
    from careerkit.report import default_report_path, write_pdf
    from careerkit.store import next_free_path, refuse_link

    # A new attempt gets a new PDF: an earlier plan of the same day is never replaced.
    path = output if output is not None else next_free_path(default_report_path(answers))
    try:
        if output is None:
            refuse_link(path)
        written = write_pdf(answers, rubric, path, warn=warn,
                            previous=_earlier_attempt(answers, saved_to))
    except CareerkitError as exc:
        raise RuntimeFailure(f"{exc}\n{make_later(saved_to, rubric_arg, path)}") from None
    except Exception as exc:
        if Settings.debug:
            raise
        raise RuntimeFailure(
            f"internal error while making the PDF ({type(exc).__name__}: {exc}); this is a "
            "bug in careerkit, please report it.\n"
            f"{make_later(saved_to, rubric_arg, path)}") from None
    say(f"Your PDF plan: {written}")
    if plain and saved_to is not None:
        say(html_offer(saved_to, rubric_arg, written.with_suffix(".html")))


def html_offer(saved_to: Path, rubric_arg: str | None, html: Path) -> str:
    """The plain (screen-reader) quiz ends by offering the plan as a web page: a PDF
    cannot be tagged, an HTML file reads well with a screen reader."""
    from careerkit.cli.invocation import careerkit_command
    from careerkit.rubric import bundled_rubrics

    rubric = ("" if rubric_arg is None or rubric_arg in bundled_rubrics()
              else f" --rubric {shlex.quote(rubric_arg)}")
    return ("The same plan as a web page, which reads better with a screen reader: "
            f"{careerkit_command()} export {shlex.quote(str(saved_to))}{rubric} "
            f"--format html -o {shlex.quote(str(html))}")


def make_later(saved_to: Path | None, rubric_arg: str | None, pdf: Path) -> str:
    """Where the answers are, and the exact commands that make the plan from them."""
    from careerkit.cli.invocation import careerkit_command
    from careerkit.rubric import bundled_rubrics

    careerkit = careerkit_command()
    if saved_to is None:
        return "Your answers are printed above; save them in a file to make the plan later."
    answers = shlex.quote(str(saved_to))
    # `report` finds a bundled rubric from the answers file; any other must be named.
    rubric = ("" if rubric_arg is None or rubric_arg in bundled_rubrics()
              else f" --rubric {shlex.quote(rubric_arg)}")
    return (f"Nothing is lost: your answers are saved in {saved_to}. Make the PDF later "
            f"with: {careerkit} report {answers}{rubric} -o {shlex.quote(str(pdf))}\n"
            f"Or get the plan as Markdown now: {careerkit} export {answers}{rubric} "
            "--format md")


def _earlier_attempt(answers: Answers, saved_to: Path | None) -> Attempt | None:
    """The last attempt before this one, for the PDF's "Since last time"; a history that
    cannot be read only costs that section."""
    from careerkit.history import previous_attempt

    try:
        return previous_attempt(answers, exclude=saved_to)
    except (CareerkitError, OSError):
        return None


def register(app: typer.Typer) -> None:
    app.command("take", cls=Command)(take)
