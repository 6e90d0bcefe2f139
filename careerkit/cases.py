"""Test cases for a rubric: answers with the bands, scores and actions they must produce.

They live beside the rubric as `NAME.tests.yaml`, so a rubric can be tested like code:

    cases:
      - name: a student who has shipped nothing
        answers: {product_outside_users: 0, ...}
        expect:
          overall: {band: starting}
          dimensions:
            product_building: {max: 30}
          actions: [product_first_five]
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import Field, ValidationError

from careerkit.answers import Answers, AnswerValue, check_answers, pin
from careerkit.errors import InputError, Location, Problem, ValidationFailed
from careerkit.plan import build_plan
from careerkit.rubric import TESTS_SUFFIXES, Model, Rubric, empty_list, pydantic_problems
from careerkit.scoring import score
from careerkit.yamlio import YamlDocument, is_stdin, load_yaml_file

if TYPE_CHECKING:
    from careerkit.plan import ActionPlan

__all__ = [
    "CaseResult",
    "cases_path",
    "is_cases_file",
    "load_cases",
    "rubric_beside",
    "run_cases",
]

SCORE_TOLERANCE = 0.05


class Expectation(Model):
    band: str | None = None
    score: float | None = Field(None, description=f"Within ±{SCORE_TOLERANCE}.")
    min: float | None = None
    max: float | None = None


class PlanExpectation(Model):
    """Properties of the plan as a whole: its size, its hours, what comes first."""

    first_window_at_most: int | None = Field(None, ge=0, description="Actions in the "
                                             "first 30 days, at most.")
    hours_at_most: float | None = Field(None, ge=0, description="Hours of every scheduled "
                                        "action together, at most.")
    within_budget: bool | None = Field(None, description="Every window's hours fit the "
                                       "student's weekly hours.")
    top_priority: str | None = Field(None, description="The action id of priority 1.")
    top_dimension: str | None = Field(None, description="The dimension of priority 1.")
    later: list[str] = Field(default_factory=empty_list, description="In the Later list.")


class Expected(Model):
    overall: Expectation | None = None
    dimensions: dict[str, Expectation] = Field(default_factory=dict)
    actions: list[str] = Field(default_factory=empty_list, description="Scheduled in the plan.")
    not_actions: list[str] = Field(default_factory=empty_list, description="Not scheduled.")
    plan: PlanExpectation | None = None
    second_looks: list[str] | None = Field(
        None, description="Exactly these 'worth a second look' ids (check ids, `uniform`, "
        "`top_everywhere`); [] for none.")


class Case(Model):
    name: str
    respondent: str = "Test case"
    answers: dict[str, AnswerValue] = Field(default_factory=dict)
    expect: Expected


class CaseFile(Model):
    cases: list[Case] = Field(min_length=1)


class CaseResult(Model):
    name: str
    failures: list[str]

    @property
    def passed(self) -> bool:
        return not self.failures


def cases_path(rubric_path: Path) -> Path:
    """Where a rubric's test cases live: `NAME.tests.yaml` beside `NAME.yaml`."""
    return rubric_path.with_name(rubric_path.stem + ".tests.yaml")


def is_cases_file(path: Path | str) -> bool:
    """`NAME.tests.yaml` (or `.yml`): test cases, not a rubric."""
    return str(path).endswith(TESTS_SUFFIXES)


def rubric_beside(cases_file: Path) -> Path:
    """The rubric a test cases file is for: `NAME.yaml` beside `NAME.tests.yaml`."""
    return cases_file.with_name(cases_file.name.rsplit(".tests.", 1)[0] + ".yaml")


def load_cases(path: Path, rubric: Rubric) -> list[Case]:
    """Read a cases file; every bad answer or unknown id is a FILE:LINE problem."""
    if not is_stdin(path) and not path.is_file():
        raise InputError(f"{path}: no test cases beside this rubric; write them there "
                         "(see `careerkit rubric guide`)")
    doc = load_yaml_file(path, what="test cases file")
    if not isinstance(doc.data, dict):
        raise ValidationFailed([doc.problem((), "a test cases file must be a mapping with "
                                            "`cases:` at the top")])
    try:
        cases = CaseFile.model_validate(doc.data).cases
    except ValidationError as exc:
        raise ValidationFailed(pydantic_problems(doc, exc)) from None
    problems: list[Problem] = []
    for index, case in enumerate(cases):
        problems += _case_problems(doc, ("cases", index), case, rubric)
    if problems:
        raise ValidationFailed(problems)
    return cases


def _case_problems(doc: YamlDocument, at: Location, case: Case, rubric: Rubric
                   ) -> list[Problem]:
    """A case's answers checked against the rubric, and every id it names known."""
    answers = Answers(rubric=pin(rubric), answers=case.answers)
    problems = check_answers(answers, rubric, _sub(doc, at))
    dimension_ids = {d.id for d in rubric.dimensions}
    band_ids = {b.id for d in rubric.dimensions for b in rubric.bands_for(d)}
    action_ids = {a.id for d in rubric.dimensions for a in d.actions}
    expect = (*at, "expect")
    # (where, the id named or None, the ids known, what kind of id)
    named: list[tuple[Location, str | None, set[str], str]] = [
        ((*expect, "overall"), case.expect.overall.band if case.expect.overall else None,
         band_ids, "band")]
    named += [((*expect, "dimensions", k), v.band if v else None, band_ids, "band")
              for k, v in case.expect.dimensions.items()]
    named += [((*expect, "dimensions", k), k, dimension_ids, "dimension")
              for k in case.expect.dimensions]
    named += [((*expect, key, ai), action_id, action_ids, "action")
              for key in ("actions", "not_actions")
              for ai, action_id in enumerate(getattr(case.expect, key))]
    plan = case.expect.plan
    if plan is not None:
        named += [((*expect, "plan", "later", ai), action_id, action_ids, "action")
                  for ai, action_id in enumerate(plan.later)]
        named += [((*expect, "plan", "top_priority"), plan.top_priority, action_ids, "action"),
                  ((*expect, "plan", "top_dimension"), plan.top_dimension, dimension_ids,
                   "dimension")]
    for location, name, known, kind in named:
        if name is not None and name not in known:
            problems.append(doc.problem(location, f"unknown {kind} {name!r}"))
    return problems


def _sub(doc: YamlDocument, prefix: Location) -> YamlDocument:
    """The part of a document under `prefix`, keeping its lines."""
    data = doc.data
    for step in prefix:
        data = data[step]
    size = len(prefix)
    lines = {k[size:]: v for k, v in doc.lines.items() if k[:size] == prefix}
    return YamlDocument(data=data, path=doc.path, lines=lines)


def run_cases(cases: list[Case], rubric: Rubric) -> list[CaseResult]:
    results: list[CaseResult] = []
    for case in cases:
        answers = Answers(rubric=pin(rubric), respondent=case.respondent, answers=case.answers)
        card = score(answers, rubric)
        failures = _compare("overall", card.overall, card.band, case.expect.overall)
        for dimension_id, expectation in case.expect.dimensions.items():
            dimension = card.dimensions[dimension_id]
            failures += _compare(dimension_id, dimension.score, dimension.band, expectation)
        if case.expect.actions or case.expect.not_actions or case.expect.plan:
            plan = build_plan(card, rubric, answers)
            chosen = {a.action_id for a in plan.actions}
            missing = [a for a in case.expect.actions if a not in chosen]
            unwanted = [a for a in case.expect.not_actions if a in chosen]
            if missing:
                failures.append(f"actions: expected {', '.join(missing)} in the plan; chosen: "
                                f"{', '.join(sorted(chosen)) or 'none'}")
            if unwanted:
                failures.append(f"actions: expected {', '.join(unwanted)} not to be chosen")
            if case.expect.plan is not None:
                failures += _compare_plan(plan, case.expect.plan)
        if case.expect.second_looks is not None:
            found = [look.id for look in card.second_looks]
            if sorted(found) != sorted(case.expect.second_looks):
                failures.append(f"second looks: expected {case.expect.second_looks or 'none'}"
                                f", got {found or 'none'}")
        results.append(CaseResult(name=case.name, failures=failures))
    return results


def _compare_plan(plan: ActionPlan, expected: PlanExpectation) -> list[str]:
    return [*_compare_load(plan, expected), *_compare_top(plan, expected),
            *_compare_later(plan, expected)]


def _compare_load(plan: ActionPlan, expected: PlanExpectation) -> list[str]:
    """How much the plan asks: actions in the first 30 days, hours in all, per window."""
    failures: list[str] = []
    first = plan.timeline[0].actions if plan.timeline and plan.timeline[0].days == 30 else []
    if expected.first_window_at_most is not None and len(first) > expected.first_window_at_most:
        failures.append(f"plan: expected at most {expected.first_window_at_most} actions in "
                        f"the first 30 days, got {len(first)}")
    total = sum(a.effort_hours for a in plan.actions)
    if expected.hours_at_most is not None and total > expected.hours_at_most + 1e-9:
        failures.append(f"plan: expected at most {expected.hours_at_most:g} hours in all, "
                        f"got {total:g}")
    if expected.within_budget is not None:
        over = [g.label for g in plan.timeline if g.hours > g.budget_hours + 1e-9]
        if expected.within_budget == bool(over):
            failures.append("plan: expected " + ("every window within the weekly hours; over "
                            "in " + ", ".join(over) if expected.within_budget
                            else "a window over the weekly hours, but all fit"))
    return failures


def _compare_top(plan: ActionPlan, expected: PlanExpectation) -> list[str]:
    failures: list[str] = []
    top = plan.top_priorities[0] if plan.top_priorities else None
    if expected.top_priority is not None and (top is None
                                              or top.action_id != expected.top_priority):
        failures.append(f"plan: expected top priority {expected.top_priority}, got "
                        f"{top.action_id if top else 'none'}")
    if expected.top_dimension is not None and (top is None
                                               or top.dimension_id != expected.top_dimension):
        failures.append(f"plan: expected the top priority in {expected.top_dimension}, got "
                        f"{top.dimension_id if top else 'none'}")
    return failures


def _compare_later(plan: ActionPlan, expected: PlanExpectation) -> list[str]:
    waiting = {a.action_id for a in plan.later}
    missing = [a for a in expected.later if a not in waiting]
    if not missing:
        return []
    return [f"plan: expected {', '.join(missing)} in the Later list; it holds "
            f"{', '.join(sorted(waiting)) or 'nothing'}"]


def _compare(name: str, value: float | None, band: str | None,
             expected: Expectation | None) -> list[str]:
    if expected is None:
        return []
    shown = "no score" if value is None else f"{value:.1f}"
    failures: list[str] = []
    if expected.band is not None and band != expected.band:
        failures.append(f"{name}: expected band {expected.band}, got {band} ({shown})")
    if expected.score is not None and (
        value is None or abs(value - expected.score) > SCORE_TOLERANCE
    ):
        failures.append(f"{name}: expected score {expected.score:g}, got {shown}")
    if expected.min is not None and (value is None or value < expected.min):
        failures.append(f"{name}: expected at least {expected.min:g}, got {shown}")
    if expected.max is not None and (value is None or value > expected.max):
        failures.append(f"{name}: expected at most {expected.max:g}, got {shown}")
    return failures
