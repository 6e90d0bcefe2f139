"""Files careerkit writes, careerkit reads: for any valid rubric, the answers template
(with example answers) is a valid answers file that scores."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import Result

from careerkit.answers import parse_answers, template_yaml
from careerkit.rubric import load_rubric
from careerkit.safetext import text_problem
from careerkit.scoring import score

# Any text a rubric may hold: every script, line breaks, tabs, YAML and comment syntax.
TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from(
        list("\n\t#:'\"-{}[]&*!|>%@`\\ ")),
    min_size=1, max_size=40,
).filter(lambda t: text_problem(t) is None)


@st.composite
def questions(draw: st.DrawFn, prefix: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for i, kind in enumerate(draw(st.lists(
            st.sampled_from(["likert", "yesno", "number", "single", "multi", "text"]),
            min_size=1, max_size=4))):
        question: dict[str, Any] = {"id": f"{prefix}_q{i}", "type": kind, "text": draw(TEXT)}
        if draw(st.booleans()):
            question["help"] = draw(TEXT)
        if kind == "likert":
            question["scale"] = draw(st.sampled_from(["agreement", "frequency"]))
        elif kind == "number":
            question.update(min=0, max=10, unit=draw(TEXT),
                            thresholds=[{"at": 0, "score": 0}, {"at": 5, "score": 1}])
        elif kind in ("single", "multi"):
            question["options"] = [{"value": f"o{j}", "label": draw(TEXT), "score": j / 2}
                                   for j in range(3)]
        out.append(question)
    out.append({"id": f"{prefix}_scored", "type": "yesno", "text": draw(TEXT)})
    return out


@st.composite
def rubrics(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "id": "generated", "title": draw(TEXT), "version": "1.0.0",
        "description": draw(TEXT),
        "bands": [{"id": "low", "label": draw(TEXT), "min": 0, "max": 50},
                  {"id": "high", "label": draw(TEXT), "min": 50, "max": 100}],
        "dimensions": [{"id": f"d{d}", "title": draw(TEXT), "why": draw(TEXT),
                        "questions": draw(questions(f"d{d}")),
                        "actions": [{"id": f"d{d}_a", "title": draw(TEXT), "do": draw(TEXT),
                                     "outcome": draw(TEXT), "horizon_days": 30,
                                     "bands": ["low"]}]}
                       for d in range(draw(st.integers(1, 3)))],
    }


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=rubrics(), respondent=TEXT.map(lambda t: " ".join(t.split())[:200]))
def test_the_example_template_of_any_valid_rubric_scores(
        tmp_path: Path, data: dict[str, Any], respondent: str) -> None:
    path = tmp_path / "generated.yaml"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")  # JSON is YAML
    rubric = load_rubric(path)
    for example in (True, False):
        text = template_yaml(rubric, example=example, respondent=respondent)
        answers = parse_answers(text, rubric, tmp_path / "template.yaml")
        # An empty name in the example template shows where the name goes.
        expected = respondent or ("Example Student" if example else "")
        assert answers.respondent == expected
        if example:
            assert score(answers, rubric).coverage.answered > 0


def test_a_title_with_line_breaks_makes_a_template_that_scores(
        cli: Callable[..., Result], tmp_path: Path) -> None:
    small = (Path(__file__).parent / "data" / "quiz" / "small.yaml").read_text()
    text = small.replace("title: Quiz test rubric",
                         'title: "Line one\\r\\nkey: value\\n- item: x # not a comment"')
    text = text.replace("    title: Research", '    title: "Research\\nanswers: {}"')
    rubric_path = tmp_path / "r.yaml"
    rubric_path.write_text(text.replace("\\r\\n", "\\n"), encoding="utf-8")
    out = tmp_path / "answers.yaml"
    assert cli("rubric", "template", rubric_path, "--example", "-o", out).exit_code == 0
    result = cli("score", out, "-r", rubric_path)
    assert result.exit_code == 0, result.output
    preview = tmp_path / "preview.pdf"
    assert cli("rubric", "preview", rubric_path, "-o", preview).exit_code == 0
