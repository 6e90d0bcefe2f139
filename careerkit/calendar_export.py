"""A plan's actions as an iCalendar file (RFC 5545), to import into a calendar app.

One all-day event per action on its due date (an event, not a to-do: Google Calendar and
Outlook import only events), with what to do, the outcome that counts as done, the
status and its reason or note in the description; plus one event, with an alarm, for
the next retake.

Importing again after a status change or a retake updates the entries instead of
duplicating them: an action's UID depends only on the person, the rubric and the action
id (never on the attempt), and SEQUENCE grows with every change, which is what calendar
apps compare. The `icalendar` library writes the file: it escapes text (`,` `;` `\\` and
line breaks) and folds lines at 75 octets without splitting a UTF-8 character, which
hand-written iCalendar so often gets wrong. Texts from files pass `safetext.visible`
first: validation keeps control characters out of them, and should one get through, the
file (which `-o -` sends to the terminal as it is) shows it as an escape.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from careerkit.answers import respondent_key
from careerkit.dates import days_after
from careerkit.safetext import visible
from careerkit.store import atomic_write_bytes

if TYPE_CHECKING:
    from careerkit.followthrough import AttemptPlan, TrackedAction

__all__ = ["RETAKE_DAYS", "calendar_bytes", "write_ics"]

RETAKE_DAYS = 182  # "take the assessment again in six months"
PRODID = "-//careerkit//careerkit action plan//EN"
UID_DOMAIN = "careerkit.invalid"  # RFC 5545 suggests a domain; a plan belongs to none
STATUS_WORDS = {"open": "Open", "done": "Done", "partly": "Partly done",
                "blocked": "Blocked", "dropped": "Dropped"}


def _person_key(current: AttemptPlan) -> str:
    """A short stable hash of the person and rubric: UIDs never show the name."""

    answers = current.attempt.answers
    card = current.attempt.scorecard
    assert answers is not None and card is not None
    seed = f"{respondent_key(answers.respondent)}\x00{card.rubric_id}"
    return hashlib.sha256(seed.encode("utf-8")).hexdigest()[:16]


def _sequence(current: AttemptPlan, tracked: TrackedAction | None = None) -> int:
    """Minutes since 1970 of the latest change (the attempt, or the status): larger
    after every change, and within SEQUENCE's 32-bit range until the year 6053."""
    when = current.attempt.when
    if tracked is not None and tracked.updated is not None:
        when = max(when, tracked.updated)
    return max(0, int(when.timestamp()) // 60)


def _description(tracked: TrackedAction) -> str:
    action = tracked.action
    lines = [action.do.strip(), "", f"Done when: {' '.join(action.outcome.split())}",
             f"About {action.effort_hours:g} h. Dimension: {action.dimension_title}.",
             f"Status: {STATUS_WORDS[tracked.status]}"]
    if tracked.reason:
        lines[-1] += f" — {tracked.reason}"
    if tracked.note:
        lines.append(f"Note: {tracked.note}")
    if action.caveat:
        lines.append(f"Caveat: {' '.join(action.caveat.split())}")
    lines.append("Mark it: careerkit plan done " + action.action_id)
    return "\n".join(lines)


def calendar_bytes(current: AttemptPlan, *, now: datetime | None = None) -> bytes:
    """The iCalendar file of a plan: its actions and the next retake (after the
    interval its rubric states, `plan.retake_days`)."""
    # start-up: icalendar loads only when a calendar is written
    from icalendar import Alarm, Calendar, Event

    stamp = (now or datetime.now(timezone.utc)).astimezone(timezone.utc).replace(
        microsecond=0)
    key = _person_key(current)
    card = current.attempt.scorecard
    assert card is not None
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "Career action plan")
    for tracked in current.tracked:
        action = tracked.action
        event = Event()
        event.add("uid", f"{key}-{action.action_id}@{UID_DOMAIN}")
        event.add("dtstamp", stamp)
        event.add("sequence", _sequence(current, tracked))
        mark = {"done": "✓ ", "dropped": "✗ "}.get(tracked.status, "")
        event.add("summary", visible(f"{mark}{' '.join(action.title.split())}"))
        event.add("description", visible(_description(tracked)))
        _all_day(event, tracked.due)
        event.add("categories", ["careerkit", visible(action.dimension_title)])
        event.add("status", "CANCELLED" if tracked.status == "dropped" else "CONFIRMED")
        event.add("transp", "TRANSPARENT")  # a deadline, not a busy day
        calendar.add_component(event)
    rubric = current.attempt.rubric
    retake_day = days_after(current.start,
                            rubric.plan.retake_days if rubric is not None else RETAKE_DAYS)
    retake = Event()
    retake.add("uid", f"{key}-retake@{UID_DOMAIN}")
    retake.add("dtstamp", stamp)
    retake.add("sequence", _sequence(current))
    retake.add("summary", "Retake the career self-assessment")
    retake.add("description", visible(
        f"Take it again and compare: careerkit take, then careerkit compare. Your last "
        f"plan is from {current.start.isoformat()} ({card.rubric_id} {card.rubric_version})."))
    _all_day(retake, retake_day)
    retake.add("transp", "TRANSPARENT")
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", "Retake the career self-assessment")
    alarm.add("trigger", timedelta(hours=9))  # 09:00 on the day
    retake.add_component(alarm)
    calendar.add_component(retake)
    data: bytes = calendar.to_ical()
    return data


def _all_day(event: object, day: date) -> None:
    # start-up: icalendar loads only when a calendar is written
    from icalendar import Event

    assert isinstance(event, Event)
    event.add("dtstart", day)
    event.add("dtend", days_after(day, 1))  # all-day events end the next day (exclusive)


def write_ics(current: AttemptPlan, path: Path) -> Path:
    """Write the plan's calendar atomically, owner-only (it names the person's plans)."""

    atomic_write_bytes(Path(path), calendar_bytes(current), private=True)
    return Path(path)
