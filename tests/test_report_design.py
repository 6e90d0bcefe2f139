"""Every careerkit PDF as a reader holds it: no page left mostly empty but the last, no
heading or lone table row stranded at a page's edge, no type under 9 pt, a preview marked
on every page. Checked on a student's plan, a retake, a rubric preview and cohort
reports of 3, 13 and 200 students, made from realistic answers (tests/report_samples.py)
and measured with pdfplumber (tests/pdf_measure.py).
"""

from __future__ import annotations

import io
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from reportlab.platypus import Flowable, Spacer, Table

from careerkit.answers import Answers, pin
from careerkit.dates import days_after
from careerkit.plan import build_plan, hours_text
from careerkit.report import charts, render_report
from careerkit.report.document import ReportBuilder, ReportData
from careerkit.report.fonts import FontBook
from careerkit.report.layout import (
    FRAME_HEIGHT,
    MIN_FILL,
    RULED_ROWS,
    Builder,
    DocumentInfo,
    build_document,
    short_day,
)
from careerkit.report.styles import SMALLEST, stylesheet
from careerkit.rubric import Rubric, load_rubric
from careerkit.scoring import score
from tests.pdf_measure import FRAME_BOTTOM, FRAME_TOP, Page, measure
from tests.pipeline_inputs import answers_for, names, rubrics
from tests.report_samples import cohort_pdf, plan_pdf, preview_pdf, retake_pdf, student

MARK = "SAMPLE — made-up answers"
SLOW = pytest.mark.slow  # renders the documents: eight, one of them from 200 answers files
GENERATED = int(os.environ.get("CAREERKIT_LAYOUT_EXAMPLES", "15"))
EPOCH = "1772355600"  # 2026-03-01 09:00 UTC

DOCUMENTS: dict[str, Callable[[Rubric], bytes]] = {
    "plan, seed 0": lambda rubric: plan_pdf(rubric, 0),
    "plan, seed 1": lambda rubric: plan_pdf(rubric, 1),
    "plan, seed 2": lambda rubric: plan_pdf(rubric, 2),
    "retake": lambda rubric: retake_pdf(rubric, 0),
    "preview": preview_pdf,
    "cohort of 3": lambda rubric: cohort_pdf(rubric, 3),
    "cohort of 13": lambda rubric: cohort_pdf(rubric, 13),
    "cohort of 200": lambda rubric: cohort_pdf(rubric, 200),
}


@pytest.fixture(scope="module")
def epoch() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        yield


@pytest.fixture(scope="module")
def documents(default_rubric: Rubric, epoch: None) -> dict[str, bytes]:
    return {name: make(default_rubric) for name, make in DOCUMENTS.items()}


@pytest.fixture(scope="module")
def measured(documents: dict[str, bytes]) -> dict[str, list[Page]]:
    return {name: measure(pdf) for name, pdf in documents.items()}


ADVISOR_PAGE = "For your next meeting with your advisor"


def body(pages: list[Page]) -> list[Page]:
    """The pages that must be full enough: all but the document's last. The advisor sheet
    (always last, to print on its own) is a document of its own, so the plan ends on the
    page before it; a sheet that long generated text pushes onto a second page ends there."""
    sheet = next((i for i, page in enumerate(pages) if ADVISOR_PAGE in page.text), None)
    if sheet is not None and sheet > 0:
        return pages[:sheet - 1] + pages[sheet:-1]
    return pages[:-1]


def assert_page_rules(pdf: bytes, what: str) -> None:
    """Points 1 and 3 of a sound document, for any PDF: no page but the last under
    `MIN_FILL` full, no character under the 9 pt floor."""
    pages = measure(pdf)
    for page in body(pages):
        assert page.fill >= MIN_FILL, f"{what}: page {page.number} is {page.fill:.0%} full"
    for page in pages:
        assert page.smallest >= SMALLEST - 0.01, (
            f"{what}: {page.smallest:.1f} pt type on page {page.number}, near "
            f"{page.smallest_text!r}")


# -- 1. no near-empty pages ----------------------------------------------------------------


@SLOW
@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_no_page_but_the_last_is_less_than_40_percent_full(
        name: str, measured: dict[str, list[Page]]) -> None:
    pages = measured[name]
    for page in body(pages):
        assert page.fill >= MIN_FILL, (
            f"{name}: page {page.number} of {len(pages)} is {page.fill:.0%} full: "
            f"{page.text[:200]!r}")


@SLOW
@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_no_page_ends_on_a_heading(name: str, documents: dict[str, bytes]) -> None:
    """The lowest line of a page (but the last) is never a heading whose text went on to
    the next page: headings are set 10.5 pt and larger, in bold or semibold."""
    with pdfplumber.open(io.BytesIO(documents[name])) as pdf:
        for page in pdf.pages[:-1]:
            body = [c for c in page.chars if c["text"].strip()
                    and c["top"] >= FRAME_TOP and c["bottom"] <= FRAME_BOTTOM + 1]
            lowest = max(c["bottom"] for c in body)
            line = [c for c in body if abs(c["bottom"] - lowest) < 2]
            text = "".join(c["text"] for c in line)
            heading = all(c["size"] >= 10.5 and "Bold" in c["fontname"] for c in line)
            assert not heading, f"{name}: page {page.page_number} ends on a heading {text!r}"


def test_a_table_never_leaves_one_row_alone_at_either_end_of_a_page() -> None:
    """A table that just overflows a page takes a second row along; one that would leave
    only its first row at a page's foot starts on the next page."""
    builder = Builder(FontBook())
    rows: list[list[Any]] = [[builder.p("Header", "CellMuted")]]
    rows += [[builder.p(f"Row number {i}", "Cell")] for i in range(1, 13)]
    measured = builder.table(rows, [200], RULED_ROWS, repeatRows=1)
    measured.wrap(200, FRAME_HEIGHT)
    row_height = measured._rowHeights[1]
    table_height = sum(measured._rowHeights)
    for room, expect_first_page in [
        (table_height - row_height + 2, range(1, 11)),  # row 12 alone: 11 goes too
        (2 * row_height + 2, range(0)),  # header and row 1 alone: all to the next page
    ]:
        story: list[Flowable] = [Spacer(1, FRAME_HEIGHT - room),
                                 builder.table(rows, [200], RULED_ROWS, repeatRows=1)]
        info = DocumentInfo(title="t", author="a", subject="s", keywords=[], invariant=True)
        reader = PdfReader(io.BytesIO(build_document(builder, story, info)))
        first, second = (page.extract_text() or "" for page in reader.pages[:2])
        on_first = {i for i in range(1, 13) if f"Row number {i}\n" in first + "\n"}
        on_second = {i for i in range(1, 13) if f"Row number {i}\n" in second + "\n"}
        assert on_first == set(expect_first_page), (room, on_first)
        assert on_first | on_second == set(range(1, 13))
        assert len(on_second) >= 2


@SLOW
def test_about_this_report_joins_the_page_before_when_it_fits(
        measured: dict[str, list[Page]]) -> None:
    too_few = measured["cohort of 3"]
    assert len(too_few) == 1 and "About this report" in too_few[0].text
    # Where it does not fit, it moves whole: its heading and every fact on one page.
    last = " ".join(measured["cohort of 13"][-1].text.split())
    assert "About this report" in last and "Rubric sha256" in last and "Generated by" in last
    for name in ("plan, seed 0", "preview"):
        about = next(p for p in measured[name] if "About this report" in p.text)
        # Below the situation the plan was fitted to (at least its last rows), never at
        # the top of a page of its own.
        assert not about.text.lstrip().startswith("About this report"), name


# -- 3. type hierarchy ----------------------------------------------------------------------


@SLOW
@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_every_character_is_9_points_or_larger(
        name: str, measured: dict[str, list[Page]]) -> None:
    for page in measured[name]:
        assert page.smallest >= SMALLEST - 0.01, (
            f"{name}: page {page.number} has {page.smallest:.1f} pt type near "
            f"{page.smallest_text!r}")


def test_headings_are_larger_than_the_text_they_head() -> None:
    sheet = stylesheet()
    text = ["Body", "Meta", "Small", "Cell", "CellBold", "CellMuted", "Reason", "Quote",
            "Reflection", "Priority"]
    largest_text = max(sheet[name].fontSize for name in text)
    for heading in ("Title", "TitleFlow", "Section", "H2", "H3"):
        assert sheet[heading].fontSize > largest_text, heading
    assert sheet["ActionTitle"].fontSize > sheet["Cell"].fontSize  # over its how-to


@SLOW
def test_the_band_blurb_follows_the_dimension_summary(
        default_rubric: Rubric, documents: dict[str, bytes]) -> None:
    text = " ".join(" ".join(p.extract_text() for p in
                             PdfReader(io.BytesIO(documents["preview"])).pages).split())
    checked = 0
    for dimension in default_rubric.dimensions:
        if not dimension.summary:
            continue
        summary_at = text.index(" ".join(dimension.summary.split()))
        blurbs = [" ".join(b.description.split())
                  for b in default_rubric.bands_for(dimension) if b.description]
        above = text[summary_at - 300:summary_at]  # the heading and the score line
        advice = dimension.quote.text if dimension.quote else dimension.why
        below = text[summary_at:text.index(" ".join(advice.split())[:40], summary_at)]
        assert not any(blurb in above for blurb in blurbs), dimension.id
        assert any(blurb in below for blurb in blurbs), dimension.id
        checked += 1
    assert checked >= 3


# -- 2. charts ----------------------------------------------------------------------------------


def _flowables(item: Any) -> Iterator[Any]:
    """Every flowable inside `item`, through table cells and lists."""
    yield item
    if isinstance(item, Table):
        for row in item._cellvalues:
            for cell in row:
                yield from _flowables(cell)
    elif isinstance(item, (list, tuple)):
        for part in item:
            yield from _flowables(part)


def _builder(rubric: Rubric, previous: bool) -> ReportBuilder:
    from careerkit.history import compare
    from careerkit.report import generation_time
    from careerkit.report.document import Earlier

    answers = student(rubric, 3)
    card = score(answers, rubric)
    earlier = None
    if previous:
        before = score(student(rubric, 4), rubric)
        earlier = Earlier(when=answers.started_at or generation_time()[0],
                          comparison=compare(before, card, "last time", "now"), actions=[])
    data = ReportData(answers=answers, rubric=rubric, scorecard=card,
                      plan=build_plan(card, rubric, answers), generated=generation_time()[0],
                      invariant=True, earlier=earlier)
    return ReportBuilder(data, FontBook())


def test_the_front_page_has_no_radar_to_repeat_its_bars(default_rubric: Rubric) -> None:
    builder = _builder(default_rubric, previous=False)
    found = list(_flowables(builder.overview()))
    assert not any(isinstance(f, charts.Radar) for f in found)
    assert sum(isinstance(f, charts.ScoreBar) for f in found) >= len(default_rubric.dimensions)


def test_the_retake_radar_names_every_axis_and_draws_last_time(default_rubric: Rubric) -> None:
    builder = _builder(default_rubric, previous=True)
    assert builder.data.earlier is not None
    panel = builder.change_panel(builder.data.earlier, "1 March 2026", "30 August 2026")
    radar = next(f for f in _flowables(panel) if isinstance(f, charts.Radar))
    assert radar.earlier is not None and len(radar.earlier) == len(radar.axes)
    for number, (axis, dimension) in enumerate(
            zip(radar.axes, default_rubric.dimensions, strict=True), start=1):
        name = axis.label.split("\u00a0", 1)[1].rstrip("…")
        assert axis.label.startswith(f"<b>{number}</b>")
        assert dimension.title.startswith(name) and len(name) >= 10, axis.label
        assert not name.endswith(" "), "cut between words"


@SLOW
def test_cohort_charts_show_suppression_once_and_one_legend(
        measured: dict[str, list[Page]], documents: dict[str, bytes]) -> None:
    for name in ("cohort of 13", "cohort of 200"):
        pages = measured[name]
        shares = next(p.text for p in pages if "Students per band" in p.text
                      and "For each dimension" in p.text)
        assert shares.count("not shown (suppressed)") == 1, name  # the one legend
        # A bar is drawn only where some share is shown: never a bar of grey alone.
        assert "not shown" not in [line.strip() for line in shares.splitlines()], name
        assert shares.count("Starting out\n") + shares.count("Starting out ") <= 2, name
    # 13 students: every band of the overall bar hides a group under 5; it says so in
    # words instead of drawing a bar of grey.
    first = measured["cohort of 13"][0].text
    assert "Every band suppressed: one holds fewer than 5 students" in " ".join(first.split())
    # 200 students: every band is shown, with its count.
    big = " ".join(measured["cohort of 200"][0].text.split())
    assert "suppressed:" not in big.split("STUDENTS PER BAND")[1].split("Scores by")[0]


@SLOW
def test_gap_ranks_stand_apart_from_dimension_numbers(measured: dict[str, list[Page]]) -> None:
    text = "\n".join(p.text for p in measured["cohort of 13"])
    gaps = text.split("The most common gaps")[1].split("Actions most often")[0]
    rows = [line for line in gaps.splitlines() if line[:1].isdigit()][:6]
    assert len(rows) == 6
    for line in rows:
        second = line.split()[1]
        assert not second.isdigit(), line  # "1 Scale resilience", never "1 2 Scale"


# -- 4. the page a student pins up ---------------------------------------------------------


@SLOW
@pytest.mark.parametrize("seed", [0, 1, 2, 5, 8])
def test_the_first_30_days_fit_page_2_with_dates_hours_and_boxes(
        default_rubric: Rubric, seed: int, epoch: None) -> None:
    answers = student(default_rubric, seed)
    card = score(answers, default_rubric)
    plan = build_plan(card, default_rubric, answers)
    pdf = plan_pdf(default_rubric, seed)
    taken = (answers.finished_at or answers.started_at)
    assert taken is not None
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        page1, page2 = (" ".join((p.extract_text() or "").split()) for p in document.pages[:2])
        boxes = len([r for r in document.pages[1].rects + document.pages[1].curves
                     if 9 <= r["width"] <= 11 and 9 <= r["height"] <= 11])
    first = next((g for g in plan.timeline if g.days == 30), None)
    assert "Your first 30 days" in page2
    if first is not None:
        for action in first.actions:
            due = short_day(days_after(taken.date(), action.due_days))
            assert " ".join(action.title.split())[:40] in page2, action.title
            assert due in page2
        assert boxes >= len(first.actions)
        for action in first.actions:  # written out: what to do, the outcome, the hours
            assert " ".join(action.do.split())[:40] in page2, action.do
            assert f"Done when: {' '.join(action.outcome.split())[:40]}" in page2
            assert f"{hours_text(action.effort_hours)} h" in page2
    for item in plan.top_priorities:
        action = next(a for a in plan.actions if a.action_id == item.action_id)
        assert short_day(days_after(taken.date(), action.due_days)) in page1


# -- 5. previews are marked -------------------------------------------------------------------


@SLOW
def test_every_page_of_the_preview_is_marked(measured: dict[str, list[Page]],
                                             documents: dict[str, bytes]) -> None:
    pages = measured["preview"]
    assert len(pages) > 3
    for page in pages:
        assert MARK in page.text, page.number
    meta = PdfReader(io.BytesIO(documents["preview"])).metadata
    assert meta is not None and "made-up answers" in str(meta.title)
    for name in ("plan, seed 0", "retake"):
        assert not any(MARK in p.text for p in measured[name])


# -- any rubric, any answers ------------------------------------------------------------------


@SLOW
@settings(max_examples=GENERATED, deadline=None,
          phases=[Phase.explicit, Phase.reuse, Phase.generate],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.large_base_example])
@given(st.data())
def test_generated_rubrics_keep_the_page_rules_in_plan_and_preview(data: st.DataObject) -> None:
    """Rubrics of 1 to 13 dimensions with text in many scripts and of every length, and
    answers to them: the plan and the preview keep every page full enough and every
    character at 9 pt or more."""
    rubric_doc = data.draw(rubrics(max_dimensions=13), label="rubric")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "generated.yaml"
        path.write_text(json.dumps(rubric_doc, ensure_ascii=False), encoding="utf-8")
        rubric = load_rubric(path)
    given_answers = data.draw(st.composite(lambda draw: answers_for(draw, rubric))(),
                              label="answers")
    answers = Answers(rubric=pin(rubric), respondent=data.draw(names(), label="name"),
                      started_at=datetime(2026, 3, 1, 9, tzinfo=timezone.utc),
                      finished_at=datetime(2026, 3, 1, 9, 40, tzinfo=timezone.utc),
                      answers=given_answers)
    for sample in (False, True):
        pdf = render_report(answers, rubric, sample=sample).pdf
        assert_page_rules(pdf, f"{len(rubric.dimensions)} dimensions, sample={sample}")
