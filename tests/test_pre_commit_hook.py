"""The pre-commit hooks, run the way pre-commit runs them: the changed files that match a
hook's `files` (and not its `exclude`) appended to its `entry`."""

from __future__ import annotations

import re
import shlex
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from careerkit.yamlio import load_yaml_file
from tests.conftest import ALL_TYPES

ROOT = Path(__file__).resolve().parents[1]
Cli = Callable[..., Result]


def run_hook(cli: Cli, hook_id: str, repo: Path, changed: list[str]) -> Result | None:
    hooks = {h["id"]: h for h in load_yaml_file(ROOT / ".pre-commit-hooks.yaml").data}
    hook = hooks[hook_id]
    files = [f for f in changed if re.search(hook["files"], f)
             and not (hook.get("exclude") and re.search(hook["exclude"], f))]
    if not files:
        return None  # pre-commit: "(no files to check) Skipped"
    entry = shlex.split(hook["entry"])
    assert entry[0] == "careerkit"
    return cli(*entry[1:], *(str(repo / f) for f in files))


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "rubrics").mkdir()
    for name in ("ml-phd-career.yaml", "ml-phd-career.tests.yaml"):
        shutil.copy(ROOT / "rubrics" / name, tmp_path / "rubrics" / name)
    return tmp_path


def test_a_rubric_edit_that_breaks_a_test_case_fails_the_test_hook(cli: Cli,
                                                                   repo: Path) -> None:
    rubric = repo / "rubrics" / "ml-phd-career.yaml"
    # Answering 0 papers now earns half the points: the "scores 0 everywhere" case breaks.
    rubric.write_text(rubric.read_text().replace("- {at: 0, score: 0}\n",
                                                 "- {at: 0, score: 0.5}\n", 1))
    result = run_hook(cli, "careerkit-rubric-test", repo, ["rubrics/ml-phd-career.yaml"])
    assert result is not None, "the hook must run when only the rubric changed"
    assert result.exit_code == 1
    assert "FAIL  a student at the very start scores 0 everywhere" in result.stdout


def test_a_rubric_without_test_cases_is_skipped_quietly(cli: Cli, repo: Path) -> None:
    shutil.copy(ALL_TYPES, repo / "rubrics" / "lab.yaml")
    result = run_hook(cli, "careerkit-rubric-test", repo, ["rubrics/lab.yaml"])
    assert result is not None
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")


def test_a_rubric_and_its_cases_changed_together_run_the_cases_once(cli: Cli,
                                                                    repo: Path) -> None:
    shutil.copy(ALL_TYPES, repo / "rubrics" / "lab.yaml")
    changed = ["rubrics/ml-phd-career.yaml", "rubrics/ml-phd-career.tests.yaml",
               "rubrics/lab.yaml"]
    result = run_hook(cli, "careerkit-rubric-test", repo, changed)
    assert result is not None and result.exit_code == 0, result.output
    cases = load_yaml_file(repo / "rubrics" / "ml-phd-career.tests.yaml").data["cases"]
    assert result.stdout.count("PASS  ") == len(cases)
    assert result.stdout.strip().endswith(f"{len(cases)} passed, 0 failed")


def test_a_broken_cases_file_fails_the_test_hook(cli: Cli, repo: Path) -> None:
    cases = repo / "rubrics" / "ml-phd-career.tests.yaml"
    cases.write_text(cases.read_text().replace("llm_papers_read:", "llm_papers_reed:", 1))
    result = run_hook(cli, "careerkit-rubric-test", repo, ["rubrics/ml-phd-career.tests.yaml"])
    assert result is not None and result.exit_code == 2
    assert "llm_papers_reed" in result.stderr


def test_without_missing_ok_a_rubric_without_cases_is_still_an_error(cli: Cli,
                                                                      repo: Path) -> None:
    shutil.copy(ALL_TYPES, repo / "rubrics" / "lab.yaml")
    result = cli("rubric", "test", repo / "rubrics" / "lab.yaml")
    assert result.exit_code == 2 and "no test cases beside this rubric" in result.stderr


def test_the_lint_hooks_leave_cases_files_to_the_test_hook(cli: Cli, repo: Path) -> None:
    for hook in ("careerkit-rubric-lint", "careerkit-rubric-lint-strict"):
        assert run_hook(cli, hook, repo, ["rubrics/ml-phd-career.tests.yaml"]) is None
