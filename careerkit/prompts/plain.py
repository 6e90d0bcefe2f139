"""The plain front end: numbered, line-based prompts that never move the cursor.

For screen readers and simple terminals (``--plain``, or TERM=dumb). Ctrl-C or Ctrl-D
stops (the attempt is already saved): `quiz.Stop`, never EOFError.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from typing import TextIO, cast

from careerkit.answers import AnswerValue
from careerkit.prompts.base import Screen, one_line
from careerkit.prompts.input import (
    SKIP_LABEL,
    clean_name,
    input_line,
    multiline,
    parse_plain,
    plain_hint,
)
from careerkit.quiz import Back, QuestionPrompt, ResumeChoice, ReviewScreen, Stop
from careerkit.rubric import NumberQuestion
from careerkit.textwidth import wrap

__all__ = ["PlainUI"]


class PlainUI(Screen):
    """Asks the quiz's questions one line at a time."""

    plain = True
    DOT = ", "
    BACK_TO_REVIEW = " (Back returns to the review)."

    def __init__(
        self,
        *,
        read_line: Callable[[str], str] | None = None,
        stream: TextIO | None = None,
        width: int | None = None,
    ) -> None:
        super().__init__(width=width)
        self._read_line = read_line or input_line
        self._stream = stream
        self._reading = False

    def _interrupt_wait(self, stop: Stop) -> None:
        if self._reading:
            raise stop

    def _terminal_width(self) -> int:
        return max(40, shutil.get_terminal_size((80, 24)).columns)

    def _write(self, fragments: list[tuple[str, str]]) -> None:
        stream = self._stream or sys.stdout
        stream.write("".join(text for _, text in fragments) + "\n")
        stream.flush()

    def notify(self, message: str) -> None:
        self.para(f"Note: {message}")

    def _clear(self) -> None:
        self.say("")

    # -- screens -------------------------------------------------------------------------
    def _welcome_keys(self) -> None:
        self.para("Type the number of your answer and press Enter. Type b to go back "
                  "to the previous question. Ctrl-C stops; your answers are kept.")

    def _ask_name(self) -> str | None:
        name = self._line("Your name, for your PDF plan (optional, Enter to skip): ")
        return clean_name(name) or None

    def _press_enter(self, message: str) -> None:
        self._line(f"{message}: ")

    def _pick_resume(self, resume: str, restart: str) -> ResumeChoice:
        for number, label in enumerate((resume, restart), start=1):
            for line in wrap(label, self.width - 1, first=f"  {number}) ", indent="     "):
                self.say(line)
        while True:
            reply = self._line("Your choice [1]: ").strip()
            if reply in ("", "1"):
                return ResumeChoice.RESUME
            if reply == "2":
                return ResumeChoice.RESTART
            self.say("Type 1 or 2.")

    def _confirm(self, message: str, default: bool) -> bool:
        hint = "[Y/n]" if default else "[y/N]"
        while True:
            reply = self._line(f"{message} {hint} ").strip().lower()
            if not reply:
                return default
            if reply in ("y", "yes"):
                return True
            if reply in ("n", "no"):
                return False
            self.say("Type y or n.")

    # -- one question ----------------------------------------------------------------------
    def _heading(self, prompt: QuestionPrompt, width: int) -> None:
        progress = prompt.progress
        self.say(f"Question {progress.number} of {progress.total_text}. "
                 f"{prompt.dimension.title}, section {progress.section} of "
                 f"{progress.sections}.")

    def _ask_question(self, prompt: QuestionPrompt) -> AnswerValue | Back:
        question = prompt.question
        extras: list[str] = []
        if question.allow_skip:
            extras.append("s to prefer not to answer")
        if prompt.can_go_back:
            extras.append("b to go back" + (" to the review" if prompt.from_review else ""))
        if prompt.has_previous:
            extras.append("Enter alone keeps your earlier answer")
        while True:
            if prompt.options:
                for number, option in enumerate(prompt.options, start=1):
                    mark = ""
                    if prompt.has_previous and _was_chosen(prompt.previous, option.value):
                        mark = " (chosen earlier)"
                    lead = f"  {number}) "
                    for line in wrap(option.label + mark, self.width - 1, first=lead,
                                     indent=" " * len(lead)):
                        self.say(line)
            if prompt.has_previous and not prompt.options:
                self.para(f"Earlier answer: {_format_previous(prompt)}")
            hint = plain_hint(prompt)
            if extras:
                self.para(f"({hint}; {'; '.join(extras)})")
            else:
                self.para(f"({hint})")
            reply = self._line("Your answer: ")
            if multiline(question) and (
                reply.strip().lower() not in ("", "b", "s")
            ):
                reply = self._read_more_lines(reply)
            result, problem = parse_plain(prompt, reply)
            if problem is None:
                return cast("AnswerValue | Back", result)
            self.say(problem)

    def _read_more_lines(self, first: str) -> str:
        """The rest of a multi-line answer: lines until an empty one."""
        lines = [first.rstrip()]
        while True:
            line = self._line("> ")
            if not line.strip():
                return "\n".join(lines)
            lines.append(line.rstrip())

    def _pick_from_review(self, screen: ReviewScreen) -> str | None:
        section = None
        for item in screen.items:
            if item.dimension.id != section:
                section = item.dimension.id
                self.say("")
                self.say(item.dimension.title)
            number = f"  {item.number}. "
            for line in wrap(item.question.text, self.width - 1, first=number,
                             indent=" " * len(number)):
                self.say(line)
            for line in wrap(f"Answer: {one_line(item.answer)}", self.width - 1,
                             first=" " * len(number), indent=" " * (len(number) + 8)):
                self.say(line)
        self.say("")
        numbers = {str(item.number): item.question.id for item in screen.items}
        while True:
            reply = self._line("Type a question number to change it, or press Enter to "
                               "finish: ").strip()
            if not reply:
                return None
            if reply in numbers:
                return numbers[reply]
            self.say(f"Type a number from 1 to {len(screen.items)}, or press Enter.")

    def _line(self, message: str) -> str:
        """Read one line; Ctrl-D (end of input) and Ctrl-C stop the quiz."""
        self._check_stopping()
        self._reading = True
        try:
            return self._read_line(message)
        except (KeyboardInterrupt, EOFError):
            raise self._stopping or Stop("interrupted") from None
        except OSError:  # EIO: the terminal was closed while we waited for a line
            raise self._terminal_gone() from None
        finally:
            self._reading = False

def _was_chosen(previous: AnswerValue, value: str) -> bool:
    if isinstance(previous, list):
        return value in previous
    return previous == value


def _format_previous(prompt: QuestionPrompt) -> str:
    value = prompt.previous
    if value is None:
        return SKIP_LABEL
    labels = {o.value: o.label for o in prompt.options}
    if isinstance(value, list):
        return "; ".join(labels.get(v, v) for v in value) or "None selected"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, str):
        return labels.get(value, value)
    question = prompt.question
    unit = ""
    if question.input_kind == "number" and cast(NumberQuestion, question).unit:
        unit = f" {cast(NumberQuestion, question).unit}"
    return (f"{value:g}" if isinstance(value, float) else str(value)) + unit
