"""Characters that must never reach a terminal from a file, and how to keep them out.

Rubrics, answers files and cohort folders are untrusted (see SECURITY.md). Their text is
checked twice: `text_problem` refuses control characters when a file is loaded, so they
never get into careerkit's data; and `visible` makes any that slip through (file names,
YAML keys, text in error messages) harmless when printed, as visible escapes such as
``\\x1b``. Both use the same character class, so what the loader refuses is exactly
what the printer neutralises.

Refused: C0 controls but line break and tab (ESC starts every terminal escape sequence,
BEL ends OSC ones), DEL, C1 controls (U+009B is a one-character CSI on some terminals),
the bidirectional embedding, override and isolate controls (they reorder what the reader
sees: "Trojan Source"), and lone surrogates (not characters at all; they make every
UTF-8 output fail).
"""

from __future__ import annotations

import re

__all__ = [
    "LINK_SCHEMES",
    "json_dumps",
    "link_target",
    "text_problem",
    "visible",
    "without_controls",
]

LINK_SCHEMES = ("http://", "https://", "mailto:")
# Characters no web address needs and that markup gives a meaning: a link is written
# only when it has none of them (nor any character `visible` would escape).
_NOT_IN_LINKS = re.compile(r"[\s<>\"'`\\\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")

# Carriage return is refused in text: it moves the cursor back over what was printed.
_UNSAFE_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
# Single-line text (names, ids, titles on one line) refuses line breaks and tabs too.
_UNSAFE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def text_problem(text: str, *, multiline: bool = True) -> str | None:
    """Why `text` from a file cannot be used, or None when it is fine.

    The message names the character by code point and position, never repeats it.
    """
    found = (_UNSAFE_TEXT if multiline else _UNSAFE_LINE).search(text)
    if found is None:
        return None
    char = found.group()
    if char in "\n\t":
        return f"must be one line: remove the {'line break' if char == chr(10) else 'tab'}"
    why = "" if 0xD800 <= ord(char) <= 0xDFFF else " (text may not hold terminal control codes)"
    return f"contains {describe(char)} at character {found.start() + 1}; remove it{why}"


def describe(char: str) -> str:
    """`the control character U+001B (ESCAPE)`: a character named, never printed."""
    # start-up: naming a character is rare; `--help` imports this module
    import unicodedata

    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        return f"a lone surrogate U+{code:04X} (not a character: a broken \\u escape?)"
    name = unicodedata.name(char, "") or _C0_NAMES.get(code, "control")
    kind = "bidirectional control" if code >= 0x2000 else "control character"
    return f"the {kind} U+{code:04X} ({name})"


_C0_NAMES = {0x00: "NUL", 0x07: "BEL", 0x08: "BACKSPACE", 0x09: "TAB", 0x0A: "LINE FEED",
             0x0D: "CARRIAGE RETURN", 0x1B: "ESCAPE", 0x7F: "DELETE", 0x9B: "CSI"}

# `visible` escapes exactly what multi-line text refuses; line breaks and tabs print as
# they are.
_UNSAFE_PRINT = _UNSAFE_TEXT


def link_target(url: str | None) -> str | None:
    """`url` when it is a plain http, https or mailto address that is safe to write as a
    link in any markup; None when it must not be linked."""
    if not url or not url.lower().startswith(LINK_SCHEMES) or _NOT_IN_LINKS.search(url):
        return None
    return url


def visible(text: str) -> str:
    """`text` with every control character shown as an escape (``\\x1b``, ``\\u202e``).

    Cheap when there is nothing to do (one regex search), since every printed line
    passes through it.
    """
    if _UNSAFE_PRINT.search(text) is None:
        return text
    return _UNSAFE_PRINT.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def json_dumps(data: object) -> str:
    """JSON, readable (UTF-8, indented), in which every control character is a ``\\u``
    escape: `json` itself escapes only those below U+0020, and a lone surrogate would make
    the output impossible to encode."""
    # start-up: only JSON output needs it; `--help` imports this module
    import json

    text = json.dumps(data, indent=2, ensure_ascii=False)
    # Outside strings JSON is plain ASCII, so every match is inside a string.
    return _UNSAFE_PRINT.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


# Always removed from what people type: control characters (Cc) and lone surrogates (Cs).
_NEVER_KEPT = frozenset({"Cc", "Cs"})
# Removed too where reportlab draws the text: format characters (Cf: zero-width joiners,
# bidi marks), private-use (Co) and unassigned (Cn) code points.
_NOT_DRAWN = frozenset({"Cf", "Co", "Cn"})


def without_controls(text: str, *, keep_format: bool) -> str:
    """The one text-cleaning policy, for the terminal and the PDF alike.

    Line breaks and tabs stay; control characters, lone surrogates and noncharacters go.
    `keep_format` (what is stored and shown by a terminal) keeps format characters: a
    terminal shapes zero-width joiners, which Persian and Indic names and emoji sequences
    need. Without it (what reportlab draws) they go, with private-use and unassigned
    code points: reportlab does not shape text, so each would be a missing-glyph box.
    """
    import unicodedata  # start-up: `--help` imports this module, and never cleans text

    drop = _NEVER_KEPT if keep_format else _NEVER_KEPT | _NOT_DRAWN
    return "".join(
        ch for ch in text
        if ch in "\n\t" or (unicodedata.category(ch) not in drop and ch not in "\ufffe\uffff")
    )

