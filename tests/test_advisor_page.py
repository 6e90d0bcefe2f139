"""The advisor page: the last page of the plan, and `report --advisor-page-only`."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import Result

from careerkit.advisor import GENERAL_PROMPTS, advisor_agenda
from careerkit.answers import parse_answers, template_yaml
from careerkit.plan import build_plan
from careerkit.report import render_pdf
from careerkit.rubric import Rubric
from careerkit.scoring import score
from tests.conftest import ALL_TYPES
from tests.test_progress import POOR, answers_file

Cli = Callable[..., Result]


def flat(text: str) -> str:
    return " ".join(text.split())


def test_the_agenda_takes_prompts_from_the_action_then_its_dimension_then_general(
        default_rubric: Rubric) -> None:
    answers = parse_answers(template_yaml(default_rubric, example=True), default_rubric)
    plan = build_plan(score(answers, default_rubric), default_rubric, answers)
    agenda = advisor_agenda(plan, default_rubric, date(2026, 3, 1))
    assert len(agenda.priorities) == 3
    assert [i.action.action_id for i in agenda.priorities] == [
        p.action_id for p in plan.top_priorities]
    dimensions = {d.id: d for d in default_rubric.dimensions}
    for item in agenda.priorities:
        assert item.from_rubric
        assert item.prompts == dimensions[item.action.dimension_id].advisor_prompts[:3]
        assert 2 <= len(item.prompts) <= 3
    assert agenda.review == date(2026, 8, 30)  # 182 days: the rubric's default interval
    assert agenda.actions == plan.actions
    # An action's own prompts come first; a rubric with none gets the general ones.
    data = default_rubric.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    first = agenda.priorities[0].action
    for dimension in data["dimensions"]:
        dimension.pop("advisor_prompts", None)
        for action in dimension.get("actions", []):
            if action["id"] == first.action_id:
                action["advisor_prompts"] = ["Only this one?"]
    data["plan"]["retake_days"] = 365
    changed = Rubric.model_validate(data)
    again = advisor_agenda(build_plan(score(answers, changed), changed, answers), changed,
                           date(2026, 3, 1))
    assert again.priorities[0].prompts == ["Only this one?", GENERAL_PROMPTS[0]]
    assert again.priorities[1].prompts == list(GENERAL_PROMPTS[:2])
    assert not again.priorities[1].from_rubric
    assert again.review == date(2027, 3, 1)


def test_the_plan_ends_with_the_advisor_page(default_rubric: Rubric,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780000000")
    answers = parse_answers(template_yaml(default_rubric, example=True), default_rubric)
    answers = answers.model_copy(update={"respondent": "Zoë <b>Example</b>"})
    pages = PdfReader(io.BytesIO(render_pdf(answers, default_rubric))).pages
    last = flat(pages[-1].extract_text())
    assert ("For your next meeting with your advisor Zoë <b>Example</b>: the three "
            "priorities") in last
    plan = build_plan(score(answers, default_rubric), default_rubric, answers)
    agenda = advisor_agenda(plan, default_rubric, answers.finished_at.date()
                            if answers.finished_at else date(2026, 3, 1))
    for number, item in enumerate(agenda.priorities, start=1):
        assert f"{number}. {item.action.title}" in last
        for prompt in item.prompts:
            assert prompt in last
    assert "Agreed Not now # Action Due" in last
    for action in plan.actions:
        assert f"{action.number} {action.title}" in last
    assert "Notes" in last and "Next review:" in last


def test_advisor_page_only_is_one_page(cli: Cli, tmp_path: Path, all_types: Rubric,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = answers_file(tmp_path, "a", all_types, POOR, respondent="Ada")
    out = tmp_path / "advisor.pdf"
    result = cli("report", path, "-r", ALL_TYPES, "--advisor-page-only", "-o", out)
    assert result.exit_code == 0, result.output
    pages = PdfReader(out).pages
    assert len(pages) == 1
    text = flat(pages[0].extract_text())
    assert "For your next meeting with your advisor Ada: the three priorities" in text
    # all-types has no prompts of its own: the general ones stand in.
    assert GENERAL_PROMPTS[0] in text and GENERAL_PROMPTS[1] in text
    assert "1.1 Ship something" in text
    # Without -o it goes beside the full plan's default name, never over it.
    default = cli("report", path, "-r", ALL_TYPES, "--advisor-page-only")
    assert default.exit_code == 0
    written = Path(default.stdout.strip())
    assert written.name.endswith("-advisor.pdf") and (tmp_path / written).is_file()
