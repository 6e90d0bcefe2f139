"""`careerkit rubric validate rubrics/*.yaml` in the layout the guide recommends: the test
cases files beside the rubrics are checked as test cases files, not refused as rubrics."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

ROOT = Path(__file__).resolve().parents[1]
Cli = Callable[..., Result]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    for name in ("ml-phd-career.yaml", "ml-phd-career.tests.yaml"):
        shutil.copy(ROOT / "rubrics" / name, tmp_path / name)
    return tmp_path


def test_a_glob_over_rubrics_and_their_cases_passes(cli: Cli, folder: Path) -> None:
    result = cli("rubric", "validate", *sorted(folder.glob("*.yaml")))
    assert result.exit_code == 0, result.output
    assert f"{folder / 'ml-phd-career.tests.yaml'}: ok (test cases for ml-phd-career.yaml" \
        in result.stdout
    assert f"{folder / 'ml-phd-career.yaml'}: ok (ml-phd-career" in result.stdout


def test_a_broken_cases_file_is_reported_at_its_line(cli: Cli, folder: Path) -> None:
    cases = folder / "ml-phd-career.tests.yaml"
    text = cases.read_text()
    cases.write_text(text.replace("llm_papers_read: 0", "llm_papers_reed: 0", 1))
    line = text.splitlines().index("        llm_papers_read: 0") + 1
    result = cli("rubric", "validate", *sorted(folder.glob("*.yaml")))
    assert result.exit_code == 2
    assert f"{cases}:{line}: " in result.stderr and "llm_papers_reed" in result.stderr
    assert "1 of 2 rubric file(s) invalid." in result.stderr


def test_a_cases_file_without_its_rubric_is_one_clear_line(cli: Cli, tmp_path: Path) -> None:
    lonely = tmp_path / "gone.tests.yaml"
    lonely.write_text("cases: []\n")
    result = cli("rubric", "validate", lonely)
    assert result.exit_code == 2
    assert f"{lonely}: a test cases file, but there is no gone.yaml beside it" in result.stderr
