"""The quiz as a student sees it in a real terminal (tmux) at 50x16, 80x24 and 120x40.

Every screen of a whole run of the default rubric is captured and checked: the progress
header is on the top row, no word is broken across lines (a line never starts or ends
with a piece of a word), the way back is on screen, and the review shows every tick of
a multiple-choice answer and counts exactly.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import careerkit.prompts
import careerkit.quiz
from careerkit.answers import answer_limit, asked_questions, format_answer
from careerkit.rubric import MultipleChoiceQuestion, NumberQuestion, Rubric
from tests.test_take_e2e import choose, keys_for

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux"),
]

CAREERKIT = Path(sys.executable).parent / "careerkit"
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


class Pane:
    """`careerkit take` in a detached tmux session on a server of its own."""

    def __init__(self, tmp_path: Path, columns: int, rows: int, *args: str) -> None:
        self.socket = f"careerkit-layout-{os.getpid()}-{tmp_path.name}"
        command = (f"env CAREERKIT_HOME={tmp_path / 'home'} TERM=xterm-256color "
                   f"{CAREERKIT} take -o {tmp_path / 'plan.pdf'} {' '.join(args)}; sleep 60")
        self._tmux("new-session", "-d", "-s", "quiz", "-x", str(columns), "-y", str(rows),
                   command)

    def _tmux(self, *args: str) -> str:
        return subprocess.run(["tmux", "-L", self.socket, *args], check=True,
                              capture_output=True, text=True, timeout=10).stdout

    def send(self, keys: str) -> None:
        self._tmux("send-keys", "-t", "quiz", "-l", keys)

    def screen(self) -> list[str]:
        text = self._tmux("capture-pane", "-p", "-t", "quiz")
        return [line.replace("\u00a0", " ") for line in text.splitlines()]

    def settled(self) -> list[str]:
        """The screen once two captures in a row agree (not caught mid-redraw)."""
        last = self.screen()
        for _ in range(40):
            time.sleep(0.1)
            now = self.screen()
            if now == last:
                return now
            last = now
        return last

    def wait_for(self, pattern: str, timeout: float = 15.0) -> list[str]:
        deadline = time.monotonic() + timeout
        while True:
            lines = self.screen()
            if re.search(pattern, "\n".join(lines)):
                return self.settled()
            if time.monotonic() > deadline:
                pytest.fail(f"waited for {pattern!r}; the screen shows:\n" + "\n".join(lines))
            time.sleep(0.05)

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True,
                       timeout=10, check=False)



@pytest.fixture(scope="module")
def vocabulary(rubric: Rubric) -> set[str]:
    """Every word the quiz may show: the rubric's and the front end's own."""
    texts = [*(path.read_text(encoding="utf-8")
               for path in Path(careerkit.prompts.__file__).parent.glob("*.py")),
             Path(careerkit.quiz.__file__).read_text(encoding="utf-8"),
             rubric.id, rubric.title, rubric.description]
    if rubric.context is not None:
        texts.append(rubric.context.intro or "")
    for dimension in rubric.sections():  # the situation questions first, then dimensions
        texts += [dimension.title, dimension.summary or ""]
        for question in dimension.questions:
            texts += [question.text, question.help or "", getattr(question, "unit", "") or ""]
            if not isinstance(question, NumberQuestion) and hasattr(question, "options"):
                texts += [o.label for o in question.options]
        for question in dimension.questions:
            if hasattr(question, "scale"):
                texts += [o.label for o in rubric.options(question)]  # type: ignore[arg-type]
    texts += ["Zoe", *(choose(rubric, q) for _, q in rubric.questions()
                       if isinstance(choose(rubric, q), str))]
    return {w.lower().strip("'’-") for text in texts for w in WORD.findall(text)}


def broken_words(lines: list[str], vocabulary: set[str]) -> list[str]:
    """Pieces of words at the start or end of a line ("bac", "k", "mys")."""
    found = []
    for line in lines:
        tokens = line.split()
        for token in {tokens[0], tokens[-1]} if tokens else ():
            if "…" in token or "/" in token or any(ch.isdigit() for ch in token):
                continue
            for word in WORD.findall(token):
                if word.lower().strip("'’-") not in vocabulary:
                    found.append(f"{word!r} in {line!r}")
    return found


@pytest.fixture
def panes() -> Iterator[list[Pane]]:
    started: list[Pane] = []
    yield started
    for pane in started:
        pane.close()


@pytest.mark.parametrize(("columns", "rows"), [(50, 16), (80, 24), (120, 40)])
def test_every_screen_of_a_whole_run_fits_the_terminal(
    tmp_path: Path, rubric: Rubric, vocabulary: set[str], panes: list[Pane],
    columns: int, rows: int,
) -> None:
    pane = Pane(tmp_path, columns, rows)
    panes.append(pane)
    welcome = pane.wait_for("Your name:")
    assert not broken_words(welcome, vocabulary), welcome
    assert welcome[0] == rubric.title  # the welcome fits, the title still on top
    pane.send("Zoe\r")
    values: dict[str, Any] = {}
    while True:
        asked = asked_questions(rubric, values)
        position = next((i for i, q in enumerate(asked) if q.id not in values), None)
        if position is None:
            break
        question = asked[position]
        screen = pane.wait_for(rf"Question {position + 1} of {len(asked)}\b.*\n(.*\n)*"
                               r".*Your answer")
        # The header is on the top row, however long the question.
        assert f"Question {position + 1} of {len(asked)}" in screen[0], screen
        assert not broken_words(screen, vocabulary), "\n".join(screen)
        assert len(screen) <= rows
        if position > 0:
            assert "← back" in "\n".join(screen) or "Esc = back" in "\n".join(screen), screen
        value = choose(rubric, question)
        limit = (answer_limit(rubric, question, values)
                 if isinstance(question, NumberQuestion) else None)
        if limit is not None:
            value = min(value, int(limit))
        pane.send(keys_for(rubric, question, value, plain=False))
        values[question.id] = value

    # The review: read it all by moving down through it.
    screens = []
    screen = pane.wait_for("Change an answer")
    assert screen[0] == "Review your answers"
    answered = sum(1 for q in asked_questions(rubric, values) if values.get(q.id) is not None)
    assert f"{answered} questions answered." in "\n".join(screen)
    for _ in range(len(values) + 8):
        screens.append(pane.settled())
        pane.send("\x1b[B")
    seen = " ".join(" ".join(line.split()) for s in screens for line in s)
    shown_answers = {w.lower() for q in asked_questions(rubric, values)
                     for w in WORD.findall(format_answer(rubric, q, values[q.id]))}
    for s in screens:
        assert not broken_words(s, vocabulary | shown_answers), "\n".join(s)
    for question in asked_questions(rubric, values):
        if isinstance(question, MultipleChoiceQuestion):
            for label in format_answer(rubric, question, values[question.id]).split("; "):
                assert " ".join(label.split()) in seen, label
    pane.send("f")
    pane.wait_for("Your PDF plan", timeout=60)


def test_typed_text_wraps_between_words_and_errors_sit_under_the_input(
    tmp_path: Path, vocabulary: set[str], panes: list[Pane],
) -> None:
    from tests.test_answer_bound import BOUNDED

    rubric_file = tmp_path / "bounded.yaml"
    rubric_file.write_text(BOUNDED, encoding="utf-8")
    pane = Pane(tmp_path, 50, 16, "--rubric", str(rubric_file))
    panes.append(pane)
    pane.wait_for("Your name:")
    pane.send("Zoe\r")
    pane.wait_for("Question 1 of")
    pane.send("\r")  # reads: the first option
    pane.wait_for("Question 2 of")
    pane.send("y")
    time.sleep(0.3)
    assert "Question 2 of" in pane.screen()[0]  # y alone does not answer
    pane.send("\r")

    def under_the_input(expected: str) -> None:
        screen = pane.wait_for(re.escape(expected.split()[0]))
        row = next(i for i, line in enumerate(screen) if "Your answer" in line)
        assert screen[row + 1].startswith(expected), "\n".join(screen)

    pane.wait_for("How many GitHub stars")
    pane.send("1e2\r")
    under_the_input("Type a whole number in digits")
    pane.send("\x7f" * 3 + "40\r")
    pane.wait_for("What made people star it?")
    reflection = ("People already needed a simple way to compare tokenizers across "
                  "languages, and the examples worked")
    pane.send(reflection)
    screen = pane.wait_for("worked")
    start = next(i for i, line in enumerate(screen) if "Your answer" in line) + 1
    typed = [line.strip() for line in screen[start:] if line.strip()]
    assert " ".join(typed) == reflection, typed  # every row ends at a word's end
    pane.send("\r\r")
    pane.wait_for("What is the most you have shipped?")
    pane.send("2\r")
    pane.wait_for("Which of these have you done yourself?")
    pane.send(" \r")
    pane.wait_for("How many people used it last month?")
    pane.send("45\r")
    under_the_input("At most 40:")
    shown = " ".join(" ".join(line.split()) for line in pane.screen())
    assert "that was your answer to “How many GitHub stars does that code have?”" in shown
