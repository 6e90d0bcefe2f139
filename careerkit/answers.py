"""Answers: one attempt at a rubric, as a YAML file that people can read and edit.

An answers file is pinned to the rubric it answers (id, version, sha256), so that
re-scoring it later gives the same scorecard or says why it cannot.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping
from datetime import datetime, timezone
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field, ValidationError

from careerkit.dates import check_year
from careerkit.errors import Location, Problem, ValidationFailed
from careerkit.rubric import (
    Model,
    Question,
    Rubric,
    as_text,
    bundled_rubrics,
    conditions_hold,
    conditions_of,
    load_rubric,
    pydantic_problems,
)
from careerkit.safetext import text_problem, visible
from careerkit.yamlio import YamlDocument, YamlFloat, YamlInt, load_yaml_file, load_yaml_text

__all__ = [
    "FORMAT_VERSION",
    "Answers",
    "RubricPin",
    "answer_limit",
    "answers_to_yaml",
    "asked_questions",
    "bound_reason",
    "check_answers",
    "checked_answers",
    "format_answer",
    "load_answers",
    "load_for_scoring",
    "most_questions",
    "pin",
    "respondent_key",
    "situation_answers",
    "template_yaml",
]

FORMAT_VERSION = 1
AnswerValue = bool | int | float | str | list[str] | None


# When the attempt started and finished: stored in UTC with the offset (see dates.py).
Timestamp = Annotated[datetime, AfterValidator(check_year)]


class RubricPin(Model):
    # Shaped like a rubric's own id and version: the pin is used to find a rubric by name
    # (and its snapshot file), so it must never be a path.
    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]{0,63}$")]
    version: Annotated[str, BeforeValidator(as_text),
                       Field(pattern=r"^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$")]
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{0,64}$")] = ""


class Answers(Model):
    careerkit_answers: Literal[1] = Field(1, description="Format version of this file.")
    rubric: RubricPin
    respondent: Annotated[str, BeforeValidator(as_text), Field(max_length=200)] = ""
    started_at: Timestamp | None = None
    finished_at: Timestamp | None = None
    answers: dict[str, AnswerValue] = Field(
        default_factory=dict, description="question id -> answer; null means skipped."
    )


def respondent_key(name: str) -> str:
    """A name as compared to tell people apart: Unicode NFC, case folded, spaces collapsed
    (so `Zoë` typed precomposed or with a combining accent, or `ZOË`, is one person)."""
    folded = unicodedata.normalize("NFC", unicodedata.normalize("NFC", name).casefold())
    return " ".join(folded.split())


def pin(rubric: Rubric) -> RubricPin:
    return RubricPin(id=rubric.id, version=rubric.version, sha256=rubric.sha256)


def now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


# -- which questions are asked ----------------------------------------------------------------


def asked_questions(rubric: Rubric, answers: Mapping[str, Any]) -> list[Question]:
    """The questions a student is asked, in order, given their answers so far.

    Conditions only look at earlier questions, and an answer to a question that is not
    asked does not count, so one pass in order settles everything.
    """
    effective: dict[str, Any] = {}
    asked: list[Question] = []
    for _, question in rubric.questions():
        if conditions_hold(question.when, effective):
            asked.append(question)
            if answers.get(question.id) is None and question.default is not None:
                # A context question left open: later questions see its default.
                effective[question.id] = question.default
            elif question.id in answers:
                effective[question.id] = answers[question.id]
    return asked


def most_questions(rubric: Rubric, answers: Mapping[str, Any]) -> int:
    """The most questions that can still be asked, given the answers so far.

    `len(asked_questions(...))` is the fewest: a condition on an unanswered question
    counts as false there. Here it counts as "may yet hold", so together the two give
    the range a student can be told ("32–37 questions") until their answers settle it.
    """
    shown: dict[str, bool | None] = {}  # True asked, False not asked, None not known yet
    effective: dict[str, Any] = {}
    for _, question in rubric.questions():
        state: bool | None = True
        for condition in conditions_of(question.when):
            target = shown.get(condition.question)
            if target is False:
                state = False
                break
            if target is None or condition.question not in effective:
                state = None
            elif not condition.holds(effective):
                state = False
                break
        shown[question.id] = state
        if state is True and question.id in answers:
            effective[question.id] = answers[question.id]
    return sum(1 for state in shown.values() if state is not False)


def effective_answers(rubric: Rubric, answers: Mapping[str, Any]) -> dict[str, Any]:
    """Only the answers to questions that are asked (drops answers whose condition broke)."""
    return {q.id: answers[q.id] for q in asked_questions(rubric, answers) if q.id in answers}


def situation_answers(rubric: Rubric, answers: Mapping[str, Any]
                      ) -> tuple[dict[str, Any], list[str]]:
    """The answers the plan and the weights look at: the asked ones, with each unanswered
    context question's `default` filled in. Also the ids of the defaults used, so the
    plan can say that it assumed them (an answers file made before the context existed)."""
    given = effective_answers(rubric, answers)
    assumed: list[str] = []
    for question in asked_questions(rubric, answers):
        if question.id in rubric.context_ids() and given.get(question.id) is None:
            assumed.append(question.id)
            if question.default is not None:
                given[question.id] = question.default
    return given, assumed


# -- checking answers against a rubric -----------------------------------------------------------


def answer_problem(
    rubric: Rubric, question: Question, value: Any, answers: Mapping[str, Any] | None = None
) -> str | None:
    """Why `value` is not a valid answer to `question`, or None when it is.

    With the other `answers`, a number is also checked against the answer its rubric
    bounds it by (`max: {question: ID}`).
    """
    return question.problem(value, rubric, answers)


def answer_limit(
    rubric: Rubric, question: Question, answers: Mapping[str, Any]
) -> float | None:
    """The answer `question` may not exceed, from the question its rubric bounds it by;
    None when unbounded or that question has no number answer."""
    return question.answer_limit(answers)


def bound_reason(rubric: Rubric, question: Question) -> str:
    """Why an answer above the bound is refused, in the student's terms."""
    return question.bound_reason(rubric)


def check_answers(
    answers: Answers, rubric: Rubric, doc: YamlDocument | None = None
) -> list[Problem]:
    """Every problem with an answers file against a rubric (empty when it is fine)."""

    def problem(location: Location, message: str) -> Problem:
        if doc is not None:
            return doc.problem(location, message)
        return Problem(None, None, location, message)

    problems: list[Problem] = []
    if answers.rubric.id != rubric.id:
        problems.append(problem(("rubric", "id"), f"these answers are for rubric "
                                f"{answers.rubric.id!r}, not {rubric.id!r}; pass --rubric "
                                f"with the rubric they were made for"))
        return problems
    if answers.rubric.version != rubric.version:
        problems.append(problem(("rubric", "version"), f"these answers are for version "
                                f"{answers.rubric.version} of {rubric.id!r}, the rubric is "
                                f"{rubric.version}; pass --rubric with that version"))
        return problems
    index = rubric.question_index()
    asked = {q.id for q in asked_questions(rubric, answers.answers)}
    for question_id, value in answers.answers.items():
        where = ("answers", question_id)
        question = index.get(question_id)
        if question is None:
            problems.append(problem(where, f"unknown question {question_id!r}; see "
                                    "`careerkit rubric template` for the question ids"))
            continue
        reason = answer_problem(rubric, question, value, answers.answers)
        if reason:
            problems.append(problem(where, reason))
        elif question_id not in asked and value is not None:
            problems.append(problem(where, "answered, but this question is not asked with "
                                    "the other answers given (its `when` condition is "
                                    "false); remove this answer"))
    return problems


def pin_warning(answers: Answers, rubric: Rubric) -> str | None:
    """The same id and version but different file content: worth a warning, not an error."""
    if answers.rubric.sha256 and rubric.sha256 and answers.rubric.sha256 != rubric.sha256:
        return (f"the rubric file changed since these answers were made (sha256 "
                f"{answers.rubric.sha256[:12]} -> {rubric.sha256[:12]}); scores may differ")
    return None


# -- reading -----------------------------------------------------------------------------------


def answers_from_document(doc: YamlDocument, rubric: Rubric | None = None) -> Answers:
    """Validate parsed YAML as answers. With the rubric, a free-text answer written as a
    bare number (`1.10`) is taken as the text it was written as."""
    if not isinstance(doc.data, dict):
        raise ValidationFailed(
            [doc.problem((), "an answers file must be a mapping (key: value lines) at the top")]
        )
    data = dict(doc.data)
    answers_data = data.get("answers")
    if answers_data is None and "answers" in data:
        data["answers"] = {}
    elif isinstance(answers_data, dict) and rubric is not None:
        index = rubric.question_index()
        data["answers"] = {
            key: index[key].read_value(value) if key in index else value
            for key, value in answers_data.items()
        }
    problems = _text_problems(doc, data)
    if problems:
        raise ValidationFailed(problems)
    try:
        return Answers.model_validate(_plain_numbers(data))
    except ValidationError as exc:
        raise ValidationFailed(pydantic_problems(doc, exc)) from None


def _text_problems(doc: YamlDocument, data: dict[str, Any]) -> list[Problem]:
    """Control characters, bidi controls and lone surrogates in the name, the question
    ids or the answers: answers files come from students and are not trusted."""
    problems: list[Problem] = []
    respondent = data.get("respondent")
    if isinstance(respondent, str) and (reason := text_problem(respondent, multiline=False)):
        problems.append(doc.problem(("respondent",), reason))
    answers = data.get("answers")
    if not isinstance(answers, dict):
        return problems
    for key, value in answers.items():
        if isinstance(key, str) and (reason := text_problem(key, multiline=False)):
            # The location would repeat the key; name the line instead.
            line, found = doc.line_of(("answers", key))
            problems.append(Problem(doc.file_of(found), line, ("answers",),
                                    f"a question id {reason}"))
            continue
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and (reason := text_problem(item)):
                problems.append(doc.problem(("answers", key), reason))
                break
    return problems


def _plain_numbers(data: Any) -> Any:
    """YAML numbers as plain ints and floats, so answers compare and dump as numbers."""
    if isinstance(data, YamlInt):
        return int(data)
    if isinstance(data, YamlFloat):
        return float(data)
    if isinstance(data, dict):
        return {k: _plain_numbers(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_plain_numbers(v) for v in data]
    return data


def missing_required(answers: Answers, rubric: Rubric,
                     doc: YamlDocument | None = None) -> list[Problem]:
    """A question that is asked and cannot be skipped needs an answer in the file:
    deleting its line must not get round `allow_skip: false` (null is refused too)."""
    given = answers.answers
    return [
        doc.problem(("answers", q.id), MISSING_REQUIRED) if doc is not None
        else Problem(None, None, ("answers", q.id), MISSING_REQUIRED)
        for q in asked_questions(rubric, given)
        if not q.allow_skip and q.id not in given
    ]


MISSING_REQUIRED = ("missing: this question is asked and cannot be skipped; add its answer "
                    "under `answers:` (see `careerkit rubric template` for what it takes)")


def checked_answers(doc: YamlDocument, rubric: Rubric, *, complete: bool = True) -> Answers:
    """Parsed YAML as answers to `rubric`, every answer checked and, when `complete`,
    every required one there; else ValidationFailed. Only an attempt still being taken
    (the autosave, resumed later) is read with `complete=False`."""
    answers = answers_from_document(doc, rubric)
    problems = check_answers(answers, rubric, doc)
    if complete and not problems:  # a wrong rubric or a bad answer first; then the gaps
        problems = missing_required(answers, rubric, doc)
    if problems:
        raise ValidationFailed(problems)
    return answers


def load_answers(path: Path, rubric: Rubric | None = None) -> Answers:
    """Read an answers file; with a rubric, also check every answer against it."""
    doc = load_yaml_file(path, what="answers file")
    return checked_answers(doc, rubric) if rubric is not None else answers_from_document(doc)


def load_for_scoring(path: Path, rubric_name: str | None = None
                     ) -> tuple[Answers, Rubric, str | None]:
    """An answers file and the rubric it is for, checked against each other, with a
    warning when the rubric changed since the answers were made (None when it did not).

    Without `rubric_name`, the answers file's own rubric id is used when it names a
    bundled rubric, so `careerkit score FILE` just works for files made by careerkit.
    """
    doc = load_yaml_file(path, what="answers file")
    pinned = answers_from_document(doc).rubric
    if rubric_name is None and pinned.id in bundled_rubrics():
        rubric_name = pinned.id
    rubric = load_rubric(rubric_name)
    answers = checked_answers(doc, rubric)
    return answers, rubric, pin_warning(answers, rubric)


def parse_answers(text: str, rubric: Rubric | None = None, path: Path | None = None, *,
                  complete: bool = True) -> Answers:
    doc = load_yaml_text(text, path)
    if rubric is None:
        return answers_from_document(doc)
    return checked_answers(doc, rubric, complete=complete)


# -- writing -------------------------------------------------------------------------------------


def _yaml_scalar(value: Any) -> str:
    """A YAML 1.2 scalar. Strings are JSON-quoted: always valid YAML and lossless."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value) if value != int(value) or abs(value) >= 1e16 else f"{value:.1f}"
    if isinstance(value, list):
        return "[" + ", ".join(_yaml_scalar(v) for v in value) + "]"
    return _UNPRINTABLE.sub(_escape, json.dumps(str(value), ensure_ascii=False))


# Characters YAML does not allow raw in a file (or that YAML 1.1 readers take for line
# breaks): written as \uXXXX escapes inside the double-quoted string, so text round-trips.
_UNPRINTABLE = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def _timestamp(value: datetime | None) -> str:
    return "null" if value is None else json.dumps(value.isoformat())


def answers_to_yaml(answers: Answers, rubric: Rubric | None = None) -> str:
    """The answers file text; with the rubric, each answer carries its question as a comment."""
    lines = [
        "# careerkit answers file: score it with `careerkit score FILE`.",
        f"careerkit_answers: {FORMAT_VERSION}",
        "rubric:",
        f"  id: {_yaml_scalar(answers.rubric.id)}",
        f"  version: {_yaml_scalar(answers.rubric.version)}",
        f"  sha256: {_yaml_scalar(answers.rubric.sha256)}",
        f"respondent: {_yaml_scalar(answers.respondent)}",
        f"started_at: {_timestamp(answers.started_at)}",
        f"finished_at: {_timestamp(answers.finished_at)}",
    ]
    if not answers.answers:
        lines.append("answers: {}")
        return "\n".join(lines) + "\n"
    lines.append("answers:")
    index = rubric.question_index() if rubric is not None else {}
    for question_id, value in answers.answers.items():
        question = index.get(question_id)
        if question is not None:
            lines.append(f"  # {_one_line(question.text)}")
        lines.append(f"  {_yaml_key(question_id)}: {_yaml_scalar(value)}")
    return "\n".join(lines) + "\n"


def _yaml_key(key: str) -> str:
    return key if re.fullmatch(r"[a-z][a-z0-9_-]*", key) else json.dumps(key)


def _one_line(text: str, limit: int = 110) -> str:
    """Text for a `#` comment: one line (a line break would end the comment and leave
    the rest as YAML), with any control character as a visible escape (YAML refuses
    them even in comments)."""
    flat = visible(" ".join(text.split()))
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def allowed_values(rubric: Rubric, question: Question) -> str:
    """A one-line description of what an answer to this question may be."""
    return question.allowed_text(rubric)


def example_answer(rubric: Rubric, question: Question) -> Any:
    """A valid, middling answer: enough to score a template at once."""
    return question.example(rubric)


def template_yaml(rubric: Rubric, *, example: bool = False, respondent: str = "") -> str:
    """An answers file to fill in by hand; every question with its allowed values."""
    values: dict[str, Any] = {}
    for _, question in rubric.questions():
        if example and conditions_hold(question.when, values):
            values[question.id] = example_answer(rubric, question)
    stamp = now()
    lines = [
        f"# careerkit answers for {_one_line(rubric.title, 200)} ({rubric.id} "
        f"{rubric.version}).",
        "# Fill in each answer after the colon, then run: careerkit score THIS_FILE",
        "# Leave an answer as null to skip it. Questions marked 'only if' are asked only",
        "# when the condition holds; answer them only then.",
        f"careerkit_answers: {FORMAT_VERSION}",
        "rubric:",
        f"  id: {_yaml_scalar(rubric.id)}",
        f"  version: {_yaml_scalar(rubric.version)}",
        f"  sha256: {_yaml_scalar(rubric.sha256)}",
        f"respondent: {_yaml_scalar(respondent or ('Example Student' if example else ''))}",
        f"started_at: {_timestamp(stamp)}",
        f"finished_at: {_timestamp(stamp if example else None)}",
        "answers:",
    ]
    current = None
    for dimension, question in rubric.questions():
        if dimension.id != current:
            current = dimension.id
            title = _one_line(dimension.title)
            lines += ["", f"  # ── {title} " + "─" * max(3, 60 - len(title))]
        lines.append(f"  # {_one_line(question.text)}")
        lines.append(f"  #   allowed: {_one_line(allowed_values(rubric, question), 400)}")
        if question.default is not None:
            lines.append("  #   if left null, the plan assumes: "
                         f"{_one_line(_yaml_scalar(question.default), 200)}")
        if question.when is not None:
            conditions = question.when if isinstance(question.when, list) else [question.when]
            only_if = " and ".join(c.describe() for c in conditions)
            lines.append(f"  #   only if: {_one_line(only_if, 400)}")
        if example and question.id not in values:
            continue
        value = values.get(question.id)
        lines.append(f"  {_yaml_key(question.id)}: {_yaml_scalar(value)}")
    return "\n".join(lines) + "\n"


def format_answer(rubric: Rubric, question: Question, value: Any) -> str:
    """An answer as the student saw it: option labels, 'Yes'/'No', a number with its unit."""
    return question.format_value(value, rubric)
