"""Follow-through: what became of a plan's actions, kept beside the attempt they belong to.

Every finished attempt in the history folder has a plan (`careerkit.plan`), rebuilt from
the attempt and the rubric version it was made with, so it never changes. What the
student did about each action is kept next to the attempt::

    <home>/history/2026-11-30-default.yaml          the attempt (never rewritten)
    <home>/history/2026-11-30-default.status.json   its actions' status, by action id

The status file is keyed by action id only: a rubric upgrade leaves an old attempt's
plan (rebuilt from its own rubric snapshot) and its statuses as they were. It is JSON,
not YAML, so that nothing that reads the folder's answers files mistakes it for one. It
is written atomically and owner-only, like the attempt itself.

A student's words (notes, reasons) are untrusted on the way back in, like any file:
control characters are refused when read, and they are shown through the safe printers.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import Field, ValidationError, field_validator

from careerkit.dates import as_utc, days_after, local_day
from careerkit.display import percent_text
from careerkit.errors import InputError, Problem, ValidationFailed
from careerkit.history import history_folder, list_attempts, load_attempt
from careerkit.plan import build_plan, chosen_action_ids
from careerkit.rubric import Model
from careerkit.safetext import json_dumps, text_problem
from careerkit.store import atomic_write_text

if TYPE_CHECKING:
    from careerkit.history import Attempt
    from careerkit.plan import ActionPlan, PlannedAction
    from careerkit.rubric import Rubric

__all__ = [
    "CLOSED",
    "FORMAT",
    "MAX_WORDS",
    "ActionStatus",
    "AttemptPlan",
    "EarlierFollowThrough",
    "FollowThrough",
    "Status",
    "StatusFile",
    "TrackedAction",
    "attempt_plan",
    "carried_forward",
    "checked_words",
    "completion",
    "earlier_follow_through",
    "follow_through",
    "latest_attempt",
    "load_status",
    "replaced_by",
    "save_status",
    "status_path",
    "tracked_actions",
    "with_status",
]

Status = Literal["open", "done", "partly", "blocked", "dropped"]
STATUSES: tuple[Status, ...] = ("open", "done", "partly", "blocked", "dropped")
CLOSED: frozenset[str] = frozenset({"done", "dropped"})  # nothing more to do about these
FORMAT = 1
MAX_WORDS = 500  # characters in a note or a reason: a sentence or two, not an essay
STATUS_SUFFIX = ".status.json"
MAX_STATUS_BYTES = 1024 * 1024


class ActionStatus(Model):
    """What became of one action."""

    status: Status
    note: str | None = Field(None, description="What was done, in the student's words.")
    reason: str | None = Field(None, description="Why it was dropped or is blocked.")
    updated: datetime = Field(description="When the status was set (UTC).")

    @field_validator("note", "reason")
    @classmethod
    def _safe(cls, value: str | None) -> str | None:
        return None if value is None else checked_words(value)

    @field_validator("updated")
    @classmethod
    def _aware(cls, value: datetime) -> datetime:
        return as_utc(value)


class StatusFile(Model):
    careerkit_status: int = Field(FORMAT, description="The format of this file.")
    attempt: str = Field(description="The attempt's file name, beside this one.")
    actions: dict[str, ActionStatus] = Field(default_factory=dict)

    @field_validator("careerkit_status")
    @classmethod
    def _known(cls, value: int) -> int:
        if value != FORMAT:
            raise ValueError(f"format {value} is not one this careerkit reads (it reads "
                             f"{FORMAT}); update careerkit")
        return value


def checked_words(text: str) -> str:
    """A note or reason as kept: one line, spaces collapsed, no control characters."""
    problem = text_problem(text, multiline=True)
    if problem is not None:
        raise ValueError(problem)
    flat = " ".join(text.split())
    if len(flat) > MAX_WORDS:
        raise ValueError(f"is {len(flat)} characters long; keep it to {MAX_WORDS}")
    return flat


# -- the file beside the attempt -------------------------------------------------------------


def status_path(attempt_path: Path) -> Path:
    return attempt_path.with_name(attempt_path.stem + STATUS_SUFFIX)


def load_status(attempt_path: Path) -> StatusFile:
    """The statuses of an attempt's actions (none recorded: an empty file's worth).

    A file that cannot be used is a `ValidationFailed` naming FILE:LINE and what to do.
    """
    path = status_path(attempt_path)
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_STATUS_BYTES + 1)
    except FileNotFoundError:
        return StatusFile(attempt=attempt_path.name)
    except OSError as exc:
        raise _unusable(path, None, f"cannot be read: {exc.strerror}") from None
    if len(raw) > MAX_STATUS_BYTES:
        raise _unusable(path, None, f"is larger than {MAX_STATUS_BYTES // 1024} KiB, which "
                                    "no status file is; move it aside")
    try:
        text = raw.decode("utf-8")
        data = json.loads(text)
    except UnicodeDecodeError:
        raise _unusable(path, 1, "is not UTF-8 text; move it aside") from None
    except json.JSONDecodeError as exc:
        raise _unusable(path, exc.lineno, f"not valid JSON ({exc.msg}); fix it, or move it "
                                          "aside to start the statuses afresh") from None
    try:
        return StatusFile.model_validate(data)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            where = [str(part) for part in error["loc"]]
            key = where[1] if len(where) > 1 and where[0] == "actions" else where[-1] \
                if where else ""
            message = error["msg"].removeprefix("Value error, ")
            problems.append(Problem(path, _line_of(text, key), tuple(where), message))
        raise ValidationFailed(problems) from None


def _unusable(path: Path, line: int | None, message: str) -> ValidationFailed:
    return ValidationFailed([Problem(path, line, (), message)])


def _line_of(text: str, key: str) -> int | None:
    """The line where `key` is first written as a JSON key, for FILE:LINE."""
    if not key:
        return None
    needle = json.dumps(key, ensure_ascii=False) + ":"
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line.replace('" :', '":'):
            return number
    return None


def save_status(attempt_path: Path, status: StatusFile) -> Path:
    """Write the statuses atomically, owner-only (notes are personal)."""

    path = status_path(attempt_path)
    data = status.model_dump(mode="json", exclude_none=True)
    atomic_write_text(path, json_dumps(data) + "\n", private=True)
    return path


def with_status(status: StatusFile, action_id: str, new: Status, *, note: str | None = None,
                reason: str | None = None, when: datetime | None = None) -> StatusFile:
    """`status` with one action's status changed (`open` forgets what was recorded)."""
    actions = dict(status.actions)
    if new == "open":
        actions.pop(action_id, None)
    else:
        actions[action_id] = ActionStatus(
            status=new, note=note, reason=reason,
            updated=(when or datetime.now(timezone.utc)).replace(microsecond=0))
    return status.model_copy(update={"actions": actions})


# -- a plan with its statuses ----------------------------------------------------------------


@dataclass(frozen=True)
class TrackedAction:
    """One action of an attempt's plan, with its due date and what became of it."""

    action: PlannedAction
    due: date
    status: Status
    note: str | None = None
    reason: str | None = None
    updated: datetime | None = None

    @property
    def open(self) -> bool:
        return self.status not in CLOSED

    def is_due(self, today: date) -> bool:
        return self.due <= today


def attempt_day(attempt: Attempt) -> date:
    """The local day of an attempt: the day its plan's windows count from."""
    return local_day(attempt.when)


def tracked_actions(plan: ActionPlan, start: date, status: StatusFile) -> list[TrackedAction]:
    """The plan's scheduled actions in timeline order, each with its status."""
    out = []
    for action in plan.actions:
        entry = status.actions.get(action.action_id)
        out.append(TrackedAction(
            action=action, due=days_after(start, action.due_days),
            status=entry.status if entry else "open",
            note=entry.note if entry else None, reason=entry.reason if entry else None,
            updated=entry.updated if entry else None))
    return out


@dataclass(frozen=True)
class FollowThrough:
    """How much of a plan was done."""

    total: int
    done: int
    partly: int
    blocked: int
    dropped: list[tuple[str, str | None]]  # (title, reason)

    @property
    def rate(self) -> float | None:
        """Done out of those not dropped (a dropped action was a decision, not a failure);
        None for a plan with nothing left to do."""
        counted = self.total - len(self.dropped)
        return self.done / counted if counted else None

    @property
    def tracked(self) -> bool:
        return bool(self.done or self.partly or self.blocked or self.dropped)

    def sentence(self) -> str:
        """`4 of 6 actions done; 1 partly; 1 dropped: no longer relevant.`"""
        noun = "action" if self.total == 1 else "actions"
        parts = [f"{self.done} of {self.total} {noun} done"]
        if self.partly:
            parts.append(f"{self.partly} partly")
        if self.blocked:
            parts.append(f"{self.blocked} blocked")
        if self.dropped:
            reasons = [f"{title} ({reason})" if reason else title
                       for title, reason in self.dropped]
            parts.append(f"{len(self.dropped)} dropped: " + "; ".join(reasons))
        return "; ".join(parts) + "."

    def rate_text(self) -> str:
        """`done 4 of 6 (80%), 1 partly, 1 dropped`: the rate counts done out of those
        not dropped."""

        rate = f" ({percent_text(self.rate)})" if self.rate is not None else ""
        extra = [f"{count} {word}" for count, word in (
            (self.partly, "partly"), (self.blocked, "blocked"), (len(self.dropped), "dropped"))
            if count]
        return ", ".join([f"done {self.done} of {self.total}{rate}", *extra])


def follow_through(tracked: Sequence[TrackedAction]) -> FollowThrough:
    return FollowThrough(
        total=len(tracked),
        done=sum(1 for t in tracked if t.status == "done"),
        partly=sum(1 for t in tracked if t.status == "partly"),
        blocked=sum(1 for t in tracked if t.status == "blocked"),
        dropped=[(t.action.title, t.reason) for t in tracked if t.status == "dropped"],
    )


def carried_forward(previous: Iterable[TrackedAction], new_plan: ActionPlan,
                    replaced: Iterable[str] = ()) -> list[TrackedAction]:
    """The earlier plan's unfinished actions that the new plan neither repeats nor
    replaces: still worth doing, so the new report carries them forward."""
    in_new = {a.action_id for a in new_plan.actions} | {a.action_id for a in new_plan.later}
    gone = in_new | set(replaced)
    return [t for t in previous if t.open and t.action.action_id not in gone]


def replaced_by(plan: ActionPlan, rubric: Rubric) -> set[str]:
    """Ids of actions that the plan's chosen actions stand in for (`replace`)."""
    chosen = {a.action_id for a in plan.actions} | {a.action_id for a in plan.later}
    return {target for dimension in rubric.dimensions for action in dimension.actions
            if action.id in chosen for target in action.replace}


# -- an attempt's plan, as the commands show it ------------------------------------------------


@dataclass(frozen=True)
class AttemptPlan:
    """A scored attempt, its plan, and what became of each action."""

    attempt: Attempt
    plan: ActionPlan
    status: StatusFile
    tracked: list[TrackedAction]

    @property
    def start(self) -> date:
        return attempt_day(self.attempt)

    @property
    def orphans(self) -> list[str]:
        """Action ids with a recorded status that the plan no longer has."""
        ids = {t.action.action_id for t in self.tracked}
        return sorted(k for k in self.status.actions if k not in ids)

    def find(self, action_id: str) -> TrackedAction:
        """The tracked action with this id (or plan number, `2.1`), or a one-line
        InputError that says what to do."""
        for tracked in self.tracked:
            if action_id in (tracked.action.action_id, tracked.action.number):
                return tracked
        name = self.attempt.path.name
        if action_id in self.status.actions:
            raise InputError(
                f"{action_id}: this action has a status in {status_path(self.attempt.path)}"
                f" but is no longer in the plan of {name} (its rubric no longer chooses "
                f"it); reset it with: careerkit plan reset {action_id}")
        later = [a.action_id for a in self.plan.later]
        if action_id in later:
            raise InputError(f"{action_id}: this action waits in the plan's Later list of "
                             f"{name}, not on its timeline; only scheduled actions are "
                             "tracked")
        known = ", ".join(t.action.action_id for t in self.tracked[:8])
        more = ", ..." if len(self.tracked) > 8 else ""
        raise InputError(f"{action_id}: no such action in the plan of {name}; its actions "
                         f"are: {known}{more} (see `careerkit plan`)" if self.tracked else
                         f"{action_id}: the plan of {name} has no actions to track")


def attempt_plan(attempt: Attempt) -> AttemptPlan:
    """The plan of a scored attempt with its statuses (InputError when unscored)."""

    if attempt.scorecard is None or attempt.answers is None or attempt.rubric is None:
        raise attempt.unscored("its plan cannot be rebuilt")
    plan = build_plan(attempt.scorecard, attempt.rubric, attempt.answers)
    status = load_status(attempt.path)
    return AttemptPlan(attempt, plan, status,
                       tracked_actions(plan, attempt_day(attempt), status))


def latest_attempt(home: Path | None = None) -> Attempt:
    """The latest finished attempt, scored; a one-line InputError when there is none.
    Only that one is scored: the others are only read, to find it."""

    found = list_attempts(home, scored=False)
    if not found:
        raise InputError(f"no finished attempt in {history_folder(home)} yet, so there is "
                         "no plan to track; take the quiz first: careerkit take")
    return load_attempt(found[-1].path, home=home)


def completion_text(attempt: Attempt) -> str:
    """`done 2 of 5 (40%), 1 dropped`, or why there is no rate."""
    summary = completion(attempt)
    return summary.rate_text() if summary is not None else \
        "not tracked yet (careerkit plan)"


def completion(attempt: Attempt) -> FollowThrough | None:
    """The follow-through of an attempt with a status file; None without one (or when
    its plan cannot be rebuilt): nothing was tracked, which is not 0 %."""


    card, answers, rubric = attempt.scorecard, attempt.answers, attempt.rubric
    if card is None or answers is None or rubric is None \
            or not os.path.isfile(status_path(attempt.path)):
        return None
    try:
        status = load_status(attempt.path)
    except InputError:
        return None
    # The ids the plan schedules, without building the plan (history lists many).
    ids = chosen_action_ids({k: d.score for k, d in card.dimensions.items()}, rubric,
                            answers)
    entries = [status.actions.get(i) for i in ids]
    states = [e.status if e is not None else "open" for e in entries]
    return FollowThrough(
        total=len(ids), done=states.count("done"), partly=states.count("partly"),
        blocked=states.count("blocked"),
        dropped=[(i, e.reason) for i, e in zip(ids, entries, strict=True)
                 if e is not None and e.status == "dropped"])


@dataclass(frozen=True)
class EarlierFollowThrough:
    """What a retake's "since last time" shows of the earlier plan."""

    actions: list[PlannedAction]
    statuses: dict[str, str]  # action id -> status, for those recorded
    sentence: str | None  # None when nothing was recorded
    carried: list[PlannedAction]


def earlier_follow_through(previous: Attempt, new_plan: ActionPlan, rubric: Rubric
                           ) -> EarlierFollowThrough:
    """The earlier attempt's plan, what became of it, and what carries forward into the
    new one. A status file that cannot be read counts as nothing recorded."""

    assert previous.scorecard is not None and previous.answers is not None
    assert previous.rubric is not None
    plan = build_plan(previous.scorecard, previous.rubric, previous.answers)
    try:
        status = load_status(previous.path)
    except InputError:
        status = StatusFile(attempt=previous.path.name)
    tracked = tracked_actions(plan, attempt_day(previous), status)
    summary = follow_through(tracked)
    carried = carried_forward(tracked, new_plan, replaced_by(new_plan, rubric))
    return EarlierFollowThrough(
        actions=plan.actions,
        statuses={t.action.action_id: t.status for t in tracked if t.status != "open"},
        sentence=summary.sentence() if summary.tracked else None,
        carried=[t.action for t in carried])
