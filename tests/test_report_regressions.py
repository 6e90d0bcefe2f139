"""Layouts that once failed to render, and bookmarks that must open the right page.

Each case here validated and then crashed the PDF step (reportlab's LayoutError or
AttributeError) in an earlier version; tests/test_pipeline_property.py searches for more.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from pypdf import PdfReader
from typer.testing import Result

from careerkit.answers import parse_answers, template_yaml
from careerkit.cohort import build_summary, find_answer_files, read_cohort
from careerkit.report import render_cohort_pdf, render_report
from careerkit.report.styles import PAGE_WIDTH, RIGHT_MARGIN
from careerkit.rubric import Rubric, load_rubric
from tests.test_report_cohort import FIXTURE, write_students

pytestmark = pytest.mark.slow

MIXED = ("Hello world 你好世界 مرحبا بالعالم שלום עולם Привет мир 👩\u200d👩\u200d👧 é\u0303 "
         "नमस्ते 🇯🇵 ")


def rubric_doc(dimensions: int = 3, band_label: str = "Building", questions: int = 1,
               text_limit: int = 2000) -> dict[str, Any]:
    """A small valid rubric: `dimensions` dimensions of Likert questions and a reflection."""
    dims = []
    for d in range(dimensions):
        items: list[dict[str, Any]] = [
            {"id": f"q{d}_{i}", "type": "likert", "scale": "agreement",
             "text": f"Question {i} of dimension {d}?"} for i in range(questions)]
        items.append({"id": f"t{d}", "type": "text", "text": "In your own words?",
                      "max_length": text_limit})
        dims.append({"id": f"d{d}", "title": f"Dimension number {d}", "why": "Because.",
                     "questions": items,
                     "actions": [{"id": f"a{d}", "title": "Do one thing", "do": "Do it.",
                                  "outcome": "It is done.", "horizon_days": 30,
                                  "bands": ["low", "mid", "high"]}]})
    return {"id": "layout", "title": "Layout probe", "version": "1.0.0",
            "bands": [{"id": "low", "label": f"{band_label} low", "min": 0, "max": 40},
                      {"id": "mid", "label": f"{band_label} mid", "min": 40, "max": 70},
                      {"id": "high", "label": f"{band_label} high", "min": 70, "max": 100}],
            "dimensions": dims}


def render(tmp_path: Path, doc: dict[str, Any], reflection: str | None = None,
           name: str = "Example Student") -> PdfReader:
    return PdfReader(io.BytesIO(render_bytes(tmp_path, doc, reflection, name)))


def render_bytes(tmp_path: Path, doc: dict[str, Any], reflection: str | None = None,
                 name: str = "Example Student") -> bytes:
    path = tmp_path / "rubric.yaml"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    rubric = load_rubric(path)
    answers = parse_answers(template_yaml(rubric, example=True), rubric)
    given = dict(answers.answers)
    if reflection is not None:
        given["t0"] = reflection
    answers = answers.model_copy(update={"answers": given, "respondent": name})
    return bytes(render_report(answers, rubric).pdf)


def all_text(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() or "" for page in reader.pages)


@pytest.mark.parametrize("dimensions", [19, 30])
def test_many_dimensions_spill_the_summary_panel_onto_the_next_page(
        tmp_path: Path, dimensions: int) -> None:
    reader = render(tmp_path, rubric_doc(dimensions))
    first_two = all_text(reader).split("Your dimensions")[0]
    for d in range(dimensions):  # every bar is drawn, none lost at the page turn
        assert f"Dimension number {d}\n" in first_two + "\n"


@pytest.mark.parametrize(("dimensions", "label"), [(7, "x" * 46), (8, "Long label words " * 3)])
def test_long_band_labels_are_cut_with_an_ellipsis_not_a_crash(
        tmp_path: Path, dimensions: int, label: str) -> None:
    pdf = render_bytes(tmp_path, rubric_doc(dimensions, band_label=label))
    text = all_text(PdfReader(io.BytesIO(pdf)))
    summary = text.split("Your dimensions")[0]
    assert "…" in summary
    assert "more characters not shown" not in summary
    # The legend under the bars keeps every band's range on the page: with long labels
    # it takes a second line instead of running off the right edge.
    for span in ("0–40", "40–70", "70–100"):
        assert re.search(rf"(^|\s){span}(\s|$)", summary), span
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        beyond = "".join(c["text"] for c in document.pages[0].chars
                         if c["x1"] > PAGE_WIDTH - RIGHT_MARGIN + 1)
    assert beyond == "", f"drawn past the right margin: {beyond!r}"


@pytest.mark.parametrize("count", [1150, 1190, 1199, 1201])
def test_a_reflection_of_emoji_renders(tmp_path: Path, count: int) -> None:
    # 1,190 and 1,199 emoji broke a paragraph across a page where reportlab could not
    # split it; the paragraph's cached line breaking was then used after reportlab had
    # thrown it away ('Para' object has no attribute 'blPara').
    reader = render(tmp_path, rubric_doc(), reflection="😀" * count)
    assert "Your reflections" in all_text(reader)


@pytest.mark.parametrize("reflection", [
    (MIXED * 400)[:20_000],
    "a" * 20_000,  # no space to break at
    "你" * 20_000,
    ("line\n" * 4000)[:20_000],
])
def test_a_reflection_at_the_length_limit_renders_in_full(tmp_path: Path,
                                                          reflection: str) -> None:
    reader = render(tmp_path, rubric_doc(text_limit=20_000), reflection=reflection)
    assert len(reader.pages) > 5
    assert "more characters not shown" not in all_text(reader).split("Appendix")[0]


def test_a_question_with_many_short_lines_splits_its_table_row(tmp_path: Path) -> None:
    # Found by the pipeline property test: a question text of 600 characters with a line
    # break every few characters made one answers-table row taller than a page.
    doc = rubric_doc()
    doc["dimensions"][0]["questions"][0]["text"] = "Is it\n" * 3000
    reader = render(tmp_path, doc)
    assert "Your reflections" in all_text(reader)


@pytest.mark.parametrize("prompt", ["ab\n" * 80, "Ask?\n" * 48, "x" * 240])
def test_advisor_prompts_of_many_lines_keep_the_advisor_sheet_to_one_page(
        tmp_path: Path, prompt: str) -> None:
    # Three prompts of 80 short lines each (valid: a prompt may hold line breaks) made the
    # sheet's first priority taller than a page: LayoutError, and no PDF at all.
    doc = rubric_doc()
    doc["dimensions"][0]["actions"][0]["advisor_prompts"] = [prompt] * 3
    reader = render(tmp_path, doc)
    last = reader.pages[-1].extract_text() or ""
    assert "For your next meeting with your advisor" in last
    assert "Agree on each action" in last and "Notes" in last


def test_every_validated_example_of_a_5000_question_rubric_renders(tmp_path: Path) -> None:
    reader = render(tmp_path, rubric_doc(dimensions=50, questions=100))
    assert "Dimension number 49" in all_text(reader)


# -- bookmarks ---------------------------------------------------------------------------------


def outline_pages(reader: PdfReader) -> list[tuple[str, int]]:
    """Every outline entry's title and the (0-based) page it opens."""
    found: list[tuple[str, int]] = []

    def walk(items: list[Any]) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                found.append((item.title, reader.get_destination_page_number(item)))

    walk(reader.outline)
    return found


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def assert_bookmarks_open_their_headings(reader: PdfReader, first_title: str) -> None:
    entries = outline_pages(reader)
    assert len(entries) >= 4
    pages = [squash(page.extract_text() or "") for page in reader.pages]
    assert len({page for _, page in entries}) > 2, "every entry opens the same page"
    for title, page in entries:
        heading = first_title if title == "Summary" else re.sub(r"^\d+ ", "", title)
        assert squash(heading) in pages[page], (title, page + 1)
    # In reading order: each entry opens its page, not one before (headings such as a
    # dimension's title also appear on the summary page).
    opened = [page for _, page in entries]
    assert opened == sorted(opened)


def test_the_plans_bookmarks_open_the_page_of_their_heading(default_rubric: Rubric) -> None:
    answers = parse_answers(template_yaml(default_rubric, example=True), default_rubric)
    answers = answers.model_copy(update={"respondent": "Ana Souza"})
    reader = PdfReader(io.BytesIO(render_report(answers, default_rubric).pdf))
    assert len(reader.pages) > 5
    assert_bookmarks_open_their_headings(reader, "Ana Souza")


def test_the_previews_bookmarks_open_the_page_of_their_heading(
        cli: Callable[..., Result], tmp_path: Path) -> None:
    target = tmp_path / "preview.pdf"
    result = cli("rubric", "preview", "ml-phd-career", "-o", target)
    assert result.exit_code == 0, result.output
    reader = PdfReader(io.BytesIO(target.read_bytes()))
    first = (reader.pages[0].extract_text() or "").splitlines()
    assert_bookmarks_open_their_headings(reader, first[1])


def test_the_cohort_reports_bookmarks_open_the_page_of_their_heading(tmp_path: Path) -> None:
    rubric = load_rubric(FIXTURE)
    write_students(tmp_path / "cohort", rubric, 13)
    files, _ = find_answer_files([tmp_path / "cohort"])
    summary = build_summary(read_cohort(files, rubric).students, rubric, 5)
    reader = PdfReader(io.BytesIO(render_cohort_pdf(summary, rubric)))
    entries = outline_pages(reader)
    assert entries, "the cohort report has no bookmarks"
    pages = [squash(page.extract_text() or "") for page in reader.pages]
    assert entries[0] == ("Summary", 0)
    for title, page in entries[1:]:
        assert squash(re.sub(r"^\d+ ", "", title)) in pages[page], (title, page + 1)
    assert max(page for _, page in entries) > 0
