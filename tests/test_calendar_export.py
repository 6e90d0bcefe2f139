"""`careerkit plan --ics` and `export --format ics`: the plan as an iCalendar file.

The file is parsed back with the `icalendar` library and checked field by field, and its
raw lines are checked against RFC 5545 independently of that library: CRLF line ends,
at most 75 octets a line, folded lines continued by a space, no control characters.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from icalendar import Calendar
from typer.testing import Result

from careerkit.calendar_export import calendar_bytes
from careerkit.followthrough import (
    StatusFile,
    attempt_plan,
    checked_words,
    save_status,
    with_status,
)
from careerkit.history import load_attempt, snapshot_rubric
from careerkit.rubric import Rubric
from tests.pipeline_inputs import texts
from tests.test_plan_status import POOR_IDS, home_with_attempt
from tests.test_progress import GOOD, POOR, WHEN, answers_file

Cli = Callable[..., Result]


def events(data: bytes) -> dict[str, Any]:
    calendar = Calendar.from_ical(data)
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def check_raw_lines(data: bytes) -> None:
    assert data.endswith(b"\r\n")
    lines = data.split(b"\r\n")[:-1]
    assert b"\n" not in b"".join(lines) and b"\r" not in b"".join(lines)
    for line in lines:
        assert len(line) <= 75, line
        line.decode("utf-8")  # never a character cut in half by folding
        assert not any(byte < 0x20 and byte != 0x09 for byte in line), line


def test_each_action_is_an_all_day_event_with_its_status(
        cli: Cli, tmp_path: Path, all_types: Rubric) -> None:
    attempt = home_with_attempt(tmp_path, all_types)
    status = with_status(StatusFile(attempt=attempt.name), "a_trig", "done",
                         note="Shipped, to 5 users; see the repo\\wiki")
    save_status(attempt, with_status(status, "a_low_1", "dropped",
                                     reason="no longer relevant"))
    out = tmp_path / "plan.ics"
    result = cli("plan", "--ics", out)
    assert result.exit_code == 0, result.output
    assert f"Wrote {out} (3 actions and a reminder to retake)" in result.stderr
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    data = out.read_bytes()
    check_raw_lines(data)
    calendar = Calendar.from_ical(data)
    assert str(calendar["VERSION"]) == "2.0" and "careerkit" in str(calendar["PRODID"])
    found = events(data)
    assert len(found) == 4
    by_id = {uid.split("-", 1)[1].split("@")[0]: e for uid, e in found.items()}
    assert set(by_id) == {*POOR_IDS, "retake"}
    shipped = by_id["a_trig"]
    assert shipped["SUMMARY"] == "✓ Ship something"
    assert shipped.decoded("DTSTART") == date(2026, 3, 15)
    assert shipped.decoded("DTEND") == date(2026, 3, 16)
    assert str(shipped["DESCRIPTION"]).splitlines() == [
        "Ship to 5 users", "", "Done when: 5 users", "About 4 h. Dimension: First dimension.",
        "Status: Done", "Note: Shipped, to 5 users; see the repo\\wiki",
        "Mark it: careerkit plan done a_trig"]
    assert shipped["STATUS"] == "CONFIRMED" and shipped["TRANSP"] == "TRANSPARENT"
    assert [str(c) for c in shipped["CATEGORIES"].cats] == ["careerkit", "First dimension"]
    dropped = by_id["a_low_1"]
    assert dropped["SUMMARY"] == "✗ Low one" and dropped["STATUS"] == "CANCELLED"
    assert "Status: Dropped — no longer relevant" in str(dropped["DESCRIPTION"])
    assert by_id["b_low"].decoded("DTSTART") == date(2026, 3, 31)
    assert "Status: Open" in str(by_id["b_low"]["DESCRIPTION"])
    retake = by_id["retake"]
    assert retake.decoded("DTSTART") == date(2026, 3, 1) + timedelta(days=182)
    assert retake["SUMMARY"] == "Retake the career self-assessment"
    alarm = retake.subcomponents[0]
    assert alarm["ACTION"] == "DISPLAY" and alarm.decoded("TRIGGER") == timedelta(hours=9)
    # The escaped characters are escaped in the raw text (RFC 5545 3.3.11).
    assert b"Shipped\\, to 5 users\\; see the repo\\\\wiki" in data.replace(b"\r\n ", b"")


def test_importing_again_updates_instead_of_duplicating(
        cli: Cli, tmp_path: Path, all_types: Rubric) -> None:
    """The same action keeps its UID across status changes and retakes; SEQUENCE grows."""
    first = home_with_attempt(tmp_path, all_types)
    before = events(calendar_bytes(attempt_plan(load_attempt(first, home=tmp_path / "home"))))
    save_status(first, with_status(StatusFile(attempt=first.name), "a_trig", "done",
                                   when=datetime(2027, 1, 1, tzinfo=timezone.utc)))
    after = events(calendar_bytes(attempt_plan(load_attempt(first, home=tmp_path / "home"))))
    assert set(before) == set(after)
    uid = next(u for u in after if "-a_trig@" in u)
    assert int(after[uid]["SEQUENCE"]) > int(before[uid]["SEQUENCE"])
    # A retake (POOR again, three months later): same actions, same UIDs, newer.
    retake = home_with_attempt(tmp_path, all_types, POOR, WHEN + timedelta(days=92),
                               "2026-06-01-all-types")
    again = events(calendar_bytes(attempt_plan(load_attempt(retake, home=tmp_path / "home"))))
    assert set(again) == set(before)
    assert all(int(again[u]["SEQUENCE"]) > int(before[u]["SEQUENCE"]) for u in again)
    # Another person's plan never shares a UID (nor shows the name in one).
    other = answers_file(tmp_path / "other", "x", all_types, POOR, respondent="Bo")
    theirs = events(calendar_bytes(attempt_plan(load_attempt(other,
                                                             rubric=all_types))))
    assert not set(theirs) & set(before)
    assert not any("ada" in u.casefold() for u in before)


def test_export_format_ics_writes_the_calendar_of_an_answers_file(
        cli: Cli, tmp_path: Path, all_types: Rubric) -> None:
    path = answers_file(tmp_path, "a", all_types, GOOD, respondent="Ada")
    from tests.conftest import ALL_TYPES

    out = tmp_path / "a.ics"
    result = cli("export", path, "-r", ALL_TYPES, "--format", "ics", "-o", out)
    assert result.exit_code == 0, result.output
    assert {str(e["SUMMARY"]) for e in events(out.read_bytes()).values()} == {
        "High one", "B high", "Retake the career self-assessment"}
    # Without -o (or with -o -) the bytes go to stdout as they are: CRLF kept.
    for args in ((), ("-o", "-")):
        piped = cli("export", path, "-r", ALL_TYPES, "--format", "ics", *args)
        assert piped.exit_code == 0, piped.output
        assert piped.stdout_bytes.startswith(b"BEGIN:VCALENDAR\r\n")
        assert events(piped.stdout_bytes).keys() == events(out.read_bytes()).keys()
        assert not Path("-").exists()


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(do=texts(max_size=400), outcome=texts(max_size=200), title=texts(max_size=120),
       reason=texts(max_size=300))
def test_any_text_round_trips_and_folds_by_octets(
        tmp_path_factory: Any, all_types: Rubric, do: str, outcome: str, title: str,
        reason: str) -> None:
    """Rubric text (untrusted) and the student's words, in any script, survive the file
    exactly (after the plan's own whitespace rules) and never break a line's octets."""
    data = all_types.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    action = next(a for a in data["dimensions"][0]["actions"] if a["id"] == "a_trig")
    action.update(do=do if do.strip() else "x", outcome=outcome if outcome.strip() else "y",
                  title=title if title.strip() else "z")
    try:
        rubric = Rubric.model_validate(data)
        reason = checked_words(reason)
    except ValueError:
        return  # refused when loaded: tested with the rubric and status loaders
    home = tmp_path_factory.mktemp("home")
    snapshot_rubric(rubric, home)
    attempt = answers_file(home / "history", "2026-03-01-all-types", rubric, POOR,
                           respondent="Ada")
    save_status(attempt, with_status(StatusFile(attempt=attempt.name), "a_trig", "blocked",
                                     reason=reason or None))
    raw = calendar_bytes(attempt_plan(load_attempt(attempt, home=home)))
    check_raw_lines(raw)
    event = next(e for u, e in events(raw).items() if "-a_trig@" in u)
    assert str(event["SUMMARY"]) == " ".join(rubric.dimensions[0].actions[2].title.split())
    description = str(event["DESCRIPTION"])
    assert description.startswith(rubric.dimensions[0].actions[2].do.strip())
    assert f"Done when: {' '.join(rubric.dimensions[0].actions[2].outcome.split())}" in \
        description
    if reason:
        assert f"Status: Blocked — {reason}" in description
