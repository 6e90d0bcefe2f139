"""Scoring: each question type, reverse keying, weights, conditions, bands, the why-trail."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careerkit.answers import Answers, RubricPin, answer_limit, asked_questions, check_answers, pin
from careerkit.rubric import (
    LikertQuestion,
    MultipleChoiceQuestion,
    NumberQuestion,
    Rubric,
    SingleChoiceQuestion,
    TextQuestion,
    YesNoQuestion,
)
from careerkit.scoring import Scorecard, question_score, quick_scores, score


def answers_for(rubric: Rubric, values: dict[str, Any]) -> Answers:
    answers = Answers(rubric=pin(rubric), respondent="Ada", answers=values)
    assert check_answers(answers, rubric) == []
    return answers


FULL = {
    "likert_named": "high",  # 1.0
    "likert_reverse": "agree",  # agree = 0.75 on agreement, reversed -> 0.25
    "single": "some",  # 0.25
    "ship": True,  # 1.0
    "users": 100,  # 1.0
    "skills": ["sold", "designed", "interviewed"],  # 1.5 capped -> 1.0
    "custom": "a",  # 0.0
    "paid": False,  # 0.0
    "reflect": "I would build a tool.\nThen sell it.",
}


def test_each_question_type_and_reverse_keying(all_types: Rubric) -> None:
    def s(qid: str, value: Any) -> float:
        question = all_types.question(qid)
        assert isinstance(
            question,
            (LikertQuestion, SingleChoiceQuestion, MultipleChoiceQuestion, YesNoQuestion,
             NumberQuestion),
        )
        return question_score(all_types, question, value)

    assert [s("likert_named", v) for v in ("low", "mid", "high")] == [0.0, 0.5, 1.0]
    assert [s("likert_reverse", v) for v in ("strongly_disagree", "agree")] == [1.0, 0.25]
    assert s("single", "lots") == 1.0 and s("single", "some") == 0.25
    assert s("ship", True) == 1.0 and s("ship", False) == 0.0
    assert [s("users", v) for v in (0, 1, 99, 100, 1000)] == [0.0, 0.4, 0.4, 1.0, 1.0]
    assert s("skills", ["sold"]) == 0.5 and s("skills", ["sold", "designed", "interviewed"]) == 1
    assert s("skills", ["none"]) == 0.0
    assert s("custom", "a") == 0.0 and s("custom", "b") == 1.0


def test_dimension_score_is_the_weighted_mean_and_the_trail_adds_up(all_types: Rubric) -> None:
    card = score(answers_for(all_types, FULL), all_types)
    first = card.dimensions["first"]
    # weights 1, 2, 1, 1, 1 over scores 1, .25, .25, 1, 1
    expected = 100 * (1 * 1 + 2 * 0.25 + 1 * 0.25 + 1 + 1) / 6
    assert first.score == pytest.approx(expected)
    assert sum(c.points for c in first.contributions) == pytest.approx(first.score)
    assert sum(c.max_points for c in first.contributions) == pytest.approx(100)
    assert [c.answer for c in first.contributions][:2] == ["High", "Agree"]
    assert first.contributions[1].reverse is True
    second = card.dimensions["second"]
    assert second.score == pytest.approx(100 * (1 + 0 + 0) / 3)
    assert second.band == "mid"  # the dimension's own bands: 33.3 is in [30, 60)
    assert first.band == "high"
    # overall: weights 2 and 1
    assert card.overall == pytest.approx((2 * first.score + second.score) / 3)


def test_free_text_is_never_scored(all_types: Rubric) -> None:
    card = score(answers_for(all_types, FULL), all_types)
    ids = {c.question_id for d in card.dimensions.values() for c in d.contributions}
    assert "reflect" not in ids
    assert isinstance(all_types.question("reflect"), TextQuestion)


def test_hidden_and_skipped_questions_are_left_out_and_counted(all_types: Rubric) -> None:
    values = dict(FULL, ship=False, skills=["none"], likert_named=None)
    del values["users"], values["paid"]
    card = score(answers_for(all_types, values), all_types)
    first = card.dimensions["first"]
    # users is hidden (ship is false), likert_named skipped: asked 4, answered 3
    assert (first.coverage.asked, first.coverage.answered, first.coverage.skipped) == (4, 3, 1)
    assert first.score == pytest.approx(100 * (2 * 0.25 + 0.25 + 0) / 4)
    assert card.coverage.asked == 4 + 2  # paid is hidden too


def test_conditions_decide_which_questions_are_asked(all_types: Rubric) -> None:
    asked = [q.id for q in asked_questions(all_types, {"ship": False, "skills": ["sold"]})]
    assert "users" not in asked and "paid" in asked
    asked = [q.id for q in asked_questions(all_types, {"ship": True, "skills": ["designed"]})]
    assert "users" in asked and "paid" not in asked


@pytest.mark.parametrize(
    ("values", "band"),
    [
        ({"single": "none", "custom": "a"}, "low"),  # 0
        ({"single": "lots", "custom": "b"}, "high"),  # 100: the top band includes 100
    ],
)
def test_bands_at_0_and_100(all_types: Rubric, values: dict[str, Any], band: str) -> None:
    card = score(answers_for(all_types, values), all_types)
    assert card.dimensions["first"].band == band


def test_nothing_answered_gives_no_score_not_zero(all_types: Rubric) -> None:
    card = score(answers_for(all_types, {"single": "none"}), all_types)
    assert card.dimensions["second"].score is None
    assert card.dimensions["second"].band is None
    assert card.overall == 0.0  # only the first dimension counts


def test_scoring_is_deterministic(all_types: Rubric) -> None:
    answers = answers_for(all_types, FULL)
    first, second = score(answers, all_types), score(answers, all_types)
    assert first.model_dump_json() == second.model_dump_json()


@st.composite
def valid_answers(draw: st.DrawFn, rubric: Rubric) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for _, question in rubric.questions():
        if question not in asked_questions(rubric, values):
            continue
        if question.allow_skip and draw(st.booleans()) and draw(st.booleans()):
            values[question.id] = None
            continue
        if isinstance(question, (LikertQuestion, SingleChoiceQuestion)):
            values[question.id] = draw(st.sampled_from([o.value for o in rubric.options(question)]))
        elif isinstance(question, MultipleChoiceQuestion):
            plain = [o.value for o in question.options if not o.exclusive]
            exclusive = [o.value for o in question.options if o.exclusive]
            if exclusive and draw(st.booleans()):
                values[question.id] = [draw(st.sampled_from(exclusive))]
            else:
                values[question.id] = draw(st.lists(st.sampled_from(plain), unique=True))
        elif isinstance(question, YesNoQuestion):
            values[question.id] = draw(st.booleans())
        elif isinstance(question, NumberQuestion):
            limit = answer_limit(rubric, question, values)
            top = question.highest if limit is None else min(limit, question.highest)
            if question.integer:
                values[question.id] = draw(
                    st.integers(math.ceil(question.min), math.floor(top)))
            else:
                values[question.id] = draw(st.floats(question.min, top))
        else:
            values[question.id] = draw(st.text(max_size=50))
    return values


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_any_valid_answers_to_the_default_rubric_score_within_0_and_100(
    data: st.DataObject, default_rubric: Rubric
) -> None:
    values = data.draw(valid_answers(default_rubric))
    answers = Answers(rubric=pin(default_rubric), answers=values)
    assert check_answers(answers, default_rubric) == []
    card = score(answers, default_rubric)
    for dimension in card.dimensions.values():
        if dimension.score is not None:
            assert 0 <= dimension.score <= 100 + 1e-9
            assert math.isclose(sum(c.points for c in dimension.contributions),
                                dimension.score, abs_tol=1e-9)
    assert card.overall is None or 0 <= card.overall <= 100 + 1e-9
    overall, scores = quick_scores(answers, default_rubric)  # the cohort's lean path agrees
    assert overall == card.overall
    assert scores == {k: d.score for k, d in card.dimensions.items()}


def test_answers_for_another_rubric_are_refused(all_types: Rubric) -> None:
    answers = Answers(rubric=RubricPin(id="other", version="1.0.0"), answers={})
    [problem] = check_answers(answers, all_types)
    assert "for rubric 'other', not 'all-types'" in problem.message


def test_summary_table_and_its_plain_form(all_types: Rubric) -> None:
    from careerkit.rubric import shown
    from careerkit.summary import scorecard_table

    card = score(answers_for(all_types, FULL), all_types)
    table = scorecard_table(card)
    assert "First dimension" in table and "█" in table and "High" in table
    plain = scorecard_table(card, plain=True)
    first = card.dimensions["first"].score
    assert f"First dimension: {shown(first)} out of 100, High." in plain
    assert "█" not in plain and "─" not in plain


@pytest.mark.parametrize("width", [50, 80])
def test_what_is_worth_a_second_look_wraps_between_words_in_the_terminal(width: int) -> None:
    from careerkit.scoring import SecondLook
    from careerkit.summary import second_look_lines

    message = ("The same position was chosen on all 14 choice questions (for example, always "
               "the last option). If that is not how things really are, answer again.")
    card = Scorecard.model_construct(second_looks=[SecondLook(id="uniform", message=message)])
    lines = second_look_lines(card, width)
    assert lines[:2] == ["", "Worth a second look:"]
    assert all(len(line) <= width for line in lines)
    assert lines[2].startswith("- ") and all(line.startswith("  ") for line in lines[3:])
    assert " ".join(" ".join(lines[2:]).split()).removeprefix("- ") == message
