"""The retake check-in: before a new attempt, what became of the last plan's due actions.

It is asked through the quiz's own front end (`quiz.Frontend`: `confirm`, `ask`,
`notify`), as ordinary single-choice and text questions, so both faces (the full-screen
one and `--plain`) ask it the way they ask the quiz, with the same keys: a skip leaves an
action as it was, Back returns to the one before. Each answer is saved at once in the
earlier attempt's status file (`careerkit.followthrough`), so stopping part-way loses
nothing; the quiz then starts as usual.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from careerkit.answers import respondent_key
from careerkit.errors import CareerkitError, Interrupted
from careerkit.followthrough import (
    MAX_WORDS,
    AttemptPlan,
    Status,
    StatusFile,
    TrackedAction,
    attempt_plan,
    save_status,
    with_status,
)
from careerkit.history import list_attempts
from careerkit.quiz import Back, Frontend, Progress, QuestionPrompt, Stop
from careerkit.rubric import Dimension, Option, SingleChoiceQuestion, TextQuestion

if TYPE_CHECKING:
    from careerkit.rubric import Question

__all__ = ["CHOICES", "CheckinResult", "CheckinStopped", "check_in_before_take",
           "due_for_checkin", "previous_plan", "run_checkin"]

# What the student answers, and the status it records (None: leave it as it was).
CHOICES: tuple[tuple[str, str, Status | None], ...] = (
    ("done", "Done", "done"),
    ("partly", "Partly done", "partly"),
    ("not_yet", "Not yet", None),
    ("dropped", "Dropped: I decided against it", "dropped"),
)
_STATUS_OF = {value: status for value, _, status in CHOICES}


class CheckinStopped(Interrupted):
    """Ctrl-C (or a closed terminal) during the check-in; what was answered is saved."""

    def __init__(self, answered: int) -> None:
        one = answered == 1
        saved = (f" Your {answered} answer{'' if one else 's'} so far "
                 f"{'is' if one else 'are'} saved." if answered else "")
        super().__init__(f"Stopped before the quiz.{saved} Run careerkit take again "
                         "when you are ready.")


@dataclass
class CheckinResult:
    asked: int = 0
    recorded: dict[str, Status] = field(default_factory=dict)  # action id -> new status


def due_for_checkin(previous: AttemptPlan, today: date) -> list[TrackedAction]:
    """The earlier plan's actions that are not closed (done, dropped) and are due."""
    return [t for t in previous.tracked if t.open and t.is_due(today)]


def run_checkin(ui: Frontend, previous: AttemptPlan, today: date, *,
                save: Callable[[StatusFile], object] | None = None) -> CheckinResult:
    """Ask about each due open action of `previous`, saving each answer as it comes.

    Skippable as a whole (the first question) and per action (skip: as it was).
    """
    due = due_for_checkin(previous, today)
    result = CheckinResult()
    if not due:
        return result
    keep = save or (lambda status: save_status(previous.attempt.path, status))
    count = len(due)
    plural = "action" if count == 1 else "actions"
    try:
        if not ui.confirm(
                f"Before the quiz: {count} {plural} from your plan of "
                f"{previous.start:%d %b %Y} {'is' if count == 1 else 'are'} due. "
                "Check in on what you did?", default=True):
            return result
    except (Stop, KeyboardInterrupt, EOFError):
        raise CheckinStopped(0) from None
    section = _section(previous.start, count)
    status = previous.status
    position = 0
    while position < count:
        tracked = due[position]
        try:
            answer = _ask_one(ui, section, tracked, position, count)
        except (Stop, KeyboardInterrupt, EOFError):
            raise CheckinStopped(len(result.recorded)) from None
        if isinstance(answer, Back):  # back to the previous action
            position = max(position - 1, 0)
            continue
        if answer is None:  # back from the reason: the same action once more
            continue
        new, reason = answer
        status = _record(status, previous, result, tracked, new, reason, keep)
        result.asked = max(result.asked, position + 1)
        position += 1
    if result.recorded:
        ui.notify(_thanks(result.recorded))
    return result


def _ask_one(ui: Frontend, section: Dimension, tracked: TrackedAction, position: int,
             count: int) -> tuple[Status | None, str | None] | Back | None:
    """One action's answer: (new status or None for "not yet", a reason); `Back` to go
    back to the previous action, None to ask about this one again."""
    reply = ui.ask(_prompt(section, tracked, position, count))
    if isinstance(reply, Back):
        return reply
    choice = reply if isinstance(reply, str) else None
    new = _STATUS_OF.get(choice) if choice else None
    reason: str | None = None
    if new == "dropped":
        why = ui.ask(_reason_prompt(section, tracked, position, count))
        if isinstance(why, Back):
            return None
        reason = " ".join(why.split()) if isinstance(why, str) and why.strip() else None
    return new, reason


def _record(status: StatusFile, previous: AttemptPlan, result: CheckinResult,
            tracked: TrackedAction, new: Status | None, reason: str | None,
            keep: Callable[[StatusFile], object]) -> StatusFile:
    """The answer saved at once; "not yet" after Back restores what was recorded before."""
    action_id = tracked.action.action_id
    if new is not None:
        status = with_status(status, action_id, new, reason=reason,
                             note=tracked.note if new == "partly" else None)
        keep(status)
        result.recorded[action_id] = new
    elif action_id in result.recorded:  # changed back to "not yet" after Back
        entry = previous.status.actions.get(action_id)
        status = with_status(status, action_id, entry.status if entry else "open",
                             note=entry.note if entry else None,
                             reason=entry.reason if entry else None)
        keep(status)
        del result.recorded[action_id]
    return status


def _thanks(recorded: dict[str, Status]) -> str:
    done = sum(1 for s in recorded.values() if s == "done")
    return (f"Thank you: {len(recorded)} recorded ({done} done). `careerkit plan` shows "
            "your plan; now the quiz.")


def _section(start: date, count: int) -> Dimension:
    """The check-in's own header: it is not one of the rubric's dimensions."""
    question = _choice_question("checkin", "Check-in", "")
    return Dimension(
        id="checkin", title=f"Check-in on your plan of {start:%d %b %Y}",
        why="What became of the last plan's actions.",
        summary=f"{count} action{'' if count == 1 else 's'} of your last plan "
        f"{'is' if count == 1 else 'are'} due. Skip any you would rather not answer.",
        questions=[question])


def _choice_question(qid: str, text: str, help_: str) -> SingleChoiceQuestion:
    return SingleChoiceQuestion(
        id=qid, type="single", text=text, help=help_ or None,
        options=[Option(value=value, label=label, score=1.0 if status == "done" else 0.0)
                 for value, label, status in CHOICES])


def _progress(position: int, count: int) -> Progress:
    return Progress(number=position + 1, total=count, section=1, sections=1,
                    answered=position)


def _prompt(section: Dimension, tracked: TrackedAction, position: int, count: int
            ) -> QuestionPrompt:
    action = tracked.action
    title = " ".join(action.title.split()).rstrip(".")
    outcome = " ".join(action.outcome.split()).rstrip(".")
    state = {"partly": " You said last time: partly done.",
             "blocked": f" Blocked: {tracked.reason}." if tracked.reason else " Blocked."
             }.get(tracked.status, "")
    question = _choice_question(
        f"checkin_{position + 1}", f"{action.number} {title}: did you do it?",
        f"Done when: {outcome}. Due {tracked.due:%d %b %Y}.{state}")
    return _prompt_for(question, section, position, count)


def _reason_prompt(section: Dimension, tracked: TrackedAction, position: int, count: int
                   ) -> QuestionPrompt:
    title = " ".join(tracked.action.title.split()).rstrip(".")
    question = TextQuestion(
        id=f"checkin_{position + 1}_reason", type="text",
        text=f"Why did you drop “{title}”? (optional)",
        help="A few words you will read next time, such as “no longer relevant”.",
        max_length=MAX_WORDS, multiline=False)
    return _prompt_for(question, section, position, count, back=True)


def _prompt_for(question: Question, section: Dimension, position: int, count: int, *,
                back: bool | None = None) -> QuestionPrompt:
    options = tuple(question.options) if isinstance(question, SingleChoiceQuestion) else ()
    return QuestionPrompt(
        question=question, dimension=section, options=options,
        progress=_progress(position, count), has_previous=False, previous=None,
        can_go_back=position > 0 if back is None else back,
        new_section=position == 0 and back is None)


def previous_plan(rubric_id: str, name: str | None = None, home: Path | None = None
                  ) -> AttemptPlan | None:
    """The plan of the latest scored attempt at this rubric (by this person, when the
    name is known); None when there is none, or the history cannot be read (which only
    costs the check-in)."""

    try:
        candidates = [
            a for a in list_attempts(home)
            if a.scorecard is not None and a.answers is not None
            and a.answers.rubric.id == rubric_id
            and (not name or respondent_key(a.answers.respondent) == respondent_key(name))
        ]
        return attempt_plan(candidates[-1]) if candidates else None
    except (CareerkitError, OSError):
        return None


def check_in_before_take(rubric_id: str, ui: Frontend, today: date, *,
                         name: str | None = None, home: Path | None = None
                         ) -> CheckinResult | None:
    """The check-in `careerkit take` begins with, when an earlier plan has due actions."""
    previous = previous_plan(rubric_id, name, home)
    if previous is None:
        return None
    return run_checkin(ui, previous, today)
