"""Every question type carries its whole behaviour on its class (careerkit.rubric).

The checks here run over every member of the `Question` union, so a new type is held to
all of them as soon as it is added to the union and to tests/data/rubrics/all-types.yaml
(docs/question-types.md).
"""

from __future__ import annotations

from typing import Any

import pytest

from careerkit.answers import parse_answers, template_yaml
from careerkit.prompts import RichUI
from careerkit.prompts.input import INPUT_KINDS, PLAIN_PARSERS
from careerkit.rubric import QuestionBase, Rubric, question_types, type_names
from careerkit.scoring import score

TYPES = question_types()


def questions_of(rubric: Rubric, cls: type[QuestionBase]) -> list[Any]:
    return [q for _, q in rubric.questions() if type(q) is cls]


def test_the_example_rubric_uses_every_question_type(all_types: Rubric) -> None:
    assert {type(q) for _, q in all_types.questions()} == set(TYPES)
    assert type_names() == ["likert", "single", "multi", "yesno", "number", "text"]


@pytest.mark.parametrize("cls", TYPES, ids=type_names())
def test_each_type_accepts_its_own_example_and_scores_it_within_its_range(
    all_types: Rubric, cls: type[QuestionBase]
) -> None:
    for question in questions_of(all_types, cls):
        example = question.example(all_types)
        assert question.problem(example, all_types, {}) is None
        assert question.format_value(example, all_types) not in ("", "Prefer not to answer")
        if question.scored:
            low, high = question.score_range(all_types)
            assert 0 <= low <= question.score(example, all_types) <= high <= 1


@pytest.mark.parametrize("cls", TYPES, ids=type_names())
def test_each_type_refuses_an_answer_of_the_wrong_shape_and_says_what_to_give(
    all_types: Rubric, cls: type[QuestionBase]
) -> None:
    for question in questions_of(all_types, cls):
        message = question.problem({"not": "an answer"}, all_types, {})
        assert isinstance(message, str) and message
        skipped = question.problem(None, all_types)
        assert (skipped is None) == question.allow_skip
        assert question.format_value(None, all_types) == "Prefer not to answer"


@pytest.mark.parametrize("cls", TYPES, ids=type_names())
def test_each_type_describes_its_answers_on_one_template_line(
    all_types: Rubric, cls: type[QuestionBase]
) -> None:
    for question in questions_of(all_types, cls):
        allowed = question.allowed_text(all_types)
        assert allowed and "\n" not in allowed
        assert allowed.endswith(" | null (skip)") == question.allow_skip
        assert question.input_kind in INPUT_KINDS


def test_both_front_ends_ask_for_every_input_kind() -> None:
    assert set(PLAIN_PARSERS) == set(RichUI.ASKERS) == set(INPUT_KINDS)
    assert all(callable(getattr(RichUI, name)) for name in RichUI.ASKERS.values())


def test_a_filled_template_of_every_type_scores(all_types: Rubric) -> None:
    answers = parse_answers(template_yaml(all_types, example=True), all_types)
    card = score(answers, all_types)
    assert card.overall is not None and 0 <= card.overall <= 100
