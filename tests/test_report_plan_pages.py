"""The plan's pages in the PDF: page 1 the picture and the top three, page 2 the first 30
days written out with hours against the budget; the situation at the end; the quote apart
from the commentary; caveats, hours and reasons on actions; ten pages for a typical
student, then the advisor sheet."""

from __future__ import annotations

import io
import re
from datetime import datetime, timezone

import pytest
from pypdf import PdfReader

from careerkit.answers import Answers, pin
from careerkit.cases import cases_path, load_cases
from careerkit.plan import build_plan, horizon_bucket
from careerkit.report import render_pdf
from careerkit.rubric import Rubric, load_rubric
from careerkit.scoring import score


def profile(rubric: Rubric, name_start: str) -> Answers:
    case = next(c for c in load_cases(cases_path(rubric.path or ""), rubric)  # type: ignore[arg-type]
                if c.name.startswith(name_start))
    return Answers(rubric=pin(rubric), respondent="Profile", answers=case.answers,
                   finished_at=datetime(2026, 11, 30, 9, tzinfo=timezone.utc))


def pages(pdf: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


@pytest.fixture(scope="module")
def struggling(rubric: Rubric) -> list[str]:
    return pages(render_pdf(profile(rubric, "a struggling 2nd-year"), rubric))


@pytest.fixture(scope="module")
def interviewing(rubric: Rubric) -> list[str]:
    return pages(render_pdf(profile(rubric, "a 5th-year"), rubric))


def test_page_one_holds_the_picture_and_three_priorities(struggling: list[str]) -> None:
    first = struggling[0]
    assert "Your top three priorities" in first
    assert "Set a stop rule for your current project, within 30 days (about 3 h)" in first
    assert "within 30 days within" not in first


def test_strongest_is_named_only_above_the_lowest_band(
    struggling: list[str], interviewing: list[str]
) -> None:
    assert "Strongest:" not in struggling[0]  # every dimension is Starting out
    assert "Most room to grow:" in struggling[0]
    assert "Strongest:" in interviewing[0]


def test_page_two_is_the_first_month_written_out_in_full(struggling: list[str]) -> None:
    second = struggling[1]
    assert "readiness Your first 30 days" in second  # after the footer, first on the page
    assert "4 actions, about 17 h of the 17.1 h that 4 hours a week give in 30 days" in second
    for text in ("Set a stop rule for your current project",
                 "Write down the smallest result that would justify continuing",  # what to do
                 "Done when: A written stop rule agreed with your advisor",
                 "Chosen because you answered “Yes” to", "30 Dec 2026", "3 h"):
        assert text in second, text
    assert "Your dimensions" not in second


def test_the_situation_closes_the_plan_before_the_facts(struggling: list[str]) -> None:
    plan = struggling[:-1]  # the advisor sheet is last
    end = " ".join(plan[-2:])
    for text in ("Your situation", "2nd year", "Academic research (faculty)",
                 "More than 2 years from now"):
        assert text in end, text
    assert end.index("Your situation") < end.index("About this report")
    # The plan points back to page 2 instead of printing the first month twice.
    assert "Steps 1–4, about 17 h of the 17.1 h you have in this window, are written out on " \
           "page 2." in " ".join(plan)
    assert " ".join(plan).count("Write down the smallest result that would justify") == 1


def test_the_quote_and_the_commentary_are_set_apart(struggling: list[str]) -> None:
    text = " ".join(struggling)
    assert ("“embrace LLMs and foundation models. i doubt they'll disappear anytime soon"
            in text)
    assert ("— A former ML PhD student's reply to @kchonyc's blog on late-PhD anxiety, "
            "late 2024") in text
    assert ("In this rubric: Breadth to follow the conversation, depth in one or two places "
            "to lead it.") in text


def test_actions_say_their_hours_why_and_what_to_check(rubric: Rubric,
                                                      interviewing: list[str]) -> None:
    text = " ".join(interviewing)
    assert "Chosen because “" in text
    assert re.search(r"\(step \d+, due \d+ \w+ 20\d\d\)", text)  # under its dimension
    assert re.search(r"\d+ \w{3} 20\d\d \d+(\.\d)? h ", text)  # due date and hours
    assert "Check first: A letter of intent is not a sale; sign no contract" in text
    assert "Later" in text and "Why it waits" in text
    # Each action planned after its own window says so where it is written out.
    answers = profile(rubric, "a 5th-year")
    plan = build_plan(score(answers, rubric), rubric, answers)
    moved = [a for a in plan.actions if a.horizon > horizon_bucket(a.horizon_days)]
    assert moved and all(horizon_bucket(a.horizon_days) == 90 for a in moved)
    assert text.count("Meant for days 31 to 90: the higher-priority actions filled that "
                      "window.") == len(moved)
    assert "hours a week go to the higher-priority actions first" in text


@pytest.mark.parametrize("name_start", [
    "a struggling 2nd-year", "a 5th-year", "a strong researcher", "a 2nd-year on track"])
def test_a_typical_plan_fits_in_ten_pages_then_the_advisor_sheet(rubric: Rubric,
                                                                 name_start: str) -> None:
    """Eight dimensions at type of 9 pt or more: each action is written out once (page 2
    for the first month, the action plan for the rest), each dimension lists the answers
    that cost points; then the one page for the advisor meeting, last, to print on its
    own."""
    pdf = render_pdf(profile(rubric, name_start), rubric)
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert len(pages) - 1 <= 10
    assert "For your next meeting with your advisor" in pages[-1].extract_text()
    assert "For your next meeting" not in pages[-2].extract_text()


def test_page_one_says_what_is_worth_a_second_look_and_what_was_assumed() -> None:
    from pathlib import Path

    fitted = load_rubric(Path(__file__).parent / "data" / "rubrics" / "fitted.yaml")
    answers = Answers(rubric=pin(fitted), answers={
        "topic_safe": True, "topic_checked": False, "shipped": False, "users": 12,
        "applied": False, "chats": True})
    rendered = pages(render_pdf(answers, fitted))
    first = rendered[0]
    assert "Worth a second look. Ten users, yet nothing shipped." in first
    assert "HOW TO USE THIS PLAN" not in first and "HOW TO USE THIS PLAN" in rendered[1]
    assert "the plan assumes the rubric's defaults" in first
    assert "Not enough answers" not in first
    thin = Answers(rubric=pin(fitted), answers={"topic_safe": True, "shipped": True,
                                                "users": 3, "applied": True, "chats": True})
    assert "Not enough answers" in pages(render_pdf(thin, fitted))[0]


@pytest.mark.slow
def test_every_bundled_case_renders_with_the_first_month_on_page_two(rubric: Rubric) -> None:
    # The best-everywhere profiles once ended a page inside "In this rubric: ...", which
    # broke the layout; page 1 also overflowed when a notice and the how-to box met.
    for case in load_cases(cases_path(rubric.path or ""), rubric):  # type: ignore[arg-type]
        answers = Answers(rubric=pin(rubric), respondent="Profile", answers=case.answers)
        second = pages(render_pdf(answers, rubric))[1]
        assert "readiness Your first 30 days" in second, case.name
