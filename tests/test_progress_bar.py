"""The progress bar of long runs: on a terminal only, only after a second, cleared at the
end; and `cohort` over many files shows it in a real terminal."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from careerkit.cli.progress_bar import ProgressBar
from careerkit.rubric import Rubric
from tests.test_progress import GOOD, answers_file


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def bar(capsys: pytest.CaptureFixture[str], terminal: bool = True
        ) -> tuple[ProgressBar, Clock, Callable[[], str]]:
    clock = Clock()
    progress = ProgressBar(200, "files read", clock=clock, is_terminal=lambda: terminal,
                           width=lambda: 80)
    return progress, clock, lambda: capsys.readouterr().err


def test_nothing_is_shown_in_the_first_second(capsys: pytest.CaptureFixture[str]) -> None:
    progress, clock, err = bar(capsys)
    clock.now = 0.9
    progress(150)
    progress.close()
    assert err() == ""


def test_after_a_second_the_bar_counts_and_is_cleared(capsys: pytest.CaptureFixture[str]
                                                      ) -> None:
    progress, clock, err = bar(capsys)
    clock.now = 2.0
    progress(50)
    shown = err()
    assert shown.startswith("\r") and "50 of 200 files read" in shown and "25%" in shown
    assert "about 6 s left" in shown
    assert len(shown.split("\r")[-1].replace("\x1b[K", "")) < 80
    clock.now = 2.05
    progress(51)  # redrawn at most ten times a second
    assert err() == ""
    clock.now = 2.5
    progress(200)
    assert "200 of 200" in err()
    progress.close()
    assert err() == "\r\x1b[K"


def test_not_a_terminal_gets_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    progress, clock, err = bar(capsys, terminal=False)
    clock.now = 5.0
    progress(100)
    progress.close()
    assert err() == ""


# The real command in a real terminal, with the bar's one-second delay set to zero so the
# test does not depend on how fast this machine reads the files.
WITHOUT_DELAY = ("import careerkit.cli.progress_bar as bar; "
                 "bar.ProgressBar.__init__.__kwdefaults__['delay'] = 0.0; "
                 "from careerkit.cli import main; main()")


@pytest.mark.slow
def test_cohort_over_many_files_shows_progress_in_a_terminal(tmp_path: Path,
                                                             all_types: Rubric) -> None:
    pexpect = pytest.importorskip("pexpect")
    folder = tmp_path / "class"
    first = answers_file(folder, "s0", all_types, GOOD, "Student 0")
    text = first.read_text()
    for i in range(1, 1200):
        (folder / f"s{i}.yaml").write_text(text.replace("Student 0", f"Student {i}"))
    env = {**os.environ, "CAREERKIT_HOME": str(tmp_path / "home"), "TERM": "xterm"}
    child = pexpect.spawn(sys.executable, ["-c", WITHOUT_DELAY, "cohort", str(folder),
                                           "--rubric", str(Path(__file__).parent / "data" /
                                                           "rubrics" / "all-types.yaml")],
                          env=env, encoding="utf-8", timeout=120, dimensions=(24, 80))
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    out = child.before or ""
    assert re.search(r"[0-9,]+ of 1,200 answers files read", out), out[-500:]
    # Cleared before the summary line and the table, which are intact.
    assert "\r\x1b[K1200 answers files read; 0 skipped." in out
    assert "1200 students." in out
