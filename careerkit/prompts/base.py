"""What both front ends share: signals, printing, notices, and the shape of each screen.

`Screen` lays out every screen (the welcome, the resume choice, a question's header,
the review) and leaves to its two faces only what differs: how a line is written and
how an answer is asked for (careerkit.prompts.plain, careerkit.prompts.rich).
"""

from __future__ import annotations

import logging

from careerkit.answers import AnswerValue
from careerkit.display import counted
from careerkit.quiz import Back, QuestionPrompt, ResumeChoice, ReviewScreen, Stop, WelcomeInfo
from careerkit.safetext import visible
from careerkit.textwidth import clip, wrap, wrap_path

__all__ = ["Screen", "clip_line", "one_line", "wrap_text"]


def one_line(text: str) -> str:
    return " ".join(text.split())


def clip_line(text: str, width: int) -> str:
    return clip(visible(one_line(text)), width)


def wrap_text(text: str, width: int, indent: str = "") -> list[str]:
    """Lines broken between words, measured in terminal columns (CJK counts double)."""
    return wrap(text, max(20, width), indent=indent)


class Screen:
    """A front end without its face: `quiz.Frontend`'s screens, laid out once."""

    plain = False  # the plain face; commands lay out their own text to match
    # How the welcome's facts are joined, and what "back" is called in the header.
    DOT = " · "
    BACK_TO_REVIEW = " (←\u00a0returns to the review)."

    def __init__(self, *, width: int | None = None) -> None:
        self._width = width
        self._notices: list[str] = []
        self._stopping: Stop | None = None
        self._rows_used = 0  # rows printed since the screen was cleared

    # -- signals -------------------------------------------------------------------------
    def deliver(self, stop: Stop) -> None:
        """Stop whatever waits for the student; called from a signal handler."""
        self._stopping = stop
        self._interrupt_wait(stop)
        # Between prompts: the next prompt raises it, so no write is cut in half.

    def _interrupt_wait(self, stop: Stop) -> None:
        """End the wait for input, if the student is being asked something now."""

    def _check_stopping(self) -> None:
        if self._stopping is not None:
            raise self._stopping

    def _terminal_gone(self) -> Stop:
        """The Stop for a terminal that can no longer be read or written (the window
        was closed, the ssh connection dropped): a hang-up, not a crash. The answers are
        already saved; what is left to say goes nowhere, so nothing is logged either."""
        # prompt_toolkit's input task fails with the same OSError; asyncio would log it
        # as "Task exception was never retrieved" with a traceback when it is collected.
        logging.getLogger("asyncio").setLevel(logging.CRITICAL)
        self._stopping = self._stopping or Stop("hangup")
        return self._stopping

    # -- output --------------------------------------------------------------------------
    @property
    def width(self) -> int:
        return self._width if self._width is not None else self._terminal_width()

    def _terminal_width(self) -> int:
        raise NotImplementedError

    def _print(self, fragments: list[tuple[str, str]]) -> None:
        # Every line either face prints passes here; rubric and answers text is checked
        # when loaded, and shown with visible escapes here should anything slip through.
        fragments = [(style, visible(text)) for style, text in fragments]
        self._rows_used += "".join(text for _, text in fragments).count("\n") + 1
        try:
            self._write(fragments)
        except OSError:
            raise self._terminal_gone() from None

    def _write(self, fragments: list[tuple[str, str]]) -> None:
        """Write one line of (style, text) fragments."""
        raise NotImplementedError

    def say(self, text: str = "", style: str = "") -> None:
        """Print a line (or several); style names come from STYLE."""
        self._print([(f"class:{style}" if style else "", text)])

    def para(self, text: str, style: str = "") -> None:
        """Print a paragraph wrapped to the terminal's width."""
        for line in wrap_text(text, min(self.width, 80) - 1):
            self.say(line, style)

    def notify(self, message: str) -> None:
        """A notice shown at the top of the next screen (or now, in plain mode)."""
        self._notices.append(message)

    def _new_screen(self) -> None:
        self._clear()
        for message in self._notices:
            for line in wrap_text(message, self.width - 2, indent="  "):
                self.say(line, "notice")
            self.say("")
        self._notices.clear()

    def _clear(self) -> None:
        """Start a new screen."""
        raise NotImplementedError

    # -- screens -------------------------------------------------------------------------
    def welcome(self, info: WelcomeInfo) -> str | None:
        """The first screen; returns the name typed (None when not asked or left empty)."""
        self._check_stopping()
        self._new_screen()
        width = min(self.width, 80) - 2
        self.say(info.title, "title")
        self._under_title(info.title, width)
        if info.resumed_answers:
            self.para(f"Welcome back. You have answered "
                      f"{counted(info.resumed_answers, 'question')}; "
                      "the quiz continues where you stopped.")
        roomy = self._welcome_fits(info)
        if not info.resumed_answers and roomy:
            self.para(info.description)
        if roomy or info.resumed_answers:
            self.say("")
        count = (f"{info.max_questions}" if info.min_questions == info.max_questions
                 else f"{info.min_questions}–{info.max_questions}")
        questions = "question" if count == "1" else "questions"
        self.say(f"About {counted(info.minutes, 'minute')}{self.DOT}{count} {questions} in "
                 f"{counted(info.sections, 'section')}.")
        self.para("Your answers stay on this computer. They are saved after every answer, "
                  "so you can stop at any time and resume later, in:")
        for line in wrap_path(str(info.save_folder), self.width - 1, indent="  "):
            self.say(line, "path")
        self.say("")
        self._welcome_keys()
        if roomy:  # a small terminal keeps its rows for the title (blank lines go first)
            self.say("")
        if not info.ask_name:
            self._press_enter("Press Enter to begin")
            return None
        return self._ask_name()

    def _under_title(self, title: str, width: int) -> None:
        """What goes under the welcome's title."""

    def _welcome_fits(self, info: WelcomeInfo) -> bool:
        """Is there room for the welcome with its description?"""
        return True

    def _welcome_keys(self) -> None:
        raise NotImplementedError

    def _ask_name(self) -> str | None:
        raise NotImplementedError

    def _press_enter(self, message: str) -> None:
        raise NotImplementedError

    def choose_resume(self, answered: int, total: int, started: str | None) -> ResumeChoice:
        """Ask what to do with an unfinished attempt."""
        self._check_stopping()
        when = f", started {started}" if started else ""
        self._new_screen()
        self.para(f"You have an unfinished attempt ({answered} of {total} answered{when}).")
        self.say("")
        resume = f"Resume where I stopped ({answered} of {total} answered)"
        restart = "Start over (the unfinished attempt is kept as a backup)"
        return self._pick_resume(resume, restart)

    def _pick_resume(self, resume: str, restart: str) -> ResumeChoice:
        raise NotImplementedError

    def confirm(self, message: str, *, default: bool) -> bool:
        """A yes/no question on a screen of its own, under any notices."""
        self._check_stopping()
        self._new_screen()
        return self._confirm(message, default)

    def _confirm(self, message: str, default: bool) -> bool:
        raise NotImplementedError

    # -- one question ----------------------------------------------------------------------
    def ask(self, prompt: QuestionPrompt) -> AnswerValue | Back:
        """Ask one question: the `quiz.Ask` of this front end."""
        self._check_stopping()
        self._new_screen()
        self._header(prompt)
        return self._ask_question(prompt)

    def _ask_question(self, prompt: QuestionPrompt) -> AnswerValue | Back:
        raise NotImplementedError

    def _header(self, prompt: QuestionPrompt) -> None:
        width = self.width - 1
        self._heading(prompt, width)
        summary = (wrap_text(prompt.dimension.summary, width)
                   if prompt.new_section and prompt.dimension.summary
                   and not prompt.from_review else [])
        changing = wrap_text("Changing an answer from the review" + self.BACK_TO_REVIEW,
                             width) if prompt.from_review else []
        text = wrap_text(prompt.question.text, width)
        help_ = wrap_text(prompt.question.help, width) if prompt.question.help else []
        summary, help_, spacing = self._fit_header(summary, changing, text, help_, width)
        if summary:
            for line in summary:
                self.say(line, "dim")
            self.say("")
        if changing:
            for line in changing:
                self.say(line, "dim")
            if spacing:
                self.say("")
        for line in text:
            self.say(line, "prompt-text")
        for line in help_:
            self.say(line, "help")
        self._after_question(spacing)

    def _heading(self, prompt: QuestionPrompt, width: int) -> None:
        """The section and the progress, above the question."""
        raise NotImplementedError

    def _fit_header(self, summary: list[str], changing: list[str], text: list[str],
                    help_: list[str], width: int) -> tuple[list[str], list[str], bool]:
        """The summary and help lines that fit, and whether blank lines fit between."""
        return summary, help_, True

    def _after_question(self, spacing: bool) -> None:
        """What follows the question's text and help."""

    def results(self, title: str, body: str) -> None:
        """The last screen: a title and the summary table."""
        self._new_screen()
        self.say(title, "title")
        self.say("")
        for line in body.splitlines():
            self.say(line)
        self.say("")

    # -- the review ------------------------------------------------------------------------
    def review(self, screen: ReviewScreen) -> str | None:
        """All answers; returns the id of a question to change, or None to finish."""
        self._check_stopping()
        self._new_screen()
        skipped = screen.skipped
        self.say("Review your answers", "title")
        summary = f"{counted(screen.answered, 'question')} answered" + (
            f", {skipped} skipped" if skipped else "") + "."
        self.para(summary + " Choose one to change it, or finish to see your results.",
                  "dim")
        return self._pick_from_review(screen)

    def _pick_from_review(self, screen: ReviewScreen) -> str | None:
        raise NotImplementedError
