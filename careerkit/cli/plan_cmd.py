"""`careerkit plan`: the latest plan's actions and what became of them.

    careerkit plan                       each action: window, due date, effort, status
    careerkit plan --json                the same as JSON
    careerkit plan --ics FILE            the actions as a calendar file (iCalendar)
    careerkit plan done ID [--note T]    record an action as done
    careerkit plan drop ID --reason T    record a decision not to do it
    careerkit plan block ID --reason T   record what stands in the way
    careerkit plan reset ID              back to open
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from careerkit.cli.conventions import Command, Group
from careerkit.cli.errors import handle_errors
from careerkit.cli.output import say, send_bytes
from careerkit.dates import local_day
from careerkit.errors import InputError
from careerkit.safetext import json_dumps

if TYPE_CHECKING:
    from careerkit.followthrough import AttemptPlan, Status, TrackedAction

app = typer.Typer(
    cls=Group,
    help="Your latest plan's actions: mark them done, dropped or blocked; export them to "
    "a calendar.",
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

ID_HELP = "The action's id (or its number, such as 2.1), as `careerkit plan` lists it."
MARKS = {"open": "[ ]", "done": "[x]", "partly": "[~]", "blocked": "[!]", "dropped": "[-]"}


def _current() -> AttemptPlan:
    from careerkit.followthrough import attempt_plan, latest_attempt

    return attempt_plan(latest_attempt())


@app.callback(invoke_without_command=True)
@handle_errors
def show(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Print the plan and statuses as "
                                 "JSON."),
    ics: Path | None = typer.Option(
        None, "--ics", metavar="FILE", help="Write the actions and the next retake as an "
        "iCalendar file to import into a calendar app."),
) -> None:
    """Show the latest plan: each action with its window, due date, effort and status."""
    if ctx.invoked_subcommand is not None:
        return
    current = _current()
    _warn_orphans(current)
    if ics is not None:
        _write_calendar(current, ics)
        if str(ics) != "-":
            say(f"Wrote {ics} ({len(current.tracked)} actions and a reminder to retake)",
                err=True)
        return
    if as_json:

        say(json_dumps(plan_json(current)))
        return
    for line in plan_lines(current):
        say(line)


def _warn_orphans(current: AttemptPlan) -> None:
    from careerkit.cli.common import warn

    if current.orphans:
        warn(f"{len(current.orphans)} recorded status(es) belong to actions no longer in "
             f"this plan: {', '.join(current.orphans)}; `careerkit plan reset ID` forgets "
             "one")


def plan_json(current: AttemptPlan) -> dict[str, object]:
    from careerkit.followthrough import follow_through

    answers = current.attempt.answers
    card = current.attempt.scorecard
    assert answers is not None and card is not None
    summary = follow_through(current.tracked)
    return {
        "attempt": str(current.attempt.path),
        "respondent": answers.respondent,
        "rubric": {"id": card.rubric_id, "version": card.rubric_version},
        "start": current.start.isoformat(),
        "follow_through": {"total": summary.total, "done": summary.done,
                           "partly": summary.partly, "blocked": summary.blocked,
                           "dropped": len(summary.dropped), "rate": summary.rate},
        "actions": [{
            "id": t.action.action_id,
            "number": t.action.number,
            "title": t.action.title,
            "dimension": t.action.dimension_id,
            "outcome": t.action.outcome,
            "window": t.action.horizon,
            "due": t.due.isoformat(),
            "effort_hours": t.action.effort_hours,
            "status": t.status,
            "note": t.note,
            "reason": t.reason,
            "updated": t.updated.isoformat() if t.updated else None,
        } for t in current.tracked],
    }


def plan_lines(current: AttemptPlan) -> list[str]:
    from datetime import datetime, timezone

    from careerkit.followthrough import follow_through
    from careerkit.plan import HORIZON_LABELS, hours_text

    card = current.attempt.scorecard
    assert card is not None
    today = local_day(datetime.now(timezone.utc))
    lines = [f"Your plan of {current.start.isoformat()} ({current.attempt.path.name}, "
             f"{card.rubric_id} {card.rubric_version})"]
    if not current.tracked:
        lines.append("It has no scheduled actions.")
        return lines
    lines.append(follow_through(current.tracked).sentence())
    window = None
    for tracked in current.tracked:
        action = tracked.action
        if action.horizon != window:
            window = action.horizon
            lines += ["", HORIZON_LABELS.get(window, f"{window} days")]
        late = " (overdue)" if tracked.open and tracked.due < today else ""
        lines.append(f"  {MARKS[tracked.status]} {action.number:<5} {action.title}")
        lines.append(f"        id {action.action_id} · due {tracked.due.isoformat()}{late} · "
                     f"about {hours_text(action.effort_hours)} h · {tracked.status}")
        if tracked.note:
            lines.append(f"        note: {tracked.note}")
        if tracked.reason:
            lines.append(f"        reason: {tracked.reason}")
    lines += ["", "Mark one: careerkit plan done ID [--note TEXT], plan drop ID --reason "
              "TEXT, plan block ID --reason TEXT, plan reset ID"]
    return lines


def _record(action_id: str, status: Status, *, note: str | None = None,
            reason: str | None = None) -> None:
    from careerkit.followthrough import checked_words, save_status, with_status

    try:
        note = checked_words(note) if note is not None else None
        reason = checked_words(reason) if reason is not None else None
    except ValueError as exc:
        flag = "--note" if note is not None and reason is None else "--reason"
        raise InputError(f"{flag}: {exc}") from None
    if reason is not None and not reason:
        raise InputError("--reason: give a reason in a few words (it is what you will read "
                         "next time)")
    current = _current()
    if status == "open" and action_id in current.status.actions and not any(
            action_id in (t.action.action_id, t.action.number) for t in current.tracked):
        key = action_id  # an orphan: forgetting it is allowed
    else:
        key = current.find(action_id).action.action_id
    save_status(current.attempt.path,
                with_status(current.status, key, status, note=note, reason=reason))
    tracked = _tracked(current, key)
    title = tracked.action.title if tracked else key
    say(f"{title}: {status}" + (f" ({reason})" if reason else ""))


def _tracked(current: AttemptPlan, key: str) -> TrackedAction | None:
    return next((t for t in current.tracked if t.action.action_id == key), None)


@app.command("done", cls=Command)
@handle_errors
def done(
    action_id: str = typer.Argument(..., metavar="ID", help=ID_HELP, show_default=False),
    note: str | None = typer.Option(None, "--note", help="What you did, in a few words."),
) -> None:
    """Record an action as done."""
    _record(action_id, "done", note=note)


@app.command("drop", cls=Command)
@handle_errors
def drop(
    action_id: str = typer.Argument(..., metavar="ID", help=ID_HELP, show_default=False),
    reason: str = typer.Option(..., "--reason", help="Why you decided against it."),
) -> None:
    """Record a decision not to do an action, and why."""
    _record(action_id, "dropped", reason=reason)


@app.command("block", cls=Command)
@handle_errors
def block(
    action_id: str = typer.Argument(..., metavar="ID", help=ID_HELP, show_default=False),
    reason: str = typer.Option(..., "--reason", help="What stands in the way."),
) -> None:
    """Record that an action is blocked, and by what."""
    _record(action_id, "blocked", reason=reason)


@app.command("reset", cls=Command)
@handle_errors
def reset(
    action_id: str = typer.Argument(..., metavar="ID", help=ID_HELP, show_default=False),
) -> None:
    """Forget what was recorded for an action: it is open again."""
    _record(action_id, "open")


def export_ics(answers_file: Path, rubric: str | None, output: Path | None) -> None:
    """`careerkit export ANSWERS --format ics [-o FILE]`: that attempt's plan as a
    calendar (stdout without -o, or with -o -), with the statuses recorded beside it
    when it is in the history folder."""
    from careerkit.cli.common import load_inputs
    from careerkit.followthrough import attempt_plan
    from careerkit.history import load_attempt

    _, loaded = load_inputs(answers_file, rubric)  # every check `export` makes
    current = attempt_plan(load_attempt(answers_file, rubric=loaded))
    _write_calendar(current, output or Path("-"))
    if output is not None and str(output) != "-":
        say(f"Wrote {output}", err=True)


def _write_calendar(current: AttemptPlan, output: Path) -> None:
    """The calendar to a file, or its bytes as they are to stdout for `-` (CRLF line
    ends are part of the format)."""
    from careerkit.calendar_export import calendar_bytes, write_ics
    from careerkit.cli.streams import is_stdout

    if is_stdout(output):
        send_bytes(calendar_bytes(current))
    else:
        write_ics(current, output)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="plan")
