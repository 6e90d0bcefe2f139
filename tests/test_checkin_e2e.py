"""The retake check-in in a real pseudo-terminal: `careerkit take` asks about the last
plan's due actions before the quiz, in both faces, and keeps each answer."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from careerkit.followthrough import load_status
from careerkit.rubric import Rubric
from tests.conftest import ALL_TYPES
from tests.test_plan_status import home_with_attempt
from tests.test_take_e2e import ANSI, CTRL_C, ENTER, TIMEOUT, env_for

pytestmark = pytest.mark.slow  # real terminals and subprocesses

pexpect = pytest.importorskip("pexpect")

CAREERKIT = Path(sys.executable).parent / "careerkit"


@pytest.mark.parametrize("plain", [False, True])
def test_take_checks_in_first_then_the_quiz_starts(tmp_path: Path, all_types: Rubric,
                                                   plain: bool) -> None:
    attempt = home_with_attempt(tmp_path, all_types)
    argv = ["take", "--rubric", str(ALL_TYPES), "--name", "Ada", "-o",
            str(tmp_path / "plan.pdf"), *(["--plain"] if plain else [])]
    child = pexpect.spawn(str(CAREERKIT), argv, env=env_for(tmp_path / "home"),
                          cwd=str(tmp_path), dimensions=(24, 80), encoding="utf-8",
                          timeout=TIMEOUT)
    try:
        child.expect("3 actions from your plan of 01 Mar 2026 are due")
        child.expect(r"\[Y/n\]" if plain else r"\(Y/n\)")
        child.send(ENTER)
        child.expect("1.1 Ship something: did you do it?")
        child.expect("Done when: 5 users. Due 15 Mar 2026.")
        child.expect("Your answer")
        child.send("1" + ENTER)  # Done
        child.expect("1.2 Low one: did you do it?")
        child.expect("Your answer")
        child.send("4" + ENTER)  # Dropped
        child.expect("Why did you drop")
        child.expect("Your answer")
        child.send("moved to next term" + ENTER)
        child.expect("2.1 B low: did you do it?")
        child.expect("Your answer")
        child.send("3" + ENTER)  # Not yet
        child.expect("Thank you: 2 recorded")
        child.expect("Every question type")  # the quiz's welcome
        child.send(CTRL_C)
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert child.exitstatus == 130, ANSI.sub("", child.before or "")
    recorded = load_status(attempt).actions
    assert {k: (v.status, v.reason) for k, v in recorded.items()} == {
        "a_trig": ("done", None), "a_low_1": ("dropped", "moved to next term")}


def test_ctrl_c_during_the_check_in_keeps_the_answers_given(tmp_path: Path,
                                                            all_types: Rubric) -> None:
    attempt = home_with_attempt(tmp_path, all_types)
    child = pexpect.spawn(str(CAREERKIT), ["take", "--rubric", str(ALL_TYPES), "--name",
                                           "Ada", "-o", str(tmp_path / "plan.pdf")],
                          env=env_for(tmp_path / "home"), cwd=str(tmp_path),
                          dimensions=(24, 80), encoding="utf-8", timeout=TIMEOUT)
    try:
        child.expect(r"\(Y/n\)")
        child.send(ENTER)
        child.expect("1.1 Ship something")
        child.expect("Your answer")
        child.send("2" + ENTER)  # Partly done
        child.expect("1.2 Low one")
        child.expect("Your answer")
        child.send(CTRL_C)
        child.expect("Stopped before the quiz. Your 1 answer so far is saved.")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert child.exitstatus == 130
    assert "Traceback" not in (child.before or "")
    assert {k: v.status for k, v in load_status(attempt).actions.items()} == {
        "a_trig": "partly"}
    assert not (tmp_path / "home" / "attempts" / "all-types" / "unfinished.yaml").exists()
