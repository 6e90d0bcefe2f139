"""Rubric validation: every mistake an advisor can make is reported with FILE:LINE."""

from __future__ import annotations

from pathlib import Path

import pytest

from careerkit.errors import ValidationFailed
from careerkit.rubric import Band, Rubric, band_for, load_rubric
from careerkit.schema import rubric_json_schema
from tests.conftest import ALL_TYPES

BASE = ALL_TYPES.read_text(encoding="utf-8")


def line_of(text: str, snippet: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if snippet in line:
            return number
    raise AssertionError(f"{snippet!r} not in text")


def errors_for(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "rubric.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationFailed) as caught:
        load_rubric(path)
    prefix = f"{path}:"
    messages = [str(p) for p in caught.value.problems]
    assert all(m.startswith(prefix) for m in messages), messages
    return [m[len(prefix):] for m in messages]


def edit(old: str, new: str, text: str = BASE) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def test_fixture_loads_with_all_question_types(all_types: Rubric) -> None:
    kinds = {q.type for _, q in all_types.questions()}
    assert kinds == {"likert", "single", "multi", "yesno", "number", "text"}
    assert len(all_types.sha256) == 64


def test_an_edited_rubric_is_read_again_in_the_same_process(tmp_path: Path) -> None:
    """Parsed rubrics are shared within a process; an edit of the same size, at once, in a
    file and in the base it extends, is still seen."""
    base, child = tmp_path / "base.yaml", tmp_path / "child.yaml"
    base.write_text(ALL_TYPES.read_text(encoding="utf-8"), encoding="utf-8")
    child.write_text("extends: base.yaml\nid: child\ntitle: Child A\n", encoding="utf-8")
    assert load_rubric(base).version == "0.1.0" and load_rubric(child).title == "Child A"
    before = load_rubric(child).sha256
    child.write_text("extends: base.yaml\nid: child\ntitle: Child B\n", encoding="utf-8")
    assert load_rubric(child).title == "Child B"
    base.write_text(edit("version: 0.1.0\n", "version: 0.2.0\n"), encoding="utf-8")
    assert load_rubric(base).version == "0.2.0" and load_rubric(child).version == "0.2.0"
    assert len({before, load_rubric(child).sha256}) == 2
    child.write_text("extends: base.yaml\nid: child\ntitle: [Child B\n", encoding="utf-8")
    with pytest.raises(ValidationFailed, match=r"child\.yaml:3"):
        load_rubric(child)


def test_typo_key_is_an_error_at_its_line(tmp_path: Path) -> None:
    text = edit("    weight: 2\n", "    wieght: 2\n")
    assert errors_for(tmp_path, text) == [
        f"{line_of(text, 'wieght')}: dimensions[0].wieght: unknown key; check the spelling "
        "(see `careerkit rubric schema`)"
    ]


def test_every_structural_error_is_reported_at_once(tmp_path: Path) -> None:
    text = edit("    weight: 2\n", "    weight: -1\n")
    text = edit("        max: 1000\n", "        max: .nan\n", text)
    text = edit("        type: text\n", "        type: essay\n", text)
    text = edit("version: 0.1.0", "version: one", text)
    errors = errors_for(tmp_path, text)
    assert len(errors) == 4, errors
    assert errors[0] == (f"{line_of(text, 'version: one')}: version: use a semantic version "
                         "such as 1.0.0 (in quotes if it looks like a number)")
    assert errors[1].startswith(f"{line_of(text, 'weight: -1')}: dimensions[0].weight: ")
    assert "greater than or equal to 0" in errors[1]
    assert errors[2] == (
        f"{line_of(text, '.nan')}: dimensions[0].questions[4].max: should be a finite number, "
        "not nan"
    )
    assert errors[3].startswith(f"{line_of(text, 'essay') - 1}: dimensions[1].questions[3]: ")
    assert "unknown question type" in errors[3]


@pytest.mark.parametrize("bad", [".inf", "-.inf", ".nan", "-0.5"])
def test_question_weights_must_be_finite_and_not_negative(tmp_path: Path, bad: str) -> None:
    text = edit("        weight: 2\n", f"        weight: {bad}\n")
    [error] = errors_for(tmp_path, text)
    assert error.startswith(f"{line_of(text, f'weight: {bad}')}: dimensions[0].questions[1].weight")


def test_cross_reference_errors_are_all_reported(tmp_path: Path) -> None:
    text = edit("      - id: single\n", "      - id: likert_named\n")  # duplicate question id
    text = edit("bands: [high]}", "bands: [nope]}", text)  # unknown band
    text = edit("scale: three", "scale: thre", text)  # unknown scale
    text = edit("when: {question: ship, equals: true}",
                "when: {question: users, equals: 3}", text)  # points at itself
    text = edit("when: {question: skills, includes: sold}",
                "when: {question: nowhere, equals: x}", text)  # unknown question
    errors = errors_for(tmp_path, text)
    assert errors == [
        f"{line_of(text, 'scale: thre')}: dimensions[0].questions[0].scale: unknown scale "
        "'thre'; known: agreement, frequency, three",
        f"{line_of(text, 'text: Pick one') - 2}: dimensions[0].questions[2].id: duplicate "
        "question id 'likert_named'",
        f"{line_of(text, 'question: users')}: dimensions[0].questions[4].when.question: a "
        "question cannot depend on itself",
        f"{line_of(text, 'bands: [nope]')}: dimensions[0].actions[1].bands[0]: unknown band "
        "'nope'; this dimension's bands are high, low",
        f"{line_of(text, 'question: nowhere')}: dimensions[1].questions[2].when.question: "
        "unknown question 'nowhere'",
    ]


def test_condition_on_a_later_question_is_rejected(tmp_path: Path) -> None:
    text = edit("        text: How often?\n",
                "        text: How often?\n        when: {question: ship, equals: true}\n")
    [error] = errors_for(tmp_path, text)
    assert error.endswith("'ship' is asked later; a condition can only look at earlier questions")


@pytest.mark.parametrize(
    ("condition", "message"),
    [
        ("{question: ship, equals: yes}", "'ship' is yes/no: compare with true or false"),
        ("{question: likert_named, equals: huge}", "'huge' is not an option of 'likert_named'"),
        ("{question: likert_named, at_least: 3}", "at_least needs a number question"),
        ("{question: ship, equals: true, not_equals: false}", "give exactly one of"),
        ("{question: single, includes: lots}", "includes needs a multiple-choice question"),
    ],
)
def test_conditions_must_fit_the_question_they_look_at(
    tmp_path: Path, condition: str, message: str
) -> None:
    text = edit("when: {question: ship, equals: true}", f"when: {condition}")
    [error] = errors_for(tmp_path, text)
    assert message in error


@pytest.mark.parametrize(
    ("bands", "message"),
    [
        ("[{id: a, label: A, min: 0, max: 40}, {id: b, label: B, min: 50, max: 100}]",
         "gap between bands 'a' and 'b': 40 to 50 is in no band"),
        ("[{id: a, label: A, min: 0, max: 60}, {id: b, label: B, min: 50, max: 100}]",
         "bands 'a' and 'b' overlap"),
        ("[{id: a, label: A, min: 10, max: 100}]", "the lowest band must start at 0"),
        ("[{id: a, label: A, min: 0, max: 90}]", "the highest band must end at 100"),
        ("[{id: a, label: A, min: 0, max: 50}, {id: a, label: B, min: 50, max: 100}]",
         "duplicate band id 'a'"),
    ],
)
def test_bands_must_cover_0_to_100_without_gaps_or_overlaps(
    tmp_path: Path, bands: str, message: str
) -> None:
    text = edit("bands:\n  - {id: low, label: Low, min: 0, max: 50}\n"
                "  - {id: high, label: High, min: 50, max: 100}\n", f"bands: {bands}\n")
    for band in ("low", "high"):
        text = text.replace(f"bands: [{band}]}}", "bands: [a]}", 1)
    errors = errors_for(tmp_path, text)
    assert any(message in e for e in errors), errors
    assert all(e.startswith(f"{line_of(text, 'bands: [{')}: bands") for e in errors), errors


def test_dimension_without_a_scored_question_is_rejected(tmp_path: Path) -> None:
    start = BASE.index("      - id: skills")
    end = BASE.index("      - id: reflect")
    text = BASE[:start] + BASE[end:]
    text = text.replace("        when: {question: skills, includes: sold}\n", "")
    [error] = errors_for(tmp_path, text)
    assert "dimensions[1].questions: a dimension needs at least one scored question" in error


def test_band_edges() -> None:
    bands = [Band(id="a", label="A", min=0, max=40), Band(id="b", label="B", min=40, max=70),
             Band(id="c", label="C", min=70, max=100)]
    # Judged on the score as shown, a whole number: 39.4 shows as 39, 39.5 as 40.
    assert [band_for(bands, s).id for s in (0, 39.4, 39.5, 40, 69.49, 69.5, 70, 99.9, 100)] == [
        "a", "a", "b", "b", "b", "c", "c", "c", "c"]
    assert band_for(bands, 39.99999999999999).id == "b"  # a float sum that means 40


def test_text_fields_keep_unquoted_yes_no_and_numbers_as_text(tmp_path: Path) -> None:
    text = edit("title: Every question type", "title: 1.10")
    text = edit("        text: Did you ship?\n", "        text: yes\n", text)
    text = edit("        text: How often?\n", "        text: NO\n", text)
    path = tmp_path / "r.yaml"
    path.write_text(text, encoding="utf-8")
    rubric = load_rubric(path)
    assert rubric.title == "1.10"
    assert rubric.question("ship").text == "yes"
    assert rubric.question("likert_named").text == "NO"


def test_json_schema_is_generated_from_the_models() -> None:
    schema = rubric_json_schema()
    definitions = schema["$defs"]
    assert definitions["Rubric"]["additionalProperties"] is False
    question_types = {
        name for name, definition in definitions.items()
        if not name.startswith("Partial") and "type" in definition.get("properties", {})
        and "const" in definition["properties"]["type"]
    }
    assert len(question_types) == 6
    assert definitions["PartialDimension"]["required"] == ["id"]


def test_json_schema_catches_a_typo_in_a_full_and_in_an_extending_rubric() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    from careerkit.yamlio import load_yaml_text

    schema = rubric_json_schema()
    full = load_yaml_text(BASE).data
    jsonschema.validate(full, schema)
    full["dimensions"][0]["wieght"] = 2
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(full, schema)
    partial = {"extends": "ml-phd-career", "id": "x", "dimensions": [{"id": "ux_taste",
                                                                     "weight": 2}]}
    jsonschema.validate(partial, schema)
    partial["dimensions"][0]["wieght"] = 2
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(partial, schema)
