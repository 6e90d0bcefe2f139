"""Answers files: templates, round trips, and every kind of bad answer with FILE:LINE."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from careerkit.answers import (
    Answers,
    answers_to_yaml,
    load_answers,
    parse_answers,
    pin,
    template_yaml,
)
from careerkit.errors import ValidationFailed
from careerkit.rubric import Rubric
from careerkit.scoring import score


def test_example_template_is_valid_and_scores(all_types: Rubric) -> None:
    text = template_yaml(all_types, example=True)
    answers = parse_answers(text, all_types)
    assert answers.respondent == "Example Student"
    card = score(answers, all_types)
    assert card.coverage.answered == card.coverage.asked > 0


def test_blank_template_lists_every_question_with_its_allowed_values(all_types: Rubric) -> None:
    text = template_yaml(all_types)
    for _, question in all_types.questions():
        assert f"  {question.id}: null" in text
    assert "#   allowed: none | some | lots\n" in text  # no skip for `single`
    assert "#   allowed: a whole number from 0 to 1,000 (people) | null (skip)" in text
    assert "#   only if: ship equals true" in text


def test_default_rubric_example_template_scores(default_rubric: Rubric) -> None:
    answers = parse_answers(template_yaml(default_rubric, example=True), default_rubric)
    assert score(answers, default_rubric).overall is not None


def test_answers_round_trip_through_a_file_unchanged(all_types: Rubric, tmp_path: Path) -> None:
    original = Answers(
        rubric=pin(all_types),
        respondent='Zoë "Z" Ñúñez <3 & 1.10',
        started_at=datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc),
        finished_at=datetime(2026, 1, 2, 3, 24, 5, tzinfo=timezone.utc),
        answers={
            "likert_named": "mid", "likert_reverse": None, "single": "lots", "ship": True,
            "users": 12, "skills": ["sold", "designed"], "custom": "b", "paid": False,
            "reflect": "line one\n  line two: yes\n\ttabbed # not a comment\n",
        },
    )
    path = tmp_path / "a.yaml"
    path.write_text(answers_to_yaml(original, all_types), encoding="utf-8")
    loaded = load_answers(path, all_types)
    assert loaded == original
    assert answers_to_yaml(loaded, all_types) == path.read_text(encoding="utf-8")


BAD = """\
careerkit_answers: 1
rubric: {{id: all-types, version: 0.1.0}}
respondent: x
answers:
{body}
"""


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("  nonsense: 1", "answers.nonsense: unknown question 'nonsense'"),
        ("  likert_named: huge", "answers.likert_named: 'huge' is not one of: low, mid, high"),
        ("  single: null", "answers.single: this question cannot be skipped"),
        ("  ship: yes", "answers.ship: answer true (yes) or false (no)"),
        ("  ship: true\n  users: 1001", "answers.users: give a number from 0 to 1,000"),
        ("  ship: true\n  users: 2.5", "answers.users: give a whole number"),
        ("  ship: true\n  users: many", "answers.users: give a number"),
        ("  ship: false\n  users: 3", "answers.users: answered, but this question is not asked"),
        ("  skills: sold", "answers.skills: give a list of options"),
        ("  skills: [sold, none]", "answers.skills: 'none' cannot be combined"),
        ("  skills: [sold, sold]", "answers.skills: an option is listed twice"),
        ("  reflect: [a, b]", "answers.reflect: give text (put quotes around it)"),
    ],
)
def test_bad_answers_are_reported_at_their_line(tmp_path: Path, all_types: Rubric, body: str,
                                                message: str) -> None:
    text = BAD.format(body=body)
    path = tmp_path / "answers.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationFailed) as caught:
        load_answers(path, all_types)
    rendered = [str(p) for p in caught.value.problems]
    line = len(text.splitlines())  # the bad answer is always the last line
    assert any(r.startswith(f"{path}:{line}: {message}") for r in rendered), rendered


def test_answers_for_another_version_are_refused(tmp_path: Path, all_types: Rubric) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(BAD.format(body="  ship: true").replace("0.1.0", "0.2.0"), encoding="utf-8")
    with pytest.raises(ValidationFailed, match=r"a.yaml:2: rubric.version: these answers are "
                       r"for version 0.2.0 of 'all-types', the rubric is 0.1.0"):
        load_answers(path, all_types)


def test_free_text_answers_keep_unquoted_numbers_as_written(all_types: Rubric) -> None:
    answers = parse_answers(BAD.format(body="  reflect: 1.10"), all_types, complete=False)
    assert answers.answers["reflect"] == "1.10"


def test_numbers_read_naturally(all_types: Rubric) -> None:
    from careerkit.answers import format_answer
    from careerkit.display import number_text

    users = all_types.question("users")
    assert format_answer(all_types, users, 1) == "1 person"
    assert format_answer(all_types, users, 12) == "12 people"
    assert number_text(10_000_000) == "10,000,000" and number_text(2.5) == "2.5"
