"""Terminal tables line up when titles are in CJK (two columns a character), emoji or
combining marks: every row of a table is padded by display width, not by `len()`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import Result

from careerkit.answers import Answers, pin
from careerkit.history import compare
from careerkit.rubric import Rubric, load_rubric
from careerkit.scoring import Scorecard, score
from careerkit.summary import comparison_table, scorecard_table
from careerkit.textwidth import display_width
from tests.conftest import ALL_TYPES
from tests.pipeline_inputs import NARROW_ATOMS, WIDE_ATOMS
from tests.test_progress import GOOD, POOR, answers_file

Cli = Callable[..., Result]
TITLES = st.lists(st.sampled_from(NARROW_ATOMS[:8] + WIDE_ATOMS), min_size=1,
                  max_size=6).map(" ".join)


def retitled(card: Scorecard, titles: list[str]) -> Scorecard:
    dimensions = {key: d.model_copy(update={"title": title})
                  for (key, d), title in zip(card.dimensions.items(), titles, strict=False)}
    return card.model_copy(update={"dimensions": dimensions})


@settings(max_examples=60, deadline=None)
@given(st.lists(TITLES, min_size=2, max_size=2), st.sampled_from([60, 80, 120]))
def test_the_score_table_rows_are_one_width(titles: list[str], width: int) -> None:
    rubric = load_rubric(ALL_TYPES)
    card = retitled(score(Answers(rubric=pin(rubric), answers=POOR), rubric), titles)
    table = scorecard_table(card, width=width).splitlines()
    rows = [line for line in table if line.endswith(("░", "█", "▏", "▎", "▍", "▌", "▋",
                                                     "▊", "▉"))]
    assert len(rows) == 3  # two dimensions and Overall
    assert len({display_width(row) for row in rows}) == 1, table


@settings(max_examples=60, deadline=None)
@given(st.lists(TITLES, min_size=2, max_size=2))
def test_the_comparison_rows_are_one_width(titles: list[str]) -> None:
    rubric = load_rubric(ALL_TYPES)
    before = retitled(score(Answers(rubric=pin(rubric), answers=POOR), rubric), titles)
    after = retitled(score(Answers(rubric=pin(rubric), answers=GOOD), rubric), titles)
    table = comparison_table(compare(before, after, "before", "after")).splitlines()
    rows = [*table[2:4], table[5]]  # the two dimensions and Overall
    assert len({display_width(row) for row in rows}) == 1, table


def test_the_cohort_table_lines_up_cjk_titles(cli: Cli, tmp_path: Path,
                                              all_types: Rubric) -> None:
    text = ALL_TYPES.read_text(encoding="utf-8")
    text = text.replace("title: First dimension", "title: 研究计划と日本語")
    rubric_path = tmp_path / "all-types.yaml"
    rubric_path.write_text(text, encoding="utf-8")
    cjk = load_rubric(rubric_path)
    for i in range(6):
        answers_file(tmp_path / "class", f"s{i}", cjk, GOOD if i % 2 else POOR, f"S {i}")
    result = cli("cohort", tmp_path / "class", "--rubric", rubric_path)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("Dimension"))
    rows = lines[header + 2:header + 4]
    assert "研究计划と日本語" in rows[0]
    assert len({display_width(row) for row in [lines[header], *rows]}) == 1, lines
