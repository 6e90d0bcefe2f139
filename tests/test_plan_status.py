"""`careerkit plan`: the latest plan's actions and their status, kept beside the attempt."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import Result

from careerkit.errors import InputError
from careerkit.followthrough import (
    StatusFile,
    checked_words,
    load_status,
    save_status,
    status_path,
    with_status,
)
from careerkit.history import list_attempts, snapshot_rubric
from careerkit.rubric import Rubric
from tests.pipeline_inputs import texts
from tests.test_progress import GOOD, POOR, WHEN, answers_file

Cli = Callable[..., Result]
POOR_IDS = ["a_trig", "a_low_1", "b_low"]  # what POOR answers get from all-types, in order


def home_with_attempt(tmp_path: Path, rubric: Rubric, values: dict[str, Any] = POOR,
                      when: datetime = WHEN, name: str = "2026-03-01-all-types") -> Path:
    """A history folder with one attempt (and its rubric snapshot); returns the attempt."""
    home = tmp_path / "home"
    snapshot_rubric(rubric, home)
    return answers_file(home / "history", name, rubric, values, respondent="Ada", when=when)


def test_plan_lists_each_action_with_window_due_date_effort_and_status(
        cli: Cli, tmp_path: Path, all_types: Rubric) -> None:
    home_with_attempt(tmp_path, all_types)
    result = cli("plan")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Your plan of 2026-03-01 (2026-03-01-all-types.yaml, all-types 0.1.0)" in out
    assert "0 of 3 actions done." in out
    assert "Next 30 days" in out
    # a_trig is due in 14 days, the band actions in 30 (local day of 1 March + due_days)
    assert "[ ] 1.1   Ship something" in out
    assert "id a_trig · due 2026-03-15 (overdue) · about 4 h · open" in out
    assert "id b_low · due 2026-03-31 (overdue) · about 4 h · open" in out


def test_done_drop_block_reset_change_the_status_and_the_file_is_private(
        cli: Cli, tmp_path: Path, all_types: Rubric) -> None:
    attempt = home_with_attempt(tmp_path, all_types)
    original = attempt.read_bytes()
    assert cli("plan", "done", "a_trig", "--note", "Shipped  v0.1\nto five users").exit_code == 0
    assert cli("plan", "drop", "1.2", "--reason", "not relevant now").exit_code == 0
    blocked = cli("plan", "block", "b_low", "--reason", "waiting on my advisor")
    assert blocked.exit_code == 0 and "B low: blocked (waiting on my advisor)" in blocked.stdout
    path = status_path(attempt)
    assert path.name == "2026-03-01-all-types.status.json"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert attempt.read_bytes() == original  # the attempt itself is never rewritten
    data = json.loads(path.read_text())
    assert data["actions"]["a_trig"]["status"] == "done"
    assert data["actions"]["a_trig"]["note"] == "Shipped v0.1 to five users"
    assert data["actions"]["a_low_1"] == data["actions"]["a_low_1"] | {
        "status": "dropped", "reason": "not relevant now"}
    out = cli("plan").stdout
    assert "1 of 3 actions done; 1 blocked; 1 dropped: Low one (not relevant now)." in out
    assert "[x] 1.1" in out and "note: Shipped v0.1 to five users" in out
    assert "[!] 2.1" in out and "reason: waiting on my advisor" in out
    as_json = json.loads(cli("plan", "--json").stdout)
    assert [a["status"] for a in as_json["actions"]] == ["done", "dropped", "blocked"]
    assert as_json["follow_through"] == {"total": 3, "done": 1, "partly": 0, "blocked": 1,
                                         "dropped": 1, "rate": 0.5}
    assert [a["id"] for a in as_json["actions"]] == POOR_IDS
    assert as_json["actions"][0]["due"] == "2026-03-15"
    assert cli("plan", "reset", "b_low").exit_code == 0
    assert "b_low" not in json.loads(path.read_text())["actions"]
    assert "2 of 3" not in cli("plan").stdout and "[ ] 2.1" in cli("plan").stdout


def test_the_latest_attempt_is_the_current_plan(cli: Cli, tmp_path: Path,
                                                all_types: Rubric) -> None:
    home_with_attempt(tmp_path, all_types)
    later = home_with_attempt(tmp_path, all_types, GOOD, WHEN + timedelta(days=90),
                              "2026-05-30-all-types")
    assert cli("plan", "done", "a_high_1").exit_code == 0
    assert status_path(later).exists()
    assert not status_path(later.with_name("2026-03-01-all-types.yaml")).exists()


@pytest.mark.parametrize("args, message", [
    (("plan", "done", "nope"), "nope: no such action in the plan of 2026-03-01-all-types.yaml;"
     " its actions are: a_trig, a_low_1, b_low (see `careerkit plan`)"),
    (("plan", "drop", "a_trig", "--reason", "  "), "--reason: give a reason in a few words"),
    (("plan", "block", "a_trig", "--reason", "x\x1b[2J"), "--reason: contains the control "
     "character U+001B (ESCAPE) at character 2"),
    (("plan", "done", "a_trig", "--note", "x" * 501), "--note: is 501 characters long; keep "
     "it to 500"),
])
def test_bad_input_is_one_line_and_exit_2(cli: Cli, tmp_path: Path, all_types: Rubric,
                                          args: tuple[str, ...], message: str) -> None:
    attempt = home_with_attempt(tmp_path, all_types)
    result = cli(*args)
    assert result.exit_code == 2
    assert result.stderr == f"error: {message}" + result.stderr.split(message, 1)[1]
    assert len(result.stderr.strip().splitlines()) == 1
    assert not status_path(attempt).exists()


def test_no_attempt_is_one_line_and_exit_2(cli: Cli, tmp_path: Path) -> None:
    for args in (("plan",), ("plan", "done", "x"), ("plan", "--json")):
        result = cli(*args)
        assert result.exit_code == 2
        assert result.stderr.startswith("error: no finished attempt in ")
        assert "take the quiz first: careerkit take" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1


def test_statuses_survive_a_rubric_upgrade(cli: Cli, tmp_path: Path,
                                           all_types: Rubric) -> None:
    """The attempt's own rubric version is kept as a snapshot: after the rubric changes
    (here: it is no longer installed at all), the plan and its statuses are the same."""
    attempt = home_with_attempt(tmp_path, all_types)
    assert cli("plan", "done", "a_trig").exit_code == 0
    # The snapshot is what rebuilds the plan: the test rubric is not in the catalogue.
    assert "[x] 1.1   Ship something" in cli("plan").stdout
    assert list_attempts(tmp_path / "home")[0].rubric is not None
    # A newer version of the rubric drops `a_trig`: a retake gets the new plan, and the
    # old attempt keeps its own.
    upgraded = _without_action(all_types, "a_trig", "0.2.0")
    retake = home_with_attempt(tmp_path, upgraded, POOR, WHEN + timedelta(days=60),
                               "2026-04-30-all-types")
    out = cli("plan").stdout
    assert "all-types 0.2.0" in out and "Ship something" not in out
    old = load_status(attempt)
    assert old.actions["a_trig"].status == "done"
    # A status recorded for an action the plan no longer has: one clear line, exit 2.
    save_status(retake, with_status(StatusFile(attempt=retake.name), "a_trig", "done"))
    shown = cli("plan")
    assert shown.exit_code == 0 and "belong to actions no longer in this plan: a_trig" in \
        shown.stderr
    changed = cli("plan", "block", "a_trig", "--reason", "x")
    assert changed.exit_code == 2
    assert "a_trig: this action has a status in" in changed.stderr
    assert "is no longer in the plan of 2026-04-30-all-types.yaml" in changed.stderr
    assert cli("plan", "reset", "a_trig").exit_code == 0  # forgetting it is allowed
    assert "no longer in this plan" not in cli("plan").stderr


def test_an_attempt_whose_rubric_is_gone_is_one_line_and_exit_2(
        cli: Cli, tmp_path: Path, all_types: Rubric) -> None:
    home_with_attempt(tmp_path, all_types)
    for snapshot in (tmp_path / "home" / "history" / "rubrics").iterdir():
        snapshot.unlink()
    result = cli("plan", "done", "a_trig")
    assert result.exit_code == 2
    assert "made with rubric all-types 0.1.0, which is not installed" in result.stderr
    assert "its plan cannot be rebuilt" in result.stderr


def _without_action(rubric: Rubric, action_id: str, version: str) -> Rubric:
    data = rubric.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    data["version"] = version
    for dimension in data["dimensions"]:
        dimension["actions"] = [a for a in dimension.get("actions", [])
                                if a["id"] != action_id]
        for action in dimension["actions"]:
            action["replace"] = [r for r in action.get("replace", []) if r != action_id]
    return Rubric.model_validate(data)


# -- the status file is untrusted input: any content, a clear line -----------------------------


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.one_of(
    st.binary(max_size=200),
    st.text(max_size=200),
    st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                 lambda inner: st.lists(inner, max_size=3)
                 | st.dictionaries(st.text(max_size=8), inner, max_size=3),
                 max_leaves=10).map(json.dumps),
    st.builds(lambda status, text: json.dumps({
        "careerkit_status": 1, "attempt": "a.yaml",
        "actions": {"a_trig": {"status": status, "note": text, "updated": "2026-03-02"}}}),
        st.sampled_from(["done", "open", "lost", ""]), texts()),
))
def test_any_status_file_loads_or_gives_file_line(tmp_path: Path, content: bytes | str
                                                  ) -> None:
    attempt = tmp_path / "a.yaml"
    path = status_path(attempt)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    try:
        loaded = load_status(attempt)
    except InputError as exc:
        first = str(exc).splitlines()[0]
        assert first.startswith(f"{path}:")
        assert "\x1b" not in first or "\\x1b" in first
    else:
        for entry in loaded.actions.values():
            for text in (entry.note, entry.reason):
                assert text is None or checked_words(text) == text


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(note=texts(max_size=300), reason=texts(max_size=300))
def test_generated_notes_and_reasons_round_trip_through_the_file(
        tmp_path: Path, note: str, reason: str) -> None:
    attempt = tmp_path / "a.yaml"
    try:
        note, reason = checked_words(note), checked_words(reason)
    except ValueError:
        return  # refused with a message at the command line (tested above)
    status = with_status(StatusFile(attempt="a.yaml"), "x", "blocked", note=note,
                         reason=reason, when=datetime(2026, 3, 2, tzinfo=timezone.utc))
    save_status(attempt, status)
    assert load_status(attempt) == status


def test_broken_status_file_names_file_and_line(cli: Cli, tmp_path: Path,
                                                all_types: Rubric) -> None:
    attempt = home_with_attempt(tmp_path, all_types)
    path = status_path(attempt)
    path.write_text('{\n  "careerkit_status": 1,\n  "attempt": "x",\n  "actions": {\n'
                    '    "a_trig": {"status": "finished", "updated": "2026-03-02"}\n  }\n}\n')
    result = cli("plan")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {path}:5: actions.a_trig.status: Input should be")
    path.write_text('{\n  "careerkit_status": 1,\n  "attempt": "x"\n  "actions": {}}')
    result = cli("plan", "done", "a_trig")
    assert result.exit_code == 2
    assert f"error: {path}:4: not valid JSON" in result.stderr
