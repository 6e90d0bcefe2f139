"""`careerkit take` end to end: the installed command in a real pseudo-terminal.

The driver knows the default rubric (loaded with `load_rubric()`), decides an answer
for each question, works out which questions come next from those answers, and types
what a student would type, waiting for each screen before typing.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from careerkit.answers import Answers, answer_limit, asked_questions, parse_answers, pin
from careerkit.rubric import (
    LikertQuestion,
    MultipleChoiceQuestion,
    NumberQuestion,
    Question,
    Rubric,
    SingleChoiceQuestion,
    TextQuestion,
    YesNoQuestion,
    shown,
)
from careerkit.scoring import score

pytestmark = pytest.mark.slow  # real terminals and subprocesses

pexpect = pytest.importorskip("pexpect")

CAREERKIT = Path(sys.executable).parent / "careerkit"
TIMEOUT = 15
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\r")
DOWN, ENTER, CTRL_C = "\x1b[B", "\r", "\x03"



def env_for(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CAREERKIT")}
    env.update({
        # An activated virtual environment: `careerkit` on PATH is this one.
        "PATH": os.pathsep.join([str(CAREERKIT.parent), env.get("PATH", "")]),
        "CAREERKIT_HOME": str(home),
        "TERM": "xterm-256color",
        "COLUMNS": "80",
        "LINES": "24",
        # Nobody answers "where is the cursor?" in a pexpect pty; don't wait for it.
        "PROMPT_TOOLKIT_NO_CPR": "1",
    })
    return env


@dataclass
class Session:
    """One run of `careerkit take` in a pseudo-terminal."""

    child: Any
    rubric: Rubric
    plain: bool
    values: dict[str, Any] = field(default_factory=dict)

    def expect(self, pattern: str) -> None:
        self.child.expect(pattern, timeout=TIMEOUT)

    def asked(self) -> list[Question]:
        return asked_questions(self.rubric, self.values)

    def answer_next(self, value: Any | None = None) -> Question:
        """Wait for the next unanswered question and answer it (default: `choose`)."""
        asked = self.asked()
        position = next(i for i, q in enumerate(asked) if q.id not in self.values)
        question = asked[position]
        if value is None:
            value = choose(self.rubric, question)
            limit = (answer_limit(self.rubric, question, self.values)
                     if isinstance(question, NumberQuestion) else None)
            if limit is not None:  # returning users are some of the outside users
                value = min(value, int(limit))
        self.expect(re.escape(f"Question {position + 1} of {len(asked)}"))
        self.expect("Your answer")
        self.child.send(keys_for(self.rubric, question, value, plain=self.plain))
        self.values[question.id] = value
        return question

    def answer_all(self) -> None:
        while any(q.id not in self.values for q in self.asked()):
            self.answer_next()

    def finish(self) -> str:
        self.expect("Review your answers")
        self.expect("press Enter to finish" if self.plain else "Change an answer")
        self.child.send(ENTER if self.plain else "f")
        self.expect("Your results")
        self.child.expect(pexpect.EOF, timeout=60)  # writing the PDF takes a moment
        self.child.close()
        assert self.child.exitstatus == 0, self.child.before
        summary = ANSI.sub("", self.child.before or "")
        assert "Your answers are saved in: " in summary
        return summary


def spawn(tmp_path: Path, rubric: Rubric, *args: str, plain: bool = False) -> Session:
    argv = ["take", "-o", str(tmp_path / "plan.pdf"), *args]
    if plain:
        argv.append("--plain")
    child = pexpect.spawn(str(CAREERKIT), argv, env=env_for(tmp_path / "home"),
                          cwd=str(tmp_path), dimensions=(24, 80), encoding="utf-8",
                          timeout=TIMEOUT)
    return Session(child, rubric, plain)


def start(session: Session, name: str = "Test Student") -> None:
    session.expect("Your name")
    session.child.send(name + ENTER)


def choose(rubric: Rubric, question: Question) -> Any:
    """A plausible answer that differs between questions (so scores are not flat)."""
    salt = sum(map(ord, question.id))
    if isinstance(question, (LikertQuestion, SingleChoiceQuestion)):
        options = rubric.options(question)
        return options[salt % len(options)].value
    if isinstance(question, MultipleChoiceQuestion):
        inclusive = [o.value for o in question.options if not o.exclusive]
        return inclusive[: 1 + salt % 2]
    if isinstance(question, YesNoQuestion):
        return salt % 2 == 0
    if isinstance(question, NumberQuestion):
        value = question.thresholds[min(1, len(question.thresholds) - 1)].at + salt % 3
        value = min(max(value, question.min), question.highest)
        return int(value) if question.integer else float(value)
    return f"My reflection on {question.id.replace('_', ' ')}."


def keys_for(rubric: Rubric, question: Question, value: Any, *, plain: bool) -> str:
    """What a student types to give `value` to a question seen for the first time."""
    if isinstance(question, (LikertQuestion, SingleChoiceQuestion)):
        index = [o.value for o in rubric.options(question)].index(value)
        if plain or len(rubric.options(question)) <= 9:
            return f"{index + 1}{ENTER}"
        return DOWN * index + ENTER
    if isinstance(question, MultipleChoiceQuestion):
        indexes = [i for i, o in enumerate(question.options) if o.value in value]
        if plain:
            return " ".join(str(i + 1) for i in indexes) + ENTER
        keys, at = "", 0
        for index in indexes:
            keys += DOWN * (index - at) + " "
            at = index
        return keys + ENTER
    if isinstance(question, YesNoQuestion):
        return ("y" if value else "n") + ENTER
    if isinstance(question, NumberQuestion):
        return f"{value}{ENTER}"
    assert isinstance(question, TextQuestion)
    return f"{value}{ENTER}{ENTER}"


def history(tmp_path: Path, rubric: Rubric) -> list[Answers]:
    folder = tmp_path / "home" / "history"
    return [parse_answers(p.read_text(encoding="utf-8"), rubric)
            for p in sorted(folder.glob("*.yaml"))]


def dimension_score(summary: str, title: str) -> int:
    match = re.search(re.escape(title[:20]) + r"[^\n]*?\s(\d+)\s", summary)
    assert match, f"{title!r} not in the summary:\n{summary}"
    return int(match.group(1))


@pytest.fixture
def sessions() -> Iterator[list[Session]]:
    started: list[Session] = []
    yield started
    for session in started:
        if session.child.isalive():
            session.child.terminate(force=True)


# -- the tests --------------------------------------------------------------------------------


def test_a_full_run_of_the_default_rubric_to_the_summary(
    tmp_path: Path, rubric: Rubric, sessions: list[Session],
) -> None:
    session = spawn(tmp_path, rubric)
    sessions.append(session)
    session.expect(re.escape(rubric.title))
    session.expect(f"About {rubric.estimated_minutes()} minutes")
    session.expect("stay on this computer")
    start(session)
    session.answer_all()
    summary = session.finish()

    (finished,) = history(tmp_path, rubric)
    assert finished.answers == session.values
    assert finished.respondent == "Test Student" and finished.finished_at is not None
    scorecard = score(finished, rubric)
    scored = [d for d in scorecard.dimensions.values() if d.score is not None]
    assert len(scored) >= len(scorecard.dimensions) - 1
    for dimension in scorecard.dimensions.values():
        if dimension.score is None:  # e.g. scale resilience, when it does not apply
            line = next(x for x in summary.splitlines() if dimension.title[:20] in x)
            assert "Not enough answers" in line, line
            continue
        assert dimension_score(summary, dimension.title) == shown(dimension.score)
    assert "Overall" in summary
    assert str(tmp_path / "home" / "history") in summary.replace("\n", "")
    assert not (tmp_path / "home" / "attempts" / rubric.id / "unfinished.yaml").exists()


def test_ctrl_c_half_way_then_resume_keeps_every_answer(
    tmp_path: Path, rubric: Rubric, sessions: list[Session],
) -> None:
    first = spawn(tmp_path, rubric)
    sessions.append(first)
    start(first, "Half Way")
    total = len(list(rubric.questions()))
    for _ in range(total // 2):
        first.answer_next()
    answered = dict(first.values)
    first.expect(re.escape(f"Question {len(answered) + 1} of"))
    first.expect("Your answer")
    first.child.send(CTRL_C)
    asked = len(first.asked())
    first.expect(re.escape(f"Progress saved ({len(answered)} of {asked}). "
                           "Resume with: careerkit take --resume"))
    first.child.expect(pexpect.EOF)
    first.child.close()
    assert first.child.exitstatus == 130
    assert "Traceback" not in (first.child.before or "")

    second = spawn(tmp_path, rubric, "--resume")
    sessions.append(second)
    second.values = dict(answered)
    second.expect(f"You have answered {len(answered)} questions")
    second.expect("Press Enter to begin")
    second.child.send(ENTER)
    second.answer_all()
    second.finish()

    (finished,) = history(tmp_path, rubric)
    assert finished.respondent == "Half Way"
    assert finished.answers == second.values
    assert {k: finished.answers[k] for k in answered} == answered


def test_changing_an_answer_from_the_review_changes_the_score(
    tmp_path: Path, rubric: Rubric, sessions: list[Session],
) -> None:
    session = spawn(tmp_path, rubric, plain=True)
    sessions.append(session)
    start(session)
    session.answer_all()
    before = score(Answers(rubric=pin(rubric), answers=session.values), rubric)

    # Change the first Likert question in the review to its other extreme.
    asked = session.asked()
    number, likert = next((i, q) for i, q in enumerate(asked, start=1)
                          if isinstance(q, LikertQuestion))
    options = [o.value for o in rubric.options(likert)]
    new_value = options[-1] if session.values[likert.id] != options[-1] else options[0]
    session.expect("Review your answers")
    session.expect("press Enter to finish")
    session.child.send(f"{number}{ENTER}")
    session.expect("Changing an answer from the review")
    session.expect("Your answer")
    session.child.send(f"{options.index(new_value) + 1}{ENTER}")
    session.values[likert.id] = new_value
    summary = session.finish()

    (finished,) = history(tmp_path, rubric)
    assert finished.answers[likert.id] == new_value
    after = score(finished, rubric)
    dimension = next(d for d in rubric.dimensions if likert in d.questions)
    old = before.dimensions[dimension.id].score
    new = after.dimensions[dimension.id].score
    assert old is not None and new is not None and round(old) != round(new)
    assert dimension_score(summary, dimension.title) == round(new)
    # The plain (screen-reader) quiz ends by offering the plan as HTML, as a command
    # that works when pasted.
    offer = re.search(r"reads better with a screen reader: (.*--format html -o \S+)",
                      summary.replace("\n", ""))
    assert offer is not None, summary
    subprocess.run(["/bin/sh", "-c", offer.group(1)], check=True, cwd=tmp_path,
                   env=env_for(tmp_path / "home"), capture_output=True)
    assert "<html lang=\"en\">" in (tmp_path / "plan.html").read_text(encoding="utf-8")


def test_the_real_review_screen_and_going_back(
    tmp_path: Path, rubric: Rubric, sessions: list[Session],
) -> None:
    """Arrow keys through questionary: back to an earlier answer, and a review change."""
    session = spawn(tmp_path, rubric, "--name", "Arrow Keys")
    sessions.append(session)
    session.expect("Press Enter to begin")
    session.child.send(ENTER)
    session.answer_next()
    second = session.answer_next()
    session.expect("Question 3 of")
    session.expect("Your answer")
    session.child.send("\x1b[D")  # ← back to question 2, its answer pre-selected
    session.expect("Question 2 of")
    session.expect("Your answer")
    session.child.send(ENTER * (2 if isinstance(second, TextQuestion) else 1))  # keep it
    session.answer_all()

    asked = session.asked()
    number, question = next((i, q) for i, q in enumerate(asked, start=1)
                            if isinstance(q, NumberQuestion))
    session.expect("Review your answers")
    session.expect("Change an answer")
    session.child.send(DOWN * number + ENTER)
    session.expect("Changing an answer from the review")
    session.expect("Your answer")
    new_value = session.values[question.id] + 1
    session.child.send("\x7f" * 12 + f"{new_value}{ENTER}")  # clear the old answer first
    session.values[question.id] = new_value
    session.finish()
    (finished,) = history(tmp_path, rubric)
    assert finished.answers == session.values
    assert finished.respondent == "Arrow Keys"


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_sigterm_and_sighup_save_progress(
    tmp_path: Path, rubric: Rubric, sessions: list[Session], signum: int,
) -> None:
    session = spawn(tmp_path, rubric, "--name", "Signal")
    sessions.append(session)
    session.expect("Press Enter to begin")
    session.child.send(ENTER)
    for _ in range(3):
        session.answer_next()
    session.expect("Question 4 of")
    session.expect("Your answer")
    session.child.kill(signum)
    session.child.expect(pexpect.EOF)
    session.child.close()
    assert session.child.exitstatus == 130
    saved = tmp_path / "home" / "attempts" / rubric.id / "unfinished.yaml"
    kept = parse_answers(saved.read_text(encoding="utf-8"), rubric, complete=False)
    assert kept.answers == session.values


def test_without_a_terminal_it_says_what_to_do_instead(tmp_path: Path) -> None:
    result = subprocess.run(
        [str(CAREERKIT), "take"], stdin=subprocess.DEVNULL, capture_output=True,
        text=True, env=env_for(tmp_path), cwd=tmp_path, timeout=TIMEOUT, check=False,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "careerkit rubric template" in lines[0] and "careerkit score" in lines[0]
    assert "Traceback" not in result.stderr and "EOFError" not in result.stderr


def test_ctrl_d_at_a_plain_prompt_is_like_ctrl_c(
    tmp_path: Path, rubric: Rubric, sessions: list[Session],
) -> None:
    session = spawn(tmp_path, rubric, "--plain", "--name", "Dee", plain=True)
    sessions.append(session)
    session.expect("Press Enter to begin")
    session.child.send(ENTER)
    session.answer_next()
    session.expect("Question 2 of")
    session.expect("Your answer: ")
    session.child.sendeof()
    session.expect(re.escape("Progress saved (1 of"))
    session.child.expect(pexpect.EOF)
    session.child.close()
    assert session.child.exitstatus == 130
    assert "Traceback" not in (session.child.before or "")


def test_resume_and_restart_together_is_a_usage_error(tmp_path: Path) -> None:
    result = subprocess.run(
        [str(CAREERKIT), "take", "--resume", "--restart"], stdin=subprocess.DEVNULL,
        capture_output=True, text=True, env=env_for(tmp_path), cwd=tmp_path,
        timeout=TIMEOUT, check=False,
    )
    assert result.returncode == 2
    assert "--resume and --restart cannot be used together" in result.stderr


@pytest.mark.parametrize(("plain", "leader", "stderr_to_file"), [
    (True, True, True), (False, True, True), (True, True, False),
    (True, False, True), (False, False, True),
])
def test_closing_the_terminal_is_an_interruption_not_a_crash(
    tmp_path: Path, rubric: Rubric, sessions: list[Session], plain: bool, leader: bool,
    stderr_to_file: bool,
) -> None:
    """The window is closed mid-quiz: the pty's master end goes away (the test sends no
    signal). Exit 130, the answers so far saved, no traceback.

    As the session leader careerkit gets SIGHUP and failing reads (EIO) in either order;
    under a shell that ignores the hang-up (not the leader) it gets the failing reads only.
    """
    errors, status = tmp_path / "stderr.txt", tmp_path / "status.txt"
    argv = ["take", "-o", str(tmp_path / "plan.pdf"), "--name", "Hang Up"]
    argv += ["--plain"] if plain else []
    # stderr into a file, so that what careerkit says after the hang-up can be read.
    redirect = ' 2>"$ERRORS"' if stderr_to_file else ""
    script = (f'exec "$0" "$@"{redirect}' if leader
              else f'trap "" HUP; "$0" "$@"{redirect}; echo $? >"$STATUS"')
    env = {**env_for(tmp_path / "home"), "ERRORS": str(errors), "STATUS": str(status)}
    child = pexpect.spawn("/bin/sh", ["-c", script, str(CAREERKIT), *argv], env=env,
                          cwd=str(tmp_path), dimensions=(24, 80), encoding="utf-8",
                          timeout=TIMEOUT)
    session = Session(child, rubric, plain)
    sessions.append(session)
    session.expect("Press Enter to begin")
    child.send(ENTER)
    for _ in range(2):
        session.answer_next()
    session.expect("Question 3 of")
    session.expect("Your answer")
    child.ptyproc.fileobj.close()  # the terminal is gone
    code = child.ptyproc.wait()
    if not leader:
        code = int(status.read_text(encoding="utf-8"))
    assert code == 130
    saved = tmp_path / "home" / "attempts" / rubric.id / "unfinished.yaml"
    kept = parse_answers(saved.read_text(encoding="utf-8"), rubric, complete=False)
    assert kept.answers == session.values and len(kept.answers) == 2
    if stderr_to_file:
        said = errors.read_text(encoding="utf-8")
        assert "Progress saved (2 of" in said
        assert "Traceback" not in said and "internal error" not in said
        assert "OSError" not in said and "Task exception" not in said


def test_when_the_pdf_fails_the_answers_are_kept_and_the_retry_command_printed(
    tmp_path: Path, rubric: Rubric, sessions: list[Session],
) -> None:
    target = tmp_path / "plans" / "plan.pdf"
    child = pexpect.spawn(str(CAREERKIT), ["take", "-o", str(target), "--name", "Pat"],
                          env=env_for(tmp_path / "home"), cwd=str(tmp_path),
                          dimensions=(24, 80), encoding="utf-8", timeout=TIMEOUT)
    session = Session(child, rubric, plain=False)
    sessions.append(session)
    session.expect("Press Enter to begin")
    child.send(ENTER)
    session.answer_all()
    (tmp_path / "plans").write_text("in the way", encoding="utf-8")  # the PDF cannot go there
    session.expect("Review your answers")
    session.expect("Change an answer")
    child.send("f")
    child.expect(pexpect.EOF, timeout=60)
    child.close()
    assert child.exitstatus == 1
    said = " ".join(ANSI.sub("", child.before or "").split())
    (filed,) = (tmp_path / "home" / "history").glob("*.yaml")
    assert f"Nothing is lost: your answers are saved in {filed}." in said
    assert f"Make the PDF later with: careerkit report {filed} -o {target}" in said
    assert "Traceback" not in said
    (tmp_path / "plans").unlink()
    made = subprocess.run([str(CAREERKIT), "report", str(filed), "-o", str(target)],
                          env=env_for(tmp_path / "home"), cwd=tmp_path, capture_output=True,
                          text=True, timeout=60, check=False)
    assert made.returncode == 0, made.stderr
    assert target.read_bytes().startswith(b"%PDF")
