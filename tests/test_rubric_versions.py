"""Answers made with version 1.0.0 of the bundled rubrics still load after 2.0.0 ships:
for `history`, `progress` and `compare`, which compare only the dimensions both share."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from typer.testing import Result

from careerkit.answers import Answers, answers_to_yaml, parse_answers, pin, template_yaml
from careerkit.history import compare, list_attempts, load_attempt, previous_attempt
from careerkit.rubric import Rubric, bundled_dir

Cli = Callable[..., Result]
PREVIOUS = bundled_dir() / "previous"
WHEN = datetime(2026, 1, 10, 9, tzinfo=timezone.utc)
# sha256 of rubrics/ml-phd-career.yaml as released at version 1.0.0.
RELEASED_1_0_0 = "9dbf9e3c25da62e2cf4d1b37b60d3beda685581f3e271480515c3d325bf0ec60"


def attempt_file(folder: Path, name: str, rubric: Rubric, when: datetime) -> Path:
    example = parse_answers(template_yaml(rubric, example=True), rubric)
    answers = Answers(rubric=pin(rubric), respondent="Grace Hopper", started_at=when,
                      finished_at=when + timedelta(minutes=20), answers=example.answers)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.yaml"
    path.write_text(answers_to_yaml(answers, rubric), encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["ml-phd-career", "postdoc-to-industry"])
def test_an_answers_file_of_version_1_loads_without_a_snapshot(
    name: str, tmp_path: Path, shared_rubric: Callable[[str | Path], Rubric]
) -> None:
    old = shared_rubric(PREVIOUS / f"{name}-1.0.0.yaml")
    assert old.id == name and old.version == "1.0.0"
    assert shared_rubric(name).version == "2.0.0"
    path = attempt_file(tmp_path / "elsewhere", "old", old, WHEN)
    attempt = load_attempt(path, home=tmp_path / "home")  # an empty home: no snapshot
    assert attempt.problem is None and attempt.scorecard is not None
    assert attempt.scorecard.rubric_version == "1.0.0"


def test_the_released_default_rubric_is_kept_byte_for_byte(
        shared_rubric: Callable[[Path], Rubric], default_rubric: Rubric) -> None:
    """Answers pin the rubric's sha256: the kept release must match it, or every old
    answers file would load with a warning that its rubric changed."""
    old = shared_rubric(PREVIOUS / "ml-phd-career-1.0.0.yaml")
    assert old.sha256 == RELEASED_1_0_0  # the digest answers files made with it carry
    assert {d.id for d in old.dimensions} < {d.id for d in default_rubric.dimensions}


def test_compare_across_versions_names_both_and_compares_shared_dimensions(
    cli: Cli, tmp_path: Path, shared_rubric: Callable[[Path], Rubric], default_rubric: Rubric
) -> None:
    old, new = shared_rubric(PREVIOUS / "ml-phd-career-1.0.0.yaml"), default_rubric
    before = attempt_file(tmp_path, "before", old, WHEN)
    after = attempt_file(tmp_path, "after", new, WHEN + timedelta(days=90))
    result = cli("compare", before, after)
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    assert ("The rubric changed between these attempts (ml-phd-career 1.0.0 then "
            "ml-phd-career 2.0.0); only the dimensions both share are compared; new: "
            "Research taste and creative bets, Finishing the PhD, and enjoying the work."
            ) in text
    for shared in ("LLM and foundation-model literacy", "Scale resilience of your research"):
        assert shared in text
    assert "Overall" not in text.split("Before:")[0]  # different dimension sets

    card_old = load_attempt(before).scorecard
    card_new = load_attempt(after).scorecard
    assert card_old is not None and card_new is not None
    comparison = compare(card_old, card_new)
    assert [r.id for r in comparison.dimensions] == [
        "llm_literacy", "scale_resilience", "product_building", "sales_gtm", "ux_taste",
        "job_market"]
    assert comparison.overall_before is None and comparison.overall_after is None


def test_a_retake_on_2_0_0_finds_the_1_0_0_attempt_as_last_time(
        tmp_path: Path, shared_rubric: Callable[[Path], Rubric], default_rubric: Rubric
) -> None:
    home = tmp_path / "home"
    old = shared_rubric(PREVIOUS / "ml-phd-career-1.0.0.yaml")
    attempt_file(home / "history", "2026-01-10-ml-phd-career", old, WHEN)
    new = default_rubric
    example = parse_answers(template_yaml(new, example=True), new)
    retake = Answers(rubric=pin(new), respondent="Grace Hopper",
                     started_at=WHEN + timedelta(days=120),
                     finished_at=WHEN + timedelta(days=120, minutes=22),
                     answers=example.answers)
    (listed,) = list_attempts(home)
    assert listed.problem is None
    found = previous_attempt(retake, home)
    assert found is not None and found.scorecard is not None
    assert found.scorecard.rubric_version == "1.0.0"
