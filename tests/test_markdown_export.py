"""The Markdown export quotes rubric and answers text literally: no HTML, no links but
plain http, https and mailto addresses."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from careerkit.answers import template_yaml
from careerkit.export import _md, _md_link
from careerkit.rubric import load_rubric
from careerkit.safetext import link_target

DATA = Path(__file__).parent / "data"
ALL_TYPES = DATA / "rubrics" / "all-types.yaml"
HTML = "<img src=x onerror=alert(1)>"
RAW_HTML = re.compile(r"(?<!\\)<(?!https?://|mailto:)[a-zA-Z/!]")


def test_band_labels_titles_and_reflections_come_out_escaped(
        cli: Callable[..., Result], tmp_path: Path) -> None:
    text = ALL_TYPES.read_text(encoding="utf-8")
    text = re.sub(r"label: (Low|High|Mid|Middle)\b",
                  lambda m: f"label: {json.dumps(m.group(1) + ' ' + HTML)}", text)
    text = re.sub(r"title: (First dimension|Low one|High one)",
                  lambda m: f"title: {json.dumps(m.group(1) + ' <script>x</script>')}", text)
    rubric_path = tmp_path / "html.yaml"
    rubric_path.write_text(text, encoding="utf-8")
    rubric = load_rubric(rubric_path)
    answers = tmp_path / "answers.yaml"
    answers.write_text(template_yaml(rubric, example=True, respondent="<b>Eve</b>"),
                       encoding="utf-8")
    result = cli("export", answers, "-r", rubric_path, "--format", "md")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "onerror" in out and "script" in out  # the text is there ...
    assert not RAW_HTML.search(out), RAW_HTML.search(out)  # ... but not as HTML
    assert "\\<img src=x onerror=alert(1)\\>" in out
    assert "\\<b\\>Eve\\</b\\>" in out


@pytest.mark.parametrize("url", [
    "https://a><img/src=x/onerror=alert(document.domain)>", "https://example.com/\u202egnp.exe",
    "javascript:alert(1)", "https://a b", 'https://a"onmouseover=x', "data:text/html,x",
    "https://a\x1b]8;;x", "", None])
def test_only_plain_web_addresses_become_links(url: str | None) -> None:
    assert link_target(url) is None
    assert _md_link(url) == ""


@pytest.mark.parametrize("url", ["https://example.com/a?b=c&d=e#f", "http://x.org",
                                 "mailto:someone@example.org", "HTTPS://EXAMPLE.COM"])
def test_plain_web_addresses_are_linked_as_they_are(url: str) -> None:
    assert _md_link(url) == f" <{url}>"


def test_markdown_text_never_carries_markup_or_controls() -> None:
    assert _md("a*b_c`d[e](f)<g>&h|i#j~k") == (
        "a\\*b\\_c\\`d\\[e\\](f)\\<g\\>\\&h\\|i\\#j\\~k")
    assert _md("x\x1b[2Jy\u202ez") == "x\\\\x1b\\[2Jy\\\\u202ez"
