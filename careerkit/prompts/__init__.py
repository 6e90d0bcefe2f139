"""The quiz in a terminal: the ONLY package that imports questionary and prompt_toolkit.

Two front ends that `careerkit.quiz.run_quiz` drives, both built on one `Screen`
(base.py, which lays out every screen):

* `RichUI` (rich.py, the default): one question per screen, arrow-key lists
  (questionary), the section and "Question 7 of 28" always on top;
* `PlainUI` (plain.py; ``--plain``, or TERM=dumb): numbered, line-based prompts that
  never move the cursor, for screen readers and simple terminals.

input.py reads what is typed. Keys in rich mode: Enter chooses, ← (or Esc) goes back,
Ctrl-C or Ctrl-D stops (the attempt is already saved). Both faces raise `quiz.Stop` to
stop, never EOFError.
"""

from __future__ import annotations

from careerkit.prompts.base import Screen
from careerkit.prompts.input import (
    SKIP_LABEL,
    check_multi,
    clean_name,
    clean_text,
    parse_number,
)
from careerkit.prompts.plain import PlainUI
from careerkit.prompts.rich import BACK_LABEL, STYLE, RichUI

__all__ = [
    "BACK_LABEL",
    "SKIP_LABEL",
    "STYLE",
    "PlainUI",
    "RichUI",
    "Screen",
    "check_multi",
    "clean_name",
    "clean_text",
    "make_ui",
    "parse_number",
    "wants_plain",
]


def wants_plain(flag: bool, term: str | None) -> bool:
    """Plain prompts when asked for, or when the terminal cannot move the cursor."""
    return flag or (term or "").strip().lower() in ("dumb", "unknown")


def make_ui(*, plain: bool) -> PlainUI | RichUI:
    """The front end for this terminal."""
    return PlainUI() if plain else RichUI()
