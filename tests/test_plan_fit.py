"""The plan fits the student: context first and unscored, a time budget, one step per
need, a stated order, caveats, and validity guards (careerkit.plan, scoring, validity)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careerkit.answers import Answers, asked_questions, parse_answers, pin
from careerkit.plan import ActionPlan, build_plan, chosen_action_ids
from careerkit.rubric import Rubric, load_rubric
from careerkit.scoring import quick_scores, score

FIXTURE = Path(__file__).parent / "data" / "rubrics" / "fitted.yaml"
RUBRIC = FIXTURE  # the `rubric` fixture (conftest.py) loads this one
STRUGGLING = {"topic_safe": False, "topic_checked": False, "shipped": False, "users": 0,
              "applied": False, "chats": False}



def answers_of(rubric: Rubric, **given: Any) -> Answers:
    return Answers(rubric=pin(rubric), answers=given)


def plan_of(rubric: Rubric, **given: Any) -> ActionPlan:
    answers = answers_of(rubric, **given)
    return build_plan(score(answers, rubric), rubric, answers)


def ids(actions: Any) -> list[str]:
    return [a.action_id for a in actions]


def test_context_is_asked_first_and_never_scored(rubric: Rubric) -> None:
    assert [q.id for q in asked_questions(rubric, {})][:3] == ["stage", "may_earn", "hours"]
    assert rubric.sections()[0].title == "Your situation"
    with_context = score(answers_of(rubric, stage="final", hours=40, **STRUGGLING), rubric)
    without = score(answers_of(rubric, stage="middle", hours=1, **STRUGGLING), rubric)
    assert with_context.coverage == without.coverage  # context is not a scored question
    assert with_context.coverage.asked == 6
    assert with_context.dimensions["research"].score == without.dimensions["research"].score


def test_context_changes_dimension_weights_in_the_overall_score(rubric: Rubric) -> None:
    given = {"topic_safe": True, "topic_checked": True, "shipped": False, "users": 0,
             "applied": True, "chats": True}
    middle = score(answers_of(rubric, stage="middle", **given), rubric)
    final = score(answers_of(rubric, stage="final", **given), rubric)
    early = score(answers_of(rubric, stage="early", **given), rubric)
    assert middle.overall == pytest.approx(200 / 3)  # 100, 0, 100 with equal weights
    assert final.dimensions["product"].weight == 2
    assert final.overall == pytest.approx(50)  # product counts twice
    assert early.overall == pytest.approx(100 * 1.25 / 2.25)  # the market counts a quarter
    assert quick_scores(answers_of(rubric, stage="final", **given), rubric)[0] == final.overall


def test_a_dimension_below_min_answered_has_no_score_and_says_so(rubric: Rubric) -> None:
    card = score(answers_of(rubric, topic_safe=True), rubric)
    research = card.dimensions["research"]
    assert research.score is None and research.band is None
    assert research.band_label == "Not enough answers"
    assert "research" not in {a.dimension_id for a in plan_of(rubric, topic_safe=True).actions}


def test_the_first_window_respects_the_cap_and_the_weekly_hours(rubric: Rubric) -> None:
    plan = plan_of(rubric, hours=40, **STRUGGLING)
    assert len(plan.timeline[0].actions) == 3  # first_window_cap: 3, though hours allow more
    tight = plan_of(rubric, hours=1, **STRUGGLING)  # 30 days x 1 h a week = 4.3 h
    first = tight.timeline[0]
    assert first.budget_hours == pytest.approx(30 / 7)
    assert first.hours <= first.budget_hours
    for group in tight.timeline:
        assert group.hours == pytest.approx(sum(a.effort_hours for a in group.actions))
        assert group.hours <= group.budget_hours + 1e-9


def test_what_does_not_fit_waits_in_later_with_its_reason(rubric: Rubric) -> None:
    plan = plan_of(rubric, hours=1, stage="final", **STRUGGLING)
    assert "apply_ten" in ids(plan.later)  # 15 h: more than 1 h a week leaves after the rest
    waiting = next(a for a in plan.later if a.action_id == "apply_ten")
    assert waiting.wait_reason is not None and "15 h" in waiting.wait_reason
    # 15 h is more than 1 hour a week gives in any window (at most 12.9 h in days 91-180)
    assert "more than any window holds at 1 hour a week; split it" in waiting.wait_reason
    scheduled = set(ids(plan.actions))
    assert not scheduled & set(ids(plan.later))
    assert sorted(chosen_action_ids({k: d.score for k, d in score(
        answers_of(rubric, hours=1, stage="final", **STRUGGLING), rubric).dimensions.items()},
        rubric, answers_of(rubric, hours=1, stage="final", **STRUGGLING))) == sorted(scheduled)


def test_a_triggered_first_step_replaces_its_band_twin(rubric: Rubric) -> None:
    plan = plan_of(rubric, hours=10, **STRUGGLING)
    chosen = ids(plan.actions) + ids(plan.later)
    assert "first_five" in chosen
    assert "weekend_demo" not in chosen  # replaced
    shipped = plan_of(rubric, hours=10, **{**STRUGGLING, "shipped": True})
    assert "weekend_demo" in ids(shipped.actions) + ids(shipped.later)


def test_two_actions_with_the_same_outcome_never_appear_together(rubric: Rubric) -> None:
    plan = plan_of(rubric, hours=10, **STRUGGLING)
    chosen = plan.actions + plan.later
    outcomes = [" ".join(a.outcome.lower().split()) for a in chosen]
    assert len(outcomes) == len(set(outcomes))
    assert "user_list" not in ids(chosen)  # same outcome as first_five, which ranks first


def test_actions_limited_by_context_follow_the_situation(rubric: Rubric) -> None:
    early = plan_of(rubric, hours=40, stage="early", **STRUGGLING)
    final = plan_of(rubric, hours=40, stage="final", may_earn=True, **STRUGGLING)
    assert "apply_ten" not in ids(early.actions) + ids(early.later)
    assert "paid_gig" not in ids(early.actions) + ids(early.later)  # default: may not earn
    every = final.actions + final.later
    assert {"apply_ten", "paid_gig"} <= set(ids(every))
    gig = next(a for a in every if a.action_id == "paid_gig")
    assert gig.caveat and "visa" in gig.caveat
    assert gig.trigger == "band"  # a context `when` limits; it does not trigger
    assert "It fits your situation: “Yes” to “May you earn outside income?”" in gig.reason


def test_the_stated_order_and_the_gap_decide_the_top_priority(rubric: Rubric) -> None:
    plan = plan_of(rubric, hours=10, **STRUGGLING)
    # Equal gaps: the research topic is ranked first by the rubric (1.5x).
    assert plan.top_priorities[0].action_id == "pivot"
    strong_research = plan_of(rubric, hours=10, **{**STRUGGLING, "topic_safe": True,
                                                   "topic_checked": True})
    assert strong_research.top_priorities[0].dimension_id == "product"


def test_old_answers_without_context_load_and_the_plan_says_so(rubric: Rubric) -> None:
    text = ("careerkit_answers: 1\nrubric: {id: fitted, version: 1.0.0}\nanswers:\n"
            + "".join(f"  {k}: {str(v).lower()}\n" for k, v in STRUGGLING.items()))
    answers = parse_answers(text, rubric)
    plan = build_plan(score(answers, rubric), rubric, answers)
    assert plan.context_note is not None and "defaults" in plan.context_note
    assert plan.budget.assumed and plan.budget.hours_per_week == 2  # the context default
    assert [line.assumed for line in plan.situation] == [True, True, True]
    answered = plan_of(rubric, stage="middle", may_earn=False, hours=2, **STRUGGLING)
    assert answered.context_note is None and not answered.budget.assumed


def test_consistency_checks_and_uniform_answers_are_worth_a_second_look(
    rubric: Rubric, default_rubric: Rubric
) -> None:
    looks = score(answers_of(rubric, shipped=False, users=12), rubric).second_looks
    assert [look.id for look in looks] == ["users_but_nothing_shipped"]
    assert score(answers_of(rubric, shipped=True, users=12), rubric).second_looks == []
    first_everywhere = {}
    for _, question in default_rubric.questions():
        if question.type in ("likert", "single"):
            options = default_rubric.options(question)  # type: ignore[arg-type]
            first_everywhere[question.id] = options[0].value
    card = score(Answers(rubric=pin(default_rubric), answers=first_everywhere), default_rubric)
    assert "uniform" in [look.id for look in card.second_looks]


@settings(max_examples=40, deadline=None)
@given(
    hours=st.integers(min_value=1, max_value=40),
    stage=st.sampled_from(["early", "middle", "final"]),
    answers=st.fixed_dictionaries({
        "topic_safe": st.booleans(), "topic_checked": st.booleans(),
        "shipped": st.booleans(), "users": st.integers(min_value=0, max_value=1000),
        "applied": st.booleans(), "chats": st.booleans()}),
)
def test_any_plan_fits_its_budget_and_cap_and_is_deterministic(
    hours: int, stage: str, answers: dict[str, Any]
) -> None:
    rubric = load_rubric(FIXTURE)
    plan = plan_of(rubric, hours=hours, stage=stage, **answers)
    for group in plan.timeline:
        assert group.hours <= group.budget_hours + 1e-9
    if plan.timeline and plan.timeline[0].days == 30:
        assert len(plan.timeline[0].actions) <= rubric.plan.first_window_cap
    every = plan.actions + plan.later
    assert len(ids(every)) == len(set(ids(every)))
    assert all(a.wait_reason for a in plan.later)
    for action in plan.actions:  # planned after its own horizon: it says why it waits
        moved = action.horizon > 30 and action.horizon_days <= {90: 30, 180: 90}[action.horizon]
        assert bool(action.wait_reason) == moved, action
    assert [a.step for a in plan.actions] == list(range(1, len(plan.actions) + 1))
    assert plan_of(rubric, hours=hours, stage=stage, **answers) == plan


def test_the_quiz_asks_the_situation_first_under_its_own_header(rubric: Rubric) -> None:
    from careerkit.quiz import QuestionPrompt, run_quiz

    answers = {"stage": "final", "may_earn": False, "hours": 3, **STRUGGLING}
    seen: list[QuestionPrompt] = []

    def ask(prompt: QuestionPrompt) -> Any:
        seen.append(prompt)
        return answers[prompt.question.id]

    done = run_quiz(rubric, Answers(rubric=pin(rubric)), ask, review=lambda screen: None,
                    autosave=lambda attempt: None)
    assert [p.question.id for p in seen][:3] == ["stage", "may_earn", "hours"]
    assert seen[0].new_section and seen[0].dimension.title == "Your situation"
    assert seen[0].progress.sections == 4  # the situation, then three dimensions
    assert seen[3].new_section and seen[3].dimension.id == "research"
    assert done.answers == answers
    assert score(done, rubric).coverage.asked == 6


def test_an_answers_file_made_before_the_context_still_scores_and_reports(
    cli: Any, tmp_path: Path
) -> None:
    from careerkit.answers import template_yaml

    rubric = load_rubric()
    text = template_yaml(rubric, example=True)
    for question in rubric.context.questions if rubric.context else []:
        text = "\n".join(line for line in text.splitlines()
                         if not line.startswith(f"  {question.id}:")) + "\n"
    old = tmp_path / "old.yaml"
    old.write_text(text, encoding="utf-8")
    scored = cli("score", old)
    assert scored.exit_code == 0, scored.output
    exported = cli("export", old, "--format", "md")
    assert exported.exit_code == 0, exported.output
    assert "Fitted to 4 hours a week (assumed)." in exported.output
    pdf = tmp_path / "old.pdf"
    made = cli("report", old, "-o", pdf, "--no-compare")
    assert made.exit_code == 0, made.output
    from pypdf import PdfReader

    first = " ".join(PdfReader(str(pdf)).pages[0].extract_text().split())
    assert "made before the rubric asked about it" in first


def test_the_text_exports_show_the_situation_apart_and_what_was_assumed(rubric: Rubric) -> None:
    from careerkit.export import export_markdown
    from careerkit.html_export import export_html

    answered = answers_of(rubric, stage="final", may_earn=False, hours=3, **STRUGGLING)
    old = answers_of(rubric, **STRUGGLING)  # made before the rubric asked about it
    for answers in (answered, old):
        card = score(answers, rubric)
        plan = build_plan(card, rubric, answers)
        markdown = export_markdown(answers, rubric, card, plan)
        page = export_html(answers, rubric, card, plan)
        situation = markdown.split("## Your situation\n", 1)[1].split("\n## ", 1)[0]
        scored_part = markdown.split("## Your answers\n", 1)[1]
        assert "<h2>Your situation</h2>" in page
        if answers is answered:
            assert "- Where are you? — Final year\n" in situation
            assert "- Hours a week for this plan? — 3\n" in situation
            assert "assumed" not in situation
        else:
            assert "- Where are you? — Middle (assumed)\n" in situation
            assert "made before the rubric asked about it" in situation
            assert "made before the rubric asked about it" in page and "Middle (assumed)" in page
        assert "Where are you?" not in scored_part  # context is not a scored answer
        assert "Where are you?" not in page.split("<h2>Your answers</h2>", 1)[1]


def test_an_action_planned_after_its_own_horizon_says_why_it_waits(rubric: Rubric) -> None:
    # 2 hours a week hold 8.6 h in the first 30 days: pivot (3 h) and first_five (4 h)
    # take 7, so three_chats (3 h, due in 30 days) moves to days 31-90, and says so.
    plan = plan_of(rubric, stage="early", may_earn=False, hours=2, **STRUGGLING)
    moved = next(a for a in plan.actions if a.action_id == "three_chats")
    assert moved.horizon == 90 and moved.horizon_days == 30
    assert moved.wait_reason == (
        "Planned for days 31–90, not the first 30 days: it needs about 3 h, and the "
        "higher-priority actions leave 1.6 h of the 8.6 h that 2 hours a week give there.")
    assert all(a.wait_reason is None for a in plan.actions if a.action_id != "three_chats")
    from careerkit.export import export_markdown
    from careerkit.html_export import export_html

    answers = answers_of(rubric, stage="early", may_earn=False, hours=2, **STRUGGLING)
    card = score(answers, rubric)
    assert ("  *Why it waits:* Planned for days 31–90, not the first 30 days: it needs about "
            "3 h" in export_markdown(answers, rubric, card, plan))
    assert ("<dt>Why it waits</dt><dd>Planned for days 31–90, not the first 30 days"
            in export_html(answers, rubric, card, plan))



def test_an_action_the_cap_moves_says_the_cap_is_why(tmp_path: Path) -> None:
    # 40 hours a week: the cap (2 here), not the hours, moves the third 30-day action.
    path = tmp_path / "capped.yaml"
    path.write_text(FIXTURE.read_text(encoding="utf-8").replace(
        "first_window_cap: 3", "first_window_cap: 2"), encoding="utf-8")
    capped = plan_of(load_rubric(path), hours=40, **STRUGGLING)
    [moved] = [a for a in capped.actions if a.horizon > 30 and a.horizon_days <= 30]
    assert moved.wait_reason == (
        "Planned for days 31–90, not the first 30 days: the first 30 days already hold 2 "
        "actions, the most this plan gives.")
