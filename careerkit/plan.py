"""Scorecard + Rubric + Answers -> ActionPlan: which actions a student gets, in what order.

Actions are chosen, not dumped:

1. per dimension, actions triggered by one of the student's answers come first, then
   the actions of the band the dimension landed in, in the rubric's order;
2. at most `MAX_PER_DIMENSION` per dimension, and never the same action twice;
3. across dimensions, triggered actions rank first, then the rest by the size of the
   gap (100 - score) times the dimension's weight.

Every action carries a reason the student can read ("because you answered ...") and
two numbers: `number` ("2.1", dimension 2, first action) and `step`, its place in the
timeline. Pure: no clock, no files, no reportlab.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Literal

from pydantic import Field

from careerkit.answers import Answers, effective_answers, format_answer
from careerkit.rubric import (
    Action,
    Dimension,
    Model,
    Resource,
    Rubric,
    band_for,
    conditions_hold,
    conditions_of,
    shown,
)
from careerkit.scoring import Contribution, DimensionScore, Scorecard

__all__ = [
    "HORIZONS",
    "MAX_PER_DIMENSION",
    "ActionPlan",
    "DimensionPlan",
    "HorizonGroup",
    "PlannedAction",
    "Priority",
    "build_plan",
    "chosen_action_ids",
    "horizon_bucket",
]

MAX_PER_DIMENSION = 3
HORIZONS: tuple[int, ...] = (30, 90, 180)
HORIZON_LABELS = {30: "Next 30 days", 90: "Next 90 days", 180: "Next 180 days and beyond"}


class PlannedAction(Model):
    """One chosen action, with why it was chosen and where it sits in the plan."""

    number: str = Field(description='"2.1": dimension 2 in rubric order, its first action.')
    step: int = Field(description="Position in the timeline, from 1.")
    dimension_id: str
    dimension_title: str
    action_id: str
    title: str
    do: str
    outcome: str
    horizon_days: int
    horizon: int = Field(description="Timeline group: 30, 90 or 180 (180 and beyond).")
    resources: list[Resource] = Field(default_factory=list)
    trigger: Literal["answer", "band"]
    triggered_by: list[str] = Field(
        default_factory=list, description="Question ids whose answers chose this action."
    )
    reason: str = Field(description="Why this action, in one sentence the student reads.")
    priority: float = Field(description="(100 - dimension score) x dimension weight.")


class DimensionPlan(Model):
    """A dimension's part of the plan: its score, what moved it, and its actions."""

    number: int = Field(description="Position in the rubric, from 1.")
    dimension_id: str
    title: str
    score: float | None
    band: str | None
    band_label: str | None
    raised_by: list[Contribution] = Field(
        default_factory=list, description="Answers above the midpoint (score > 0.5)."
    )
    lowered_by: list[Contribution] = Field(
        default_factory=list, description="Answers below the midpoint (score < 0.5)."
    )
    actions: list[PlannedAction] = Field(default_factory=list)


class HorizonGroup(Model):
    days: int
    label: str
    actions: list[PlannedAction]


class Priority(Model):
    """One of the top priorities on the summary page, as one sentence."""

    number: str
    dimension_id: str
    sentence: str


class ActionPlan(Model):
    dimensions: list[DimensionPlan]
    timeline: list[HorizonGroup] = Field(description="Non-empty groups, soonest first.")
    top_priorities: list[Priority] = Field(description="At most three, from distinct "
                                           "dimensions where possible.")

    @property
    def actions(self) -> list[PlannedAction]:
        """Every chosen action in timeline order."""
        return [action for group in self.timeline for action in group.actions]


def horizon_bucket(days: int) -> int:
    """The timeline group of an action due in `days`: 30, 90 or 180 (and beyond)."""
    for limit in HORIZONS[:-1]:
        if days <= limit:
            return limit
    return HORIZONS[-1]


def build_plan(scorecard: Scorecard, rubric: Rubric, answers: Answers) -> ActionPlan:
    """Choose and order the actions for one student. Deterministic."""
    given = effective_answers(rubric, answers.answers)
    index = rubric.question_index()
    chosen: list[tuple[tuple[Any, ...], int, PlannedAction]] = []
    plans: list[DimensionPlan] = []

    scores = {k: d.score for k, d in scorecard.dimensions.items()}
    for position, dimension, gap, selected in _select(scores, rubric, given):
        scored = scorecard.dimensions.get(dimension.id)
        picked: list[PlannedAction] = []
        for action, trigger in selected:
            triggered_by = [c.question for c in conditions_of(action.when)] if trigger else []
            planned = PlannedAction(
                number=f"{position}.{len(picked) + 1}",
                step=0,
                dimension_id=dimension.id,
                dimension_title=dimension.title,
                action_id=action.id,
                title=action.title,
                do=action.do,
                outcome=action.outcome,
                horizon_days=action.horizon_days,
                horizon=horizon_bucket(action.horizon_days),
                resources=list(action.resources),
                trigger="answer" if trigger else "band",
                triggered_by=triggered_by,
                reason=_reason(rubric, index, action, trigger, given, scored),
                priority=round(gap, 6),
            )
            picked.append(planned)
            key = (0 if trigger else 1, -gap, position, len(picked))
            chosen.append((key, len(chosen), planned))
        plans.append(_dimension_plan(position, dimension, scored, picked))

    ranked = [planned for _, _, planned in sorted(chosen, key=lambda item: item[:2])]
    timeline = _timeline(ranked)  # numbers the steps of the very objects in `plans`
    return ActionPlan(
        dimensions=plans, timeline=timeline, top_priorities=_top_priorities(ranked)
    )


def chosen_action_ids(scores: Mapping[str, float | None], rubric: Rubric,
                      answers: Answers) -> list[str]:
    """The ids of the actions `build_plan` chooses, from the dimension scores alone,
    without building the plan: what a cohort of thousands of students needs."""
    given = effective_answers(rubric, answers.answers)
    return [action.id for *_, selected in _select(scores, rubric, given)
            for action, _ in selected]


_Selection = tuple[int, Dimension, float, list[tuple[Action, bool]]]


def _select(scores: Mapping[str, float | None], rubric: Rubric, given: Mapping[str, Any]
            ) -> Iterator[_Selection]:
    """Per dimension, in rubric order: the actions chosen and whether an answer chose them.

    At most MAX_PER_DIMENSION per dimension; never the same action (by id or by title)
    twice in one plan.
    """
    seen_ids: set[str] = set()
    seen_titles: set[str] = set()
    for position, dimension in enumerate(rubric.dimensions, start=1):
        score = scores.get(dimension.id)
        gap = (100.0 - score) * dimension.weight if score is not None else 0.0
        picked: list[tuple[Action, bool]] = []
        for action, trigger in _candidates(dimension, _band_id(rubric, dimension, score), given):
            title_key = " ".join(action.title.casefold().split())
            if action.id in seen_ids or title_key in seen_titles:
                continue
            if len(picked) >= MAX_PER_DIMENSION:
                break
            seen_ids.add(action.id)
            seen_titles.add(title_key)
            picked.append((action, trigger))
        yield position, dimension, gap, picked


# -- choosing --------------------------------------------------------------------------------


def _band_id(rubric: Rubric, dimension: Dimension, score: float | None) -> str | None:
    if score is None:
        return None
    return band_for(rubric.bands_for(dimension), score).id


def _candidates(
    dimension: Dimension, band_id: str | None, given: Mapping[str, Any]
) -> list[tuple[Action, bool]]:
    """(action, triggered-by-an-answer) in the order they are offered: triggered first.

    An action with both `when` and `bands` needs both to hold.
    """
    triggered: list[tuple[Action, bool]] = []
    by_band: list[tuple[Action, bool]] = []
    for action in dimension.actions:
        in_band = band_id is not None and band_id in action.bands
        if action.when is not None:
            if conditions_hold(action.when, given) and (not action.bands or in_band):
                triggered.append((action, True))
        elif in_band:
            by_band.append((action, False))
    return triggered + by_band


def _reason(
    rubric: Rubric,
    index: Mapping[str, Any],
    action: Action,
    triggered: bool,
    given: Mapping[str, Any],
    scored: DimensionScore | None,
) -> str:
    if triggered:
        parts = []
        for condition in conditions_of(action.when):
            question = index[condition.question]
            answer = format_answer(rubric, question, given.get(condition.question))
            parts.append(f"“{answer}” to “{_clip(question.text)}”")
        return "Because you answered " + " and ".join(parts) + "."
    assert scored is not None and scored.score is not None  # band actions need a score
    return (f"Because your {scored.title} score of {shown(scored.score)} is in the band "
            f"“{scored.band_label}”.")


def _clip(text: str, limit: int = 90) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _dimension_plan(
    position: int,
    dimension: Dimension,
    scored: DimensionScore | None,
    actions: list[PlannedAction],
) -> DimensionPlan:
    contributions = scored.contributions if scored is not None else []
    return DimensionPlan(
        number=position,
        dimension_id=dimension.id,
        title=dimension.title,
        score=scored.score if scored is not None else None,
        band=scored.band if scored is not None else None,
        band_label=scored.band_label if scored is not None else None,
        raised_by=sorted((c for c in contributions if c.value > 0.5),
                         key=lambda c: -c.points),
        lowered_by=sorted((c for c in contributions if c.value < 0.5),
                          key=lambda c: -(c.max_points - c.points)),
        actions=actions,
    )


# -- ordering --------------------------------------------------------------------------------


def _timeline(ranked: list[PlannedAction]) -> list[HorizonGroup]:
    """Group by horizon, soonest group first; within a group, by priority. Numbers steps."""
    groups: list[HorizonGroup] = []
    step = 0
    for days in HORIZONS:
        members = []
        for action in ranked:
            if action.horizon == days:
                step += 1
                action.step = step
                members.append(action)
        if members:
            groups.append(HorizonGroup(days=days, label=HORIZON_LABELS[days], actions=members))
    return groups


def _top_priorities(ranked: list[PlannedAction], count: int = 3) -> list[Priority]:
    """The best-ranked action of each dimension first, so the three are not all alike."""
    firsts: list[PlannedAction] = []
    covered: set[str] = set()
    for action in ranked:
        if action.dimension_id not in covered:
            covered.add(action.dimension_id)
            firsts.append(action)
    taken = {a.action_id for a in firsts[:count]}
    rest = [a for a in ranked if a.action_id not in taken]
    picks = sorted(firsts[:count], key=ranked.index)
    picks += rest[: count - len(picks)]
    return [
        Priority(number=a.number, dimension_id=a.dimension_id, sentence=_sentence(a))
        for a in picks
    ]


def _sentence(action: PlannedAction) -> str:
    title = " ".join(action.title.split()).rstrip(".")
    outcome = " ".join(action.outcome.split()).rstrip(".")
    return f"{title} within {action.horizon_days} days — done when: {outcome}."
