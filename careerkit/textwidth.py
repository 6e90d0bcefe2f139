"""Text measured in terminal columns: wrapping and clipping by display width.

A terminal draws CJK characters and most emoji two columns wide and combining marks
zero wide, so `len()` is the wrong ruler: text wrapped by `len()` runs past the edge
and the terminal breaks it mid-word. Everything here measures with `wcwidth`, except
printable ASCII, one column a character: most text is that, and it is measured without
importing `wcwidth` (some 15 ms of tables and patterns, for `careerkit report` too).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["clip", "display_width", "pad", "wrap", "wrap_path"]

# Only ASCII white space separates words: a no-break space keeps "← back" together.
_SPACES = re.compile(r"[ \t\n\r\f\v]+")


def _wcwidth() -> tuple[Callable[[str], int], Callable[[str], int]]:
    """wcwidth's `wcswidth` and `wcwidth`, imported the first time text is not printable
    ASCII."""
    # start-up: wcwidth compiles its patterns on import; ASCII text never needs them
    from wcwidth import wcswidth, wcwidth

    return wcswidth, wcwidth


def _plain_ascii(text: str) -> bool:
    """Printable ASCII: one column a character, as wcwidth says (bench/README.md)."""
    return text.isascii() and text.isprintable()


def _columns(ch: str) -> int:
    """Columns one character takes (an unprintable one: 0)."""
    if " " <= ch <= "~":
        return 1
    return max(_wcwidth()[1](ch), 0)


def display_width(text: str) -> int:
    """Columns `text` takes on a terminal (an unprintable character counts as 0)."""
    if _plain_ascii(text):
        return len(text)
    wcswidth, wcwidth = _wcwidth()
    width: int = wcswidth(text)
    if width >= 0:
        return width
    return sum(max(wcwidth(ch), 0) for ch in text)


def pad(text: str, width: int, align: str = "<") -> str:
    """`text` filled with spaces to `width` columns (`<` left, `>` right aligned): the
    terminal-column version of `f"{text:<{width}}"`, for tables with CJK titles."""
    fill = " " * max(0, width - display_width(text))
    return text + fill if align == "<" else fill + text


def _one_line(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def clip(text: str, width: int) -> str:
    """`text` on one line, at most `width` columns, ending in "…" where cut: between
    words when a word ends in the last fifth, else (a very long word) where it must.

    The one clipping rule for the terminal, exports and the PDF (where a CJK character
    is about as wide as two Latin ones, as on a terminal)."""
    flat = _one_line(text)
    if display_width(flat) <= width:
        return flat
    if width <= 0:
        return ""
    kept: list[str] = []
    used, space_index, space_column = 0, 0, 0
    for ch in flat:
        columns = _columns(ch)
        if used + columns > width - 1:
            if not ch.isspace() and space_column > (width - 1) * 0.8:
                kept = kept[:space_index]
            break
        if ch == " ":
            space_index, space_column = len(kept), used
        kept.append(ch)
        used += columns
    return "".join(kept).rstrip(" ,;:-–—") + "…"


def _split_word(word: str, width: int) -> list[str]:
    """A word wider than a whole line, in pieces of at most `width` columns."""
    pieces, piece, used = [], "", 0
    for ch in word:
        columns = _columns(ch)
        if piece and used + columns > width:
            pieces.append(piece)
            piece, used = "", 0
        piece += ch
        used += columns
    if piece:
        pieces.append(piece)
    return pieces


def _wrap_paragraph(text: str, width: int) -> list[str]:
    lines: list[str] = []
    line, used = "", 0
    for word in _one_line(text).split(" "):
        if not word:
            continue
        columns = display_width(word)
        if line and used + 1 + columns <= width:
            line, used = f"{line} {word}", used + 1 + columns
            continue
        if line:
            lines.append(line)
        if columns <= width:
            line, used = word, columns
            continue
        # Only a word wider than the line itself (a long path or URL) is broken.
        *whole, line = _split_word(word, width)
        lines.extend(whole)
        used = display_width(line)
    if line:
        lines.append(line)
    return lines


def wrap(text: str, width: int, *, indent: str = "", first: str | None = None) -> list[str]:
    """`text` in lines of at most `width` columns, broken between words.

    Paragraphs (separated by a blank line) stay apart with an empty line between them.
    `first` replaces `indent` on the first line (a number or a bullet); later lines are
    indented by `indent`.
    """
    lead = indent if first is None else first
    room = max(1, width - max(display_width(lead), display_width(indent)))
    lines: list[str] = []
    for paragraph in text.strip().split("\n\n"):
        wrapped = _wrap_paragraph(paragraph, room)
        if lines and wrapped:
            lines.append("")
        for line in wrapped:
            lines.append((lead if not lines else indent) + line)
    return lines


def wrap_path(path: str, width: int, *, indent: str = "") -> list[str]:
    """A file path too long for one line, broken after a "/" (never inside a name)."""
    room = max(1, width - display_width(indent))
    parts = re.findall(r"[^/]*/|[^/]+$", path) or [path]
    lines: list[str] = []
    line = ""
    for part in parts:
        if line and display_width(line + part) > room:
            lines.append(line)
            line = ""
        line += part
        while display_width(line) > room:  # one name wider than the line
            head, *rest = _split_word(line, room)
            lines.append(head)
            line = "".join(rest)
    if line:
        lines.append(line)
    return [indent + line for line in lines]
