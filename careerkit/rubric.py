"""The rubric: what a rubric file may say, and loading + validating one.

A rubric is read in two passes so that an advisor sees every mistake at once:
pydantic checks the shape of everything (types, unknown keys, ranges), then
`check_rubric` checks what refers to what (ids, conditions, bands, actions).
"""

from __future__ import annotations

import itertools
import math
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    model_validator,
)

from careerkit.display import shown
from careerkit.errors import InputError, Problem, ValidationFailed
from careerkit.safetext import text_problem
from careerkit.yamlio import YamlDocument, YamlFloat, YamlInt, as_core_schema

__all__ = [
    "CONTEXT_ID",
    "DEFAULT_BANDS",
    "DEFAULT_EFFORT_HOURS",
    "DEFAULT_RUBRIC",
    "Action",
    "AnswerBound",
    "Band",
    "Condition",
    "ConsistencyCheck",
    "ContextSection",
    "ContextWeight",
    "Dimension",
    "Option",
    "PlanSettings",
    "Question",
    "Quote",
    "Rubric",
    "band_for",
    "bundled_rubrics",
    "check_rubric",
    "find_rubric",
    "load_rubric",
    "rubric_from_document",
    "shown",
]

DEFAULT_RUBRIC = "ml-phd-career"
CONTEXT_ID = "context"  # the id of the context section when it is walked as a section
MAX_TEXT = 20_000


def _as_text(value: Any) -> Any:
    """Text fields take a number back as the text it was written as (``1.10`` stays so)."""
    if isinstance(value, (YamlInt, YamlFloat)):
        return value.source
    return value


def _no_control_characters(value: str) -> str:
    """Rubrics travel between departments: no text in one may carry terminal control
    codes, bidi overrides or lone surrogates (see careerkit.safetext)."""
    problem = text_problem(value)
    if problem:
        raise ValueError(problem)
    return value


SafeText = AfterValidator(_no_control_characters)
Text = Annotated[str, BeforeValidator(_as_text), Field(min_length=1, max_length=MAX_TEXT),
                 SafeText]
MaybeEmptyText = Annotated[str, BeforeValidator(_as_text), Field(max_length=MAX_TEXT), SafeText]
# Field before BeforeValidator: pydantic leaves a pattern out of the JSON Schema when a
# before-validator comes first, and editors would then accept ids that validation refuses.
Identifier = Annotated[
    str,
    Field(
        pattern=r"^[a-z][a-z0-9_-]{0,63}$",
        description="lower-case letters, digits, '_' or '-', starting with a letter",
        examples=["llm_literacy", "papers-read"],
    ),
    BeforeValidator(_as_text),
]
MAX_WEIGHT = 1e6
MIN_WEIGHT = 1e-6


def _sensible_weight(value: float) -> float:
    # Weights outside this range validate as numbers but break the arithmetic: 1e308
    # overflows a weighted sum to inf (and the score to NaN), 1e-320 loses precision.
    if value != 0 and value < MIN_WEIGHT:
        raise ValueError(f"a weight above 0 must be at least {MIN_WEIGHT:.6f}; use 0 to leave "
                         "it out of the score (only the ratios between weights matter)")
    return value


Weight = Annotated[
    float,
    Field(ge=0, le=MAX_WEIGHT, allow_inf_nan=False, examples=[1, 2.5, 0]),
    AfterValidator(_sensible_weight),
]
Score01 = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]
Number = Annotated[float, Field(allow_inf_nan=False)]
AnswerValue = bool | int | float | str
ContextValue = bool | int | float | str | list[str]


class Model(BaseModel):
    # defer_build: a model's validator is built when first used, so a command pays only for
    # the models it touches.
    model_config = ConfigDict(extra="forbid", populate_by_name=True, defer_build=True)


class Option(Model):
    """One choice of a Likert, single- or multiple-choice question."""

    value: Identifier = Field(description="What the answers file stores, e.g. `weekly`.")
    label: Text = Field(description="What the student sees.")
    score: Score01 | None = Field(
        None,
        description="0..1. Likert options default to their position on the scale; "
        "single and multiple choice options must say.",
    )
    exclusive: bool = Field(
        False, description="Multiple choice only: cannot be combined with other options."
    )


BUILTIN_SCALES: dict[str, list[Option]] = {
    "agreement": [
        Option(value=v, label=label)
        for v, label in [
            ("strongly_disagree", "Strongly disagree"),
            ("disagree", "Disagree"),
            ("neutral", "Neither agree nor disagree"),
            ("agree", "Agree"),
            ("strongly_agree", "Strongly agree"),
        ]
    ],
    "frequency": [
        Option(value=v, label=label)
        for v, label in [
            ("never", "Never"),
            ("rarely", "A few times a year"),
            ("monthly", "About monthly"),
            ("weekly", "About weekly"),
            ("daily", "Most days"),
        ]
    ],
}


class Condition(Model):
    """Ask a question (or trigger an action) only when an earlier answer matches.

    Exactly one operator is given. An unanswered or skipped question never matches.
    """

    question: Identifier = Field(description="Id of an earlier question.")
    equals: AnswerValue | None = Field(None, description="The answer is this value.")
    not_equals: AnswerValue | None = Field(None, description="The answer is given and "
                                           "is not this value.")
    one_of: list[AnswerValue] | None = Field(None, alias="in", description="The answer is "
                                             "one of these values.")
    includes: Identifier | None = Field(
        None, description="Multiple choice: the option is among those chosen."
    )
    at_least: Number | None = Field(None, description="Number question: answer >= this.")
    at_most: Number | None = Field(None, description="Number question: answer <= this.")

    @model_validator(mode="after")
    def _one_operator(self) -> Condition:
        given = [name for name in self.operators() if getattr(self, name) is not None]
        if len(given) != 1:
            raise ValueError(
                "give exactly one of equals, not_equals, in, includes, at_least, at_most"
                + (f" (got {', '.join(given)})" if given else "")
            )
        return self

    @staticmethod
    def operators() -> tuple[str, ...]:
        return ("equals", "not_equals", "one_of", "includes", "at_least", "at_most")

    def holds(self, answers: Mapping[str, Any]) -> bool:
        value = answers.get(self.question)
        if value is None:
            return False
        if self.equals is not None:
            return bool(value == self.equals)
        if self.not_equals is not None:
            return bool(value != self.not_equals)
        if self.one_of is not None:
            return value in self.one_of
        if self.includes is not None:
            return isinstance(value, list) and self.includes in value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return False
        if self.at_least is not None:
            return value >= self.at_least
        return self.at_most is not None and value <= self.at_most

    def describe(self) -> str:
        for name in self.operators():
            operand = getattr(self, name)
            if operand is not None:
                word = {"one_of": "is one of", "at_least": ">=", "at_most": "<="}.get(
                    name, name.replace("_", " ")
                )
                return f"{self.question} {word} {_literal(operand)}"
        return self.question  # pragma: no cover - the validator guarantees an operator


def _literal(value: Any) -> str:
    """A condition operand as it would be written in YAML."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return "[" + ", ".join(_literal(v) for v in value) + "]"
    return str(value)


When = Condition | Annotated[list[Condition], Field(min_length=1)]


def conditions_hold(when: When | None, answers: Mapping[str, Any]) -> bool:
    if when is None:
        return True
    if isinstance(when, Condition):
        return when.holds(answers)
    return all(c.holds(answers) for c in when)


def conditions_of(when: When | None) -> list[Condition]:
    """A `when` as a list of conditions (all must hold)."""
    if when is None:
        return []
    return [when] if isinstance(when, Condition) else list(when)


class QuestionBase(Model):
    id: Identifier
    text: Text = Field(description="The question as the student reads it.")
    help: Text | None = Field(None, description="One or two lines shown under the question.")
    when: When | None = Field(
        None, description="Ask only when this holds (a list: all must hold)."
    )
    allow_skip: bool = Field(True, description="Offer 'Prefer not to answer'.")
    default: ContextValue | None = Field(
        None, description="Context questions only: the answer the plan assumes when the "
        "student gave none (e.g. in an answers file made before the question existed).")

    @property
    def scored(self) -> bool:
        return True


class ScoredQuestion(QuestionBase):
    weight: Weight = Field(1.0, description="Weight within its dimension.")
    reverse: bool = Field(False, description="Reverse keying: a score s counts as 1 - s.")


class LikertQuestion(ScoredQuestion):
    type: Literal["likert"]
    scale: Identifier | list[Option] = Field(
        description="A named scale (built in: agreement, frequency; or from `scales`) "
        "or a list of options from lowest to highest."
    )


class SingleChoiceQuestion(ScoredQuestion):
    type: Literal["single"]
    options: list[Option] = Field(min_length=2, description="Each with a score 0..1.")


class MultipleChoiceQuestion(ScoredQuestion):
    type: Literal["multi"]
    options: list[Option] = Field(
        min_length=2,
        description="Each with a score 0..1; the answer scores the sum of those chosen, "
        "capped at 1.",
    )
    # The score is the sum of the chosen options' scores, capped at 1: "any two of these
    # count fully" is written as options scored 0.5.


class YesNoQuestion(ScoredQuestion):
    type: Literal["yesno"]
    yes_score: Score01 = Field(1.0, description="Score of a yes (before reverse keying).")
    no_score: Score01 = Field(0.0, description="Score of a no (before reverse keying).")


class Threshold(Model):
    at: Number = Field(description="From this value upwards ...")
    score: Score01 = Field(description="... the answer scores this (0..1).")


class AnswerBound(Model):
    """A limit taken from the answer to an earlier number question (of 40 people who
    used something, at most 40 can have come back)."""

    question: Identifier = Field(description="Id of an earlier number question.")


class NumberQuestion(ScoredQuestion):
    type: Literal["number"]
    unit: Text | None = Field(None, description="Shown after the input, e.g. 'people'.")
    min: Number = Field(0, description="Smallest answer accepted.")
    max: Number | AnswerBound = Field(
        description="Largest answer accepted: a number, or {question: ID} for at most the "
        "answer to that earlier number question (its own max when it has no answer)."
    )
    integer: bool = Field(True, description="Accept whole numbers only.")
    thresholds: list[Threshold] = Field(
        min_length=1, description="Ascending `at`; the highest one reached gives the score."
    )

    _highest: float | None = PrivateAttr(None)  # an AnswerBound's question's max

    @property
    def bounded_by(self) -> str | None:
        """The id of the question whose answer is this one's largest, if any."""
        return self.max.question if isinstance(self.max, AnswerBound) else None

    @property
    def highest(self) -> float:
        """The largest answer accepted whatever the other answers are."""
        if isinstance(self.max, AnswerBound):
            return math.inf if self._highest is None else self._highest
        return self.max

    @model_validator(mode="after")
    def _check_range(self) -> NumberQuestion:
        if not isinstance(self.max, AnswerBound) and self.max <= self.min:
            raise ValueError("max must be greater than min")
        ats = [t.at for t in self.thresholds]
        if ats != sorted(ats) or len(set(ats)) != len(ats):
            raise ValueError("thresholds must be in strictly ascending order of `at`")
        if ats[0] > self.min:
            raise ValueError(f"the first threshold must be at or below min ({self.min:g})")
        return self


class TextQuestion(QuestionBase):
    """A free-text reflection: never scored, quoted verbatim in the plan."""

    type: Literal["text"]
    max_length: int = Field(2000, ge=1, le=MAX_TEXT, description="Longest answer accepted.")
    multiline: bool = Field(True, description="Offer multi-line entry.")

    @property
    def scored(self) -> bool:
        return False


Question = Annotated[
    LikertQuestion
    | SingleChoiceQuestion
    | MultipleChoiceQuestion
    | YesNoQuestion
    | NumberQuestion
    | TextQuestion,
    Field(discriminator="type"),
]
ChoiceQuestion = LikertQuestion | SingleChoiceQuestion | MultipleChoiceQuestion


class Band(Model):
    """A score range 0..100 with a label; `min` is included, `max` only for the top band."""

    id: Identifier
    label: Text = Field(description="Shown next to scores, e.g. 'Building'.")
    min: Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)] = Field(
        description="Lowest score in the band (included). Bands apply to the whole-number "
        "score as shown (halves rounded up), so a fractional min such as 56.1 acts as 57."
    )
    max: Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)] = Field(
        description="Where the next band starts (excluded, but 100 is in the top band)."
    )
    description: Text | None = Field(None, description="What landing here means.")
    color: Annotated[str, Field(pattern=r"^#[0-9a-fA-F]{6}$")] | None = Field(
        None, description="A colour for charts, as #rrggbb."
    )


DEFAULT_BANDS: list[Band] = [
    Band(id="starting", label="Starting out", min=0, max=40, color="#c8553d"),
    Band(id="building", label="Building", min=40, max=70, color="#e0a458"),
    Band(id="strong", label="Strong", min=70, max=100, color="#2a9d8f"),
]


class Resource(Model):
    title: Text = Field(description="A book, page, course or tool.")
    # No spaces, quotes, angle brackets or backslashes: a link is written into Markdown and
    # PDF markup, and none of them belongs in a web address unescaped.
    url: Annotated[str, Field(pattern=r"^(https?://|mailto:)[^\s<>\"'`\\]+$"),
                   SafeText] | None = None


DEFAULT_EFFORT_HOURS = 4.0
Hours = Annotated[float, Field(gt=0, le=1000, allow_inf_nan=False)]


class Action(Model):
    """A concrete step. Chosen for the dimension's band, or triggered by an answer."""

    id: Identifier
    title: Text = Field(description="The action in a few words, as a heading.")
    do: Text = Field(description="What to do, concretely.")
    outcome: Text = Field(description="How the student will know it is done (measurable).")
    horizon_days: int = Field(ge=1, le=3650, description="When it should be done by.")
    bands: list[Identifier] = Field(
        default_factory=list, description="Recommend it when the dimension lands in these."
    )
    when: When | None = Field(
        None, description="Recommend it when this holds: an answer, or the student's "
        "situation (context questions such as stage, path or work authorisation).")
    resources: list[Resource] = Field(default_factory=list)
    effort_hours: Hours | None = Field(
        None, description="Estimated hours of work, so the plan fits the student's weekly "
        f"hours (without it the plan assumes {DEFAULT_EFFORT_HOURS:g}).")
    replace: list[Identifier] = Field(
        default_factory=list, description="Ids of actions this one stands in for: when it is "
        "chosen they are not (a first step triggered by an answer replaces its band twin).")
    caveat: Text | None = Field(
        None, description="A condition of its own, shown with the action (e.g. check your "
        "visa's work authorisation before accepting money).")
    advisor_prompts: list[Text] = Field(
        default_factory=list, max_length=3, description="Questions to talk over with an "
        "advisor when this action is a top priority (the PDF's advisor page).")

    @model_validator(mode="after")
    def _has_trigger(self) -> Action:
        if not self.bands and self.when is None:
            raise ValueError("an action needs `bands`, `when`, or both, to ever be chosen")
        return self


class Quote(Model):
    """Words from the source the rubric rests on, kept apart from the rubric's commentary."""

    text: Text = Field(description="The words, verbatim.")
    source: Text | None = Field(None, description="Who wrote them, and where.")
    date: Text | None = Field(None, description="When, e.g. 'late 2024'.")


class ContextWeight(Model):
    """A dimension weight that applies in a situation (e.g. a founder path weighs sales
    more)."""

    when: When = Field(description="Conditions on context questions (a list: all must hold).")
    weight: Weight = Field(description="The dimension's weight when this holds.")


class Dimension(Model):
    id: Identifier
    title: Text = Field(description="Shown as the section header in the quiz and the plan.")
    weight: Weight = Field(1.0, description="Weight in the overall score (0 or more).")
    context_weights: list[ContextWeight] = Field(
        default_factory=list, description="Other weights by situation; the first that holds "
        "replaces `weight`.")
    quote: Quote | None = Field(None, description="The source's words this dimension rests "
                                "on, printed apart from `why`.")
    why: Text = Field(description="Why this dimension matters: the rubric's own words (or, "
                      "without `quote`, the advice it rests on).")
    min_answered: int | None = Field(
        None, ge=1, le=1000, description="Scored answers needed before the dimension gets a "
        "score; with fewer it shows 'not enough answers' instead of a band.")
    summary: Text | None = Field(None, description="One line shown at the section start.")
    bands: list[Band] | None = Field(None, description="Overrides the rubric's bands.")
    questions: list[Question] = Field(
        min_length=1, description="Asked in this order; at least one must be scored."
    )
    actions: list[Action] = Field(
        default_factory=list, description="Steps the plan can recommend for this dimension."
    )
    advisor_prompts: list[Text] = Field(
        default_factory=list, max_length=3, description="Questions to talk over with an "
        "advisor about this dimension, for actions that have none of their own.")


class ContextSection(Model):
    """Questions about the student's situation, asked before the scored ones and never
    scored. Their answers can be used in `when` and `context_weights`."""

    title: Text = Field("Your situation", description="Section header in the quiz and PDF.")
    intro: Text | None = Field(None, description="One line shown at the section start.")
    questions: list[Question] = Field(min_length=1, description="Asked first, in this order.")


class PlanSettings(Model):
    """How the plan is ordered and fitted to the student's time."""

    priority: list[Identifier | Annotated[list[Identifier], Field(min_length=1)]] = Field(
        default_factory=list, description="Dimension ids, most important first; a list "
        "groups dimensions of equal rank. Adjusted by gap x weight; unlisted ones rank last.")
    first_window_cap: int = Field(
        5, ge=1, le=5, description="Most actions in the first 30 days (5 at most).")
    hours_question: Identifier | None = Field(
        None, description="A number context question: hours a week the student can give.")
    default_hours_per_week: Annotated[float, Field(gt=0, le=80, allow_inf_nan=False)] = Field(
        4.0, description="Hours a week assumed when the student gave none.")
    triggered_first: bool = Field(
        False, description="Let actions chosen by an answer jump ahead of every other.")
    retake_days: int = Field(
        182, ge=14, le=730, description="Days until the student should take the assessment "
        "again: the calendar's reminder and the advisor page's next review.")


class ConsistencyCheck(Model):
    """Answers that contradict each other: shown as 'worth a second look', never scored."""

    id: Identifier
    when: When = Field(description="The contradicting answers (a list: all must hold).")
    message: Text = Field(description="What looks inconsistent, as the student reads it.")


class Removal(Model):
    dimensions: list[Identifier] = Field(default_factory=list, description="Dimension ids.")
    questions: list[Identifier] = Field(default_factory=list, description="Question ids.")
    actions: list[Identifier] = Field(default_factory=list, description="Action ids.")


class Rubric(Model):
    """A whole rubric file."""

    id: Identifier
    title: Text = Field(description="The rubric's name, shown on the welcome screen and PDF.")
    version: Annotated[
        str,
        Field(pattern=r"^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$", description="Semantic version.",
              examples=["1.0.0", "2.1.0-draft"]),
        BeforeValidator(_as_text),
    ]
    language: Annotated[
        str,
        Field(pattern=r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$",
              examples=["en", "de", "zh-Hans", "pt-BR"]),
        BeforeValidator(_as_text),
    ] = Field("en", description="The language of the rubric's texts, as a BCP 47 tag (en, "
              "de, zh-Hans): the HTML plan declares it, so screen readers pronounce it "
              "right.")
    description: MaybeEmptyText = Field("", description="Who the rubric is for, in a few "
                                        "sentences.")
    authors: list[Text] = Field(default_factory=list, description="Who wrote the rubric.")
    license: Text | None = Field(None, description="The rubric text's licence, e.g. CC-BY-4.0.")
    source: Text | None = Field(None, description="Where the advice comes from.")
    minutes: int | None = Field(None, ge=1, le=600, description="Estimated time to take.")
    scales: dict[Identifier, list[Option]] = Field(
        default_factory=dict, description="Named Likert scales, lowest first."
    )
    bands: list[Band] = Field(
        default_factory=lambda: [b.model_copy() for b in DEFAULT_BANDS],
        description="Score bands covering 0-100. Default: starting 0-40, building 40-70, "
        "strong 70-100.",
    )
    dimensions: list[Dimension] = Field(min_length=1, description="The areas scored.")
    extends: Text | None = Field(
        None,
        description="Start from this rubric (a known name or a path relative to this file) "
        "and change it: dimensions, questions and actions merge by id; other keys replace.",
    )
    remove: Removal | None = Field(None, description="With `extends`: ids to drop.")
    context: ContextSection | None = Field(
        None, description="Questions about the student's situation, asked first, never "
        "scored.")
    plan: PlanSettings = Field(default_factory=PlanSettings,
                               description="Ordering and time budget of the plan.")
    checks: list[ConsistencyCheck] = Field(
        default_factory=list, description="Pairs of answers that contradict each other.")

    _sha256: str = PrivateAttr("")
    _path: Path | None = PrivateAttr(None)
    _index: dict[str, Question] | None = PrivateAttr(None)
    _context_section: Dimension | None = PrivateAttr(None)
    _likert_options: dict[int, tuple[LikertQuestion, list[Option]]] = PrivateAttr(
        default_factory=dict
    )

    @model_validator(mode="after")
    def _resolve_answer_bounds(self) -> Rubric:
        """A `max: {question: ID}` takes that question's own max as its fixed ceiling
        (bounds only look back, so one pass in order settles chains)."""
        numbers: dict[str, NumberQuestion] = {}
        for _, question in self.questions():
            if isinstance(question, NumberQuestion):
                target = numbers.get(question.bounded_by or "")
                if target is not None:
                    question._highest = target.highest
                numbers[question.id] = question
        return self

    # -- provenance ---------------------------------------------------------------------
    @property
    def sha256(self) -> str:
        return self._sha256

    @property
    def path(self) -> Path | None:
        return self._path

    # -- lookups --------------------------------------------------------------------------
    def sections(self) -> list[Dimension]:
        """What the quiz walks through: the context section (as an unscored pseudo-dimension
        with id `CONTEXT_ID`) first, then the dimensions."""
        situation = self.context_section()
        return [situation, *self.dimensions] if situation is not None else list(self.dimensions)

    def context_section(self) -> Dimension | None:
        """The context questions dressed as a section, for the quiz and the PDF. Cached."""
        if self.context is None:
            return None
        private = self.__pydantic_private__
        cached: Dimension | None = private["_context_section"]  # type: ignore[index]
        if cached is None:
            cached = private["_context_section"] = Dimension.model_construct(  # type: ignore[index]
                id=CONTEXT_ID, title=self.context.title, weight=0.0, context_weights=[],
                quote=None, why=self.context.title, min_answered=None,
                summary=self.context.intro, bands=None, questions=self.context.questions,
                actions=[])
        return cached

    def context_ids(self) -> set[str]:
        """Ids of the context questions (never scored)."""
        return {q.id for q in self.context.questions} if self.context is not None else set()

    def questions(self) -> Iterator[tuple[Dimension, Question]]:
        """Every question, in the order the quiz asks them: context first."""
        for dimension in self.sections():
            for question in dimension.questions:
                yield dimension, question

    def weight_of(self, dimension: Dimension, answers: Mapping[str, Any]) -> float:
        """The dimension's weight in this student's situation (`context_weights`)."""
        for rule in dimension.context_weights:
            if conditions_hold(rule.when, answers):
                return rule.weight
        return dimension.weight

    def question(self, question_id: str) -> Question:
        return self.question_index()[question_id]

    def question_index(self) -> dict[str, Question]:
        """Questions by id, in order. Cached: a loaded rubric is not changed afterwards."""
        private = self.__pydantic_private__
        index: dict[str, Question] | None = private["_index"]  # type: ignore[index]
        if index is None:
            index = private["_index"] = {q.id: q for _, q in self.questions()}  # type: ignore[index]
        return index

    def bands_for(self, dimension: Dimension) -> list[Band]:
        return dimension.bands if dimension.bands is not None else self.bands

    def options(self, question: ChoiceQuestion) -> list[Option]:
        """The options of a choice question, with Likert scores filled in."""
        if not isinstance(question, LikertQuestion):
            return question.options
        # Cached per question object: scoring thousands of answers files asks this often.
        # (Read through __pydantic_private__: attribute access to private attributes goes
        # through pydantic's slow __getattr__.)
        cache: dict[int, tuple[LikertQuestion, list[Option]]]
        cache = self.__pydantic_private__["_likert_options"]  # type: ignore[index]
        cached = cache.get(id(question))
        if cached is not None and cached[0] is question:
            return cached[1]
        scale = question.scale
        options = (
            scale
            if isinstance(scale, list)
            else self.scales.get(scale) or BUILTIN_SCALES.get(scale, [])
        )
        top = max(len(options) - 1, 1)
        filled = [
            o if o.score is not None else o.model_copy(update={"score": i / top})
            for i, o in enumerate(options)
        ]
        cache[id(question)] = (question, filled)
        return filled

    def estimated_minutes(self) -> int:
        if self.minutes is not None:
            return self.minutes
        seconds = sum(90 if isinstance(q, TextQuestion) else 20 for _, q in self.questions())
        return max(1, math.ceil(seconds / 60))


def band_for(bands: list[Band], score: float) -> Band:
    """The band a 0..100 score falls in, judged on the whole number people see
    (`shown`: halves rounded up): min included, max excluded but for the top band.

    So a plan never prints "70" next to a band whose min is 70 and calls it the band
    below; a fractional boundary such as 56.1 acts as 57. `rubric lint` decides which
    bands can be reached with this same function.
    """
    value = shown(score)
    ordered = sorted(bands, key=lambda b: b.min)
    for band in ordered:
        if band.min <= value < band.max:
            return band
    return ordered[-1] if value >= ordered[-1].min else ordered[0]


# -- cross-reference checks ----------------------------------------------------------------


def check_rubric(rubric: Rubric) -> list[tuple[tuple[str | int, ...], str]]:
    """What the models alone cannot see; returns (location, message) for every problem."""
    problems: list[tuple[tuple[str | int, ...], str]] = []
    add = problems.append
    if rubric.remove is not None:  # `extends` consumes `remove`; left over, it would be ignored
        add((("remove",), "`remove` only works in a rubric that `extends` another"))
    problems.extend(_check_bands(("bands",), rubric.bands))
    for name, options in rubric.scales.items():
        if len(options) < 2:
            add((("scales", name), "a scale needs at least 2 options"))
        problems.extend(_check_options(("scales", name), options, need_scores=False))

    seen_dimensions: dict[str, int] = {}
    seen_questions: dict[str, tuple[str | int, ...]] = {}
    seen_actions: dict[str, tuple[str | int, ...]] = {}
    earlier: dict[str, Question] = {}
    if not any(d.weight > 0 for d in rubric.dimensions):
        add((("dimensions",), "at least one dimension needs a weight above 0"))
    if rubric.context is not None:
        problems.extend(_check_questions(rubric, ("context", "questions"),
                                         rubric.context.questions, seen_questions, earlier))
    for di, dimension in enumerate(rubric.dimensions):
        at: tuple[str | int, ...] = ("dimensions", di)
        if dimension.id in seen_dimensions:
            add(((*at, "id"), f"duplicate dimension id {dimension.id!r} "
                 f"(also dimensions[{seen_dimensions[dimension.id]}])"))
        seen_dimensions.setdefault(dimension.id, di)
        if dimension.bands is not None:
            problems.extend(_check_bands((*at, "bands"), dimension.bands))
        scored = [q for q in dimension.questions if q.scored and getattr(q, "weight", 0) > 0]
        if not scored:
            add(((*at, "questions"), "a dimension needs at least one scored question "
                 "with a weight above 0 (free text is not scored)"))
        problems.extend(_check_questions(rubric, (*at, "questions"), dimension.questions,
                                         seen_questions, earlier))
        problems.extend(_check_weight_rules(rubric, at, dimension))
        band_ids = {b.id for b in rubric.bands_for(dimension)}
        for ai, action in enumerate(dimension.actions):
            aat = (*at, "actions", ai)
            if action.id in seen_actions:
                add(((*aat, "id"), f"duplicate action id {action.id!r}"))
            seen_actions.setdefault(action.id, aat)
            for bi, band in enumerate(action.bands):
                if band not in band_ids:
                    add(((*aat, "bands", bi), f"unknown band {band!r}; this dimension's "
                         f"bands are {', '.join(sorted(band_ids))}"))
            for ci, condition in enumerate(conditions_of(action.when)):
                cat = (*aat, "when") if isinstance(action.when, Condition) else (
                    *aat, "when", ci)
                known = rubric.question_index()
                if condition.question not in known:
                    add(((*cat, "question"), f"unknown question {condition.question!r}"))
                else:
                    problems.extend(
                        _check_condition(rubric, cat, condition, known[condition.question])
                    )
    problems.extend(_check_replacements(rubric, seen_actions))
    problems.extend(_check_plan_settings(rubric))
    for ki, check in enumerate(rubric.checks):
        problems.extend(_check_when(rubric, ("checks", ki), check.when, set()))
    return problems


def _when_location(at: tuple[str | int, ...], when: When, ci: int) -> tuple[str | int, ...]:
    return (*at, "when") if isinstance(when, Condition) else (*at, "when", ci)


def _check_when(rubric: Rubric, at: tuple[str | int, ...], when: When,
                only: set[str] | None) -> list[tuple[tuple[str | int, ...], str]]:
    """Conditions that may look at any question (or, with `only`, only at those ids)."""
    problems: list[tuple[tuple[str | int, ...], str]] = []
    known = rubric.question_index()
    for ci, condition in enumerate(conditions_of(when)):
        cat = _when_location(at, when, ci)
        if condition.question not in known:
            hint = (" (a context question: see `context:`)" if only is not None else "")
            problems.append(((*cat, "question"), f"unknown question {condition.question!r}"
                             + hint))
        elif only and condition.question not in only:
            problems.append(((*cat, "question"), f"{condition.question!r} is not a context "
                             "question; weights can only depend on the student's situation "
                             "(`context:` questions)"))
        else:
            problems.extend(_check_condition(rubric, cat, condition, known[condition.question]))
    return problems


def _check_weight_rules(rubric: Rubric, at: tuple[str | int, ...], dimension: Dimension
                        ) -> list[tuple[tuple[str | int, ...], str]]:
    problems: list[tuple[tuple[str | int, ...], str]] = []
    context = rubric.context_ids()
    for wi, rule in enumerate(dimension.context_weights):
        wat = (*at, "context_weights", wi)
        if not context:
            problems.append((wat, "context_weights need a `context:` section with the "
                             "questions they look at"))
            continue
        problems.extend(_check_when(rubric, wat, rule.when, context))
    return problems


def _check_questions(
    rubric: Rubric,
    at: tuple[str | int, ...],
    questions: list[Question],
    seen_questions: dict[str, tuple[str | int, ...]],
    earlier: dict[str, Question],
) -> list[tuple[tuple[str | int, ...], str]]:
    """Ids, types and conditions of one section's questions, in asking order."""
    problems: list[tuple[tuple[str | int, ...], str]] = []
    add = problems.append
    in_context = at[0] == "context"
    for qi, question in enumerate(questions):
        qat = (*at, qi)
        if question.id in seen_questions:
            add(((*qat, "id"), f"duplicate question id {question.id!r}"))
        seen_questions.setdefault(question.id, qat)
        problems.extend(_check_question(rubric, qat, question, scored=not in_context))
        if isinstance(question, NumberQuestion) and question.bounded_by is not None:
            problems.extend(_check_answer_bound(rubric, qat, question, earlier))
        for ci, condition in enumerate(conditions_of(question.when)):
            cat = _when_location(qat, question.when, ci) if question.when else qat
            if condition.question == question.id:
                add(((*cat, "question"), "a question cannot depend on itself"))
            elif condition.question not in earlier:
                later = condition.question in {q.id for _, q in rubric.questions()}
                add(((*cat, "question"),
                     f"{condition.question!r} is asked later; a condition can only "
                     "look at earlier questions" if later else
                     f"unknown question {condition.question!r}"))
            else:
                problems.extend(
                    _check_condition(rubric, cat, condition, earlier[condition.question])
                )
        if question.default is not None:
            if not in_context:
                add(((*qat, "default"), "only context questions have a default; remove it "
                     "or move the question under `context:`"))
            else:
                from careerkit.answers import answer_problem

                reason = answer_problem(rubric, question, question.default)
                if reason:
                    add(((*qat, "default"), f"not a valid answer: {reason}"))
        earlier[question.id] = question
    return problems


def _check_replacements(rubric: Rubric, seen_actions: dict[str, tuple[str | int, ...]]
                        ) -> list[tuple[tuple[str | int, ...], str]]:
    """`replace` names known actions, not itself, and never forms a cycle."""
    problems: list[tuple[tuple[str | int, ...], str]] = []
    replaces = {a.id: list(a.replace) for d in rubric.dimensions for a in d.actions}
    for action_id, targets in replaces.items():
        aat = seen_actions[action_id]
        for ri, target in enumerate(targets):
            if target == action_id:
                problems.append(((*aat, "replace", ri), "an action cannot replace itself"))
            elif target not in replaces:
                problems.append(((*aat, "replace", ri), f"unknown action {target!r}; give "
                                 "the id of an action in this rubric"))
    reported: set[frozenset[str]] = set()
    for start in replaces:
        cycle = _replace_cycle(start, replaces)
        if cycle and frozenset(cycle) not in reported:
            reported.add(frozenset(cycle))
            path = " -> ".join([*cycle, cycle[0]])
            problems.append(((*seen_actions[start], "replace"), f"a cycle of `replace`: "
                             f"{path}; remove one of these replacements"))
    return problems


def _replace_cycle(start: str, replaces: Mapping[str, list[str]]) -> list[str]:
    """The actions of a `replace` cycle through `start` (empty when there is none)."""
    stack: list[tuple[str, list[str]]] = [(start, [start])]
    seen: set[str] = set()
    while stack:
        node, path = stack.pop()
        for target in replaces.get(node, []):
            if target == start and len(path) > 1:
                return path
            if target not in seen and target != start:
                seen.add(target)
                stack.append((target, [*path, target]))
    return []


def _check_plan_settings(rubric: Rubric) -> list[tuple[tuple[str | int, ...], str]]:
    problems: list[tuple[tuple[str | int, ...], str]] = []
    settings = rubric.plan
    dimension_ids = {d.id for d in rubric.dimensions}
    listed: list[str] = []
    for pi, entry in enumerate(settings.priority):
        group = entry if isinstance(entry, list) else [entry]
        for gi, dimension_id in enumerate(group):
            pat: tuple[str | int, ...] = (("plan", "priority", pi, gi) if isinstance(entry, list)
                                          else ("plan", "priority", pi))
            if dimension_id not in dimension_ids:
                problems.append((pat, f"unknown dimension {dimension_id!r}; known: "
                                 f"{', '.join(sorted(dimension_ids))}"))
            elif dimension_id in listed:
                problems.append((pat, f"dimension {dimension_id!r} is listed twice"))
            listed.append(dimension_id)
    if settings.hours_question is not None:
        target = rubric.question_index().get(settings.hours_question)
        if settings.hours_question not in rubric.context_ids():
            problems.append((("plan", "hours_question"), f"unknown context question "
                             f"{settings.hours_question!r}; name a number question under "
                             "`context:`"))
        elif not isinstance(target, NumberQuestion):
            problems.append((("plan", "hours_question"), f"{settings.hours_question!r} must "
                             "be a number question (hours a week)"))
    return problems


def _check_bands(
    at: tuple[str | int, ...], bands: list[Band]
) -> list[tuple[tuple[str | int, ...], str]]:
    problems: list[tuple[tuple[str | int, ...], str]] = []
    if not bands:
        return [(at, "give at least one band")]
    ids = [b.id for b in bands]
    for i, band in enumerate(bands):
        if band.min >= band.max:
            problems.append(((*at, i), f"band {band.id!r}: min must be below max"))
        if ids.index(band.id) != i:
            problems.append(((*at, i, "id"), f"duplicate band id {band.id!r}"))
    ordered = sorted(range(len(bands)), key=lambda i: bands[i].min)
    if bands[ordered[0]].min != 0:
        problems.append(((*at, ordered[0], "min"), "the lowest band must start at 0"))
    if bands[ordered[-1]].max != 100:
        problems.append(((*at, ordered[-1], "max"), "the highest band must end at 100"))
    for before, after in itertools.pairwise(ordered):
        low, high = bands[before], bands[after]
        if high.min > low.max:
            problems.append(((*at, after, "min"), f"gap between bands {low.id!r} and "
                             f"{high.id!r}: {low.max:g} to {high.min:g} is in no band"))
        elif high.min < low.max:
            problems.append(((*at, after, "min"), f"bands {low.id!r} and {high.id!r} overlap "
                             f"({high.min:g} < {low.max:g}); make min equal the max below"))
    return problems


def _check_options(
    at: tuple[str | int, ...], options: list[Option], *, need_scores: bool
) -> list[tuple[tuple[str | int, ...], str]]:
    problems: list[tuple[tuple[str | int, ...], str]] = []
    seen: set[str] = set()
    for i, option in enumerate(options):
        if option.value in seen:
            problems.append(((*at, i, "value"), f"duplicate option value {option.value!r}"))
        seen.add(option.value)
        if need_scores and option.score is None:
            problems.append(((*at, i, "score"), "give this option a score between 0 and 1"))
    return problems


def _check_question(
    rubric: Rubric, at: tuple[str | int, ...], question: Question, *, scored: bool = True
) -> list[tuple[tuple[str | int, ...], str]]:
    """A question's options and scale; a context question's options need no score."""
    problems: list[tuple[tuple[str | int, ...], str]] = []
    if isinstance(question, LikertQuestion):
        if isinstance(question.scale, list):
            problems.extend(_check_options((*at, "scale"), question.scale, need_scores=False))
            if len(question.scale) < 2:
                problems.append(((*at, "scale"), "a scale needs at least 2 options"))
        elif question.scale not in rubric.scales and question.scale not in BUILTIN_SCALES:
            known = sorted({*rubric.scales, *BUILTIN_SCALES})
            problems.append(((*at, "scale"), f"unknown scale {question.scale!r}; "
                             f"known: {', '.join(known)}"))
    elif isinstance(question, (SingleChoiceQuestion, MultipleChoiceQuestion)):
        problems.extend(_check_options((*at, "options"), question.options,
                                       need_scores=scored))
        if isinstance(question, SingleChoiceQuestion):
            for i, option in enumerate(question.options):
                if option.exclusive:
                    problems.append(((*at, "options", i, "exclusive"),
                                     "only multiple-choice options can be exclusive"))
    return problems


def _check_answer_bound(
    rubric: Rubric, at: tuple[str | int, ...], question: NumberQuestion,
    earlier: Mapping[str, Question],
) -> list[tuple[tuple[str | int, ...], str]]:
    """`max: {question: ID}` must name an earlier number question."""
    target_id = question.bounded_by
    where = (*at, "max", "question")
    if target_id == question.id:
        return [(where, "a question cannot be bounded by its own answer")]
    target = earlier.get(target_id or "")
    if target is None:
        later = target_id in {q.id for _, q in rubric.questions()}
        return [(where, f"{target_id!r} is asked later; `max: {{question: ID}}` can only "
                 "name an earlier number question" if later else
                 f"unknown question {target_id!r}; `max: {{question: ID}}` names an "
                 "earlier number question")]
    if not isinstance(target, NumberQuestion):
        return [(where, f"{target_id!r} is {target.type}; `max: {{question: ID}}` needs a "
                 "number question")]
    if target.highest <= question.min:
        return [(where, f"{target_id!r} goes up to {target.highest:g}, not above this "
                 f"question's min ({question.min:g})")]
    return []


def _check_condition(
    rubric: Rubric, at: tuple[str | int, ...], condition: Condition, target: Question
) -> list[tuple[tuple[str | int, ...], str]]:
    """Does the condition's operand make sense for the question it looks at?"""
    operator = next(n for n in Condition.operators() if getattr(condition, n) is not None)
    operand = getattr(condition, operator)
    kind = target.type
    if isinstance(target, TextQuestion):
        return [(at, f"{target.id!r} is free text; conditions cannot look at free text")]
    if operator in ("at_least", "at_most"):
        if kind != "number":
            return [(at, f"{operator} needs a number question; {target.id!r} is {kind}")]
        return []
    if operator == "includes":
        if not isinstance(target, MultipleChoiceQuestion):
            return [(at, f"includes needs a multiple-choice question; {target.id!r} is {kind}")]
        values = [operand]
    else:
        values = list(operand) if isinstance(operand, list) else [operand]
    if isinstance(target, YesNoQuestion):
        bad = [v for v in values if not isinstance(v, bool)]
        if bad:
            return [(at, f"{target.id!r} is yes/no: compare with true or false")]
        return []
    if isinstance(target, NumberQuestion):
        bad = [v for v in values if isinstance(v, bool) or not isinstance(v, (int, float))]
        return [(at, f"{target.id!r} is a number: compare with a number")] if bad else []
    if isinstance(target, MultipleChoiceQuestion) and operator != "includes":
        return [(at, f"{target.id!r} is multiple choice: use `includes: OPTION`")]
    allowed = {o.value for o in rubric.options(target)}
    unknown = [v for v in values if _as_text(v) not in allowed]
    if unknown:
        return [(at, f"{unknown[0]!r} is not an option of {target.id!r}; "
                 f"options: {', '.join(sorted(allowed))}")]
    return []


# -- loading --------------------------------------------------------------------------------


def rubric_from_document(doc: YamlDocument, sha256: str = "") -> Rubric:
    """Validate parsed YAML as a rubric; raise ValidationFailed with every problem."""
    if not isinstance(doc.data, dict):
        raise ValidationFailed(
            [doc.problem((), "a rubric file must be a mapping (key: value lines) at the top")]
        )
    try:
        # Strict, on the data as editors read it: the JSON Schema and validation agree in
        # both directions (`weight: "2"`, `weight: true` and `1_000` are refused by both).
        rubric = Rubric.model_validate(as_core_schema(doc.data), strict=True)
    except ValidationError as exc:
        raise ValidationFailed(_blame(doc, pydantic_problems(doc, exc))) from None
    problems = check_rubric(rubric)
    if problems:
        raise ValidationFailed(
            _blame(doc, [doc.problem(loc, message) for loc, message in problems]))
    rubric._path = doc.path
    rubric._sha256 = sha256
    return rubric


def _blame(doc: YamlDocument, problems: list[Problem]) -> list[Problem]:
    """In a rubric that extends another, a problem found in the base's lines is usually
    caused by the change (bands replaced, a question removed): say which file changed it."""
    if doc.path is None or not doc.files:
        return problems
    return [
        p if p.file == doc.path else Problem(
            p.file, p.line, p.location, f"{p.message} (in the base rubric, as changed by "
            f"{doc.path})")
        for p in problems
    ]


def pydantic_problems(doc: YamlDocument, exc: ValidationError) -> list[Problem]:
    """Turn pydantic's errors into FILE:LINE problems, one per error."""
    problems: list[Problem] = []
    errors = exc.errors(include_url=False)
    # A value that fails every member of a union (`when: Condition | list[Condition]`)
    # gets one error per member; the "should be a list/mapping" ones only add noise
    # when a member that fits the value's shape explains what is really wrong.
    shape_errors = {"list_type", "model_type", "dict_type", "model_attributes_type"}
    places: dict[tuple[str | int, ...], set[str]] = {}
    for error in errors:
        places.setdefault(doc.line_of(tuple(error["loc"]))[1], set()).add(error["type"])
    errors = [
        e for e in errors
        if e["type"] not in shape_errors
        or places[doc.line_of(tuple(e["loc"]))[1]] <= shape_errors
    ]
    for error in errors:
        loc = tuple(error["loc"])
        line, found = doc.line_of(loc)
        message = _friendly(error)
        location = loc if error["type"] in ("missing", "extra_forbidden") else found
        # Drop pydantic's union-member names ("likert", "list[...]") from the location.
        clean = _clean_location(loc, found, error["type"])
        problems.append(Problem(doc.file_of(found), line, _dotted(clean or location), message))
    # A value that fits no member of a union gets one error per member ("should be a
    # boolean", "... an integer", "... a number"): the first says enough, one per place.
    unique: dict[tuple[Path | None, int | None, str], Problem] = {}
    for problem in problems:
        unique.setdefault((problem.file, problem.line, problem.location), problem)
    return list(unique.values())


def _clean_location(
    loc: tuple[Any, ...], found: tuple[str | int, ...], kind: str
) -> tuple[str | int, ...]:
    if kind in ("missing", "extra_forbidden") and loc:
        return (*found, loc[-1]) if loc[-1] not in found[-1:] else found
    return found


def _dotted(loc: tuple[Any, ...]) -> str:
    from careerkit.yamlio import dotted

    return dotted([step for step in loc if isinstance(step, (str, int))])


def _friendly(error: Any) -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        return "unknown key; check the spelling (see `careerkit rubric schema`)"
    if kind == "missing":
        return "required key is missing"
    if kind == "union_tag_invalid":
        return ("unknown question type; use one of likert, single, multi, yesno, number, "
                "text")
    if kind == "union_tag_not_found":
        return "a question needs a `type`: likert, single, multi, yesno, number or text"
    if kind == "string_type" and isinstance(error.get("input"), bool):
        return "should be text; put quotes around it"
    if kind in ("finite_number", "float_parsing") and error.get("input") is not None:
        return f"should be a finite number, not {error['input']!r}"
    if kind == "string_pattern_mismatch":
        pattern = str(error.get("ctx", {}).get("pattern", ""))
        if pattern.startswith("^\\d+"):
            return "use a semantic version such as 1.0.0 (in quotes if it looks like a number)"
        if pattern.startswith("^[A-Za-z]{2,3}"):
            return "give a language tag such as en, de or zh-Hans"
        if pattern.startswith("^[a-z]"):
            return "use lower-case letters, digits, '_' or '-', starting with a letter"
        if pattern.startswith("^(https?"):
            return ("give a web address starting with https:// (or mailto:), without spaces, "
                    "quotes or angle brackets")
        if pattern.startswith("^#"):
            return "give a colour as #rrggbb, e.g. #2a9d8f"
    if kind in ("float_type", "int_type", "bool_type"):
        wanted = "true or false" if kind == "bool_type" else "a number"
        given = error.get("input")
        if isinstance(given, bool):
            return f"give {wanted}, not {str(given).lower()}"
        if isinstance(given, str):
            from careerkit.yamlio import is_core_number

            if is_core_number(given):
                return f"give {wanted}, not text: write {given} without quotes"
            if is_core_number(given.replace("_", "")):
                return (f"give {wanted}: {given} is text in YAML 1.2 (and to editors); "
                        f"write {given.replace('_', '')}")
            if given.lstrip("+-")[:2] in ("0b", "0x", "0o"):
                return f"give {wanted} in decimal digits: {given} is text in YAML 1.2"
            return f"give {wanted}, not text"
    if kind == "less_than_equal" and error.get("ctx", {}).get("le") == MAX_WEIGHT:
        return (f"should be at most {MAX_WEIGHT:,.0f}; only the ratios between weights "
                "matter, so scale them all down")
    if kind == "string_too_long":
        return f"too long: at most {error.get('ctx', {}).get('max_length')} characters"
    if kind in ("string_too_short", "too_short"):
        least = error.get("ctx", {}).get("min_length", 1)
        return "cannot be empty" if least == 1 else f"give at least {least}"
    message = str(error["msg"])
    if message.startswith("Value error, "):
        message = message[len("Value error, "):]
    return message


def bundled_dir() -> Path:
    """Bundled rubrics: inside the installed package, or the repo's rubrics/ in a checkout."""
    here = Path(__file__).resolve().parent
    packaged = here / "rubrics"
    return packaged if packaged.is_dir() else here.parent / "rubrics"


def rubric_guide_path() -> Path | None:
    """docs/rubric-guide.md: inside the installed package, or the repo's docs/ in a
    checkout (`careerkit rubric guide` prints it; messages point there)."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "docs" / "rubric-guide.md",
                      here.parent / "docs" / "rubric-guide.md"):
        if candidate.is_file():
            return candidate
    return None


@dataclass(frozen=True)
class CatalogueEntry:
    name: str
    path: Path
    origin: str  # "bundled", "user" or "project"
    shadows: tuple[Path, ...] = ()


def rubric_folders() -> list[tuple[str, Path]]:
    """Where rubrics are found by name, lowest precedence first: the bundled ones, the
    user's rubric folder, then ./rubrics/ of the current folder."""
    from careerkit.store import data_dir

    return [
        ("bundled", bundled_dir()),
        ("user", data_dir() / "rubrics"),
        ("project", Path.cwd() / "rubrics"),
    ]


def _rubric_files(folder: Path) -> list[Path]:
    # os.path.isdir, not Path.is_dir: a folder that cannot be entered (permissions) is one
    # with no rubrics to offer, not a crash of commands that never needed it.
    if not os.path.isdir(folder):
        return []
    return sorted(
        p for p in folder.glob("*.y*ml")
        if p.suffix in (".yaml", ".yml") and not p.name.endswith(TESTS_SUFFIXES)
    )


TESTS_SUFFIXES = (".tests.yaml", ".tests.yml")


def rubric_catalogue() -> dict[str, CatalogueEntry]:
    """Every rubric known by name; a later folder shadows an earlier one of the same name."""
    catalogue: dict[str, CatalogueEntry] = {}
    seen: set[Path] = set()
    for origin, folder in rubric_folders():
        for path in _rubric_files(folder):
            resolved = path.resolve()
            if resolved in seen:  # ./rubrics/ in a checkout is the bundled folder itself
                continue
            seen.add(resolved)
            earlier = catalogue.get(path.stem)
            shadows = (*earlier.shadows, earlier.path) if earlier else ()
            catalogue[path.stem] = CatalogueEntry(path.stem, path, origin, shadows)
    return catalogue


def bundled_rubrics() -> dict[str, Path]:
    return {p.stem: p for p in _rubric_files(bundled_dir())}


def find_rubric(name_or_path: str | Path | None) -> Path:
    """A path, or the name of a rubric on the search path; None means the default rubric."""
    if name_or_path is None:
        name_or_path = DEFAULT_RUBRIC
    candidate = Path(name_or_path)
    if str(candidate) == "-":  # standard input
        return candidate
    if candidate.exists() or candidate.suffix in (".yaml", ".yml") or "/" in str(candidate):
        return candidate
    catalogue = rubric_catalogue()
    entry = catalogue.get(str(name_or_path))
    if entry is not None:
        return entry.path
    names = ", ".join(catalogue) or "none"
    raise InputError(
        f"{name_or_path}: no such rubric file or known rubric (known: {names}); "
        "give a path to a .yaml file or see `careerkit rubric list`"
    )


def load_rubric(name_or_path: str | Path | None = None) -> Rubric:
    """Load and validate a rubric by path or name, following `extends`; raise careerkit
    errors only."""
    from careerkit.extends import resolve_document

    doc, digest = resolve_document(find_rubric(name_or_path))
    return rubric_from_document(doc, digest)


def rubric_json_schema() -> dict[str, Any]:
    """JSON Schema of rubric files, for editors (yaml-language-server) and checks.

    A rubric with `extends` changes its base by id, so its items may be partial: it is
    checked against "Partial" copies of the definitions in which only `id` is required.
    """
    import copy

    strict = Rubric.model_json_schema(by_alias=True)
    definitions: dict[str, Any] = strict.pop("$defs", {})
    definitions["Rubric"] = strict
    partial = {f"Partial{name}": _partial(copy.deepcopy(d)) for name, d in definitions.items()}
    partial["PartialRubric"]["required"] = ["extends", "id"]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "careerkit rubric",
        "description": "A careerkit rubric file (YAML). The guide: `careerkit rubric guide`.",
        "if": {"required": ["extends"]},
        "then": {"$ref": "#/$defs/PartialRubric"},
        "else": {"$ref": "#/$defs/Rubric"},
        "$defs": {**definitions, **partial},
    }


def _partial(schema: Any) -> Any:
    """A copy of a schema in which only `id` is required and references point to partials."""
    if isinstance(schema, dict):
        out = {k: _partial(v) for k, v in schema.items() if k != "discriminator"}
        if "$ref" in out and isinstance(out["$ref"], str):
            out["$ref"] = out["$ref"].replace("#/$defs/", "#/$defs/Partial")
        if "required" in out and isinstance(out["required"], list):
            out["required"] = [k for k in out["required"] if k == "id"]
        if "oneOf" in out:  # without `type`, the union members can no longer be told apart
            out["anyOf"] = out.pop("oneOf")
        return out
    if isinstance(schema, list):
        return [_partial(v) for v in schema]
    return schema
