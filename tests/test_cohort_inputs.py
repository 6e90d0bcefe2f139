"""A cohort folder holds whatever was copied into it: links, pipes, devices, huge files,
folders that cannot be read, and the same student's name typed two ways."""

from __future__ import annotations

import json
import os
import time
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from careerkit.answers import template_yaml
from careerkit.cohort import MAX_ANSWERS_BYTES, Skipped, find_answer_files, read_cohort
from careerkit.rubric import Rubric, load_rubric

DATA = Path(__file__).parent / "data"
SMALL = DATA / "quiz" / "small.yaml"


@pytest.fixture(scope="module")
def small() -> Rubric:
    return load_rubric(SMALL)


def answers(folder: Path, name: str, rubric: Rubric, respondent: str) -> Path:
    path = folder / name
    path.write_text(template_yaml(rubric, example=True, respondent=respondent),
                    encoding="utf-8")
    return path


def read(folder: Path, rubric: Rubric) -> tuple[Any, list[Skipped]]:
    unreadable: list[Skipped] = []
    files, _ = find_answer_files([folder], unreadable)
    return read_cohort(files, rubric), unreadable


def test_skipped_files_are_named_with_the_reason_never_their_contents(
        tmp_path: Path, small: Rubric) -> None:
    folder = tmp_path / "cohort"
    folder.mkdir()
    secret = tmp_path / "shadow"
    secret.write_text("root:*:20228:0:99999:7:::\ndaemon:*:20228:0:99999:7:::\n")
    (folder / "shadow.yaml").symlink_to(secret)
    config = tmp_path / "config.yaml"
    config.write_text("api_token: hunter2-secret\n")
    (folder / "config.yaml").symlink_to(config)
    good = answers(folder, "good.yaml", small, "Ann")
    text = good.read_text(encoding="utf-8")
    (folder / "odd.yaml").write_text(text.replace("\n  plan:", "\n  my-secret-key: 1\n  plan:")
                                     .replace("shipped: demo", "shipped: top-secret-value"))
    result, _ = read(folder, small)
    reasons = {s.path.name: s.reason for s in result.skipped}
    assert set(reasons) == {"shadow.yaml", "config.yaml", "odd.yaml"}
    everything = "\n".join(reasons.values()).replace(str(folder), "FOLDER")
    for secret_text in ("root", "20228", "daemon", "api_token", "hunter2", "my-secret-key",
                        "top-secret-value"):
        assert secret_text not in everything
    assert reasons["shadow.yaml"].startswith(f"{folder / 'shadow.yaml'}:1: ")
    assert "unknown key" in reasons["shadow.yaml"]
    assert "unknown question (...)" in reasons["odd.yaml"]


def test_an_unreadable_folder_is_reported_not_dropped(
        tmp_path: Path, small: Rubric, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "cohort"
    locked = folder / "group-b"
    locked.mkdir(parents=True)
    answers(folder, "a.yaml", small, "Ann")
    answers(locked, "b.yaml", small, "Bo")
    real_scandir = os.scandir

    def scandir(path: Any = ".") -> Any:
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result, unreadable = read(folder, small)
    assert len(result.students) == 1
    assert [s.path for s in unreadable] == [locked]
    assert "cannot read this folder (Permission denied)" in unreadable[0].reason


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any folder")
def test_an_unreadable_folder_on_disk_is_reported(tmp_path: Path, small: Rubric) -> None:
    folder = tmp_path / "cohort"
    locked = folder / "locked"
    locked.mkdir(parents=True)
    answers(locked, "b.yaml", small, "Bo")
    locked.chmod(0)
    try:
        _, unreadable = read(folder, small)
    finally:
        locked.chmod(0o700)
    assert [s.path for s in unreadable] == [locked]


def test_the_same_name_in_two_unicode_forms_is_one_student(
        tmp_path: Path, small: Rubric) -> None:
    folder = tmp_path / "cohort"
    folder.mkdir()
    name = "José Dupré"
    answers(folder, "nfc.yaml", small, unicodedata.normalize("NFC", name))
    answers(folder, "nfd.yaml", small, unicodedata.normalize("NFD", name))
    answers(folder, "shout.yaml", small, "  JOSÉ   DUPRÉ ")
    answers(folder, "other.yaml", small, "Ann")
    assert unicodedata.normalize("NFD", name) != unicodedata.normalize("NFC", name)
    result, _ = read(folder, small)
    assert len(result.students) == 2
    assert result.duplicates == 2


def test_loops_pipes_devices_and_huge_files_are_skipped_quickly(
        tmp_path: Path, small: Rubric) -> None:
    folder = tmp_path / "cohort"
    folder.mkdir()
    answers(folder, "good.yaml", small, "Ann")
    (folder / "loop.yaml").symlink_to(folder / "loop.yaml")
    (folder / "dir-loop").symlink_to(folder)  # never followed
    os.mkfifo(folder / "pipe.yaml")
    (folder / "null.yaml").symlink_to("/dev/zero")
    (folder / "huge.yaml").write_bytes(b"x: " + b"y" * (MAX_ANSWERS_BYTES + 10))
    started = time.monotonic()
    result, unreadable = read(folder, small)
    assert time.monotonic() - started < 5
    assert len(result.students) == 1 and unreadable == []
    reasons = {s.path.name: s.reason for s in result.skipped}
    assert set(reasons) == {"loop.yaml", "pipe.yaml", "null.yaml", "huge.yaml"}
    assert "not a regular file" in reasons["pipe.yaml"]
    assert "not a regular file" in reasons["null.yaml"]
    assert "larger than" in reasons["huge.yaml"]
    assert "symbolic links" in reasons["loop.yaml"]


@pytest.mark.parametrize(("key", "value"), [("id", "../../somewhere/else"),
                                            ("version", "1.0.0/../../x"),
                                            ("sha256", "not-a-digest")])
def test_the_rubric_pin_of_an_answers_file_can_never_be_a_path(
        tmp_path: Path, small: Rubric, cli: Any, key: str, value: str) -> None:
    folder = tmp_path / "cohort"
    folder.mkdir()
    path = answers(folder, "a.yaml", small, "Ann")
    text = path.read_text(encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), 1)
                if row.startswith(f"  {key}: "))
    path.write_text("\n".join(f"  {key}: {json.dumps(value)}" if i == line else row
                              for i, row in enumerate(text.splitlines(), 1)) + "\n")
    result = cli("score", path, "-r", SMALL)
    assert result.exit_code == 2
    assert f"{path}:{line}: rubric.{key}: " in result.output
    result = cli("cohort", folder)  # no --rubric: the files' pins are not followed
    assert result.exit_code == 2
    assert "pass --rubric" in result.output
