"""The bundled default rubric keeps the promises made about it."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from careerkit.rubric import Rubric, TextQuestion, bundled_rubrics

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


def test_every_why_quotes_the_essay(default_rubric: Rubric) -> None:
    if not ESSAY.is_file():
        pytest.skip(f"the seed essay is not beside the repository ({ESSAY})")
    essay = " ".join(ESSAY.read_text(encoding="utf-8").split())
    for dimension in default_rubric.dimensions:
        quotes = re.findall(r"[\"“]([^\"”]*)[\"”]", dimension.why)
        assert any(len(q) >= 20 for q in quotes), dimension.id
        for quote in quotes:
            assert " ".join(quote.split()) in essay, (dimension.id, quote)
