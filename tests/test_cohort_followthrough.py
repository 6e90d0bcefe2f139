"""Cohort follow-through: anonymous rates per dimension, under the --min-group floor."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from typer.testing import Result

from careerkit.followthrough import StatusFile, save_status, with_status
from careerkit.rubric import Rubric
from tests.conftest import ALL_TYPES
from tests.test_progress import POOR, answers_file

Cli = Callable[..., Result]
SECRET = "SECRET-NOTE-zq"


def cohort(folder: Path, rubric: Rubric, students: int, tracked: int) -> None:
    """`students` with POOR answers (a_trig, a_low_1 in the first dimension, b_low in the
    second); the first `tracked` recorded a_trig done and b_low dropped, with words."""
    for i in range(students):
        path = answers_file(folder, f"s{i}", rubric, POOR, respondent=f"Student {i}")
        if i < tracked:
            status = with_status(StatusFile(attempt=path.name), "a_trig", "done",
                                 note=f"{SECRET} by Student {i}")
            save_status(path, with_status(status, "b_low", "dropped", reason=SECRET))


def test_rates_per_dimension_are_shown_for_enough_students_and_nothing_personal(
        cli: Cli, tmp_path: Path, all_types: Rubric) -> None:
    folder = tmp_path / "class"
    cohort(folder, all_types, students=7, tracked=6)
    result = cli("cohort", folder, "--rubric", ALL_TYPES, "--min-group", "5")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Follow-through: actions done, of the plans students tracked" in out
    # 6 students x 2 first-dimension actions, 6 done; 6 second-dimension actions, 0 done
    assert "First dimension   50% of 12 actions done (6 students)" in out
    assert "Second dimension  0% of 6 actions done (6 students)" in out
    assert SECRET not in result.output and "Student " not in result.output
    assert "7 answers files read" in result.stderr  # status files are not answers files


def test_too_few_tracking_students_show_nothing(cli: Cli, tmp_path: Path,
                                                all_types: Rubric) -> None:
    folder = tmp_path / "class"
    cohort(folder, all_types, students=7, tracked=4)
    out = cli("cohort", folder, "--rubric", ALL_TYPES, "--min-group", "5").stdout
    assert "First dimension   not shown: tracked by fewer than 5 students" in out
    assert "actions done (" not in out
    untracked = tmp_path / "other"
    cohort(untracked, all_types, students=6, tracked=0)
    assert "Follow-through" not in cli("cohort", untracked, "--rubric", ALL_TYPES).stdout
