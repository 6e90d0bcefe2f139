"""`careerkit export --format html`: the plan for screen readers and the web.

Generated rubrics and answers go through the whole pipeline to an HTML file, which is
parsed by html5lib (the WHATWG parsing algorithm browsers use) in strict mode: any parse
error fails. Then what a screen-reader user relies on is checked: the document language,
the heading outline, tables with captions and header cells, the chart's text alternative,
and that every dimension, score and action is there, as text, never as markup.
"""

from __future__ import annotations

import itertools
import json
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import Result

from careerkit.answers import Answers, parse_answers, pin, template_yaml
from careerkit.display import score_text
from careerkit.html_export import export_html
from careerkit.plan import build_plan
from careerkit.rubric import Rubric, load_rubric
from careerkit.safetext import visible
from careerkit.scoring import score
from tests.conftest import ALL_TYPES
from tests.pipeline_inputs import answers_for, names, rubrics

html5lib = pytest.importorskip("html5lib")
Cli = Callable[..., Result]
NS = "{http://www.w3.org/1999/xhtml}"


def parse(text: str) -> Element:
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=True)
    return parser.parse(text)  # strict: raises on any parse error


def flat(text: str) -> str:
    return " ".join(visible(text).split())


def all_text(element: Element) -> str:
    return " ".join(" ".join(element.itertext()).split())


def check_document(doc: Element, rubric: Rubric, answers: Answers) -> None:
    assert doc.get("lang") == rubric.language
    body = doc.find(f"{NS}body")
    assert body is not None
    # The outline: one h1 first, and no level skipped on the way down.
    levels = [int(e.tag[-1]) for e in body.iter()
              if re.fullmatch(rf"{re.escape(NS)}h[1-6]", str(e.tag))]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), levels
    # No scripts, no event handlers, nothing fetched; links only to plain addresses.
    for element in doc.iter():
        assert element.tag not in (f"{NS}script", f"{NS}iframe", f"{NS}img", f"{NS}link")
        assert not any(name.lower().startswith("on") for name in element.attrib)
        if element.tag == f"{NS}a":
            assert re.match(r"(https?://|mailto:)", element.get("href", ""))
    # Tables: a caption and header cells each.
    tables = list(body.iter(f"{NS}table"))
    assert tables
    for table in tables:
        assert table.find(f"{NS}caption") is not None
        assert list(table.iter(f"{NS}th"))
    # The chart has a text alternative.
    svg = body.find(".//{http://www.w3.org/2000/svg}svg")
    assert svg is not None and svg.get("role") == "img"
    assert svg.find("{http://www.w3.org/2000/svg}title") is not None
    text = all_text(body)
    card = score(answers, rubric)
    plan = build_plan(card, rubric, answers)
    for dimension in card.dimensions.values():
        assert f"{flat(dimension.title)} {score_text(dimension.score)}" in text
    for action in plan.actions:
        for part in (action.title, action.do, action.outcome):
            assert flat(part) in text, part


def render(rubric: Rubric, answers: Answers) -> str:
    card = score(answers, rubric)
    return export_html(answers, rubric, card, build_plan(card, rubric, answers))


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.large_base_example])
@given(st.data())
def test_every_generated_plan_is_valid_accessible_html(data: st.DataObject) -> None:
    rubric_doc = data.draw(rubrics(max_dimensions=6), label="rubric")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "generated.yaml"
        path.write_text(json.dumps(rubric_doc, ensure_ascii=False), encoding="utf-8")
        rubric = load_rubric(path)
    given_answers = data.draw(st.composite(lambda draw: answers_for(draw, rubric))())
    answers = Answers(rubric=pin(rubric), respondent=data.draw(names()),
                      answers=given_answers)
    check_document(parse(render(rubric, answers)), rubric, answers)


def test_markup_in_rubric_and_answers_is_text(tmp_path: Path) -> None:
    hostile = '<img src=x onerror=alert(1)> & "quotes" </table><script>x</script>'
    text = ALL_TYPES.read_text(encoding="utf-8").replace(
        "title: First dimension", f"title: {json.dumps('First ' + hostile)}")
    path = tmp_path / "r.yaml"
    path.write_text(text, encoding="utf-8")
    rubric = load_rubric(path)
    answers = parse_answers(template_yaml(rubric, example=True, respondent=hostile), rubric)
    doc = parse(render(rubric, answers))
    check_document(doc, rubric, answers)
    assert hostile in all_text(doc)  # shown as the characters it is


def test_the_language_comes_from_the_rubric(tmp_path: Path) -> None:
    text = ALL_TYPES.read_text(encoding="utf-8").replace("version: 0.1.0",
                                                         "version: 0.1.0\nlanguage: zh-Hans")
    path = tmp_path / "r.yaml"
    path.write_text(text, encoding="utf-8")
    rubric = load_rubric(path)
    answers = parse_answers(template_yaml(rubric, example=True), rubric)
    assert parse(render(rubric, answers)).get("lang") == "zh-Hans"
    assert load_rubric(ALL_TYPES).language == "en"


def test_export_writes_a_private_html_file(cli: Cli, tmp_path: Path,
                                           default_rubric: Rubric) -> None:
    rubric = default_rubric
    answers = tmp_path / "a.yaml"
    answers.write_text(template_yaml(rubric, example=True, respondent="Ana"))
    out = tmp_path / "plan.html"
    result = cli("export", answers, "--format", "html", "-o", out)
    assert result.exit_code == 0, result.output
    assert out.stat().st_mode & 0o777 == 0o600  # the plan holds reflections
    check_document(parse(out.read_text(encoding="utf-8")), rubric,
                   parse_answers(answers.read_text(), rubric))


def test_any_text_survives(tmp_path: Path) -> None:
    rubric = load_rubric(ALL_TYPES)
    values: dict[str, Any] = {"reflect": "line one\n\n<b>two</b> \x1b[31m red"}
    answers = Answers(rubric=pin(rubric), respondent="\u202eevil", answers=values)
    doc = parse(render(rubric, answers))
    assert "\\x1b[31m" in all_text(doc) and "\\u202e" in all_text(doc)
