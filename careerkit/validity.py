"""Answers worth a second look: contradictions a rubric declares, and uniform responding.

Self-report can be gamed or rushed. None of this changes a score; the scorecard and the
PDF show what it finds as "worth a second look", so a student (or an advisor) can check.
"""

from __future__ import annotations

from pydantic import Field

from careerkit.answers import Answers, asked_questions, situation_answers
from careerkit.rubric import (
    Model,
    Rubric,
    conditions_hold,
)

__all__ = ["MIN_FOR_PATTERN", "SecondLook", "second_looks"]

# Fewer answers than this say too little to call a pattern (a short rubric, a partial file).
MIN_FOR_PATTERN = 6


class SecondLook(Model):
    """Something in the answers worth a second look (never changes a score)."""

    id: str = Field(description="The rubric's check id, or `uniform` / `top_everywhere`.")
    message: str


def second_looks(answers: Answers, rubric: Rubric) -> list[SecondLook]:
    """The rubric's consistency checks that hold, then uniform-responding patterns."""
    given, _ = situation_answers(rubric, answers.answers)
    found = [SecondLook(id=check.id, message=check.message)
             for check in rubric.checks if conditions_hold(check.when, given)]
    asked = {q.id for q in asked_questions(rubric, answers.answers)}
    scored = [q for dimension in rubric.dimensions for q in rubric.scored_questions(dimension)
              if q.id in asked and given.get(q.id) is not None]
    positions: list[tuple[int, int]] = []  # (from the start, from the end) of each choice
    for question in scored:
        position = question.choice_position(given[question.id], rubric)
        if position is not None:
            positions.append(position)
    if len(positions) >= MIN_FOR_PATTERN and (
        len({p[0] for p in positions}) == 1 or len({p[1] for p in positions}) == 1
    ):
        found.append(SecondLook(
            id="uniform",
            message=f"The same position was chosen on all {len(positions)} choice questions "
            "(for example, always the last option). If that is not how things really are, "
            "answer again: the plan can only fit what the answers say."))
    if len(scored) >= MIN_FOR_PATTERN:
        best = all(
            q.score(given[q.id], rubric) >= q.score_range(rubric)[1] - 1e-9
            for q in scored)
        if best:
            found.append(SecondLook(
                id="top_everywhere",
                message=f"Every one of {len(scored)} scored answers got the highest score "
                "possible. That is rare; check that each describes what you have done, not "
                "what you would like to have done."))
    return found
