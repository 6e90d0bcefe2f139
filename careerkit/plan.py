"""Scorecard + Rubric + Answers -> ActionPlan: which actions a student gets, in what order,
and in which window of time.

Actions are chosen, not dumped:

1. Per dimension, the actions an answer triggers, then those of the band the dimension
   landed in, in the rubric's order. An action may also be limited by the student's
   situation (a `when` on context questions: stage, path, work authorisation, compute);
   an unanswered context question counts as its `default`.
2. One step per need: an action chosen here drops the actions it `replace`s (a triggered
   first step stands in for its band twin), and no two actions with the same id, title or
   outcome appear. At most `MAX_PER_DIMENSION` per dimension.
3. Order: each dimension's urgency is its gap (100 - score) times its weight in the
   student's situation, scaled by the rank the rubric states (`plan.priority`, e.g. the
   essay's: the research topic, then LLM depth, then skills beyond ML, then the job
   market). A dimension's later actions count less (`NEXT_ACTION_FACTOR` each), so one
   need does not crowd out the others. Triggered actions jump ahead only when the rubric
   says so (`plan.triggered_first`).
4. Time: the 30-, 90- and 180-day windows are filled in that order within the student's
   hours a week; the first 30 days hold at most `plan.first_window_cap` actions. An
   action that fits nowhere goes to `later`, with the reason.

Every action says why it was chosen; every deferred one why it waits. Pure: no clock,
no files, no reportlab. Deterministic.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import Field

from careerkit.answers import Answers, format_answer, situation_answers
from careerkit.display import shown
from careerkit.rubric import (
    DEFAULT_EFFORT_HOURS,
    Action,
    Dimension,
    Model,
    Resource,
    Rubric,
    band_for,
    conditions_hold,
    conditions_of,
    empty_list,
)
from careerkit.scoring import Contribution, DimensionScore, Scorecard
from careerkit.textwidth import clip

__all__ = [
    "HORIZONS",
    "MAX_PER_DIMENSION",
    "ActionPlan",
    "Budget",
    "DimensionPlan",
    "HorizonGroup",
    "PlannedAction",
    "Priority",
    "SituationLine",
    "build_plan",
    "chosen_action_ids",
    "effort_of",
    "horizon_bucket",
    "hours_text",
    "per_week",
    "sentence",
]

MAX_PER_DIMENSION = 2
HORIZONS: tuple[int, ...] = (30, 90, 180)
WINDOW_START = {30: 0, 90: 30, 180: 90}
HORIZON_LABELS = {30: "Next 30 days", 90: "Days 31 to 90", 180: "Days 91 to 180 and beyond"}
NEXT_ACTION_FACTOR = 0.6  # a dimension's 2nd action counts 0.6 of its 1st, the 3rd 0.36
TIER_BONUS = 0.5  # the rubric's first-ranked dimensions weigh up to 1.5x its last


class PlannedAction(Model):
    """One chosen action, with why it was chosen and where it sits in the plan."""

    number: str = Field(description='"2.1": dimension 2 in rubric order, its first action.')
    step: int = Field(description="Position in the timeline, from 1 (0: in the Later list).")
    dimension_id: str
    dimension_title: str
    action_id: str
    title: str
    do: str
    outcome: str
    horizon_days: int
    horizon: int = Field(description="Window: 30, 90 or 180 (180 and beyond); 0 for later.")
    due_days: int = Field(description="Days from the answers to the due date.")
    effort_hours: float = Field(description="Estimated hours of work.")
    effort_assumed: bool = Field(False, description="The rubric gave no estimate.")
    caveat: str | None = None
    resources: list[Resource] = Field(default_factory=empty_list)
    trigger: Literal["answer", "band"]
    triggered_by: list[str] = Field(
        default_factory=empty_list, description="Question ids whose answers chose this action."
    )
    reason: str = Field(description="Why this action, in one sentence the student reads.")
    wait_reason: str | None = Field(None, description="Why it waits: in the Later list, or "
                                    "planned in a window after its own horizon.")
    priority: float = Field(description="Urgency of the dimension x the rank factor.")


class DimensionPlan(Model):
    """A dimension's part of the plan: its score, what moved it, and its actions."""

    number: int = Field(description="Position in the rubric, from 1.")
    dimension_id: str
    title: str
    score: float | None
    band: str | None
    band_label: str | None
    raised_by: list[Contribution] = Field(
        default_factory=empty_list, description="Answers above the midpoint (score > 0.5)."
    )
    lowered_by: list[Contribution] = Field(
        default_factory=empty_list, description="Answers below the midpoint (score < 0.5)."
    )
    actions: list[PlannedAction] = Field(default_factory=empty_list)


class HorizonGroup(Model):
    days: int
    label: str
    actions: list[PlannedAction]
    hours: float = Field(0.0, description="Hours the window's actions take.")
    budget_hours: float = Field(0.0, description="Hours the student has in the window.")


class Priority(Model):
    """One of the top priorities on the summary page, as one sentence."""

    number: str
    dimension_id: str
    action_id: str
    sentence: str


class Budget(Model):
    hours_per_week: float
    assumed: bool = Field(description="No answer: the rubric's default was used.")
    first_window_cap: int


class SituationLine(Model):
    """One context answer as the plan used it."""

    question_id: str
    question: str
    answer: str
    assumed: bool = Field(description="Not answered: the rubric's default was used.")


class ActionPlan(Model):
    dimensions: list[DimensionPlan]
    timeline: list[HorizonGroup] = Field(description="Non-empty windows, soonest first.")
    top_priorities: list[Priority] = Field(description="At most three, from distinct "
                                           "dimensions where possible.")
    later: list[PlannedAction] = Field(default_factory=empty_list,
                                       description="Chosen, but waiting: each says why.")
    budget: Budget
    situation: list[SituationLine] = Field(default_factory=empty_list)
    context_note: str | None = Field(None, description="Said when context answers are "
                                     "missing and defaults were used.")

    @property
    def actions(self) -> list[PlannedAction]:
        """Every scheduled action in timeline order (the Later list apart)."""
        return [action for group in self.timeline for action in group.actions]


def horizon_bucket(days: int) -> int:
    """The window of an action due in `days`: 30, 90 or 180 (and beyond)."""
    for limit in HORIZONS[:-1]:
        if days <= limit:
            return limit
    return HORIZONS[-1]


# -- the core: choose, rank, fit --------------------------------------------------------------


@dataclass
class _Pick:
    action: Action
    dimension: Dimension
    position: int  # the dimension's place in the rubric, from 1
    index: int  # the action's place among its dimension's picks, from 0
    triggered: bool
    urgency: float
    rank: float = 0.0
    window: int = 0  # 0: later
    due_days: int = 0
    wait_reason: str = ""


@dataclass
class _Fitted:
    picks: list[_Pick]  # every pick, ranked
    hours_per_week: float
    hours_assumed: bool
    used: dict[int, float] = field(default_factory=dict)
    capacity: dict[int, float] = field(default_factory=dict)


def _fit(scores: Mapping[str, float | None], rubric: Rubric, given: Mapping[str, Any],
         assumed: list[str]) -> _Fitted:
    picks = _choose(scores, rubric, given)
    _rank(picks, rubric)
    hours, hours_assumed = _hours_per_week(rubric, given, assumed)
    fitted = _Fitted(picks, hours, hours_assumed)
    _schedule(fitted, rubric.plan.first_window_cap)
    return fitted


def _choose(scores: Mapping[str, float | None], rubric: Rubric, given: Mapping[str, Any]
            ) -> list[_Pick]:
    """Per dimension in rubric order, the actions chosen (replacements and twins dropped)."""
    context = rubric.context_ids()
    offered: list[tuple[int, Dimension, float, list[tuple[Action, bool]]]] = []
    for position, dimension in enumerate(rubric.dimensions, start=1):
        score = scores.get(dimension.id)
        weight = rubric.weight_of(dimension, given)
        gap = (100.0 - score) * weight if score is not None else 0.0
        band_id = band_for(rubric.bands_for(dimension), score).id if score is not None else None
        offered.append((position, dimension, gap,
                        _candidates(dimension, band_id, given, context)))
    replaced = {target for *_, candidates in offered for action, _ in candidates
                for target in action.replace}
    seen: set[str] = set()
    picks: list[_Pick] = []
    for position, dimension, gap, candidates in offered:
        index = 0
        for action, triggered in candidates:
            keys = {f"id:{action.id}", f"title:{_norm(action.title)}",
                    f"outcome:{_norm(action.outcome)}"}
            if action.id in replaced or keys & seen:
                continue
            if index >= MAX_PER_DIMENSION:
                break
            seen |= keys
            picks.append(_Pick(action, dimension, position, index, triggered, gap))
            index += 1
    return picks


def _norm(text: str) -> str:
    return " ".join(text.casefold().replace(".", " ").split())


def _candidates(dimension: Dimension, band_id: str | None, given: Mapping[str, Any],
                context: set[str]) -> list[tuple[Action, bool]]:
    """(action, chosen-by-an-answer) in the order they are offered: triggered first.

    An action with both `when` and `bands` needs both to hold. A `when` that looks only
    at context questions limits a band action to a situation; it does not trigger it.
    """
    triggered: list[tuple[Action, bool]] = []
    by_band: list[tuple[Action, bool]] = []
    for action in dimension.actions:
        in_band = band_id is not None and band_id in action.bands
        if action.when is not None and not conditions_hold(action.when, given):
            continue
        answer_trigger = any(c.question not in context for c in conditions_of(action.when))
        if answer_trigger and (not action.bands or in_band):
            triggered.append((action, True))
        elif not answer_trigger and in_band:
            by_band.append((action, False))
    return triggered + by_band


def _tiers(rubric: Rubric) -> dict[str, float]:
    """Each dimension's rank factor from `plan.priority`: 1 + TIER_BONUS for the first
    tier down to 1 for dimensions not listed."""
    tiers = rubric.plan.priority
    count = len(tiers)
    factors: dict[str, float] = {}
    for t, entry in enumerate(tiers):
        for dimension_id in entry if isinstance(entry, list) else [entry]:
            factors[dimension_id] = 1.0 + TIER_BONUS * (count - t) / count
    return factors


def _rank(picks: list[_Pick], rubric: Rubric) -> None:
    factors = _tiers(rubric)
    jump = rubric.plan.triggered_first
    for pick in picks:
        pick.rank = (pick.urgency * factors.get(pick.dimension.id, 1.0)
                     * NEXT_ACTION_FACTOR ** pick.index)
    picks.sort(key=lambda p: (0 if jump and p.triggered else 1, -round(p.rank, 9),
                              p.position, p.index))


def _hours_per_week(rubric: Rubric, given: Mapping[str, Any], assumed: list[str]
                    ) -> tuple[float, bool]:
    settings = rubric.plan
    question_id = settings.hours_question
    if question_id is not None:
        value = given.get(question_id)
        if isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0:
            return float(value), question_id in assumed
    return settings.default_hours_per_week, True


def effort_of(action: Action) -> float:
    return action.effort_hours if action.effort_hours is not None else DEFAULT_EFFORT_HOURS


def _schedule(fitted: _Fitted, cap: int) -> None:
    """Place each pick, in rank order, in the first window from its own that has room."""
    weekly = fitted.hours_per_week
    fitted.capacity = {w: weekly * (w - WINDOW_START[w]) / 7 for w in HORIZONS}
    fitted.used = dict.fromkeys(HORIZONS, 0.0)
    counts = dict.fromkeys(HORIZONS, 0)
    for pick in fitted.picks:
        effort = effort_of(pick.action)
        natural = horizon_bucket(pick.action.horizon_days)
        blocked_by_cap = False
        for window in HORIZONS[HORIZONS.index(natural):]:
            if window == HORIZONS[0] and counts[window] >= cap:
                blocked_by_cap = True
                continue
            if fitted.used[window] + effort <= fitted.capacity[window] + 1e-9:
                if window != natural:
                    pick.wait_reason = _moved_reason(effort, weekly, fitted, natural, window,
                                                     cap, blocked_by_cap)
                fitted.used[window] += effort
                counts[window] += 1
                pick.window = window
                days = pick.action.horizon_days
                pick.due_days = days if window == natural else min(
                    window, WINDOW_START[window] + days)
                break
        else:
            pick.wait_reason = _wait_reason(effort, weekly, fitted, natural, cap,
                                            blocked_by_cap)


def _window_name(window: int) -> str:
    return "the first 30 days" if window == HORIZONS[0] else (
        f"days {WINDOW_START[window] + 1}–{window}")


def _moved_reason(effort: float, weekly: float, fitted: _Fitted, natural: int, window: int,
                  cap: int, blocked_by_cap: bool) -> str:
    """Why an action sits in a window after its own horizon (before it is counted there)."""
    skipped = HORIZONS[HORIZONS.index(natural):HORIZONS.index(window)]
    parts = []
    if blocked_by_cap:
        parts.append(f"the first 30 days already hold {cap} actions, the most this plan gives")
        skipped = tuple(w for w in skipped if w != HORIZONS[0])
    left = {w: hours_text(max(0.0, fitted.capacity[w] - fitted.used[w])) for w in skipped}
    if len(skipped) == 1 and not blocked_by_cap:
        [w] = skipped
        parts.append(f"it needs about {hours_text(effort)} h, and the higher-priority actions "
                     f"leave {left[w]} h of the {hours_text(fitted.capacity[w])} h that "
                     f"{per_week(weekly)} give there")
    elif skipped:
        spare = " and ".join(f"{left[w]} h in {_window_name(w)}" for w in skipped)
        parts.append(f"it needs about {hours_text(effort)} h, and the higher-priority actions "
                     f"leave {spare}, at {per_week(weekly)}")
    return (f"Planned for {_window_name(window)}, not {_window_name(natural)}: "
            + "; ".join(parts) + ".")


def _wait_reason(effort: float, weekly: float, fitted: _Fitted, natural: int, cap: int,
                 blocked_by_cap: bool) -> str:
    hours = per_week(weekly)
    if effort > max(fitted.capacity.values()) + 1e-9:
        return (f"It needs about {hours_text(effort)} h, more than any window holds at "
                f"{hours}; split it, or come back to it when you have more time.")
    left = [f"{hours_text(max(0.0, fitted.capacity[w] - fitted.used[w]))} h left in "
            f"{'the first 30 days' if w == 30 else f'days {WINDOW_START[w] + 1}–{w}'}"
            for w in HORIZONS[HORIZONS.index(natural):]]
    base = (f"It needs about {hours_text(effort)} h, and your {hours} go to the "
            f"higher-priority actions first ({'; '.join(left)}).")
    if blocked_by_cap:
        base += f" The first 30 days already hold {cap} actions, the most a plan gives."
    return base + " Start it when one of them is done."


def per_week(hours: float) -> str:
    """`4 hours a week`, `1 hour a week`."""
    return f"{hours_text(hours)} hour{'' if hours == 1 else 's'} a week"


def hours_text(value: float) -> str:
    """Hours as the plan prints them: `2`, `2.5`, `17.1`."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


# -- building the plan --------------------------------------------------------------------------


def build_plan(scorecard: Scorecard, rubric: Rubric, answers: Answers) -> ActionPlan:
    """Choose, order and fit the actions for one student. Deterministic."""
    given, assumed = situation_answers(rubric, answers.answers)
    scores = {k: d.score for k, d in scorecard.dimensions.items()}
    fitted = _fit(scores, rubric, given, assumed)
    index = rubric.question_index()
    context = rubric.context_ids()
    numbers: dict[str, str] = {}
    for pick in sorted(fitted.picks, key=lambda p: (p.position, p.index)):
        numbers[pick.action.id] = f"{pick.position}.{pick.index + 1}"
    planned = {
        pick.action.id: _planned(pick, numbers[pick.action.id], rubric, index, context,
                                 given, scorecard.dimensions.get(pick.dimension.id))
        for pick in fitted.picks
    }
    timeline = _timeline(fitted, planned)
    later = [planned[p.action.id] for p in fitted.picks if p.window == 0]
    plans = [
        _dimension_plan(position, dimension, scorecard.dimensions.get(dimension.id),
                        [planned[p.action.id] for p in fitted.picks
                         if p.dimension is dimension and p.window])
        for position, dimension in enumerate(rubric.dimensions, start=1)
    ]
    for plan in plans:
        plan.actions.sort(key=lambda a: a.number)
    situation = [
        SituationLine(question_id=q.id, question=q.text, answer=format_answer(
            rubric, q, given.get(q.id)) if given.get(q.id) is not None else "Not answered",
                      assumed=q.id in assumed)
        for q in (rubric.context.questions if rubric.context is not None else [])
        if q.id in given or q.id in assumed
    ]
    return ActionPlan(
        dimensions=plans,
        timeline=timeline,
        top_priorities=_top_priorities([planned[p.action.id] for p in fitted.picks
                                        if p.window]),
        later=later,
        budget=Budget(hours_per_week=fitted.hours_per_week, assumed=fitted.hours_assumed,
                      first_window_cap=rubric.plan.first_window_cap),
        situation=situation,
        context_note=_context_note(rubric, assumed),
    )


def _context_note(rubric: Rubric, assumed: list[str]) -> str | None:
    if rubric.context is None or not assumed:
        return None
    every = len(assumed) == len(rubric.context.questions)
    if every:
        return ("These answers say nothing about your situation (they were made before "
                "the rubric asked about it), so the plan assumes the rubric's defaults. "
                "Take the quiz again to fit it to you.")
    many = len(assumed) != 1
    return (f"{len(assumed)} question{'s' if many else ''} about your situation "
            f"{'were' if many else 'was'} not answered; the plan assumes the rubric's "
            "defaults there.")


def chosen_action_ids(scores: Mapping[str, float | None], rubric: Rubric,
                      answers: Answers) -> list[str]:
    """The ids of the actions `build_plan` schedules, from the dimension scores alone,
    without building the plan: what a cohort of thousands of students needs."""
    given, assumed = situation_answers(rubric, answers.answers)
    fitted = _fit(scores, rubric, given, assumed)
    return [p.action.id for p in fitted.picks if p.window]


def _planned(pick: _Pick, number: str, rubric: Rubric, index: Mapping[str, Any],
             context: set[str], given: Mapping[str, Any], scored: DimensionScore | None
             ) -> PlannedAction:
    action = pick.action
    conditions = conditions_of(action.when)
    return PlannedAction(
        number=number,
        step=0,
        dimension_id=pick.dimension.id,
        dimension_title=pick.dimension.title,
        action_id=action.id,
        title=action.title,
        do=action.do,
        outcome=action.outcome,
        horizon_days=action.horizon_days,
        horizon=pick.window,
        due_days=pick.due_days or action.horizon_days,
        effort_hours=effort_of(action),
        effort_assumed=action.effort_hours is None,
        caveat=action.caveat,
        resources=list(action.resources),
        trigger="answer" if pick.triggered else "band",
        triggered_by=[c.question for c in conditions if c.question not in context]
        if pick.triggered else [],
        reason=_reason(rubric, index, action, pick.triggered, given, scored, context),
        wait_reason=pick.wait_reason or None,
        priority=round(pick.rank, 6),
    )


def _reason(
    rubric: Rubric,
    index: Mapping[str, Any],
    action: Action,
    triggered: bool,
    given: Mapping[str, Any],
    scored: DimensionScore | None,
    context: set[str],
) -> str:
    conditions = conditions_of(action.when)
    situation = [c for c in conditions if c.question in context]
    if triggered:
        parts = []
        for condition in conditions:
            if condition.question in context:
                continue
            question = index[condition.question]
            answer = format_answer(rubric, question, given.get(condition.question))
            parts.append(f"“{answer}” to “{clip(question.text, 90)}”")
        text = "Chosen because you answered " + " and ".join(parts) + "."
    else:
        assert scored is not None and scored.score is not None  # band actions need a score
        text = (f"Chosen because “{scored.title}” scored {shown(scored.score)}, in the band "
                f"“{scored.band_label}”.")
    if situation:
        facts = []
        for condition in situation:
            question = index[condition.question]
            facts.append(f"“{format_answer(rubric, question, given.get(condition.question))}”"
                         f" to “{clip(question.text, 60)}”")
        text += " It fits your situation: " + " and ".join(facts) + "."
    return text


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


def _timeline(fitted: _Fitted, planned: Mapping[str, PlannedAction]) -> list[HorizonGroup]:
    """Group by window, soonest first; within a window, by rank. Numbers the steps."""
    groups: list[HorizonGroup] = []
    step = 0
    for days in HORIZONS:
        members = []
        for pick in fitted.picks:
            if pick.window == days:
                step += 1
                action = planned[pick.action.id]
                action.step = step
                members.append(action)
        if members:
            groups.append(HorizonGroup(
                days=days, label=HORIZON_LABELS[days], actions=members,
                hours=round(fitted.used[days], 6), budget_hours=round(fitted.capacity[days], 6)))
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
        Priority(number=a.number, dimension_id=a.dimension_id, action_id=a.action_id,
                 sentence=sentence(a))
        for a in picks
    ]


def sentence(action: PlannedAction) -> str:
    """A priority as one sentence; the horizon is stated once, here (titles carry none)."""
    title = " ".join(action.title.split()).rstrip(".")
    outcome = " ".join(action.outcome.split()).rstrip(".")
    return (f"{title}, within {action.due_days} days (about {hours_text(action.effort_hours)} h)"
            f" — done when: {outcome}.")


