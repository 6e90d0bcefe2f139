"""`careerkit rubric lint`: what validation cannot see.

A valid rubric can still be a poor one: a band no student can ever reach, an action that
is never chosen, a question that is never asked, a prompt that does not fit on a laptop
terminal. Each finding is a warning with a location; none of them stops the rubric from
loading.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass

from careerkit.display import shown
from careerkit.errors import Location
from careerkit.rubric import (
    Band,
    Condition,
    Dimension,
    Question,
    Rubric,
    ScoredQuestion,
    band_for,
    conditions_of,
)

__all__ = ["MIN_SCORED_QUESTIONS", "TWIN_SIMILARITY", "Finding", "lint_rubric",
           "reachable_bands", "reachable_range"]

MIN_SCORED_QUESTIONS = 3
# An 80x24 terminal shows about 20 usable lines under a header and progress line.
MAX_PROMPT_CHARS = 6 * 78
MAX_OPTION_CHARS = 70
MAX_OPTIONS = 12
# Two actions whose title, outcome and steps share this share of their words read as one
# step twice (measured on the near-duplicates an outside review found in the default
# rubric: 0.12 to 0.24; unrelated pairs of the same dimension sit below 0.10).
TWIN_SIMILARITY = 0.12
_FILLER = frozenset((
    "a", "an", "the", "of", "to", "in", "on", "for", "and", "or", "your", "you", "with",
    "one", "each", "at", "by", "it", "is", "be", "as", "from", "that", "this", "what", "who",
    "first", "minutes", "write", "written", "down", "have", "them", "they", "their", "not",
    "can"))


@dataclass(frozen=True)
class Finding:
    location: Location
    message: str


def question_range(rubric: Rubric, question: ScoredQuestion) -> tuple[float, float]:
    """The lowest and highest 0..1 score an answer to this question can get."""
    return question.score_range(rubric)


def reachable_range(rubric: Rubric, dimension: Dimension) -> tuple[float, float]:
    """The lowest and highest score (0..100) the dimension can get when all is answered."""
    scored = [q for q in rubric.scored_questions(dimension) if q.weight > 0]
    weights = sum(q.weight for q in scored)
    if not weights:
        return 0.0, 0.0
    ranges = [(q.weight, q.score_range(rubric)) for q in scored]
    low = 100 * sum(w * r[0] for w, r in ranges) / weights
    high = 100 * sum(w * r[1] for w, r in ranges) / weights
    return low, high


def reachable_bands(bands: list[Band], low: float, high: float) -> set[str]:
    """The ids of the bands a score from `low` to `high` can land in.

    Decided exactly as scoring decides (`band_for` on the whole number shown), over every
    whole number the range can show: a dimension reaching 39.6 shows 40 and so reaches a
    band starting at 40, and a band [56.1, 56.4) holds no whole number and is never shown.
    """
    first, last = max(0, shown(low)), min(100, shown(high))
    return {band_for(bands, value).id for value in range(first, last + 1)}


def _fractional_boundaries(at: Location, bands: list[Band]) -> list[Finding]:
    """Bands apply to whole-number scores; a boundary such as 56.1 silently acts as 57."""
    return [
        Finding((*at, index, "min"), f"band {band.id!r} starts at {band.min:g}, but bands "
                f"apply to the whole-number score: it acts as {math.ceil(band.min)}; write "
                f"{math.ceil(band.min)} (or the whole number you mean)")
        for index, band in enumerate(bands) if not float(band.min).is_integer()
    ]


def _condition_possible(rubric: Rubric, condition: Condition) -> bool:
    try:
        target = rubric.question(condition.question)
    except KeyError:
        return False
    return target.condition_possible(condition)


def lint_rubric(rubric: Rubric) -> list[Finding]:
    """What validation cannot see, one check per function, in the order the rubric reads."""
    findings: list[Finding] = _fractional_boundaries(("bands",), rubric.bands)
    never_asked: set[str] = set()
    for di, dimension in enumerate(rubric.dimensions):
        findings += _dimension_findings(rubric, ("dimensions", di), dimension, never_asked)
    findings += _near_twins(rubric)
    findings += _plan_keys(rubric)
    findings += _missing_effort(rubric)
    findings += _duplicate_texts(rubric)
    return findings


def _dimension_findings(rubric: Rubric, at: Location, dimension: Dimension,
                        never_asked: set[str]) -> list[Finding]:
    findings: list[Finding] = []
    if dimension.bands is not None:
        findings += _fractional_boundaries((*at, "bands"), dimension.bands)
    scored = rubric.scored_questions(dimension)
    if len(scored) < MIN_SCORED_QUESTIONS:
        findings.append(Finding(at, f"dimension {dimension.id!r} has {len(scored)} scored "
                                f"question(s); {MIN_SCORED_QUESTIONS} or more give a "
                                "steadier score"))
    low, high = reachable_range(rubric, dimension)
    bands = sorted(rubric.bands_for(dimension), key=lambda b: b.min)
    reachable = reachable_bands(bands, low, high)
    findings += [
        Finding(at, f"band {band.id!r} ({band.min:g}–{band.max:g}) cannot be reached: "
                f"scores in {dimension.id!r} show from {shown(low)} to {shown(high)} when "
                "every question is answered")
        for band in bands if band.id not in reachable]
    with_actions = {b for a in dimension.actions for b in a.bands}
    findings += [
        Finding(at, f"band {band.id!r} of {dimension.id!r} has no actions; a student "
                "landing there gets no advice for this dimension")
        for band in bands if band.id not in with_actions]
    findings += _never_asked(rubric, at, dimension, never_asked)
    findings += _never_chosen(rubric, at, dimension, reachable, never_asked)
    return findings


def _never_asked(rubric: Rubric, at: Location, dimension: Dimension,
                 never_asked: set[str]) -> list[Finding]:
    """Questions whose condition can never hold (they join `never_asked`), and prompts
    too long for a terminal."""
    findings: list[Finding] = []
    for qi, question in enumerate(dimension.questions):
        qat = (*at, "questions", qi)
        if any(c.question in never_asked or not _condition_possible(rubric, c)
               for c in conditions_of(question.when)):
            never_asked.add(question.id)
            findings.append(Finding((*qat, "when"), f"question {question.id!r} can never be "
                                    "asked: its condition can never hold"))
        findings += _fit_terminal(rubric, qat, question)
    return findings


def _never_chosen(rubric: Rubric, at: Location, dimension: Dimension, reachable: set[str],
                  never_asked: set[str]) -> list[Finding]:
    findings: list[Finding] = []
    for ai, action in enumerate(dimension.actions):
        band_ok = not action.bands or any(b in reachable for b in action.bands)
        when_ok = all(c.question not in never_asked and _condition_possible(rubric, c)
                      for c in conditions_of(action.when))
        if not (band_ok and when_ok):
            findings.append(Finding((*at, "actions", ai), f"action {action.id!r} can never "
                                    "be chosen: " + ("its bands cannot be reached"
                                                     if not band_ok
                                                     else "its condition can never hold")))
    return findings


def _missing_effort(rubric: Rubric) -> list[Finding]:
    return [
        Finding(("dimensions", di, "actions", ai), f"action {action.id!r} has no "
                "effort_hours; the plan assumes 4 hours when it fits actions into the "
                "student's week")
        for di, dimension in enumerate(rubric.dimensions)
        for ai, action in enumerate(dimension.actions) if action.effort_hours is None]


def _duplicate_texts(rubric: Rubric) -> list[Finding]:
    texts: dict[str, list[Location]] = defaultdict(list)
    titles: dict[str, list[Location]] = defaultdict(list)
    for di, dimension in enumerate(rubric.dimensions):
        for qi, question in enumerate(dimension.questions):
            texts[" ".join(question.text.lower().split())].append(
                ("dimensions", di, "questions", qi))
        for ai, action in enumerate(dimension.actions):
            titles[" ".join(action.title.lower().split())].append(
                ("dimensions", di, "actions", ai))
    return [
        Finding(place, f"duplicate {kind} {text[:60]!r}; students cannot tell them apart")
        for kind, seen in (("question text", texts), ("action title", titles))
        for text, places in seen.items() for place in places[1:]]


def _fit_terminal(rubric: Rubric, at: Location, question: Question) -> list[Finding]:
    found: list[Finding] = []
    length = len(question.text) + len(question.help or "")
    if length > MAX_PROMPT_CHARS:
        found.append(Finding((*at, "text"), f"prompt is {length} characters; more than about "
                             f"{MAX_PROMPT_CHARS} do not fit an 80x24 terminal with its "
                             "choices; move detail to the rubric's docs"))
    options = question.choices(rubric)
    if len(options) > MAX_OPTIONS:
        found.append(Finding(at, f"{len(options)} options; more than {MAX_OPTIONS} scroll "
                             "off an 80x24 terminal"))
    for option in options:
        if len(option.label) > MAX_OPTION_CHARS:
            found.append(Finding(at, f"option {option.value!r} has a "
                                 f"{len(option.label)}-character label; keep labels under "
                                 f"{MAX_OPTION_CHARS} so each fits on one line"))
    return found


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", text.lower()) if len(w) > 2 and w not in _FILLER}


def _near_twins(rubric: Rubric) -> list[Finding]:
    """An action triggered by an answer that is chosen beside a band action of the same
    dimension's lowest band, and reads like it: the student would get one step twice.
    `replace` (either way) says the rubric knows."""
    found: list[Finding] = []
    context = rubric.context_ids()
    for di, dimension in enumerate(rubric.dimensions):
        lowest = min(rubric.bands_for(dimension), key=lambda b: b.min).id
        for ai, first in enumerate(dimension.actions):
            if not any(c.question not in context for c in conditions_of(first.when)):
                continue  # not triggered by an answer
            if first.bands and lowest not in first.bands:
                continue
            for twin in dimension.actions:
                if twin is first or lowest not in twin.bands or any(
                        c.question not in context for c in conditions_of(twin.when)):
                    continue
                if twin.id in first.replace or first.id in twin.replace:
                    continue
                a = _words(f"{first.title} {first.outcome} {first.do}")
                b = _words(f"{twin.title} {twin.outcome} {twin.do}")
                similarity = len(a & b) / len(a | b) if a | b else 0.0
                if similarity >= TWIN_SIMILARITY:
                    shared = ", ".join(sorted(a & b)[:6])
                    found.append(Finding(
                        ("dimensions", di, "actions", ai),
                        f"actions {first.id!r} and {twin.id!r} are chosen together for a "
                        f"student starting out and read alike (shared: {shared}); if "
                        f"{first.id!r} is the first step of {twin.id!r}, add `replace: "
                        f"[{twin.id}]` to it"))
    return found


def _plan_keys(rubric: Rubric) -> list[Finding]:
    """Context, validity guards and checks that validation accepts but cannot work."""
    found: list[Finding] = []
    if rubric.context is not None:
        for qi, question in enumerate(rubric.context.questions):
            found.extend(_fit_terminal(rubric, ("context", "questions", qi), question))
    for di, dimension in enumerate(rubric.dimensions):
        scored = rubric.scored_questions(dimension)
        least = dimension.min_answered
        if least is not None and least > len(scored):
            found.append(Finding(("dimensions", di, "min_answered"),
                                 f"min_answered is {least} but {dimension.id!r} has "
                                 f"{len(scored)} scored question(s): it can never be scored"))
    for ki, check in enumerate(rubric.checks):
        if not all(_condition_possible(rubric, c) for c in conditions_of(check.when)):
            found.append(Finding(("checks", ki), f"check {check.id!r} can never hold"))
    if rubric.context is not None and rubric.plan.hours_question is None:
        found.append(Finding(("plan",), "the rubric asks about the student's situation but "
                             "`plan.hours_question` names no weekly-hours question; the "
                             f"plan assumes {rubric.plan.default_hours_per_week:g} hours a "
                             "week for everyone"))
    return found
