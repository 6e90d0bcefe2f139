"""The new rubric keys (context, plan, checks, effort_hours, replace, caveat, quote,
min_answered, context_weights): bad input is reported as FILE:LINE with a fix, and the
sentences the plan generates read well for every action of the bundled rubrics."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from careerkit.errors import ValidationFailed
from careerkit.plan import PlannedAction, sentence
from careerkit.rubric import Action, Rubric, load_rubric

FIXTURE = Path(__file__).parent / "data" / "rubrics" / "fitted.yaml"
BASE = FIXTURE.read_text(encoding="utf-8")


def errors_for(tmp_path: Path, text: str) -> list[tuple[int, str]]:
    path = tmp_path / "rubric.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationFailed) as caught:
        load_rubric(path)
    out = []
    for problem in caught.value.problems:
        message = str(problem)
        assert message.startswith(f"{path}:"), message
        line, rest = message[len(f"{path}:"):].split(":", 1)
        out.append((int(line), rest.strip()))
    return out


def line_of(text: str, snippet: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if snippet in line)


def edit(old: str, new: str) -> str:
    assert old in BASE, old
    return BASE.replace(old, new, 1)


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("when: {question: stage, equals: final}, weight: 2}",
     "when: {question: stages, equals: final}, weight: 2}", "unknown question 'stages'"),
    ("when: {question: stage, equals: final}, weight: 2}",
     "when: {question: shipped, equals: true}, weight: 2}", "is not a context question"),
    ("effort_hours: 3, bands: [starting, building]}",
     "effort_hours: 0, bands: [starting, building]}", "should be more than 0"),
    ("effort_hours: 3, bands: [starting, building]}",
     "effort_hours: -2, bands: [starting, building]}", "should be more than 0"),
    ("effort_hours: 3, bands: [starting, building]}",
     "effort_hours: lots, bands: [starting, building]}", "number"),
    ("first_window_cap: 3", "first_window_cap: 0", "a whole number from 1 to 5"),
    ("hours_question: hours", "hours_question: stage", "must be a number question"),
    ("hours_question: hours", "hours_question: users", "unknown context question 'users'"),
    ("priority: [research, [product, market]]", "priority: [research, [product, marke]]",
     "unknown dimension 'marke'"),
    ("replace: [weekend_demo]", "replace: [weekend]", "unknown action 'weekend'"),
    ("replace: [weekend_demo]", "replace: [first_five]", "cannot replace itself"),
    ("default: middle", "default: late", "not a valid answer"),
    ("when: [{question: users, at_least: 10}", "when: [{question: user, at_least: 10}",
     "unknown question 'user'"),
    ("when: {question: may_earn, equals: true},", "when: {question: may_learn, equals: true},",
     "unknown question 'may_learn'"),
    ("when: {question: stage, equals: final}}\n", "when: {question: stage, equals: late}}\n",
     "'late' is not an option of 'stage'"),
])
def test_bad_new_keys_are_reported_at_their_line(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    text = edit(old, new)
    problems = errors_for(tmp_path, text)
    assert any(expected in message for _, message in problems), problems
    line = line_of(text, new.split("}")[0][-30:] if "}" in new else new)
    assert any(abs(found - line) <= 3 for found, message in problems
               if expected in message), (line, problems)


@pytest.mark.parametrize(("old", "new", "fix"), [
    ("effort_hours: 3, bands: [starting, building]}",
     "effort_hours: 0, bands: [starting, building]}", "give the hours of work it takes, e.g. 3"),
    ("effort_hours: 3, bands: [starting, building]}",
     "effort_hours: -2, bands: [starting, building]}", "give the hours of work it takes, e.g. 3"),
    ("effort_hours: 3, bands: [starting, building]}",
     "effort_hours: 5000, bands: [starting, building]}", "split the action"),
    ("first_window_cap: 3", "first_window_cap: 0", "write a whole number from 1 to 5"),
    ("first_window_cap: 3", "first_window_cap: 9", "write a whole number from 1 to 5"),
    ("first_window_cap: 3", "first_window_cap: 2.5", "write a whole number from 1 to 5"),
    ("    min_answered: 2\n", "    min_answered: 0\n", "write 1 or more, or leave it out"),
    ("when: {question: may_earn, equals: true},", "when: {question: may_learn, equals: true},",
     "did you mean 'may_earn'?"),
    ("when: {question: stage, equals: final}, weight: 2}",
     "when: {question: stag, equals: final}, weight: 2}", "did you mean 'stage'?"),
    ("hours_question: hours", "hours_question: hour", "did you mean 'hours'?"),
])
def test_bad_new_keys_say_how_to_fix_them(tmp_path: Path, old: str, new: str, fix: str) -> None:
    # Each message names the line and what to write instead, not only what is wrong.
    problems = errors_for(tmp_path, edit(old, new))
    assert any(fix in message for _, message in problems), problems
    assert not any(message.startswith("Input should") for _, message in problems), problems


def test_a_cycle_of_replace_is_an_error_naming_the_cycle(tmp_path: Path) -> None:
    text = edit("bands: [starting, building]}\n      - {id: user_list",
                "bands: [starting, building], replace: [first_five]}\n      - {id: user_list")
    problems = errors_for(tmp_path, text)
    assert any("a cycle of `replace`: " in m and "first_five" in m and "weekend_demo" in m
               for _, m in problems), problems


def test_a_default_outside_the_context_is_an_error(tmp_path: Path) -> None:
    text = edit("{id: applied, type: yesno, text: Have you applied to roles?}",
                "{id: applied, type: yesno, text: Have you applied to roles?, default: true}")
    problems = errors_for(tmp_path, text)
    assert any("only context questions have a default" in m for _, m in problems)


def test_a_context_question_can_gate_a_later_question(tmp_path: Path) -> None:
    text = edit("{id: applied, type: yesno, text: Have you applied to roles?}",
                "{id: applied, type: yesno, text: Have you applied to roles?, "
                "when: {question: stage, equals: final}}")
    path = tmp_path / "ok.yaml"
    path.write_text(text, encoding="utf-8")
    from careerkit.answers import asked_questions

    rubric = load_rubric(path)
    assert "applied" not in [q.id for q in asked_questions(rubric, {"stage": "early"})]
    assert "applied" in [q.id for q in asked_questions(rubric, {"stage": "final"})]


# -- sentences -------------------------------------------------------------------------------

TIME_PHRASE = re.compile(
    r"\b(this|next|coming) (week|month|quarter|year)\b|\bwithin \d+|\bin (the next )?"
    r"(two|three|four|\d+) (days|weeks|months)\b|\btoday\b|\btonight\b", re.IGNORECASE)
# An outcome may name a later date of its own ("revisit it in 6 months"), not the deadline.
DEADLINE_PHRASE = re.compile(
    r"\b(this|next|coming) (week|month)\b|\bwithin \d+|\bin the next\b", re.IGNORECASE)


@pytest.mark.parametrize("name", ["ml-phd-career", "postdoc-to-industry"])
def test_every_generated_sentence_states_the_horizon_once(
        name: str, shared_rubric: Callable[[str], Rubric]) -> None:
    rubric = shared_rubric(name)
    for dimension in rubric.dimensions:
        for action in dimension.actions:
            assert not TIME_PHRASE.search(action.title), action.title
            assert not DEADLINE_PHRASE.search(action.outcome), action.outcome
            planned = PlannedAction(
                number="1.1", step=1, dimension_id=dimension.id,
                dimension_title=dimension.title, action_id=action.id, title=action.title,
                do=action.do, outcome=action.outcome, horizon_days=action.horizon_days,
                horizon=30, due_days=action.horizon_days, effort_hours=action.effort_hours or 4,
                trigger="band", reason="r", priority=1.0)
            text = sentence(planned)
            assert len(re.findall(r"\bwithin\b", text)) == 1, text
            assert len(re.findall(r"\b\d+ days\b", text)) == 1, text
            assert text.count("..") == 0 and "  " not in text, text
            assert text.endswith(".") and "\n" not in text


@pytest.mark.parametrize("name", ["ml-phd-career", "postdoc-to-industry"])
def test_band_reasons_name_the_dimension_as_written(
        name: str, shared_rubric: Callable[[str], Rubric]) -> None:
    from careerkit.answers import Answers, pin
    from careerkit.plan import build_plan
    from careerkit.scoring import score

    rubric = shared_rubric(name)
    answers = Answers(rubric=pin(rubric), answers={})
    from careerkit.answers import example_answer

    given = {}
    from careerkit.rubric import conditions_hold

    for _, question in rubric.questions():
        if conditions_hold(question.when, given):
            given[question.id] = example_answer(rubric, question)
    answers = Answers(rubric=pin(rubric), answers=given)
    plan = build_plan(score(answers, rubric), rubric, answers)
    titles = {d.title for d in rubric.dimensions}
    for action in plan.actions + plan.later:
        if action.trigger == "band":
            quoted = re.match(r"Chosen because “([^”]+)” scored \d+, in the band “[^”]+”\.",
                              action.reason)
            assert quoted and quoted.group(1) in titles, action.reason
        assert "your your" not in action.reason.lower()


def test_lint_warns_about_plan_keys_that_cannot_work(tmp_path: Path) -> None:
    from careerkit.lint import lint_rubric

    text = BASE.replace("    min_answered: 2\n", "    min_answered: 3\n", 1).replace(
        "  hours_question: hours\n", "")
    path = tmp_path / "r.yaml"
    path.write_text(text, encoding="utf-8")
    messages = [f.message for f in lint_rubric(load_rubric(path))]
    assert any("min_answered is 3" in m and "can never be scored" in m for m in messages)
    assert any("plan.hours_question" in m for m in messages)
    clean = [f.message for f in lint_rubric(load_rubric(FIXTURE))]
    assert not any("min_answered" in m or "hours_question" in m for m in clean), clean


def test_lint_finds_a_triggered_step_beside_its_band_twin(tmp_path: Path) -> None:
    from careerkit.lint import lint_rubric

    twin = BASE.replace("do: Build a demo.,", "do: Find five users for a public demo.,")
    path = tmp_path / "r.yaml"
    path.write_text(twin.replace(", replace: [weekend_demo]}", "}"), encoding="utf-8")
    messages = [f.message for f in lint_rubric(load_rubric(path))]
    assert any("'first_five' and 'weekend_demo' are chosen together" in m
               and "replace: [weekend_demo]" in m for m in messages), messages
    path.write_text(twin, encoding="utf-8")  # with the replacement, the rubric knows
    assert not any("'first_five' and 'weekend_demo'" in f.message
                   for f in lint_rubric(load_rubric(path)))


def test_a_title_over_several_lines_keeps_the_answers_template_valid(tmp_path: Path) -> None:
    # Found by the pipeline property test: the template's first comment line carried the
    # title's line break, and the second half of the title broke the YAML.
    from careerkit.answers import parse_answers, template_yaml

    path = tmp_path / "r.yaml"
    path.write_text(BASE.replace("title: Fitted plan fixture",
                                 'title: "Fitted\\nplan: fixture"').replace(
        "title: Research topic", 'title: "Research\\n} topic"').replace(
        "      text: Hours a week for this plan?\n",
        '      text: Hours a week for this plan?\n      unit: "hours\\nx: ["\n'), encoding="utf-8")
    rubric = load_rubric(path)
    assert "\n" in rubric.title
    answers = parse_answers(template_yaml(rubric, example=True), rubric)
    assert answers.rubric.id == "fitted"


def triggering_answers(action: Action) -> dict[str, Any]:
    """Answers that make each condition of the action's `when` hold."""
    from careerkit.rubric import conditions_of

    given: dict[str, Any] = {}
    for condition in conditions_of(action.when):
        if condition.equals is not None:
            given[condition.question] = condition.equals
        elif condition.one_of:
            given[condition.question] = condition.one_of[0]
        elif condition.includes is not None:
            given[condition.question] = [condition.includes]
        elif condition.at_least is not None:
            given[condition.question] = condition.at_least
        elif condition.at_most is not None:
            given[condition.question] = condition.at_most
    return given


@pytest.mark.parametrize("name", ["ml-phd-career", "postdoc-to-industry"])
def test_every_actions_reason_reads_well_in_every_band(
        name: str, shared_rubric: Callable[[str], Rubric]) -> None:
    # Every action of the rubric, in every band it can be chosen for (or with the answers
    # that trigger it): the reason names the dimension as written or quotes the answers,
    # never "your <mangled title> score", and states no horizon of its own.
    from careerkit.answers import example_answer
    from careerkit.plan import _reason
    from careerkit.rubric import conditions_of
    from careerkit.scoring import Coverage, DimensionScore

    rubric = shared_rubric(name)
    index = rubric.question_index()
    context = rubric.context_ids()
    examples = {q.id: example_answer(rubric, q) for _, q in rubric.questions()}
    checked = 0
    for dimension in rubric.dimensions:
        for action in dimension.actions:
            given = {**examples, **triggering_answers(action)}
            triggered = any(c.question not in context for c in conditions_of(action.when))
            bands = [b for b in rubric.bands_for(dimension) if b.id in action.bands]
            for band in bands or [None]:
                scored = None if band is None else DimensionScore(
                    id=dimension.id, title=dimension.title, weight=1.0,
                    score=(band.min + band.max) / 2, band=band.id, band_label=band.label,
                    coverage=Coverage(asked=1, answered=1, skipped=0), contributions=[])
                text = _reason(rubric, index, action, triggered, given, scored, context)
                checked += 1
                if not triggered:
                    assert text.startswith(f"Chosen because “{dimension.title}” scored "), text
                else:
                    assert text.startswith("Chosen because you answered “"), text
                assert not re.search(r"\byour\b[^.“”]*\bscore\b", text, re.IGNORECASE), text
                assert "your your" not in text.lower() and "  " not in text, text
                assert text.count("“") == text.count("”") and text.endswith("."), text
                assert ".." not in text.replace("…", "") and "\n" not in text, text
                assert not re.search(r"\bwithin \d+ days\b", text), text  # said once, in the plan
    assert checked >= sum(len(d.actions) for d in rubric.dimensions)


# -- documentation ---------------------------------------------------------------------------

# Every key the plan-fitting format added, by the schema definition that holds it.
NEW_KEYS = {
    "Rubric": ["context", "plan", "checks"],
    "ContextSection": ["title", "intro", "questions"],
    "PlanSettings": ["priority", "first_window_cap", "hours_question", "default_hours_per_week",
                     "triggered_first"],
    "ConsistencyCheck": ["id", "when", "message"],
    "Action": ["effort_hours", "replace", "caveat"],
    "Dimension": ["context_weights", "quote", "min_answered"],
    "Quote": ["text", "source", "date"],
    "ContextWeight": ["when", "weight"],
    "SingleChoiceQuestion": ["default"],
    "NumberQuestion": ["default"],
}


@pytest.mark.parametrize("definition", list(NEW_KEYS))
def test_the_schema_gives_every_new_key_a_description_and_an_example(definition: str) -> None:
    # Editors show these while an advisor types the key.
    from careerkit.schema import rubric_json_schema

    properties = rubric_json_schema()["$defs"][definition]["properties"]
    for key in NEW_KEYS[definition]:
        assert properties[key].get("description"), (definition, key)
        assert properties[key].get("examples"), (definition, key)


def test_the_guide_shows_every_new_key_in_a_yaml_example() -> None:
    guide = (Path(__file__).resolve().parents[1] / "docs" / "rubric-guide.md").read_text(
        encoding="utf-8")
    examples = "\n".join(re.findall(r"```yaml\n(.*?)```", guide, re.S))
    for key in sorted({key for keys in NEW_KEYS.values() for key in keys}):
        assert re.search(rf"(^|[\s{{,]){key}:", examples, re.M), key
