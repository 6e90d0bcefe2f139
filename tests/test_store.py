"""Where attempts are kept, atomic writes, history that never overwrites, and SIGKILL."""

from __future__ import annotations

import os
import random
import signal
import stat
import sys
import time
from pathlib import Path

import pytest

from careerkit.answers import Answers, answers_to_yaml, check_answers, parse_answers, pin
from careerkit.errors import InputError, RuntimeFailure
from careerkit.rubric import Rubric
from careerkit.store import (
    HOME_ENV,
    TEMP_PREFIX,
    AttemptStore,
    atomic_write_bytes,
    atomic_write_text,
    data_dir,
    remove_temp_files,
    write_new_text,
)

DATA = Path(__file__).parent / "data" / "quiz"
RUBRIC = DATA / "small.yaml"  # the `rubric` fixture (conftest.py) loads this one



def temp_files(folder: Path) -> list[Path]:
    return sorted(folder.glob(f"{TEMP_PREFIX}*")) if folder.is_dir() else []


def test_data_dir_honours_careerkit_home(monkeypatch: pytest.MonkeyPatch,
                                         tmp_path: Path) -> None:
    monkeypatch.setenv(HOME_ENV, str(tmp_path / "home"))
    assert data_dir() == tmp_path / "home"
    assert AttemptStore("x").folder == tmp_path / "home" / "attempts" / "x"


def test_data_dir_defaults_to_the_platform_user_data_dir(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import platformdirs

    monkeypatch.delenv(HOME_ENV, raising=False)
    assert data_dir() == Path(platformdirs.user_data_dir("careerkit", appauthor=False))
    monkeypatch.setenv(HOME_ENV, "  ")
    assert data_dir() == Path(platformdirs.user_data_dir("careerkit", appauthor=False))


def test_atomic_write_replaces_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "file.txt"
    atomic_write_text(target, "one")
    atomic_write_text(target, "two ✓")
    assert target.read_text(encoding="utf-8") == "two ✓"
    assert temp_files(target.parent) == []


def test_a_failed_atomic_write_keeps_the_old_file(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "file.txt"
    atomic_write_bytes(target, b"old")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(RuntimeFailure, match=r"No space left on device.*unchanged"):
        atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"old"
    assert temp_files(tmp_path) == []


def test_write_new_text_never_overwrites(tmp_path: Path) -> None:
    path = tmp_path / "history" / "2025-01-01-r.yaml"
    written = [write_new_text(path, f"attempt {i}") for i in range(3)]
    assert [p.name for p in written] == [
        "2025-01-01-r.yaml", "2025-01-01-r-2.yaml", "2025-01-01-r-3.yaml"]
    assert [p.read_text() for p in written] == ["attempt 0", "attempt 1", "attempt 2"]
    assert temp_files(path.parent) == []


def test_write_new_text_without_hard_links(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    def no_links(src: str, dst: Path) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    path = tmp_path / "a.yaml"
    first = write_new_text(path, "first")
    second = write_new_text(path, "second")
    assert (first.read_text(), second.read_text()) == ("first", "second")
    assert second.name == "a-2.yaml"
    assert temp_files(tmp_path) == []


def test_the_unfinished_attempt_round_trips(rubric: Rubric, tmp_path: Path) -> None:
    store = AttemptStore(rubric.id, home=tmp_path)
    assert store.read_unfinished() is None
    answers = Answers(rubric=pin(rubric), respondent="Zoë",
                      answers={"reads": "weekly", "has_code": True, "stars": 12})
    store.save(answers_to_yaml(answers, rubric))
    text = store.read_unfinished()
    assert text is not None and "# How many GitHub stars" in text
    assert parse_answers(text, rubric, complete=False) == answers
    store.discard()
    assert store.read_unfinished() is None
    store.discard()  # twice is fine


def test_backups_and_history_are_new_files(rubric: Rubric, tmp_path: Path) -> None:
    store = AttemptStore(rubric.id, home=tmp_path)
    assert store.backup() is None
    answers = Answers(rubric=pin(rubric), answers={"reads": "never"})
    store.save(answers_to_yaml(answers, rubric))
    first, second = store.backup(), store.backup()
    assert first is not None and second is not None and first != second
    assert first.read_text() == second.read_text() == store.read_unfinished()
    filed = store.file_finished(answers_to_yaml(answers, rubric), answers.finished_at)
    assert filed.parent == tmp_path / "history" and rubric.id in filed.name
    assert store.read_unfinished() is None
    again = store.file_finished(answers_to_yaml(answers, rubric), answers.finished_at)
    assert again != filed and filed.exists()


def test_one_quiz_per_rubric_at_a_time(tmp_path: Path) -> None:
    with AttemptStore("r", home=tmp_path).session():
        with pytest.raises(InputError, match="another `careerkit take`"):
            AttemptStore("r", home=tmp_path).acquire()
        with AttemptStore("other", home=tmp_path).session():
            pass
    with AttemptStore("r", home=tmp_path).session():
        pass  # released


def test_starting_removes_temporary_files_a_crash_left(tmp_path: Path) -> None:
    store = AttemptStore("r", home=tmp_path)
    store.folder.mkdir(parents=True)
    store.history.mkdir()
    (store.folder / f"{TEMP_PREFIX}abc.tmp").write_text("half")
    fresh = store.history / f"{TEMP_PREFIX}fresh.tmp"
    stale = store.history / f"{TEMP_PREFIX}stale.tmp"
    fresh.write_text("someone else is writing this right now")
    stale.write_text("old")
    os.utime(stale, (time.time() - 3600, time.time() - 3600))
    with store.session():
        assert temp_files(store.folder) == []
        assert temp_files(store.history) == [fresh]
    assert remove_temp_files(tmp_path / "missing") == []


def test_an_unwritable_home_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(RuntimeFailure, match="CAREERKIT_HOME"):
        AttemptStore("r", home=blocker).acquire()


# -- SIGKILL during autosaves ---------------------------------------------------------------


def _autosave_forever(store: AttemptStore, rubric: Rubric, versions: list[Answers],
                      ready: int) -> None:
    """The child: autosave one version after another, as fast as it can, until killed."""
    os.write(ready, b"x")
    os.close(ready)
    i = 0
    while True:
        store.save(answers_to_yaml(versions[i % len(versions)], rubric))
        i += 1


@pytest.mark.skipif(not hasattr(os, "fork") or sys.platform == "darwin",
                    reason="needs fork (POSIX)")
def test_sigkill_during_autosaves_never_leaves_a_broken_attempt(
    rubric: Rubric, tmp_path: Path,
) -> None:
    """Kill an autosaving process at random moments, 40 times: every time, the saved
    attempt is one complete version, and the next start leaves no temporary files."""
    reflection = "A long reflection. " * 100  # ~2 kB (the longest a reflection may be)
    versions = [
        Answers(rubric=pin(rubric), respondent="K", answers=dict(list({
            "reads": "weekly", "has_code": True, "stars": 50 + n,
            "stars_reflection": reflection, "shipped": "demo", "skills": ["deploy"],
            "users": n, "plan": f"plan {n}: {reflection}",
        }.items())[: 1 + n % 8]))
        for n in range(16)
    ]
    expected = {answers_to_yaml(v, rubric) for v in versions}
    rng = random.Random(1234)
    kills = strays_seen = 0
    store = AttemptStore(rubric.id, home=tmp_path)
    store.folder.mkdir(parents=True)
    for _ in range(40):
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child
            try:
                os.close(read_end)
                _autosave_forever(store, rubric, versions, write_end)
            finally:
                os._exit(1)
        os.close(write_end)
        assert os.read(read_end, 1) == b"x"
        os.close(read_end)
        time.sleep(rng.uniform(0.0, 0.03))
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
        kills += 1
        strays_seen += len(temp_files(store.folder))

        text = store.read_unfinished()
        if text is not None:  # killed before the first save completed: nothing, also fine
            assert text in expected, "a saved attempt that was never written whole"
            answers = parse_answers(text, rubric, complete=False)
            assert check_answers(answers, rubric) == []
        with store.session():  # "the next start"
            assert temp_files(store.folder) == []
    assert kills == 40
    # Not asserted (timing-dependent), but shows the cleanup had work to do:
    print(f"{kills} kills, {strays_seen} temporary files left behind and cleaned up")


def test_writes_never_replace_folders_devices_or_pipes_nor_follow_symlinks(
    tmp_path: Path,
) -> None:
    from careerkit.errors import InputError
    from careerkit.store import atomic_write_text

    with pytest.raises(InputError, match="is a folder"):
        atomic_write_text(tmp_path, "x")
    with pytest.raises(InputError, match="is not a regular file"):
        atomic_write_text(Path("/dev/null"), "x")
    assert Path("/dev/null").is_char_device()
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="is not a regular file"):
        atomic_write_text(fifo, "x")
    real = tmp_path / "real.md"
    real.write_text("old")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    atomic_write_text(link, "new")
    assert not link.is_symlink() and link.read_text() == "new"
    assert real.read_text() == "old"  # what the link pointed to is left alone


def test_new_files_follow_the_umask_and_private_ones_are_owner_only(tmp_path: Path) -> None:
    from careerkit.store import atomic_write_text

    old = os.umask(0o077)
    try:
        atomic_write_text(tmp_path / "plan.md", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "plan.md").stat().st_mode) == 0o600
    old = os.umask(0o022)
    try:
        atomic_write_text(tmp_path / "shared.md", "x")
        atomic_write_text(tmp_path / "answers.yaml", "x", private=True)
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "shared.md").stat().st_mode) == 0o644
    assert stat.S_IMODE((tmp_path / "answers.yaml").stat().st_mode) == 0o600
