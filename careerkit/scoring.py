"""Answers + Rubric -> Scorecard, a pure function.

Each scored answer maps to 0..1 (reverse keying applied). A dimension's score is the
weighted mean of its answered questions x 100; the overall score is the weighted mean
of the dimensions that have a score. Every point is traced to the answer that earned
it: a dimension's contributions add up to its score.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import Field

from careerkit.answers import Answers, asked_questions, format_answer, situation_answers
from careerkit.rubric import (
    Dimension,
    Model,
    Rubric,
    ScoredQuestion,
    band_for,
    empty_list,
)
from careerkit.validity import SecondLook, second_looks

__all__ = [
    "NOT_ENOUGH",
    "Contribution",
    "Coverage",
    "DimensionScore",
    "Scorecard",
    "SecondLook",
    "question_score",
    "quick_scores",
    "score",
]


class Contribution(Model):
    """One answer's share of its dimension's score: the why-trail."""

    question_id: str
    question: str
    answer: str = Field(description="The answer as the student saw it.")
    value: float = Field(description="The answer's score 0..1, reverse keying applied.")
    weight: float
    points: float = Field(description="Points of the dimension's 0..100 score it earned.")
    max_points: float = Field(description="Points a best answer would have earned.")
    reverse: bool = False


class Coverage(Model):
    """Scored questions: asked = answered + skipped + missing."""

    asked: int = Field(description="Scored questions asked (conditions applied).")
    answered: int
    skipped: int = Field(description="Asked and answered with null (prefer not to answer).")
    missing: int = Field(0, description="Asked, but not in the answers file at all.")

    def note(self) -> str:
        """`` (2 skipped, 1 missing)`` after "Answered n of m", or nothing."""
        parts = [f"{self.skipped} skipped"] if self.skipped else []
        parts += [f"{self.missing} missing"] if self.missing else []
        return f" ({', '.join(parts)})" if parts else ""

    @property
    def share(self) -> float:
        return self.answered / self.asked if self.asked else 0.0


NOT_ENOUGH = "Not enough answers"


class DimensionScore(Model):
    id: str
    title: str
    weight: float = Field(description="The weight in this student's situation.")
    score: float | None = Field(description="0..100, or null when nothing (or fewer than "
                                "the dimension's `min_answered`) was answered.")
    band: str | None
    band_label: str | None
    coverage: Coverage
    contributions: list[Contribution]


class Scorecard(Model):
    rubric_id: str
    rubric_version: str
    rubric_sha256: str
    respondent: str
    overall: float | None
    band: str | None
    band_label: str | None
    coverage: Coverage
    dimensions: dict[str, DimensionScore] = Field(
        description="By dimension id, in the rubric's order."
    )
    second_looks: list[SecondLook] = Field(
        default_factory=empty_list, description="Answers worth a second look: contradictions "
        "and uniform responding. Never change a score.")


def question_score(rubric: Rubric, question: ScoredQuestion, value: Any) -> float:
    """The 0..1 score of a valid, non-null answer, reverse keying applied."""
    return question.score(value, rubric)


@dataclass
class _DimensionParts:
    """One dimension's answered questions with their 0..1 values, and the tally."""

    dimension: Dimension
    answered: list[tuple[ScoredQuestion, float]]
    tally: _Tally
    weight: float  # the dimension's weight in the student's situation

    @property
    def weights(self) -> float:
        return sum(q.weight for q, _ in self.answered)

    @property
    def enough(self) -> bool:
        """At least the dimension's `min_answered` scored answers (a validity guard)."""
        least = self.dimension.min_answered
        return least is None or len(self.answered) >= least

    @property
    def score(self) -> float | None:
        weights = self.weights
        if not weights or not self.enough:
            return None
        # Rounded so that float noise (39.99999999999999) never reaches a file or a band.
        return round(sum(100 * q.weight * value / weights for q, value in self.answered), 9)


def _parts(answers: Answers, rubric: Rubric) -> list[_DimensionParts]:
    """The arithmetic shared by `score` and `quick_scores`, so the two always agree."""
    given = answers.answers
    asked = {q.id for q in asked_questions(rubric, given)}
    situation, _ = situation_answers(rubric, given)
    parts = []
    for dimension in rubric.dimensions:
        answered: list[tuple[ScoredQuestion, float]] = []
        tally = _Tally()
        for question in rubric.scored_questions(dimension):
            if question.id not in asked:
                continue
            tally.asked += 1
            value = given.get(question.id)
            if value is None:
                if question.id in given:
                    tally.skipped += 1
                else:
                    tally.missing += 1
                continue
            answered.append((question, question.score(value, rubric)))
        tally.answered = len(answered)
        parts.append(_DimensionParts(dimension, answered, tally,
                                     rubric.weight_of(dimension, situation)))
    return parts


def _overall(scores: list[tuple[float, float | None]]) -> float | None:
    """Weighted mean of (weight, score) over the dimensions that have a score."""
    scored = [(w, s) for w, s in scores if s is not None and w > 0]
    weight_sum = sum(w for w, _ in scored)
    return round(sum(w * s for w, s in scored) / weight_sum, 9) if weight_sum else None


def quick_scores(answers: Answers, rubric: Rubric) -> tuple[float | None, dict[str, float | None]]:
    """The overall and per-dimension scores alone, without the why-trail: what a cohort
    of thousands of students needs. Always equal to `score`'s numbers."""
    parts = _parts(answers, rubric)
    scores = {p.dimension.id: p.score for p in parts}
    return _overall([(p.weight, scores[p.dimension.id]) for p in parts]), scores


def score(answers: Answers, rubric: Rubric) -> Scorecard:
    """Score answers that `check_answers` accepted. Deterministic: no clock, no randomness."""
    given = answers.answers
    index = rubric.question_index()
    dimensions: list[DimensionScore] = []
    total = _Tally()
    for part in _parts(answers, rubric):
        dimension, weights = part.dimension, part.weights
        contributions = [
            Contribution(
                question_id=q.id,
                question=q.text,
                answer=format_answer(rubric, index[q.id], given[q.id]),
                value=value,
                weight=q.weight,
                points=100 * q.weight * value / weights if weights else 0.0,
                max_points=100 * q.weight / weights if weights else 0.0,
                reverse=q.reverse,
            )
            for q, value in part.answered
        ]
        dimension_score = part.score
        band = (
            band_for(rubric.bands_for(dimension), dimension_score)
            if dimension_score is not None
            else None
        )
        dimensions.append(
            DimensionScore(
                id=dimension.id,
                title=dimension.title,
                weight=part.weight,
                score=dimension_score,
                band=band.id if band else None,
                band_label=band.label if band else (None if part.enough else NOT_ENOUGH),
                coverage=part.tally.coverage(),
                contributions=contributions,
            )
        )
        total.add(part.tally)
    overall = _overall([(d.weight, d.score) for d in dimensions])
    overall_band = band_for(rubric.bands, overall) if overall is not None else None
    return Scorecard(
        rubric_id=rubric.id,
        rubric_version=rubric.version,
        rubric_sha256=rubric.sha256,
        respondent=answers.respondent,
        overall=overall,
        band=overall_band.id if overall_band else None,
        band_label=overall_band.label if overall_band else None,
        coverage=total.coverage(),
        dimensions={d.id: d for d in dimensions},
        second_looks=second_looks(answers, rubric),
    )


class _Tally:
    def __init__(self) -> None:
        self.asked = self.answered = self.skipped = self.missing = 0

    def add(self, other: _Tally) -> None:
        self.asked += other.asked
        self.answered += other.answered
        self.skipped += other.skipped
        self.missing += other.missing

    def coverage(self) -> Coverage:
        return Coverage(asked=self.asked, answered=self.answered, skipped=self.skipped,
                        missing=self.missing)
