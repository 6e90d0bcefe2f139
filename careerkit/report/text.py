"""Text that users and rubric authors typed, made safe for reportlab's paragraph markup.

reportlab's `Paragraph` reads an XML-like markup (`<b>`, `<font>`, `<a href>`, `<img>`,
entities). Nothing a student or an advisor wrote may ever be read as markup, so every
string goes through `markup()` here, which:

- removes control and format characters (bidi overrides, zero-width joiners, NUL ...)
  and normalises to NFC, so accents are single, drawable characters;
- bounds the length, between words where it can, saying visibly how much was left out;
- escapes `&`, `<` and `>`, so `<img src=...>` or `<font color=...>` stay literal text;
- keeps line breaks (`<br/>`) and runs of spaces (no-break spaces);
- wraps characters the main font lacks in `<font name=...>` of a fallback font chosen
  by `FontBook`, or shows `[U+XXXX]` where no font has them.

Links are built only by `link()`, from URLs the rubric validated, and only for the
http, https and mailto schemes.
"""

from __future__ import annotations

import re
import unicodedata

from careerkit.report.fonts import FontBook
from careerkit.safetext import LINK_SCHEMES, link_target, without_controls
from careerkit.textwidth import clip

__all__ = ["CHUNK", "MAX_TEXT", "chunks", "clean", "link", "markup", "plain"]

MAX_TEXT = 20_000
CHUNK = 1_200  # characters per paragraph of long text: pages can turn between them
# Lines per paragraph of long text: a reflection of many short lines is cut too, so no
# piece is too tall to fit below what is already on a page.
CHUNK_LINES = 12
SAFE_SCHEMES = LINK_SCHEMES
MISSING_COLOR = "#7b8794"
_DROP_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn"}
_SPACES = re.compile(r" {2,}")


def clean(text: str, limit: int | None = MAX_TEXT) -> str:
    """Plain, drawable text: NFC, no control or format characters, at most `limit` long."""
    text = unicodedata.normalize("NFC", str(text))
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n")
    # isprintable() is False for every category dropped here (and for spaces other than
    # " "): a C-speed check that spares most text the character-by-character look.
    if not text.replace("\n", "").isprintable():
        text = without_controls(text, keep_format=False)
    if limit is not None and len(text) > limit:
        kept = text[:limit]
        if not text[limit].isspace():  # the cut falls inside a word: end before it
            space = max(kept.rfind(" "), kept.rfind("\n"))
            if space > limit * 0.8:
                kept = kept[:space]
        kept = kept.rstrip()
        left_out = len(text) - len(kept)
        text = kept + f" … [{left_out:,} more characters not shown]"
    return text


def plain(text: str, limit: int = 300) -> str:
    """One line of clean text, for PDF metadata and bookmarks (no markup there)."""
    return clip(clean(text, None), limit)


def chunks(text: str, size: int = CHUNK, lines: int = CHUNK_LINES) -> list[str]:
    """Cut text into pieces of at most `size` characters and `lines` lines: at line
    breaks where it can, else between words, else anywhere. Joined with newlines they
    give the text back."""
    pieces: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > size:
            cut = line.rfind(" ", 0, size + 1)
            cut = cut if cut > 0 else size
            head, line = line[:cut], line[cut:].lstrip(" ")
            if current:
                pieces.append(current)
                current = ""
            pieces.append(head)
        if current and (len(current) + 1 + len(line) > size or current.count("\n") + 1 >= lines):
            pieces.append(current)
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    if current or not pieces:
        pieces.append(current)
    return pieces


def markup(
    text: str,
    fonts: FontBook,
    *,
    limit: int | None = MAX_TEXT,
    breaks: bool = True,
) -> str:
    """Paragraph markup that draws `text` literally, every character in a font that has it."""
    text = clean(text, limit)
    if not breaks:
        text = " ".join(text.split())
    out: list[str] = []
    for font, chunk in fonts.runs(text):
        if font == "":
            codes = "".join(f"[U+{ord(ch):04X}]" for ch in chunk)
            out.append(f'<font color="{MISSING_COLOR}">{codes}</font>')
        elif font is None:
            out.append(_escape_plain(chunk))
        else:
            out.append(f'<font name="{font}">{_escape_plain(chunk)}</font>')
    return "".join(out)


def escape(text: str, extra: dict[str, str] | None = None) -> str:
    """`&`, `<` and `>` as entities (and any `extra` characters as given)."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for ch, entity in (extra or {}).items():
        text = text.replace(ch, entity)
    return text


def _escape_plain(chunk: str) -> str:
    escaped = escape(chunk)
    # Keep a run of spaces as typed: one breakable space, the rest no-break spaces.
    escaped = _SPACES.sub(lambda m: " " + "\u00a0" * (len(m.group()) - 1), escaped)
    return escaped.replace("\n", "<br/>")


def link(url: str | None, label_markup: str, color: str = "#1d5f8a") -> str:
    """`label_markup` as a link to `url` when the URL is http(s) or mailto, else as is."""
    # One link policy for every output (careerkit.safetext.link_target), and stricter
    # here: no format or unassigned characters either.
    if link_target(url) is None or any(
        unicodedata.category(ch) in _DROP_CATEGORIES for ch in url or ""
    ):
        return label_markup
    assert url is not None
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", color):
        raise ValueError(f"not a colour: {color!r}")
    href = escape(url, {'"': "&quot;", "'": "&#39;"})
    return f'<a href="{href}" color="{color}">{label_markup}</a>'

