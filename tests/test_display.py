"""One display rule and one band rule: every output shows a score the same way.

A score is shown as a whole number, halves rounded up; a change is the difference of the
two numbers shown; bands are chosen from the number shown, by scoring and by lint alike.
"""

from __future__ import annotations

import csv
import io
import itertools
import statistics
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader
from typer.testing import Result

from careerkit.answers import Answers, answers_to_yaml, pin
from careerkit.cohort import StudentRecord, build_summary, students_csv
from careerkit.display import exact_text, percent_text, score_change, score_text, shown
from careerkit.export import export_csv, export_markdown
from careerkit.history import compare, load_attempt, snapshot_rubric
from careerkit.lint import lint_rubric, reachable_bands
from careerkit.plan import build_plan
from careerkit.report import render_cohort_pdf, render_pdf
from careerkit.rubric import Band, Rubric, band_for, load_rubric
from careerkit.scoring import score
from careerkit.summary import cohort_table, comparison_table, scorecard_table

Cli = Callable[..., Result]

# Each dimension has one question, so its score is the chosen option's score x 100:
# 43.75, 62.5, 56.25, 93.57 and 43.33 are the values that used to print differently.
GRID = {"a4375": 0.4375, "a625": 0.625, "a5625": 0.5625, "a9357": 0.9357, "a4333": 0.4333,
        "a375": 0.375, "a6875": 0.6875, "a1875": 0.1875}
OPTIONS = "\n".join(f"          - {{value: {v}, label: Option {v}, score: {s}}}"
                    for v, s in GRID.items())
RUBRIC = f"""\
id: grid
title: Grid rubric
version: 1.0.0
bands:
  - {{id: low, label: Low, min: 0, max: 44}}
  - {{id: high, label: High, min: 44, max: 100}}
dimensions:
  - id: alpha
    title: Alpha
    why: "x"
    questions:
      - id: qa
        type: single
        text: Pick one for alpha.
        options:
{OPTIONS}
    actions:
      - {{id: alpha-act, title: Alpha action, do: Do it, outcome: Done, horizon_days: 30,
         bands: [low, high]}}
  - id: beta
    title: Beta
    why: "x"
    questions:
      - id: qb
        type: single
        text: Pick one for beta.
        options:
{OPTIONS}
"""
WHEN = datetime(2026, 3, 1, 12, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def grid(tmp_path_factory: pytest.TempPathFactory) -> Rubric:
    path = tmp_path_factory.mktemp("grid") / "grid.yaml"
    path.write_text(RUBRIC, encoding="utf-8")
    return load_rubric(path)


def attempt(rubric: Rubric, alpha: str, beta: str, when: datetime = WHEN,
            name: str = "Ada") -> Answers:
    return Answers(rubric=pin(rubric), respondent=name, started_at=when, finished_at=when,
                   answers={"qa": alpha, "qb": beta})


def pdf_text(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in
                             PdfReader(io.BytesIO(pdf)).pages).split())


# -- the rule itself ------------------------------------------------------------------------


@pytest.mark.parametrize(("score", "text"), [
    (62.5, "63"), (37.5, "38"), (43.75, "44"), (56.25, "56"), (39.5, "40"), (39.49, "39"),
    (0.0, "0"), (100.0, "100"), (39.99999999999999, "40"), (None, "—"),
])
def test_scores_are_whole_numbers_with_halves_rounded_up(score: float | None,
                                                         text: str) -> None:
    assert score_text(score) == text


def test_shares_and_exact_numbers() -> None:
    assert percent_text(0.125) == "13%" and percent_text(0.625) == "63%"
    assert percent_text(None, "–") == "–"
    assert exact_text(56.25) == "56.25" and exact_text(100.0) == "100"
    assert exact_text(43.333333333) == "43.333333333" and exact_text(None) == ""


@given(st.floats(0, 100), st.floats(0, 100))
def test_a_change_is_the_difference_of_the_numbers_shown(before: float, after: float) -> None:
    change = score_change(before, after)
    assert change is not None
    assert int(score_text(before)) + change == int(score_text(after))


@given(st.floats(0, 100), st.floats(0, 100))
def test_every_compare_row_adds_up(before: float, after: float) -> None:
    from careerkit.history import Comparison, DimensionChange

    comparison = Comparison(
        before_label="a", after_label="b", overall_before=None, overall_after=None,
        dimensions=[DimensionChange(id="d", title="Dim", before=before, after=after,
                                    change=score_change(before, after))],
        only_before=[], only_after=[], rubric_changed=False)
    row = comparison_table(comparison).splitlines()[2].split()
    shown_before, shown_after, change = int(row[1]), int(row[2]), row[3]
    delta = 0 if change == "±0" else int(change)
    assert shown_before + delta == shown_after


# -- every output agrees ----------------------------------------------------------------------


def test_compare_and_the_pdf_print_the_same_change(
    grid: Rubric, tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reported case: 43.33 -> 93.57 was +50 in `compare` and +51 in the PDF."""
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    before = attempt(grid, "a4333", "a625", WHEN - timedelta(days=90))
    after = attempt(grid, "a9357", "a5625")
    old.write_text(answers_to_yaml(before, grid), encoding="utf-8")
    new.write_text(answers_to_yaml(after, grid), encoding="utf-8")
    snapshot_rubric(grid, tmp_path / "home")

    result = cli("compare", old, new)
    assert result.exit_code == 0, result.output
    rows = {line.split()[0]: line.split()[1:] for line in result.stdout.splitlines()}
    assert rows["Alpha"] == ["43", "94", "+51", "▲"]
    assert rows["Beta"] == ["63", "56", "-7", "▼"]  # 62.5 -> 63, 56.25 -> 56

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    text = pdf_text(render_pdf(after, grid, previous=load_attempt(old, grid)))
    assert "Alpha 43 94 +51" in text
    assert "Beta 63 56 \u22127" in text

    card_before, card_after = score(before, grid), score(after, grid)
    rows = {d.id: d for d in compare(card_before, card_after).dimensions}
    assert rows["alpha"].change == 51 and rows["beta"].change == -7


@pytest.mark.parametrize(("value", "expected"), [("a4375", 44), ("a625", 63), ("a5625", 56)])
def test_score_history_export_and_pdf_show_one_number(
    grid: Rubric, value: str, expected: int, cli: Cli, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    answers = attempt(grid, value, value)
    card = score(answers, grid)
    exact = GRID[value] * 100
    assert card.dimensions["alpha"].score == pytest.approx(exact)
    plan = build_plan(card, grid, answers)

    table = scorecard_table(card)
    assert f"Alpha         {expected:>5}" in table
    markdown = export_markdown(answers, grid, card, plan)
    assert f"| Alpha | {expected} |" in markdown
    assert f"## 1. Alpha — {expected} " in markdown
    # CSV keeps every digit, for analysis.
    rows = list(csv.reader(io.StringIO(export_csv(card, plan))))
    assert [r[3] for r in rows if r[0] == "dimension"] == [exact_text(exact)] * 2

    home = tmp_path / "home"
    snapshot_rubric(grid, home)
    (home / "history").mkdir(parents=True, exist_ok=True)
    (home / "history" / "one.yaml").write_text(answers_to_yaml(answers, grid), "utf-8")
    result = cli("history")
    assert result.exit_code == 0, result.output
    assert f"overall {expected:>3}" in result.stdout
    # history names dimensions by id: short, unique, and never "The 75"
    assert f"alpha {expected}  beta {expected}" in result.stdout

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    text = pdf_text(render_pdf(answers, grid))
    assert f"Alpha {expected}" in text or f"Alpha\n{expected}" in text


def record(alpha: float, beta: float) -> StudentRecord:
    return StudentRecord(key=f"{alpha}-{beta}", when=WHEN, overall=(alpha + beta) / 2,
                         scores=(alpha, beta), actions=())


def test_cohort_quartiles_follow_the_rule_and_the_csv_keeps_precision(grid: Rubric) -> None:
    # Quartiles 37.5 and 62.5 used to print as "38–62" (":.0f" rounds half to even).
    alphas = [25.0, 37.5, 37.5, 37.5, 50.0, 50.0, 62.5, 62.5, 62.5, 75.0]
    students = [record(a, 56.25) for a in alphas]
    summary = build_summary(students, grid, min_group=5)
    alpha = summary.dimensions[0].distribution
    q1, _, q3 = statistics.quantiles(sorted(alphas), n=4, method="inclusive")
    assert (alpha.p25, alpha.p75) == (q1, q3) == (37.5, 62.5)

    table = cohort_table(summary)
    assert "38–63" in table and "38–62" not in table
    text = pdf_text(render_cohort_pdf(summary, grid))
    assert "38–63" in text and "38–62" not in text
    lines = list(students_csv(students, grid, salt=b"s"))
    assert all(line.rstrip("\n").endswith(",56.25") for line in lines[1:])


# -- the band rule, in scoring and in lint ----------------------------------------------------


def bands(*edges: float) -> list[Band]:
    points = [0.0, *edges, 100.0]
    return [Band(id=f"b{i}", label=f"B{i}", min=lo, max=hi)
            for i, (lo, hi) in enumerate(itertools.pairwise(points))]


@pytest.mark.parametrize(("score", "band"), [
    (43.75, "b1"),   # shown 44: the band starting at 44
    (43.49, "b0"),
    (39.5, "b0"),    # shown 40 < 44
    (56.25, "b1"),   # shown 56, below the fractional edge 56.1
    (56.5, "b2"),    # shown 57
])
def test_the_band_is_chosen_from_the_score_as_shown(score: float, band: str) -> None:
    assert band_for(bands(44, 56.1), score).id == band


def test_a_fractional_min_acts_as_the_next_whole_number() -> None:
    layout = bands(56.1)
    assert band_for(layout, 56.25).id == "b0"  # shown 56 is below 56.1
    assert band_for(layout, 56.5).id == "b1"   # shown 57


@given(st.lists(st.floats(0.5, 99.5), min_size=1, max_size=4, unique=True),
       st.floats(0, 100), st.floats(0, 100), st.floats(0, 1))
def test_lint_reaches_exactly_the_bands_scores_land_in(
    edges: list[float], a: float, b: float, where: float
) -> None:
    layout = bands(*sorted(edges))
    low, high = min(a, b), max(a, b)
    reachable = reachable_bands(layout, low, high)
    # Any score in the range lands in a band lint calls reachable...
    assert band_for(layout, low + where * (high - low)).id in reachable
    # ...and every band lint calls reachable is where some score in the range lands.
    for band_id in reachable:
        assert any(band_for(layout, n).id == band_id
                   for n in range(shown(low), shown(high) + 1))


LINT_RUBRIC = """\
id: lintband
title: Lint vs bands
version: 1.0.0
bands:
  - {{id: starting, label: Starting, min: 0, max: 40}}
  - {{id: building, label: Building, min: 40, max: {edge}}}
  - {{id: sliver, label: Sliver, min: {edge}, max: {edge2}}}
  - {{id: strong, label: Strong, min: {edge2}, max: 100}}
dimensions:
  - id: d
    title: One dimension
    why: x
    questions:
{questions}
"""


def lint_messages(tmp_path: Path, edge: float, edge2: float, top: float) -> list[str]:
    questions = "\n".join(
        f"      - id: q{i}\n        type: single\n        text: Pick {i}.\n        options:\n"
        f"          - {{value: lo, label: Low, score: 0}}\n"
        f"          - {{value: hi, label: High, score: {top}}}" for i in range(3))
    path = tmp_path / "lint.yaml"
    path.write_text(LINT_RUBRIC.format(edge=edge, edge2=edge2, questions=questions), "utf-8")
    return [f.message for f in lint_rubric(load_rubric(path))]


def test_lint_counts_a_band_reached_by_rounding_up(tmp_path: Path) -> None:
    """The reported case: scores reach 39.6, shown as 40, banded Building."""
    messages = lint_messages(tmp_path, 70, 71, 0.396)
    assert not any("'building'" in m and "cannot be reached" in m for m in messages)
    assert any("'strong'" in m and "show from 0 to 40" in m for m in messages)


def test_lint_reports_a_band_no_whole_number_falls_in(tmp_path: Path) -> None:
    """The reported case: [56.1, 56.4) holds no whole number, so no one ever lands there."""
    messages = lint_messages(tmp_path, 56.1, 56.4, 1.0)
    assert any("band 'sliver' (56.1–56.4) cannot be reached" in m for m in messages)
    assert any("band 'sliver' starts at 56.1" in m and "acts as 57" in m for m in messages)
    assert any("band 'strong' starts at 56.4" in m for m in messages)
    assert not any("'building'" in m and "cannot be reached" in m for m in messages)


def test_scoring_and_lint_agree_on_every_bundled_rubric(
        shared_rubric: Callable[[Path], Rubric]) -> None:
    from careerkit.lint import reachable_range
    from careerkit.rubric import bundled_rubrics

    for path in bundled_rubrics().values():
        rubric = shared_rubric(path)
        for dimension in rubric.dimensions:
            layout = rubric.bands_for(dimension)
            low, high = reachable_range(rubric, dimension)
            assert band_for(layout, low).id in reachable_bands(layout, low, high)
            assert band_for(layout, high).id in reachable_bands(layout, low, high)


def test_score_and_band_printed_together_agree(grid: Rubric) -> None:
    """43.75 is shown as 44 and banded High (min 44), never "44 Low"."""
    card = score(attempt(grid, "a4375", "a4333"), grid)
    alpha, beta = card.dimensions["alpha"], card.dimensions["beta"]
    assert (score_text(alpha.score), alpha.band) == ("44", "high")
    assert (score_text(beta.score), beta.band) == ("43", "low")
