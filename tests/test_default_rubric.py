"""The bundled default rubric keeps the promises made about it."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from careerkit.answers import Answers, check_answers, pin
from careerkit.plan import build_plan, chosen_action_ids
from careerkit.rubric import (
    Action,
    Dimension,
    LikertQuestion,
    MultipleChoiceQuestion,
    NumberQuestion,
    Rubric,
    ScoredQuestion,
    SingleChoiceQuestion,
    TextQuestion,
    YesNoQuestion,
    bundled_rubrics,
    conditions_hold,
    conditions_of,
    load_rubric,
)
from careerkit.scoring import score

ESSAY = Path(__file__).resolve().parents[2] / "shared" / "seed" / "essay.txt"


def test_file_name_and_identity(default_rubric: Rubric) -> None:
    assert default_rubric.id == "ml-phd-career"
    assert bundled_rubrics()["ml-phd-career"].name == "ml-phd-career.yaml"


def test_size_and_coverage(default_rubric: Rubric) -> None:
    assert len(default_rubric.dimensions) >= 6
    questions = [q for _, q in default_rubric.questions()]
    assert sum(1 for q in questions if q.scored) >= 24
    assert sum(1 for q in questions if isinstance(q, TextQuestion)) >= 2
    assert {q.type for q in questions} == {"likert", "single", "multi", "yesno", "number",
                                           "text"}
    topics = " ".join(d.title.lower() for d in default_rubric.dimensions)
    for word in ("llm", "scale", "taste", "product", "sales", "ux", "market", "phd"):
        assert word in topics


def test_every_band_of_every_dimension_has_two_concrete_actions(default_rubric: Rubric) -> None:
    for dimension in default_rubric.dimensions:
        per_band = Counter(b for a in dimension.actions for b in a.bands)
        for band in default_rubric.bands_for(dimension):
            assert per_band[band.id] >= 2, (dimension.id, band.id)
        for action in dimension.actions:
            assert action.outcome.strip() and action.do.strip() and action.horizon_days > 0


def test_every_dimension_quotes_the_essay_apart_from_its_commentary(
    default_rubric: Rubric
) -> None:
    """The essay's words live in `quote` (with source and date), the rubric's own words in
    `why`; any essay words `why` quotes are verbatim too."""
    if not ESSAY.is_file():
        pytest.skip(f"the seed essay is not beside the repository ({ESSAY})")
    essay = " ".join(ESSAY.read_text(encoding="utf-8").split())
    for dimension in default_rubric.dimensions:
        quote = dimension.quote
        assert quote is not None and quote.source and quote.date, dimension.id
        assert len(quote.text) >= 20 and " ".join(quote.text.split()) in essay, dimension.id
        assert quote.text not in dimension.why, dimension.id
        for words in re.findall(r"[\"“]([^\"”]*)[\"”]", dimension.why):
            assert " ".join(words.split()) in essay, (dimension.id, words)


def test_the_context_asks_what_the_plan_needs(default_rubric: Rubric) -> None:
    assert default_rubric.context is not None
    ids = [q.id for q in default_rubric.context.questions]
    assert ids == ["phd_year", "expected_finish", "target_paths", "may_earn", "compute",
                   "scale_fit", "next_event", "hours_per_week"]
    assert all(q.default is not None for q in default_rubric.context.questions)
    assert default_rubric.plan.hours_question == "hours_per_week"
    paths = default_rubric.question("target_paths")
    assert [o.value for o in default_rubric.options(paths)] == [  # type: ignore[arg-type]
        "academic", "industry_research", "applied", "founder", "undecided"]


@pytest.mark.parametrize("name", ["ml-phd-career", "postdoc-to-industry"])
def test_every_action_has_hours_and_money_actions_carry_a_caveat(
        name: str, shared_rubric: Callable[[str], Rubric]) -> None:
    rubric = shared_rubric(name)
    for dimension in rubric.dimensions:
        for action in dimension.actions:
            assert action.effort_hours is not None and action.effort_hours > 0, action.id
            text = f"{action.title} {action.do}".lower()
            if re.search(r"\bto pay\b|revenue|paid (tier|pilot)|consulting", text):
                assert action.caveat and "visa" in action.caveat, action.id
                assert action.when is not None and "may_earn" in {
                    c.question for c in conditions_of(action.when)}, action.id


# -- version 2.0.0: the review's findings, as properties of the rubric -------------------------

BEHAVIOUR_WINDOW = re.compile(
    r"\bin the last (\d+|a|one|two|three|four|six|twelve) (days?|weeks?|months?|years?)\b",
    re.IGNORECASE)
SCORING_HINT = re.compile(r"counts? fully|\bscor|\bpoints?\b|(?<![-\w])weigh|\bfull credit",
                          re.IGNORECASE)
PATHS = ["academic", "industry_research", "applied", "founder"]
BEYOND_CORE_ML = ["product_building", "sales_gtm", "ux_taste"]


def _dimension(rubric: Rubric, dimension_id: str) -> Dimension:
    (dimension,) = [d for d in rubric.dimensions if d.id == dimension_id]
    return dimension


def _action(rubric: Rubric, action_id: str) -> Action:
    (action,) = [a for d in rubric.dimensions for a in d.actions if a.id == action_id]
    return action


def _scored(rubric: Rubric) -> list[ScoredQuestion]:
    return [q for d in rubric.dimensions for q in d.questions if isinstance(q, ScoredQuestion)]


def test_the_advice_has_a_dimension_for_each_part_of_the_essay(default_rubric: Rubric) -> None:
    ids = [d.id for d in default_rubric.dimensions]
    assert ids == ["llm_literacy", "scale_resilience", "research_taste", "product_building",
                   "sales_gtm", "ux_taste", "job_market", "phd_progress"]
    assert default_rubric.version == "2.0.0"


def test_six_or_more_reverse_keyed_items_most_of_them_about_behaviour(
    default_rubric: Rubric
) -> None:
    """Answering yes or agree everywhere must cost points: enough items are keyed the
    other way, and most of them ask what the student did, in a recall window."""
    reversed_items = [q for q in _scored(default_rubric) if q.reverse]
    assert len(reversed_items) >= 6
    behaviour = [q for q in reversed_items
                 if (isinstance(q, YesNoQuestion) and BEHAVIOUR_WINDOW.search(q.text))
                 or q.text.startswith("I have not")]
    assert len(behaviour) * 2 > len(reversed_items), [q.id for q in behaviour]


@pytest.mark.parametrize("name", ["ml-phd-career", "postdoc-to-industry"])
def test_no_help_text_says_how_an_item_is_scored(
        name: str, shared_rubric: Callable[[str], Rubric]) -> None:
    rubric = shared_rubric(name)
    for _, question in rubric.questions():
        assert not SCORING_HINT.search(question.help or ""), (question.id, question.help)
        assert not re.search(r"counts? fully|\bscor", question.text, re.IGNORECASE), question.id


def test_one_recall_window_per_dimension(default_rubric: Rubric) -> None:
    """Mixing "the last 3 months" and "the last 12 months" inside one dimension makes the
    answers incomparable; each dimension keeps one window (stated in its questions)."""
    for dimension in default_rubric.dimensions:
        windows = {m.group(0).lower() for q in dimension.questions
                   for m in BEHAVIOUR_WINDOW.finditer(q.text)}
        assert len(windows) == 1, (dimension.id, windows)


def test_beliefs_alone_never_carry_a_dimension(default_rubric: Rubric) -> None:
    """Agreement items (beliefs and attitudes) are never enough answers for a score."""
    for dimension in default_rubric.dimensions:
        # "I have not checked ..." states a habit, not a belief.
        beliefs = [q for q in dimension.questions
                   if isinstance(q, LikertQuestion) and q.scale == "agreement"
                   and not q.text.startswith("I have not")]
        assert dimension.min_answered is not None, dimension.id
        assert len(beliefs) < dimension.min_answered, dimension.id
        scored = [q for q in dimension.questions if isinstance(q, ScoredQuestion)]
        share = sum(q.weight for q in beliefs) / sum(q.weight for q in scored)
        assert share <= 0.25, (dimension.id, share)


def test_confident_beliefs_without_evidence_stay_in_starting_out(
    default_rubric: Rubric
) -> None:
    """Review profile (a2): the best answer to every belief, the worst to every evidence
    item. Version 1 gave this 54 in scale resilience; now it stays in the lowest band."""
    scale = _dimension(default_rubric, "scale_resilience")
    beliefs_only = {"scale_fit": "not_applicable", "scale_unchecked": "strongly_disagree",
                    "scale_topic_threatened": "strongly_disagree"}
    card = score(Answers(rubric=pin(default_rubric), answers=beliefs_only), default_rubric)
    assert card.dimensions["scale_resilience"].score is None
    worst_evidence = {**beliefs_only, "scale_fit": "yes", "scale_runs": ["none_yet"],
                      "scale_largest_showed": "not_run", "scale_gap_persists": "not_checked"}
    card = score(Answers(rubric=pin(default_rubric), answers=worst_evidence), default_rubric)
    assert card.dimensions["scale_resilience"].band == "starting"
    assert len(scale.questions) >= 5


def _straight_line(rubric: Rubric, last: bool) -> dict[str, Any]:
    """The same position on every question in the order asked: the last (or first)
    option, yes (or no), the largest (or smallest) number, every box (or none)."""
    given: dict[str, Any] = {}
    for _, question in rubric.questions():
        if not conditions_hold(question.when, given):
            continue
        if isinstance(question, (LikertQuestion, SingleChoiceQuestion)):
            options = rubric.options(question)
            given[question.id] = options[-1 if last else 0].value
        elif isinstance(question, MultipleChoiceQuestion):
            given[question.id] = [o.value for o in question.options
                                  if o.exclusive != last][: None if last else 1]
        elif isinstance(question, YesNoQuestion):
            given[question.id] = last
        elif isinstance(question, NumberQuestion):
            bound = given.get(question.bounded_by or "")
            value = question.highest if bound is None else bound
            given[question.id] = int(value if last else question.min)
    return given


def _case_answers(name: str, case_name: str) -> dict[str, Any]:
    from careerkit.cases import cases_path, load_cases

    rubric = load_rubric(name)
    assert rubric.path is not None
    (case,) = [c for c in load_cases(cases_path(rubric.path), rubric) if c.name == case_name]
    return dict(case.answers)


def test_straight_lining_the_top_option_does_not_beat_the_strongest_profile(
    default_rubric: Rubric
) -> None:
    strongest = _case_answers("ml-phd-career",
                              "a 5th-year with a shipped side project who is interviewing")
    best = score(Answers(rubric=pin(default_rubric), answers=strongest), default_rubric)
    for last in (True, False):
        given = _straight_line(default_rubric, last)
        answers = Answers(rubric=pin(default_rubric), answers=given)
        assert check_answers(answers, default_rubric) == []
        card = score(answers, default_rubric)
        assert card.overall is not None and best.overall is not None
        assert card.overall < best.overall - 3, (last, card.overall, best.overall)
        assert "uniform" in {s.id for s in card.second_looks}


@pytest.mark.parametrize("paths", [[p] for p in PATHS] + [["undecided"],
                                                         ["academic", "industry_research"]])
def test_weights_follow_the_essay_and_the_students_paths(
    default_rubric: Rubric, paths: list[str]
) -> None:
    weight = {d.id: default_rubric.weight_of(d, {"target_paths": paths})
              for d in default_rubric.dimensions}
    beyond = sum(weight[d] for d in BEYOND_CORE_ML)
    core = weight["llm_literacy"] + weight["scale_resilience"]
    if set(paths) <= {"academic", "industry_research", "undecided"}:
        assert beyond <= core, (paths, beyond, core)
    if paths != ["undecided"]:
        undecided = {d.id: default_rubric.weight_of(d, {"target_paths": ["undecided"]})
                     for d in default_rubric.dimensions}
        assert weight != undecided, paths  # the stated path changes the weights
    if "founder" in paths:
        assert weight["sales_gtm"] > undecided["sales_gtm"]


def test_the_weights_are_justified_in_the_rubrics_comments() -> None:
    text = bundled_rubrics()["ml-phd-career"].read_text(encoding="utf-8")
    assert "# Weights (the overall score is the weighted mean" in text
    assert "never outweigh LLM literacy and scale resilience" in text


def test_the_quiz_takes_20_to_25_minutes_by_the_rubrics_own_estimate(
    default_rubric: Rubric
) -> None:
    assert default_rubric.minutes is None  # the estimate is computed, context included
    assert 20 <= default_rubric.estimated_minutes() <= 25
    assert len(default_rubric.context.questions if default_rubric.context else []) >= 8


def test_the_source_is_plain_words_and_dated(default_rubric: Rubric) -> None:
    source = default_rubric.source or ""
    assert "`" not in source and "why" not in source.split()
    assert "2024" in source
    for dimension in default_rubric.dimensions:
        assert dimension.quote is not None and dimension.quote.date == "late 2024"


def test_every_action_fits_alongside_a_phd(shared_rubric: Callable[[str], Rubric]) -> None:
    for name in ("ml-phd-career", "postdoc-to-industry"):
        for dimension in shared_rubric(name).dimensions:
            for action in dimension.actions:
                assert action.effort_hours is not None and action.effort_hours <= 25, action.id
                per_week = action.effort_hours / (action.horizon_days / 7)
                assert per_week <= 3, (action.id, per_week)


def test_money_actions_go_only_to_founders_who_may_earn(default_rubric: Rubric) -> None:
    money = [a for d in default_rubric.dimensions for a in d.actions
             if a.caveat and "Before accepting money" in a.caveat]
    assert len(money) >= 3
    for action in money:
        conditions = {(c.question, c.equals or c.includes) for c in conditions_of(action.when)}
        assert ("target_paths", "founder") in conditions, action.id
        assert ("may_earn", "yes") in conditions, action.id
        # It stands in for a non-monetary twin, which everyone else gets.
        twins = [_action(default_rubric, twin) for twin in action.replace]
        assert any(t not in money and "may_earn" not in {c.question for c in conditions_of(
            t.when)} for t in twins), action.id


def test_internship_and_application_actions_wait_for_a_role_within_12_months(
    default_rubric: Rubric
) -> None:
    job = _dimension(default_rubric, "job_market")
    gated = [a for a in job.actions
             if re.search(r"internship|application", a.title, re.IGNORECASE)]
    assert {a.id for a in gated} >= {"market_ten_applications", "market_first_internship"}
    for action in gated:
        windows = [c.one_of for c in conditions_of(action.when)
                   if c.question == "expected_finish"]
        assert windows == [["within_6_months", "six_to_12_months"]], action.id


def test_conference_actions_are_dated_to_the_students_next_event(
    default_rubric: Rubric
) -> None:
    due = {}
    for action in _dimension(default_rubric, "job_market").actions:
        if "conference" in action.do.lower() and "meetings" in action.outcome.lower():
            (event,) = [c.equals for c in conditions_of(action.when)
                        if c.question == "next_event"]
            due[event] = action.horizon_days
    assert due == {"within_1_month": 30, "one_to_3_months": 90, "three_to_6_months": 180}


@pytest.mark.parametrize(("path", "cv"), [("academic", "market_cv_academic"),
                                          ("industry_research", "market_cv_research"),
                                          ("applied", "market_resume_industry")])
def test_cv_advice_fits_the_target_path(default_rubric: Rubric, path: str, cv: str) -> None:
    given = {"target_paths": [path], "expected_finish": "one_to_two_years",
             "market_postings_read": 5, "market_internships": 1,
             "market_industry_conversations": 3, "market_next_meta_plan": False}
    answers = Answers(rubric=pin(default_rubric), answers=given)
    chosen = set(chosen_action_ids({"job_market": score(answers, default_rubric).dimensions[
        "job_market"].score}, default_rubric, answers))
    others = {"market_cv_academic", "market_cv_research", "market_resume_industry"} - {cv}
    assert cv in chosen and not chosen & others, chosen


def test_the_pivot_also_fires_when_the_student_agrees_the_topic_is_threatened(
    default_rubric: Rubric
) -> None:
    given = {"scale_runs": ["three_sizes"], "scale_largest_showed": "shrank",
             "scale_gap_persists": "shrinks", "scale_unchecked": "disagree",
             "scale_topic_threatened": "agree"}
    answers = Answers(rubric=pin(default_rubric), answers=given)
    plan = build_plan(score(answers, default_rubric), default_rubric, answers)
    assert "scale_pivot_threatened" in {a.action_id for a in plan.actions}


def test_scaling_actions_have_small_compute_variants(default_rubric: Rubric) -> None:
    scale = _dimension(default_rubric, "scale_resilience")
    by_compute: dict[str, set[str]] = {}
    for compute in ("laptop_only", "few_gpus", "shared_cluster"):
        given = {"compute": compute, "scale_runs": ["baseline_10x"],
                 "scale_largest_showed": "shrank", "scale_gap_persists": "shrinks",
                 "scale_unchecked": "neutral", "scale_topic_threatened": "neutral"}
        answers = Answers(rubric=pin(default_rubric), answers=given)
        card = score(answers, default_rubric)
        assert card.dimensions["scale_resilience"].band == "building"
        by_compute[compute] = set(chosen_action_ids(
            {"scale_resilience": card.dimensions["scale_resilience"].score},
            default_rubric, answers)) & {a.id for a in scale.actions}
    assert "scale_curve_small" in by_compute["laptop_only"] & by_compute["few_gpus"]
    assert "scale_curve_plot" in by_compute["shared_cluster"]
    assert "scale_curve_plot" not in by_compute["laptop_only"]
    small = _action(default_rubric, "scale_curve_small")
    assert "published checkpoints" in small.do and "GPU-hours" in small.do
    assert "fine-tune or inference time" in small.do
