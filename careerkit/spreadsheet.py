"""The one CSV writer: every CSV careerkit writes is safe to open in a spreadsheet.

A cell that starts with ``=``, ``+``, ``-`` or ``@`` is a formula to Excel, LibreOffice
and Google Sheets (``=HYPERLINK(...)`` leaks data, ``=cmd|...`` runs programs), and a
leading tab or carriage return hides such a start from a quick look. Text cells that start
with any of these (or a line break) get a leading ``'``, as OWASP recommends ("CSV
Injection"). Numbers stay numbers: a cell that is only a number (``-2``, ``71.5``) is not
a formula and is written as it is.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator

from careerkit.safetext import visible

__all__ = ["Cell", "csv_lines", "csv_text", "safe_cell"]

Cell = str | int | float | None

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
_PLAIN_NUMBER = re.compile(r"-?\d+(?:\.\d+)?\Z")


def safe_cell(value: Cell) -> str | int | float:
    """A cell that no spreadsheet evaluates: text that could start a formula is quoted."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (int, float)):
        return value
    # The csv module quotes a cell holding "\n" but not one holding a lone "\r", which a
    # reader then takes for the end of the row: keep line breaks as "\n". Other control
    # characters have no place in a cell (and NUL stops Python 3.10's writer): escapes.
    value = visible(value.replace("\r\n", "\n").replace("\r", "\n"))
    if value.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.match(value):
        return "'" + value
    return value


def csv_lines(rows: Iterable[Iterable[Cell]]) -> Iterator[str]:
    """Each row as one CSV line (with its line break), cells made safe."""
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\n")
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
        yield stream.getvalue()
        stream.seek(0)
        stream.truncate()


def csv_text(rows: Iterable[Iterable[Cell]]) -> str:
    return "".join(csv_lines(rows))
