"""The quiz flow: order, conditions, going back, the review screen and autosave.

`run_quiz` asks the questions of one attempt; `take_quiz` is a whole sitting (resume
or start over, welcome, quiz, file the finished attempt). This module knows nothing of
terminals. It describes each step as plain data and hands
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
from datetime import datetime
from pathlib import Path
from types import FrameType
from typing import Any, Protocol

from careerkit.answers import (
    Answers,
    AnswerValue,
    answer_problem,
    answers_to_yaml,
    asked_questions,
    format_answer,
    most_questions,
    now,
    parse_answers,
    pin,
    pin_warning,
)
from careerkit.display import number_text
from careerkit.errors import CareerkitError, Interrupted, RuntimeFailure
from careerkit.rubric import (
    Dimension,
    Option,
    Question,
    Rubric,
)
from careerkit.textwidth import clip

__all__ = [
    "BACK",
    "Ask",
    "Back",
    "Frontend",
    "NotFiled",
    "Progress",
    "QuestionPrompt",
    "QuizPaused",
    "ResumeChoice",
    "Review",
    "ReviewItem",
    "ReviewScreen",
    "Stop",
    "TakeResult",
    "WelcomeInfo",
    "checked_attempt",
    "first_unanswered",
    "run_quiz",
    "stop_on_signals",
    "take_quiz",
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

    def __init__(self, answered: int, total: int, resume_command: str, saved: bool,
                 save_error: str | None = None) -> None:
        self.answered = answered
        self.total = total
        if save_error is not None:
            message = (f"Stopped, but your progress could NOT be saved: {save_error}. "
                       f"{answered} of {total} answered in this session are lost.")
        elif saved:
            message = (f"Progress saved ({answered} of {total}). "
                       f"Resume with: {resume_command}")
        else:
            message = "Stopped before the first answer; nothing to save."
        super().__init__(message)


class NotFiled(RuntimeFailure):
    """The quiz is finished but the answers could not be kept; they travel with this."""

    def __init__(self, reason: str, answers: Answers, text: str) -> None:
        super().__init__(reason)
        self.answers = answers
        self.text = text


@dataclass(frozen=True)
class Progress:
    number: int  # 1-based position among the questions asked
    total: int  # questions asked, given the answers so far (conditions applied)
    section: int  # 1-based, among the dimensions that have a question asked
    sections: int
    answered: int  # questions with an answer (a skip counts)
    most: int = 0  # the most questions later answers can still bring (0: same as total)

    @property
    def total_text(self) -> str:
        """"32" once the answers settle how many questions there are, else "32–37"."""
        return f"{self.total}–{self.most}" if self.most > self.total else f"{self.total}"


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
    # A number question bounded by an earlier answer (`max: {question: ID}`): the
    # largest answer accepted, and why, to say next to the input.
    limit: float | None = None
    limit_reason: str = ""

    def check(self, value: AnswerValue, rubric: Rubric) -> str | None:
        """Why `value` cannot be the answer, or None when it can."""
        problem = answer_problem(rubric, self.question, value)
        if problem is None and self.limit is not None and isinstance(value, (int, float)) \
                and not isinstance(value, bool) and value > self.limit:
            return f"give at most {number_text(self.limit)}: {self.limit_reason}"
        return problem


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

    @property
    def skipped(self) -> int:
        return sum(1 for item in self.items if item.skipped)

    @property
    def answered(self) -> int:
        """Questions with an answer; a skipped one is not answered."""
        return len(self.items) - self.skipped


class ResumeChoice(enum.Enum):
    RESUME = "resume"
    RESTART = "restart"


@dataclass(frozen=True)
class WelcomeInfo:
    title: str
    description: str
    minutes: int
    min_questions: int  # asked whatever the answers
    max_questions: int  # every question in the rubric
    sections: int
    save_folder: Path
    ask_name: bool
    resumed_answers: int = 0  # above 0: welcome back to an attempt with this many answers


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
    save_error: str | None = None
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
        hidden = [qid for qid in self.values if qid not in asked]
        for question_id in hidden:
            del self.values[question_id]
        if len(hidden) == 1:
            text = clip(self.rubric.question(hidden[0]).text, 70)
            self.notify(f"After this change, “{text}” is no longer asked, so its answer "
                        "was removed.")
        elif hidden:
            texts = "; ".join(f"“{clip(self.rubric.question(q).text, 50)}”" for q in hidden)
            self.notify(f"After this change, {len(hidden)} questions are no longer asked, "
                        f"so their answers were removed: {texts}.")
        self.values = {qid: self.values[qid] for qid in order if qid in self.values}
        for question in self.asked():
            value = self.values.get(question.id)
            if (question.bounded_by is not None and value is not None
                    and answer_problem(self.rubric, question, value, self.values)):
                # 45 came back of 40 who used it: the later answer no longer fits.
                del self.values[question.id]
                self.notify(f"After this change, your answer to “{clip(question.text, 70)}” "
                            "was more than it can be, so it was removed; it will be asked "
                            "again.")

    def snapshot(self, *, finished: bool = False) -> Answers:
        return self.attempt.model_copy(update={
            "answers": dict(self.values),
            "finished_at": now() if finished else None,
        })

    def save(self) -> None:
        """Autosave; a failure (disk full, folder gone) is told once and retried later."""
        try:
            self.autosave(self.snapshot())
        except RuntimeFailure as exc:
            if self.save_error != str(exc):
                self.notify(f"Your progress could not be saved: {exc}. You can go on: "
                            "saving is tried again after every answer.")
            self.save_error = str(exc)
            return
        if self.save_error is not None:
            self.notify("Saving works again: your progress is saved.")
        self.save_error = None
        self.saved_once = True


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
                         saved=bool(state.values), save_error=state.save_error) from None


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
    options = tuple(question.choices(state.rubric))
    limit = question.answer_limit(state.values)
    reason = question.bound_reason(state.rubric) if limit is not None else ""
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
            most=most_questions(state.rubric, state.values),
        ),
        has_previous=question.id in state.values,
        previous=state.values.get(question.id),
        can_go_back=from_review or position > 0,
        new_section=from_review or shown_section != dimension.id,
        from_review=from_review,
        limit=limit,
        limit_reason=reason,
    )


def _dimension_of(rubric: Rubric, question_id: str) -> Dimension:
    for dimension, question in rubric.questions():
        if question.id == question_id:
            return dimension
    raise KeyError(question_id)


def _sections(rubric: Rubric, asked: list[Question]) -> list[str]:
    ids = {q.id for q in asked}
    return [d.id for d in rubric.sections() if any(q.id in ids for q in d.questions)]


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
            notes.append(f"The saved answer to “{clip(question.text, 70)}” was dropped "
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


# -- a whole attempt: resume or start, welcome, quiz, file it ----------------------------------


class Frontend(Protocol):
    """What `take_quiz` needs from a front end (prompts.RichUI or PlainUI, or a test's)."""

    def ask(self, prompt: QuestionPrompt, /) -> AnswerValue | Back: ...

    def review(self, screen: ReviewScreen, /) -> str | None: ...

    def notify(self, message: str, /) -> None: ...

    def welcome(self, info: WelcomeInfo, /) -> str | None: ...

    def choose_resume(self, answered: int, total: int, started: str | None, /
                      ) -> ResumeChoice: ...

    def confirm(self, message: str, /, *, default: bool) -> bool: ...


class AttemptFiles(Protocol):
    """The part of `store.AttemptStore` the quiz uses."""

    @property
    def unfinished(self) -> Path: ...

    @property
    def folder(self) -> Path: ...

    def read_unfinished(self) -> str | None: ...

    def save(self, text: str) -> None: ...

    def discard(self) -> None: ...

    def backup(self) -> Path | None: ...

    def file_finished(self, text: str, finished_at: datetime | None) -> Path: ...


@dataclass(frozen=True)
class TakeResult:
    answers: Answers | None  # None: the student chose not to go on (nothing changed)
    saved_to: Path | None  # the finished attempt in the history folder
    message: str = ""  # what to tell the student when answers is None


def take_quiz(
    rubric: Rubric,
    files: AttemptFiles,
    ui: Frontend,
    *,
    name: str | None = None,
    resume: bool = False,
    restart: bool = False,
    resume_command: str = "careerkit take --resume",
) -> TakeResult:
    """One sitting of the quiz, from the saved-attempt question to the filed answers."""
    attempt: Answers | None = None
    text = files.read_unfinished()
    if text is not None:
        try:
            saved = parse_answers(text, None, files.unfinished)
        except CareerkitError as exc:
            backup = files.backup()
            files.discard()
            ui.notify(f"Your saved attempt could not be read ({clip(str(exc), 120)}). It was "
                      f"set aside at {backup}; this is a new attempt.")
        else:
            attempt = _settle_saved(rubric, files, ui, saved, resume=resume, restart=restart)
            if attempt is None and files.read_unfinished() is not None:
                return TakeResult(None, None, (
                    f"Nothing changed. Your unfinished attempt (rubric version "
                    f"{saved.rubric.version}) is still at {files.unfinished}; to finish it, "
                    "run careerkit take --rubric with that version of the rubric."))
            if attempt is not None:
                warning = pin_warning(saved, rubric)
                if warning:
                    ui.notify(f"Note: {warning}.")
    elif resume:
        ui.notify("There was no unfinished attempt to resume, so this is a new one.")

    resumed = attempt is not None
    if attempt is None:
        attempt = Answers(rubric=pin(rubric), respondent=name or "", started_at=now())
    elif name:
        attempt = attempt.model_copy(update={"respondent": name})
    all_questions = [q for _, q in rubric.questions()]
    info = WelcomeInfo(
        title=rubric.title,
        description=rubric.description,
        minutes=rubric.estimated_minutes(),
        min_questions=len(asked_questions(rubric, {})),
        max_questions=len(all_questions),
        sections=len(rubric.sections()),
        save_folder=files.folder,
        ask_name=not resumed and not name,
        resumed_answers=len(attempt.answers) if resumed else 0,
    )
    try:
        typed = ui.welcome(info)
    except (Stop, KeyboardInterrupt, EOFError):
        asked = asked_questions(rubric, attempt.answers)
        raise QuizPaused(len(attempt.answers), len(asked), resume_command,
                         saved=bool(attempt.answers)) from None
    if typed:
        attempt = attempt.model_copy(update={"respondent": typed})
    finished = run_quiz(
        rubric,
        attempt,
        ui.ask,
        review=ui.review,
        autosave=lambda answers: files.save(answers_to_yaml(answers, rubric)),
        notify=ui.notify,
        resume_command=resume_command,
    )
    try:
        saved_to = files.file_finished(answers_to_yaml(finished, rubric),
                                       finished.finished_at)
    except CareerkitError as exc:
        raise NotFiled(str(exc), finished, answers_to_yaml(finished, rubric)) from None
    return TakeResult(finished, saved_to)


def _settle_saved(
    rubric: Rubric,
    files: AttemptFiles,
    ui: Frontend,
    saved: Answers,
    *,
    resume: bool,
    restart: bool,
) -> Answers | None:
    """The saved attempt to go on with, or None to start a new one (or stop)."""
    if saved.rubric.id != rubric.id or saved.rubric.version != rubric.version:
        backup = files.backup()
        ui.notify(
            f"Your unfinished attempt was made with version {saved.rubric.version} of "
            f"“{rubric.title}”; this is version {rubric.version}. Answers to different "
            f"versions are not mixed. A copy of the unfinished attempt is kept at {backup}."
        )
        if restart or ui.confirm(f"Start over with version {rubric.version}?", default=True):
            files.discard()
        return None
    attempt, notes = checked_attempt(saved, rubric)
    for note in notes:
        ui.notify(note)
    if restart:
        _start_over(files, ui)
        return None
    if not resume:
        asked = asked_questions(rubric, attempt.answers)
        answered = sum(1 for q in asked if q.id in attempt.answers)
        started = (attempt.started_at.astimezone().strftime("%d %b %Y %H:%M")
                   if attempt.started_at else None)
        if ui.choose_resume(answered, len(asked), started) is ResumeChoice.RESTART:
            _start_over(files, ui)
            return None
    return attempt


def _start_over(files: AttemptFiles, ui: Frontend) -> None:
    backup = files.backup()
    files.discard()
    if backup is not None:
        ui.notify(f"Starting over. Your earlier unfinished answers are kept at {backup}.")
