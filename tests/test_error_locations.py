"""An unusable file is named once, with its line, however its name and its error's text
begin: errors keep the file apart from the message (`Problem`) until they are printed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from careerkit.cohort import read_cohort
from careerkit.errors import Problem, ValidationFailed
from careerkit.followthrough import attempt_plan
from careerkit.history import list_attempts, load_attempt
from careerkit.rubric import Rubric
from tests.conftest import ALL_TYPES
from tests.test_progress import GOOD, POOR, answers_file

Cli = Callable[..., Result]


def lines_of(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def test_compare_names_a_file_whose_name_begins_its_error(cli: Cli, tmp_path: Path,
                                                          all_types: Rubric,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    """The file `made`, made with a rubric that is not installed: its error begins "made
    with rubric", which a check of the text for the file name took for the name."""
    monkeypatch.chdir(tmp_path)
    gone = all_types.model_copy(update={"id": "gone", "version": "9.9.9"})
    answers_file(tmp_path, "made", gone, GOOD).rename(tmp_path / "made")
    answers_file(tmp_path, "good", all_types, POOR)
    result = cli("compare", "made", "good.yaml")
    assert result.exit_code == 2
    assert lines_of(result.stderr) == [
        "error: made: made with rubric gone 9.9.9, which is not installed and has no "
        "snapshot in the history folder"]


def test_compare_names_the_attempt_when_the_path_of_its_broken_rubric_begins_with_it(
        cli: Cli, tmp_path: Path, all_types: Rubric) -> None:
    """An attempt kept at `rubrics/gone`, whose rubric snapshot `rubrics/gone-1.0.0.yaml`
    is broken: the error is about the snapshot, and says which attempt needs it."""
    snapshots = tmp_path / "home" / "history" / "rubrics"
    snapshots.mkdir(parents=True)
    snapshot = snapshots / "gone-1.0.0.yaml"
    snapshot.write_text("")
    gone = all_types.model_copy(update={"id": "gone", "version": "1.0.0"})
    attempt = answers_file(snapshots, "gone", gone, GOOD).rename(snapshots / "gone")
    good = answers_file(tmp_path, "good", all_types, POOR)
    result = cli("compare", attempt, good)
    assert result.exit_code == 2
    assert lines_of(result.stderr) == [
        f"error: {attempt}: made with rubric gone 1.0.0, which cannot be loaded: "
        f"{snapshot}:1: the file is empty"]


def test_history_says_which_rubric_snapshot_of_an_attempt_is_broken(cli: Cli, tmp_path: Path,
                                                                    all_types: Rubric) -> None:
    home = tmp_path / "home"
    (home / "history" / "rubrics").mkdir(parents=True)
    snapshot = home / "history" / "rubrics" / "gone-1.0.0.yaml"
    snapshot.write_text("")
    gone = all_types.model_copy(update={"id": "gone", "version": "1.0.0"})
    answers_file(home / "history", "2026-01-01-gone", gone, GOOD)
    why = f"made with rubric gone 1.0.0, which cannot be loaded: {snapshot}:1: the file is empty"
    (listed,) = list_attempts(home)
    assert listed.problem == Problem(None, None, (), why)
    result = cli("history")
    assert f"2026-01-01-gone.yaml: cannot be read: {why}" in result.stderr


def test_report_previous_names_a_broken_file_once(cli: Cli, tmp_path: Path,
                                                  all_types: Rubric) -> None:
    answers = answers_file(tmp_path, "now", all_types, GOOD)
    previous = tmp_path / "before.yaml"
    previous.write_text("answers: [unclosed\n")
    result = cli("report", answers, "--rubric", ALL_TYPES, "--previous", previous,
                 "-o", tmp_path / "plan.pdf")
    assert result.exit_code == 2
    (line,) = lines_of(result.stderr)
    assert line.startswith(f"error: {previous}:1: YAML syntax error")
    assert line.count(str(previous)) == 1
    assert not (tmp_path / "plan.pdf").exists()


def test_the_plan_of_a_broken_attempt_names_its_file_once(tmp_path: Path) -> None:
    broken = tmp_path / "2026-01-01-all-types.yaml"
    broken.write_text("")
    with pytest.raises(ValidationFailed) as caught:
        attempt_plan(load_attempt(broken))
    assert caught.value.problems == [
        Problem(broken, 1, (), "the file is empty; its plan cannot be rebuilt")]
    assert str(caught.value) == f"{broken}:1: the file is empty; its plan cannot be rebuilt"


def test_cohort_names_each_of_two_files_one_named_like_the_start_of_the_other(
        cli: Cli, tmp_path: Path, all_types: Rubric, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for i in range(3):
        answers_file(tmp_path, f"student{i}", all_types, GOOD, respondent=f"S {i}")
    Path("a.yaml").write_text("")
    Path("a.yaml.bak").write_text("answers: [unclosed\n")
    result = cli("cohort", "a.yaml", "a.yaml.bak", "student0.yaml", "student1.yaml",
                 "student2.yaml", "--rubric", ALL_TYPES, "--min-group", "3")
    assert result.exit_code == 0, result.output
    skipped = [line for line in lines_of(result.stderr) if line.startswith("warning: skip")]
    assert len(skipped) == 2, result.stderr
    assert skipped[0] == "warning: skipped a.yaml:1: the file is empty"
    assert skipped[1].startswith("warning: skipped a.yaml.bak:1: YAML syntax error")


def test_a_skipped_file_keeps_its_problem_structured(tmp_path: Path,
                                                     all_types: Rubric) -> None:
    empty = tmp_path / "empty.yaml"
    empty.write_text("")
    other = tmp_path / "other.yaml"
    other.write_text("careerkit_answers: 1\nrubric: {id: all-types}\nsecret_key: 'xyz'\n")
    read = read_cohort([empty, other], all_types, workers=1)
    first, second = read.skipped
    assert first.problem == Problem(empty, 1, (), "the file is empty")
    assert first.reason == f"{empty}:1: the file is empty"
    # A key that is not an answers-file key is not repeated, nor any quoted value.
    assert second.problem.file == other and second.problem.line is not None
    assert "secret_key" not in second.reason and "xyz" not in second.reason


def test_a_problem_is_written_file_line_location_message_only_when_printed(
        tmp_path: Path) -> None:
    rubric = tmp_path / "r.yaml"
    whole = Problem(None, None, (), "made with rubric x 1.0.0, which is not installed")
    assert str(whole) == "made with rubric x 1.0.0, which is not installed"
    assert str(whole.in_file(rubric)) == f"{rubric}: made with rubric x 1.0.0, which is not " \
                                         "installed"
    placed = Problem(rubric, 7, ("dimensions", 2, "questions", 0, "id"), "duplicate id")
    assert placed.in_file(tmp_path / "other.yaml") is placed
    assert str(placed) == f"{rubric}:7: dimensions[2].questions[0].id: duplicate id"
    # Locations of one line may mix list indexes and keys: sorted as written, no TypeError.
    failed = ValidationFailed([Problem(rubric, 3, ("a", 0), "index"),
                               Problem(rubric, 3, ("a", "b"), "key")])
    assert [p.message for p in failed.problems] == ["key", "index"]  # "a.b" < "a[0]"
