"""User text meets reportlab markup only escaped, clean and bounded (careerkit.report.text)."""

from __future__ import annotations

import pytest

from careerkit.report.fonts import FontBook
from careerkit.report.text import clean, link, markup, plain
from careerkit.textwidth import clip


@pytest.fixture(scope="module")
def fonts() -> FontBook:
    return FontBook(extra=[], system=[], use_fontconfig=False)


@pytest.mark.parametrize(("text", "expected"), [
    ("Tom & Jerry <3", "Tom &amp; Jerry &lt;3"),
    ("<b>bold", "&lt;b&gt;bold"),
    ("stray</i>", "stray&lt;/i&gt;"),
    ('<img src="/etc/passwd"/>', '&lt;img src="/etc/passwd"/&gt;'),
    ("&amp; stays literal", "&amp;amp; stays literal"),
])
def test_markup_characters_are_escaped(fonts: FontBook, text: str, expected: str) -> None:
    assert markup(text, fonts) == expected


def test_line_breaks_are_kept_and_runs_of_spaces_survive(fonts: FontBook) -> None:
    assert markup("one\ntwo\r\nthree", fonts) == "one<br/>two<br/>three"
    assert markup("a   b", fonts) == "a \u00a0\u00a0b"
    assert markup("one\ntwo", fonts, breaks=False) == "one two"


def test_control_and_format_characters_are_removed() -> None:
    assert clean("Ada\x00\x07 Love\u202elace\u200b\ufeff") == "Ada Lovelace"
    assert clean("tab\there") == "tab    here"


def test_text_is_normalised_so_accents_are_single_characters() -> None:
    assert clean("Zoe\u0308") == "Zoë"


def test_long_text_is_cut_and_says_how_much_was_left_out() -> None:
    assert clean("x" * 30, limit=10) == "x" * 10 + " … [20 more characters not shown]"


def test_one_line_is_shortened_between_words() -> None:
    line = "What part of your research problem would a ten times bigger model not fix"
    assert clip(line, 40) == "What part of your research problem…"  # not "woul…"
    assert clip("x" * 50, 10) == "x" * 9 + "…"  # one long word: cut where it must
    assert clip(line, 200) == line
    # The PDF's bookmarks and metadata use the same rule.
    assert plain(line, 40) == "What part of your research problem…"


def test_long_text_is_cut_between_words_never_inside_one() -> None:
    words = "Two reviewers asked why my method would still matter at ten times the size"
    cut = clean(words, limit=40)
    kept = cut.split(" … [")[0]
    assert kept == "Two reviewers asked why my method would"  # not "...would st"
    assert cut.endswith(f"[{len(words) - len(kept)} more characters not shown]")
    assert set(kept.split()) <= set(words.split())
    assert clean("short", limit=10) == "short"


def test_plain_is_one_bounded_line() -> None:
    assert plain("a\nb\tc  d") == "a b c d"
    assert plain("x" * 400, limit=10) == "x" * 9 + "…"


def test_characters_no_font_has_are_shown_as_code_points(fonts: FontBook) -> None:
    out = markup("Wang 王", fonts)
    assert out == 'Wang <font color="#7b8794">[U+738B]</font>'
    assert fonts.missing == {"王": 1}
    assert "U+738B" in fonts.warnings()[0]
    assert "-m pip install" in fonts.warnings()[0] and "[cjk]'" in fonts.warnings()[0]


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "JAVASCRIPT:alert(1)", "file:///etc/passwd", "data:text/html,x",
    "https://example.org/a b", None, "",
])
def test_only_http_and_mailto_urls_become_links(url: str | None) -> None:
    assert link(url, "label") == "label"


def test_a_link_quotes_its_url() -> None:
    assert link("https://example.org/?a=1&b=2", "label") == (
        '<a href="https://example.org/?a=1&amp;b=2" color="#1d5f8a">label</a>')
    # Quotes and angle brackets belong in no web address: not linked (one policy with the
    # Markdown export, careerkit.safetext.link_target).
    assert link('https://example.org/?a="2"', "label") == "label"
    assert link("https://a><img src=x>", "label") == "label"
    assert link("mailto:team@example.org", "x").startswith('<a href="mailto:team@example.org"')


def test_long_text_is_cut_into_pieces_at_lines_then_words_keeping_every_word() -> None:
    from careerkit.report.text import chunks

    assert chunks("l1\nl2\nl3", 5) == ["l1\nl2", "l3"]
    assert chunks("one two three four", 9) == ["one two", "three", "four"]
    assert chunks("x" * 25, 10) == ["x" * 10, "x" * 10, "x" * 5]
    text = "word " * 3000
    assert " ".join(" ".join(chunks(text)).split()) == text.strip()
    assert all(len(piece) <= 1200 for piece in chunks(text))
    # Many short lines (a list, a poem) are cut too: no piece is taller than 12 lines.
    poem = "\n".join(f"line {i}" for i in range(40))
    pieces = chunks(poem)
    assert "\n".join(pieces) == poem
    assert [piece.count("\n") + 1 for piece in pieces] == [12, 12, 12, 4]
