"""Which actions a student gets, in which order, and why (careerkit.plan)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from careerkit.answers import Answers, parse_answers, template_yaml
from careerkit.plan import MAX_PER_DIMENSION, ActionPlan, build_plan, horizon_bucket
from careerkit.rubric import Rubric
from careerkit.scoring import score

FIXTURE = Path(__file__).parent / "data" / "report" / "plan.yaml"
RUBRIC = FIXTURE  # the `rubric` fixture (conftest.py) loads this one



@pytest.fixture(scope="module")
def example(rubric: Rubric) -> Answers:
    return parse_answers(template_yaml(rubric, example=True), rubric)


def plan_for(rubric: Rubric, example: Answers, **changes: Any) -> ActionPlan:
    """The plan for the example answers with some answers changed (None removes one)."""
    given = {**example.answers, **changes}
    given = {k: v for k, v in given.items() if v is not None}
    answers = example.model_copy(update={"answers": given})
    return build_plan(score(answers, rubric), rubric, answers)


def test_an_answer_triggered_action_comes_first_and_says_which_answer(
    rubric: Rubric, example: Answers
) -> None:
    plan = plan_for(rubric, example, papers=0)
    reading = plan.dimensions[0]
    first = reading.actions[0]
    assert first.action_id == "read_six"
    assert first.trigger == "answer"
    assert first.triggered_by == ["papers"]
    assert "“0 papers”" in first.reason
    assert "How many papers did you read end to end last month?" in first.reason


def test_band_actions_follow_the_dimension_band_with_a_reason(
    rubric: Rubric, example: Answers
) -> None:
    plan = plan_for(rubric, example)  # reading lands at 50: Building
    reading = plan.dimensions[0]
    assert [a.action_id for a in reading.actions] == ["reading_map", "reading_slot"]
    assert all(a.trigger == "band" for a in reading.actions)
    assert reading.actions[0].reason == (
        "Chosen because “Reading the field” scored 50, in the band “Building”.")


def test_each_dimension_shows_at_most_two_actions(rubric: Rubric, example: Answers) -> None:
    plan = plan_for(rubric, example, papers=0)  # one triggered + three band actions offered
    assert MAX_PER_DIMENSION == 2
    assert [a.action_id for a in plan.dimensions[0].actions] == ["read_six", "reading_map"]
    assert all(len(d.actions) <= MAX_PER_DIMENSION for d in plan.dimensions)


def test_no_action_is_offered_twice(rubric: Rubric, example: Answers) -> None:
    # "Draw a map of the field" is an action of two dimensions: only the first keeps it.
    plan = plan_for(rubric, example, shipped=False, users=None, papers=3)
    titles = [a.title for a in plan.actions]
    assert len(titles) == len(set(titles))
    building = plan.dimensions[1]
    assert [a.action_id for a in building.actions] == ["ship_first", "ship_weekly"]
    assert "draw_map" not in {a.action_id for a in plan.actions}


def test_numbers_read_dimension_dot_rank_and_steps_run_through_the_timeline(
    rubric: Rubric, example: Answers
) -> None:
    plan = plan_for(rubric, example, papers=0)
    numbers = [a.number for d in plan.dimensions for a in d.actions]
    assert numbers == ["1.1", "1.2", "2.1", "3.1", "3.2"]
    assert [a.step for a in plan.actions] == list(range(1, len(numbers) + 1))
    by_number = {a.number: a.step for d in plan.dimensions for a in d.actions}
    assert sorted(by_number.values()) == [a.step for a in plan.actions]


def test_timeline_orders_by_gap_times_weight_not_by_trigger(
    rubric: Rubric, example: Answers
) -> None:
    # Building products: shipped=no scores 25 with weight 2 (gap 150); Reading the field:
    # papers=0 scores 25 with weight 1 (gap 75). Each dimension's second action counts 0.6
    # of its first, so Building's band action (90) still comes before Reading's (45).
    plan = plan_for(rubric, example, shipped=False, users=None, papers=0)
    assert [g.days for g in plan.timeline] == [30, 90, 180]
    assert [g.label for g in plan.timeline] == [
        "Next 30 days", "Days 31 to 90", "Days 91 to 180 and beyond"]
    assert [a.action_id for a in plan.timeline[0].actions] == [
        "ship_first", "read_six", "reading_map"]
    assert [a.priority for a in plan.timeline[0].actions] == [150.0, 75.0, 45.0]
    assert [a.action_id for a in plan.timeline[1].actions] == ["ship_weekly", "apply_ten"]
    assert [a.action_id for a in plan.timeline[2].actions] == ["cv_rewrite"]  # 400 days
    assert all(a.horizon == g.days for g in plan.timeline for a in g.actions)


def test_a_triggered_action_does_not_jump_ahead_of_a_bigger_gap(
    rubric: Rubric, example: Answers
) -> None:
    # papers=0 triggers read_six (Reading: gap 75); Building is High (gap 66.7): the
    # triggered action leads only because its gap is the larger one.
    plan = plan_for(rubric, example, papers=0)
    assert [p.action_id for p in plan.top_priorities][:2] == ["read_six", "grow_users"]
    jump = rubric.model_copy(update={"plan": rubric.plan.model_copy(
        update={"triggered_first": True})})
    answers = example.model_copy(update={"answers": {**example.answers, "papers": 0}})
    assert build_plan(score(answers, jump), jump, answers).top_priorities[0].action_id == (
        "read_six")


@pytest.mark.parametrize(("days", "group"), [
    (1, 30), (30, 30), (31, 90), (90, 90), (91, 180), (180, 180), (3650, 180)])
def test_horizon_bucket(days: int, group: int) -> None:
    assert horizon_bucket(days) == group


def test_top_priorities_are_three_sentences_from_different_dimensions(
    rubric: Rubric, example: Answers
) -> None:
    plan = plan_for(rubric, example, shipped=False, users=None, papers=0)
    top = plan.top_priorities
    assert [p.number for p in top] == ["2.1", "1.1", "3.1"]
    assert len({p.dimension_id for p in top}) == 3
    assert top[0].sentence == ("Ship a first version to five users, within 30 days (about 4 "
                               "h) — done when: Five outside users tried it and you wrote "
                               "down what they said.")
    for priority in top:
        assert "\n" not in priority.sentence
        assert priority.sentence.endswith(".")
        assert priority.sentence.count(". ") == 0


def test_answers_that_raised_and_lowered_a_score_are_named(
    rubric: Rubric, example: Answers
) -> None:
    plan = plan_for(rubric, example, papers=0, habit="daily")
    reading = plan.dimensions[0]
    assert [c.question_id for c in reading.raised_by] == ["habit"]
    assert [c.question_id for c in reading.lowered_by] == ["papers"]


def test_a_dimension_without_answers_gets_no_band_actions(
    rubric: Rubric, example: Answers
) -> None:
    plan = plan_for(rubric, example, applied=None, confident=None)
    market = plan.dimensions[2]
    assert market.score is None
    assert market.band is None
    assert market.actions == []


def test_the_plan_survives_json(rubric: Rubric, example: Answers) -> None:
    plan = plan_for(rubric, example, papers=0)
    assert ActionPlan.model_validate_json(plan.model_dump_json()) == plan


def test_the_same_answers_give_the_same_plan(rubric: Rubric, example: Answers) -> None:
    assert plan_for(rubric, example, papers=0) == plan_for(rubric, example, papers=0)


def test_chosen_action_ids_are_the_plans_actions(default_rubric: Rubric) -> None:
    from careerkit.answers import parse_answers, template_yaml
    from careerkit.plan import build_plan, chosen_action_ids
    from careerkit.scoring import score

    rubric = default_rubric
    answers = parse_answers(template_yaml(rubric, example=True), rubric)
    card = score(answers, rubric)
    plan = build_plan(card, rubric, answers)
    scores = {k: d.score for k, d in card.dimensions.items()}
    assert sorted(chosen_action_ids(scores, rubric, answers)) == sorted(
        a.action_id for a in plan.actions)
