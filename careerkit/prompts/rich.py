"""The rich front end: one question per screen, arrow-key lists (questionary), the section
and "Question 7 of 28" always on top.

Keys: Enter chooses, ← (or Esc) goes back, Ctrl-C or Ctrl-D stops (the attempt is
already saved): `quiz.Stop`, never EOFError.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar, cast

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
from careerkit.prompts.base import Screen, clip_line, wrap_text
from careerkit.prompts.input import (
    FINISH,
    MAX_NAME,
    SKIP,
    SKIP_LABEL,
    check_multi,
    clean_name,
    clean_text,
    number_hint,
    parse_number,
)
from careerkit.quiz import (
    BACK,
    Back,
    QuestionPrompt,
    ResumeChoice,
    ReviewScreen,
    Stop,
    WelcomeInfo,
)
from careerkit.rubric import NumberQuestion, TextQuestion
from careerkit.safetext import visible
from careerkit.textwidth import display_width, wrap, wrap_path

__all__ = ["BACK_LABEL", "STYLE", "RichUI", "WordWrap"]

BACK_LABEL = "← Back"

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


class RichUI(Screen):
    """Asks the quiz's questions on full screens, with questionary's prompts."""

    # The prompt for each input kind (careerkit.prompts.input.INPUT_KINDS).
    ASKERS: ClassVar[dict[str, str]] = {
        "choice": "_select", "multi": "_checkbox", "yesno": "_yes_no", "number": "_number",
        "text": "_text"}

    def __init__(
        self,
        *,
        input: Input | None = None,
        output: Output | None = None,
        width: int | None = None,
    ) -> None:
        super().__init__(width=width)
        self._input = input
        self._output = output
        self._app: Application[Any] | None = None

    def _interrupt_wait(self, stop: Stop) -> None:
        app = self._app
        if app is not None and app.is_running and app.loop is not None:
            def leave() -> None:
                if app.is_running and not app.is_done:
                    app.exit(exception=stop)

            app.loop.call_soon_threadsafe(leave)

    def _terminal_width(self) -> int:
        try:
            return max(40, self._out().get_size().columns)
        except Exception:  # pragma: no cover - a terminal that cannot tell its size
            return 80

    def _out(self) -> Output:
        if self._output is None:
            # start-up: the terminal output is made when first drawn
            from prompt_toolkit.output.defaults import create_output

            self._output = create_output()
        return self._output

    def _write(self, fragments: list[tuple[str, str]]) -> None:
        print_formatted_text(FormattedText(fragments), style=STYLE, output=self._out())

    def _clear(self) -> None:
        out = self._out()
        try:
            out.erase_screen()
            out.cursor_goto(0, 0)
            out.flush()
        except OSError:
            raise self._terminal_gone() from None
        self._rows_used = 0

    # -- screens -------------------------------------------------------------------------
    def _under_title(self, title: str, width: int) -> None:
        # A rule only here: a screen reader would read it out, dash by dash.
        self.say("─" * min(display_width(title), width), "rule")

    def _welcome_keys(self) -> None:
        self._hint(_keys_text("Keys: ↑/↓ move", "Enter chooses", "← or Esc goes back",
                              "Ctrl-C pauses"))

    def _ask_name(self) -> str | None:
        self._hint("Your name goes on your PDF plan (optional, Enter to skip).")
        name = self._ask_rich(questionary.text(
            "Your name:",
            instruction="",
            validate=lambda text: len(text.strip()) <= MAX_NAME
            or f"At most {MAX_NAME} characters.",
            style=STYLE,
            **self._io(),
        ))
        return clean_name(str(name or "")) or None

    def _welcome_fits(self, info: WelcomeInfo) -> bool:
        """Does the welcome, description included, fit the screen with the name prompt?
        A small terminal gets it without the description, title still on top."""
        text_width = min(self.width, 80) - 1
        description = len(wrap_text(info.description, text_width))
        folder = len(wrap_path(str(info.save_folder), self.width - 1, indent="  "))
        # title and rule, blank, time and count, 3 about saving, blank, 2 of keys, blank,
        # the name hint and prompt (2 each at most).
        return 2 + description + 1 + 1 + 3 + folder + 1 + 2 + 1 + 4 <= self._screen_rows()

    def _pick_resume(self, resume: str, restart: str) -> ResumeChoice:
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

    def _confirm(self, message: str, default: bool) -> bool:
        # y or n picks, Enter confirms: as in every question, one key never decides.
        return bool(self._ask_rich(questionary.confirm(visible(message), default=default,
                                                       auto_enter=False, style=STYLE,
                                                       **self._io())))

    # -- one question ----------------------------------------------------------------------
    def _heading(self, prompt: QuestionPrompt, width: int) -> None:
        # "Title · section 2 of 6 ........ Question 7 of 28" on one line, the title
        # clipped to fit; a narrow terminal gets the progress on a line above.
        progress = prompt.progress
        right = f"Question {progress.number} of {progress.total_text}"
        section = f"section {progress.section} of {progress.sections}"
        room = width - len(right) - 2
        if room < 16:
            self.say(right, "progress")
            room = width
        rest = f" · {section}" if room - len(section) - 3 >= 8 else ""
        title = clip_line(prompt.dimension.title, room - len(rest))
        heading = title + rest
        fragments = [("class:section", title), ("class:progress", rest)]
        if room < width:
            fragments += [("", " " * (width - display_width(heading) - len(right))),
                          ("class:progress", right)]
        self._print(fragments)
        self.say("─" * width, "rule")

    def _fit_header(self, summary: list[str], changing: list[str], text: list[str],
                    help_: list[str], width: int) -> tuple[list[str], list[str], bool]:
        # A small terminal keeps the header, the question and the answer on screen:
        # the section summary goes first, then blank lines, then the help is cut.
        room = self._screen_rows() - self._rows_used - len(text) - _ANSWER_ROWS
        if len(summary) + len(changing) + len(help_) + 3 > room:
            summary = []
        spacing = len(changing) + len(help_) + 2 <= room
        room -= len(changing) + (1 if changing and spacing else 0)
        keep = max(room - (1 if spacing else 0), 0)
        if len(help_) > keep:
            help_ = help_[:keep]
            if help_:
                help_[-1] = clip_line(help_[-1] + " …", width)
        return summary, help_, spacing

    def _after_question(self, spacing: bool) -> None:
        if spacing:
            self.say("")

    def _screen_rows(self) -> int:
        try:
            return self._out().get_size().rows
        except Exception:  # pragma: no cover - a terminal that cannot tell its size
            return 24

    def _io(self) -> dict[str, Any]:
        io: dict[str, Any] = {}
        if self._input is not None:
            io["input"] = self._input
        if self._output is not None:
            io["output"] = self._output
        return io

    def _ask_question(self, prompt: QuestionPrompt) -> AnswerValue | Back:
        ask = getattr(self, self.ASKERS[prompt.question.input_kind])
        result: object = ask(prompt)
        if result is BACK:
            return BACK
        if result is SKIP:
            return None
        return cast(AnswerValue, result)

    def _hint(self, text: str) -> None:
        for line in wrap_text(text, self.width - 1):
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
        entries = _select_entries(prompt, labels)
        shortcuts = entries[-1][3]
        # pointer (3 columns) and, with shortcuts, "1) " (3 more) come before a label.
        titles = self._titles([e[0] for e in entries], 6 if shortcuts else 3)
        choices = [questionary.Choice(title, value, shortcut_key=key)
                   for title, (_, value, key, _) in zip(titles, entries, strict=True)]
        default: Any = None
        if prompt.has_previous:
            default = SKIP if prompt.previous is None else prompt.previous
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
            entries.append((SKIP_LABEL, SKIP, prompt.has_previous and prompt.previous is None))
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
            return SKIP if SKIP in result else result
        return result

    def _yes_no(self, prompt: QuestionPrompt) -> Any:
        """Yes/no is a two-option list like every other choice: y or n moves to an answer
        and Enter confirms it, so one stray key never answers and moves on."""
        return self._select(prompt, labels=[("Yes", True), ("No", False)])

    def _number(self, prompt: QuestionPrompt) -> Any:
        question = cast(NumberQuestion, prompt.question)  # input_kind "number"
        default = ""
        if prompt.has_previous and prompt.previous is not None:
            value = prompt.previous
            default = f"{value:g}" if isinstance(value, float) else str(value)

        def validate(text: str) -> bool | str:
            problem = parse_number(text, question, prompt.limit, prompt.limit_reason)[1]
            return self._fit(problem) if problem else True

        parts = [number_hint(question, prompt.limit).capitalize()]
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
            return SKIP if number is None else number
        return result

    def _text(self, prompt: QuestionPrompt) -> Any:
        question = cast(TextQuestion, prompt.question)  # input_kind "text"
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
            return clean_text(result).strip() or SKIP
        return result

    def _press_enter(self, message: str) -> None:
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

    def _pick_from_review(self, screen: ReviewScreen) -> str | None:
        finish = "✔ Finish and see my results"
        self._keys_line("↑/↓ then Enter", "f finishes")
        width = self.width - 4  # the pointer takes 3 columns
        numbers = max(len(str(item.number)) for item in screen.items) + 2
        indent = " " * (3 + numbers)
        choices: list[questionary.Choice] = [questionary.Choice(finish, FINISH)]
        section = None
        for item in screen.items:
            if item.dimension.id != section:
                section = item.dimension.id
                heading = clip_line(item.dimension.title, width)
                choices.append(questionary.Separator(f"── {heading}"))
            # The whole question and the whole answer (every tick of a multiple choice),
            # wrapped: clipped, many questions began alike and looked the same.
            number = f"{item.number}.".rjust(numbers - 1) + " "
            lines = wrap(visible(item.question.text), width - numbers)
            lines += wrap(visible(item.answer), width - numbers, first="→ ", indent="  ")
            title = f"\n{indent}".join([number + lines[0], *lines[1:]])
            choices.append(questionary.Choice(title, item.question.id))
        choices.append(questionary.Choice(finish, FINISH))
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
            event.app.exit(result=FINISH)

        result = self._ask_rich(question, extra=keys)
        return result if isinstance(result, str) else None


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


def _select_entries(prompt: QuestionPrompt, labels: Sequence[tuple[str, Any]]
                    ) -> list[tuple[str, Any, str | None, bool]]:
    """A select list's entries: (label, value, shortcut key, whether keys are shown), the
    options (or `labels`), then "Prefer not to answer" and "Back" when they apply."""
    options = labels or [(o.label, o.value) for o in prompt.options]
    shortcuts = len(options) <= 9
    entries: list[tuple[str, Any, str | None, bool]] = []
    for i, (label, value) in enumerate(options, start=1):
        key = (label[0].lower() if labels else str(i)) if shortcuts else None
        entries.append((visible(label), value, key, shortcuts))
    if prompt.question.allow_skip:
        entries.append((SKIP_LABEL, SKIP, "s" if shortcuts else None, shortcuts))
    if prompt.can_go_back:
        label = BACK_LABEL + (" to the review" if prompt.from_review else "")
        entries.append((label, BACK, "b" if shortcuts else None, shortcuts))
    return entries


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


_ANSWER_ROWS = 8


def _errors_under_the_input(app: Application[Any]) -> None:
    """Keep a prompt as tall as its content, so a validation message sits on the line
    under the input instead of on the terminal's bottom row (prompt_toolkit stretches a
    prompt to the bottom of the screen, and its error bar goes last)."""
    for window in app.layout.find_all_windows():
        window.dont_extend_height = to_filter(True)
        if window.height == 1 and isinstance(window.content, FormattedTextControl):
            # The error bar is one row high: a message pre-wrapped to the width (see
            # RichUI._fit) needs as many rows as it has lines.
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
