"""Follow-through in a cohort: how many of the plans' actions were done, per dimension,
as anonymous rates only.

Students who tracked their plan (`careerkit plan`, the retake check-in) have a status
file beside their answers file (`careerkit.followthrough`). A cohort report counts, per
dimension, the tracked plans' actions and those done, under the same `--min-group`
floor as every other cohort figure: a dimension shows nothing when its actions were
tracked by fewer students, or when the students who did not track them (out of the
cohort's total, which is shown), those who did at least one of them, or those who did
none, are a group of 1 to `min_group - 1`: "6 students" of a cohort of 7 would single
out the one who did not track, and "1 of 12 actions done" the one who did. Notes,
reasons, names and advisors' ratings are never read into it: only statuses are
counted.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from careerkit.answers import respondent_key
from careerkit.display import percent_text
from careerkit.errors import CareerkitError
from careerkit.followthrough import attempt_plan, status_path
from careerkit.history import load_attempt
from careerkit.rubric import Rubric

__all__ = ["DimensionFollowThrough", "cohort_follow_through", "follow_through_lines"]


@dataclass(frozen=True)
class DimensionFollowThrough:
    dimension_id: str
    title: str
    students: int | None  # None: suppressed (fewer than min_group)
    actions: int | None
    done: int | None
    suppressed: bool
    too_few: bool = False  # suppressed because fewer than min_group students tracked it

    @property
    def rate(self) -> float | None:
        return self.done / self.actions if self.done is not None and self.actions else None


def cohort_follow_through(files: Iterable[Path], rubric: Rubric, min_group: int, *,
                          students: int) -> list[DimensionFollowThrough]:
    """Per dimension in rubric order; empty when no file has a status file beside it.
    `students`: the cohort's number of students, shown beside these figures. A file
    whose plan or statuses cannot be read is left out (the cohort's own reading already
    reports unusable answers files)."""
    per_dimension: dict[str, tuple[set[str], set[str], int, int]] = {
        d.id: (set(), set(), 0, 0) for d in rubric.dimensions}
    tracked_any = False
    for path in files:
        if not os.path.isfile(status_path(path)):
            continue
        try:
            attempt = load_attempt(path, rubric=rubric)
            if attempt.answers is None or attempt.scorecard is None:
                continue
            plan = attempt_plan(attempt)
        except (CareerkitError, OSError):
            continue
        student = respondent_key(attempt.answers.respondent) or str(path.resolve())
        for tracked in plan.tracked:
            entry = per_dimension.get(tracked.action.dimension_id)
            if entry is None:
                continue
            tracking, did_one, actions, done = entry
            tracking.add(student)
            if tracked.status == "done":
                did_one.add(student)
            per_dimension[tracked.action.dimension_id] = (
                tracking, did_one, actions + 1, done + (tracked.status == "done"))
            tracked_any = True
    if not tracked_any:
        return []
    out = []
    for dimension in rubric.dimensions:
        tracking, did_one, actions, done = per_dimension[dimension.id]
        too_few = len(tracking) < min_group
        # Each group these figures pin down: 0 (nobody) or at least min_group.
        groups = (max(0, students - len(tracking)), len(did_one),
                  len(tracking) - len(did_one))
        small = too_few or any(0 < group < min_group for group in groups)
        out.append(DimensionFollowThrough(
            dimension_id=dimension.id, title=dimension.title,
            students=None if small else len(tracking), actions=None if small else actions,
            done=None if small else done, suppressed=small, too_few=too_few))
    return out


def follow_through_lines(rows: list[DimensionFollowThrough], min_group: int) -> list[str]:
    """The terminal's lines: a rate per dimension, or why it is not shown."""

    if not rows:
        return []
    width = max(len(r.title) for r in rows)
    lines = ["", "Follow-through: actions done, of the plans students tracked"]
    for row in rows:
        if row.too_few:
            text = f"not shown: tracked by fewer than {min_group} students"
        elif row.suppressed:
            text = f"not shown: it would single out fewer than {min_group} students"
        else:
            text = (f"{percent_text(row.rate)} of {row.actions} actions done "
                    f"({row.students} students)")
        lines.append(f"  {row.title:<{width}}  {text}")
    return lines
