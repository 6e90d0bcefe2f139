"""Rubric test cases assert properties of the plan (careerkit.cases), and the bundled
rubrics use them for the profiles an advisor checks a plan against."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from careerkit.cases import Case, load_cases, run_cases
from careerkit.rubric import load_rubric

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).parent / "data" / "rubrics" / "fitted.yaml"
# 1 hour a week, final year: product weighs twice, so its first step ranks first; apply_ten
# (15 h) waits in Later.
TIGHT = {"stage": "final", "hours": 1, "topic_safe": False, "topic_checked": False,
         "shipped": False, "users": 0, "applied": False, "chats": False}


def failures_for(plan: dict[str, Any]) -> list[str]:
    case = Case.model_validate({"name": "tight", "answers": TIGHT, "expect": {"plan": plan}})
    [result] = run_cases([case], load_rubric(FIXTURE))
    return result.failures


def test_plan_expectations_that_hold_pass() -> None:
    assert failures_for({"first_window_at_most": 3, "within_budget": True,
                         "hours_at_most": 30, "top_priority": "first_five",
                         "top_dimension": "product", "later": ["apply_ten"]}) == []


@pytest.mark.parametrize(("plan", "failure"), [
    ({"first_window_at_most": 0}, "plan: expected at most 0 actions in the first 30 days, got 1"),
    ({"hours_at_most": 1}, "plan: expected at most 1 hours in all, got"),
    ({"within_budget": False}, "plan: expected a window over the weekly hours, but all fit"),
    ({"top_priority": "three_chats"}, "plan: expected top priority three_chats, got first_five"),
    ({"top_dimension": "market"}, "plan: expected the top priority in market, got product"),
    ({"later": ["first_five"]}, "plan: expected first_five in the Later list; it holds apply_ten"),
])
def test_a_plan_expectation_that_does_not_hold_fails_and_says_why(
    plan: dict[str, Any], failure: str
) -> None:
    found = failures_for(plan)
    assert any(message.startswith(failure) for message in found), found


# The review's profiles (advice review, section 5): each bundled case for one of them must
# assert the plan's size, its fit to the weekly hours and what comes first.
PROFILES = {
    "ml-phd-career": [
        "a struggling 2nd-year whose topic scale is eating",
        "a 5th-year with a shipped side project who is interviewing",
        "a strong researcher with no product exposure",
        "a 2nd-year on track for their stage",
        "a student who may not earn outside income",
        "a student with every best answer",
        "straight-lining the last option",
    ],
    "postdoc-to-industry": [
        "a postdoc moving to industry soon",
        "straight-lining the last option",
    ],
}


@pytest.mark.parametrize("name", list(PROFILES))
def test_the_bundled_cases_assert_the_plan_for_each_profile(name: str) -> None:
    rubric = load_rubric(name)
    cases = load_cases(ROOT / "rubrics" / f"{name}.tests.yaml", rubric)
    for profile in PROFILES[name]:
        case = next((c for c in cases if c.name.startswith(profile)), None)
        assert case is not None, f"no case for {profile!r}"
        plan = case.expect.plan
        assert plan is not None, f"{case.name}: no plan expectations"
        assert plan.first_window_at_most is not None and plan.within_budget, case.name
        # What comes first is the point of a real profile; the gaming ones check the cap.
        gaming = "every best answer" in profile or "straight-lining" in profile
        assert gaming or plan.top_priority or plan.top_dimension, case.name
    with_plans = [c for c in cases if c.expect.plan is not None]
    assert len(with_plans) >= (6 if name == "ml-phd-career" else 2)
    assert all(result.passed for result in run_cases(cases, rubric))
