"""Reading what a student types: numbers, options, yes/no and text, checked and cleaned.

Shared by both front ends (the rich one validates with these as the student types; the
plain one parses each line with `parse_plain`). No terminal here.
"""

from __future__ import annotations

import enum
import math
import re
import sys
from collections.abc import Callable, Sequence
from typing import Any, cast

from careerkit.display import number_text
from careerkit.quiz import BACK, QuestionPrompt
from careerkit.rubric import NumberQuestion, Question, TextQuestion
from careerkit.safetext import visible, without_controls

__all__ = [
    "FINISH",
    "INPUT_KINDS",
    "MAX_NAME",
    "PLAIN_PARSERS",
    "SKIP",
    "SKIP_LABEL",
    "check_multi",
    "clean_name",
    "clean_text",
    "input_line",
    "multiline",
    "number_hint",
    "parse_number",
    "parse_plain",
    "plain_hint",
]

SKIP_LABEL = "Prefer not to answer"
# The widgets a question type can ask for (`QuestionBase.input_kind`); both front ends
# handle each one (PLAIN_PARSERS here, `RichUI.ASKERS`).
INPUT_KINDS = ("choice", "multi", "yesno", "number", "text")
MAX_NAME = 200


class _Skip(enum.Enum):
    SKIP = "skip"
    FINISH = "finish"


SKIP = _Skip.SKIP
FINISH = _Skip.FINISH  # a Choice's value cannot be None: questionary takes the title then


def parse_number(
    text: str, question: NumberQuestion, limit: float | None = None, why: str = ""
) -> tuple[float | int | None, str | None]:
    """(value, None) for acceptable input, (None, message) otherwise; '' is a skip.

    `limit` is the largest answer an earlier answer allows (`why` says which)."""
    raw = text.strip().replace("_", "").replace(" ", "")
    unit = f" {question.unit}" if question.unit else ""
    if not raw:
        if question.allow_skip:
            return None, None
        return None, "This question needs an answer: type a number."
    if question.integer and re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+", raw):
        raw = raw.replace(",", "")
    # Plain digits only: float() would also take "1e2", "inf" or "0x10", none of which a
    # student means as a count.
    kind = "a whole number" if question.integer else "a number"
    if not _PLAIN_NUMBER.fullmatch(raw):
        return None, f"Type {kind} in digits, like {_example_number(question)}."
    value = float(raw)
    if not math.isfinite(value):
        return None, "Type a finite number."
    if question.integer and value != int(value):
        return None, f"Type a whole number, like {_example_number(question)}."
    if not question.min <= value <= question.highest:
        return None, (f"Type a number from {number_text(question.min)} to "
                      f"{number_text(question.highest)}{unit}.")
    if limit is not None and value > limit:
        return None, f"At most {number_text(limit)}{unit}: " + (why or "your earlier answer") + "."
    return (int(value) if question.integer else value), None


_PLAIN_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)")


def _example_number(question: NumberQuestion) -> str:
    middle = question.thresholds[len(question.thresholds) // 2].at
    value = min(max(middle, question.min), question.highest)
    return f"{int(value)}" if question.integer else f"{value:g}"


def check_multi(prompt: QuestionPrompt, values: Sequence[object]) -> str | None:
    """Why a multiple-choice selection cannot be used, or None."""
    chosen = [v for v in values if v is not SKIP]
    if SKIP in values and chosen:
        return f"“{SKIP_LABEL}” cannot be combined with other options."
    labels = {o.value: o.label for o in prompt.options}
    for option in prompt.options:
        if option.exclusive and option.value in chosen and len(chosen) > 1:
            return f"“{labels[option.value]}” cannot be combined with other options."
    return None


def number_hint(question: NumberQuestion, limit: float | None = None) -> str:
    kind = "whole number" if question.integer else "number"
    unit = f" {question.unit}" if question.unit else ""
    top = question.highest if limit is None else min(limit, question.highest)
    return f"a {kind}, {number_text(question.min)} to {number_text(top)}{unit}"


def multiline(question: Question) -> bool:
    return question.input_kind == "text" and cast(TextQuestion, question).multiline


def plain_hint(prompt: QuestionPrompt) -> str:
    kind = prompt.question.input_kind
    if kind == "choice":
        return f"type a number from 1 to {len(prompt.options)}"
    if kind == "multi":
        return "type the numbers of all that apply, separated by spaces; 0 for none"
    if kind == "yesno":
        return "type y or n"
    if kind == "number":
        return "type " + number_hint(cast(NumberQuestion, prompt.question), prompt.limit)
    if multiline(prompt.question):
        return "type your answer; an empty line finishes"
    return "type your answer"


def parse_plain(prompt: QuestionPrompt, reply: str) -> tuple[Any, str | None]:
    """A line typed in plain mode as (answer or BACK, None) or (None, what to fix)."""
    question = prompt.question
    text = reply.strip()
    lowered = text.lower()
    kind = question.input_kind
    if prompt.has_previous and not text and kind != "text":
        return prompt.previous, None
    if lowered == "b" and prompt.can_go_back:
        return BACK, None
    if lowered == "s":
        if question.allow_skip:
            return None, None
        return None, "This question needs an answer."
    return PLAIN_PARSERS[kind](prompt, reply)


def _parse_text(prompt: QuestionPrompt, reply: str) -> tuple[Any, str | None]:
    question = cast(TextQuestion, prompt.question)
    if not reply.strip():
        if prompt.has_previous:
            return prompt.previous, None
        if question.allow_skip:
            return None, None
        return None, "This question needs an answer: a sentence or two is plenty."
    answer = clean_text(reply).strip()
    if len(answer) > question.max_length:
        return None, f"At most {question.max_length} characters (this is {len(answer)})."
    return answer, None


def _parse_choice(prompt: QuestionPrompt, reply: str) -> tuple[Any, str | None]:
    text = reply.strip()
    count = len(prompt.options)
    if text.isdigit() and 1 <= int(text) <= count:
        return prompt.options[int(text) - 1].value, None
    return None, f"Type a number from 1 to {count}."


def _parse_multi(prompt: QuestionPrompt, reply: str) -> tuple[Any, str | None]:
    count = len(prompt.options)
    parts = [p for p in re.split(r"[\s,]+", reply.strip()) if p]
    if parts == ["0"]:
        return [], None
    if not parts or not all(p.isdigit() and 1 <= int(p) <= count for p in parts):
        return None, f"Type numbers from 1 to {count}, separated by spaces (0 for none)."
    picked = {prompt.options[int(part) - 1].value for part in parts}
    chosen = [o.value for o in prompt.options if o.value in picked]
    problem = check_multi(prompt, chosen)
    return (None, problem) if problem else (chosen, None)


def _parse_yes_no(prompt: QuestionPrompt, reply: str) -> tuple[Any, str | None]:
    lowered = reply.strip().lower()
    if lowered in ("y", "yes"):
        return True, None
    if lowered in ("n", "no"):
        return False, None
    return None, "Type y or n."


def _parse_number(prompt: QuestionPrompt, reply: str) -> tuple[Any, str | None]:
    question = cast(NumberQuestion, prompt.question)
    text = reply.strip()
    if not text and not question.allow_skip:
        return None, "This question needs an answer: type a number."
    return parse_number(text, question, prompt.limit, prompt.limit_reason)


PLAIN_PARSERS: dict[str, Callable[[QuestionPrompt, str], tuple[Any, str | None]]] = {
    "choice": _parse_choice, "multi": _parse_multi, "yesno": _parse_yes_no,
    "number": _parse_number, "text": _parse_text}


def clean_text(text: str) -> str:
    """Typed or pasted text without control characters (line breaks and tabs kept).

    Joiners and other format characters stay: some scripts and emoji need them.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return without_controls(text, keep_format=True)


def clean_name(name: str) -> str:
    """A name as typed, without control characters, trimmed to MAX_NAME characters."""
    return " ".join(clean_text(name).split())[:MAX_NAME]


def input_line(message: str) -> str:
    """`input`, flushing the prompt first (some terminals buffer it otherwise)."""
    sys.stdout.write(visible(message))
    sys.stdout.flush()
    line = sys.stdin.readline()
    if not line:
        raise EOFError
    return line.rstrip("\n")
