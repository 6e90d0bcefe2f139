"""Wrapping and clipping by terminal columns: never mid-word, CJK and emoji count two."""

from __future__ import annotations

import subprocess
import sys

from hypothesis import given
from hypothesis import strategies as st

from careerkit.textwidth import clip, display_width, wrap, wrap_path


def test_display_width_counts_wide_characters_twice() -> None:
    assert display_width("abc") == 3
    assert display_width("王小明") == 6
    assert display_width("ok 👍") == 5
    assert display_width("é") == 1  # e + combining acute accent


def test_wrap_breaks_between_words_only() -> None:
    text = "I have implemented or reproduced results myself"
    assert wrap(text, 20) == ["I have implemented", "or reproduced", "results myself"]


def test_wrap_measures_cjk_by_columns() -> None:
    # Ten CJK characters are 20 columns: they do not fit in 15.
    lines = wrap("答案 " * 6, 15)
    assert all(display_width(line) <= 15 for line in lines)
    assert lines == ["答案 答案 答案", "答案 答案 答案"]


def test_a_word_longer_than_the_line_is_the_only_thing_broken() -> None:
    assert wrap("see /a/very/long/path/to/a/file ok", 12) == [
        "see", "/a/very/long", "/path/to/a/f", "ile ok"]


def test_no_break_spaces_keep_a_hint_together() -> None:
    lines = wrap("one two three\u00a0·\u00a0←\u00a0back", 16)
    assert lines[-1].endswith("←\u00a0back")
    assert all("←" not in line or "back" in line for line in lines)


def test_wrap_keeps_paragraphs_and_indents() -> None:
    assert wrap("one two\n\nthree", 20, first="1. ", indent="   ") == [
        "1. one two", "", "   three"]


def test_clip_adds_an_ellipsis_within_the_width() -> None:
    assert clip("Product building and shipping", 12) == "Product bui…"
    assert clip("王小明王小明", 7) == "王小明…"
    assert display_width(clip("王小明王小明", 7)) <= 7
    assert clip("short", 12) == "short"


def test_clip_cuts_between_words_by_display_width() -> None:
    # The one clipping rule: the quiz's notices, plan reasons, tables and the PDF.
    title = "Scale resilience of your research agenda"
    assert clip(title, 34) == "Scale resilience of your research…"
    assert clip("研究 规模 问题 的 选择 和 品味", 16) == "研究 规模 问题…"
    assert clip("研究 规模 问题 的 选择 和 品味", 14) == "研究 规模 问…"  # 问题 ends too early
    assert clip("a, b, c, d, e, f, g, h", 12) == "a, b, c, d…"  # no dangling comma
    for width in range(1, 30):
        assert display_width(clip("品味 and taste in research problems 研究", width)) <= width


@given(st.text(alphabet=st.sampled_from("ab 王👍\u00a0é-"), max_size=80),
       st.integers(min_value=2, max_value=40))
def test_every_wrapped_line_fits_and_no_word_is_lost(text: str, width: int) -> None:
    lines = wrap(text, width)
    assert all(display_width(line) <= width for line in lines)
    assert "".join("".join(lines).split()) == "".join(text.split())


def test_a_long_path_breaks_after_a_slash() -> None:
    path = "/home/zoe/.local/share/careerkit/attempts/ml-phd-career"
    assert wrap_path(path, 30, indent="  ") == [
        "  /home/zoe/.local/share/", "  careerkit/attempts/", "  ml-phd-career"]
    assert wrap_path("/short", 30) == ["/short"]


@given(st.text(st.characters(max_codepoint=0x2FFF), max_size=40)
       | st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=40))
def test_widths_are_wcwidths_with_or_without_the_ascii_shortcut(text: str) -> None:
    """Printable ASCII is measured without wcwidth (bench/README.md): the same columns."""
    from wcwidth import wcswidth, wcwidth

    expected = wcswidth(text)
    if expected < 0:
        expected = sum(max(wcwidth(ch), 0) for ch in text)
    assert display_width(text) == expected
    assert all(display_width(ch) == max(wcwidth(ch), 0) for ch in text)


def test_ascii_text_is_measured_without_importing_wcwidth() -> None:
    code = ("import sys\nfrom careerkit.textwidth import clip, display_width, wrap\n"
            "clip('Plan your next steps, one at a time ' * 3, 40)\n"
            "wrap('A plain sentence to wrap. ' * 5, 30)\n"
            "print('wcwidth' in sys.modules)\n")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True).stdout.strip() == "False"
