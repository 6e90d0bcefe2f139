"""Finished attempts over time: listing them, and comparing two.

Every finished `careerkit take` is an answers file in the history folder. To re-score an
old attempt with the rubric it was made with, even after the rubric changed, a snapshot
of each rubric version is kept beside the history (`history/rubrics/`), and earlier
releases of the bundled rubrics ship in their `previous/` folder.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path

from pydantic import Field

from careerkit.answers import Answers, answers_from_document, checked_answers, respondent_key
from careerkit.dates import as_utc
from careerkit.display import score_change
from careerkit.errors import (
    CareerkitError,
    InputError,
    Problem,
    RuntimeFailure,
    ValidationFailed,
    first_problem,
)
from careerkit.rubric import Model, Rubric, bundled_dir, load_rubric, rubric_catalogue
from careerkit.scoring import Scorecard, score
from careerkit.store import HOME_ENV, TEMP_PREFIX, atomic_write_text, data_dir
from careerkit.yamlio import dump_yaml, load_yaml_file

__all__ = [
    "Attempt",
    "Comparison",
    "attempts_to_compare",
    "compare",
    "history_folder",
    "list_attempts",
    "load_attempt",
    "newest_scored",
    "previous_attempt",
    "rubric_for",
    "same_respondent",
    "snapshot_rubric",
]


@dataclass
class Attempt:
    """One answers file, scored with its own rubric; or why it could not be."""

    path: Path
    answers: Answers | None = None
    rubric: Rubric | None = None
    scorecard: Scorecard | None = None
    # Why it could not be scored; a problem that names no file is about this whole file.
    problem: Problem | None = None

    def unscored(self, consequence: str = "") -> ValidationFailed:
        """The error to raise when this attempt was needed scored: why it is not, naming
        its file (once) and the line when there is one, then `consequence`."""
        problem = (self.problem or _whole_file("cannot be scored")).in_file(self.path)
        if consequence:
            problem = replace(problem, message=f"{problem.message}; {consequence}")
        return ValidationFailed([problem])

    @property
    def when(self) -> datetime:
        """When the attempt was made (UTC): finished, else started, else the file's time."""
        stamp = self.answers and (self.answers.finished_at or self.answers.started_at)
        if stamp:
            return as_utc(stamp)
        try:
            return datetime.fromtimestamp(self.path.stat().st_mtime, tz=timezone.utc)
        except (OSError, OverflowError, ValueError):  # gone, or a nonsense file time
            return datetime.fromtimestamp(0, tz=timezone.utc)


def history_folder(home: Path | None = None) -> Path:
    return (home or data_dir()) / "history"


def _snapshot_folder(home: Path | None = None) -> Path:
    return history_folder(home) / "rubrics"


def _snapshot_name(rubric_id: str, version: str) -> str:
    return f"{rubric_id}-{version}.yaml"


def snapshot_rubric(rubric: Rubric, home: Path | None = None) -> Path:
    """Keep this rubric version (resolved, `extends` merged in) for re-scoring later."""
    path = _snapshot_folder(home) / _snapshot_name(rubric.id, rubric.version)
    if not os.path.exists(path):  # False, not an exception, in a folder that is locked
        data = rubric.model_dump(mode="json", by_alias=True, exclude_defaults=True)
        header = f"# Snapshot of {rubric.id} {rubric.version} (sha256 {rubric.sha256}).\n"
        atomic_write_text(path, header + dump_yaml(data))
    return path


def rubric_for(rubric_id: str, version: str, home: Path | None = None) -> Rubric | None:
    """The rubric an attempt was made with: a known one of that version, its snapshot, or
    an earlier release of a bundled rubric (answers made before `take` kept snapshots, or
    on another computer, still load after the rubric's next version ships)."""
    entry = rubric_catalogue().get(rubric_id)
    if entry is not None:
        try:
            current = load_rubric(entry.path)
        except CareerkitError:
            current = None
        if current is not None and current.version == version:
            return current
    snapshot = _snapshot_folder(home) / _snapshot_name(rubric_id, version)
    if os.path.isfile(snapshot):  # False, not an exception, when the folder is unreadable
        return load_rubric(snapshot)
    released = bundled_dir() / "previous" / _snapshot_name(rubric_id, version)
    if os.path.isfile(released):
        return load_rubric(released)
    return None


def load_attempt(path: Path, rubric: Rubric | None = None,
                 home: Path | None = None,
                 known: dict[tuple[str, str], Rubric | None] | None = None, *,
                 scored: bool = True) -> Attempt:
    """Read and score one answers file; what goes wrong becomes its `problem`, never an
    exception.

    `known` keeps the rubrics found so far by (id, version), so that a history of many
    attempts reads each rubric version once, not once an attempt. Not `scored`: only
    read (who, when, which rubric), for finding the attempts worth scoring.
    """
    attempt = Attempt(path=path)
    try:
        doc = load_yaml_file(path, what="answers file")
        attempt.answers = answers_from_document(doc)
        if not scored:
            return attempt
        pinned = attempt.answers.rubric
        try:
            if rubric is None and known is not None:
                key = (pinned.id, pinned.version)
                if key not in known:
                    known[key] = rubric_for(pinned.id, pinned.version, home)
                rubric = known[key]
            attempt.rubric = rubric or rubric_for(pinned.id, pinned.version, home)
        except CareerkitError as exc:  # a broken snapshot: say which rubric, then where
            attempt.problem = _whole_file(f"made with rubric {pinned.id} {pinned.version}, "
                                          f"which cannot be loaded: {first_problem(exc)}")
            return attempt
        if attempt.rubric is None:
            attempt.problem = _whole_file(f"made with rubric {pinned.id} {pinned.version}, "
                                          "which is not installed and has no snapshot in the "
                                          "history folder")
            return attempt
        attempt.answers = checked_answers(doc, attempt.rubric)
        attempt.scorecard = score(attempt.answers, attempt.rubric)
    except CareerkitError as exc:
        attempt.problem = first_problem(exc)
    except (OSError, ValueError, OverflowError, RecursionError) as exc:
        # One odd file must never hide the others: it is listed with what went wrong.
        attempt.answers = attempt.rubric = attempt.scorecard = None
        attempt.problem = _whole_file(f"could not be read ({type(exc).__name__}: {exc})")
    return attempt


def _whole_file(message: str) -> Problem:
    return Problem(None, None, (), message)


def list_attempts(home: Path | None = None, *, scored: bool = True) -> list[Attempt]:
    """Every file in the history folder, oldest first; broken ones carry their error.

    Not `scored`: only read, which is what finding the latest attempt needs (scoring
    is most of the time, and a history of 50 attempts would score 50).
    """
    folder = history_folder(home)
    try:
        files = [p for p in folder.iterdir()
                 if p.suffix in (".yaml", ".yml") and not p.name.startswith(TEMP_PREFIX)
                 and os.path.isfile(p)]
    except (FileNotFoundError, NotADirectoryError):
        return []
    except OSError as exc:
        raise RuntimeFailure(f"{folder}: cannot read your history folder: {exc.strerror}; "
                             f"check its permissions, or set {HOME_ENV} to another "
                             "folder") from None
    known: dict[tuple[str, str], Rubric | None] = {}
    attempts = [load_attempt(p, home=home, known=known, scored=scored) for p in files]
    return sorted(attempts, key=lambda a: (a.when, a.path.name))


class DimensionChange(Model):
    id: str
    title: str
    before: float | None
    after: float | None
    change: int | None = Field(
        description="The change people read: `after` as shown minus `before` as shown, "
        "so that every row adds up (careerkit.display); null unless both have a score.")


class Comparison(Model):
    before_label: str
    after_label: str
    overall_before: float | None
    overall_after: float | None
    dimensions: list[DimensionChange]
    only_before: list[str] = Field(description="Dimension titles no longer in the rubric.")
    only_after: list[str] = Field(description="Dimension titles new in the rubric.")
    rubric_changed: bool
    rubric_before: str = Field("", description="Rubric id and version of the earlier attempt.")
    rubric_after: str = Field("", description="Rubric id and version of the later attempt.")

    @property
    def note(self) -> str | None:
        if not self.rubric_changed:
            return None
        versions = (f" ({self.rubric_before} then {self.rubric_after})"
                    if self.rubric_before and self.rubric_after else "")
        parts = [f"The rubric changed between these attempts{versions}; only the dimensions "
                 "both share are compared"]
        if self.only_before:
            parts.append(f"no longer asked: {', '.join(self.only_before)}")
        if self.only_after:
            parts.append(f"new: {', '.join(self.only_after)}")
        return "; ".join(parts) + "."


def compare(before: Scorecard, after: Scorecard, before_label: str = "before",
            after_label: str = "after") -> Comparison:
    """The change per dimension the two scorecards share."""
    shared = [d for d in after.dimensions if d in before.dimensions]
    rows = []
    for dimension_id in shared:
        old, new = before.dimensions[dimension_id], after.dimensions[dimension_id]
        rows.append(DimensionChange(id=dimension_id, title=new.title, before=old.score,
                                    after=new.score,
                                    change=score_change(old.score, new.score)))
    changed = (before.rubric_id, before.rubric_version) != (after.rubric_id,
                                                            after.rubric_version)
    # Overall scores over different dimension sets are not comparable: leave them out.
    same_set = set(before.dimensions) == set(after.dimensions)
    return Comparison(
        before_label=before_label,
        after_label=after_label,
        overall_before=before.overall if same_set else None,
        overall_after=after.overall if same_set else None,
        dimensions=rows,
        only_before=[d.title for k, d in before.dimensions.items() if k not in after.dimensions],
        only_after=[d.title for k, d in after.dimensions.items() if k not in before.dimensions],
        rubric_changed=changed,
        rubric_before=f"{before.rubric_id} {before.rubric_version}",
        rubric_after=f"{after.rubric_id} {after.rubric_version}",
    )


def same_respondent(one: Answers, other: Answers) -> bool:
    """Whether two attempts are by the same person: their names compared after Unicode
    NFC, case folding and collapsing spaces (`Zoë` typed two ways is one person)."""
    return respondent_key(one.respondent) == respondent_key(other.respondent)


def newest_scored(home: Path | None = None, keep: Callable[[Attempt], bool] | None = None,
                  count: int = 1,
                  known: dict[tuple[str, str], Rubric | None] | None = None) -> list[Attempt]:
    """The newest `count` attempts that can be scored (and that `keep`), oldest first,
    scoring from the newest back only as many as it takes. `known`: rubrics already read,
    as for `load_attempt`."""
    found: list[Attempt] = []
    known = {} if known is None else known
    for listed in reversed(list_attempts(home, scored=False)):
        if listed.answers is None or (keep is not None and not keep(listed)):
            continue
        attempt = load_attempt(listed.path, home=home, known=known)
        if attempt.scorecard is not None:
            found.append(attempt)
            if len(found) == count:
                break
    return found[::-1]


def attempts_to_compare(files: list[Path] | None = None,
                        home: Path | None = None) -> tuple[Attempt, Attempt]:
    """The two scored attempts `careerkit compare` shows: the two files given (OLD NEW),
    or else the latest attempt in the history and the one before it by the same person at
    the same rubric. InputError when there are not two that can be scored."""
    if files and len(files) != 2:
        raise InputError("give two answers files (OLD NEW), or none to compare your last "
                         "two attempts")
    if files:
        attempts = [load_attempt(f) for f in files]
    else:
        # Scoring only those two: a long history is read, not scored.
        # One reading of each rubric for both passes (~70 ms for the default rubric).
        known: dict[tuple[str, str], Rubric | None] = {}
        newest = newest_scored(home, known=known)
        latest = newest[0].answers if newest else None
        attempts = newest_scored(home, keep=lambda a: bool(
            a.answers and latest
            and a.answers.rubric.id == latest.rubric.id
            and same_respondent(a.answers, latest)), count=2, known=known) if latest else []
        if len(attempts) < 2:
            raise InputError("fewer than two finished attempts by the same person at one "
                             "rubric in your history; give two answers files: careerkit "
                             "compare OLD NEW")
    for attempt in attempts:
        if attempt.scorecard is None:
            raise attempt.unscored()
    return attempts[0], attempts[1]


def previous_attempt(answers: Answers, home: Path | None = None,
                     exclude: Path | None = None) -> Attempt | None:
    """The latest scored attempt by the same respondent at the same rubric (any version)
    made before `answers`, for a retake's "since last time"; None when this is the first.

    Another person's attempt (a classmate, or an advisor's rating kept in the same
    history) is never taken for this person's earlier self.
    """
    when = answers.finished_at or answers.started_at
    if when is not None:
        when = as_utc(when)
    earlier = [
        a for a in list_attempts(home)
        if a.scorecard is not None and a.answers is not None
        and a.answers.rubric.id == answers.rubric.id
        and same_respondent(a.answers, answers)
        and (exclude is None or a.path.resolve() != exclude.resolve())
        and (when is None or a.when < when)
        and a.answers.answers != answers.answers
    ]
    return earlier[-1] if earlier else None
