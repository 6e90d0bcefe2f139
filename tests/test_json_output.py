"""`--json` for history, compare, cohort and rubric list: the numbers a script reads are
the same as the ones the tables show (at full precision), and stdout is JSON only."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from typer.testing import Result

from careerkit.answers import Answers, pin
from careerkit.display import score_text
from careerkit.history import snapshot_rubric
from careerkit.rubric import Rubric
from careerkit.scoring import score
from tests.conftest import ALL_TYPES
from tests.test_progress import GOOD, POOR, WHEN, answers_file

Cli = Callable[..., Result]


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, all_types: Rubric) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("CAREERKIT_HOME", str(home))
    snapshot_rubric(all_types, home)
    answers_file(home / "history", "2026-01-01-all-types", all_types, POOR, "Ada", WHEN)
    answers_file(home / "history", "2026-06-01-all-types", all_types, GOOD, "Ada",
                 when=WHEN + timedelta(days=90))
    (home / "history" / "2026-07-01-all-types.yaml").write_text("answers: [broken\n")
    return home


def card(all_types: Rubric, values: dict[str, object]) -> dict[str, float | None]:
    scored = score(Answers(rubric=pin(all_types), answers=values), all_types)
    return {"overall": scored.overall,
            **{k: d.score for k, d in scored.dimensions.items()}}


def test_history_json_has_every_attempt_with_exact_scores(cli: Cli, home: Path,
                                                          all_types: Rubric) -> None:
    result = cli("history", "--json")
    assert result.exit_code == 0, result.output
    first, second, broken = json.loads(result.stdout)
    for attempt, values in ((first, POOR), (second, GOOD)):
        expected = card(all_types, values)
        assert attempt["overall"] == pytest.approx(expected["overall"])
        assert attempt["rubric"] == {"id": "all-types", "version": all_types.version}
        for dimension, found in attempt["dimensions"].items():
            assert found["score"] == pytest.approx(expected[dimension])
    assert "error" in broken and broken["path"].endswith("2026-07-01-all-types.yaml")
    table = cli("history").stdout
    assert f"overall {score_text(second['overall']):>3}" in table


def test_history_table_names_dimensions_by_id(cli: Cli, home: Path) -> None:
    lines = cli("history").stdout.splitlines()
    assert any(line.strip().startswith("first ") and " second " in line for line in lines)


def test_history_json_with_no_attempts_is_an_empty_list(cli: Cli) -> None:
    result = cli("history", "--json")
    assert (result.exit_code, json.loads(result.stdout)) == (0, [])


def test_compare_json_rows_add_up_as_the_table_does(cli: Cli, home: Path,
                                                    all_types: Rubric) -> None:
    result = cli("compare", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    before, after = card(all_types, POOR), card(all_types, GOOD)
    assert data["overall_before"] == pytest.approx(before["overall"])
    assert data["overall_after"] == pytest.approx(after["overall"])
    table = cli("compare").stdout
    for row in data["dimensions"]:
        assert row["before"] == pytest.approx(before[row["id"]])
        assert row["change"] == (int(score_text(row["after"]))
                                 - int(score_text(row["before"])))
        assert f"{row['change']:+d}" in table
    assert data["before_path"].endswith("2026-01-01-all-types.yaml")


def test_cohort_json_keeps_suppression_and_stdout_clean(cli: Cli, tmp_path: Path,
                                                        all_types: Rubric) -> None:
    folder = tmp_path / "class"
    for i in range(6):
        answers_file(folder, f"s{i}", all_types, GOOD if i % 2 else POOR,
                     respondent=f"Student {i}")
    out = tmp_path / "c.csv"
    result = cli("cohort", folder, "--rubric", ALL_TYPES, "--json", "--csv", out)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)  # "Wrote ..." went to stderr
    assert data["students"] == 6 and not data["suppressed"]
    assert f"Wrote {out}" in result.stderr
    assert "Student" not in result.stdout
    small = json.loads(cli("cohort", folder / "s1.yaml", folder / "s2.yaml", "--rubric",
                           ALL_TYPES, "--json").stdout)
    assert small["suppressed"] and small["overall"]["median"] is None
    assert all(d["distribution"]["median"] is None for d in small["dimensions"])


def test_rubric_list_json_names_every_known_rubric(cli: Cli) -> None:
    result = cli("rubric", "list", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    names = {r["name"]: r for r in data["rubrics"]}
    assert names["ml-phd-career"]["default"] and names["ml-phd-career"]["valid"]
    assert names["postdoc-to-industry"]["origin"] == "bundled"
    assert data["searched"][0]["origin"] == "bundled"
