"""The one display rule for the numbers people read, so no two outputs disagree.

A score is shown as a whole number, halves rounded up (62.5 -> 63, 39.5 -> 40). The
terminal, the PDF, the Markdown plan, `history`, `compare` and the cohort report all
format scores, medians, quartiles and changes through `score_text`, and a change is the
difference of the two numbers shown (so every before / now / change row adds up). Bands
are chosen from the shown number too (`careerkit.rubric.band_for`).

JSON and CSV are for analysis: they keep full precision (`exact_text`), never a rounded
copy of a score.
"""

from __future__ import annotations

import math

__all__ = [
    "counted",
    "exact_text",
    "number_text",
    "percent_text",
    "score_change",
    "score_text",
    "shown",
    "unit_for",
]

# The one placeholder for a missing score, share or date, in the terminal, exports and PDFs.
DASH = "—"


def shown(score: float) -> int:
    """A score as people see it: a whole number, halves rounded up.

    The tiny epsilon absorbs float sums such as 39.99999999999999 (which is 40).
    """
    return math.floor(score + 0.5 + 1e-9)


def score_text(score: float | None, missing: str = DASH) -> str:
    """A score, median or quartile as printed anywhere: `63`, or `missing` when None."""
    return missing if score is None else str(shown(score))


def score_change(before: float | None, after: float | None) -> int | None:
    """The change people read: the shown `after` minus the shown `before`."""
    if before is None or after is None:
        return None
    return shown(after) - shown(before)


def percent_text(share: float | None, missing: str = DASH) -> str:
    """A share 0..1 as a whole percentage by the same rule: 0.125 -> `13%`."""
    return missing if share is None else f"{shown(share * 100)}%"


def exact_text(value: float | None) -> str:
    """A number for CSV: every digit the score has (56.25 stays 56.25), empty when None."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def number_text(value: float) -> str:
    """An answer or limit as people read it: `10000000` -> `10,000,000`; `2.5` -> `2.5`
    (never `1e+07`)."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.6f}".rstrip("0").rstrip(".")


def unit_for(value: float, unit: str) -> str:
    """Units are written plural in rubrics ("papers"); one of them reads "1 paper"."""
    if value != 1:
        return unit
    if unit == "people":
        return "person"
    if unit.endswith("s") and not unit.endswith("ss"):
        return unit[:-1]
    return unit


def counted(number: int, noun: str) -> str:
    """`1 section`, `4 sections`: a count with its noun in the right number."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
