"""Cross-reference checks of a rubric, and pydantic's errors as FILE:LINE problems.

A rubric is read in two passes so that an advisor sees every mistake at once: pydantic
checks the shape of everything (types, unknown keys, ranges), then `check_rubric` checks
what refers to what (ids, conditions, bands, actions). Both end as `Problem`s located by
the YAML document's lines; `pydantic_problems` serves answers and cases files too.
"""

from __future__ import annotations

import difflib
import itertools
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from careerkit.errors import Location, Problem
from careerkit.rubric.models import (
    DEFAULT_EFFORT_HOURS,
    MAX_WEIGHT,
    Band,
    Condition,
    Dimension,
    NumberQuestion,
    Question,
    Rubric,
    When,
    conditions_of,
    option_problems,
    type_names,
)
from careerkit.yamlio import YamlDocument, is_core_number

__all__ = ["check_rubric", "pydantic_problems"]


def check_rubric(rubric: Rubric) -> list[tuple[Location, str]]:
    """What the models alone cannot see; returns (location, message) for every problem."""
    problems = _check_top(rubric)
    seen_dimensions: dict[str, int] = {}
    seen_questions: dict[str, Location] = {}
    seen_actions: dict[str, Location] = {}
    earlier: dict[str, Question] = {}
    if rubric.context is not None:
        problems.extend(_check_questions(rubric, ("context", "questions"),
                                         rubric.context.questions, seen_questions, earlier))
    for di, dimension in enumerate(rubric.dimensions):
        problems += _check_dimension(rubric, di, dimension, seen_dimensions, seen_questions,
                                     earlier)
        problems += _check_actions(rubric, ("dimensions", di), dimension, seen_actions)
    problems.extend(_check_replacements(rubric, seen_actions))
    problems.extend(_check_plan_settings(rubric))
    for ki, check in enumerate(rubric.checks):
        problems.extend(_check_when(rubric, ("checks", ki), check.when, set()))
    return problems


def _check_top(rubric: Rubric) -> list[tuple[Location, str]]:
    """`remove`, the default bands, the named scales, and the dimensions' weights."""
    problems: list[tuple[Location, str]] = []
    if rubric.remove is not None:  # `extends` consumes `remove`; left over, it would be ignored
        problems.append((("remove",), "`remove` only works in a rubric that `extends` another"))
    problems.extend(_check_bands(("bands",), rubric.bands))
    for name, options in rubric.scales.items():
        if len(options) < 2:
            problems.append((("scales", name), "a scale needs at least 2 options"))
        problems.extend(option_problems(("scales", name), options, need_scores=False))
    if not any(d.weight > 0 for d in rubric.dimensions):
        problems.append((("dimensions",), "at least one dimension needs a weight above 0"))
    return problems


def _check_dimension(rubric: Rubric, di: int, dimension: Dimension,
                     seen_dimensions: dict[str, int], seen_questions: dict[str, Location],
                     earlier: dict[str, Question]) -> list[tuple[Location, str]]:
    """A dimension's id, bands, questions and weight rules."""
    problems: list[tuple[Location, str]] = []
    at: Location = ("dimensions", di)
    if dimension.id in seen_dimensions:
        problems.append(((*at, "id"), f"duplicate dimension id {dimension.id!r} "
                         f"(also dimensions[{seen_dimensions[dimension.id]}])"))
    seen_dimensions.setdefault(dimension.id, di)
    if dimension.bands is not None:
        problems.extend(_check_bands((*at, "bands"), dimension.bands))
    if not any(q.weight > 0 for q in rubric.scored_questions(dimension)):
        problems.append(((*at, "questions"), "a dimension needs at least one scored question "
                         "with a weight above 0 (free text is not scored)"))
    problems.extend(_check_questions(rubric, (*at, "questions"), dimension.questions,
                                     seen_questions, earlier))
    problems.extend(_check_weight_rules(rubric, at, dimension))
    return problems


def _check_actions(rubric: Rubric, at: Location, dimension: Dimension,
                   seen_actions: dict[str, Location]) -> list[tuple[Location, str]]:
    """Action ids, the bands they name, and their conditions."""
    problems: list[tuple[Location, str]] = []
    band_ids = {b.id for b in rubric.bands_for(dimension)}
    for ai, action in enumerate(dimension.actions):
        aat = (*at, "actions", ai)
        if action.id in seen_actions:
            problems.append(((*aat, "id"), f"duplicate action id {action.id!r}"))
        seen_actions.setdefault(action.id, aat)
        problems += [((*aat, "bands", bi), f"unknown band {band!r}; this dimension's bands "
                      f"are {', '.join(sorted(band_ids))}")
                     for bi, band in enumerate(action.bands) if band not in band_ids]
        if action.when is not None:
            problems.extend(_check_when(rubric, aat, action.when, None))
    return problems


def _when_location(at: Location, when: When, ci: int) -> Location:
    return (*at, "when") if isinstance(when, Condition) else (*at, "when", ci)


def _check_when(rubric: Rubric, at: Location, when: When,
                only: set[str] | None) -> list[tuple[Location, str]]:
    """Conditions that may look at any question (or, with `only`, only at those ids)."""
    problems: list[tuple[Location, str]] = []
    known = rubric.question_index()
    for ci, condition in enumerate(conditions_of(when)):
        cat = _when_location(at, when, ci)
        if condition.question not in known:
            hint = (" (a context question: see `context:`)" if only is not None else "")
            problems.append(((*cat, "question"), f"unknown question {condition.question!r}"
                             + _did_you_mean(condition.question, only or known) + hint))
        elif only and condition.question not in only:
            problems.append(((*cat, "question"), f"{condition.question!r} is not a context "
                             "question; weights can only depend on the student's situation "
                             "(`context:` questions)"))
        else:
            problems.extend(_check_condition(rubric, cat, condition, known[condition.question]))
    return problems


def _check_weight_rules(rubric: Rubric, at: Location, dimension: Dimension
                        ) -> list[tuple[Location, str]]:
    problems: list[tuple[Location, str]] = []
    context = rubric.context_ids()
    for wi, rule in enumerate(dimension.context_weights):
        wat = (*at, "context_weights", wi)
        if not context:
            problems.append((wat, "context_weights need a `context:` section with the "
                             "questions they look at"))
            continue
        problems.extend(_check_when(rubric, wat, rule.when, context))
    return problems


def _check_questions(
    rubric: Rubric,
    at: Location,
    questions: list[Question],
    seen_questions: dict[str, Location],
    earlier: dict[str, Question],
) -> list[tuple[Location, str]]:
    """Ids, types and conditions of one section's questions, in asking order."""
    problems: list[tuple[Location, str]] = []
    add = problems.append
    in_context = at[0] == "context"
    for qi, question in enumerate(questions):
        qat = (*at, qi)
        if question.id in seen_questions:
            add(((*qat, "id"), f"duplicate question id {question.id!r}"))
        seen_questions.setdefault(question.id, qat)
        problems.extend(question.definition_problems(rubric, qat, scored=not in_context))
        problems.extend(question.bound_problems(rubric, qat, earlier))
        for ci, condition in enumerate(conditions_of(question.when)):
            cat = _when_location(qat, question.when, ci) if question.when else qat
            if condition.question == question.id:
                add(((*cat, "question"), "a question cannot depend on itself"))
            elif condition.question not in earlier:
                later = condition.question in {q.id for _, q in rubric.questions()}
                add(((*cat, "question"),
                     f"{condition.question!r} is asked later; a condition can only "
                     "look at earlier questions" if later else
                     f"unknown question {condition.question!r}"
                     + _did_you_mean(condition.question, earlier)))
            else:
                problems.extend(
                    _check_condition(rubric, cat, condition, earlier[condition.question])
                )
        if question.default is not None:
            if not in_context:
                add(((*qat, "default"), "only context questions have a default; remove it "
                     "or move the question under `context:`"))
            else:
                reason = question.problem(question.default, rubric)
                if reason:
                    add(((*qat, "default"), f"not a valid answer: {reason}"))
        earlier[question.id] = question
    return problems


def _check_replacements(rubric: Rubric, seen_actions: dict[str, Location]
                        ) -> list[tuple[Location, str]]:
    """`replace` names known actions, not itself, and never forms a cycle."""
    problems: list[tuple[Location, str]] = []
    replaces = {a.id: list(a.replace) for d in rubric.dimensions for a in d.actions}
    for action_id, targets in replaces.items():
        aat = seen_actions[action_id]
        for ri, target in enumerate(targets):
            if target == action_id:
                problems.append(((*aat, "replace", ri), "an action cannot replace itself"))
            elif target not in replaces:
                problems.append(((*aat, "replace", ri), f"unknown action {target!r}; give "
                                 "the id of an action in this rubric"))
    reported: set[frozenset[str]] = set()
    for start in replaces:
        cycle = _replace_cycle(start, replaces)
        if cycle and frozenset(cycle) not in reported:
            reported.add(frozenset(cycle))
            path = " -> ".join([*cycle, cycle[0]])
            problems.append(((*seen_actions[start], "replace"), f"a cycle of `replace`: "
                             f"{path}; remove one of these replacements"))
    return problems


def _replace_cycle(start: str, replaces: Mapping[str, list[str]]) -> list[str]:
    """The actions of a `replace` cycle through `start` (empty when there is none)."""
    stack: list[tuple[str, list[str]]] = [(start, [start])]
    seen: set[str] = set()
    while stack:
        node, path = stack.pop()
        for target in replaces.get(node, []):
            if target == start and len(path) > 1:
                return path
            if target not in seen and target != start:
                seen.add(target)
                stack.append((target, [*path, target]))
    return []


def _check_plan_settings(rubric: Rubric) -> list[tuple[Location, str]]:
    problems: list[tuple[Location, str]] = []
    settings = rubric.plan
    dimension_ids = {d.id for d in rubric.dimensions}
    listed: list[str] = []
    for pi, entry in enumerate(settings.priority):
        group = entry if isinstance(entry, list) else [entry]
        for gi, dimension_id in enumerate(group):
            pat: Location = (("plan", "priority", pi, gi) if isinstance(entry, list)
                                          else ("plan", "priority", pi))
            if dimension_id not in dimension_ids:
                problems.append((pat, f"unknown dimension {dimension_id!r}; known: "
                                 f"{', '.join(sorted(dimension_ids))}"))
            elif dimension_id in listed:
                problems.append((pat, f"dimension {dimension_id!r} is listed twice"))
            listed.append(dimension_id)
    if settings.hours_question is not None:
        target = rubric.question_index().get(settings.hours_question)
        if settings.hours_question not in rubric.context_ids():
            problems.append((("plan", "hours_question"), f"unknown context question "
                             f"{settings.hours_question!r}"
                             + _did_you_mean(settings.hours_question, rubric.context_ids())
                             + "; name a number question under `context:`"))
        elif not isinstance(target, NumberQuestion):
            problems.append((("plan", "hours_question"), f"{settings.hours_question!r} must "
                             "be a number question (hours a week)"))
    return problems


def _did_you_mean(name: str, known: Iterable[str]) -> str:
    """`; did you mean 'may_earn'?` for a near miss of a known id, else nothing."""
    close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.7)
    return f"; did you mean {close[0]!r}?" if close else ""


def _check_bands(
    at: Location, bands: list[Band]
) -> list[tuple[Location, str]]:
    problems: list[tuple[Location, str]] = []
    if not bands:
        return [(at, "give at least one band")]
    ids = [b.id for b in bands]
    for i, band in enumerate(bands):
        if band.min >= band.max:
            problems.append(((*at, i), f"band {band.id!r}: min must be below max"))
        if ids.index(band.id) != i:
            problems.append(((*at, i, "id"), f"duplicate band id {band.id!r}"))
    ordered = sorted(range(len(bands)), key=lambda i: bands[i].min)
    if bands[ordered[0]].min != 0:
        problems.append(((*at, ordered[0], "min"), "the lowest band must start at 0"))
    if bands[ordered[-1]].max != 100:
        problems.append(((*at, ordered[-1], "max"), "the highest band must end at 100"))
    for before, after in itertools.pairwise(ordered):
        low, high = bands[before], bands[after]
        if high.min > low.max:
            problems.append(((*at, after, "min"), f"gap between bands {low.id!r} and "
                             f"{high.id!r}: {low.max:g} to {high.min:g} is in no band"))
        elif high.min < low.max:
            problems.append(((*at, after, "min"), f"bands {low.id!r} and {high.id!r} overlap "
                             f"({high.min:g} < {low.max:g}); make min equal the max below"))
    return problems



def _check_condition(
    rubric: Rubric, at: Location, condition: Condition, target: Question
) -> list[tuple[Location, str]]:
    """Does the condition's operand make sense for the question it looks at?"""
    operator = next(n for n in Condition.operators() if getattr(condition, n) is not None)
    problem = target.condition_problem(operator, getattr(condition, operator), rubric)
    return [(at, problem)] if problem else []


def pydantic_problems(doc: YamlDocument, exc: ValidationError) -> list[Problem]:
    """Turn pydantic's errors into FILE:LINE problems, one per error."""
    problems: list[Problem] = []
    errors = exc.errors(include_url=False)
    # A value that fails every member of a union (`when: Condition | list[Condition]`)
    # gets one error per member; the "should be a list/mapping" ones only add noise
    # when a member that fits the value's shape explains what is really wrong.
    shape_errors = {"list_type", "model_type", "dict_type", "model_attributes_type"}
    places: dict[Location, set[str]] = {}
    for error in errors:
        places.setdefault(doc.line_of(tuple(error["loc"]))[1], set()).add(error["type"])
    errors = [
        e for e in errors
        if e["type"] not in shape_errors
        or places[doc.line_of(tuple(e["loc"]))[1]] <= shape_errors
    ]
    for error in errors:
        loc = tuple(error["loc"])
        line, found = doc.line_of(loc)
        message = _friendly(error)
        location = loc if error["type"] in ("missing", "extra_forbidden") else found
        # Drop pydantic's union-member names ("likert", "list[...]") from the location.
        clean = _clean_location(loc, found, error["type"])
        problems.append(Problem(doc.file_of(found), line, _steps(clean or location), message))
    # A value that fits no member of a union gets one error per member ("should be a
    # boolean", "... an integer", "... a number"): the first says enough, one per place.
    unique: dict[tuple[Path | None, int | None, Location], Problem] = {}
    for problem in problems:
        unique.setdefault((problem.file, problem.line, problem.location), problem)
    return list(unique.values())


def _clean_location(
    loc: tuple[Any, ...], found: Location, kind: str
) -> Location:
    if kind in ("missing", "extra_forbidden") and loc:
        return (*found, loc[-1]) if loc[-1] not in found[-1:] else found
    return found


def _steps(loc: tuple[Any, ...]) -> Location:
    return tuple(step for step in loc if isinstance(step, (str, int)))


# What a value that fails a pattern should look like, by the pattern's start.
_PATTERN_HINTS = (
    ("^\\d+", "use a semantic version such as 1.0.0 (in quotes if it looks like a number)"),
    ("^[A-Za-z]{2,3}", "give a language tag such as en, de or zh-Hans"),
    ("^[a-z]", "use lower-case letters, digits, '_' or '-', starting with a letter"),
    ("^(https?", "give a web address starting with https:// (or mailto:), without spaces, "
                 "quotes or angle brackets"),
    ("^#", "give a colour as #rrggbb, e.g. #2a9d8f"),
)


# Keys whose range a rubric's author may miss, with what to write instead.
_RANGE_KINDS = {"greater_than", "greater_than_equal", "less_than", "less_than_equal",
                "int_from_float", "int_parsing", "int_type"}
_RANGE_FIXES = {
    "effort_hours": ("should be more than 0 and at most 1000: give the hours of work it takes, "
                     f"e.g. 3 (without it the plan assumes {DEFAULT_EFFORT_HOURS:g}); for "
                     "more than 1000, split the action"),
    "first_window_cap": ("the most actions in the first 30 days: write a whole number from "
                         "1 to 5 (5 without it)"),
    "default_hours_per_week": ("the hours a week assumed when a student gave none: write a "
                               "number above 0 and at most 80, e.g. 4"),
    "min_answered": ("the scored answers a dimension needs before it gets a score: write 1 "
                     "or more, or leave it out"),
}


def _range_fix(error: Any) -> str | None:
    """What to write for a key of `_RANGE_FIXES` whose value is out of range."""
    if error["type"] not in _RANGE_KINDS or isinstance(error.get("input"), (bool, str)):
        return None
    key = next((step for step in reversed(error["loc"]) if isinstance(step, str)), None)
    return _RANGE_FIXES.get(key) if key is not None else None


def _friendly(error: Any) -> str:
    """pydantic's message for one error, in the words of a rubric's author."""
    kind = error["type"]
    ctx = error.get("ctx", {})
    given = error.get("input")
    fixed = {
        "extra_forbidden": "unknown key; check the spelling (see `careerkit rubric schema`)",
        "missing": "required key is missing",
        "union_tag_invalid": f"unknown question type; use one of {', '.join(type_names())}",
        "union_tag_not_found": "a question needs a `type`: "
                               f"{', '.join(type_names()[:-1])} or {type_names()[-1]}",
    }
    if kind in fixed:
        return fixed[kind]
    if (fix := _range_fix(error)) is not None:
        return fix
    if kind == "string_type" and isinstance(given, bool):
        return "should be text; put quotes around it"
    if kind in ("finite_number", "float_parsing") and given is not None:
        return f"should be a finite number, not {given!r}"
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        hint = next((h for start, h in _PATTERN_HINTS if pattern.startswith(start)), None)
        if hint:
            return hint
    if kind in ("float_type", "int_type", "bool_type") and isinstance(given, (bool, str)):
        return _wrong_scalar(kind, given)
    if kind == "less_than_equal" and ctx.get("le") == MAX_WEIGHT:
        return (f"should be at most {MAX_WEIGHT:,.0f}; only the ratios between weights "
                "matter, so scale them all down")
    if kind == "string_too_long" or (kind == "too_long" and isinstance(given, str)):
        # A text field checked after its own conversion reports "too_long", in items.
        return f"too long: at most {ctx.get('max_length')} characters"
    if kind in ("string_too_short", "too_short"):
        least = ctx.get("min_length", 1)
        return "cannot be empty" if least == 1 else f"give at least {least}"
    return str(error["msg"]).removeprefix("Value error, ")


def _wrong_scalar(kind: str, given: bool | str) -> str:
    """A number or true/false was wanted; say what to write instead of what was given."""
    wanted = "true or false" if kind == "bool_type" else "a number"
    if isinstance(given, bool):
        return f"give {wanted}, not {str(given).lower()}"
    if is_core_number(given):
        return f"give {wanted}, not text: write {given} without quotes"
    if is_core_number(given.replace("_", "")):
        return (f"give {wanted}: {given} is text in YAML 1.2 (and to editors); "
                f"write {given.replace('_', '')}")
    if given.lstrip("+-")[:2] in ("0b", "0x", "0o"):
        return f"give {wanted} in decimal digits: {given} is text in YAML 1.2"
    return f"give {wanted}, not text"
