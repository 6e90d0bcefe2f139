"""The bundled default rubric keeps the promises made about it."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from careerkit.rubric import Rubric, TextQuestion, bundled_rubrics, conditions_of

ESSAY = Path(__file__).resolve().parents[2] / "shared" / "seed" / "essay.txt"


def test_file_name_and_identity(default_rubric: Rubric) -> None:
    assert default_rubric.id == "ml-phd-career"
    assert bundled_rubrics()["ml-phd-career"].name == "ml-phd-career.yaml"


def test_size_and_coverage(default_rubric: Rubric) -> None:
    assert len(default_rubric.dimensions) >= 6
    questions = [q for _, q in default_rubric.questions()]
    assert sum(1 for q in questions if q.scored) >= 24
    assert sum(1 for q in questions if isinstance(q, TextQuestion)) >= 2
    assert {q.type for q in questions} == {"likert", "single", "multi", "yesno", "number",
                                           "text"}
    topics = " ".join(d.title.lower() for d in default_rubric.dimensions)
    for word in ("llm", "scale", "product", "sales", "ux", "market"):
        assert word in topics


def test_every_band_of_every_dimension_has_two_concrete_actions(default_rubric: Rubric) -> None:
    for dimension in default_rubric.dimensions:
        per_band = Counter(b for a in dimension.actions for b in a.bands)
        for band in default_rubric.bands_for(dimension):
            assert per_band[band.id] >= 2, (dimension.id, band.id)
        for action in dimension.actions:
            assert action.outcome.strip() and action.do.strip() and action.horizon_days > 0


def test_every_dimension_quotes_the_essay_apart_from_its_commentary(
    default_rubric: Rubric
) -> None:
    """The essay's words live in `quote` (with source and date), the rubric's own words in
    `why`; any essay words `why` quotes are verbatim too."""
    if not ESSAY.is_file():
        pytest.skip(f"the seed essay is not beside the repository ({ESSAY})")
    essay = " ".join(ESSAY.read_text(encoding="utf-8").split())
    for dimension in default_rubric.dimensions:
        quote = dimension.quote
        assert quote is not None and quote.source and quote.date, dimension.id
        assert len(quote.text) >= 20 and " ".join(quote.text.split()) in essay, dimension.id
        assert quote.text not in dimension.why, dimension.id
        for words in re.findall(r"[\"“]([^\"”]*)[\"”]", dimension.why):
            assert " ".join(words.split()) in essay, (dimension.id, words)


def test_the_context_asks_what_the_plan_needs(default_rubric: Rubric) -> None:
    assert default_rubric.context is not None
    ids = [q.id for q in default_rubric.context.questions]
    assert ids == ["phd_year", "expected_finish", "target_paths", "may_earn", "compute",
                   "hours_per_week"]
    assert all(q.default is not None for q in default_rubric.context.questions)
    assert default_rubric.plan.hours_question == "hours_per_week"
    paths = default_rubric.question("target_paths")
    assert [o.value for o in default_rubric.options(paths)] == [  # type: ignore[arg-type]
        "academic", "industry_research", "applied", "founder", "undecided"]


@pytest.mark.parametrize("name", ["ml-phd-career", "postdoc-to-industry"])
def test_every_action_has_hours_and_money_actions_carry_a_caveat(name: str) -> None:
    from careerkit.rubric import load_rubric

    rubric = load_rubric(name)
    for dimension in rubric.dimensions:
        for action in dimension.actions:
            assert action.effort_hours is not None and action.effort_hours > 0, action.id
            text = f"{action.title} {action.do}".lower()
            if re.search(r"\bto pay\b|revenue|paid (tier|pilot)|consulting", text):
                assert action.caveat and "visa" in action.caveat, action.id
                assert action.when is not None and "may_earn" in {
                    c.question for c in conditions_of(action.when)}, action.id
