"""History, compare, cohort and export."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import Result

from careerkit.answers import Answers, answers_to_yaml, parse_answers, pin, template_yaml
from careerkit.cohort import StudentRecord, build_summary, read_cohort, students_csv
from careerkit.errors import ValidationFailed
from careerkit.history import compare, list_attempts, snapshot_rubric
from careerkit.rubric import Rubric, load_rubric, shown
from careerkit.scoring import score
from careerkit.yamlio import load_yaml_text, parse_yaml_careful
from tests.conftest import ALL_TYPES

Cli = Callable[..., Result]
WHEN = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)

GOOD = {"likert_named": "high", "likert_reverse": "disagree", "single": "lots", "ship": True,
        "users": 150, "skills": ["sold", "designed"], "custom": "b", "paid": True,
        "reflect": "Ship it.\nThen sell it."}
POOR = {"likert_named": "low", "likert_reverse": "strongly_agree", "single": "none",
        "ship": False, "skills": ["none"], "custom": "a"}


def answers_file(folder: Path, name: str, rubric: Rubric, values: dict[str, Any],
                 respondent: str = "", when: datetime = WHEN) -> Path:
    answers = Answers(rubric=pin(rubric), respondent=respondent or name, started_at=when,
                      finished_at=when + timedelta(minutes=15), answers=values)
    path = folder / f"{name}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(answers_to_yaml(answers, rubric), encoding="utf-8")
    return path


# -- export -----------------------------------------------------------------------------------


def test_export_markdown_is_a_complete_literal_plan(cli: Cli, tmp_path: Path,
                                                    all_types: Rubric) -> None:
    path = answers_file(tmp_path, "a", all_types, POOR | {"reflect": "line *one*\nline <two>"},
                        respondent="Ada <script> *Lovelace*")
    result = cli("export", path, "--rubric", ALL_TYPES, "--format", "md")
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.startswith("# Ada \\<script\\> \\*Lovelace\\*'s career action plan")
    for title in ("First dimension", "Second dimension"):
        assert title in text
    assert "- [ ] **1.1 Ship something** (within 14 days)" in text  # triggered by ship: false
    assert "> line \\*one\\*\n> line \\<two\\>" in text  # reflections verbatim, lines kept
    assert "### Next 30 days" in text


def test_export_json_and_csv(cli: Cli, tmp_path: Path, all_types: Rubric) -> None:
    path = answers_file(tmp_path, "a", all_types, GOOD)
    data = json.loads(cli("export", path, "-r", ALL_TYPES, "-f", "json").stdout)
    assert set(data) == {"scorecard", "plan"}
    assert data["scorecard"]["dimensions"]["first"]["band"] == "high"
    rows = list(csv.DictReader(io.StringIO(cli("export", path, "-r", ALL_TYPES, "-f",
                                               "csv").stdout)))
    kinds = [r["kind"] for r in rows]
    assert kinds[:3] == ["overall", "dimension", "dimension"] and "action" in kinds
    out = tmp_path / "plan.md"
    assert cli("export", path, "-r", ALL_TYPES, "-o", out).exit_code == 0
    assert out.read_text().startswith("# a's career action plan")
    bad = cli("export", path, "-r", ALL_TYPES, "-f", "pdf")
    assert bad.exit_code == 2 and "--format pdf: use one of json, csv, md" in bad.stderr


# -- cohort -----------------------------------------------------------------------------------


def test_cohort_skips_bad_files_and_keeps_the_latest_attempt(cli: Cli, tmp_path: Path,
                                                             all_types: Rubric) -> None:
    folder = tmp_path / "class"
    for i in range(6):
        answers_file(folder, f"student{i}", all_types, GOOD if i % 2 else POOR,
                     respondent=f"Student {i}")
    # the same student twice: the later attempt counts
    answers_file(folder, "student0-retake", all_types, GOOD, respondent="student 0",
                 when=WHEN + timedelta(days=30))
    (folder / "notes.txt").write_text("not yaml")
    (folder / "empty.yaml").write_text("")
    (folder / "broken.yaml").write_text("answers: [unclosed\n")
    (folder / "huge.yaml").write_bytes(b"a: " + b"x" * (600 * 1024))
    other = all_types.model_copy(update={"version": "9.9.9"})
    answers_file(folder, "old-version", other, GOOD)
    csv_path = tmp_path / "scores.csv"
    result = cli("cohort", folder, "--rubric", ALL_TYPES, "--csv", csv_path)
    assert result.exit_code == 0, result.output
    err = result.stderr
    assert f"skipped {folder / 'empty.yaml'}:1: the file is empty" in err
    assert f"skipped {folder / 'broken.yaml'}:1: YAML syntax" in err
    assert f"skipped {folder / 'huge.yaml'}" in err and "larger than" in err
    assert "these answers are for version 9.9.9" in err
    assert "11 answers files read; 4 skipped; 1 files ignored (not .yaml); 1 earlier " \
           "attempts of the same student left out." in err
    assert "6 students." in result.stdout
    for i in range(6):
        assert f"Student {i}" not in result.stdout + csv_path.read_text()
    # Too few students for the CSV: refused, nothing written.
    small = cli("cohort", folder / "student1.yaml", folder / "student2.yaml", "--rubric",
                ALL_TYPES, "--csv", tmp_path / "small.csv")
    assert small.exit_code == 2 and "could identify them" in small.stderr
    assert not (tmp_path / "small.csv").exists()
    missing = cli("cohort", tmp_path / "nope", "--rubric", ALL_TYPES)
    assert missing.exit_code == 2 and "nope: no such file or folder" in missing.stderr
    nothing = cli("cohort", folder / "empty.yaml", "--rubric", ALL_TYPES)
    assert nothing.exit_code == 2 and "no usable answers files" in nothing.stderr
    rows = list(csv.reader(io.StringIO(csv_path.read_text())))
    assert rows[0] == ["student", "overall", "first", "second"]
    assert len(rows) == 7 and all(r[0].startswith("S-") for r in rows[1:])


def test_cohort_suppresses_small_groups(all_types: Rubric, tmp_path: Path) -> None:
    files = [answers_file(tmp_path, f"s{i}", all_types, GOOD) for i in range(3)]
    read = read_cohort(files, all_types)
    summary = build_summary(read.students, all_types, min_group=5)
    assert summary.students == 3 and summary.suppressed
    assert summary.overall.mean is None and summary.actions == [] and summary.gaps == []
    assert all(d.distribution.suppressed for d in summary.dimensions)
    assert all(b.count is None for d in summary.dimensions for b in d.bands)


def record(overall: float, first: float | None, second: float | None,
           actions: tuple[str, ...] = ()) -> StudentRecord:
    return StudentRecord(key=str(overall) + str(first), when=WHEN, overall=overall,
                         scores=(first, second), actions=actions)


def test_band_cells_below_min_group_are_hidden_with_a_complement(all_types: Rubric) -> None:
    # first dimension: 7 high, 2 low -> the 2 is hidden, and so is the 7 (else 9 - 7 = 2)
    students = [record(80, 90, 50) for _ in range(7)] + [record(20, 10, 50) for _ in range(2)]
    summary = build_summary(students, all_types, min_group=5)
    first = summary.dimensions[0]
    assert [b.count for b in first.bands] == [None, None]
    assert first.distribution.n == 9 and first.distribution.median == 90
    assert first.distribution.p25 is None  # quartiles need twice min_group students
    second = summary.dimensions[1]
    assert {b.band: b.count for b in second.bands} == {"low": 0, "mid": 9, "high": 0}


def test_actions_recommended_to_few_students_are_not_listed(all_types: Rubric) -> None:
    students = [record(50, 50, 50, ("a_trig", "b_low")) for _ in range(5)]
    students += [record(50, 50, 50, ("a_high_1",)) for _ in range(5)]
    summary = build_summary(students, all_types, min_group=5)
    assert [(a.action_id, a.count) for a in summary.actions] == [
        ("a_high_1", 5), ("a_trig", 5), ("b_low", 5)]
    # Nine students: the 5 recommended `a_trig` leave 4 who were not, a small group.
    summary = build_summary(students[:9], all_types, min_group=5)
    assert [(a.action_id, a.count) for a in summary.actions] == []


def test_students_csv_pseudonyms_are_stable_within_a_report_only(all_types: Rubric) -> None:
    students = [record(50, 40, 60)] * 5
    first = list(students_csv(students, all_types, salt=b"one"))
    assert first == list(students_csv(students, all_types, salt=b"one"))
    assert first[1] != list(students_csv(students, all_types, salt=b"two"))[1]
    assert first[1].endswith(",50,40,60\n")


# -- history and compare ----------------------------------------------------------------------


def test_history_lists_attempts_and_reports_a_corrupt_file(cli: Cli, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch,
                                                           default_rubric: Rubric) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("CAREERKIT_HOME", str(home))
    history = home / "history"
    history.mkdir(parents=True)
    example = template_yaml(default_rubric, example=True)
    (history / "2026-01-01-ml-phd-career.yaml").write_text(example)
    (history / "2026-02-01-ml-phd-career.yaml").write_text("careerkit_answers: [broken\n")
    result = cli("history")
    assert result.exit_code == 0, result.output
    assert "ml-phd-career 2.0.0  overall" in result.stdout
    assert "2026-02-01-ml-phd-career.yaml: cannot be read" in result.stderr
    assert len(list_attempts(home)) == 2


def test_compare_the_last_two_attempts(cli: Cli, tmp_path: Path, all_types: Rubric,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("CAREERKIT_HOME", str(home))
    snapshot_rubric(all_types, home)
    answers_file(home / "history", "2026-01-01-all-types", all_types, POOR, "Ada", WHEN)
    answers_file(home / "history", "2026-06-01-all-types", all_types, GOOD, "Ada",
                 when=WHEN + timedelta(days=90))
    result = cli("compare")
    assert result.exit_code == 0, result.output
    before = score(Answers(rubric=pin(all_types), answers=POOR), all_types)
    after = score(Answers(rubric=pin(all_types), answers=GOOD), all_types)
    # The change is the difference of the two numbers printed, so the row adds up.
    change = (shown(after.dimensions["first"].score)  # type: ignore[arg-type]
              - shown(before.dimensions["first"].score))  # type: ignore[arg-type]
    assert f"{change:+d} ▲" in result.stdout
    assert "rubric changed" not in result.stdout


def test_compare_across_a_rubric_change_uses_shared_dimensions(tmp_path: Path,
                                                               all_types: Rubric) -> None:
    text = ALL_TYPES.read_text().replace("version: 0.1.0", "version: 0.2.0")
    start = text.index("  - id: second")
    changed = load_rubric(Path(_write(tmp_path / "v2.yaml", text[:start])))
    old = score(Answers(rubric=pin(all_types), answers=POOR), all_types)
    new = score(Answers(rubric=pin(changed), answers={"single": "lots"}), changed)
    comparison = compare(old, new)
    assert [d.id for d in comparison.dimensions] == ["first"]
    assert comparison.only_before == ["Second dimension"]
    assert comparison.overall_before is None  # different dimension sets: not comparable
    assert comparison.note is not None and "only the dimensions both share" in comparison.note


def _write(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


def test_compare_needs_two_attempts(cli: Cli) -> None:
    result = cli("compare")
    assert result.exit_code == 2
    assert "fewer than two finished attempts" in result.stderr


# -- the fast YAML path -----------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_fast_and_careful_loaders_agree_on_answers_files(data: st.DataObject) -> None:
    rubric = load_rubric(ALL_TYPES)
    values = {
        "likert_named": data.draw(st.sampled_from(["low", "mid", "high", None])),
        "ship": data.draw(st.booleans()),
        "skills": data.draw(st.lists(st.sampled_from(["sold", "designed"]), unique=True)),
        "reflect": data.draw(st.text(max_size=40)),
    }
    if values["ship"]:
        values["users"] = data.draw(st.integers(0, 1000))
    text = answers_to_yaml(Answers(rubric=pin(rubric), respondent=data.draw(st.text(max_size=20)),
                                   answers=values), rubric)
    careful, fast = parse_yaml_careful(text), load_yaml_text(text)
    assert fast.data == careful.data and fast.lines == careful.lines


@pytest.mark.parametrize("text", ["a: &x 1\nb: *x\n", "a: 1\na: 2\n", "a: [\n", "a:\n\tb: 1\n",
                                  "a: !!python/name:os.system x\n"])
def test_fast_loader_gives_the_careful_errors(text: str) -> None:
    with pytest.raises(ValidationFailed) as careful:
        parse_yaml_careful(text)
    with pytest.raises(ValidationFailed) as fast:
        load_yaml_text(text)
    assert str(fast.value) == str(careful.value)


def test_parallel_reading_gives_the_same_cohort(all_types: Rubric, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    import careerkit.cohort as cohort

    files = [answers_file(tmp_path, f"s{i}", all_types, GOOD if i % 3 else POOR,
                          respondent=f"S {i % 7}", when=WHEN + timedelta(days=i))
             for i in range(12)]
    (tmp_path / "bad.yaml").write_text("answers: [\n")
    files.append(tmp_path / "bad.yaml")
    monkeypatch.setattr(cohort, "PARALLEL_FROM", 1)
    monkeypatch.setattr(cohort, "CHUNK", 3)
    one = read_cohort(files, all_types, workers=1)
    two = read_cohort(files, all_types, workers=2)
    assert [(s.key, s.overall) for s in one.students] == [(s.key, s.overall)
                                                           for s in two.students]
    assert one.skipped == two.skipped and len(one.skipped) == 1
    assert one.duplicates == two.duplicates == 5


def test_previous_attempt_is_the_last_one_before_and_never_itself(
    tmp_path: Path, all_types: Rubric
) -> None:
    from careerkit.answers import load_answers
    from careerkit.history import previous_attempt

    home = tmp_path / "home"
    history = home / "history"
    first = answers_file(history, "2026-01-01-all-types", all_types, POOR, "Ada", WHEN)
    second = answers_file(history, "2026-02-01-all-types", all_types, GOOD, "Ada",
                          when=WHEN + timedelta(days=31))
    third = answers_file(history, "2026-03-01-all-types", all_types,
                         POOR | {"custom": "b"}, "Ada", when=WHEN + timedelta(days=60))
    snapshot_rubric(all_types, home)
    latest = load_answers(third, all_types)
    found = previous_attempt(latest, home, exclude=third)
    assert found is not None and found.path == second
    earliest = load_answers(first, all_types)
    assert previous_attempt(earliest, home, exclude=first) is None


def test_compare_by_default_stays_within_the_latest_rubric(
    cli: Cli, tmp_path: Path, all_types: Rubric, default_rubric: Rubric,
    monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("CAREERKIT_HOME", str(home))
    snapshot_rubric(all_types, home)
    answers_file(home / "history", "a1", all_types, POOR, when=WHEN)
    answers_file(home / "history", "a2", all_types, GOOD, when=WHEN + timedelta(days=1))
    example = parse_answers(template_yaml(default_rubric, example=True), default_rubric)
    answers_file(home / "history", "z-ml", default_rubric, example.answers,
                 when=WHEN + timedelta(days=30))
    assert len([a for a in list_attempts(home) if a.scorecard is not None]) == 3
    result = cli("compare")
    # The latest attempt is for ml-phd-career, which has only one attempt: nothing to
    # compare it with, rather than a comparison across rubrics.
    assert result.exit_code == 2 and "fewer than two finished attempts" in result.stderr
