"""The advisor's anonymous cohort PDF, read back as an advisor (and pypdf) would."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from typer.testing import Result

from careerkit._version import __version__
from careerkit.answers import answers_to_yaml, parse_answers, template_yaml
from careerkit.cohort import CohortSummary, build_summary, find_answer_files, read_cohort
from careerkit.report import render_cohort_pdf, write_cohort_pdf
from careerkit.rubric import Rubric

FIXTURE = Path(__file__).parent / "data" / "report" / "plan.yaml"
RUBRIC = FIXTURE  # the `rubric` fixture (conftest.py) loads this one
EPOCH = "1767225600"  # 2026-01-01 00:00 UTC
HABITS = ["never", "rarely", "monthly", "weekly", "daily"]
APPLIED = ["none", "few", "many"]
AGREEMENT = ["strongly_disagree", "disagree", "neutral", "agree", "strongly_agree"]


def write_students(folder: Path, rubric: Rubric, count: int,
                   market_answered: int | None = None) -> list[str]:
    """`count` answers files with named students and a spread of answers; their names.

    Only the first `market_answered` students answer the job-market questions.
    """
    folder.mkdir(parents=True, exist_ok=True)
    example = parse_answers(template_yaml(rubric, example=True), rubric)
    names = []
    for i in range(count):
        shipped = i % 3 != 0
        answers: dict[str, Any] = {
            "papers": (0, 1, 2, 4, 8, 12, 30)[i % 7],
            "habit": HABITS[(i * 2) % 5],
            "reading_note": f"My private reflection number {i}.",
            "shipped": shipped,
            "skills": [["sold"], ["designed", "interviewed"], ["none"], []][i % 4],
        }
        if shipped:
            answers["users"] = (0, 5, 20, 150)[i % 4]
        if market_answered is None or i < market_answered:
            answers["applied"] = APPLIED[i % 3]
            answers["confident"] = AGREEMENT[(i * 3) % 5]
        name = f"Zoë Example {i:02d}"
        student = example.model_copy(update={
            "respondent": name,
            "answers": answers,
            "started_at": datetime(2026, 2, 1, 9, tzinfo=timezone.utc) + timedelta(days=i),
            "finished_at": datetime(2026, 2, 1, 10, tzinfo=timezone.utc) + timedelta(days=i),
        })
        (folder / f"student-{i:02d}.yaml").write_text(answers_to_yaml(student, rubric),
                                                       encoding="utf-8")
        names.append(name)
    return names


def summarize(folder: Path, rubric: Rubric, min_group: int = 5) -> CohortSummary:
    files, _ = find_answer_files([folder])
    read = read_cohort(files, rubric)
    assert not read.skipped, read.skipped
    return build_summary(read.students, rubric, min_group)


def pdf_text(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in
                             PdfReader(io.BytesIO(pdf)).pages).split())


def between(text: str, start: str, end: str) -> str:
    head = text.index(start)
    return text[head:text.index(end, head)]



@pytest.fixture(scope="module")
def cohort(rubric: Rubric, tmp_path_factory: pytest.TempPathFactory
           ) -> tuple[list[str], CohortSummary, bytes]:
    """Twenty named students; only three answered the job-market questions."""
    folder = tmp_path_factory.mktemp("cohort")
    names = write_students(folder, rubric, 20, market_answered=3)
    summary = summarize(folder, rubric)
    return names, summary, render_cohort_pdf(summary, rubric)


# -- what the advisor reads ------------------------------------------------------------------


def test_the_cohort_report_names_every_dimension_and_the_number_of_students(
    cohort: tuple[list[str], CohortSummary, bytes], rubric: Rubric
) -> None:
    _, summary, pdf = cohort
    text = pdf_text(pdf)
    assert "COHORT REPORT · ANONYMOUS" in text
    assert f"{rubric.title} Version {rubric.version} · 20 students" in text
    for dimension in rubric.dimensions:
        assert dimension.title in text
    overall = summary.overall
    assert overall.median is not None and overall.p25 is not None and overall.p75 is not None
    assert f"median {overall.median:.0f} · middle half {overall.p25:.0f}–{overall.p75:.0f}" in text
    assert "Minimum group 5 students" in text


def test_every_shown_band_share_is_printed_with_its_count(
    cohort: tuple[list[str], CohortSummary, bytes]
) -> None:
    _, summary, pdf = cohort
    text = pdf_text(pdf)
    shares = between(text, "Students per band", "The most common gaps")
    shown = 0
    for dimension in summary.dimensions:
        for band in dimension.bands:
            if band.count is not None:
                assert band.share is not None
                assert f"{band.label}: {band.count} ({band.share * 100:.0f}%)" in shares
                shown += 1
    assert shown >= 3  # the fixture cohort shows real figures, not only suppressed ones


def test_a_dimension_too_few_students_answered_is_suppressed_never_zero(
    cohort: tuple[list[str], CohortSummary, bytes]
) -> None:
    _, summary, pdf = cohort
    market = next(d for d in summary.dimensions if d.id == "market")
    assert market.distribution.suppressed and all(b.count is None for b in market.bands)
    text = pdf_text(pdf)
    assert "The job market fewer than 5 students answered: suppressed" in text
    shares = between(text, "Students per band", "The most common gaps")
    market_shares = shares[shares.index("The job market"):]
    assert "fewer than 5 students answered: suppressed" in market_shares
    assert not re.search(r"\d+ \(\d+%\)", market_shares)  # no count, least of all a 0
    assert "Not ranked (fewer than 5 students answered): The job market." in text


def test_suppressed_band_cells_say_suppressed_and_why(rubric: Rubric, tmp_path: Path) -> None:
    write_students(tmp_path, rubric, 7)
    summary = summarize(tmp_path, rubric)
    hidden = [(d.title, b.label) for d in summary.dimensions for b in d.bands
              if b.count is None]
    assert hidden  # seven students in three bands: some band holds fewer than five
    text = pdf_text(render_cohort_pdf(summary, rubric))
    shares = between(text, "Students per band", "The most common gaps")
    every_band = ("Every band suppressed: one holds fewer than 5 students, and the others "
                  "would give its count away.")
    for dimension in summary.dimensions:
        row = shares[shares.index(dimension.title):]
        if dimension.distribution.suppressed:
            continue
        if all(b.count is None for b in dimension.bands):
            # Said once for the row, with why: no bar of grey, no list of "suppressed".
            assert row.startswith(f"{dimension.title} {every_band}")
        else:
            for band in dimension.bands:
                if band.count is None:
                    assert f"{band.label}: suppressed" in row
    assert "“suppressed”: fewer than 5 students, or hidden with such a figure" in text
    assert "not shown (suppressed)" in shares  # the chart's one legend names the grey


def test_the_actions_most_often_recommended_show_count_and_share(
    cohort: tuple[list[str], CohortSummary, bytes]
) -> None:
    _, summary, pdf = cohort
    assert summary.actions
    text = pdf_text(pdf)
    section = text[text.index("Actions most often recommended"):]
    for rank, action in enumerate(summary.actions, start=1):
        assert (f"{rank} {action.title} {action.dimension} {action.count} of 20 "
                f"{action.share * 100:.0f}%") in section


def test_the_gaps_are_ranked_largest_first(
    cohort: tuple[list[str], CohortSummary, bytes]
) -> None:
    _, summary, pdf = cohort
    text = between(pdf_text(pdf), "The most common gaps", "Actions most often recommended")
    titles = {d.id: d.title for d in summary.dimensions}
    positions = [text.index(titles[i]) for i in summary.gaps]
    assert len(positions) == 2 and positions == sorted(positions)


# -- anonymous --------------------------------------------------------------------------------


def test_no_student_name_appears_anywhere(
    cohort: tuple[list[str], CohortSummary, bytes]
) -> None:
    names, _, pdf = cohort
    text = pdf_text(pdf)
    meta = PdfReader(io.BytesIO(pdf)).metadata
    assert meta is not None
    metadata = " ".join(str(v) for v in meta.values())
    for name in names:
        assert name not in text and name not in metadata
    assert "Zoë" not in text and "Zoë" not in metadata
    assert "private reflection" not in text
    assert meta.author == "careerkit"


def test_a_cohort_below_the_minimum_group_shows_no_figures(
    rubric: Rubric, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    names = write_students(tmp_path, rubric, 3)
    summary = summarize(tmp_path, rubric)
    assert summary.suppressed
    text = pdf_text(render_cohort_pdf(summary, rubric))
    assert "Fewer than 5 students: no figures are shown" in text
    assert not any(name in text for name in names)
    for dimension in rubric.dimensions:
        assert dimension.title not in text
    # The only numbers left are the rubric's version and hash, the minimum group, the
    # date, the page number and careerkit's version: no score, share or count.
    rest = text
    for allowed in (rubric.sha256 or "", "sha256", rubric.version, f"careerkit {__version__}",
                    "2026-01-01 00:00 UTC", "1 January 2026", "Page 1 of 1"):
        rest = rest.replace(allowed, "")
    assert set(re.findall(r"\d+", rest)) == {"5"}
    assert "%" not in text and "3 students" not in text


# -- a sound PDF ------------------------------------------------------------------------------


def test_fonts_are_embedded(cohort: tuple[list[str], CohortSummary, bytes]) -> None:
    _, _, pdf = cohort
    for page in PdfReader(io.BytesIO(pdf)).pages:
        resources: Any = page["/Resources"].get_object()
        for ref in resources.get("/Font", {}).values():
            font = ref.get_object()
            assert "FiraSans" in str(font["/BaseFont"])
            descriptor = font["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor


def test_every_page_says_page_n_of_m(cohort: tuple[list[str], CohortSummary, bytes]) -> None:
    _, _, pdf = cohort
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page.extract_text()


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf is not installed")
def test_qpdf_finds_the_cohort_pdf_valid(
    cohort: tuple[list[str], CohortSummary, bytes], tmp_path: Path
) -> None:
    path = tmp_path / "cohort.pdf"
    path.write_bytes(cohort[2])
    done = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_write_cohort_pdf_writes_atomically_and_returns_the_path(
    cohort: tuple[list[str], CohortSummary, bytes], rubric: Rubric, tmp_path: Path
) -> None:
    target = tmp_path / "new" / "cohort.pdf"
    assert write_cohort_pdf(cohort[1], rubric, target) == target
    assert target.read_bytes().startswith(b"%PDF-")
    assert [p.name for p in target.parent.iterdir()] == ["cohort.pdf"]


def test_the_same_summary_and_source_date_epoch_give_identical_bytes(
    cohort: tuple[list[str], CohortSummary, bytes], rubric: Rubric,
    monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    assert render_cohort_pdf(cohort[1], rubric) == render_cohort_pdf(cohort[1], rubric)


# -- the command ------------------------------------------------------------------------------


def test_careerkit_cohort_writes_the_pdf_and_the_csv(
    cli: Callable[..., Result], rubric: Rubric, tmp_path: Path
) -> None:
    names = write_students(tmp_path / "answers", rubric, 12)
    pdf, csv = tmp_path / "out" / "cohort.pdf", tmp_path / "out" / "scores.csv"
    result = cli("cohort", tmp_path / "answers", "--rubric", FIXTURE, "-o", pdf, "--csv", csv)
    assert result.exit_code == 0, result.output
    assert f"Wrote {pdf}" in result.stdout and f"Wrote {csv}" in result.stdout
    text = pdf_text(pdf.read_bytes())
    assert "12 students" in text
    assert not any(name in text for name in names)
    rows = csv.read_text(encoding="utf-8").splitlines()
    assert rows[0] == "student,overall,reading,building,market" and len(rows) == 13
    assert not any(name in csv.read_text(encoding="utf-8") for name in names)
