"""One clock: files keep UTC with its offset, every date a person reads is their local day.

An attempt finished at 03:30 UTC on 1 March is, in New York, an attempt of 28 February
(22:30): the PDF, its due dates, its file name, the Markdown plan, `history`, `compare`
and the history file name must all say 28 February there.
"""

from __future__ import annotations

import io
import os
import time
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from typer.testing import Result

from careerkit.answers import Answers, answers_to_yaml, parse_answers, template_yaml
from careerkit.dates import days_after, local, local_day
from careerkit.export import export_markdown
from careerkit.history import snapshot_rubric
from careerkit.plan import build_plan
from careerkit.report import default_report_path, render_pdf
from careerkit.rubric import Rubric, load_rubric
from careerkit.scoring import score
from careerkit.store import AttemptStore

Cli = Callable[..., Result]
FIXTURE = Path(__file__).parent / "data" / "report" / "plan.yaml"
RUBRIC = FIXTURE  # the `rubric` fixture (conftest.py) loads this one
FINISHED = datetime(2026, 3, 1, 3, 30, tzinfo=timezone.utc)  # 28 Feb 22:30 in New York


@pytest.fixture
def zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], None]]:
    """Switch the process's local time zone (TZ), as a user's machine would have it."""

    def use(name: str) -> None:
        monkeypatch.setenv("TZ", name)
        time.tzset()

    yield use
    monkeypatch.undo()
    time.tzset()



def answers_at(rubric: Rubric, when: datetime, name: str = "Zoë Example") -> Answers:
    example = parse_answers(template_yaml(rubric, example=True), rubric)
    return example.model_copy(update={"respondent": name, "started_at": when - timedelta(
        minutes=20), "finished_at": when})


def pdf_text(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in
                             PdfReader(io.BytesIO(pdf)).pages).split())


@pytest.mark.parametrize(("tz", "day", "moment"), [
    ("America/New_York", date(2026, 2, 28), "2026-02-28 22:30 EST"),
    ("UTC", date(2026, 3, 1), "2026-03-01 03:30 UTC"),
    ("Asia/Tokyo", date(2026, 3, 1), "2026-03-01 12:30 JST"),
])
def test_the_pdf_its_due_dates_and_its_file_name_use_the_local_day(
    rubric: Rubric, zone: Callable[[str], None], tz: str, day: date, moment: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    zone(tz)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    answers = answers_at(rubric, FINISHED)
    text = pdf_text(render_pdf(answers, rubric))
    assert f"Answers of {day.day} {day:%B %Y}" in text
    assert f"Answers finished {moment}" in text
    # The PDF's own making time (SOURCE_DATE_EPOCH: 2026-01-01 00:00 UTC), locally too.
    made = datetime(2026, 1, 1, tzinfo=timezone.utc).astimezone()
    assert f"Generated {made:%Y-%m-%d %H:%M}" in text
    plan = build_plan(score(answers, rubric), rubric, answers)
    for action in plan.actions:
        due = day + timedelta(days=action.horizon_days)
        assert f"{due.day} {due:%b %Y}" in text
    assert default_report_path(answers).name == f"zoe-example-{day.isoformat()}.pdf"
    markdown = export_markdown(answers, rubric, score(answers, rubric), plan)
    assert f"({rubric.id} {rubric.version}), {day.isoformat()}." in markdown
    # The file itself keeps the moment in UTC, with its offset.
    assert '"2026-03-01T03:30:00+00:00"' in answers_to_yaml(answers, rubric)


def test_history_compare_and_the_history_file_agree_on_the_local_day(
    rubric: Rubric, zone: Callable[[str], None], cli: Cli, tmp_path: Path,
) -> None:
    zone("America/New_York")
    home = tmp_path / "home"
    snapshot_rubric(rubric, home)
    store = AttemptStore(rubric.id, home=home)
    earlier, later = answers_at(rubric, FINISHED - timedelta(days=60)), answers_at(rubric, FINISHED)
    first = store.file_finished(answers_to_yaml(earlier, rubric), earlier.finished_at)
    second = store.file_finished(answers_to_yaml(later, rubric), later.finished_at)
    assert second.name == f"2026-02-28-{rubric.id}.yaml"
    assert first.name == f"2025-12-30-{rubric.id}.yaml"

    listed = cli("history")
    assert listed.exit_code == 0, listed.output
    assert "2026-02-28 22:30" in listed.stdout and "2026-03-01" not in listed.stdout
    compared = cli("compare")
    assert compared.exit_code == 0, compared.output
    assert f"Before: 2025-12-30 ({first.name})" in compared.stdout
    assert f"Now:    2026-02-28 ({second.name})" in compared.stdout


def test_a_retake_names_both_attempts_by_their_local_day(
    rubric: Rubric, zone: Callable[[str], None], monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    from careerkit.history import load_attempt

    zone("America/New_York")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    earlier = tmp_path / "earlier.yaml"
    earlier.write_text(answers_to_yaml(answers_at(rubric, datetime(
        2026, 1, 10, 2, tzinfo=timezone.utc)), rubric), encoding="utf-8")
    text = pdf_text(render_pdf(answers_at(rubric, FINISHED), rubric,
                               previous=load_attempt(earlier, rubric)))
    assert ("This plan compares your answers of 28 February 2026 with your previous "
            "attempt at this rubric, of 9 January 2026") in text


def test_dates_at_the_edges_of_the_calendar_never_crash(zone: Callable[[str], None]) -> None:
    zone("America/New_York")
    first = datetime(1, 1, 1, tzinfo=timezone.utc)  # New York would be year 0
    assert local(first) == first and local_day(first) == date(1, 1, 1)
    assert days_after(date(9999, 12, 1), 90) == date.max
    naive = datetime(2026, 3, 1, 3, 30)  # no offset: read as UTC, as files store it
    assert local_day(naive) == date(2026, 2, 28)
    assert os.environ["TZ"] == "America/New_York"


OFFSETS = st.integers(-12 * 60, 14 * 60).map(lambda m: timezone(timedelta(minutes=m)))
VALID_STAMPS = st.datetimes(min_value=datetime(1970, 1, 1), max_value=datetime(2999, 12, 31),
                            timezones=OFFSETS)


@settings(max_examples=40, deadline=None)
@given(VALID_STAMPS, st.sampled_from(["America/New_York", "Pacific/Kiritimati", "UTC"]))
def test_every_timestamp_that_validates_has_a_local_day_and_a_plan(
    stamp: datetime, tz: str
) -> None:
    rubric = load_rubric(FIXTURE)
    before = os.environ.get("TZ")
    os.environ["TZ"] = tz
    time.tzset()
    try:
        text = answers_to_yaml(answers_at(rubric, stamp + timedelta(minutes=20)), rubric)
        answers = parse_answers(text, rubric)
        day = local_day(answers.finished_at or stamp)
        assert default_report_path(answers).name.endswith(f"-{day.isoformat()}.pdf")
        plan = build_plan(score(answers, rubric), rubric, answers)
        assert f", {day.isoformat()}." in export_markdown(answers, rubric,
                                                         score(answers, rubric), plan)
        for action in plan.actions:
            assert days_after(day, action.horizon_days) > day
    finally:
        if before is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = before
        time.tzset()


@pytest.mark.parametrize("stamp", [datetime(1970, 1, 1, tzinfo=timezone(timedelta(hours=14))),
                                   datetime(2999, 12, 31, 23, 59, tzinfo=timezone(
                                       timedelta(hours=-12)))])
def test_the_earliest_and_latest_valid_timestamps_make_a_pdf(
    rubric: Rubric, stamp: datetime, zone: Callable[[str], None],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    zone("America/New_York")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    answers = answers_at(rubric, stamp)
    assert pdf_text(render_pdf(answers, rubric)).startswith("Zoë Example")
