"""The published JSON Schema and `careerkit rubric validate` agree, in both directions.

An editor reads a rubric with YAML 1.2's core schema and checks it against the schema;
careerkit reads it with its own reader and validates it. Both must accept and refuse the
same files, so that what the editor passes, validation passes, and the other way round.
The editor's reading is re-implemented here from the YAML 1.2 spec, independently of
careerkit's reader.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings

from careerkit.errors import CareerkitError
from careerkit.rubric import rubric_from_document
from careerkit.schema import rubric_json_schema
from careerkit.yamlio import dump_yaml, load_yaml_text
from tests.conftest import ALL_TYPES
from tests.pipeline_inputs import rubrics

jsonschema = pytest.importorskip("jsonschema")
ROOT = Path(__file__).resolve().parents[1]

# YAML 1.2.2, 10.3.2 (core schema): how a plain scalar resolves.
CORE = [
    (re.compile(r"null|Null|NULL|~|"), lambda s: None),
    (re.compile(r"true|True|TRUE"), lambda s: True),
    (re.compile(r"false|False|FALSE"), lambda s: False),
    (re.compile(r"[-+]?[0-9]+"), int),
    (re.compile(r"0o[0-7]+"), lambda s: int(s[2:], 8)),
    (re.compile(r"0x[0-9a-fA-F]+"), lambda s: int(s[2:], 16)),
    (re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?"), float),
]


def editor_reading(text: str) -> Any:
    def build(node: yaml.Node) -> Any:
        if isinstance(node, yaml.MappingNode):
            return {build(k): build(v) for k, v in node.value}
        if isinstance(node, yaml.SequenceNode):
            return [build(v) for v in node.value]
        assert isinstance(node, yaml.ScalarNode)
        if node.style is None:  # plain, not quoted
            for pattern, convert in CORE:
                if pattern.fullmatch(node.value):
                    return convert(node.value)
        return node.value

    return build(yaml.compose(text, Loader=yaml.SafeLoader))


VALIDATOR = jsonschema.Draft202012Validator(rubric_json_schema())


def editor_accepts(text: str) -> bool:
    return VALIDATOR.is_valid(editor_reading(text))


def careerkit_accepts(text: str) -> bool:
    try:
        rubric_from_document(load_yaml_text(text, Path("r.yaml")))
    except CareerkitError:
        return False
    return True


BASE = ALL_TYPES.read_text(encoding="utf-8")


def sub(pattern: str, replacement: str) -> Callable[[str], str]:
    def change(text: str) -> str:
        changed = re.sub(pattern, replacement, text, count=1, flags=re.M)
        assert changed != text, pattern
        return changed

    return change


WEIGHT = r"^(    weight: )2$"
MUTATIONS: dict[str, Callable[[str], str]] = {
    "unchanged": lambda t: t,
    "id with a space": sub(r"^id: .*$", "id: My Lab"),
    "question id with capitals": sub(r"- id: likert_reverse$", "- id: Likert-Reverse"),
    "version 1.0": sub(r"^version: .*$", "version: '1.0'"),
    "version quoted": sub(r"^version: (.*)$", r'version: "\1"'),
    "weight in quotes": sub(WEIGHT, r'\g<1>"2"'),
    "weight true": sub(WEIGHT, r"\g<1>true"),
    "weight 1_000": sub(WEIGHT, r"\g<1>1_000"),
    "weight 0b10": sub(WEIGHT, r"\g<1>0b10"),
    "weight 0x10": sub(WEIGHT, r"\g<1>0x10"),
    "weight 0o17": sub(WEIGHT, r"\g<1>0o17"),
    "weight 2.5": sub(WEIGHT, r"\g<1>2.5"),
    "weight 2.0": sub(WEIGHT, r"\g<1>2.0"),
    "weight 1e3": sub(WEIGHT, r"\g<1>1e3"),
    "weight -1": sub(WEIGHT, r"\g<1>-1"),
    "weight +2": sub(WEIGHT, r"\g<1>+2"),
    "weight above the maximum": sub(WEIGHT, r"\g<1>2000000"),
    "weight a word": sub(WEIGHT, r"\g<1>heavy"),
    "reverse yes": sub(r"^(        reverse: )true$", r"\g<1>yes"),
    "reverse in quotes": sub(r"^(        reverse: )true$", r'\g<1>"true"'),
    "reverse 1": sub(r"^(        reverse: )true$", r"\g<1>1"),
    "an unknown key": sub(WEIGHT, r"\g<1>2\n    wieght: 2"),
    "a title that looks like a number": sub(r"^title: .*$", "title: 1_000"),
    "an empty title": sub(r"^title: .*$", "title: ''"),
}


@pytest.mark.parametrize("name", list(MUTATIONS))
def test_editor_and_validate_agree_on_each_change(name: str) -> None:
    text = MUTATIONS[name](BASE)
    assert editor_accepts(text) == careerkit_accepts(text), name


def test_the_corpus_has_both_verdicts() -> None:
    verdicts = {careerkit_accepts(change(BASE)) for change in MUTATIONS.values()}
    assert verdicts == {True, False}


@pytest.mark.parametrize("name", ["ml-phd-career.yaml", "rubric.schema.json"])
def test_the_bundled_rubric_passes_both(name: str) -> None:
    if name.endswith(".json"):  # the committed schema is the one tested here
        assert json.loads((ROOT / "rubrics" / name).read_text()) == rubric_json_schema()
        return
    text = (ROOT / "rubrics" / name).read_text(encoding="utf-8")
    assert editor_accepts(text) and careerkit_accepts(text)


@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(rubrics(max_dimensions=3))
def test_generated_rubrics_and_their_mutations_get_one_verdict(data: dict[str, Any]) -> None:
    text = dump_yaml(data)
    assert editor_accepts(text) == careerkit_accepts(text)
    for name in ("weight in quotes", "weight 1_000", "weight true", "weight 2.0"):
        changed = re.sub(r"^(\s+weight: )[0-9.]+$", {
            "weight in quotes": r'\g<1>"2"', "weight 1_000": r"\g<1>1_000",
            "weight true": r"\g<1>true", "weight 2.0": r"\g<1>2.0"}[name], text,
            count=1, flags=re.M)
        assert editor_accepts(changed) == careerkit_accepts(changed), name


def test_ids_and_version_keep_their_pattern_in_the_schema() -> None:
    text = json.dumps(rubric_json_schema())
    assert '"pattern": "^[a-z][a-z0-9_-]{0,63}$"' in text
    assert '"pattern": "^\\\\d+\\\\.\\\\d+\\\\.\\\\d+' in text
    assert '"examples"' in text
