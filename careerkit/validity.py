"""Answers worth a second look: contradictions a rubric declares, and uniform responding.

Self-report can be gamed or rushed. None of this changes a score; the scorecard and the
PDF show what it finds as "worth a second look", so a student (or an advisor) can check.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from careerkit.answers import Answers, asked_questions, situation_answers
from careerkit.rubric import (
    LikertQuestion,
    Rubric,
    ScoredQuestion,
    SingleChoiceQuestion,
    conditions_hold,
)

if TYPE_CHECKING:
    from careerkit.scoring import SecondLook

__all__ = ["MIN_FOR_PATTERN", "second_looks"]

# Fewer answers than this say too little to call a pattern (a short rubric, a partial file).
MIN_FOR_PATTERN = 6


def second_looks(answers: Answers, rubric: Rubric) -> list[SecondLook]:
    """The rubric's consistency checks that hold, then uniform-responding patterns."""
    from careerkit.scoring import SecondLook, question_score

    given, _ = situation_answers(rubric, answers.answers)
    found = [SecondLook(id=check.id, message=check.message)
             for check in rubric.checks if conditions_hold(check.when, given)]
    context = rubric.context_ids()
    scored = [q for q in asked_questions(rubric, answers.answers)
              if isinstance(q, ScoredQuestion) and q.id not in context
              and given.get(q.id) is not None]
    positions: list[tuple[int, int]] = []  # (from the start, from the end) of each choice
    for question in scored:
        if isinstance(question, (LikertQuestion, SingleChoiceQuestion)):
            values = [o.value for o in rubric.options(question)]
            at = values.index(str(given[question.id]))
            positions.append((at, len(values) - 1 - at))
    if len(positions) >= MIN_FOR_PATTERN and (
        len({p[0] for p in positions}) == 1 or len({p[1] for p in positions}) == 1
    ):
        found.append(SecondLook(
            id="uniform",
            message=f"The same position was chosen on all {len(positions)} choice questions "
            "(for example, always the last option). If that is not how things really are, "
            "answer again: the plan can only fit what the answers say."))
    if len(scored) >= MIN_FOR_PATTERN:
        from careerkit.lint import question_range

        best = all(
            question_score(rubric, q, given[q.id]) >= question_range(rubric, q)[1] - 1e-9
            for q in scored)
        if best:
            found.append(SecondLook(
                id="top_everywhere",
                message=f"Every one of {len(scored)} scored answers got the highest score "
                "possible. That is rare; check that each describes what you have done, not "
                "what you would like to have done."))
    return found
