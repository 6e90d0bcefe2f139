"""What a rubric file may say: the pydantic models, and the behaviour of each question type.

Each question type carries everything that depends on its type (checking, scoring and
showing an answer, the template line, the front ends' input kind, the cross-reference
checks of its definition): see `QuestionBase` and docs/question-types.md. This module
knows nothing of files, folders or the user's data: loading, discovery and validation
sit beside it in the package.
"""

from __future__ import annotations

import math
import typing
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    model_validator,
)

from careerkit.display import number_text, shown, unit_for
from careerkit.errors import Location
from careerkit.safetext import text_problem
from careerkit.textwidth import clip
from careerkit.yamlio import YamlFloat, YamlInt

__all__ = [
    "BUILTIN_SCALES",
    "CONTEXT_ID",
    "DEFAULT_BANDS",
    "DEFAULT_EFFORT_HOURS",
    "DEFAULT_RUBRIC",
    "MAX_TEXT",
    "Action",
    "AnswerBound",
    "AnswerValue",
    "Band",
    "ChoiceQuestion",
    "Condition",
    "ConsistencyCheck",
    "ContextSection",
    "ContextValue",
    "ContextWeight",
    "Dimension",
    "LikertQuestion",
    "Model",
    "MultipleChoiceQuestion",
    "NumberQuestion",
    "Option",
    "PlanSettings",
    "Question",
    "QuestionBase",
    "Quote",
    "Removal",
    "Resource",
    "Rubric",
    "ScoredQuestion",
    "SingleChoiceQuestion",
    "TextQuestion",
    "Threshold",
    "When",
    "YesNoQuestion",
    "as_text",
    "band_for",
    "conditions_hold",
    "conditions_of",
    "empty_list",
    "option_problems",
    "question_types",
    "shown",
    "type_names",
]

DEFAULT_RUBRIC = "ml-phd-career"
CONTEXT_ID = "context"  # the id of the context section when it is walked as a section
MAX_TEXT = 20_000


def empty_list() -> list[Any]:
    """The default of a list field, for `default_factory`: the builtin `list` would do, but
    pydantic reads a factory's signature when it builds a validator, and for a builtin
    that means parsing its text signature with `tokenize` (~6 ms, bench/README.md)."""
    return []


def as_text(value: Any) -> Any:
    """Text fields take a number back as the text it was written as (``1.10`` stays so)."""
    if isinstance(value, (YamlInt, YamlFloat)):
        return value.source
    return value


def _flat_clip(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _no_control_characters(value: str) -> str:
    """Rubrics travel between departments: no text in one may carry terminal control
    codes, bidi overrides or lone surrogates (see careerkit.safetext)."""
    problem = text_problem(value)
    if problem:
        raise ValueError(problem)
    return value


SafeText = AfterValidator(_no_control_characters)
Text = Annotated[str, BeforeValidator(as_text), Field(min_length=1, max_length=MAX_TEXT),
                 SafeText]
MaybeEmptyText = Annotated[str, BeforeValidator(as_text), Field(max_length=MAX_TEXT), SafeText]
# Field before BeforeValidator: pydantic leaves a pattern out of the JSON Schema when a
# before-validator comes first, and editors would then accept ids that validation refuses.
Identifier = Annotated[
    str,
    Field(
        pattern=r"^[a-z][a-z0-9_-]{0,63}$",
        description="lower-case letters, digits, '_' or '-', starting with a letter",
        examples=["llm_literacy", "papers-read"],
    ),
    BeforeValidator(as_text),
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
    """What every question type shares, and the behaviour each type fills in.

    Everything that depends on a question's type lives on its class: checking an answer
    (`problem`), scoring it (`score`, `score_range`), showing it (`format_value`), the
    answers-file template (`allowed_text`, `example`), what the quiz's front ends need
    (`input_kind`, `choices`) and the cross-reference checks of its definition. Other
    modules call these methods instead of asking which type a question is, so a new type
    is one new class here (see docs/question-types.md).
    """

    id: Identifier
    text: Text = Field(description="The question as the student reads it.")
    help: Text | None = Field(None, description="One or two lines shown under the question.")
    when: When | None = Field(
        None, description="Ask only when this holds (a list: all must hold)."
    )
    allow_skip: bool = Field(True, description="Offer 'Prefer not to answer'.")
    default: ContextValue | None = Field(
        None, description="Context questions only: the answer the plan assumes when the "
        "student gave none (e.g. in an answers file made before the question existed).",
        examples=["not_sure", 4, ["undecided"]])

    # How the front ends ask it: "choice" (one option), "multi" (any options), "yesno",
    # "number" or "text". A new type reuses one of these or adds one to both front ends.
    input_kind: ClassVar[str] = "text"
    # About how long a student spends on it, for the quiz's time estimate.
    seconds: ClassVar[int] = 20
    # Its heading in the field reference (docs/rubric-guide.md).
    title_in_docs: ClassVar[str]

    @property
    def scored(self) -> bool:
        return True

    @property
    def bounded_by(self) -> str | None:
        """The id of the question whose answer is this one's largest, if any."""
        return None

    # -- answers ----------------------------------------------------------------------------
    def read_value(self, value: Any) -> Any:
        """An answer as read from YAML, before it is checked."""
        return value

    def choices(self, rubric: Rubric) -> list[Option]:
        """The options a student picks from (Likert scores filled in); none for other types."""
        return []

    def problem(self, value: Any, rubric: Rubric,
                answers: Mapping[str, Any] | None = None) -> str | None:
        """Why `value` is not a valid answer, or None when it is. With the other `answers`,
        a number is also checked against the answer its rubric bounds it by."""
        if value is None:
            return None if self.allow_skip else "this question cannot be skipped; answer it"
        return self._value_problem(value, rubric, answers or {})

    def _value_problem(self, value: Any, rubric: Rubric,
                       answers: Mapping[str, Any]) -> str | None:
        raise NotImplementedError  # pragma: no cover - every type says

    def answer_limit(self, answers: Mapping[str, Any]) -> float | None:
        """The answer this question may not exceed, from the question its rubric bounds it
        by; None when unbounded or that question has no number answer."""
        return None

    def bound_reason(self, rubric: Rubric) -> str:
        """Why an answer above the bound is refused, in the student's terms."""
        return ""

    def format_value(self, value: Any, rubric: Rubric) -> str:
        """An answer as the student saw it: option labels, 'Yes'/'No', a number with its
        unit."""
        if value is None:
            return "Prefer not to answer"
        return self._format(value, rubric)

    def _format(self, value: Any, rubric: Rubric) -> str:
        return str(value)

    def choice_position(self, value: Any, rubric: Rubric) -> tuple[int, int] | None:
        """Where a one-option answer sits among the options: (from the start, from the
        end); None for types that are not a pick of one ordered option."""
        return None

    # -- the answers-file template ------------------------------------------------------
    def allowed_text(self, rubric: Rubric) -> str:
        """A one-line description of what an answer may be (a template comment)."""
        return self._allowed(rubric) + (" | null (skip)" if self.allow_skip else "")

    def _allowed(self, rubric: Rubric) -> str:
        raise NotImplementedError  # pragma: no cover - every type says

    def example(self, rubric: Rubric) -> Any:
        """A valid, middling answer: enough to score a template at once."""
        raise NotImplementedError  # pragma: no cover - every type says

    # -- cross-reference checks ---------------------------------------------------------
    def definition_problems(self, rubric: Rubric, at: Location, *,
                            scored: bool = True) -> list[tuple[Location, str]]:
        """What is wrong with the definition beyond its shape (options, scales, bounds); a
        context question's options need no score."""
        return []

    def bound_problems(self, rubric: Rubric, at: Location,
                       earlier: Mapping[str, Question]) -> list[tuple[Location, str]]:
        """What is wrong with `max: {question: ID}`; nothing for types without one."""
        return []

    def condition_problem(self, operator: str, operand: Any, rubric: Rubric) -> str | None:
        """Whether a condition on this question's answer makes sense (None when it does)."""
        if operator in ("at_least", "at_most"):
            return f"{operator} needs a number question; {self.id!r} is {self.type}"
        if operator == "includes":
            return f"includes needs a multiple-choice question; {self.id!r} is {self.type}"
        values = list(operand) if isinstance(operand, list) else [operand]
        return self._operand_problem(values, rubric)

    def _operand_problem(self, values: list[Any], rubric: Rubric) -> str | None:
        allowed = {o.value for o in self.choices(rubric)}
        unknown = [v for v in values if as_text(v) not in allowed]
        if unknown:
            return (f"{unknown[0]!r} is not an option of {self.id!r}; "
                    f"options: {', '.join(sorted(allowed))}")
        return None

    def condition_possible(self, condition: Condition) -> bool:
        """Whether some valid answer can meet the condition (`rubric lint`)."""
        return True

    if TYPE_CHECKING:  # every concrete type declares it as a Literal
        type: str


class ScoredQuestion(QuestionBase):
    weight: Weight = Field(1.0, description="Weight within its dimension.")
    reverse: bool = Field(False, description="Reverse keying: a score s counts as 1 - s.")

    def score(self, value: Any, rubric: Rubric) -> float:
        """The 0..1 score of a valid, non-null answer, reverse keying applied."""
        raw = self._raw_score(value, rubric)
        return 1.0 - raw if self.reverse else raw

    def score_range(self, rubric: Rubric) -> tuple[float, float]:
        """The lowest and highest 0..1 score an answer to this question can get."""
        low, high = self._raw_range(rubric)
        return (1 - high, 1 - low) if self.reverse else (low, high)

    def _raw_score(self, value: Any, rubric: Rubric) -> float:
        raise NotImplementedError  # pragma: no cover - every scored type says

    def _raw_range(self, rubric: Rubric) -> tuple[float, float]:
        raise NotImplementedError  # pragma: no cover - every scored type says


class _OneOption(ScoredQuestion):
    """Likert and single choice: the answer is the value of one option."""

    input_kind: ClassVar[str] = "choice"

    def _value_problem(self, value: Any, rubric: Rubric,
                       answers: Mapping[str, Any]) -> str | None:
        allowed = [o.value for o in self.choices(rubric)]
        if as_text(value) not in allowed or isinstance(value, bool):
            return f"{value!r} is not one of: {', '.join(allowed)}"
        return None

    def _raw_score(self, value: Any, rubric: Rubric) -> float:
        option = next(o for o in self.choices(rubric) if o.value == value)
        return option.score or 0.0

    def _raw_range(self, rubric: Rubric) -> tuple[float, float]:
        scores = [o.score or 0.0 for o in self.choices(rubric)]
        return min(scores), max(scores)

    def _format(self, value: Any, rubric: Rubric) -> str:
        labels = {o.value: o.label for o in self.choices(rubric)}
        return labels.get(str(value), str(value))

    def choice_position(self, value: Any, rubric: Rubric) -> tuple[int, int] | None:
        values = [o.value for o in self.choices(rubric)]
        at = values.index(str(value))
        return at, len(values) - 1 - at

    def _allowed(self, rubric: Rubric) -> str:
        return " | ".join(o.value for o in self.choices(rubric))

    def example(self, rubric: Rubric) -> Any:
        options = self.choices(rubric)
        return options[len(options) // 2].value


class LikertQuestion(_OneOption):
    type: Literal["likert"]
    title_in_docs: ClassVar[str] = "Likert question"
    scale: Identifier | list[Option] = Field(
        description="A named scale (built in: agreement, frequency; or from `scales`) "
        "or a list of options from lowest to highest."
    )

    def choices(self, rubric: Rubric) -> list[Option]:
        return rubric.scale_options(self)

    def definition_problems(self, rubric: Rubric, at: Location, *,
                            scored: bool = True) -> list[tuple[Location, str]]:
        if isinstance(self.scale, list):
            problems = option_problems((*at, "scale"), self.scale, need_scores=False)
            if len(self.scale) < 2:
                problems.append(((*at, "scale"), "a scale needs at least 2 options"))
            return problems
        if self.scale not in rubric.scales and self.scale not in BUILTIN_SCALES:
            known = sorted({*rubric.scales, *BUILTIN_SCALES})
            return [((*at, "scale"), f"unknown scale {self.scale!r}; "
                     f"known: {', '.join(known)}")]
        return []


class SingleChoiceQuestion(_OneOption):
    type: Literal["single"]
    title_in_docs: ClassVar[str] = "Single-choice question"
    options: list[Option] = Field(min_length=2, description="Each with a score 0..1.")

    def choices(self, rubric: Rubric) -> list[Option]:
        return self.options

    def definition_problems(self, rubric: Rubric, at: Location, *,
                            scored: bool = True) -> list[tuple[Location, str]]:
        problems = option_problems((*at, "options"), self.options, need_scores=scored)
        problems += [((*at, "options", i, "exclusive"),
                      "only multiple-choice options can be exclusive")
                     for i, option in enumerate(self.options) if option.exclusive]
        return problems


class MultipleChoiceQuestion(ScoredQuestion):
    type: Literal["multi"]
    title_in_docs: ClassVar[str] = "Multiple-choice question"
    options: list[Option] = Field(
        min_length=2,
        description="Each with a score 0..1; the answer scores the sum of those chosen, "
        "capped at 1.",
    )
    # The score is the sum of the chosen options' scores, capped at 1: "any two of these
    # count fully" is written as options scored 0.5.

    input_kind: ClassVar[str] = "multi"

    def choices(self, rubric: Rubric) -> list[Option]:
        return self.options

    def _value_problem(self, value: Any, rubric: Rubric,
                       answers: Mapping[str, Any]) -> str | None:
        allowed = [o.value for o in self.options]
        if not isinstance(value, list):
            return f"give a list of options, e.g. [{allowed[0]}]; options: {', '.join(allowed)}"
        for item in value:
            if item not in allowed:
                return f"{item!r} is not one of: {', '.join(allowed)}"
        if len(set(value)) != len(value):
            return "an option is listed twice"
        exclusive = [o.value for o in self.options if o.exclusive and o.value in value]
        if exclusive and len(value) > 1:
            return f"{exclusive[0]!r} cannot be combined with other options"
        return None

    def _raw_score(self, value: Any, rubric: Rubric) -> float:
        return min(1.0, sum(o.score or 0.0 for o in self.options if o.value in value))

    def _raw_range(self, rubric: Rubric) -> tuple[float, float]:
        combined = sum(o.score or 0.0 for o in self.options if not o.exclusive)
        alone = [o.score or 0.0 for o in self.options if o.exclusive]
        return 0.0, min(1.0, max([combined, *alone]))  # choosing nothing scores 0

    def _format(self, value: Any, rubric: Rubric) -> str:
        labels = {o.value: o.label for o in self.options}
        return "; ".join(labels.get(v, v) for v in value) if value else "None selected"

    def _allowed(self, rubric: Rubric) -> str:
        return f"a list of any of: {', '.join(o.value for o in self.options)}"

    def example(self, rubric: Rubric) -> Any:
        inclusive = [o.value for o in self.options if not o.exclusive]
        return inclusive[: max(1, len(inclusive) // 2)]

    def definition_problems(self, rubric: Rubric, at: Location, *,
                            scored: bool = True) -> list[tuple[Location, str]]:
        return option_problems((*at, "options"), self.options, need_scores=scored)

    def condition_problem(self, operator: str, operand: Any, rubric: Rubric) -> str | None:
        if operator == "includes":
            return self._operand_problem([operand], rubric)
        if operator in ("at_least", "at_most"):
            return super().condition_problem(operator, operand, rubric)
        return f"{self.id!r} is multiple choice: use `includes: OPTION`"


class YesNoQuestion(ScoredQuestion):
    type: Literal["yesno"]
    title_in_docs: ClassVar[str] = "Yes/no question"
    yes_score: Score01 = Field(1.0, description="Score of a yes (before reverse keying).")
    no_score: Score01 = Field(0.0, description="Score of a no (before reverse keying).")

    input_kind: ClassVar[str] = "yesno"

    def _value_problem(self, value: Any, rubric: Rubric,
                       answers: Mapping[str, Any]) -> str | None:
        return None if isinstance(value, bool) else "answer true (yes) or false (no)"

    def _raw_score(self, value: Any, rubric: Rubric) -> float:
        return self.yes_score if value else self.no_score

    def _raw_range(self, rubric: Rubric) -> tuple[float, float]:
        low, high = sorted((self.yes_score, self.no_score))
        return low, high

    def _format(self, value: Any, rubric: Rubric) -> str:
        return "Yes" if value else "No"

    def _allowed(self, rubric: Rubric) -> str:
        return "true | false"

    def example(self, rubric: Rubric) -> Any:
        return True

    def _operand_problem(self, values: list[Any], rubric: Rubric) -> str | None:
        if any(not isinstance(v, bool) for v in values):
            return f"{self.id!r} is yes/no: compare with true or false"
        return None


class Threshold(Model):
    at: Number = Field(description="From this value upwards ...")
    score: Score01 = Field(description="... the answer scores this (0..1).")


class AnswerBound(Model):
    """A limit taken from the answer to an earlier number question (of 40 people who
    used something, at most 40 can have come back)."""

    question: Identifier = Field(description="Id of an earlier number question.")


class NumberQuestion(ScoredQuestion):
    type: Literal["number"]
    title_in_docs: ClassVar[str] = "Number question"
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

    input_kind: ClassVar[str] = "number"
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

    def _value_problem(self, value: Any, rubric: Rubric,
                       answers: Mapping[str, Any]) -> str | None:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return "give a number"
        if not math.isfinite(value):
            return "give a finite number"
        if self.integer and value != int(value):
            return "give a whole number"
        if not self.min <= value <= self.highest:
            return f"give a number from {number_text(self.min)} to {number_text(self.highest)}"
        limit = self.answer_limit(answers)
        if limit is not None and value > limit:
            return f"give at most {number_text(limit)}: {self.bound_reason(rubric)}"
        return None

    def answer_limit(self, answers: Mapping[str, Any]) -> float | None:
        target = self.bounded_by
        if target is None:
            return None
        value = answers.get(target)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return None
        return value

    def bound_reason(self, rubric: Rubric) -> str:
        target = rubric.question(self.bounded_by or "")
        return f"that was your answer to “{clip(target.text, 60)}”"

    def _raw_score(self, value: Any, rubric: Rubric) -> float:
        raw = 0.0
        for threshold in self.thresholds:
            if value >= threshold.at:
                raw = threshold.score
        return raw

    def _raw_range(self, rubric: Rubric) -> tuple[float, float]:
        reachable = [t.score for t in self.thresholds if t.at <= self.highest]
        return min(reachable), max(reachable)

    def _format(self, value: Any, rubric: Rubric) -> str:
        number = number_text(value)
        return f"{number} {unit_for(value, self.unit)}" if self.unit else number

    def _allowed(self, rubric: Rubric) -> str:
        kind = "a whole number" if self.integer else "a number"
        # one line: the text goes into a YAML comment
        unit = f" ({_flat_clip(self.unit, 110)})" if self.unit else ""
        low, high = number_text(self.min), number_text(self.highest)
        if self.bounded_by is not None:
            return f"{kind} from {low} to the answer to {self.bounded_by}{unit}"
        return f"{kind} from {low} to {high}{unit}"

    def example(self, rubric: Rubric) -> Any:
        middle = self.thresholds[len(self.thresholds) // 2].at
        value = min(max(middle, self.min), self.highest)
        if self.bounded_by is not None:  # never above the example it is bounded by
            value = min(value, rubric.question(self.bounded_by).example(rubric))
        return int(value) if self.integer else float(value)

    def bound_problems(self, rubric: Rubric, at: Location,
                       earlier: Mapping[str, Question]) -> list[tuple[Location, str]]:
        """`max: {question: ID}` must name an earlier number question."""
        target_id = self.bounded_by
        if target_id is None:
            return []
        where = (*at, "max", "question")
        if target_id == self.id:
            return [(where, "a question cannot be bounded by its own answer")]
        target = earlier.get(target_id)
        if target is None:
            later = target_id in rubric.question_index()
            return [(where, f"{target_id!r} is asked later; `max: {{question: ID}}` can only "
                     "name an earlier number question" if later else
                     f"unknown question {target_id!r}; `max: {{question: ID}}` names an "
                     "earlier number question")]
        if not isinstance(target, NumberQuestion):
            return [(where, f"{target_id!r} is {target.type}; `max: {{question: ID}}` needs "
                     "a number question")]
        if target.highest <= self.min:
            return [(where, f"{target_id!r} goes up to {target.highest:g}, not above this "
                     f"question's min ({self.min:g})")]
        return []

    def condition_problem(self, operator: str, operand: Any, rubric: Rubric) -> str | None:
        if operator in ("at_least", "at_most"):
            return None
        return super().condition_problem(operator, operand, rubric)

    def _operand_problem(self, values: list[Any], rubric: Rubric) -> str | None:
        if any(isinstance(v, bool) or not isinstance(v, (int, float)) for v in values):
            return f"{self.id!r} is a number: compare with a number"
        return None

    def condition_possible(self, condition: Condition) -> bool:
        if condition.at_least is not None and condition.at_least > self.highest:
            return False
        return not (condition.at_most is not None and condition.at_most < self.min)


class TextQuestion(QuestionBase):
    """A free-text reflection: never scored, quoted verbatim in the plan."""

    type: Literal["text"]
    title_in_docs: ClassVar[str] = "Free-text reflection"
    max_length: int = Field(2000, ge=1, le=MAX_TEXT, description="Longest answer accepted.")
    multiline: bool = Field(True, description="Offer multi-line entry.")

    input_kind: ClassVar[str] = "text"
    seconds: ClassVar[int] = 90

    @property
    def scored(self) -> bool:
        return False

    def _value_problem(self, value: Any, rubric: Rubric,
                       answers: Mapping[str, Any]) -> str | None:
        if not isinstance(value, str):
            return "give text (put quotes around it)"
        if len(value) > self.max_length:
            return f"at most {self.max_length} characters (this is {len(value)})"
        return None

    def read_value(self, value: Any) -> Any:
        return as_text(value)  # `1.10` answers a text question as written, not as 1.1

    def _allowed(self, rubric: Rubric) -> str:
        return f"free text, at most {self.max_length} characters"

    def example(self, rubric: Rubric) -> Any:
        return "An example reflection: what I learned, and what I will try next."

    def condition_problem(self, operator: str, operand: Any, rubric: Rubric) -> str | None:
        return f"{self.id!r} is free text; conditions cannot look at free text"


def option_problems(at: Location, options: list[Option], *,
                    need_scores: bool) -> list[tuple[Location, str]]:
    """Duplicate option values, and (where scores count) options without a score."""
    problems: list[tuple[Location, str]] = []
    seen: set[str] = set()
    for i, option in enumerate(options):
        if option.value in seen:
            problems.append(((*at, i, "value"), f"duplicate option value {option.value!r}"))
        seen.add(option.value)
        if need_scores and option.score is None:
            problems.append(((*at, i, "score"), "give this option a score between 0 and 1"))
    return problems


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


def question_types() -> tuple[type[QuestionBase], ...]:
    """Every question type a rubric may use, in the order the docs list them."""
    union = typing.get_args(Question)[0]
    return typing.get_args(union)


def type_names() -> list[str]:
    """The `type:` values of the question types: likert, single, ..."""
    return [typing.get_args(cls.model_fields["type"].annotation)[0] for cls in question_types()]


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
        default_factory=empty_list, description="Recommend it when the dimension lands in these."
    )
    when: When | None = Field(
        None, description="Recommend it when this holds: an answer, or the student's "
        "situation (context questions such as stage, path or work authorisation).")
    resources: list[Resource] = Field(default_factory=empty_list)
    effort_hours: Hours | None = Field(
        None, description="Estimated hours of work, so the plan fits the student's weekly "
        f"hours (without it the plan assumes {DEFAULT_EFFORT_HOURS:g}).", examples=[3, 12])
    replace: list[Identifier] = Field(
        default_factory=empty_list, description="Ids of actions this one stands in for: when it is "
        "chosen they are not (a first step triggered by an answer replaces its band twin).",
        examples=[["product_weekend_demo"]])
    caveat: Text | None = Field(
        None, description="A condition of its own, shown with the action (e.g. check your "
        "visa's work authorisation before accepting money).",
        examples=["Check your visa's work authorisation and your university's rules before "
                  "accepting money."])
    advisor_prompts: list[Text] = Field(
        default_factory=empty_list, max_length=3, description="Questions to talk over with an "
        "advisor when this action is a top priority (the PDF's advisor page).")

    @model_validator(mode="after")
    def _has_trigger(self) -> Action:
        if not self.bands and self.when is None:
            raise ValueError("an action needs `bands`, `when`, or both, to ever be chosen")
        return self


class Quote(Model):
    """Words from the source the rubric rests on, kept apart from the rubric's commentary."""

    text: Text = Field(description="The words, verbatim.",
                       examples=["don't choose a topic that clearly improves with scale."])
    source: Text | None = Field(None, description="Who wrote them, and where.",
                                examples=["A former ML PhD student's reply to a blog post"])
    date: Text | None = Field(None, description="When, e.g. 'late 2024'.",
                              examples=["late 2024", "2024-11"])


class ContextWeight(Model):
    """A dimension weight that applies in a situation (e.g. a founder path weighs sales
    more)."""

    when: When = Field(description="Conditions on context questions (a list: all must hold).",
                       examples=[{"question": "target_paths", "includes": "founder"}])
    weight: Weight = Field(description="The dimension's weight when this holds.",
                           examples=[1.5, 0.25])


class Dimension(Model):
    id: Identifier
    title: Text = Field(description="Shown as the section header in the quiz and the plan.")
    weight: Weight = Field(1.0, description="Weight in the overall score (0 or more).")
    context_weights: list[ContextWeight] = Field(
        default_factory=empty_list, description="Other weights by situation; the first that holds "
        "replaces `weight`.",
        examples=[[{"when": {"question": "expected_finish", "equals": "over_2_years"},
                    "weight": 0.25}]])
    quote: Quote | None = Field(None, description="The source's words this dimension rests "
                                "on, printed apart from `why`.",
                                examples=[{"text": "embrace LLMs and foundation models.",
                                           "source": "An essay", "date": "late 2024"}])
    why: Text = Field(description="Why this dimension matters: the rubric's own words (or, "
                      "without `quote`, the advice it rests on).")
    min_answered: int | None = Field(
        None, ge=1, le=1000, description="Scored answers needed before the dimension gets a "
        "score; with fewer it shows 'not enough answers' instead of a band.", examples=[3])
    summary: Text | None = Field(None, description="One line shown at the section start.")
    bands: list[Band] | None = Field(None, description="Overrides the rubric's bands.")
    questions: list[Question] = Field(
        min_length=1, description="Asked in this order; at least one must be scored."
    )
    actions: list[Action] = Field(
        default_factory=empty_list, description="Steps the plan can recommend for this dimension."
    )
    advisor_prompts: list[Text] = Field(
        default_factory=empty_list, max_length=3, description="Questions to talk over with an "
        "advisor about this dimension, for actions that have none of their own.")


class ContextSection(Model):
    """Questions about the student's situation, asked before the scored ones and never
    scored. Their answers can be used in `when` and `context_weights`."""

    title: Text = Field("Your situation", description="Section header in the quiz and PDF.",
                        examples=["Your situation"])
    intro: Text | None = Field(None, description="One line shown at the section start.",
                               examples=["A few questions about where you are. They are not "
                                         "scored."])
    questions: list[Question] = Field(
        min_length=1, description="Asked first, in this order.",
        examples=[[{"id": "may_earn", "type": "yesno", "default": False,
                    "text": "May you earn income outside your PhD?"}]])


class PlanSettings(Model):
    """How the plan is ordered and fitted to the student's time."""

    priority: list[Identifier | Annotated[list[Identifier], Field(min_length=1)]] = Field(
        default_factory=empty_list, description="Dimension ids, most important first; a list "
        "groups dimensions of equal rank. Adjusted by gap x weight; unlisted ones rank last.",
        examples=[["scale_resilience", "llm_literacy", ["product_building", "sales_gtm"]]])
    first_window_cap: int = Field(
        5, ge=1, le=5, description="Most actions in the first 30 days (5 at most).",
        examples=[4])
    hours_question: Identifier | None = Field(
        None, description="A number context question: hours a week the student can give.",
        examples=["hours_per_week"])
    default_hours_per_week: Annotated[float, Field(gt=0, le=80, allow_inf_nan=False)] = Field(
        4.0, description="Hours a week assumed when the student gave none.", examples=[4])
    triggered_first: bool = Field(
        False, description="Let actions chosen by an answer jump ahead of every other.",
        examples=[False])
    retake_days: int = Field(
        182, ge=14, le=730, description="Days until the student should take the assessment "
        "again: the calendar's reminder and the advisor page's next review.")


class ConsistencyCheck(Model):
    """Answers that contradict each other: shown as 'worth a second look', never scored."""

    id: Identifier
    when: When = Field(description="The contradicting answers (a list: all must hold).",
                       examples=[[{"question": "product_outside_users", "at_most": 0},
                                  {"question": "product_done_end_to_end",
                                   "includes": "deployed_app"}]])
    message: Text = Field(description="What looks inconsistent, as the student reads it.",
                          examples=["You deployed an app, yet no one outside your lab used "
                                    "it."])


class Removal(Model):
    dimensions: list[Identifier] = Field(default_factory=empty_list, description="Dimension ids.")
    questions: list[Identifier] = Field(default_factory=empty_list, description="Question ids.")
    actions: list[Identifier] = Field(default_factory=empty_list, description="Action ids.")


class Rubric(Model):
    """A whole rubric file."""

    id: Identifier
    title: Text = Field(description="The rubric's name, shown on the welcome screen and PDF.")
    version: Annotated[
        str,
        Field(pattern=r"^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$", description="Semantic version.",
              examples=["1.0.0", "2.1.0-draft"]),
        BeforeValidator(as_text),
    ]
    language: Annotated[
        str,
        Field(pattern=r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$",
              examples=["en", "de", "zh-Hans", "pt-BR"]),
        BeforeValidator(as_text),
    ] = Field("en", description="The language of the rubric's texts, as a BCP 47 tag (en, "
              "de, zh-Hans): the HTML plan declares it, so screen readers pronounce it "
              "right.")
    description: MaybeEmptyText = Field("", description="Who the rubric is for, in a few "
                                        "sentences.")
    authors: list[Text] = Field(default_factory=empty_list, description="Who wrote the rubric.")
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
        "scored.", examples=[{"questions": [{"id": "hours_per_week", "type": "number",
                                             "text": "Hours a week for this plan?", "min": 1,
                                             "max": 40, "default": 4,
                                             "thresholds": [{"at": 1, "score": 0}]}]}])
    plan: PlanSettings = Field(default_factory=PlanSettings,
                               description="Ordering and time budget of the plan.",
                               examples=[{"priority": ["scale_resilience", "llm_literacy"],
                                          "first_window_cap": 4,
                                          "hours_question": "hours_per_week"}])
    checks: list[ConsistencyCheck] = Field(
        default_factory=empty_list, description="Pairs of answers that contradict each other.",
        examples=[[{"id": "users_without_an_app",
                    "when": [{"question": "product_outside_users", "at_most": 0},
                             {"question": "product_done_end_to_end",
                              "includes": "deployed_app"}],
                    "message": "You deployed an app, yet no one outside your lab used it."}]])

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

    def options(self, question: Question) -> list[Option]:
        """The options of a question, with Likert scores filled in (none for types
        without options)."""
        return question.choices(self)

    def scale_options(self, question: LikertQuestion) -> list[Option]:
        """A Likert question's scale as options, scores filled in by position."""
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

    def scored_questions(self, dimension: Dimension) -> list[ScoredQuestion]:
        """A section's questions that count towards its score (free text does not)."""
        return [q for q in dimension.questions if isinstance(q, ScoredQuestion)]

    def estimated_minutes(self) -> int:
        if self.minutes is not None:
            return self.minutes
        seconds = sum(q.seconds for _, q in self.questions())
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
