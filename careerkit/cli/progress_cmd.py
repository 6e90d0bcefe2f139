"""`careerkit history`, `careerkit compare`, `careerkit cohort` and `careerkit export`."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from careerkit.cli.common import RUBRIC_HELP, emit, load_inputs, warn
from careerkit.cli.completion import rubric_names
from careerkit.cli.conventions import Command
from careerkit.cli.errors import handle_errors
from careerkit.cli.output import say
from careerkit.cli.streams import is_stdout, pdf_target
from careerkit.dates import local, local_day
from careerkit.errors import CareerkitError, InputError
from careerkit.safetext import json_dumps

if TYPE_CHECKING:
    from careerkit.cohort import CohortRead
    from careerkit.history import Attempt
    from careerkit.rubric import Rubric


JSON_HELP = "Print JSON instead of a table (full precision, for scripts)."


@handle_errors
def history(
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """List your finished attempts: date, rubric, overall and per-dimension scores."""
    from careerkit.history import history_folder, list_attempts

    attempts = list_attempts()
    if as_json:
        say(json_dumps([_attempt_json(a) for a in attempts]))
        return
    if not attempts:
        from careerkit.cli.invocation import careerkit_command

        say(f"No finished attempts yet in {history_folder()}. Take the quiz with "
            f"`{careerkit_command()} take`.")
        return
    from careerkit.summary import history_listing

    for attempt in attempts:
        if attempt.scorecard is None:
            warn(f"{local(attempt.when):%Y-%m-%d %H:%M}  {attempt.path.name}: cannot be read: "
                 f"{attempt.problem}")
    listing = history_listing(attempts)
    if listing:
        say(listing)


def _attempt_json(attempt: Attempt) -> dict[str, object]:
    data: dict[str, object] = {"path": str(attempt.path),
                               "when": local(attempt.when).isoformat()}
    card = attempt.scorecard
    if card is None:
        data["error"] = str(attempt.problem or "cannot be read")
        return data
    data.update({
        "rubric": {"id": card.rubric_id, "version": card.rubric_version},
        "respondent": card.respondent, "overall": card.overall, "band": card.band,
        "dimensions": {d.id: {"title": d.title, "score": d.score, "band": d.band}
                       for d in card.dimensions.values()},
    })
    return data


@handle_errors
def compare(
    files: list[Path] = typer.Argument(
        None, metavar="OLD NEW", help="OLD NEW answers files; default: your last two attempts.",
        show_default=False),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """The change per dimension between two attempts."""
    from careerkit.followthrough import completion_text
    from careerkit.history import attempts_to_compare, same_respondent
    from careerkit.history import compare as compare_cards
    from careerkit.summary import comparison_table

    before, after = attempts_to_compare(files)
    assert before.scorecard is not None and after.scorecard is not None  # checked there
    if before.answers and after.answers and not same_respondent(before.answers, after.answers):
        warn("these two answers files name different respondents: the change is not one "
             "person's progress")
    comparison = compare_cards(
        before.scorecard, after.scorecard,
        f"{local_day(before.when).isoformat()} ({before.path.name})",
        f"{local_day(after.when).isoformat()} ({after.path.name})")
    if as_json:
        data = comparison.model_dump(mode="json")
        data.update(before_path=str(before.path), after_path=str(after.path))
        say(json_dumps(data))
        return
    say(comparison_table(comparison))
    say(f"Actions of the plan before: {completion_text(before)}")
    say(f"Actions of the plan now:    {completion_text(after)}")


@handle_errors
def cohort(
    paths: list[Path] = typer.Argument(..., metavar="PATH...",
                                       help="Folders or answers files of students.",
                                       show_default=False),
    rubric: str | None = typer.Option(
        None, "--rubric", "-r", help=RUBRIC_HELP + " Default: the rubric of the first file.",
        autocompletion=rubric_names),
    output: Path | None = typer.Option(None, "--output", "-o",
                                       help="Write a cohort PDF (- for stdout)."),
    csv_path: Path | None = typer.Option(
        None, "--csv", help="Write per-student scores under pseudonymous ids (- for stdout)."),
    min_group: int = typer.Option(
        5, "--min-group", min=3, help="Suppress any figure over fewer students than this "
        "(3 or more)."),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON instead "
                                 "of a table (suppressed figures are null)."),
) -> None:
    """An anonymous cohort report from students' answers files."""
    from careerkit.cohort import build_summary, students_csv
    from careerkit.cohort_followthrough import cohort_follow_through, follow_through_lines
    from careerkit.store import atomic_write_text
    from careerkit.summary import cohort_table

    loaded, read, files = _read_cohort(paths, rubric)
    summary = build_summary(read.students, loaded, min_group)
    if is_stdout(csv_path) and is_stdout(output):
        raise InputError("--csv - and -o -: only one of them can go to stdout")
    # When a file goes to stdout, the summary goes to stderr, out of its way.
    to_stderr = is_stdout(csv_path) or is_stdout(output)
    if as_json:
        say(json_dumps(summary.model_dump(mode="json")), err=to_stderr)
    else:
        say(cohort_table(summary), err=to_stderr)
        if not summary.suppressed:
            for line in follow_through_lines(
                    cohort_follow_through(files, loaded, min_group,
                                          students=summary.students), min_group):
                say(line, err=to_stderr)
    if csv_path is not None:
        rows = students_csv(read.students, loaded, min_group=min_group)
        if is_stdout(csv_path):
            say("".join(rows), nl=False)
        else:
            atomic_write_text(csv_path, "".join(rows), private=True)  # per-student rows
            say(f"Wrote {csv_path}", err=as_json or to_stderr)  # stdout stays JSON
    if output is not None:
        from careerkit.report import write_cohort_pdf

        with pdf_target(output) as target:
            write_cohort_pdf(summary, loaded, target, warn=warn)
        if not is_stdout(output):
            say(f"Wrote {output}", err=as_json or to_stderr)


def _read_cohort(paths: list[Path], rubric: str | None
                 ) -> tuple[Rubric, CohortRead, list[Path]]:
    """The students' answers files read, with a progress bar on a terminal; what was
    skipped, and why, said on stderr."""
    from careerkit.cli.progress_bar import ProgressBar
    from careerkit.cohort import Skipped, find_answer_files, read_cohort
    from careerkit.rubric import load_rubric

    unreadable: list[Skipped] = []
    files, ignored = find_answer_files(paths, unreadable)
    for folder in unreadable:
        warn(f"skipped {folder.reason}")
    if not files:
        raise InputError("no .yaml answers files found in " + ", ".join(map(str, paths)))
    loaded = load_rubric(rubric) if rubric else _rubric_of_first(files)
    bar = ProgressBar(len(files), "answers files read")
    try:
        read = read_cohort(files, loaded, on_read=bar)
    finally:
        bar.close()
    for skipped in read.skipped:
        warn(f"skipped {skipped.reason}")
    notes = [f"{len(files)} answers files read", f"{len(read.skipped)} skipped"]
    if unreadable:
        notes.append(f"{len(unreadable)} folders could not be read")
    if ignored:
        notes.append(f"{ignored} files ignored (not .yaml)")
    if read.duplicates:
        notes.append(f"{read.duplicates} earlier attempts of the same student left out")
    say("; ".join(notes) + ".", err=True)
    if not read.students:
        raise InputError("no usable answers files: nothing to report (see the skipped "
                         "files above)")
    return loaded, read, files


def _rubric_of_first(files: list[Path]) -> Rubric:
    """The rubric named by the first answers file that can be read."""
    from careerkit.answers import answers_from_document
    from careerkit.rubric import load_rubric
    from careerkit.yamlio import load_yaml_file

    for path in files:
        try:
            pinned = answers_from_document(load_yaml_file(path)).rubric
            if not re.fullmatch(r"[a-z][a-z0-9_-]{0,63}", pinned.id):
                continue  # a name, never a path a student's file points at
            return load_rubric(pinned.id)
        except CareerkitError:
            continue
    raise InputError("none of the files names a known rubric; pass --rubric")


@handle_errors
def export(
    answers_file: Path = typer.Argument(..., metavar="ANSWERS", help="An answers file (YAML).",
                                        show_default=False),
    fmt: str = typer.Option("md", "--format", "-f", help="json, csv, md (Markdown), "
                            "html (a web page for screen readers) or ics (calendar; needs "
                            "-o).",
                            autocompletion=lambda: ["json", "csv", "md", "html", "ics"]),
    rubric: str | None = typer.Option(None, "--rubric", "-r", help=RUBRIC_HELP,
                                          autocompletion=rubric_names),
    output: Path | None = typer.Option(None, "--output", "-o",
                                       help="Write to this file instead of stdout (- is "
                                       "stdout)."),
) -> None:
    """The scorecard and plan as JSON, CSV, Markdown (a plain-text plan), HTML (an
    accessible web page) or iCalendar (the actions, for a calendar app)."""
    from careerkit.export import FORMATS, export_text
    from careerkit.plan import build_plan
    from careerkit.scoring import score

    if fmt == "ics":
        from careerkit.cli.plan_cmd import export_ics

        export_ics(answers_file, rubric, output)
        return
    if fmt not in FORMATS:
        raise InputError(f"--format {fmt}: use one of {', '.join(FORMATS)} or ics")
    answers, loaded = load_inputs(answers_file, rubric)
    card = score(answers, loaded)
    plan = build_plan(card, loaded, answers)
    emit(export_text(fmt, answers, loaded, card, plan), output,
         private=True)  # the plan, with reflections


def register(app: typer.Typer) -> None:
    app.command("history", cls=Command)(history)
    app.command("compare", cls=Command)(compare)
    app.command("cohort", cls=Command)(cohort)
    app.command("export", cls=Command)(export)
