"""The quiz in a terminal: the ONLY module that imports questionary and prompt_toolkit.

`TerminalUI` is the front end that `careerkit.quiz.run_quiz` drives. It has two faces:

* rich (default): one question per screen, arrow-key lists (questionary), the section
  and "Question 7 of 28" always on top;
* plain (``--plain``, or TERM=dumb): numbered, line-based prompts that never move the
  cursor, for screen readers and simple terminals.

Keys in rich mode: Enter chooses, ← (or Esc) goes back, Ctrl-C or Ctrl-D stops (the
attempt is already saved). Both faces raise `quiz.Stop` to stop, never EOFError.
"""

from __future__ import annotations

import enum
import logging
import math
import re
import shutil
import sys
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any, TextIO, cast

import questionary
from prompt_toolkit.application import Application
from prompt_toolkit.filters import to_filter
from prompt_toolkit.formatted_text import FormattedText, StyleAndTextTuples, to_formatted_text
from prompt_toolkit.formatted_text.utils import fragment_list_to_text
from prompt_toolkit.input import Input
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent, merge_key_bindings
from prompt_toolkit.keys import Keys
from prompt_toolkit.layout.containers import Window
from prompt_toolkit.layout.controls import BufferControl, FormattedTextControl
from prompt_toolkit.layout.dimension import Dimension
from prompt_toolkit.layout.processors import (
    Processor,
    Transformation,
    TransformationInput,
)
from prompt_toolkit.layout.utils import explode_text_fragments
from prompt_toolkit.output import Output
from prompt_toolkit.shortcuts import print_formatted_text
from prompt_toolkit.styles import Style
from prompt_toolkit.validation import ValidationError
from questionary.prompts.common import InquirerControl

from careerkit.answers import AnswerValue
from careerkit.display import counted
from careerkit.quiz import (
    BACK,
    Back,
    QuestionPrompt,
    ResumeChoice,
    ReviewScreen,
    Stop,
    WelcomeInfo,
)
from careerkit.rubric import (
    LikertQuestion,
    MultipleChoiceQuestion,
    NumberQuestion,
    SingleChoiceQuestion,
    TextQuestion,
    YesNoQuestion,
)
from careerkit.safetext import visible
from careerkit.textwidth import clip, display_width, wrap, wrap_path

__all__ = [
    "TerminalUI",
    "check_multi",
    "clean_name",
    "clean_text",
    "parse_number",
    "wants_plain",
]

SKIP_LABEL = "Prefer not to answer"
BACK_LABEL = "← Back"
MAX_NAME = 200

STYLE = Style([
    ("qmark", "fg:#5f87af bold"),
    ("question", "bold"),
    ("answer", "fg:#5fafaf bold"),
    ("pointer", "fg:#5fafaf bold"),
    ("highlighted", "fg:#5fafaf bold"),
    ("selected", "fg:#5fafaf"),
    ("separator", "fg:#808080"),
    ("instruction", "fg:#808080"),
    ("text", ""),
    ("disabled", "fg:#808080 italic"),
    ("validation-toolbar", "bg:#5f0000 fg:#ffffff"),
    ("bottom-toolbar", "noreverse fg:#d7af5f"),
    # Our own screens.
    ("title", "bold"),
    ("section", "fg:#5f87af bold"),
    ("progress", "fg:#808080"),
    ("rule", "fg:#444444"),
    ("prompt-text", "bold"),
    ("help", "fg:#8a8a8a italic"),
    ("notice", "fg:#d7af5f"),
    ("dim", "fg:#808080"),
    ("path", "fg:#5fafaf"),
])


class _Skip(enum.Enum):
    SKIP = "skip"
    FINISH = "finish"


_SKIP = _Skip.SKIP
_FINISH = _Skip.FINISH  # a Choice's value cannot be None: questionary takes the title then


def wants_plain(flag: bool, term: str | None) -> bool:
    """Plain prompts when asked for, or when the terminal cannot move the cursor."""
    return flag or (term or "").strip().lower() in ("dumb", "unknown")


# -- input checks shared by both faces --------------------------------------------------------


def parse_number(
    text: str, question: NumberQuestion, limit: float | None = None, why: str = ""
) -> tuple[float | int | None, str | None]:
    """(value, None) for acceptable input, (None, message) otherwise; '' is a skip.

    `limit` is the largest answer an earlier answer allows (`why` says which)."""
    raw = text.strip().replace("_", "").replace(" ", "")
    unit = f" {question.unit}" if question.unit else ""
    if not raw:
        if question.allow_skip:
            return None, None
        return None, "This question needs an answer: type a number."
    if question.integer and re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+", raw):
        raw = raw.replace(",", "")
    # Plain digits only: float() would also take "1e2", "inf" or "0x10", none of which a
    # student means as a count.
    kind = "a whole number" if question.integer else "a number"
    if not _PLAIN_NUMBER.fullmatch(raw):
        return None, f"Type {kind} in digits, like {_example_number(question)}."
    value = float(raw)
    if not math.isfinite(value):
        return None, "Type a finite number."
    if question.integer and value != int(value):
        return None, f"Type a whole number, like {_example_number(question)}."
    if not question.min <= value <= question.highest:
        return None, (f"Type a number from {_fmt(question.min)} to "
                      f"{_fmt(question.highest)}{unit}.")
    if limit is not None and value > limit:
        return None, f"At most {_fmt(limit)}{unit}: " + (why or "your earlier answer") + "."
    return (int(value) if question.integer else value), None


_PLAIN_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)")


def _example_number(question: NumberQuestion) -> str:
    middle = question.thresholds[len(question.thresholds) // 2].at
    value = min(max(middle, question.min), question.highest)
    return f"{int(value)}" if question.integer else f"{value:g}"


def check_multi(prompt: QuestionPrompt, values: Sequence[object]) -> str | None:
    """Why a multiple-choice selection cannot be used, or None."""
    chosen = [v for v in values if v is not _SKIP]
    if _SKIP in values and chosen:
        return f"“{SKIP_LABEL}” cannot be combined with other options."
    labels = {o.value: o.label for o in prompt.options}
    for option in prompt.options:
        if option.exclusive and option.value in chosen and len(chosen) > 1:
            return f"“{labels[option.value]}” cannot be combined with other options."
    return None


def _number_hint(question: NumberQuestion, limit: float | None = None) -> str:
    kind = "whole number" if question.integer else "number"
    unit = f" {question.unit}" if question.unit else ""
    top = question.highest if limit is None else min(limit, question.highest)
    return f"a {kind}, {_fmt(question.min)} to {_fmt(top)}{unit}"


def _fmt(number: float) -> str:
    """12, 1.5, 10,000,000: never 1e+07 in front of a student."""
    if number == int(number):
        return f"{int(number):,}"
    return f"{number:,.6g}" if abs(number) < 1e15 else f"{number:g}"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _clip(text: str, width: int) -> str:
    return clip(visible(_one_line(text)), width)


def _wrap(text: str, width: int, indent: str = "") -> list[str]:
    """Lines broken between words, measured in terminal columns (CJK counts double)."""
    return wrap(text, max(20, width), indent=indent)


# -- the front end --------------------------------------------------------------------------


class TerminalUI:
    """Asks the quiz's questions in a terminal; see the module docstring for the keys."""

    def __init__(
        self,
        *,
        plain: bool = False,
        input: Input | None = None,
        output: Output | None = None,
        read_line: Callable[[str], str] | None = None,
        stream: TextIO | None = None,
        width: int | None = None,
    ) -> None:
        self.plain = plain
        self._input = input
        self._output = output
        self._read_line = read_line or input_line
        self._stream = stream
        self._width = width
        self._notices: list[str] = []
        self._app: Application[Any] | None = None
        self._reading = False
        self._stopping: Stop | None = None
        self._rows_used = 0  # rows printed since the screen was cleared

    # -- signals -------------------------------------------------------------------------
    def deliver(self, stop: Stop) -> None:
        """Stop whatever waits for the student; called from a signal handler."""
        self._stopping = stop
        app = self._app
        if app is not None and app.is_running and app.loop is not None:
            def leave() -> None:
                if app.is_running and not app.is_done:
                    app.exit(exception=stop)

            app.loop.call_soon_threadsafe(leave)
            return
        if self._reading:
            raise stop
        # Between prompts: the next prompt raises it, so no write is cut in half.

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
        if self._width is not None:
            return self._width
        if not self.plain:
            try:
                return max(40, self._out().get_size().columns)
            except Exception:  # pragma: no cover - a terminal that cannot tell its size
                return 80
        return max(40, shutil.get_terminal_size((80, 24)).columns)

    def _out(self) -> Output:
        if self._output is None:
            from prompt_toolkit.output.defaults import create_output

            self._output = create_output()
        return self._output

    def _print(self, fragments: list[tuple[str, str]]) -> None:
        # Every line either face prints passes here; rubric and answers text is checked
        # when loaded, and shown with visible escapes here should anything slip through.
        fragments = [(style, visible(text)) for style, text in fragments]
        self._rows_used += "".join(text for _, text in fragments).count("\n") + 1
        try:
            if self.plain:
                stream = self._stream or sys.stdout
                stream.write("".join(text for _, text in fragments) + "\n")
                stream.flush()
                return
            print_formatted_text(FormattedText(fragments), style=STYLE, output=self._out())
        except OSError:
            raise self._terminal_gone() from None

    def say(self, text: str = "", style: str = "") -> None:
        """Print a line (or several); style names come from STYLE."""
        self._print([(f"class:{style}" if style else "", text)])

    def para(self, text: str, style: str = "") -> None:
        """Print a paragraph wrapped to the terminal's width."""
        for line in _wrap(text, min(self.width, 80) - 1):
            self.say(line, style)

    def notify(self, message: str) -> None:
        """A notice shown at the top of the next screen (or now, in plain mode)."""
        if self.plain:
            self.para(f"Note: {message}")
        else:
            self._notices.append(message)

    def _new_screen(self) -> None:
        if not self.plain:
            out = self._out()
            try:
                out.erase_screen()
                out.cursor_goto(0, 0)
                out.flush()
            except OSError:
                raise self._terminal_gone() from None
            self._rows_used = 0
        else:
            self.say("")
        for message in self._notices:
            for line in _wrap(message, self.width - 2, indent="  "):
                self.say(line, "notice")
            self.say("")
        self._notices.clear()

    # -- screens -------------------------------------------------------------------------
    def welcome(self, info: WelcomeInfo) -> str | None:
        """The first screen; returns the name typed (None when not asked or left empty)."""
        self._check_stopping()
        self._new_screen()
        width = min(self.width, 80) - 2
        self.say(info.title, "title")
        if not self.plain:  # a screen reader would read the rule out, dash by dash
            self.say("─" * min(display_width(info.title), width), "rule")
        if info.resumed_answers:
            self.para(f"Welcome back. You have answered "
                      f"{counted(info.resumed_answers, 'question')}; "
                      "the quiz continues where you stopped.")
        roomy = self.plain or self._welcome_fits(info)
        if not info.resumed_answers and roomy:
            self.para(info.description)
        if roomy or info.resumed_answers:
            self.say("")
        count = (f"{info.max_questions}" if info.min_questions == info.max_questions
                 else f"{info.min_questions}–{info.max_questions}")
        dot = ", " if self.plain else " · "
        questions = "question" if count == "1" else "questions"
        self.say(f"About {counted(info.minutes, 'minute')}{dot}{count} {questions} in "
                 f"{counted(info.sections, 'section')}.")
        self.para("Your answers stay on this computer. They are saved after every answer, "
                  "so you can stop at any time and resume later, in:")
        for line in wrap_path(str(info.save_folder), self.width - 1, indent="  "):
            self.say(line, "path")
        self.say("")
        if self.plain:
            self.para("Type the number of your answer and press Enter. Type b to go back "
                      "to the previous question. Ctrl-C stops; your answers are kept.")
        else:
            self._hint(_keys_text("Keys: ↑/↓ move", "Enter chooses", "← or Esc goes back",
                                  "Ctrl-C pauses"))
        if roomy:  # a small terminal keeps its rows for the title (blank lines go first)
            self.say("")
        if not info.ask_name:
            self._press_enter("Press Enter to begin")
            return None
        if self.plain:
            name = self._line("Your name, for your PDF plan (optional, Enter to skip): ")
        else:
            self._hint("Your name goes on your PDF plan (optional, Enter to skip).")
            name = self._ask_rich(questionary.text(
                "Your name:",
                instruction="",
                validate=lambda text: len(text.strip()) <= MAX_NAME
                or f"At most {MAX_NAME} characters.",
                style=STYLE,
                **self._io(),
            ))
        cleaned = clean_name(str(name or ""))
        return cleaned or None

    def _welcome_fits(self, info: WelcomeInfo) -> bool:
        """Does the welcome, description included, fit the screen with the name prompt?
        A small terminal gets it without the description, title still on top."""
        text_width = min(self.width, 80) - 1
        description = len(_wrap(info.description, text_width))
        folder = len(wrap_path(str(info.save_folder), self.width - 1, indent="  "))
        # title and rule, blank, time and count, 3 about saving, blank, 2 of keys, blank,
        # the name hint and prompt (2 each at most).
        return 2 + description + 1 + 1 + 3 + folder + 1 + 2 + 1 + 4 <= self._screen_rows()

    def choose_resume(self, answered: int, total: int, started: str | None) -> ResumeChoice:
        """Ask what to do with an unfinished attempt."""
        self._check_stopping()
        when = f", started {started}" if started else ""
        self._new_screen()
        self.para(f"You have an unfinished attempt ({answered} of {total} answered{when}).")
        self.say("")
        resume = f"Resume where I stopped ({answered} of {total} answered)"
        restart = "Start over (the unfinished attempt is kept as a backup)"
        if self.plain:
            for number, label in enumerate((resume, restart), start=1):
                for line in wrap(label, self.width - 1, first=f"  {number}) ",
                                 indent="     "):
                    self.say(line)
            while True:
                reply = self._line("Your choice [1]: ").strip()
                if reply in ("", "1"):
                    return ResumeChoice.RESUME
                if reply == "2":
                    return ResumeChoice.RESTART
                self.say("Type 1 or 2.")
        self._keys_line("↑/↓ then Enter")
        resume_title, restart_title = self._titles([resume, restart], 3)
        choice = self._ask_rich(questionary.select(
            "What would you like to do?",
            choices=[questionary.Choice(resume_title, ResumeChoice.RESUME),
                     questionary.Choice(restart_title, ResumeChoice.RESTART)],
            instruction=" ",
            style=STYLE,
            **self._io(),
        ))
        return ResumeChoice(choice)

    def confirm(self, message: str, *, default: bool) -> bool:
        """A yes/no question on a screen of its own, under any notices."""
        self._check_stopping()
        self._new_screen()
        if self.plain:
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
        # y or n picks, Enter confirms: as in every question, one key never decides.
        return bool(self._ask_rich(questionary.confirm(visible(message), default=default,
                                                       auto_enter=False, style=STYLE,
                                                       **self._io())))

    # -- one question ----------------------------------------------------------------------
    def ask(self, prompt: QuestionPrompt) -> AnswerValue | Back:
        """Ask one question: the `quiz.Ask` of this front end."""
        self._check_stopping()
        self._new_screen()
        self._header(prompt)
        if self.plain:
            return self._ask_plain(prompt)
        return self._ask_question_rich(prompt)

    def _header(self, prompt: QuestionPrompt) -> None:
        width = self.width - 1
        progress = prompt.progress
        left = f"{prompt.dimension.title}"
        right = f"Question {progress.number} of {progress.total_text}"
        section = f"section {progress.section} of {progress.sections}"
        if self.plain:
            self.say(f"{right}. {left}, {section}.")
        else:
            # "Title · section 2 of 6 ........ Question 7 of 28" on one line, the title
            # clipped to fit; a narrow terminal gets the progress on a line above.
            room = width - len(right) - 2
            if room < 16:
                self.say(right, "progress")
                room = width
            rest = f" · {section}" if room - len(section) - 3 >= 8 else ""
            title = _clip(left, room - len(rest))
            heading = title + rest
            fragments = [("class:section", title), ("class:progress", rest)]
            if room < width:
                fragments += [("", " " * (width - display_width(heading) - len(right))),
                              ("class:progress", right)]
            self._print(fragments)
            self.say("─" * width, "rule")
        summary = (_wrap(prompt.dimension.summary, width)
                   if prompt.new_section and prompt.dimension.summary
                   and not prompt.from_review else [])
        changing = _wrap("Changing an answer from the review" + (
            " (Back returns to the review)." if self.plain else
            " (←\u00a0returns to the review)."), width) if prompt.from_review else []
        text = _wrap(prompt.question.text, width)
        help_ = _wrap(prompt.question.help, width) if prompt.question.help else []
        if not self.plain:
            # A small terminal keeps the header, the question and the answer on screen:
            # the section summary goes first, then blank lines, then the help is cut.
            room = self._screen_rows() - self._rows_used - len(text) - _ANSWER_ROWS
            if len(summary) + len(changing) + len(help_) + 3 > room:
                summary = []
            spacing = len(changing) + len(help_) + 2 <= room
            room -= len(changing) + (1 if changing and spacing else 0)
            if len(help_) > max(room - (1 if spacing else 0), 0):
                keep = max(room - (1 if spacing else 0), 0)
                help_ = help_[:keep]
                if help_:
                    help_[-1] = _clip(help_[-1] + " …", width)
        else:
            spacing = True
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
        if not self.plain and spacing:
            self.say("")

    def _screen_rows(self) -> int:
        try:
            return self._out().get_size().rows
        except Exception:  # pragma: no cover - a terminal that cannot tell its size
            return 24

    # -- rich prompts ----------------------------------------------------------------------
    def _io(self) -> dict[str, Any]:
        io: dict[str, Any] = {}
        if self._input is not None:
            io["input"] = self._input
        if self._output is not None:
            io["output"] = self._output
        return io

    def _ask_question_rich(self, prompt: QuestionPrompt) -> AnswerValue | Back:
        question = prompt.question
        result: object
        if isinstance(question, (LikertQuestion, SingleChoiceQuestion)):
            result = self._select(prompt)
        elif isinstance(question, MultipleChoiceQuestion):
            result = self._checkbox(prompt)
        elif isinstance(question, YesNoQuestion):
            result = self._yes_no(prompt)
        elif isinstance(question, NumberQuestion):
            result = self._number(prompt)
        else:
            result = self._text(prompt)
        if result is BACK:
            return BACK
        if result is _SKIP:
            return None
        return cast(AnswerValue, result)

    def _hint(self, text: str) -> None:
        for line in _wrap(text, self.width - 1):
            self.say(line, "dim")

    def _back_hint(self, prompt: QuestionPrompt, key: str = "←") -> str:
        return f" · {key} back" if prompt.can_go_back else ""

    def _fit(self, message: str) -> str:
        """A validation message wrapped between words to the screen (prompt_toolkit
        would cut it at the edge)."""
        return "\n".join(wrap(message, self.width - 1)) or message

    def _keys_line(self, *parts: str) -> None:
        """The keys of a prompt on a line of their own, above the list, wrapped between
        words: as questionary's instruction it would wrap mid-word on a narrow screen."""
        self._hint(_keys_text(*parts))

    def _back_key(self, prompt: QuestionPrompt) -> str:
        if not prompt.can_go_back:
            return ""
        return "← back to the review" if prompt.from_review else "← back"

    def _titles(self, labels: Sequence[str], indent: int) -> list[str]:
        """Choice labels wrapped between words to the screen, continuation lines under
        the label's first letter (questionary would cut a long one at the edge)."""
        width = max(12, self.width - indent - 1)
        return [f"\n{' ' * indent}".join(wrap(label, width)) or label for label in labels]

    def _select(self, prompt: QuestionPrompt, labels: Sequence[tuple[str, Any]] = ()) -> Any:
        entries: list[tuple[str, Any, str | None]] = []
        options = labels or [(o.label, o.value) for o in prompt.options]
        shortcuts = len(options) <= 9
        for i, (label, value) in enumerate(options, start=1):
            key = None
            if shortcuts:
                key = label[0].lower() if labels else str(i)
            entries.append((visible(label), value, key))
        if prompt.question.allow_skip:
            entries.append((SKIP_LABEL, _SKIP, "s" if shortcuts else None))
        if prompt.can_go_back:
            label = BACK_LABEL + (" to the review" if prompt.from_review else "")
            entries.append((label, BACK, "b" if shortcuts else None))
        # pointer (3 columns) and, with shortcuts, "1) " (3 more) come before a label.
        titles = self._titles([e[0] for e in entries], 6 if shortcuts else 3)
        choices = [questionary.Choice(title, value, shortcut_key=key)
                   for title, (_, value, key) in zip(titles, entries, strict=True)]
        default: Any = None
        if prompt.has_previous:
            default = _SKIP if prompt.previous is None else prompt.previous
        if labels:
            keys = "↑/↓ or " + "/".join(e[2] or "" for e in entries[:2])
        else:
            keys = "↑/↓ or number" if shortcuts else "↑/↓"
        rows = sum(title.count("\n") + 1 for title in titles)
        self._keys_line(f"{keys}, then Enter",
                        f"↑/↓ scrolls all {len(choices)}" if rows > self._list_room() - 1
                        else "", self._back_key(prompt))
        question = questionary.select(
            "Your answer",
            choices=choices,
            default=default,
            use_shortcuts=shortcuts,
            use_jk_keys=False,
            instruction=" ",
            style=STYLE,
            **self._io(),
        )
        return self._ask_rich(question, back=prompt.can_go_back)

    def _checkbox(self, prompt: QuestionPrompt) -> Any:
        previous = prompt.previous if prompt.has_previous else []
        ticked = set(previous) if isinstance(previous, list) else set()
        entries: list[tuple[str, Any, bool]] = [
            (visible(o.label), o.value, o.value in ticked) for o in prompt.options
        ]
        if prompt.question.allow_skip:
            entries.append((SKIP_LABEL, _SKIP, prompt.has_previous and prompt.previous is None))
        # pointer (3 columns) and the tick box "○ " (2) come before a label.
        titles = self._titles([e[0] for e in entries], 5)
        choices = [questionary.Choice(title, value, checked=checked)
                   for title, (_, value, checked) in zip(titles, entries, strict=True)]

        def validate(values: list[Any]) -> bool | str:
            problem = check_multi(prompt, values)
            return self._fit(problem) if problem else True

        rows = sum(title.count("\n") + 1 for title in titles)
        more = (f"↑/↓ scrolls all {len(choices)}" if rows > self._list_room() - 1
                else "none ticked is fine")
        self._keys_line("Space ticks, Enter when done", more, self._back_key(prompt))
        question = questionary.checkbox(
            "Your answer",
            choices=choices,
            validate=validate,
            use_jk_keys=False,
            instruction=" ",
            style=STYLE,
            **self._io(),
        )
        result = self._ask_rich(question, back=prompt.can_go_back)
        if isinstance(result, list):
            return _SKIP if _SKIP in result else result
        return result

    def _yes_no(self, prompt: QuestionPrompt) -> Any:
        """Yes/no is a two-option list like every other choice: y or n moves to an answer
        and Enter confirms it, so one stray key never answers and moves on."""
        return self._select(prompt, labels=[("Yes", True), ("No", False)])

    def _number(self, prompt: QuestionPrompt) -> Any:
        question = prompt.question
        assert isinstance(question, NumberQuestion)
        default = ""
        if prompt.has_previous and prompt.previous is not None:
            value = prompt.previous
            default = f"{value:g}" if isinstance(value, float) else str(value)

        def validate(text: str) -> bool | str:
            problem = parse_number(text, question, prompt.limit, prompt.limit_reason)[1]
            return self._fit(problem) if problem else True

        parts = [_number_hint(question, prompt.limit).capitalize()]
        if question.allow_skip:
            parts.append("empty = prefer not to answer")
        if prompt.can_go_back:
            parts.append("Esc = back")
        self._hint(_keys_text(*parts))
        label = f"Your answer ({question.unit}):" if question.unit else "Your answer:"
        result = self._ask_rich(questionary.text(
            visible(label),
            default=default,
            validate=validate,
            instruction="",
            style=STYLE,
            **self._io(),
        ), back=prompt.can_go_back, text=True)
        if isinstance(result, str):
            number, _ = parse_number(result, question, prompt.limit, prompt.limit_reason)
            return _SKIP if number is None else number
        return result

    def _text(self, prompt: QuestionPrompt) -> Any:
        question = prompt.question
        assert isinstance(question, TextQuestion)
        default = prompt.previous if prompt.has_previous and isinstance(prompt.previous,
                                                                         str) else ""

        def validate(text: str) -> bool | str:
            body = text.strip()
            if not body and not question.allow_skip:
                return self._fit("This question needs an answer: a sentence or two is "
                                 "plenty.")
            if len(body) > question.max_length:
                return self._fit(f"At most {question.max_length} characters (this is "
                                 f"{len(body)}).")
            return True

        extra = KeyBindings()
        if question.multiline:
            finish = "Enter twice to finish"

            @extra.add(Keys.ControlM)
            def _enter(event: KeyPressEvent) -> None:
                buffer = event.current_buffer
                document = buffer.document
                at_end = document.is_cursor_at_the_end
                if not document.text.strip() or (at_end and document.current_line == ""):
                    buffer.validate_and_handle()
                else:
                    buffer.insert_text("\n")
        else:
            finish = "Enter finishes"
        parts = [finish]
        if question.allow_skip:
            parts.append("empty = prefer not to answer")
        if prompt.can_go_back:
            parts.append("Esc = back")
        self._hint(_keys_text(*parts))
        word_wrap = WordWrap()
        asked = questionary.text(
            "Your answer:\n" if question.multiline else "Your answer:",
            default=default,
            validate=validate,
            multiline=question.multiline,
            instruction="",
            style=STYLE,
            input_processors=[word_wrap],
            **self._io(),
        )
        word_wrap.window = _input_window(asked.application)
        result = self._ask_rich(asked, back=prompt.can_go_back, extra=extra, text=True)
        if isinstance(result, str):
            return clean_text(result).strip() or _SKIP
        return result

    def _press_enter(self, message: str) -> None:
        if self.plain:
            self._line(f"{message}: ")
            return
        question = questionary.press_any_key_to_continue(visible(message) + " ", style=STYLE,
                                                         **self._io())
        extra = KeyBindings()

        @extra.add(Keys.Any)
        def _ignore(event: KeyPressEvent) -> None:
            """Only Enter goes on."""

        @extra.add(Keys.ControlM)
        def _go(event: KeyPressEvent) -> None:
            event.app.exit(result=None)

        self._ask_rich(question, extra=extra)

    def _ask_rich(
        self,
        question: questionary.Question,
        *,
        back: bool = False,
        extra: KeyBindings | None = None,
        text: bool = False,
    ) -> Any:
        """Run one questionary prompt with careerkit's keys; Ctrl-C/Ctrl-D become Stop."""
        self._check_stopping()
        app = question.application
        bindings = KeyBindings()

        @bindings.add(Keys.ControlC, eager=True)
        def _interrupt(event: KeyPressEvent) -> None:
            event.app.exit(exception=KeyboardInterrupt, style="class:aborting")

        if not text:
            @bindings.add(Keys.ControlD, eager=True)
            def _eof(event: KeyPressEvent) -> None:
                event.app.exit(exception=EOFError, style="class:aborting")

        if back:
            if text:
                _add_text_back(bindings, app)
            else:
                @bindings.add(Keys.Left, eager=True)
                @bindings.add(Keys.Escape, eager=True)
                def _back(event: KeyPressEvent) -> None:
                    event.app.exit(result=BACK)

        merged = [app.key_bindings, bindings] if app.key_bindings else [bindings]
        if extra is not None:
            merged.append(extra)
        app.key_bindings = merge_key_bindings([kb for kb in merged if kb is not None])
        self._fit_choices(app)
        _errors_under_the_input(app)

        def stop_if_signalled() -> None:
            # A signal that came between the check above and the start of the prompt.
            if self._stopping is not None:
                app.exit(exception=self._stopping)

        app.pre_run_callables.append(stop_if_signalled)
        app.ttimeoutlen = 0.1  # a lone Esc counts after 0.1 s (vim's default is 0.1 too)
        app.timeoutlen = 0.5
        self._app = app
        try:
            return question.unsafe_ask()
        except (KeyboardInterrupt, EOFError):
            raise self._stopping or Stop("interrupted") from None
        except Stop:
            raise
        except OSError:
            # A closed terminal fails the read or the last redraw, before or after its
            # SIGHUP arrives: either way the quiz stops there, its answers saved.
            raise self._terminal_gone() from None
        finally:
            self._app = None

    def results(self, title: str, body: str) -> None:
        """The last screen: a title and the summary table."""
        self._new_screen()
        self.say(title, "title")
        self.say("")
        for line in body.splitlines():
            self.say(line)
        self.say("")

    def _list_room(self) -> int:
        """Rows left for a choice list under what is on screen (at least 5)."""
        rows = self._screen_rows()
        # Leave room for the prompt line and a validation message under the list.
        return max(5, rows - self._rows_used - 2)

    def _fit_choices(self, app: Application[Any]) -> None:
        """Keep a long choice list below the question: it scrolls instead of pushing the
        section, progress and question off the top of a small terminal."""
        room = self._list_room()
        for window in app.layout.find_all_windows():
            if isinstance(window.content, InquirerControl):
                window.height = Dimension(max=room)

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
        if self.plain:
            return self._review_plain(screen)
        finish = "✔ Finish and see my results"
        self._keys_line("↑/↓ then Enter", "f finishes")
        width = self.width - 4  # the pointer takes 3 columns
        numbers = max(len(str(item.number)) for item in screen.items) + 2
        indent = " " * (3 + numbers)
        choices: list[questionary.Choice] = [questionary.Choice(finish, _FINISH)]
        section = None
        for item in screen.items:
            if item.dimension.id != section:
                section = item.dimension.id
                choices.append(questionary.Separator(f"── {_clip(item.dimension.title, width)}"))
            # The whole question and the whole answer (every tick of a multiple choice),
            # wrapped: clipped, many questions began alike and looked the same.
            number = f"{item.number}.".rjust(numbers - 1) + " "
            lines = wrap(visible(item.question.text), width - numbers)
            lines += wrap(visible(item.answer), width - numbers, first="→ ", indent="  ")
            title = f"\n{indent}".join([number + lines[0], *lines[1:]])
            choices.append(questionary.Choice(title, item.question.id))
        choices.append(questionary.Choice(finish, _FINISH))
        default = screen.focus if screen.focus in {i.question.id for i in screen.items} else None
        question = questionary.select(
            "Change an answer?",
            choices=choices,
            default=default,
            use_jk_keys=False,
            instruction=" ",
            style=STYLE,
            **self._io(),
        )
        keys = KeyBindings()

        @keys.add("f", eager=True)
        @keys.add("F", eager=True)
        def _finish(event: KeyPressEvent) -> None:
            event.app.exit(result=_FINISH)

        result = self._ask_rich(question, extra=keys)
        return result if isinstance(result, str) else None

    def _review_plain(self, screen: ReviewScreen) -> str | None:
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
            for line in wrap(f"Answer: {_one_line(item.answer)}", self.width - 1,
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

    # -- plain prompts ---------------------------------------------------------------------
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

    def _ask_plain(self, prompt: QuestionPrompt) -> AnswerValue | Back:
        question = prompt.question
        extras: list[str] = []
        if question.allow_skip:
            extras.append("s to prefer not to answer")
        if prompt.can_go_back:
            extras.append("b to go back" + (" to the review" if prompt.from_review else ""))
        if prompt.has_previous:
            extras.append("Enter alone keeps your earlier answer")
        while True:
            if isinstance(question, (LikertQuestion, SingleChoiceQuestion,
                                     MultipleChoiceQuestion)):
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
            hint = _plain_hint(prompt)
            if extras:
                self.para(f"({hint}; {'; '.join(extras)})")
            else:
                self.para(f"({hint})")
            reply = self._line("Your answer: ")
            if isinstance(question, TextQuestion) and question.multiline and (
                reply.strip().lower() not in ("", "b", "s")
            ):
                reply = self._read_more_lines(reply)
            result, problem = _parse_plain(prompt, reply)
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


class WordWrap(Processor):
    """Soft-wraps what the student types between words.

    prompt_toolkit wraps an input line at the last column, mid-word ("alr|eady"). This
    pads the line on screen (never in the answer) so a word that would cross the edge
    starts on the next row; only a word wider than a whole row is still broken.
    """

    def __init__(self) -> None:
        self.window: Window | None = None  # set once the prompt's layout exists

    def _prefix(self, lineno: int, row: int) -> int:
        """Columns the prompt or its continuation takes before row `row` of a line."""
        if self.window is None or self.window.get_line_prefix is None:
            return 0
        prefix = to_formatted_text(self.window.get_line_prefix(lineno, row))
        return display_width(fragment_list_to_text(prefix))

    def apply_transformation(self, ti: TransformationInput) -> Transformation:
        chars = explode_text_fragments(ti.fragments)
        texts = [text for _, text, *_ in chars]
        out: StyleAndTextTuples = []
        padded_before: list[int] = []  # for each display index in: padding before it
        row, column, padding = 0, 0, 0
        room = ti.width - self._prefix(ti.lineno, 0)
        for index, fragment in enumerate(chars):
            text = texts[index]
            starts_word = text != " " and (index == 0 or texts[index - 1] == " ")
            if starts_word and column:
                end = index
                while end < len(texts) and texts[end] != " ":
                    end += 1
                word = display_width("".join(texts[index:end]))
                next_room = ti.width - self._prefix(ti.lineno, row + 1)
                if column + word > room and word <= next_room:
                    fill = room - column
                    out.extend([(fragment[0], " ")] * max(fill, 0))
                    padding += max(fill, 0)
                    row, column, room = row + 1, 0, next_room
            columns = max(display_width(text), 0)
            if column + columns > room:  # the terminal wraps here itself
                row, column, room = row + 1, 0, ti.width - self._prefix(ti.lineno, row + 1)
            padded_before.append(padding)
            out.append((fragment[0], text))
            column += columns
        padded_before.append(padding)

        def to_display(i: int) -> int:
            return i + padded_before[min(max(i, 0), len(padded_before) - 1)]

        def to_source(d: int) -> int:
            for i in range(len(padded_before) - 1, -1, -1):
                if i + padded_before[i] <= d:
                    return i
            return 0

        return Transformation(out, source_to_display=to_display, display_to_source=to_source)


def _input_window(app: Application[Any]) -> Window | None:
    """The window the student types in."""
    for window in app.layout.find_all_windows():
        if isinstance(window.content, BufferControl) and \
                window.content.buffer is app.current_buffer:
            return window
    return None


def _keys_text(*parts: str) -> str:
    """Key hints joined by " · "; a short hint ("← back", "Esc = back") never breaks
    across lines, and the dot stays with the hint before it."""
    kept = [p.replace(" ", "\u00a0") if display_width(p) <= 20 else p for p in parts if p]
    return "\u00a0· ".join(kept)


# Rows under the question kept for answering: two of key hints, the prompt line, four of
# a choice list (or the typed answer) and one for an error message.
_ANSWER_ROWS = 8


def _errors_under_the_input(app: Application[Any]) -> None:
    """Keep a prompt as tall as its content, so a validation message sits on the line
    under the input instead of on the terminal's bottom row (prompt_toolkit stretches a
    prompt to the bottom of the screen, and its error bar goes last)."""
    for window in app.layout.find_all_windows():
        window.dont_extend_height = to_filter(True)
        if window.height == 1 and isinstance(window.content, FormattedTextControl):
            # The error bar is one row high: a message pre-wrapped to the width (see
            # TerminalUI._fit) needs as many rows as it has lines.
            window.height = None


def _add_text_back(bindings: KeyBindings, app: Application[Any]) -> None:
    """Esc goes back from a text field; with new text typed, a second Esc is needed."""
    buffer = app.current_buffer
    original = buffer.text
    armed = {"on": False}

    def disarm(_: object) -> None:
        armed["on"] = False

    buffer.on_text_changed += disarm

    @bindings.add(Keys.Escape, eager=True)
    def _back(event: KeyPressEvent) -> None:
        if buffer.text != original and not armed["on"]:
            armed["on"] = True
            buffer.validation_error = ValidationError(
                message="Press Esc again to go back; what you typed here will be lost.")
            return
        event.app.exit(result=BACK)


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
    unit = f" {question.unit}" if isinstance(question, NumberQuestion) and question.unit else ""
    return (f"{value:g}" if isinstance(value, float) else str(value)) + unit


def _plain_hint(prompt: QuestionPrompt) -> str:
    question = prompt.question
    if isinstance(question, (LikertQuestion, SingleChoiceQuestion)):
        return f"type a number from 1 to {len(prompt.options)}"
    if isinstance(question, MultipleChoiceQuestion):
        return "type the numbers of all that apply, separated by spaces; 0 for none"
    if isinstance(question, YesNoQuestion):
        return "type y or n"
    if isinstance(question, NumberQuestion):
        return "type " + _number_hint(question, prompt.limit)
    if isinstance(question, TextQuestion) and question.multiline:
        return "type your answer; an empty line finishes"
    return "type your answer"


def _parse_plain(prompt: QuestionPrompt, reply: str) -> tuple[Any, str | None]:
    """A line typed in plain mode as (answer or BACK, None) or (None, what to fix)."""
    question = prompt.question
    text = reply.strip()
    lowered = text.lower()
    if prompt.has_previous and not text and not isinstance(question, TextQuestion):
        return prompt.previous, None
    if lowered == "b" and prompt.can_go_back:
        return BACK, None
    if lowered == "s":
        if question.allow_skip:
            return None, None
        return None, "This question needs an answer."
    if isinstance(question, TextQuestion):
        if not text:
            if prompt.has_previous:
                return prompt.previous, None
            if question.allow_skip:
                return None, None
            return None, "This question needs an answer: a sentence or two is plenty."
        answer = clean_text(reply).strip()
        if len(answer) > question.max_length:
            return None, f"At most {question.max_length} characters (this is {len(answer)})."
        return answer, None
    if isinstance(question, (LikertQuestion, SingleChoiceQuestion)):
        count = len(prompt.options)
        if text.isdigit() and 1 <= int(text) <= count:
            return prompt.options[int(text) - 1].value, None
        return None, f"Type a number from 1 to {count}."
    if isinstance(question, MultipleChoiceQuestion):
        count = len(prompt.options)
        parts = [p for p in re.split(r"[\s,]+", text) if p]
        if parts == ["0"]:
            return [], None
        if not parts or not all(p.isdigit() and 1 <= int(p) <= count for p in parts):
            return None, f"Type numbers from 1 to {count}, separated by spaces (0 for none)."
        chosen: list[str] = []
        for part in parts:
            value = prompt.options[int(part) - 1].value
            if value not in chosen:
                chosen.append(value)
        chosen = [o.value for o in prompt.options if o.value in chosen]
        problem = check_multi(prompt, chosen)
        return (None, problem) if problem else (chosen, None)
    if isinstance(question, YesNoQuestion):
        if lowered in ("y", "yes"):
            return True, None
        if lowered in ("n", "no"):
            return False, None
        return None, "Type y or n."
    assert isinstance(question, NumberQuestion)
    if not text and not question.allow_skip:
        return None, "This question needs an answer: type a number."
    return parse_number(text, question, prompt.limit, prompt.limit_reason)


def clean_text(text: str) -> str:
    """Typed or pasted text without control characters (line breaks and tabs kept).

    Joiners and other format characters stay: some scripts and emoji need them.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(
        ch for ch in text
        if ch in "\n\t" or (unicodedata.category(ch) not in ("Cc", "Cs")
                              and ch not in "\ufffe\uffff")
    )


def clean_name(name: str) -> str:
    """A name as typed, without control characters, trimmed to MAX_NAME characters."""
    return " ".join(clean_text(name).split())[:MAX_NAME]


def input_line(message: str) -> str:
    """`input`, flushing the prompt first (some terminals buffer it otherwise)."""
    sys.stdout.write(visible(message))
    sys.stdout.flush()
    line = sys.stdin.readline()
    if not line:
        raise EOFError
    return line.rstrip("\n")
