"""The quiz flow: order, conditions, going back, the review screen and autosave.

This module knows nothing of terminals. It describes each step as plain data and hands
it to callables that a terminal front end (`careerkit.prompts`) or a test provides:

* `ask(QuestionPrompt) -> answer | BACK` asks one question. ``None`` means "prefer not
  to answer"; `BACK` goes to the previous question (or, when changing an answer from
  the review, back to the review).
* `review(ReviewScreen) -> question id | None` shows every answer; an id asks that
  question again, ``None`` finishes.
* `notify(str)` tells the student something (an answer dropped by a change).
* `autosave(Answers)` keeps the attempt; it is called after every answer.

To stop the quiz, any of them raises `Stop` (a signal handler does too), or
KeyboardInterrupt / EOFError: the attempt is saved and `QuizPaused` is raised.
"""

from __future__ import annotations

import contextlib
import enum
import signal
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from types import FrameType
from typing import Any, Protocol

from careerkit.answers import (
    Answers,
    AnswerValue,
    answer_problem,
    asked_questions,
    format_answer,
    now,
)
from careerkit.errors import Interrupted
from careerkit.rubric import (
    Dimension,
    LikertQuestion,
    MultipleChoiceQuestion,
    Option,
    Question,
    Rubric,
    SingleChoiceQuestion,
)

__all__ = [
    "BACK",
    "Ask",
    "Back",
    "Progress",
    "QuestionPrompt",
    "QuizPaused",
    "Review",
    "ReviewItem",
    "ReviewScreen",
    "Stop",
    "checked_attempt",
    "first_unanswered",
    "run_quiz",
    "stop_on_signals",
]


class Back(enum.Enum):
    """The answer that means "take me to the previous question"."""

    BACK = "back"


BACK = Back.BACK


class Stop(Exception):
    """Raised by a front end or a signal handler to stop the quiz; progress is saved."""

    def __init__(self, reason: str = "interrupted") -> None:
        super().__init__(reason)
        self.reason = reason


class QuizPaused(Interrupted):
    """The quiz stopped before the end; what was answered is saved."""

    def __init__(self, answered: int, total: int, resume_command: str, saved: bool) -> None:
        self.answered = answered
        self.total = total
        if saved:
            message = (f"Progress saved ({answered} of {total}). "
                       f"Resume with: {resume_command}")
        else:
            message = "Stopped before the first answer; nothing to save."
        super().__init__(message)


@dataclass(frozen=True)
class Progress:
    number: int  # 1-based position among the questions asked
    total: int  # questions asked, given the answers so far (conditions applied)
    section: int  # 1-based, among the dimensions that have a question asked
    sections: int
    answered: int  # questions with an answer (a skip counts)


@dataclass(frozen=True)
class QuestionPrompt:
    """Everything a front end needs to ask one question."""

    question: Question
    dimension: Dimension
    options: tuple[Option, ...]  # choice questions: the options, Likert scores filled in
    progress: Progress
    has_previous: bool  # asked before: `previous` is the earlier answer to pre-select
    previous: AnswerValue
    can_go_back: bool
    new_section: bool  # the first question of its dimension: show the section header
    from_review: bool = False  # changing an answer from the review: BACK returns there

    def check(self, value: AnswerValue, rubric: Rubric) -> str | None:
        """Why `value` cannot be the answer, or None when it can."""
        return answer_problem(rubric, self.question, value)


@dataclass(frozen=True)
class ReviewItem:
    number: int
    question: Question
    dimension: Dimension
    answer: str  # as the student saw it: option labels, "Yes", "Prefer not to answer"
    skipped: bool


@dataclass(frozen=True)
class ReviewScreen:
    items: tuple[ReviewItem, ...]
    focus: str | None = None  # the question id to point at (the one just changed)


class Ask(Protocol):
    def __call__(self, prompt: QuestionPrompt, /) -> AnswerValue | Back: ...


class Review(Protocol):
    def __call__(self, screen: ReviewScreen, /) -> str | None: ...


Notify = Callable[[str], None]
Autosave = Callable[[Answers], None]


def _ignore(message: str) -> None:
    """A `notify` that says nothing."""


# -- the flow ----------------------------------------------------------------------------


@dataclass
class _State:
    rubric: Rubric
    attempt: Answers
    autosave: Autosave
    notify: Notify
    saved_once: bool = False
    last_changed: str | None = None
    values: dict[str, AnswerValue] = field(default_factory=dict)

    def asked(self) -> list[Question]:
        return asked_questions(self.rubric, self.values)

    def answered(self, asked: list[Question]) -> int:
        return sum(1 for q in asked if q.id in self.values)

    def set(self, question: Question, value: AnswerValue) -> None:
        """Record an answer, drop answers a changed condition hides, and autosave."""
        self.values[question.id] = value
        self._settle()
        self.save()

    def _settle(self) -> None:
        asked = {q.id for q in self.asked()}
        order = [q.id for _, q in self.rubric.questions()]
        for question_id in [qid for qid in self.values if qid not in asked]:
            del self.values[question_id]
            hidden = self.rubric.question(question_id)
            self.notify(f"“{_clip(hidden.text)}” is no longer asked after this change, "
                        "so its answer was removed.")
        self.values = {qid: self.values[qid] for qid in order if qid in self.values}

    def snapshot(self, *, finished: bool = False) -> Answers:
        return self.attempt.model_copy(update={
            "answers": dict(self.values),
            "finished_at": now() if finished else None,
        })

    def save(self) -> None:
        self.autosave(self.snapshot())
        self.saved_once = True


def _clip(text: str, limit: int = 70) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def run_quiz(
    rubric: Rubric,
    attempt: Answers,
    ask: Ask,
    *,
    review: Review,
    autosave: Autosave,
    notify: Notify = _ignore,
    resume_command: str = "careerkit take --resume",
) -> Answers:
    """Ask what is left of `attempt`, then review; return the finished attempt.

    Starts at the first question without an answer (so a saved attempt resumes where it
    stopped) and autosaves after every answer. Raises QuizPaused when stopped.
    """
    state = _State(rubric, attempt, autosave, notify, values=dict(attempt.answers))
    state.saved_once = bool(attempt.answers)
    try:
        while True:
            start = first_unanswered(rubric, state.values)
            if start is not None:
                _walk(state, ask, start, fill_gaps=_answered_after(state, start))
                continue
            chosen = review(_review_screen(state, focus=state.last_changed))
            if chosen is None:
                return state.snapshot(finished=True)
            _change(state, ask, chosen)
            # A change can reveal questions (conditions now true): the loop asks them.
    except (Stop, KeyboardInterrupt, EOFError):
        asked = state.asked()
        answered = state.answered(asked)
        if state.values or state.saved_once:
            state.save()
        raise QuizPaused(answered, len(asked), resume_command,
                         saved=bool(state.values)) from None


def first_unanswered(rubric: Rubric, values: Mapping[str, Any]) -> int | None:
    """The position of the first asked question without an answer, or None."""
    for position, question in enumerate(asked_questions(rubric, values)):
        if question.id not in values:
            return position
    return None


def _answered_after(state: _State, position: int) -> bool:
    return any(q.id in state.values for q in state.asked()[position + 1:])


def _walk(state: _State, ask: Ask, position: int, *, fill_gaps: bool) -> None:
    """Ask from `position` on until the end of the questions.

    Normally one question after another, with BACK one step back. With `fill_gaps`
    (questions a review change revealed, between answered ones) only the unanswered
    questions are visited going forward.
    """
    shown_section: str | None = None
    while True:
        asked = state.asked()
        if position >= len(asked):
            return
        question = asked[position]
        prompt = _prompt(state, asked, position, shown_section=shown_section)
        shown_section = prompt.dimension.id
        result = _ask_valid(state, ask, prompt)
        if result is BACK:
            position = max(0, position - 1)
            continue
        state.set(question, result)
        asked = state.asked()
        position = asked.index(question) + 1
        if fill_gaps:
            while position < len(asked) and asked[position].id in state.values:
                position += 1


def _change(state: _State, ask: Ask, question_id: str) -> None:
    asked = state.asked()
    positions = {q.id: i for i, q in enumerate(asked)}
    if question_id not in positions:
        state.notify("That question is not asked with your current answers.")
        return
    prompt = _prompt(state, asked, positions[question_id], shown_section=None,
                     from_review=True)
    state.last_changed = question_id
    result = _ask_valid(state, ask, prompt)
    if result is not BACK:
        state.set(prompt.question, result)


def _ask_valid(state: _State, ask: Ask, prompt: QuestionPrompt) -> AnswerValue | Back:
    """Ask until the front end returns something the rubric accepts."""
    while True:
        result = ask(prompt)
        if result is BACK:
            return result
        problem = prompt.check(result, state.rubric)
        if problem is None:
            return result
        state.notify(f"That answer cannot be used: {problem}.")


def _prompt(
    state: _State,
    asked: list[Question],
    position: int,
    *,
    shown_section: str | None,
    from_review: bool = False,
) -> QuestionPrompt:
    question = asked[position]
    dimension = _dimension_of(state.rubric, question.id)
    sections = _sections(state.rubric, asked)
    options: tuple[Option, ...] = ()
    if isinstance(question, (LikertQuestion, SingleChoiceQuestion, MultipleChoiceQuestion)):
        options = tuple(state.rubric.options(question))
    return QuestionPrompt(
        question=question,
        dimension=dimension,
        options=options,
        progress=Progress(
            number=position + 1,
            total=len(asked),
            section=sections.index(dimension.id) + 1,
            sections=len(sections),
            answered=state.answered(asked),
        ),
        has_previous=question.id in state.values,
        previous=state.values.get(question.id),
        can_go_back=from_review or position > 0,
        new_section=from_review or shown_section != dimension.id,
        from_review=from_review,
    )


def _dimension_of(rubric: Rubric, question_id: str) -> Dimension:
    for dimension, question in rubric.questions():
        if question.id == question_id:
            return dimension
    raise KeyError(question_id)


def _sections(rubric: Rubric, asked: list[Question]) -> list[str]:
    ids = {q.id for q in asked}
    return [d.id for d in rubric.dimensions if any(q.id in ids for q in d.questions)]


def _review_screen(state: _State, focus: str | None = None) -> ReviewScreen:
    items = tuple(
        ReviewItem(
            number=number,
            question=question,
            dimension=_dimension_of(state.rubric, question.id),
            answer=format_answer(state.rubric, question, state.values.get(question.id)),
            skipped=state.values.get(question.id) is None,
        )
        for number, question in enumerate(state.asked(), start=1)
    )
    return ReviewScreen(items=items, focus=focus)


# -- resuming ---------------------------------------------------------------------------------


def checked_attempt(attempt: Answers, rubric: Rubric) -> tuple[Answers, list[str]]:
    """A saved attempt with what this rubric cannot use removed, and a note per removal.

    For an attempt at the same rubric id and version whose file changed a little; an
    attempt at another version is the caller's to refuse.
    """
    notes: list[str] = []
    index = rubric.question_index()
    kept: dict[str, AnswerValue] = {}
    for question_id, value in attempt.answers.items():
        question = index.get(question_id)
        if question is None:
            notes.append(f"The saved answer to {question_id!r} was dropped: the rubric has "
                         "no such question any more.")
            continue
        problem = answer_problem(rubric, question, value)
        if problem is not None:
            notes.append(f"The saved answer to “{_clip(question.text)}” was dropped "
                         f"({problem}); it will be asked again.")
            continue
        kept[question_id] = value
    settled = {q.id: kept[q.id] for q in asked_questions(rubric, kept) if q.id in kept}
    return attempt.model_copy(update={"answers": settled}), notes


# -- signals ----------------------------------------------------------------------------------


@contextlib.contextmanager
def stop_on_signals(deliver: Callable[[Stop], None]) -> Iterator[None]:
    """While inside, SIGINT, SIGTERM and SIGHUP hand a `Stop` to `deliver`.

    `deliver` stops whatever is waiting for the student (it may raise the Stop in the
    main thread); the quiz then saves and exits with 130. Handlers are restored after.
    """
    names = {"SIGINT": "interrupted", "SIGTERM": "terminated", "SIGHUP": "hangup"}
    previous: dict[int, Any] = {}

    def handler(signum: int, frame: FrameType | None) -> None:
        deliver(Stop(names.get(signal.Signals(signum).name, "interrupted")))

    for name in names:
        number = getattr(signal, name, None)
        if number is None:  # pragma: no cover - SIGHUP does not exist on Windows
            continue
        try:
            previous[number] = signal.signal(number, handler)
        except (ValueError, OSError):  # pragma: no cover - not the main thread
            continue
    try:
        yield
    finally:
        for number, old in previous.items():
            with contextlib.suppress(ValueError, OSError):
                signal.signal(number, old)
