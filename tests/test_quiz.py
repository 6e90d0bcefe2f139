"""The quiz flow, driven by a scripted `ask`: order, conditions, back, review, resume."""

from __future__ import annotations

import os
import signal
from pathlib import Path
from typing import Any

import pytest

from careerkit.answers import Answers, answers_to_yaml, check_answers, parse_answers, pin
from careerkit.errors import Interrupted, RuntimeFailure
from careerkit.quiz import (
    BACK,
    NotFiled,
    QuestionPrompt,
    QuizPaused,
    ResumeChoice,
    ReviewScreen,
    Stop,
    WelcomeInfo,
    checked_attempt,
    first_unanswered,
    run_quiz,
    stop_on_signals,
    take_quiz,
)
from careerkit.rubric import Rubric, load_rubric
from careerkit.store import AttemptStore

DATA = Path(__file__).parent / "data" / "quiz"
RUBRIC = DATA / "small.yaml"  # the `rubric` fixture (conftest.py) loads this one
REVIEW = "<review>"
FINISH = None



def new_attempt(rubric: Rubric, answers: dict[str, Any] | None = None) -> Answers:
    return Answers(rubric=pin(rubric), respondent="Test", answers=answers or {})


class Script:
    """A front end that plays a script of (question id or REVIEW, reply) steps."""

    def __init__(self, steps: list[tuple[str, Any]]) -> None:
        self.steps = list(steps)
        self.prompts: list[QuestionPrompt] = []
        self.screens: list[ReviewScreen] = []
        self.notices: list[str] = []
        self.saves: list[Answers] = []

    def _next(self, seen: str) -> Any:
        assert self.steps, f"the script ran out at {seen}"
        expected, reply = self.steps.pop(0)
        assert seen == expected, f"asked {seen}, the script expected {expected}"
        if isinstance(reply, BaseException) or (
            isinstance(reply, type) and issubclass(reply, BaseException)
        ):
            raise reply
        return reply

    def ask(self, prompt: QuestionPrompt) -> Any:
        self.prompts.append(prompt)
        return self._next(prompt.question.id)

    def review(self, screen: ReviewScreen) -> str | None:
        self.screens.append(screen)
        reply: str | None = self._next(REVIEW)
        return reply

    def notify(self, message: str) -> None:
        self.notices.append(message)

    def autosave(self, answers: Answers) -> None:
        self.saves.append(answers)

    def run(self, rubric: Rubric, attempt: Answers | None = None) -> Answers:
        finished = run_quiz(rubric, attempt or new_attempt(rubric), self.ask,
                            review=self.review, autosave=self.autosave, notify=self.notify)
        assert not self.steps, f"script steps left over: {self.steps}"
        return finished


FULL = [
    ("reads", "weekly"),
    ("has_code", True),
    ("stars", 50),
    ("stars_reflection", "People needed it."),
    ("shipped", "demo"),
    ("skills", ["frontend", "deploy"]),
    ("users", 3),
    ("plan", "A dashboard."),
]


def test_a_full_run_asks_in_rubric_order_and_returns_finished_answers(rubric: Rubric) -> None:
    script = Script([*FULL, (REVIEW, FINISH)])
    finished = script.run(rubric)
    assert [p.question.id for p in script.prompts] == [qid for qid, _ in FULL]
    assert finished.answers == dict(FULL)
    assert finished.finished_at is not None
    assert check_answers(finished, rubric) == []


def test_false_conditions_skip_questions_and_the_count_adapts(rubric: Rubric) -> None:
    script = Script([
        ("reads", "never"), ("has_code", False), ("shipped", "nothing"),
        ("skills", []), ("plan", "Something."), (REVIEW, FINISH),
    ])
    finished = script.run(rubric)
    assert "stars" not in finished.answers and "users" not in finished.answers
    totals = [(p.progress.number, p.progress.total) for p in script.prompts]
    # Before has_code is answered the count is "without conditions"; it never counts the
    # hidden questions, and the numbers run 1..N without gaps.
    assert totals == [(1, 5), (2, 5), (3, 5), (4, 5), (5, 5)]


def test_a_true_condition_adds_its_question_to_the_count(rubric: Rubric) -> None:
    script = Script([*FULL, (REVIEW, FINISH)])
    script.run(rubric)
    by_id = {p.question.id: p.progress for p in script.prompts}
    assert by_id["reads"].total == 5
    assert by_id["stars"].total == 6  # has_code: yes reveals stars
    assert by_id["stars_reflection"].total == 7  # stars >= 10 reveals the reflection
    assert by_id["plan"].number == by_id["plan"].total == 8


def test_sections_are_numbered_and_a_header_is_asked_for_once_per_section(
    rubric: Rubric,
) -> None:
    script = Script([*FULL, (REVIEW, FINISH)])
    script.run(rubric)
    sections = [(p.question.id, p.progress.section, p.progress.sections, p.new_section)
                for p in script.prompts]
    assert sections[0] == ("reads", 1, 2, True)
    assert sections[1] == ("has_code", 1, 2, False)
    assert sections[4] == ("shipped", 2, 2, True)
    assert sections[5] == ("skills", 2, 2, False)


def test_back_returns_to_the_previous_question_with_its_answer_preselected(
    rubric: Rubric,
) -> None:
    script = Script([
        ("reads", "weekly"), ("has_code", BACK),
        ("reads", "daily"),  # changed on the way back
        ("has_code", False), ("shipped", BACK), ("has_code", BACK), ("reads", "daily"),
        ("has_code", False), ("shipped", "nothing"), ("skills", []), ("plan", "x"),
        (REVIEW, FINISH),
    ])
    finished = script.run(rubric)
    assert finished.answers["reads"] == "daily"
    back_at_reads = script.prompts[2]
    assert back_at_reads.has_previous and back_at_reads.previous == "weekly"
    assert not back_at_reads.can_go_back  # the first question has nowhere to go back to
    second_visit = script.prompts[5]
    assert second_visit.question.id == "has_code"
    assert second_visit.has_previous and second_visit.previous is False
    assert script.prompts[0].has_previous is False
    assert all(p.can_go_back for p in script.prompts if p.question.id != "reads")


def test_changing_an_answer_on_the_way_back_drops_answers_it_hides(rubric: Rubric) -> None:
    script = Script([
        ("reads", "weekly"), ("has_code", True), ("stars", 50),
        ("stars_reflection", "Useful."), ("shipped", BACK), ("stars_reflection", BACK),
        ("stars", BACK), ("has_code", False),
        ("shipped", "nothing"), ("skills", []), ("plan", "x"), (REVIEW, FINISH),
    ])
    finished = script.run(rubric)
    assert "stars" not in finished.answers
    assert "stars_reflection" not in finished.answers
    assert len(script.notices) == 1
    assert "2 questions are no longer asked" in script.notices[0]
    # The autosave right after the change already has them dropped.
    after_change = next(s for s in script.saves if s.answers.get("has_code") is False)
    assert "stars" not in after_change.answers


def test_prefer_not_to_answer_is_saved_as_null(rubric: Rubric) -> None:
    script = Script([
        ("reads", None), ("has_code", False), ("shipped", None), ("skills", None),
        ("plan", "x"), (REVIEW, FINISH),
    ])
    finished = script.run(rubric)
    assert finished.answers["reads"] is None
    assert finished.answers["skills"] is None
    assert "users" not in finished.answers  # `in` on a skipped answer never holds
    screen = script.screens[0]
    assert [i.skipped for i in screen.items] == [True, False, True, True, False]
    assert screen.items[0].answer == "Prefer not to answer"


def test_an_answer_the_rubric_refuses_is_asked_again_with_a_notice(rubric: Rubric) -> None:
    script = Script([
        ("reads", "weekly"),
        ("has_code", None),  # this question cannot be skipped
        ("has_code", True), ("stars", 100_001), ("stars", 0),
        ("shipped", "nothing"), ("skills", ["none", "frontend"]), ("skills", ["none"]),
        ("plan", "x"), (REVIEW, FINISH),
    ])
    finished = script.run(rubric)
    assert finished.answers["has_code"] is True
    assert finished.answers["stars"] == 0
    assert len(script.notices) == 3
    assert "cannot be skipped" in script.notices[0]


def test_every_answer_is_autosaved_at_once_and_in_rubric_order(rubric: Rubric) -> None:
    script = Script([*FULL, (REVIEW, FINISH)])
    script.run(rubric)
    assert len(script.saves) == len(FULL)
    for count, saved in enumerate(script.saves, start=1):
        assert list(saved.answers) == [qid for qid, _ in FULL[:count]]
        assert saved.finished_at is None
        assert saved.respondent == "Test"


def test_review_lists_every_answer_as_the_student_saw_it(rubric: Rubric) -> None:
    script = Script([*FULL, (REVIEW, FINISH)])
    script.run(rubric)
    screen = script.screens[0]
    assert [i.number for i in screen.items] == list(range(1, 9))
    assert screen.items[0].answer == "About weekly"
    assert screen.items[1].answer == "Yes"
    assert screen.items[2].answer == "50 stars"
    assert screen.items[5].answer == "A web front end; Deployed a model behind an API"
    assert screen.items[4].dimension.id == "product"


def test_a_change_from_the_review_reevaluates_conditions_with_a_notice(
    rubric: Rubric,
) -> None:
    script = Script([
        *FULL,
        (REVIEW, "has_code"), ("has_code", False),
        (REVIEW, FINISH),
    ])
    finished = script.run(rubric)
    assert "stars" not in finished.answers and "stars_reflection" not in finished.answers
    assert len(script.notices) == 1 and "removed" in script.notices[0]
    assert len(script.screens[1].items) == 6
    assert script.screens[1].focus == "has_code"
    change = script.prompts[-1]
    assert change.from_review and change.can_go_back
    assert change.has_previous and change.previous is True


def test_a_change_from_the_review_asks_the_questions_it_reveals_then_returns(
    rubric: Rubric,
) -> None:
    script = Script([
        ("reads", "weekly"), ("has_code", False), ("shipped", "nothing"),
        ("skills", []), ("plan", "x"),
        (REVIEW, "shipped"), ("shipped", "product"),
        ("users", 40),  # revealed between answered questions: only it is asked
        (REVIEW, "has_code"), ("has_code", True), ("stars", 2),
        (REVIEW, FINISH),
    ])
    finished = script.run(rubric)
    assert finished.answers["users"] == 40 and finished.answers["stars"] == 2
    assert list(finished.answers) == [
        "reads", "has_code", "stars", "shipped", "skills", "users", "plan"]


def test_back_from_a_review_change_keeps_the_answer(rubric: Rubric) -> None:
    script = Script([*FULL, (REVIEW, "reads"), ("reads", BACK), (REVIEW, FINISH)])
    finished = script.run(rubric)
    assert finished.answers["reads"] == "weekly"
    assert len(script.saves) == len(FULL)


@pytest.mark.parametrize("signal_", [Stop("interrupted"), KeyboardInterrupt, EOFError])
def test_stopping_saves_and_says_how_to_resume(rubric: Rubric, signal_: Any) -> None:
    script = Script([("reads", "weekly"), ("has_code", True), ("stars", signal_)])
    with pytest.raises(QuizPaused) as caught:
        script.run(rubric)
    assert isinstance(caught.value, Interrupted) and caught.value.exit_code == 130
    assert str(caught.value) == ("Progress saved (2 of 6). "
                                 "Resume with: careerkit take --resume")
    assert script.saves[-1].answers == {"reads": "weekly", "has_code": True}


def test_stopping_before_any_answer_saves_nothing(rubric: Rubric) -> None:
    script = Script([("reads", Stop())])
    with pytest.raises(QuizPaused, match="nothing to save"):
        script.run(rubric)
    assert script.saves == []


def test_stopping_at_the_review_keeps_every_answer(rubric: Rubric) -> None:
    script = Script([*FULL, (REVIEW, Stop("hangup"))])
    with pytest.raises(QuizPaused, match=r"\(8 of 8\)"):
        script.run(rubric)
    assert script.saves[-1].answers == dict(FULL)


def full_run_steps() -> list[tuple[str, Any]]:
    return [
        ("reads", "weekly"), ("has_code", True), ("stars", 50),
        ("stars_reflection", "Multi\nline."), ("shipped", None), ("skills", ["deploy"]),
        ("plan", "A dashboard."),
    ]


@pytest.mark.parametrize("stop_after", range(len(full_run_steps()) + 1))
def test_resume_from_every_position_gives_the_same_answers(
    rubric: Rubric, tmp_path: Path, stop_after: int,
) -> None:
    steps = full_run_steps()
    reference = Script([*steps, (REVIEW, FINISH)]).run(rubric).answers

    store = AttemptStore(rubric.id, home=tmp_path)
    first = Script([*steps[:stop_after],
                    (steps[stop_after][0] if stop_after < len(steps) else REVIEW, Stop())])
    with store.session(), pytest.raises(QuizPaused):
        run_quiz(rubric, new_attempt(rubric), first.ask, review=first.review,
                 autosave=lambda a: store.save(answers_to_yaml(a, rubric)), notify=first.notify)

    text = store.read_unfinished()
    if stop_after == 0:
        assert text is None
        saved = new_attempt(rubric)
    else:
        assert text is not None
        saved = parse_answers(text, rubric, complete=False)
        assert list(saved.answers.items()) == steps[:stop_after]

    second = Script([*steps[stop_after:], (REVIEW, FINISH)])
    finished = run_quiz(rubric, saved, second.ask, review=second.review,
                        autosave=lambda a: store.save(answers_to_yaml(a, rubric)),
                        notify=second.notify)
    assert finished.answers == reference
    if stop_after < len(steps):
        first_prompt = second.prompts[0]
        assert first_prompt.progress.number == stop_after + 1
        assert first_prompt.can_go_back == (stop_after > 0)
        assert first_prompt.new_section  # the header is shown again after resuming
    else:
        assert second.prompts == []  # straight to the review


def test_resuming_after_going_back_continues_at_the_first_unanswered_question(
    rubric: Rubric,
) -> None:
    values = {"reads": "weekly", "has_code": False, "shipped": "nothing"}
    assert first_unanswered(rubric, values) == 3  # skills
    assert first_unanswered(rubric, {**values, "skills": [], "plan": "x"}) is None
    back = Script([("skills", BACK), ("shipped", "nothing"), ("skills", []), ("plan", "x"),
                   (REVIEW, FINISH)])
    back.run(rubric, new_attempt(rubric, values))
    assert back.prompts[0].can_go_back


def test_checked_attempt_drops_what_the_rubric_cannot_use(rubric: Rubric) -> None:
    attempt = new_attempt(rubric, {
        "reads": "weekly", "gone": 3, "has_code": "maybe", "stars": 5, "shipped": "demo",
    })
    kept, notes = checked_attempt(attempt, rubric)
    # has_code is invalid, so stars (which depends on it) is no longer asked either.
    assert kept.answers == {"reads": "weekly", "shipped": "demo"}
    assert len(notes) == 2
    assert "'gone'" in notes[0] and "asked again" in notes[1]


# -- take_quiz: resume, start over, versions, history -----------------------------------------


class Frontend(Script):
    def __init__(self, steps: list[tuple[str, Any]], *, resume: ResumeChoice | None = None,
                 confirm: bool | None = None, name: str | None = "Ada") -> None:
        super().__init__(steps)
        self.resume_choice = resume
        self.confirm_reply = confirm
        self.name = name
        self.welcomes: list[WelcomeInfo] = []
        self.resume_asked: list[tuple[int, int]] = []
        self.confirms: list[str] = []

    def welcome(self, info: WelcomeInfo) -> str | None:
        self.welcomes.append(info)
        if isinstance(self.name, BaseException):
            raise self.name
        return self.name if info.ask_name else None

    def choose_resume(self, answered: int, total: int, started: str | None) -> ResumeChoice:
        self.resume_asked.append((answered, total))
        assert self.resume_choice is not None, "did not expect the resume question"
        return self.resume_choice

    def confirm(self, message: str, *, default: bool) -> bool:
        self.confirms.append(message)
        assert self.confirm_reply is not None, f"did not expect: {message}"
        return self.confirm_reply


def pause_after(steps: list[tuple[str, Any]], count: int) -> list[tuple[str, Any]]:
    return [*steps[:count], (steps[count][0], Stop())]


def take(rubric: Rubric, store: AttemptStore, ui: Frontend, **options: Any) -> Any:
    with store.session():
        return take_quiz(rubric, store, ui, **options)


def test_take_files_the_finished_attempt_and_never_overwrites_history(
    rubric: Rubric, tmp_path: Path,
) -> None:
    store = AttemptStore(rubric.id, home=tmp_path)
    first = take(rubric, store, Frontend([*full_run_steps(), (REVIEW, FINISH)]))
    second = take(rubric, store, Frontend([*full_run_steps(), (REVIEW, FINISH)], name="Bo"))
    assert first.saved_to != second.saved_to
    assert first.saved_to.parent == second.saved_to.parent == tmp_path / "history"
    assert parse_answers(first.saved_to.read_text(), rubric).respondent == "Ada"
    assert parse_answers(second.saved_to.read_text(), rubric).respondent == "Bo"
    assert store.read_unfinished() is None
    assert store.history_files() == [first.saved_to, second.saved_to]


def test_take_offers_to_resume_an_unfinished_attempt(rubric: Rubric, tmp_path: Path) -> None:
    store = AttemptStore(rubric.id, home=tmp_path)
    steps = full_run_steps()
    with pytest.raises(QuizPaused):
        take(rubric, store, Frontend(pause_after(steps, 3)))
    ui = Frontend([*steps[3:], (REVIEW, FINISH)], resume=ResumeChoice.RESUME)
    result = take(rubric, store, ui)
    assert ui.resume_asked == [(3, 7)]
    assert ui.welcomes[0].resumed_answers == 3 and not ui.welcomes[0].ask_name
    assert result.answers.respondent == "Ada"
    assert result.answers.answers == dict(steps)


def test_take_can_start_over_and_keeps_a_backup(rubric: Rubric, tmp_path: Path) -> None:
    store = AttemptStore(rubric.id, home=tmp_path)
    steps = full_run_steps()
    with pytest.raises(QuizPaused):
        take(rubric, store, Frontend(pause_after(steps, 2)))
    ui = Frontend([*steps, (REVIEW, FINISH)], resume=ResumeChoice.RESTART)
    take(rubric, store, ui)
    backups = list((tmp_path / "backups").iterdir())
    assert len(backups) == 1
    kept = parse_answers(backups[0].read_text(), rubric, complete=False)
    assert list(kept.answers) == ["reads", "has_code"]
    assert any("kept at" in n for n in ui.notices)
    assert ui.welcomes[0].ask_name


def test_take_resume_and_restart_flags_do_not_ask(rubric: Rubric, tmp_path: Path) -> None:
    store = AttemptStore(rubric.id, home=tmp_path)
    steps = full_run_steps()
    with pytest.raises(QuizPaused):
        take(rubric, store, Frontend(pause_after(steps, 2)))
    with pytest.raises(QuizPaused):
        take(rubric, store, Frontend(pause_after(steps[2:], 1)), resume=True)
    assert list(parse_answers(store.read_unfinished() or "", rubric, complete=False).answers) == [
        "reads", "has_code", "stars"]
    ui = Frontend([*steps, (REVIEW, FINISH)])
    take(rubric, store, ui, restart=True)
    assert ui.resume_asked == []


def test_take_resume_without_an_unfinished_attempt_starts_a_new_one(
    rubric: Rubric, tmp_path: Path,
) -> None:
    ui = Frontend([*full_run_steps(), (REVIEW, FINISH)])
    result = take(rubric, AttemptStore(rubric.id, home=tmp_path), ui, resume=True)
    assert result.answers is not None
    assert "no unfinished attempt" in ui.notices[0]


def test_take_with_a_name_does_not_ask_for_one(rubric: Rubric, tmp_path: Path) -> None:
    ui = Frontend([*full_run_steps(), (REVIEW, FINISH)], name="ignored")
    result = take(rubric, AttemptStore(rubric.id, home=tmp_path), ui, name="Grace")
    assert not ui.welcomes[0].ask_name
    assert result.answers.respondent == "Grace"
    info = ui.welcomes[0]
    assert (info.min_questions, info.max_questions, info.sections) == (5, 8, 2)
    assert info.save_folder == tmp_path / "attempts" / rubric.id


def test_an_attempt_for_another_rubric_version_is_not_mixed(
    rubric: Rubric, tmp_path: Path,
) -> None:
    store = AttemptStore(rubric.id, home=tmp_path)
    with pytest.raises(QuizPaused):
        take(rubric, store, Frontend(pause_after(full_run_steps(), 2)))
    saved_text = store.read_unfinished()
    v2 = load_rubric(DATA / "small-v2.yaml")

    declined = Frontend([], confirm=False)
    result = take(v2, store, declined)
    assert result.answers is None and "Nothing changed" in result.message
    assert store.read_unfinished() == saved_text  # untouched
    assert "version 1.0.0" in declined.notices[0] and "2.0.0" in declined.notices[0]
    assert len(list((tmp_path / "backups").iterdir())) == 1

    accepted = Frontend([*full_run_steps(), (REVIEW, FINISH)], confirm=True)
    result = take(v2, store, accepted)
    assert result.answers.rubric.version == "2.0.0"
    assert accepted.prompts[0].has_previous is False  # nothing carried over
    assert len(list((tmp_path / "backups").iterdir())) == 2


def test_an_unreadable_saved_attempt_is_set_aside(rubric: Rubric, tmp_path: Path) -> None:
    store = AttemptStore(rubric.id, home=tmp_path)
    store.folder.mkdir(parents=True)
    store.unfinished.write_text("careerkit_answers: [unclosed\n")
    ui = Frontend([*full_run_steps(), (REVIEW, FINISH)])
    result = take(rubric, store, ui)
    assert result.answers is not None
    assert "could not be read" in ui.notices[0]
    (backup,) = (tmp_path / "backups").iterdir()
    assert backup.read_text() == "careerkit_answers: [unclosed\n"


def test_a_saved_attempt_with_a_changed_rubric_file_is_checked(
    rubric: Rubric, tmp_path: Path,
) -> None:
    store = AttemptStore(rubric.id, home=tmp_path)
    attempt = new_attempt(rubric, {"reads": "weekly", "has_code": True, "stars": 5})
    text = answers_to_yaml(attempt).replace(rubric.sha256, "0" * 64).replace(
        "stars: 5", "stars: -4")
    store.folder.mkdir(parents=True)
    store.unfinished.write_text(text)
    ui = Frontend([("stars", 5), *full_run_steps()[4:], (REVIEW, FINISH)], resume=None)
    take(rubric, store, ui, resume=True)
    assert any("dropped" in n for n in ui.notices)
    assert any("rubric file changed" in n for n in ui.notices)


def test_stopping_at_the_welcome_screen_saves_nothing(rubric: Rubric, tmp_path: Path) -> None:
    store = AttemptStore(rubric.id, home=tmp_path)
    with pytest.raises(QuizPaused, match="nothing to save"):
        take(rubric, store, Frontend([], name=Stop()))  # type: ignore[arg-type]
    assert store.read_unfinished() is None


# -- signals ----------------------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="POSIX signals")
@pytest.mark.parametrize(("signum", "reason"), [
    (signal.SIGTERM, "terminated"), (signal.SIGINT, "interrupted"),
    (getattr(signal, "SIGHUP", signal.SIGTERM), "hangup"),
])
def test_signals_are_delivered_as_stop_and_handlers_restored(
    signum: int, reason: str,
) -> None:
    before = signal.getsignal(signum)
    delivered: list[Stop] = []
    with stop_on_signals(delivered.append):
        os.kill(os.getpid(), signum)
    assert [s.reason for s in delivered] == [reason]
    assert signal.getsignal(signum) == before


def test_a_signal_during_a_question_saves_like_ctrl_c(rubric: Rubric) -> None:
    def raising(stop: Stop) -> None:
        raise stop

    def ask(prompt: QuestionPrompt) -> Any:
        if prompt.question.id == "has_code":
            os.kill(os.getpid(), signal.SIGTERM)
        return "weekly"

    saves: list[Answers] = []
    with stop_on_signals(raising), pytest.raises(QuizPaused, match=r"\(1 of 5\)"):
        run_quiz(rubric, new_attempt(rubric), ask, review=lambda s: None,
                 autosave=saves.append)
    assert saves[-1].answers == {"reads": "weekly"}


# -- when saving fails -------------------------------------------------------------------------


class FlakyDisk(Script):
    """Autosaves fail while `full` is set (a full disk), then work again."""

    full = False

    def autosave(self, answers: Answers) -> None:
        if self.full:
            raise RuntimeFailure("unfinished.yaml: could not be written: No space left")
        super().autosave(answers)


def test_a_failing_autosave_is_told_once_and_the_quiz_goes_on(rubric: Rubric) -> None:
    script = FlakyDisk([*FULL, (REVIEW, FINISH)])
    original = script.ask

    def ask(prompt: QuestionPrompt) -> Any:
        script.full = prompt.question.id in ("stars", "stars_reflection", "shipped")
        return original(prompt)

    script.ask = ask  # type: ignore[method-assign]
    finished = script.run(rubric)
    assert finished.answers == dict(FULL)
    assert len(script.notices) == 2
    assert "could not be saved" in script.notices[0] and "No space left" in script.notices[0]
    assert "works again" in script.notices[1]
    assert script.saves[-1].answers == dict(FULL)


def test_stopping_while_saving_fails_says_so(rubric: Rubric) -> None:
    script = FlakyDisk([("reads", "weekly"), ("has_code", Stop())])
    script.full = True
    with pytest.raises(QuizPaused, match=r"could NOT be saved.*No space left"):
        script.run(rubric)


def test_answers_that_cannot_be_filed_travel_with_the_error(
    rubric: Rubric, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    store = AttemptStore(rubric.id, home=tmp_path)

    def refuse(answers: Answers, rubric: Rubric | None = None) -> Path:
        raise RuntimeFailure("history: read-only file system")

    monkeypatch.setattr(store, "file_finished", refuse)
    with pytest.raises(NotFiled) as caught:
        take(rubric, store, Frontend([*full_run_steps(), (REVIEW, FINISH)]))
    assert caught.value.exit_code == 1
    assert parse_answers(caught.value.text, rubric).answers == dict(full_run_steps())


def test_the_total_is_the_reachable_range_until_the_answers_settle_it(rubric: Rubric) -> None:
    script = Script([*FULL, (REVIEW, FINISH)])
    script.run(rubric)
    shown = {p.question.id: p.progress.total_text for p in script.prompts}
    # 5 questions are always asked; has_code, stars and shipped can add 3 more.
    assert shown["reads"] == "5–8"
    assert shown["stars"] == "6–8"  # has_code: yes; stars itself may add its reflection
    assert shown["shipped"] == "7–8"
    assert shown["users"] == shown["plan"] == "8"


def test_the_range_narrows_when_a_condition_turns_false(rubric: Rubric) -> None:
    script = Script([
        ("reads", "never"), ("has_code", False), ("shipped", "nothing"),
        ("skills", []), ("plan", "Something."), (REVIEW, FINISH),
    ])
    script.run(rubric)
    shown = [p.progress.total_text for p in script.prompts]
    assert shown == ["5–8", "5–8", "5–6", "5", "5"]


def test_the_review_counts_answered_and_skipped_exactly(rubric: Rubric) -> None:
    steps = [(qid, None if qid == "users" else value) for qid, value in FULL]
    script = Script([*steps, (REVIEW, FINISH)])
    script.run(rubric)
    [screen] = script.screens
    assert len(screen.items) == 8
    assert (screen.answered, screen.skipped) == (7, 1)
