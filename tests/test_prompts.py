"""The terminal front end, fed keys through prompt_toolkit's pipe input.

Every prompt runs under a watchdog: if it is still waiting after a few seconds, the
watchdog types Ctrl-C and the test fails, instead of hanging the suite.
"""

from __future__ import annotations

import dataclasses
import io
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output import DummyOutput
from prompt_toolkit.output.vt100 import Vt100_Output

from careerkit.answers import Answers, AnswerValue, answers_to_yaml, parse_answers, pin
from careerkit.prompts import (
    PlainUI,
    RichUI,
    check_multi,
    clean_name,
    clean_text,
    parse_number,
    wants_plain,
)
from careerkit.quiz import (
    BACK,
    Progress,
    QuestionPrompt,
    ResumeChoice,
    ReviewItem,
    ReviewScreen,
    Stop,
    WelcomeInfo,
)
from careerkit.rubric import (
    LikertQuestion,
    MultipleChoiceQuestion,
    NumberQuestion,
    Option,
    Rubric,
    SingleChoiceQuestion,
    load_rubric,
)

DATA = Path(__file__).parent / "data" / "quiz"
RUBRIC = DATA / "small.yaml"  # the `rubric` fixture (conftest.py) loads this one
T = TypeVar("T")

DOWN, UP, LEFT, ENTER, SPACE, ESC = "\x1b[B", "\x1b[A", "\x1b[D", "\r", " ", "\x1b"
CTRL_C, CTRL_D = "\x03", "\x04"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\r")



@pytest.fixture(scope="module")
def long_rubric() -> Rubric:
    return load_rubric(DATA / "long.yaml")


_MISSING = object()


def make_prompt(rubric: Rubric, question_id: str, previous: Any = _MISSING, *,
                can_go_back: bool = True, from_review: bool = False) -> QuestionPrompt:
    for dimension, question in rubric.questions():
        if question.id == question_id:
            options: tuple[Option, ...] = ()
            if isinstance(question, (LikertQuestion, SingleChoiceQuestion,
                                     MultipleChoiceQuestion)):
                options = tuple(rubric.options(question))
            return QuestionPrompt(
                question=question, dimension=dimension, options=options,
                progress=Progress(number=3, total=7, section=1, sections=2, answered=2),
                has_previous=previous is not _MISSING,
                previous=None if previous is _MISSING else previous,
                can_go_back=can_go_back, new_section=True, from_review=from_review,
            )
    raise KeyError(question_id)


@dataclass
class Terminal:
    ui: RichUI
    pipe: PipeInput
    screen: io.StringIO

    def run(self, call: Callable[[], T], *keys: str, timeout: float = 5.0) -> T:
        """Type `keys`, then run one prompt; fail if it is still waiting after `timeout`."""
        stuck = threading.Event()

        def watchdog() -> None:
            stuck.set()
            self.pipe.send_text(CTRL_C)

        timer = threading.Timer(timeout, watchdog)
        self.pipe.send_text("".join(keys))
        timer.start()
        try:
            return call()
        except Stop:
            if stuck.is_set():
                pytest.fail(f"the prompt was still waiting after {timeout} s")
            raise
        finally:
            timer.cancel()

    def ask(self, prompt: QuestionPrompt, *keys: str) -> AnswerValue | object:
        return self.run(lambda: self.ui.ask(prompt), *keys)

    def text(self) -> str:
        return ANSI.sub("", self.screen.getvalue())


@contextmanager
def terminal(rows: int = 24, columns: int = 80) -> Iterator[Terminal]:
    with create_pipe_input() as pipe:
        screen = io.StringIO()
        output = Vt100_Output(screen, lambda: Size(rows=rows, columns=columns),
                              term="xterm-256color", enable_cpr=False)
        yield Terminal(RichUI(input=pipe, output=output), pipe, screen)


@pytest.fixture
def term() -> Iterator[Terminal]:
    with terminal() as t:
        yield t


# -- choices --------------------------------------------------------------------------------


def test_select_enter_takes_the_first_option(term: Terminal, rubric: Rubric) -> None:
    assert term.ask(make_prompt(rubric, "reads"), ENTER) == "never"


def test_select_arrows_and_number_keys(term: Terminal, rubric: Rubric) -> None:
    assert term.ask(make_prompt(rubric, "reads"), DOWN, DOWN, ENTER) == "monthly"
    assert term.ask(make_prompt(rubric, "reads"), "4", ENTER) == "weekly"
    assert term.ask(make_prompt(rubric, "reads"), UP, UP, UP, ENTER) == "daily"


def test_select_preselects_the_earlier_answer(term: Terminal, rubric: Rubric) -> None:
    assert term.ask(make_prompt(rubric, "reads", "weekly"), ENTER) == "weekly"
    assert term.ask(make_prompt(rubric, "reads", None), ENTER) is None


def test_select_prefer_not_to_answer_and_back(term: Terminal, rubric: Rubric) -> None:
    assert term.ask(make_prompt(rubric, "reads"), "s", ENTER) is None
    assert term.ask(make_prompt(rubric, "reads"), "b", ENTER) is BACK
    assert term.ask(make_prompt(rubric, "reads"), LEFT) is BACK
    assert term.ask(make_prompt(rubric, "reads"), ESC) is BACK
    screen = term.text()
    assert "Prefer not to answer" in screen and "← Back" in screen


def test_no_back_on_the_first_question(term: Terminal, rubric: Rubric) -> None:
    prompt = make_prompt(rubric, "reads", can_go_back=False)
    assert term.ask(prompt, LEFT, ESC, DOWN, ENTER) == "rarely"  # ← and Esc do nothing
    assert "← Back" not in term.text()


def test_a_long_choice_list_scrolls_in_a_small_terminal(long_rubric: Rubric) -> None:
    with terminal(rows=24, columns=80) as term:
        prompt = make_prompt(long_rubric, "many")
        keys = [DOWN] * 16
        assert term.ask(prompt, *keys, ENTER) == "o17"
        screen = term.text()
    assert "Something else entirely" in screen
    assert max(len(line) for line in screen.splitlines()) <= 80


def test_the_header_shows_section_progress_and_wrapped_text(long_rubric: Rubric) -> None:
    with terminal(columns=80) as term:
        term.ask(make_prompt(long_rubric, "many"), ENTER)
        screen = term.text()
    assert "Question 3 of 7" in screen and "section 1 of 2" in screen
    assert "where most of your new research ideas came from?" in screen
    header = screen.split("? Your answer")[0]
    assert max(len(line) for line in header.splitlines()) <= 80


# -- checkboxes ------------------------------------------------------------------------------


def test_checkbox_ticks_and_keeps_earlier_ticks(term: Terminal, rubric: Rubric) -> None:
    prompt = make_prompt(rubric, "skills")
    assert term.ask(prompt, SPACE, DOWN, SPACE, ENTER) == ["frontend", "deploy"]
    assert term.ask(make_prompt(rubric, "skills", ["deploy"]), ENTER) == ["deploy"]
    assert term.ask(prompt, ENTER) == []


def test_checkbox_refuses_an_exclusive_option_with_others(
    term: Terminal, rubric: Rubric,
) -> None:
    prompt = make_prompt(rubric, "skills")
    # Tick front end and "None of these": Enter is refused; untick front end, Enter.
    keys = [SPACE, DOWN, DOWN, SPACE, ENTER, UP, UP, SPACE, ENTER]
    assert term.ask(prompt, *keys) == ["none"]  # the first Enter did not take both


def test_checkbox_prefer_not_to_answer_and_back(term: Terminal, rubric: Rubric) -> None:
    prompt = make_prompt(rubric, "skills")
    assert term.ask(prompt, UP, SPACE, ENTER) is None
    assert term.ask(make_prompt(rubric, "skills", None), ENTER) is None
    assert term.ask(prompt, LEFT) is BACK
    assert check_multi(prompt, ["frontend", "deploy"]) is None


# -- yes / no --------------------------------------------------------------------------------


def test_yes_no_keys(term: Terminal, rubric: Rubric) -> None:
    prompt = make_prompt(rubric, "has_code")
    # Like every other question, a key picks and Enter confirms: a stray y or n alone
    # never answers and moves on.
    assert term.ask(prompt, "y", ENTER) is True
    assert term.ask(prompt, "n", ENTER) is False
    assert term.ask(prompt, "n", "y", ENTER) is True
    assert term.ask(prompt, DOWN, ENTER) is False
    assert term.ask(make_prompt(rubric, "has_code", False), ENTER) is False
    assert term.ask(prompt, LEFT) is BACK


def test_yes_no_waits_for_enter(term: Terminal, rubric: Rubric) -> None:
    prompt = make_prompt(rubric, "has_code")
    with pytest.raises(pytest.fail.Exception, match="still waiting"):
        term.run(lambda: term.ui.ask(prompt), "y", timeout=1.0)


def test_yes_no_skip_only_where_the_rubric_allows(term: Terminal, tmp_path: Path) -> None:
    text = (DATA / "small.yaml").read_text().replace("        allow_skip: false\n", "", 1)
    path = tmp_path / "r.yaml"
    path.write_text(text)
    skippable = make_prompt(load_rubric(path), "has_code")
    assert term.ask(skippable, "s", ENTER) is None
    required = make_prompt(load_rubric(DATA / "small.yaml"), "has_code")
    assert term.ask(required, "s", "n", ENTER) is False


# -- numbers ---------------------------------------------------------------------------------


def test_number_is_validated_inline(term: Terminal, rubric: Rubric) -> None:
    prompt = make_prompt(rubric, "stars")
    assert term.ask(prompt, "12", ENTER) == 12
    keys = ["abc", ENTER, "\x7f" * 3, "-1", ENTER, "\x7f" * 2, "1,200", ENTER]
    assert term.ask(prompt, *keys) == 1200  # "abc" and -1 were refused (see parse_number)


def test_number_empty_is_a_skip_and_the_earlier_answer_is_kept(
    term: Terminal, rubric: Rubric,
) -> None:
    assert term.ask(make_prompt(rubric, "stars"), ENTER) is None
    assert term.ask(make_prompt(rubric, "stars", 7), ENTER) == 7


def test_number_back_needs_a_second_esc_after_typing(term: Terminal, rubric: Rubric) -> None:
    assert term.ask(make_prompt(rubric, "stars", 7), ESC) is BACK
    assert term.ask(make_prompt(rubric, "stars"), "5", ESC, ESC) is BACK
    assert term.ask(make_prompt(rubric, "stars"), "5", ESC, "0", ENTER) == 50


@pytest.mark.parametrize(("text", "value", "problem"), [
    ("12", 12, None), (" 1_000 ", 1000, None), ("1,000", 1000, None), ("", None, None),
    ("1.5", None, "whole number"), ("1,5", None, "whole number"), ("nan", None, "in digits"),
    ("1e2", None, "Type a whole number in digits, like 10."), ("inf", None, "in digits"),
    ("0x10", None, "in digits"),
    ("-3", None, "Type a number from 0 to 100,000 stars."),
    ("lots", None, "Type a whole number in digits, like 10."),
])
def test_parse_number(rubric: Rubric, text: str, value: Any, problem: str | None) -> None:
    question = rubric.question("stars")
    assert isinstance(question, NumberQuestion)
    got, message = parse_number(text, question)
    assert got == value
    assert (message is None) if problem is None else (problem in (message or ""))


# -- free text -------------------------------------------------------------------------------


def test_free_text_is_multi_line_and_enter_twice_finishes(
    term: Terminal, rubric: Rubric,
) -> None:
    prompt = make_prompt(rubric, "stars_reflection")
    assert term.ask(prompt, "First line", ENTER, "second", ENTER, ENTER) == (
        "First line\nsecond")
    assert term.ask(prompt, ENTER) is None  # empty: prefer not to answer
    previous = make_prompt(rubric, "stars_reflection", "Kept.")
    assert term.ask(previous, ENTER, ENTER) == "Kept."


def test_free_text_that_must_be_answered(term: Terminal, rubric: Rubric) -> None:
    prompt = make_prompt(rubric, "plan")
    assert term.ask(prompt, ENTER, "Ship it", ENTER, ENTER) == "Ship it"


# -- stopping --------------------------------------------------------------------------------


@pytest.mark.parametrize("question_id", ["reads", "skills", "has_code", "stars", "plan"])
@pytest.mark.parametrize("key", [CTRL_C, CTRL_D])
def test_ctrl_c_and_ctrl_d_stop_every_prompt(
    term: Terminal, rubric: Rubric, question_id: str, key: str,
) -> None:
    with pytest.raises(Stop):
        term.ask(make_prompt(rubric, question_id), key)


def test_a_signal_stops_a_waiting_prompt(term: Terminal, rubric: Rubric) -> None:
    timer = threading.Timer(0.3, lambda: term.ui.deliver(Stop("terminated")))
    timer.start()
    with pytest.raises(Stop) as caught:
        term.ask(make_prompt(rubric, "reads"))
    assert caught.value.reason == "terminated"
    with pytest.raises(Stop):  # and every later prompt, until the quiz has stopped
        term.ui.ask(make_prompt(rubric, "reads"))


# -- other screens ---------------------------------------------------------------------------


def welcome_info(*, ask_name: bool = True, resumed: int = 0) -> WelcomeInfo:
    return WelcomeInfo(title="Career check", description="What the quiz is about. " * 6,
                       minutes=15, min_questions=28, max_questions=33, sections=6,
                       save_folder=Path("/home/me/.local/share/careerkit/attempts/r"),
                       ask_name=ask_name, resumed_answers=resumed)


def test_welcome_says_how_long_and_where_answers_are_kept(term: Terminal) -> None:
    assert term.run(lambda: term.ui.welcome(welcome_info()), "  Ada   L. ", ENTER) == "Ada L."
    screen = term.text()
    assert "About 15 minutes · 28–33 questions in 6 sections." in screen
    assert "stay on this computer" in screen
    assert "/home/me/.local/share/careerkit/attempts/r" in screen
    printed = [line for line in screen.splitlines() if not line.startswith("?")]
    assert max(len(line) for line in printed) <= 80


def test_welcome_without_a_name_and_welcome_back(term: Terminal) -> None:
    assert term.run(lambda: term.ui.welcome(welcome_info()), ENTER) is None
    assert term.run(lambda: term.ui.welcome(welcome_info(ask_name=False, resumed=7)),
                    "x", ENTER) is None
    assert "Welcome back. You have answered 7 questions" in term.text()


def test_resume_or_start_over(term: Terminal) -> None:
    assert term.run(lambda: term.ui.choose_resume(7, 28, None), ENTER) is ResumeChoice.RESUME
    assert term.run(lambda: term.ui.choose_resume(7, 28, "1 Jan"), DOWN, ENTER) is (
        ResumeChoice.RESTART)
    assert "7 of 28 answered, started 1 Jan" in term.text()
    assert term.run(lambda: term.ui.confirm("Start over?", default=True), ENTER) is True
    assert term.run(lambda: term.ui.confirm("Start over?", default=True), "n", ENTER) is False
    with pytest.raises(pytest.fail.Exception, match="still waiting"):  # n alone waits
        term.run(lambda: term.ui.confirm("Start over?", default=True), "n", timeout=1.0)


def review_screen(rubric: Rubric, focus: str | None = None) -> ReviewScreen:
    items = tuple(
        ReviewItem(number=n, question=q, dimension=d, answer=f"answer {n}",
                   skipped=False)
        for n, (d, q) in enumerate(rubric.questions(), start=1)
    )
    return ReviewScreen(items=items, focus=focus)


def test_review_finishes_or_picks_a_question(term: Terminal, rubric: Rubric) -> None:
    screen = review_screen(rubric)
    assert term.run(lambda: term.ui.review(screen), ENTER) is None
    assert term.run(lambda: term.ui.review(screen), DOWN, ENTER) == "reads"
    assert term.run(lambda: term.ui.review(screen), UP, ENTER) is None  # the last line
    focused = review_screen(rubric, focus="skills")
    assert term.run(lambda: term.ui.review(focused), DOWN, ENTER) == "users"
    assert term.run(lambda: term.ui.review(focused), "f") is None
    text = term.text()
    assert "Review your answers" in text and "── Product building" in text


def test_notices_appear_on_the_next_screen(term: Terminal, rubric: Rubric) -> None:
    term.ui.notify("An answer was removed.")
    term.ask(make_prompt(rubric, "reads"), ENTER)
    text = term.text()
    assert text.index("An answer was removed.") < text.index("Question 3 of 7")


def test_prompts_run_with_a_dummy_output(rubric: Rubric) -> None:
    with create_pipe_input() as pipe:
        ui = RichUI(input=pipe, output=DummyOutput())
        pipe.send_text(DOWN + ENTER)
        assert ui.ask(make_prompt(rubric, "shipped")) == "demo"


# -- plain mode ------------------------------------------------------------------------------


class Lines:
    """Scripted lines for plain mode; running out is end of input (Ctrl-D)."""

    def __init__(self, *lines: str) -> None:
        self.lines = list(lines)
        self.prompts: list[str] = []

    def __call__(self, message: str) -> str:
        self.prompts.append(message)
        if not self.lines:
            raise EOFError
        return self.lines.pop(0)


def plain(*lines: str) -> tuple[PlainUI, io.StringIO]:
    stream = io.StringIO()
    return PlainUI(read_line=Lines(*lines), stream=stream, width=80), stream


@pytest.mark.parametrize(("question_id", "lines", "previous", "expected"), [
    ("reads", ["3"], _MISSING, "monthly"),
    ("reads", ["9", "x", "2"], _MISSING, "rarely"),
    ("reads", [""], "weekly", "weekly"),
    ("reads", ["s"], _MISSING, None),
    ("reads", ["b"], _MISSING, BACK),
    ("skills", ["2 1"], _MISSING, ["frontend", "deploy"]),
    ("skills", ["0"], _MISSING, []),
    ("skills", ["3,1", "3"], _MISSING, ["none"]),
    ("has_code", ["yes"], _MISSING, True),
    ("has_code", ["s", "n"], _MISSING, False),
    ("stars", ["ten", "10"], _MISSING, 10),
    ("stars", [""], _MISSING, None),
    ("stars", [""], 4, 4),
    ("plan", ["", "Line one", "line two", ""], _MISSING, "Line one\nline two"),
    ("stars_reflection", [""], _MISSING, None),
    ("stars_reflection", [""], "Earlier.", "Earlier."),
    ("stars_reflection", ["b"], _MISSING, BACK),
    ("stars_reflection", ["s"], "Earlier.", None),
    ("plan", ["s", "Needed.", ""], _MISSING, "Needed."),
    ("stars_reflection", ["bad\x7f char\x1b[2J", ""], _MISSING, "bad char[2J"),
])
def test_plain_prompts(rubric: Rubric, question_id: str, lines: list[str], previous: Any,
                       expected: Any) -> None:
    ui, stream = plain(*lines)
    assert ui.ask(make_prompt(rubric, question_id, previous)) == expected
    output = stream.getvalue()
    assert "\x1b" not in output  # no cursor movement, no colour
    assert "Question 3 of 7" in output


def test_plain_prompts_number_the_options(rubric: Rubric) -> None:
    ui, stream = plain("1")
    ui.ask(make_prompt(rubric, "reads", "weekly"))
    text = stream.getvalue()
    assert "  1) Never" in text and "  4) About weekly (chosen earlier)" in text
    assert "s to prefer not to answer; b to go back" in text


def test_plain_end_of_input_stops(rubric: Rubric) -> None:
    ui, _ = plain()
    with pytest.raises(Stop):
        ui.ask(make_prompt(rubric, "reads"))


def test_plain_review_and_welcome(rubric: Rubric) -> None:
    ui, stream = plain("Ada", "x", "2", "")
    assert ui.welcome(welcome_info()) == "Ada"
    assert ui.review(review_screen(rubric)) == "has_code"
    assert ui.review(review_screen(rubric)) is None
    text = stream.getvalue()
    assert "  2. Have you released code for your last paper?" in text
    assert "     Answer: answer 2" in text
    assert "\x1b" not in text


def test_wants_plain_and_clean_name() -> None:
    assert wants_plain(True, "xterm") and wants_plain(False, "dumb")
    assert not wants_plain(False, "xterm-256color") and not wants_plain(False, None)
    assert clean_name("  A\x00da \n Lovelace\x1b[31m ") == "Ada Lovelace[31m"
    assert len(clean_name("x" * 500)) == 200


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_typed_text_survives_autosave_and_reload(text: str) -> None:
    rubric = load_rubric(DATA / "small.yaml")
    answer = clean_text(text).strip() or None
    answers = Answers(rubric=pin(rubric), respondent=clean_name(text),
                      answers={"plan": answer or "x", "stars_reflection": answer})
    assert parse_answers(answers_to_yaml(answers, rubric)) == answers


def test_clean_text_keeps_line_breaks_and_joiners() -> None:
    assert clean_text("a\x7fb\u200dc\r\nd\te\x00\x9f") == "ab\u200dc\nd\te"


def test_a_signal_just_before_a_prompt_starts_still_stops_it(
    term: Terminal, rubric: Rubric,
) -> None:
    import questionary

    original = questionary.Question.unsafe_ask

    def late_signal(question: questionary.Question, patch_stdout: bool = False) -> Any:
        term.ui.deliver(Stop("hangup"))  # the prompt is built but not yet running
        return original(question, patch_stdout)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(questionary.Question, "unsafe_ask", late_signal)
        with pytest.raises(Stop) as caught:
            term.ask(make_prompt(rubric, "reads"))
    assert caught.value.reason == "hangup"


@pytest.mark.parametrize("columns", [40, 60, 80, 120])
def test_the_header_fits_any_width(long_rubric: Rubric, columns: int) -> None:
    with terminal(columns=columns) as term:
        term.ask(make_prompt(long_rubric, "long_number"), "3", ENTER)
        screen = term.text()
    header = screen.split("? Your answer")[0]
    assert max(len(line) for line in header.splitlines()) <= columns
    assert "Question 3 of 7" in header and "A dimension with" in header


def test_the_header_states_the_reachable_range_of_questions(rubric: Rubric) -> None:
    prompt = make_prompt(rubric, "stars")
    unsettled = dataclasses.replace(
        prompt, progress=dataclasses.replace(prompt.progress, most=9))
    with terminal() as term:
        term.ask(unsettled, "3", ENTER)
        assert "Question 3 of 7–9" in term.text()
    ui, stream = plain("3")
    ui.ask(unsettled)
    assert "Question 3 of 7–9." in stream.getvalue()
