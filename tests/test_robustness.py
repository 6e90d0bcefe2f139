"""Inputs that validate never end in an internal error, and one bad file hides nothing.

Each case here once validated and then crashed: huge or tiny weights, timestamps in year 1
or 9999, a data folder that cannot be entered, and an answers file that left out the
answer to a question that cannot be skipped.
"""

from __future__ import annotations

import math
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import Result

from careerkit.answers import Answers, answers_to_yaml, pin, template_yaml
from careerkit.errors import ValidationFailed
from careerkit.history import list_attempts, snapshot_rubric
from careerkit.rubric import Rubric, load_rubric, rubric_from_document
from careerkit.scoring import score
from careerkit.yamlio import load_yaml_text

Cli = Callable[..., Result]
CAREERKIT = Path(sys.executable).parent / "careerkit"

WEIGHTS = """\
id: weights
title: Weights
version: 1.0.0
dimensions:
  - id: d
    title: D
    weight: {dimension}
    why: x
    questions:
      - {{id: a, type: yesno, text: A?, weight: {question}}}
      - {{id: b, type: yesno, text: B?}}
  - id: e
    title: E
    weight: {dimension}
    why: x
    questions:
      - {{id: f, type: yesno, text: F?}}
"""


def weights_rubric(dimension: str, question: str = "1") -> Rubric:
    doc = load_yaml_text(WEIGHTS.format(dimension=dimension, question=question),
                         Path("w.yaml"))
    return rubric_from_document(doc, "")


# -- weights ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("dimension", "question", "where", "message"), [
    ("1e308", "1", "w.yaml:7: dimensions[0].weight", "should be at most 1,000,000"),
    ("1", "1e308", "w.yaml:10: dimensions[0].questions[0].weight",
     "should be at most 1,000,000"),
    ("1e-320", "1", "w.yaml:7: dimensions[0].weight", "must be at least 0.000001"),
    ("1", "1.0e-7", "w.yaml:10: dimensions[0].questions[0].weight",
     "must be at least 0.000001; use 0"),
])
def test_weights_that_break_the_arithmetic_are_refused_with_their_line(
    dimension: str, question: str, where: str, message: str,
) -> None:
    with pytest.raises(ValidationFailed) as caught:
        weights_rubric(dimension, question)
    rendered = [str(p) for p in caught.value.problems]
    assert any(r.startswith(where) and message in r for r in rendered), rendered


WEIGHT = st.one_of(st.just(0.0), st.floats(1e-6, 1e6))


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(WEIGHT.filter(lambda w: w > 0), WEIGHT, st.booleans(), st.booleans(), st.booleans())
def test_every_weight_that_validates_gives_a_finite_score(
    dimension: float, question: float, a: bool, b: bool, f: bool,
) -> None:
    rubric = weights_rubric(repr(dimension), repr(question))
    card = score(Answers(rubric=pin(rubric), answers={"a": a, "b": b, "f": f}), rubric)
    d = card.dimensions["d"].score
    assert d is not None and 0 <= d <= 100
    expected = 100 * (question * a + 1 * b) / (question + 1)
    assert math.isclose(d, expected, abs_tol=1e-6)
    assert card.overall is not None and math.isfinite(card.overall)
    assert 0 <= card.overall <= 100


# -- timestamps -------------------------------------------------------------------------------


@pytest.mark.parametrize("stamp", ["0001-01-01T00:00:00+00:00", "9999-12-31T23:59:59+00:00"])
def test_timestamps_in_year_1_or_9999_are_refused_with_their_line(
    stamp: str, cli: Cli, tmp_path: Path, default_rubric: Rubric,
) -> None:
    path = tmp_path / "a.yaml"
    text = template_yaml(default_rubric, example=True)
    lines = text.splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith("finished_at:"))
    lines[index] = f'finished_at: "{stamp}"'
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for command in (("score", path), ("report", path, "-o", tmp_path / "x.pdf")):
        result = cli(*command)
        assert result.exit_code == 2, result.output
        assert result.stderr.startswith(f"error: {path}:{index + 1}: finished_at: give a "
                                        "date from 1970 to 2999")
        assert "internal error" not in result.output


def test_one_bad_file_never_hides_the_good_attempts(
    cli: Cli, tmp_path: Path, all_types: Rubric, monkeypatch: pytest.MonkeyPatch,
) -> None:
    import time

    monkeypatch.setenv("TZ", "America/New_York")  # year 1 there would be year 0
    time.tzset()
    try:
        home = tmp_path / "home"
        snapshot_rubric(all_types, home)
        history = home / "history"
        history.mkdir(parents=True, exist_ok=True)
        answers = {"single": "lots", "custom": "a"}
        from datetime import datetime, timezone

        for day in (1, 2):
            good = Answers(rubric=pin(all_types), respondent="Ada", answers=answers,
                           finished_at=datetime(2026, 3, day, tzinfo=timezone.utc))
            (history / f"good-{day}.yaml").write_text(answers_to_yaml(good, all_types))
        bad = answers_to_yaml(Answers(rubric=pin(all_types), respondent="Ada",
                                      answers=answers), all_types)
        bad = bad.replace("finished_at: null", 'finished_at: "0001-01-01T00:00:00+00:00"')
        (history / "bad.yaml").write_text(bad)

        attempts = list_attempts(home)
        assert sorted(a.path.name for a in attempts if a.scorecard) == ["good-1.yaml",
                                                                         "good-2.yaml"]
        listed = cli("history")
        assert listed.exit_code == 0, listed.output
        assert listed.stdout.count("all-types 0.1.0") == 2
        assert "bad.yaml: cannot be read:" in listed.stderr
        assert "give a date from 1970 to 2999" in listed.stderr
        compared = cli("compare")
        assert compared.exit_code == 0, compared.output
        assert "Before: 2026-02-28 (good-1.yaml)" in compared.stdout
    finally:
        monkeypatch.undo()
        time.tzset()


def test_a_file_that_cannot_be_read_is_listed_not_raised(tmp_path: Path,
                                                         all_types: Rubric) -> None:
    home = tmp_path / "home"
    history = home / "history"
    history.mkdir(parents=True)
    (history / "binary.yaml").write_bytes(b"\xff\xfe\x00garbage")
    (history / "folder.yaml").mkdir()  # not a file: not an attempt
    (attempt,) = list_attempts(home)
    assert attempt.path.name == "binary.yaml" and attempt.problem


# -- a data folder that cannot be entered -------------------------------------------------------


def run_locked_out(args: list[str], home: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run careerkit as a user who cannot enter `home` (as root: as nobody)."""
    env = {**os.environ, "CAREERKIT_HOME": str(home)}
    prefix: list[str] = []
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv: permissions do not apply")
        prefix = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]
        probe = subprocess.run([*prefix, sys.executable, "-c", ""], capture_output=True,
                               timeout=60, check=False)
        if probe.returncode != 0:  # e.g. a Python installed under /root
            pytest.skip("this Python cannot run as an unprivileged user")
    return subprocess.run([*prefix, str(CAREERKIT), *args], capture_output=True, text=True,
                          env=env, cwd=cwd, timeout=60, check=False)


@pytest.fixture
def locked_home() -> Any:
    """A world-readable work folder holding a home folder no one may enter."""
    work = Path(tempfile.mkdtemp(prefix="careerkit-locked-"))
    work.chmod(0o755)
    home = work / "home"
    (home / "history").mkdir(parents=True)
    home.chmod(0o000)
    yield work, home
    home.chmod(0o700)
    shutil.rmtree(work)


def test_a_home_that_cannot_be_entered_does_not_stop_score(
    locked_home: tuple[Path, Path], default_rubric: Rubric,
) -> None:
    work, home = locked_home
    answers = work / "answers.yaml"
    answers.write_text(template_yaml(default_rubric, example=True), encoding="utf-8")
    answers.chmod(0o644)
    scored = run_locked_out(["score", str(answers)], home, work)
    assert scored.returncode == 0, scored.stderr
    assert "Overall" in scored.stdout
    listed = run_locked_out(["history"], home, work)
    assert listed.returncode == 1
    assert listed.stderr.startswith(f"error: {home / 'history'}: cannot read your history "
                                    "folder: Permission denied")
    assert "internal error" not in listed.stderr and "Traceback" not in listed.stderr
    out = work / "out"
    out.mkdir()
    out.chmod(0o777)
    reported = run_locked_out(["report", str(answers), "-o", str(out / "plan.pdf")], home, work)
    assert reported.returncode == 0, reported.stderr
    assert "could not read your history, so the plan has no 'Since last time'" in (
        reported.stderr)
    assert (out / "plan.pdf").read_bytes().startswith(b"%PDF")
    rubrics = run_locked_out(["rubric", "list"], home, work)
    assert rubrics.returncode == 0, rubrics.stderr
    assert default_rubric.id in rubrics.stdout


# -- required answers and coverage ----------------------------------------------------------------


def test_deleting_the_line_of_a_required_answer_is_an_error_with_its_line(
    cli: Cli, tmp_path: Path, all_types: Rubric,
) -> None:
    path = tmp_path / "a.yaml"
    text = answers_to_yaml(Answers(rubric=pin(all_types), respondent="Ada",
                                   answers={"custom": "a", "likert_named": "low"}), all_types)
    path.write_text(text, encoding="utf-8")
    answers_line = text.splitlines().index("answers:") + 1
    for command in (("score", path), ("report", path, "-o", tmp_path / "x.pdf"),
                    ("export", path)):
        result = cli(*command, "-r", str(Path(__file__).parent / "data" / "rubrics" /
                                         "all-types.yaml"))
        assert result.exit_code == 2, result.output
        assert (f"{path}:{answers_line}: answers.single: missing: this question is asked "
                "and cannot be skipped") in result.stderr
    assert not (tmp_path / "x.pdf").exists()


SKIPPABLE_SCORED = ["likert_named", "likert_reverse", "ship", "custom"]


@given(st.dictionaries(st.sampled_from(SKIPPABLE_SCORED),
                       st.sampled_from(["answer", "null", "missing"])))
def test_coverage_counts_every_asked_question_once(choices: dict[str, str]) -> None:
    rubric = load_rubric(Path(__file__).parent / "data" / "rubrics" / "all-types.yaml")
    values: dict[str, Any] = {"likert_named": "mid", "likert_reverse": "agree",
                              "ship": False, "custom": "a"}
    given_answers: dict[str, Any] = {"single": "some"}
    for question, choice in choices.items():
        if choice == "answer":
            given_answers[question] = values[question]
        elif choice == "null":
            given_answers[question] = None
    card = score(Answers(rubric=pin(rubric), answers=given_answers), rubric)
    total = card.coverage
    assert total.asked == total.answered + total.skipped + total.missing
    assert total.skipped == sum(c == "null" for c in choices.values())
    for dimension in card.dimensions.values():
        c = dimension.coverage
        assert c.asked == c.answered + c.skipped + c.missing
