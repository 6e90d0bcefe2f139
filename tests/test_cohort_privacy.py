"""No cohort figure lets a reader work out a group smaller than the floor.

The attacker of the review of 2026-11-30 subtracted the band cells shown from the count
of an action recommended by band, and recovered hidden band sizes of 2 and 1. Here a
reader who knows the rubric (which actions go with which bands, that cells add up to the
total) and the suppression rule (a hidden group holds at least one cell of 1..k-1) tries
every split of the students into cells that agrees with what the summary shows; a
hidden cell is safe when more than one value is possible.
"""

from __future__ import annotations

import itertools
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careerkit.answers import Answers, RubricPin
from careerkit.cohort import (
    BandCount,
    CohortSummary,
    Distribution,
    StudentRecord,
    build_summary,
    hidden_cells,
    students_csv,
)
from careerkit.errors import InputError
from careerkit.plan import chosen_action_ids
from careerkit.rubric import Rubric, load_rubric
from careerkit.scoring import quick_scores

BAND_SETS = [["starting"], ["strong"], ["starting", "building"], ["building", "strong"]]


def rubric_text() -> str:
    """Two dimensions, each with actions for sets of bands and one triggered by an
    answer: at most three per student and dimension, so the plan's cap never drops one
    and a band action counts exactly the students of its bands."""
    dimensions = []
    for d in ("alpha", "beta"):
        actions = "\n".join(
            f"      - {{id: {d}_{'_'.join(bands)}, title: {d} {' '.join(bands)}, do: x, "
            f"outcome: y, horizon_days: 30, bands: [{', '.join(bands)}]}}"
            for bands in BAND_SETS)
        dimensions.append(f"""  - id: {d}
    title: {d.title()}
    why: Because.
    questions:
      - {{id: {d}_q1, type: likert, text: First?, scale: agreement}}
      - {{id: {d}_q2, type: likert, text: Second?, scale: agreement}}
    actions:
{actions}
      - {{id: {d}_when, title: {d} when, do: x, outcome: y, horizon_days: 30,
          when: {{question: {d}_q1, equals: agree}}}}""")
    return "id: privacy\ntitle: Privacy\nversion: 1.0.0\ndimensions:\n" + "\n".join(dimensions)


@pytest.fixture(scope="module")
def rubric(tmp_path_factory: pytest.TempPathFactory) -> Rubric:
    path = Path(tmp_path_factory.mktemp("privacy")) / "privacy.yaml"
    path.write_text(rubric_text(), encoding="utf-8")
    return load_rubric(path)


LIKERT = [None, "strongly_disagree", "disagree", "neutral", "agree", "strongly_agree"]
student_answers = st.fixed_dictionaries({
    q: st.sampled_from(LIKERT) for q in ("alpha_q1", "alpha_q2", "beta_q1", "beta_q2")})


def record(rubric: Rubric, number: int, given: dict[str, Any]) -> StudentRecord:
    answers = Answers(rubric=RubricPin(id=rubric.id, version=rubric.version),
                      respondent=f"S{number}",
                      answers={k: v for k, v in given.items() if v is not None})
    overall, scores = quick_scores(answers, rubric)
    return StudentRecord(key=str(number), when=datetime(2026, 1, 1, tzinfo=timezone.utc),
                         overall=overall, scores=tuple(scores.values()),
                         actions=tuple(chosen_action_ids(scores, rubric, answers)))


def possible_splits(total: int, bands: list[BandCount], distribution: Distribution,
                    summary: CohortSummary, rubric: Rubric, dimension_id: str | None
                    ) -> list[dict[str, int]]:
    """Every split of `total` students into the band cells and "unscored" that agrees
    with the figures shown."""
    names = [b.band for b in bands] + ["unscored"]
    k = summary.min_group
    hidden = [b.band for b in bands if b.count is None]
    answered = distribution.n
    for band in bands:  # a share shown next to its count gives the number answered
        if band.count and band.share:
            answered = round(band.count / band.share)
    actions = {a.action_id: a.count for a in summary.actions}
    by_band = []
    if dimension_id is not None:
        dimension = next(d for d in rubric.dimensions if d.id == dimension_id)
        by_band = [(a.bands, actions[a.id]) for a in dimension.actions
                   if a.id in actions and a.when is None]
    found = []
    for split in itertools.product(range(total + 1), repeat=len(names) - 1):
        unscored = total - sum(split)
        if unscored < 0:
            continue
        cells = dict(zip(names, [*split, unscored], strict=True))
        if any(b.count is not None and cells[b.band] != b.count for b in bands):
            continue
        if answered is not None and total - unscored != answered:
            continue
        if distribution.suppressed and total - unscored >= k:
            continue
        if not distribution.suppressed and hidden and not any(
                0 < cells[h] < k for h in [*hidden, "unscored"]):
            continue
        # A band action is counted only for students in its bands, but not for every one of
        # them: the plan keeps at most two actions a dimension and fits them to each
        # student's hours, so a count bounds the band cells from below, no more.
        if any(sum(cells[b] for b in band_set) < count for band_set, count in by_band):
            continue
        found.append(cells)
    return found


def assert_nothing_hidden_can_be_worked_out(summary: CohortSummary, rubric: Rubric,
                                            truth: list[StudentRecord]) -> None:
    total, k = summary.students, summary.min_group
    if summary.suppressed:
        assert summary.actions == [] and all(b.count is None for b in summary.overall_bands)
        return
    # Every figure shown is 0, or at least k and leaves 0 or at least k outside it.
    for action in summary.actions:
        assert action.count >= k and (total - action.count == 0
                                      or total - action.count >= k)
    groups = [(summary.overall_bands, summary.overall, None,
               [s.overall for s in truth])]
    groups += [(d.bands, d.distribution, d.id, [s.scores[i] for s in truth])
               for i, d in enumerate(summary.dimensions)]
    for bands, distribution, dimension_id, _ in groups:
        for band in bands:
            assert band.count is None or band.count == 0 or band.count >= k
        if distribution.n is not None:
            assert total - distribution.n == 0 or total - distribution.n >= k
        splits = possible_splits(total, bands, distribution, summary, rubric, dimension_id)
        assert splits, "the true split must be among the possible ones"
        for band in bands:
            if band.count is None:
                values = {split[band.band] for split in splits}
                assert len(values) > 1, (f"hidden cell {band.band} of {dimension_id} is "
                                         f"{values.pop()} for certain")


@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(students=st.lists(student_answers, min_size=3, max_size=15),
       min_group=st.sampled_from([3, 4, 5]))
def test_no_suppressed_count_can_be_derived_from_the_figures_shown(
        rubric: Rubric, students: list[dict[str, Any]], min_group: int) -> None:
    records = [record(rubric, i, given) for i, given in enumerate(students)]
    summary = build_summary(records, rubric, min_group)
    assert_nothing_hidden_can_be_worked_out(summary, rubric, records)


def test_the_reviews_cohort_of_seven_no_longer_leaks(rubric: Rubric) -> None:
    # 5 building and 2 strong in alpha: the action for [starting, building] counts 5 of
    # 7, and starting is shown as 0.
    neutral = {"alpha_q1": "neutral", "alpha_q2": "agree", "beta_q1": "neutral",
               "beta_q2": "neutral"}
    strong = {"alpha_q1": "strongly_agree", "alpha_q2": "strongly_agree",
              "beta_q1": "neutral", "beta_q2": "neutral"}
    records = [record(rubric, i, neutral) for i in range(5)]
    records += [record(rubric, 5 + i, strong) for i in range(2)]
    summary = build_summary(records, rubric, 3)
    alpha = summary.dimensions[0]
    assert {b.band: b.count for b in alpha.bands}["strong"] is None
    shown = {a.action_id for a in summary.actions}
    assert "alpha_starting_building" not in shown  # 5 - 0 = the hidden building cell
    assert_nothing_hidden_can_be_worked_out(summary, rubric, records)


@pytest.mark.parametrize(("cells", "hidden"), [
    ({"a": 5, "b": 5, "c": 5}, set()),
    ({"a": 1, "b": 6, "c": 0}, {"a", "b", "c"}),   # 1 and 0 hold 1 < 3: add the 6
    ({"a": 1, "b": 1, "c": 5}, {"a", "b", "c"}),   # two 1s would be 1 each for certain
    ({"a": 2, "b": 2, "c": 3, "d": 9}, {"a", "b"}),  # 4 splits as 1+3, 2+2 or 3+1
    ({"a": 2, "b": 5, "c": 9}, {"a", "b"}),
])
def test_hidden_cells(cells: dict[str, int], hidden: set[str]) -> None:
    assert hidden_cells(cells, 3) == hidden


def test_the_library_enforces_the_floor_not_only_the_command(rubric: Rubric) -> None:
    records = [record(rubric, i, {"alpha_q1": "agree"}) for i in range(4)]
    with pytest.raises(InputError):
        build_summary(records, rubric, 2)
    with pytest.raises(InputError):
        list(students_csv(records, rubric, min_group=5))
    summary = build_summary(records, rubric, 5)
    assert summary.suppressed and summary.overall.n is None
    assert all(d.distribution.n is None for d in summary.dimensions)
    assert summary.actions == [] and summary.gaps == []
    assert all(b.count is None for d in summary.dimensions for b in d.bands)


def test_the_cohort_command_defaults_to_the_library_floor_and_refuses_below_it() -> None:
    """The command line writes the numbers out (importing careerkit.cohort would slow
    `--help`); they must be the library's."""
    import typer.main

    from careerkit.cli import app
    from careerkit.cohort import DEFAULT_MIN_GROUP, SMALLEST_MIN_GROUP

    command = typer.main.get_command(app).commands["cohort"]  # type: ignore[attr-defined]
    option = next(p for p in command.params if p.name == "min_group")
    assert option.default == DEFAULT_MIN_GROUP
    assert option.min == SMALLEST_MIN_GROUP
