"""A retake's plan: "Since last time" compares it with the attempt before."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from typer.testing import Result

from careerkit.answers import Answers, answers_to_yaml, parse_answers, pin, template_yaml
from careerkit.cases import cases_path, load_cases
from careerkit.errors import Problem
from careerkit.history import Attempt, history_folder, load_attempt, snapshot_rubric
from careerkit.plan import build_plan
from careerkit.report import render_pdf
from careerkit.rubric import Rubric, load_rubric, shown
from careerkit.scoring import Scorecard, score

FIXTURE = Path(__file__).parent / "data" / "report" / "plan.yaml"
RUBRIC = FIXTURE  # the `rubric` fixture (conftest.py) loads this one
Cli = Callable[..., Result]

EARLIER_ANSWERS: dict[str, Any] = {
    "papers": 0, "habit": "never", "shipped": False, "skills": ["none"],
    "applied": "many", "confident": "strongly_agree",
}
NEW_DIMENSION = '''
  - id: network
    title: Your network
    weight: 1
    why: "\\"talk to people.\\""
    questions:
      - id: met
        type: yesno
        text: Did you meet someone new in industry this month?
'''


def attempt_answers(rubric: Rubric, when: datetime, answers: dict[str, Any] | None = None
                    ) -> Answers:
    example = parse_answers(template_yaml(rubric, example=True), rubric)
    update: dict[str, Any] = {"respondent": "Zoë Example", "started_at": when,
                              "finished_at": when}
    if answers is not None:
        update["answers"] = answers
    return example.model_copy(update=update)


def pdf_text(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in
                             PdfReader(io.BytesIO(pdf)).pages).split())


def section(text: str) -> str:
    start = text.index("Since last time")
    return text[start:text.index("Your dimensions", start)]


def change_row(title: str, before: float | None, after: float | None) -> str:
    """A row of the change table as a reader sees it, worked out from two scores."""
    assert before is not None and after is not None
    b, a = shown(before), shown(after)
    change = a - b
    sign = f"+{change}" if change > 0 else (f"\u2212{-change}" if change < 0 else "±0")
    return f"{title} {b} {a} {sign}"



@pytest.fixture(scope="module")
def earlier_file(rubric: Rubric, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("earlier") / "earlier.yaml"
    answers = attempt_answers(rubric, datetime(2026, 1, 10, 9, tzinfo=timezone.utc),
                              EARLIER_ANSWERS)
    path.write_text(answers_to_yaml(answers, rubric), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def now(rubric: Rubric) -> Answers:
    return attempt_answers(rubric, datetime(2026, 3, 1, 9, tzinfo=timezone.utc))


@pytest.fixture(scope="module")
def retake_pdf(rubric: Rubric, now: Answers, earlier_file: Path) -> bytes:
    return render_pdf(now, rubric, previous=load_attempt(earlier_file, rubric))


def cards(rubric: Rubric, now: Answers, earlier: Path) -> tuple[Scorecard, Scorecard]:
    attempt = load_attempt(earlier, rubric)
    assert attempt.scorecard is not None
    return attempt.scorecard, score(now, rubric)


# -- the section --------------------------------------------------------------------------------


def test_a_retake_shows_both_dates_and_the_change_per_dimension(
    rubric: Rubric, now: Answers, earlier_file: Path, retake_pdf: bytes
) -> None:
    text = section(pdf_text(retake_pdf))
    assert ("This plan compares your answers of 1 March 2026 with your previous attempt at "
            "this rubric, of 10 January 2026" in text)
    assert "Last time: 10 January 2026. Now: 1 March 2026." in text  # the radar's key
    before, after = cards(rubric, now, earlier_file)
    signs = set()
    for dimension_id, dimension in after.dimensions.items():
        old = before.dimensions[dimension_id]
        row = change_row(dimension.title, old.score, dimension.score)
        assert row in text
        signs.add(row.split()[-1][0])
    assert signs == {"+", "\u2212"}  # the fixture both raises and lowers a score
    assert change_row("Overall", before.overall, after.overall) in text


def test_the_earlier_plans_actions_are_listed_to_tick(
    rubric: Rubric, now: Answers, earlier_file: Path, retake_pdf: bytes
) -> None:
    text = section(pdf_text(retake_pdf))
    earlier = load_attempt(earlier_file, rubric)
    assert earlier.scorecard is not None and earlier.answers is not None
    actions = build_plan(earlier.scorecard, rubric, earlier.answers).actions
    assert actions
    listed = text[text.index("Your actions from last time"):]
    assert "Done? # Action and outcome Dimension Due" in listed
    assert "Was due" not in listed
    for action in actions:
        assert f"{action.number} {action.title} Done when: {action.outcome}" in listed
        # Due dates count from the earlier attempt; one still ahead of this attempt's
        # day (1 March) says so instead of claiming it "was due".
        due = date(2026, 1, 10) + timedelta(days=action.due_days)
        cell = f"{due.day} {due:%b %Y}" + (" not yet due" if due > date(2026, 3, 1) else "")
        assert cell in listed
    assert listed.count("not yet due") == sum(
        date(2026, 1, 10) + timedelta(days=a.due_days) > date(2026, 3, 1) for a in actions)
    assert 0 < listed.count("not yet due") < len(actions)  # the fixture has both kinds


def test_the_section_follows_the_summary_and_is_bookmarked(retake_pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(retake_pdf))
    # After the first 30 days: on the page after it, or below it when that page is short.
    assert "Since last time" not in reader.pages[0].extract_text()
    assert "Since last time" in reader.pages[1].extract_text() + reader.pages[2].extract_text()
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert titles[:4] == ["Summary", "Your first 30 days", "Since last time", "Your dimensions"]


def test_without_a_previous_attempt_there_is_no_such_section(
    rubric: Rubric, now: Answers, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    pdf = render_pdf(now, rubric)
    assert "Since last time" not in pdf_text(pdf)
    broken = Attempt(path=Path("x.yaml"), problem=Problem(None, None, (), "broken"))
    assert render_pdf(now, rubric, previous=broken) == pdf


def test_when_the_rubric_changed_only_shared_dimensions_are_compared(
    rubric: Rubric, earlier_file: Path, tmp_path: Path
) -> None:
    text = FIXTURE.read_text(encoding="utf-8").replace("version: 2.1.0", "version: 3.0.0")
    text = text[:text.index("  - id: market")] + NEW_DIMENSION
    changed_file = tmp_path / "changed.yaml"
    changed_file.write_text(text, encoding="utf-8")
    changed = load_rubric(changed_file)
    answers = parse_answers(template_yaml(changed, example=True), changed).model_copy(
        update={"finished_at": datetime(2026, 3, 1, 9, tzinfo=timezone.utc)})
    pdf = render_pdf(answers, changed, previous=load_attempt(earlier_file, rubric))
    part = section(pdf_text(pdf))
    assert ("The rubric changed between these attempts (report-fixture 2.1.0 then "
            "report-fixture 3.0.0); only the dimensions both share are compared; no longer "
            "asked: The job market; new: Your network.") in " ".join(part.split())
    table = part[part.index("CHANGE BY DIMENSION"):part.index("Your actions from last time")]
    assert "Reading the field" in table and "Building products" in table
    assert "The job market" not in table and "Your network" not in table
    assert "Overall" not in table  # over different dimensions, not comparable
    assert "The overall scores are not compared" in part


# -- the command --------------------------------------------------------------------------------


def write_answers(path: Path, rubric: Rubric, when: datetime,
                  answers: dict[str, Any] | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(answers_to_yaml(attempt_answers(rubric, when, answers), rubric),
                    encoding="utf-8")
    return path


@pytest.fixture
def home(tmp_path: Path, rubric: Rubric) -> Path:
    """The history the `cli` fixture points CAREERKIT_HOME at, with one earlier attempt."""
    home = tmp_path / "home"
    snapshot_rubric(rubric, home)
    write_answers(history_folder(home) / "2026-01-10.yaml", rubric,
                  datetime(2026, 1, 10, 9, tzinfo=timezone.utc), EARLIER_ANSWERS)
    return home


def test_report_compares_with_the_previous_attempt_in_the_history(
    cli: Cli, home: Path, rubric: Rubric, tmp_path: Path
) -> None:
    answers = write_answers(tmp_path / "now.yaml", rubric,
                            datetime(2026, 3, 1, 9, tzinfo=timezone.utc))
    out = tmp_path / "plan.pdf"
    result = cli("report", answers, "-r", FIXTURE, "-o", out)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(out)
    assert "Compared with your attempt of 2026-01-10" in result.stderr
    assert ("This plan compares your answers of 1 March 2026 with your previous attempt at "
            "this rubric, of 10 January 2026") in pdf_text(out.read_bytes())


def test_no_compare_leaves_the_section_out(
    cli: Cli, home: Path, rubric: Rubric, tmp_path: Path
) -> None:
    answers = write_answers(tmp_path / "now.yaml", rubric,
                            datetime(2026, 3, 1, 9, tzinfo=timezone.utc))
    out = tmp_path / "plan.pdf"
    result = cli("report", answers, "-r", FIXTURE, "-o", out, "--no-compare")
    assert result.exit_code == 0, result.output
    assert "Since last time" not in pdf_text(out.read_bytes())


def test_an_answers_file_is_never_compared_with_itself(
    cli: Cli, tmp_path: Path, rubric: Rubric
) -> None:
    home = tmp_path / "home"
    snapshot_rubric(rubric, home)
    only = write_answers(history_folder(home) / "2026-03-01.yaml", rubric,
                         datetime(2026, 3, 1, 9, tzinfo=timezone.utc))
    out = tmp_path / "plan.pdf"
    result = cli("report", only, "-r", FIXTURE, "-o", out)
    assert result.exit_code == 0, result.output
    assert "Since last time" not in pdf_text(out.read_bytes())


def test_previous_names_the_earlier_answers_file(
    cli: Cli, home: Path, rubric: Rubric, tmp_path: Path
) -> None:
    answers = write_answers(tmp_path / "now.yaml", rubric,
                            datetime(2026, 3, 1, 9, tzinfo=timezone.utc))
    older = write_answers(tmp_path / "older.yaml", rubric,
                          datetime(2025, 6, 2, 9, tzinfo=timezone.utc), EARLIER_ANSWERS)
    out = tmp_path / "plan.pdf"
    result = cli("report", answers, "-r", FIXTURE, "-o", out, "--previous", older)
    assert result.exit_code == 0, result.output
    assert "with your previous attempt at this rubric, of 2 June 2025" in pdf_text(
        out.read_bytes())


def test_a_broken_previous_file_is_exit_2_with_its_problem(
    cli: Cli, home: Path, rubric: Rubric, tmp_path: Path
) -> None:
    answers = write_answers(tmp_path / "now.yaml", rubric,
                            datetime(2026, 3, 1, 9, tzinfo=timezone.utc))
    broken = tmp_path / "broken.yaml"
    broken.write_text("careerkit_answers: 1\nrubric: [not, a, pin]\n", encoding="utf-8")
    out = tmp_path / "plan.pdf"
    result = cli("report", answers, "-r", FIXTURE, "-o", out, "--previous", broken)
    assert result.exit_code == 2
    assert f"error: {broken}:" in result.stderr
    assert "Traceback" not in result.output
    assert not out.exists()


def test_previous_and_no_compare_together_are_a_usage_error(
    cli: Cli, home: Path, rubric: Rubric, tmp_path: Path
) -> None:
    answers = write_answers(tmp_path / "now.yaml", rubric,
                            datetime(2026, 3, 1, 9, tzinfo=timezone.utc))
    result = cli("report", answers, "-r", FIXTURE, "--no-compare", "--previous", answers)
    assert result.exit_code == 2
    assert "--previous and --no-compare" in result.stderr


# -- the same person only -----------------------------------------------------------------------


def named(path: Path, rubric: Rubric, when: datetime, name: str,
          answers: dict[str, Any] | None = None) -> Path:
    write_answers(path, rubric, when, answers)
    text = path.read_text(encoding="utf-8").replace('respondent: "Zoë Example"',
                                                    f'respondent: "{name}"')
    path.write_text(text, encoding="utf-8")
    return path


def test_another_persons_attempt_is_never_the_baseline(
    cli: Cli, home: Path, rubric: Rubric, tmp_path: Path
) -> None:
    """The reported case: a second student's PDF compared with the first student's attempt
    (here Zoë's of 10 January), and an advisor's rating kept in the same history."""
    named(history_folder(home) / "2026-02-01.yaml", rubric,
          datetime(2026, 2, 1, 9, tzinfo=timezone.utc), "Dr Advisor", EARLIER_ANSWERS)
    wang = named(tmp_path / "wang.yaml", rubric, datetime(2026, 3, 1, 9, tzinfo=timezone.utc),
                 "王小明")
    out = tmp_path / "wang.pdf"
    result = cli("report", wang, "-r", FIXTURE, "-o", out)
    assert result.exit_code == 0, result.output
    assert "Since last time" not in pdf_text(out.read_bytes())
    assert "Compared with" not in result.stderr


@pytest.mark.parametrize("spelling", ["Zoe\u0308 Example", "ZOË  EXAMPLE", " zoë example "])
def test_the_same_name_typed_another_way_is_the_same_person(
    cli: Cli, home: Path, rubric: Rubric, tmp_path: Path, spelling: str
) -> None:
    # A later attempt by someone else must not be taken instead of Zoë's own.
    named(history_folder(home) / "2026-02-01.yaml", rubric,
          datetime(2026, 2, 1, 9, tzinfo=timezone.utc), "Dr Advisor", EARLIER_ANSWERS)
    now = named(tmp_path / "now.yaml", rubric, datetime(2026, 3, 1, 9, tzinfo=timezone.utc),
                spelling)
    out = tmp_path / "plan.pdf"
    result = cli("report", now, "-r", FIXTURE, "-o", out)
    assert result.exit_code == 0, result.output
    assert "Compared with your attempt of 2026-01-10" in result.stderr
    assert "with your previous attempt at this rubric, of 10 January 2026" in pdf_text(
        out.read_bytes())


def test_compare_without_files_compares_the_latest_persons_attempts(
    cli: Cli, home: Path, rubric: Rubric, tmp_path: Path
) -> None:
    named(history_folder(home) / "2026-02-01.yaml", rubric,
          datetime(2026, 2, 1, 9, tzinfo=timezone.utc), "Bo Other")
    write_answers(history_folder(home) / "2026-03-01.yaml", rubric,
                  datetime(2026, 3, 1, 9, tzinfo=timezone.utc))
    result = cli("compare")
    assert result.exit_code == 0, result.output
    assert "Before: 2026-01-10 (2026-01-10.yaml)" in result.stdout
    assert "Now:    2026-03-01 (2026-03-01.yaml)" in result.stdout
    named(history_folder(home) / "2026-04-01.yaml", rubric,
          datetime(2026, 4, 1, 9, tzinfo=timezone.utc), "Cy Third")
    alone = cli("compare")
    assert alone.exit_code == 2
    assert "fewer than two finished attempts by the same person" in alone.stderr


def test_compare_of_two_peoples_files_says_so(
    cli: Cli, rubric: Rubric, tmp_path: Path
) -> None:
    snapshot_rubric(rubric, tmp_path / "home")
    zoe = write_answers(tmp_path / "zoe.yaml", rubric,
                        datetime(2026, 1, 10, 9, tzinfo=timezone.utc), EARLIER_ANSWERS)
    bo = named(tmp_path / "bo.yaml", rubric, datetime(2026, 3, 1, 9, tzinfo=timezone.utc),
               "Bo Other")
    result = cli("compare", zoe, bo)
    assert result.exit_code == 0, result.output
    assert "name different respondents" in result.stderr
    same = cli("compare", zoe, write_answers(tmp_path / "zoe2.yaml", rubric, datetime(
        2026, 3, 1, 9, tzinfo=timezone.utc)))
    assert same.exit_code == 0 and "different respondents" not in same.stderr


def test_previous_of_another_person_is_allowed_with_a_warning(
    cli: Cli, home: Path, rubric: Rubric, tmp_path: Path
) -> None:
    now = write_answers(tmp_path / "now.yaml", rubric,
                        datetime(2026, 3, 1, 9, tzinfo=timezone.utc))
    other = named(tmp_path / "other.yaml", rubric,
                  datetime(2026, 2, 1, 9, tzinfo=timezone.utc), "Bo Other", EARLIER_ANSWERS)
    out = tmp_path / "plan.pdf"
    result = cli("report", now, "-r", FIXTURE, "-o", out, "--previous", other)
    assert result.exit_code == 0, result.output
    assert f"warning: {other} names another respondent" in result.stderr
    assert "of 1 February 2026" in pdf_text(out.read_bytes())


def test_a_deferred_action_keeps_the_due_date_its_plan_gave_it(tmp_path: Path) -> None:
    # A plan that fits the student's hours moves some actions to a later window: "since
    # last time" must show the date that plan (and `careerkit plan`, and the calendar)
    # gave, not the action's natural horizon.
    default = load_rubric()
    case = next(c for c in load_cases(cases_path(Path(default.path or "")), default)
                if c.name.startswith("a struggling 2nd-year"))
    when = datetime(2026, 1, 10, 9, tzinfo=timezone.utc)
    earlier = Answers(rubric=pin(default), respondent="Zoë Example", answers=case.answers,
                      started_at=when, finished_at=when)
    path = tmp_path / "earlier.yaml"
    path.write_text(answers_to_yaml(earlier, default), encoding="utf-8")
    plan = build_plan(score(earlier, default), default, earlier)
    deferred = [a for a in plan.actions if a.due_days != a.horizon_days]
    assert deferred, "the profile's plan must defer an action for this test to mean anything"
    later = earlier.model_copy(update={"started_at": when + timedelta(days=200),
                                       "finished_at": when + timedelta(days=200)})
    text = pdf_text(render_pdf(later, default, previous=load_attempt(path, default)))
    listed = text[text.index("Your actions from last time"):]
    for action in deferred:
        due = date(2026, 1, 10) + timedelta(days=action.due_days)
        assert f"{action.dimension_title} {due.day} {due:%b %Y}" in listed
