"""The next conversation with the advisor: what the plan's advisor page puts on the table.

The top three priorities, each with two or three questions to talk over, written in the
rubric (`advisor_prompts` on the action, else on its dimension) or, where the rubric has
none, general ones about fit, the bar for "done" and room in the week; every scheduled
action, for an "agreed / not now" tick; and the date of the next review (`plan.
retake_days` after the answers). Pure: no clock, no files, no reportlab.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from careerkit.dates import days_after
from careerkit.plan import ActionPlan, PlannedAction
from careerkit.rubric import Rubric

__all__ = ["GENERAL_PROMPTS", "AdvisorAgenda", "AgendaItem", "advisor_agenda"]

PRIORITIES = 3
# Used when the rubric gives no prompt for an action or its dimension.
GENERAL_PROMPTS = (
    "Is this the right step for me now, given my thesis and its timeline?",
    "Is the outcome the right bar for done, or would you set another?",
    "What should I stop doing, or ask for help with, to make room for it?",
)


@dataclass(frozen=True)
class AgendaItem:
    action: PlannedAction
    prompts: list[str]
    from_rubric: bool  # False: the general prompts stood in


@dataclass(frozen=True)
class AdvisorAgenda:
    priorities: list[AgendaItem]
    actions: list[PlannedAction]  # every scheduled action, in timeline order
    review: date  # the next review: the answers' day + the rubric's retake interval
    extra_prompts: list[str] = field(default_factory=list)  # e.g. from an advisor's rating


def advisor_agenda(plan: ActionPlan, rubric: Rubric, taken: date) -> AdvisorAgenda:
    """What to bring to the advisor: the top priorities with their prompts."""
    actions = {a.id: a for d in rubric.dimensions for a in d.actions}
    dimensions = {d.id: d for d in rubric.dimensions}
    by_id = {a.action_id: a for a in plan.actions}
    items = []
    for priority in plan.top_priorities[:PRIORITIES]:
        planned = by_id.get(priority.action_id)
        if planned is None:
            continue
        own = list(actions[planned.action_id].advisor_prompts) if planned.action_id in \
            actions else []
        dimension = dimensions.get(planned.dimension_id)
        prompts = own or (list(dimension.advisor_prompts) if dimension else [])
        from_rubric = bool(prompts)
        if len(prompts) < 2:  # two at least: fill from the general ones
            prompts += [p for p in GENERAL_PROMPTS if p not in prompts][: 2 - len(prompts)]
        items.append(AgendaItem(planned, prompts[:3], from_rubric))
    return AdvisorAgenda(priorities=items, actions=plan.actions,
                         review=days_after(taken, rubric.plan.retake_days))
