"""The advisor's view: one rating per dimension on the rubric's own bands, beside the
student's score.

A rating file is pinned to the rubric like an answers file, and names the student it
rates (so that it is never shown beside someone else's plan)::

    careerkit_rating: 1
    rubric: {id: ml-phd-career, version: 1.0.0, sha256: ...}
    student: Zoë Example
    rater: Prof. Ada
    rated_at: 2026-03-02T10:00:00+00:00
    ratings:
      llm_literacy: {band: building, note: Reads a lot; depth in one topic still to come.}
      job_market: {band: starting}

It is untrusted input, checked like any: every problem is `FILE:LINE: where: what`.
The comparison is by band: the student's band (from the score) against the advisor's,
and the largest gaps become questions for the meeting.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import BeforeValidator, Field, ValidationError, field_validator

from careerkit.answers import Answers, RubricPin, now, pin, respondent_key
from careerkit.errors import Problem, ValidationFailed
from careerkit.quiz import Back, Progress, QuestionPrompt, Stop
from careerkit.rubric import (
    Model,
    Option,
    Rubric,
    SingleChoiceQuestion,
    TextQuestion,
    pydantic_problems,
)
from careerkit.safetext import text_problem
from careerkit.scoring import Scorecard
from careerkit.yamlio import dump_yaml, load_yaml_file

if TYPE_CHECKING:
    from careerkit.quiz import Frontend, QuestionPrompt
    from careerkit.rubric import Dimension

__all__ = ["BandGap", "DimensionRating", "Rating", "RatingStopped", "band_gaps",
           "gap_prompts", "load_rating", "rating_to_yaml", "run_rating"]

MAX_NOTE = 500


def _as_text(value: object) -> object:
    return value if not isinstance(value, (int, float)) or isinstance(value, bool) \
        else str(value)


def _one_line(value: str) -> str:
    problem = text_problem(value, multiline=True)
    if problem is not None:
        raise ValueError(problem)
    return " ".join(value.split())


Words = Annotated[str, BeforeValidator(_as_text), Field(max_length=MAX_NOTE)]


class DimensionRating(Model):
    band: Annotated[str, BeforeValidator(_as_text), Field(min_length=1, max_length=64)]
    note: Words | None = None

    @field_validator("note")
    @classmethod
    def _safe(cls, value: str | None) -> str | None:
        return None if value is None else _one_line(value) or None


class Rating(Model):
    careerkit_rating: Literal[1] = Field(1, description="Format version of this file.")
    rubric: RubricPin
    student: Annotated[str, BeforeValidator(_as_text), Field(max_length=200)]
    rater: Annotated[str, BeforeValidator(_as_text), Field(max_length=200)] = ""
    rated_at: datetime | None = None
    ratings: dict[str, DimensionRating] = Field(default_factory=dict)

    @field_validator("student", "rater")
    @classmethod
    def _safe_name(cls, value: str) -> str:
        problem = text_problem(value, multiline=False)
        if problem is not None:
            raise ValueError(problem)
        return value.strip()


def rating_to_yaml(rating: Rating) -> str:

    data = rating.model_dump(mode="json", exclude_none=True)
    return ("# careerkit advisor rating: show it beside the plan with "
            "`careerkit report ANSWERS --rating FILE`.\n" + dump_yaml(data))


def load_rating(path: Path, rubric: Rubric, answers: Answers) -> Rating:
    """Read a rating file and check it against the rubric and the answers it is shown
    with: another rubric, another student or a band the dimension does not have is a
    `ValidationFailed` naming FILE:LINE."""

    doc = load_yaml_file(path, what="rating file")
    if not isinstance(doc.data, Mapping):
        raise ValidationFailed([Problem(path, 1, (), "a rating file is a mapping with "
                                        "rubric, student and ratings; see careerkit rate")])
    try:
        rating = Rating.model_validate(doc.data)
    except ValidationError as exc:
        raise ValidationFailed(pydantic_problems(doc, exc)) from None
    problems: list[Problem] = []
    pinned = rating.rubric
    if (pinned.id, pinned.version) != (rubric.id, rubric.version):
        problems.append(doc.problem(("rubric",), f"this rating is for {pinned.id} "
                                    f"{pinned.version}, the answers for {rubric.id} "
                                    f"{rubric.version}; rate these answers with careerkit "
                                    "rate"))
    if respondent_key(rating.student) != respondent_key(answers.respondent):
        problems.append(doc.problem(("student",), "this rating is of another student "
                                    "than these answers; give the rating made for them"))
    dimensions = {d.id: d for d in rubric.dimensions}
    for dimension_id, given in rating.ratings.items():
        dimension = dimensions.get(dimension_id)
        if dimension is None:
            problems.append(doc.problem(("ratings", dimension_id), "no such dimension in "
                                        f"{rubric.id} {rubric.version}"))
            continue
        bands = [b.id for b in rubric.bands_for(dimension)]
        if given.band not in bands:
            problems.append(doc.problem(("ratings", dimension_id, "band"),
                                        f"{given.band!r} is not a band of this dimension; "
                                        f"use one of {', '.join(bands)}"))
    if problems:
        raise ValidationFailed(problems)
    return rating


@dataclass(frozen=True)
class BandGap:
    dimension_id: str
    title: str
    student_band: str | None  # label
    student_score: float | None
    advisor_band: str | None  # label; None: not rated
    note: str | None
    gap: int | None  # bands between the two (student minus advisor); None: no comparison


def band_gaps(scorecard: Scorecard, rubric: Rubric, rating: Rating) -> list[BandGap]:
    """Per dimension in rubric order: the student's band, the advisor's, and the gap."""
    out = []
    for dimension in rubric.dimensions:
        scored = scorecard.dimensions.get(dimension.id)
        bands = rubric.bands_for(dimension)
        ids = [b.id for b in bands]
        labels = {b.id: b.label for b in bands}
        given = rating.ratings.get(dimension.id)
        mine = scored.band if scored is not None else None
        gap = (ids.index(mine) - ids.index(given.band)
               if given is not None and mine in ids and given.band in ids else None)
        out.append(BandGap(
            dimension_id=dimension.id, title=dimension.title,
            student_band=labels.get(mine or "") if mine else None,
            student_score=scored.score if scored is not None else None,
            advisor_band=labels.get(given.band) if given is not None else None,
            note=given.note if given is not None else None, gap=gap))
    return out


def gap_prompts(gaps: list[BandGap], limit: int = 3) -> list[str]:
    """The largest gaps, largest first, as questions for the meeting."""
    wide = sorted((g for g in gaps if g.gap), key=lambda g: -abs(g.gap or 0))[:limit]
    prompts = []
    for gap in wide:
        if (gap.gap or 0) > 0:
            prompts.append(f"{gap.title}: my answers put me in “{gap.student_band}”, you "
                           f"see “{gap.advisor_band}”. What do you see that I do not?")
        else:
            prompts.append(f"{gap.title}: you see “{gap.advisor_band}”, my answers put me "
                           f"in “{gap.student_band}”. What have I done that I am not "
                           "counting?")
    return prompts


# -- asking the advisor ------------------------------------------------------------------------


class RatingStopped(Exception):
    """The advisor stopped before the end: nothing is saved."""


def run_rating(ui: Frontend, rubric: Rubric, answers: Answers, *, rater: str = "",
               when: datetime | None = None) -> Rating:
    """Ask one rating per dimension (the rubric's bands; skippable) and an optional note,
    through the quiz's front end. The student's scores are not shown: the advisor's view
    is asked for on its own."""

    student = answers.respondent.strip()
    count = len(rubric.dimensions)
    ratings: dict[str, DimensionRating] = {}
    position = 0
    try:
        while position < count:
            dimension = rubric.dimensions[position]
            reply = ui.ask(_band_prompt(rubric, dimension, student, position, count))
            if isinstance(reply, Back):
                position = max(position - 1, 0)
                continue
            if not isinstance(reply, str):
                ratings.pop(dimension.id, None)
                position += 1
                continue
            note = ui.ask(_note_prompt(rubric, dimension, position, count))
            if isinstance(note, Back):
                continue
            try:
                words = _one_line(note) if isinstance(note, str) else ""
            except ValueError as exc:
                ui.notify(f"That note {exc}.")
                continue
            ratings[dimension.id] = DimensionRating(band=reply, note=words or None)
            position += 1
    except (Stop, KeyboardInterrupt, EOFError):
        raise RatingStopped from None

    return Rating(rubric=pin(rubric), student=student, rater=rater.strip(),
                  rated_at=when or now(), ratings=ratings)


def _band_prompt(rubric: Rubric, dimension: Dimension, student: str, position: int,
                 count: int) -> QuestionPrompt:

    options = [Option(value=band.id, label=band.label, score=0.0)
               for band in rubric.bands_for(dimension)]
    who = student or "the student"
    question = SingleChoiceQuestion(
        id=f"rate_{position + 1}", type="single", options=options,
        text=f"Where would you place {who} on “{dimension.title}”?",
        help=dimension.summary or dimension.why)
    return QuestionPrompt(
        question=question, dimension=dimension, options=tuple(options),
        progress=Progress(number=position + 1, total=count, section=position + 1,
                          sections=count, answered=position),
        has_previous=False, previous=None, can_go_back=position > 0, new_section=False)


def _note_prompt(rubric: Rubric, dimension: Dimension, position: int, count: int
                 ) -> QuestionPrompt:

    question = TextQuestion(
        id=f"rate_{position + 1}_note", type="text", max_length=MAX_NOTE, multiline=False,
        text=f"A note on “{dimension.title}” for the student (optional)",
        help="What you see that the answers may not: a strength, a gap, a next step.")
    return QuestionPrompt(
        question=question, dimension=dimension, options=(),
        progress=Progress(number=position + 1, total=count, section=position + 1,
                          sections=count, answered=position),
        has_previous=False, previous=None, can_go_back=True, new_section=False)
