"""Cohort follow-through: anonymous rates per dimension, under the --min-group floor."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from careerkit.followthrough import StatusFile, save_status, with_status
from careerkit.rubric import Rubric
from tests.conftest import ALL_TYPES
from tests.test_progress import POOR, answers_file

Cli = Callable[..., Result]
SECRET = "SECRET-NOTE-zq"


def cohort(folder: Path, rubric: Rubric, students: int, tracked: int,
           did: int | None = None) -> None:
    """`students` with POOR answers (a_trig, a_low_1 in the first dimension, b_low in the
    second); the first `tracked` recorded b_low dropped, with words, and a_trig done
    (only the first `did` of them, when given; the others dropped it)."""
    for i in range(students):
        path = answers_file(folder, f"s{i}", rubric, POOR, respondent=f"Student {i}")
        if i < tracked:
            done = did is None or i < did
            status = with_status(StatusFile(attempt=path.name), "a_trig",
                                 "done" if done else "dropped",
                                 note=f"{SECRET} by Student {i}" if done else None,
                                 reason=None if done else SECRET)
            save_status(path, with_status(status, "b_low", "dropped", reason=SECRET))


def test_rates_per_dimension_are_shown_for_enough_students_and_nothing_personal(
        cli: Cli, tmp_path: Path, all_types: Rubric) -> None:
    folder = tmp_path / "class"
    cohort(folder, all_types, students=11, tracked=6)
    result = cli("cohort", folder, "--rubric", ALL_TYPES, "--min-group", "5")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Follow-through: actions done, of the plans students tracked" in out
    # 6 students x 2 first-dimension actions, 6 done; 6 second-dimension actions, 0 done
    assert "First dimension   50% of 12 actions done (6 students)" in out
    assert "Second dimension  0% of 6 actions done (6 students)" in out
    assert SECRET not in result.output and "Student " not in result.output
    assert "11 answers files read" in result.stderr  # status files are not answers files


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


@pytest.mark.parametrize(("students", "tracked", "did", "shown"), [
    (7, 6, None, False),   # "6 students" of 7: the one who did not track, singled out
    (11, 6, None, True),   # 5 did not track: a group as large as the floor
    (11, 11, None, True),  # everyone tracked: nobody is singled out
    (11, 6, 1, False),     # "1 of 12 actions done": the one student who did it
    (11, 6, 4, False),     # ... and 2 who did none
    (16, 10, 5, True),     # 5 did one, 5 did none, 6 did not track
])
def test_no_follow_through_figure_singles_out_a_small_group(
        cli: Cli, tmp_path: Path, all_types: Rubric, students: int, tracked: int,
        did: int | None, shown: bool) -> None:
    """The review of 2026-11-30 subtracted shown figures from the shown total: every
    group a first-dimension figure pins down (not tracking, doing at least one action,
    doing none) is 0 or at least --min-group, else the figure is not shown."""
    folder = tmp_path / "class"
    cohort(folder, all_types, students=students, tracked=tracked, did=did)
    result = cli("cohort", folder, "--rubric", ALL_TYPES, "--min-group", "5")
    assert result.exit_code == 0, result.output
    assert f"{students} students" in result.stdout
    first = next(line for line in result.stdout.splitlines()
                 if line.lstrip().startswith("First dimension")
                 and ("not shown" in line or "actions done" in line))
    if shown:
        assert f"({tracked} students)" in first
    else:
        assert "not shown: it would single out fewer than 5 students" in first
        assert "actions done" not in first
