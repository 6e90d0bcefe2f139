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

from pydantic import Field, ValidationError

from careerkit.answers import Answers, AnswerValue, check_answers, pin
from careerkit.errors import InputError, Problem, ValidationFailed
from careerkit.rubric import Model, Rubric, pydantic_problems
from careerkit.yamlio import YamlDocument, load_yaml_file

__all__ = ["CaseResult", "cases_path", "load_cases", "run_cases"]

SCORE_TOLERANCE = 0.05


class Expectation(Model):
    band: str | None = None
    score: float | None = Field(None, description=f"Within ±{SCORE_TOLERANCE}.")
    min: float | None = None
    max: float | None = None


class Expected(Model):
    overall: Expectation | None = None
    dimensions: dict[str, Expectation] = Field(default_factory=dict)
    actions: list[str] = Field(default_factory=list, description="Chosen for the plan.")
    not_actions: list[str] = Field(default_factory=list, description="Not chosen.")


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
    return rubric_path.with_name(rubric_path.stem + ".tests.yaml")


def load_cases(path: Path, rubric: Rubric) -> list[Case]:
    """Read a cases file; every bad answer or unknown id is a FILE:LINE problem."""
    if not path.is_file():
        raise InputError(f"{path}: no test cases beside this rubric; write them there "
                         "(see docs/rubric-guide.md)")
    doc = load_yaml_file(path, what="test cases file")
    if not isinstance(doc.data, dict):
        raise ValidationFailed([doc.problem((), "a test cases file must be a mapping with "
                                            "`cases:` at the top")])
    try:
        cases = CaseFile.model_validate(doc.data).cases
    except ValidationError as exc:
        raise ValidationFailed(pydantic_problems(doc, exc)) from None
    problems: list[Problem] = []
    dimension_ids = {d.id for d in rubric.dimensions}
    band_ids = {b.id for d in rubric.dimensions for b in rubric.bands_for(d)}
    action_ids = {a.id for d in rubric.dimensions for a in d.actions}
    for index, case in enumerate(cases):
        at: tuple[str | int, ...] = ("cases", index)
        answers = Answers(rubric=pin(rubric), answers=case.answers)
        problems.extend(check_answers(answers, rubric, _sub(doc, at)))
        expectations = [("overall", case.expect.overall)] + [
            (f"dimensions.{k}", v) for k, v in case.expect.dimensions.items()]
        for name, expectation in expectations:
            if expectation is not None and expectation.band and expectation.band not in band_ids:
                problems.append(doc.problem((*at, "expect", *name.split(".")),
                                            f"unknown band {expectation.band!r}"))
        for dimension_id in case.expect.dimensions:
            if dimension_id not in dimension_ids:
                problems.append(doc.problem((*at, "expect", "dimensions", dimension_id),
                                            f"unknown dimension {dimension_id!r}"))
        for key in ("actions", "not_actions"):
            for ai, action_id in enumerate(getattr(case.expect, key)):
                if action_id not in action_ids:
                    problems.append(doc.problem((*at, "expect", key, ai),
                                                f"unknown action {action_id!r}"))
    if problems:
        raise ValidationFailed(problems)
    return cases


def _sub(doc: YamlDocument, prefix: tuple[str | int, ...]) -> YamlDocument:
    """The part of a document under `prefix`, keeping its lines."""
    data = doc.data
    for step in prefix:
        data = data[step]
    size = len(prefix)
    lines = {k[size:]: v for k, v in doc.lines.items() if k[:size] == prefix}
    return YamlDocument(data=data, path=doc.path, lines=lines)


def run_cases(cases: list[Case], rubric: Rubric) -> list[CaseResult]:
    from careerkit.plan import build_plan
    from careerkit.scoring import score

    results: list[CaseResult] = []
    for case in cases:
        answers = Answers(rubric=pin(rubric), respondent=case.respondent, answers=case.answers)
        card = score(answers, rubric)
        failures = _compare("overall", card.overall, card.band, case.expect.overall)
        for dimension_id, expectation in case.expect.dimensions.items():
            dimension = card.dimensions[dimension_id]
            failures += _compare(dimension_id, dimension.score, dimension.band, expectation)
        if case.expect.actions or case.expect.not_actions:
            chosen = {a.action_id for a in build_plan(card, rubric, answers).actions}
            missing = [a for a in case.expect.actions if a not in chosen]
            unwanted = [a for a in case.expect.not_actions if a in chosen]
            if missing:
                failures.append(f"actions: expected {', '.join(missing)} in the plan; chosen: "
                                f"{', '.join(sorted(chosen)) or 'none'}")
            if unwanted:
                failures.append(f"actions: expected {', '.join(unwanted)} not to be chosen")
        results.append(CaseResult(name=case.name, failures=failures))
    return results


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
