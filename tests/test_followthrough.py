"""Follow-through across retakes: the check-in, "since last time", history and compare."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from typer.testing import Result

from careerkit.answers import parse_answers
from careerkit.checkin import CheckinStopped, due_for_checkin, previous_plan, run_checkin
from careerkit.followthrough import (
    StatusFile,
    attempt_plan,
    checked_words,
    load_status,
    save_status,
    status_path,
    with_status,
)
from careerkit.history import load_attempt, snapshot_rubric
from careerkit.quiz import BACK, QuestionPrompt, ResumeChoice, ReviewScreen, Stop, WelcomeInfo
from careerkit.report import render_pdf
from careerkit.rubric import Rubric, SingleChoiceQuestion, TextQuestion
from tests.pipeline_inputs import texts
from tests.test_plan_status import home_with_attempt
from tests.test_progress import GOOD, POOR, WHEN, answers_file

Cli = Callable[..., Result]
AFTER_ALL_DUE = date(2026, 6, 1)  # every action of the 1 March plan is due by then


class Frontend:
    """The quiz's front end, scripted: replies in order, and what it was shown."""

    def __init__(self, replies: list[Any], confirm: bool = True) -> None:
        self.replies = list(replies)
        self.prompts: list[QuestionPrompt] = []
        self.notices: list[str] = []
        self.confirms: list[str] = []
        self.answer_confirm = confirm

    def ask(self, prompt: QuestionPrompt, /) -> Any:
        self.prompts.append(prompt)
        reply = self.replies.pop(0)
        if isinstance(reply, type) and issubclass(reply, BaseException):
            raise reply
        return reply

    def review(self, screen: ReviewScreen, /) -> str | None:  # pragma: no cover - unused
        raise AssertionError("the check-in has no review")

    def notify(self, message: str, /) -> None:
        self.notices.append(message)

    def welcome(self, info: WelcomeInfo, /) -> str | None:  # pragma: no cover - unused
        raise AssertionError("the check-in has no welcome")

    def choose_resume(self, answered: int, total: int, started: str | None, /
                      ) -> ResumeChoice:  # pragma: no cover - unused
        raise AssertionError("the check-in resumes nothing")

    def confirm(self, message: str, /, *, default: bool) -> bool:
        self.confirms.append(message)
        return self.answer_confirm


def statuses(attempt: Path) -> dict[str, tuple[str, str | None]]:
    return {k: (v.status, v.reason) for k, v in load_status(attempt).actions.items()}


# -- the check-in ------------------------------------------------------------------------------


def test_check_in_asks_each_due_open_action_and_saves_each_answer(
        tmp_path: Path, all_types: Rubric) -> None:
    attempt = home_with_attempt(tmp_path, all_types)
    previous = attempt_plan(load_attempt(attempt, home=tmp_path / "home"))
    ui = Frontend(["done", "dropped", "  no longer\n relevant ", None])
    result = run_checkin(ui, previous, AFTER_ALL_DUE)
    assert ui.confirms == ["Before the quiz: 3 actions from your plan of 01 Mar 2026 are due."
                           " Check in on what you did?"]
    questions = [p.question for p in ui.prompts]
    assert [type(q) for q in questions] == [SingleChoiceQuestion, SingleChoiceQuestion,
                                            TextQuestion, SingleChoiceQuestion]
    assert questions[0].text == "1.1 Ship something: did you do it?"
    assert questions[0].help == "Done when: 5 users. Due 15 Mar 2026."
    assert [o.label for o in ui.prompts[0].options] == [
        "Done", "Partly done", "Not yet", "Dropped: I decided against it"]
    assert ui.prompts[0].new_section and not ui.prompts[0].can_go_back
    assert ui.prompts[0].dimension.title == "Check-in on your plan of 01 Mar 2026"
    assert [p.progress.number for p in ui.prompts] == [1, 2, 2, 3]
    assert statuses(attempt) == {"a_trig": ("done", None),
                                 "a_low_1": ("dropped", "no longer relevant")}
    assert result.recorded == {"a_trig": "done", "a_low_1": "dropped"}
    assert ui.notices == ["Thank you: 2 recorded (1 done). `careerkit plan` shows your plan;"
                          " now the quiz."]


def test_check_in_asks_only_what_is_due_and_open(tmp_path: Path, all_types: Rubric) -> None:
    attempt = home_with_attempt(tmp_path, all_types)
    save_status(attempt, with_status(StatusFile(attempt=attempt.name), "a_low_1", "done"))
    previous = attempt_plan(load_attempt(attempt, home=tmp_path / "home"))
    # On 20 March only a_trig (due 15 March) is due; a_low_1 is done anyway.
    assert [t.action.action_id for t in due_for_checkin(previous, date(2026, 3, 20))] == [
        "a_trig"]
    ui = Frontend(["partly"])
    run_checkin(ui, previous, date(2026, 3, 20))
    assert len(ui.prompts) == 1 and "1 action from your plan" in ui.confirms[0]
    assert statuses(attempt)["a_trig"] == ("partly", None)
    # The next retake asks about it again (partly is still open), and says so.
    again = attempt_plan(load_attempt(attempt, home=tmp_path / "home"))
    ui = Frontend([None])
    run_checkin(ui, again, date(2026, 3, 21))
    assert ui.prompts[0].question.help is not None
    assert ui.prompts[0].question.help.endswith("You said last time: partly done.")
    assert statuses(attempt)["a_trig"] == ("partly", None)  # a skip leaves it as it was
    # Nothing due: nothing asked, not even whether to check in.
    ui = Frontend([])
    assert run_checkin(ui, again, date(2026, 3, 1)).asked == 0 and ui.confirms == []


def test_check_in_can_be_skipped_whole_or_gone_back_through(tmp_path: Path,
                                                             all_types: Rubric) -> None:
    attempt = home_with_attempt(tmp_path, all_types)
    previous = attempt_plan(load_attempt(attempt, home=tmp_path / "home"))
    ui = Frontend([], confirm=False)
    run_checkin(ui, previous, AFTER_ALL_DUE)
    assert ui.prompts == [] and not status_path(attempt).exists()
    # done, then back to change it to "not yet", then on.
    ui = Frontend(["done", BACK, "not_yet", "dropped", BACK, "done", "done"])
    result = run_checkin(ui, previous, AFTER_ALL_DUE)
    assert [p.question.id for p in ui.prompts] == [
        "checkin_1", "checkin_2", "checkin_1", "checkin_2", "checkin_2_reason",
        "checkin_2", "checkin_3"]
    assert statuses(attempt) == {"a_low_1": ("done", None), "b_low": ("done", None)}
    assert result.recorded == {"a_low_1": "done", "b_low": "done"}


@pytest.mark.parametrize("stop", [Stop, KeyboardInterrupt, EOFError])
def test_stopping_mid_check_in_keeps_what_was_answered(
        tmp_path: Path, all_types: Rubric, stop: type[BaseException]) -> None:
    attempt = home_with_attempt(tmp_path, all_types)
    previous = attempt_plan(load_attempt(attempt, home=tmp_path / "home"))
    ui = Frontend(["done", stop])
    with pytest.raises(CheckinStopped) as stopped:
        run_checkin(ui, previous, AFTER_ALL_DUE)
    assert stopped.value.exit_code == 130
    assert str(stopped.value) == ("Stopped before the quiz. Your 1 answer so far is saved. "
                                  "Run careerkit take again when you are ready.")
    assert statuses(attempt) == {"a_trig": ("done", None)}


def test_previous_plan_is_the_latest_attempt_at_the_rubric_by_the_same_person(
        tmp_path: Path, all_types: Rubric) -> None:
    home = tmp_path / "home"
    first = home_with_attempt(tmp_path, all_types)
    assert previous_plan("all-types", home=home) is not None
    assert previous_plan("other-rubric", home=home) is None
    assert previous_plan("all-types", "Someone Else", home=home) is None
    found = previous_plan("all-types", " ADA ", home=home)
    assert found is not None and found.attempt.path == first
    # A status file that cannot be read costs the check-in, nothing else.
    status_path(first).write_text("{broken")
    assert previous_plan("all-types", home=home) is None


# -- the retake's report -----------------------------------------------------------------------


def pdf_text(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in
                             PdfReader(io.BytesIO(pdf)).pages).split())


def test_since_last_time_shows_follow_through_and_carries_unfinished_actions(
        tmp_path: Path, all_types: Rubric, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780000000")
    home = tmp_path / "home"
    first = home_with_attempt(tmp_path, all_types)
    status = with_status(StatusFile(attempt=first.name), "a_trig", "done")
    status = with_status(status, "a_low_1", "dropped", reason="moved <b>to</b> next term")
    save_status(first, status)
    retake = home_with_attempt(tmp_path, all_types, GOOD, WHEN + timedelta(days=92),
                               "2026-06-01-all-types")
    answers = parse_answers(retake.read_text(), all_types, retake)
    text = pdf_text(render_pdf(answers, all_types, previous=load_attempt(first, home=home)))
    since = text[text.index("Since last time"):text.index("Your dimensions")]
    assert ("Follow-through: 1 of 3 actions done; 1 dropped: Low one (moved <b>to</b> next "
            "term).") in since
    assert "done 1.1 Ship something" in since and "dropped 1.2 Low one" in since
    # b_low was neither done nor dropped, and GOOD answers do not choose it again.
    carried = since[since.index("Carried forward"):]
    assert "B low" in carried and "Ship something" not in carried
    assert "Low one" not in carried
    # Without any status recorded the section is as before: boxes to tick.
    status_path(first).unlink()
    plain = pdf_text(render_pdf(answers, all_types, previous=load_attempt(first, home=home)))
    assert "Follow-through" not in plain and "Tick each one you did" in plain


def test_history_and_compare_show_the_completion_rate(cli: Cli, tmp_path: Path,
                                                      all_types: Rubric) -> None:
    first = home_with_attempt(tmp_path, all_types)
    home_with_attempt(tmp_path, all_types, POOR, WHEN + timedelta(days=92),
                      "2026-06-01-all-types")
    status = with_status(StatusFile(attempt=first.name), "a_trig", "done")
    status = with_status(status, "a_low_1", "dropped", reason="x")
    save_status(first, with_status(status, "b_low", "partly"))
    history = cli("history")
    assert history.exit_code == 0, history.output
    lines = history.stdout.splitlines()
    assert lines[2].strip() == "actions: done 1 of 3 (50%), 1 partly, 1 dropped"
    assert lines[5].strip() == "actions: not tracked yet (careerkit plan)"
    compared = cli("compare")
    assert compared.exit_code == 0, compared.output
    assert "Actions of the plan before: done 1 of 3 (50%), 1 partly, 1 dropped" in \
        compared.stdout
    assert "Actions of the plan now:    not tracked yet (careerkit plan)" in compared.stdout
    as_json = json.loads(cli("plan", "--json").stdout)
    assert as_json["follow_through"]["rate"] == 0.0


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(reason=texts(max_size=300), note=texts(max_size=300),
       status=st.sampled_from(["done", "partly", "blocked", "dropped"]))
def test_generated_statuses_reach_the_retake_pdf(
        tmp_path_factory: Any, all_types: Rubric, reason: str, note: str,
        status: str) -> None:
    """A student's words in any script, with markup characters, through the status file
    into "Since last time": the PDF renders, and says what was recorded."""
    try:
        reason, note = checked_words(reason), checked_words(note)
    except ValueError:
        return  # refused at the command line with a message (tested there)
    home = tmp_path_factory.mktemp("home")
    snapshot_rubric(all_types, home)
    first = answers_file(home / "history", "2026-03-01-all-types", all_types, POOR,
                         respondent="Ada")
    save_status(first, with_status(StatusFile(attempt=first.name), "a_low_1",
                                   status,  # type: ignore[arg-type]
                                   reason=reason or None, note=note or None))
    retake = answers_file(home / "history", "2026-06-01-all-types", all_types, GOOD,
                          respondent="Ada", when=WHEN + timedelta(days=92))
    answers = parse_answers(retake.read_text(), all_types, retake)
    text = pdf_text(render_pdf(answers, all_types, previous=load_attempt(first, home=home)))
    since = text[text.index("Since last time"):text.index("Your dimensions")]
    assert "Follow-through:" in since
    assert f"{status} 1.2 Low one" in since


@pytest.mark.parametrize("values", [POOR, GOOD])
def test_history_completion_counts_the_same_actions_as_the_plan(
        tmp_path: Path, all_types: Rubric, values: dict[str, Any]) -> None:
    """`history` counts from the plan's action ids (cheap); `plan` builds the plan: the
    two agree on every count."""
    from careerkit.followthrough import completion, follow_through

    attempt = home_with_attempt(tmp_path, all_types, values)
    full = attempt_plan(load_attempt(attempt, home=tmp_path / "home"))
    statuses_cycle = ["done", "dropped", "partly", "blocked"]
    status = StatusFile(attempt=attempt.name)
    for tracked, new in zip(full.tracked, statuses_cycle, strict=False):
        status = with_status(status, tracked.action.action_id, new,  # type: ignore[arg-type]
                             reason="r")
    save_status(attempt, status)
    loaded = load_attempt(attempt, home=tmp_path / "home")
    quick = completion(loaded)
    slow = follow_through(attempt_plan(loaded).tracked)
    assert quick is not None
    assert (quick.total, quick.done, quick.partly, quick.blocked, len(quick.dropped)) == (
        slow.total, slow.done, slow.partly, slow.blocked, len(slow.dropped))
    assert quick.rate_text() == slow.rate_text()
