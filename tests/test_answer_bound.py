"""`max: {question: ID}`: a number answer may not exceed an earlier number answer.

45 returning users out of 40 outside users is refused by the rubric's own word, in an
answers file, in the quiz flow and at the terminal's input.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from careerkit.answers import Answers, check_answers, parse_answers, pin, template_yaml
from careerkit.errors import ValidationFailed
from careerkit.prompts import parse_number
from careerkit.quiz import QuestionPrompt, run_quiz
from careerkit.rubric import NumberQuestion, Rubric, load_rubric

DATA = Path(__file__).parent / "data" / "quiz"
SMALL = (DATA / "small.yaml").read_text(encoding="utf-8")
# users (how many used it) may not exceed stars (how many starred the code).
BOUNDED = SMALL.replace("        max: 1000\n        when: {question: shipped",
                        "        max: {question: stars}\n        when: {question: shipped", 1)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "rubric.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def bounded(tmp_path: Path) -> Rubric:
    assert BOUNDED != SMALL
    return load_rubric(write(tmp_path, BOUNDED))


def line_of(text: str, snippet: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if snippet in line)


@pytest.mark.parametrize(("target", "message"), [
    ("nobody", "unknown question 'nobody'"),
    ("plan", "'plan' is asked later; `max: {question: ID}` can only name an earlier"),
    ("has_code", "'has_code' is yesno; `max: {question: ID}` needs a number question"),
    ("users", "a question cannot be bounded by its own answer"),
])
def test_a_bad_bound_is_reported_at_its_line(tmp_path: Path, target: str, message: str) -> None:
    text = BOUNDED.replace("max: {question: stars}", f"max: {{question: {target}}}")
    path = write(tmp_path, text)
    with pytest.raises(ValidationFailed) as caught:
        load_rubric(path)
    [problem] = caught.value.problems
    assert str(problem).startswith(
        f"{path}:{line_of(text, 'max: {question:')}: dimensions[1].questions[2].max.question: ")
    assert message in str(problem)


def test_the_bound_takes_the_other_questions_max_as_its_ceiling(bounded: Rubric) -> None:
    users = bounded.question("users")
    assert isinstance(users, NumberQuestion)
    assert users.bounded_by == "stars"
    assert users.highest == 100000


def attempt(rubric: Rubric, answers: dict[str, object]) -> Answers:
    return Answers(rubric=pin(rubric), respondent="T", answers=answers)  # type: ignore[arg-type]


def test_an_answers_file_above_the_bound_is_refused_with_the_reason(bounded: Rubric) -> None:
    base = {"reads": "weekly", "has_code": True, "stars": 40, "shipped": "demo",
            "skills": ["deploy"], "plan": "x"}
    [problem] = check_answers(attempt(bounded, {**base, "users": 45}), bounded)
    assert problem.location == ("answers", "users")
    assert "give at most 40: that was your answer to “How many GitHub stars" in problem.message
    assert check_answers(attempt(bounded, {**base, "users": 40}), bounded) == []
    # Without an answer to the bounding question, only the fixed range applies.
    no_code = {**base, "has_code": False, "users": 45}
    del no_code["stars"]
    assert check_answers(attempt(bounded, no_code), bounded) == []


def test_the_default_rubric_bounds_returning_users_by_outside_users(
        default_rubric: Rubric) -> None:
    rubric = default_rubric
    returning = rubric.question("product_returning_users")
    assert isinstance(returning, NumberQuestion)
    assert returning.bounded_by == "product_outside_users"
    # The template's example answers stay consistent with the bound.
    example = parse_answers(template_yaml(rubric, example=True), rubric)
    assert check_answers(example, rubric) == []


def test_the_quiz_refuses_an_answer_above_the_bound_and_asks_again(bounded: Rubric) -> None:
    replies = {"reads": ["weekly"], "has_code": [True], "stars": [40], "shipped": ["demo"],
               "skills": [["deploy"]], "users": [45, 40], "plan": ["x"],
               "stars_reflection": ["y"]}
    notices: list[str] = []
    prompts: list[QuestionPrompt] = []

    def ask(prompt: QuestionPrompt) -> object:
        prompts.append(prompt)
        return replies[prompt.question.id].pop(0)

    finished = run_quiz(bounded, attempt(bounded, {}), ask, review=lambda screen: None,  # type: ignore[arg-type]
                        autosave=lambda answers: None, notify=notices.append)
    assert finished.answers["users"] == 40
    [users, _again] = [p for p in prompts if p.question.id == "users"]
    assert users.limit == 40
    assert any("give at most 40: that was your answer to “How many GitHub stars" in n
               for n in notices)


def test_lowering_the_bounding_answer_removes_the_answer_above_it(bounded: Rubric) -> None:
    replies = {"stars": [10], "users": [5]}
    notices: list[str] = []
    reviews: list[str | None] = ["stars", None]

    def ask(prompt: QuestionPrompt) -> object:
        return replies[prompt.question.id].pop(0)

    start = attempt(bounded, {"reads": "weekly", "has_code": True, "stars": 40,
                              "stars_reflection": "y", "shipped": "demo",
                              "skills": ["deploy"], "users": 30, "plan": "x"})
    finished = run_quiz(bounded, start, ask, review=lambda screen: reviews.pop(0),  # type: ignore[arg-type]
                        autosave=lambda answers: None, notify=notices.append)
    # 30 users of 10 no longer fits: it was removed and asked again.
    assert finished.answers["stars"] == 10 and finished.answers["users"] == 5
    assert any("How many people used it last month?" in n and "asked again" in n
               for n in notices)


def test_the_terminal_says_the_bound_next_to_the_input(bounded: Rubric) -> None:
    users = bounded.question("users")
    assert isinstance(users, NumberQuestion)
    why = "that was your answer to “How many GitHub stars does that code have?”"
    assert parse_number("40", users, 40, why) == (40, None)
    value, message = parse_number("45", users, 40, why)
    assert value is None
    assert message == f"At most 40: {why}."
