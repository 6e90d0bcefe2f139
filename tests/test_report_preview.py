"""A rubric preview is made from made-up answers, and every page of it says so."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import Result

from careerkit.answers import parse_answers, template_yaml
from careerkit.report import render_report
from careerkit.rubric import Rubric

MARK = "SAMPLE — made-up answers"


def test_every_page_of_a_preview_says_its_answers_are_made_up(
        cli: Callable[..., Result], tmp_path: Path) -> None:
    target = tmp_path / "preview.pdf"
    result = cli("rubric", "preview", "ml-phd-career", "-o", target)
    assert result.exit_code == 0, result.output
    reader = PdfReader(io.BytesIO(target.read_bytes()))
    assert len(reader.pages) > 3
    for number, page in enumerate(reader.pages, start=1):
        assert MARK in (page.extract_text() or ""), f"page {number} is not marked"
    meta = reader.metadata
    assert meta is not None
    assert meta.title is not None and meta.title.startswith("Sample (made-up answers)")
    assert meta.subject is not None and "made-up answers" in meta.subject
    assert "sample" in str(meta.get("/Keywords", ""))


def test_a_students_own_plan_carries_no_sample_mark(default_rubric: Rubric) -> None:
    answers = parse_answers(template_yaml(default_rubric, example=True), default_rubric)
    reader = PdfReader(io.BytesIO(render_report(answers, default_rubric).pdf))
    text = "".join(page.extract_text() or "" for page in reader.pages)
    assert "SAMPLE" not in text and "made-up" not in text
    assert reader.metadata is not None and "Sample" not in str(reader.metadata.title)


def test_a_preview_is_reproducible_under_source_date_epoch(
        cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The made-up answers are dated like the PDF, not by the clock that made them."""
    import careerkit.answers

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764493200")
    made = []
    for minute in (1, 2):  # two runs whose clocks read different minutes
        monkeypatch.setattr(careerkit.answers, "now",
                            lambda minute=minute: datetime(2026, 11, 30, 9, minute,
                                                           tzinfo=timezone.utc))
        target = tmp_path / f"preview-{minute}.pdf"
        result = cli("rubric", "preview", "ml-phd-career", "-o", target)
        assert result.exit_code == 0, result.output
        made.append(target.read_bytes())
    assert made[0] == made[1]
