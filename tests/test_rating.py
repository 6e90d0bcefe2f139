"""`careerkit rate` and `report --rating`: the advisor's view beside the student's."""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from typer.testing import Result

from careerkit.answers import parse_answers
from careerkit.errors import InputError, ValidationFailed
from careerkit.quiz import BACK, Stop
from careerkit.rating import (
    Rating,
    RatingStopped,
    band_gaps,
    gap_prompts,
    load_rating,
    rating_to_yaml,
    run_rating,
)
from careerkit.rubric import Rubric, SingleChoiceQuestion, TextQuestion
from careerkit.scoring import score
from tests.conftest import ALL_TYPES
from tests.pipeline_inputs import texts
from tests.test_followthrough import Frontend
from tests.test_progress import GOOD, POOR, answers_file
from tests.test_take_e2e import ENTER, TIMEOUT, env_for

Cli = Callable[..., Result]
WHEN = datetime(2026, 3, 2, 10, tzinfo=timezone.utc)


def ada_answers(tmp_path: Path, rubric: Rubric, values: dict[str, Any] = POOR) -> Path:
    return answers_file(tmp_path, "ada", rubric, values, respondent="Ada Lovelace")


def test_run_rating_asks_each_dimension_on_its_bands_with_a_note(
        tmp_path: Path, all_types: Rubric) -> None:
    answers = parse_answers(ada_answers(tmp_path, all_types).read_text(), all_types)
    ui = Frontend(["high", "  Ships\n often ", BACK, "low", None, "mid", ""])
    rating = run_rating(ui, all_types, answers, rater=" Prof. B ", when=WHEN)
    kinds = [(type(p.question), p.question.id) for p in ui.prompts]
    assert kinds == [(SingleChoiceQuestion, "rate_1"), (TextQuestion, "rate_1_note"),
                     (SingleChoiceQuestion, "rate_2"), (SingleChoiceQuestion, "rate_1"),
                     (TextQuestion, "rate_1_note"), (SingleChoiceQuestion, "rate_2"),
                     (TextQuestion, "rate_2_note")]
    first = ui.prompts[0]
    assert first.question.text == "Where would you place Ada Lovelace on “First dimension”?"
    # the rubric's own bands, per dimension (the second has bands of its own)
    assert [o.value for o in first.options] == [b.id for b in all_types.bands]
    second = all_types.dimensions[1]
    assert [o.value for o in ui.prompts[2].options] == [
        b.id for b in all_types.bands_for(second)]
    assert rating.student == "Ada Lovelace" and rating.rater == "Prof. B"
    assert rating.rubric.id == "all-types" and rating.rated_at == WHEN
    # back to the first, now "low" and skipped note; the second "mid", empty note
    assert {k: (v.band, v.note) for k, v in rating.ratings.items()} == {
        "first": ("low", None), "second": ("mid", None)}
    with pytest.raises(RatingStopped):
        run_rating(Frontend(["high", Stop]), all_types, answers)


def test_a_rating_file_round_trips_and_is_checked_against_the_answers(
        tmp_path: Path, all_types: Rubric) -> None:
    answers = parse_answers(ada_answers(tmp_path, all_types).read_text(), all_types)
    rating = run_rating(Frontend(["high", "Good: ships, sells", "low", None]), all_types,
                        answers, rater="B", when=WHEN)
    path = tmp_path / "r.yaml"
    path.write_text(rating_to_yaml(rating), encoding="utf-8")
    assert load_rating(path, all_types, answers) == rating
    text = path.read_text()
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace("student: Ada Lovelace", "student: Grace Hopper")
                   .replace("version: 0.1.0", "version: 0.2.0")
                   .replace("band: high", "band: stellar"))
    with pytest.raises(ValidationFailed) as failed:
        load_rating(bad, all_types, answers)
    lines = str(failed.value).splitlines()
    number = {key: text.splitlines().index(next(row for row in text.splitlines()
                                                 if row.strip().startswith(key))) + 1
              for key in ("rubric:", "student:", "band: high")}
    assert lines == [
        f"{bad}:{number['rubric:']}: rubric: this rating is for all-types 0.2.0, the "
        "answers for all-types 0.1.0; rate these answers with careerkit rate",
        f"{bad}:{number['student:']}: student: this rating is of another student than these "
        "answers; give the rating made for them",
        f"{bad}:{number['band: high']}: ratings.first.band: 'stellar' is not a band of this "
        "dimension; use one of low, high"]
    # The same person, written another way, is the same student.
    same = tmp_path / "same.yaml"
    same.write_text(text.replace("student: Ada Lovelace", "student: '  ADA   lovelace'"))
    assert load_rating(same, all_types, answers).student == "ADA   lovelace"


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(doc=st.recursive(
    st.none() | st.booleans() | st.integers() | texts(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.sampled_from(["careerkit_rating", "rubric", "student", "ratings", "first",
                         "band", "note", "id", "version", "x"]), inner, max_size=4),
    max_leaves=12))
def test_any_rating_file_loads_or_says_file_line(tmp_path: Path, all_types: Rubric,
                                                 doc: object) -> None:
    import json

    answers = parse_answers(ada_answers(tmp_path, all_types).read_text(), all_types)
    path = tmp_path / "gen.yaml"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")  # JSON is YAML
    try:
        load_rating(path, all_types, answers)
    except InputError as exc:
        for line in str(exc).splitlines():
            assert line.startswith(f"{path}:")


def test_gaps_compare_bands_and_the_widest_become_questions(
        tmp_path: Path, all_types: Rubric) -> None:
    answers = parse_answers(ada_answers(tmp_path, all_types, GOOD).read_text(), all_types)
    card = score(answers, all_types)
    rating = Rating.model_validate({
        "rubric": {"id": "all-types", "version": "0.1.0"}, "student": "Ada Lovelace",
        "ratings": {"first": {"band": "low", "note": "Not yet"}}})
    gaps = band_gaps(card, all_types, rating)
    assert [(g.dimension_id, g.student_band, g.advisor_band, g.gap) for g in gaps] == [
        ("first", "High", "Low", 1), ("second", card.dimensions["second"].band_label,
                                      None, None)]
    assert gap_prompts(gaps) == ["First dimension: my answers put me in “High”, you see "
                                 "“Low”. What do you see that I do not?"]


def test_report_with_rating_shows_both_views(cli: Cli, tmp_path: Path,
                                             all_types: Rubric) -> None:
    path = ada_answers(tmp_path, all_types, GOOD)
    rating = tmp_path / "r.yaml"
    rating.write_text("careerkit_rating: 1\nrubric: {id: all-types, version: 0.1.0}\n"
                      "student: Ada Lovelace\nrater: Prof <b>B</b>\nratings:\n"
                      "  first: {band: low, note: 'Ships, but to whom?'}\n")
    out = tmp_path / "p.pdf"
    result = cli("report", path, "-r", ALL_TYPES, "--rating", rating, "-o", out,
                 "--advisor-page-only")
    assert result.exit_code == 0, result.output
    text = " ".join(PdfReader(out).pages[0].extract_text().split())
    assert "Your view and your advisor's (Prof <b>B</b>)" in text
    assert "First dimension High (92) Low Ships, but to whom?" in text
    assert "Second dimension" in text and "not rated" in text
    assert ("First dimension: my answers put me in “High”, you see “Low”. What do you see "
            "that I do not?") in text
    bad = tmp_path / "bad.yaml"
    bad.write_text(rating.read_text().replace("band: low", "band: lowest"))
    failed = cli("report", path, "-r", ALL_TYPES, "--rating", bad, "-o", out)
    assert failed.exit_code == 2
    assert failed.stderr.startswith(f"error: {bad}:6: ratings.first.band: 'lowest' is not")


def test_rate_without_a_terminal_or_a_name_is_one_line(cli: Cli, tmp_path: Path,
                                                       all_types: Rubric) -> None:
    path = ada_answers(tmp_path, all_types)
    result = cli("rate", path, "-r", ALL_TYPES)
    assert result.exit_code == 2
    assert "careerkit rate asks in the terminal and needs one" in result.stderr
    nameless = answers_file(tmp_path, "x", all_types, POOR, respondent=" ")
    nameless.write_text(nameless.read_text().replace("respondent: ' '", "respondent: ''"))
    result = cli("rate", nameless, "-r", ALL_TYPES)
    assert result.exit_code == 2 and "names no respondent" in result.stderr


@pytest.mark.slow
def test_rate_in_a_real_terminal_plain(tmp_path: Path, all_types: Rubric) -> None:
    pexpect = pytest.importorskip("pexpect")
    path = ada_answers(tmp_path, all_types)
    careerkit = Path(sys.executable).parent / "careerkit"
    child = pexpect.spawn(str(careerkit), ["rate", str(path), "-r", str(ALL_TYPES),
                                           "--name", "Prof B", "--plain"],
                          env=env_for(tmp_path / "home"), cwd=str(tmp_path),
                          dimensions=(24, 80), encoding="utf-8", timeout=TIMEOUT)
    try:
        child.expect("Where would you place Ada Lovelace on “First dimension”")
        child.expect("Your answer")
        child.send("2" + ENTER)
        child.expect("A note on “First dimension”")
        child.expect("Your answer")
        child.send("Ships often" + ENTER)
        child.expect("Second dimension")
        child.expect("Your answer")
        child.send("s" + ENTER)  # not rated
        child.expect("1 of 2 dimensions rated; saved in ")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert child.exitstatus == 0
    saved = next((tmp_path / "ratings").glob("ada-lovelace-*.yaml"))
    assert stat.S_IMODE(os.stat(saved).st_mode) == 0o600
    answers = parse_answers(path.read_text(), all_types)
    rating = load_rating(saved, all_types, answers)
    assert rating.rater == "Prof B"
    assert {k: (v.band, v.note) for k, v in rating.ratings.items()} == {
        "first": ("high", "Ships often")}
