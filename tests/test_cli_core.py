"""The core commands through CliRunner: exact exit codes, messages, no tracebacks."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from careerkit.rubric import load_rubric
from tests.conftest import ALL_TYPES

Cli = Callable[..., Result]


def test_validate_ok_and_invalid_files_together(cli: Cli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(ALL_TYPES.read_text().replace("    weight: 2\n", "    wieght: 2\n"))
    result = cli("rubric", "validate", ALL_TYPES, bad)
    assert result.exit_code == 2
    assert f"{ALL_TYPES}: ok (all-types 0.1.0, 9 questions)" in result.stdout
    assert f"{bad}:17: dimensions[0].wieght: unknown key" in result.stderr
    assert "1 of 2 rubric file(s) invalid." in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", ":1: the file is empty"),
        (b"- a\n- b\n", ":1: a rubric file must be a mapping"),
        (b"id: x\n\tbad: 1\n", ":2: YAML syntax error"),
        (b"id: 'open\n", ":1: YAML syntax error (column 5)"),
        (b"id: x\nid: y\n", ":2: id: duplicate key 'id'"),
        (b"id: x\ntitle: \xff\n", ":2: not valid UTF-8 text"),
        (b"x: !!python/object/apply:os.system [ls]\n", ":1: YAML tag"),
    ],
)
def test_validate_bad_files_exit_2_with_file_and_line(
    cli: Cli, tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "r.yaml"
    path.write_bytes(content)
    result = cli("rubric", "validate", path)
    assert result.exit_code == 2
    assert f"{path}{message}" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("path", "message"),
    [("missing.yaml", "no such rubric file"), (".", "is a folder"),
     ("/dev/zero", "not a regular file")],
)
def test_validate_unreadable_paths(cli: Cli, path: str, message: str) -> None:
    result = cli("rubric", "validate", path)
    assert result.exit_code == 2
    assert message in result.stderr


def test_template_example_then_score(cli: Cli, tmp_path: Path) -> None:
    template = cli("rubric", "template", "--example")
    assert template.exit_code == 0
    path = tmp_path / "answers.yaml"
    path.write_text(template.stdout)
    result = cli("score", path)
    assert result.exit_code == 0, result.output
    rubric = load_rubric()
    for dimension in rubric.dimensions:
        assert dimension.title[:30] in result.stdout
    assert "Overall" in result.stdout


def test_score_json_has_overall_dimensions_and_the_trail(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text(cli("rubric", "template", ALL_TYPES, "--example").stdout)
    result = cli("score", path, "--rubric", ALL_TYPES, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data["dimensions"]) == {"first", "second"}
    first = data["dimensions"]["first"]
    assert 0 <= first["score"] <= 100 and first["band"] in {"low", "high"}
    assert sum(c["points"] for c in first["contributions"]) == pytest.approx(first["score"])
    assert data["coverage"]["answered"] == data["coverage"]["asked"]
    assert 0 <= data["overall"] <= 100
    again = cli("score", path, "--rubric", ALL_TYPES, "--json")
    assert again.stdout == result.stdout


def test_score_bad_answers_exit_2_with_line(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    text = cli("rubric", "template", ALL_TYPES, "--example").stdout
    path.write_text(text.replace('single: "some"', "single: plenty"))
    result = cli("score", path, "--rubric", ALL_TYPES)
    line = text.splitlines().index('  single: "some"') + 1
    assert result.exit_code == 2
    assert f"{path}:{line}: answers.single: 'plenty' is not one of: none, some, lots" in (
        result.stderr)


def test_score_warns_when_the_rubric_file_changed(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text(cli("rubric", "template", ALL_TYPES, "--example").stdout)
    changed = tmp_path / "changed.yaml"
    changed.write_text(ALL_TYPES.read_text() + "\n# a comment changes the sha256\n")
    result = cli("score", path, "--rubric", changed)
    assert result.exit_code == 0
    assert "the rubric file changed since these answers were made" in result.stderr


def test_score_missing_answers_file(cli: Cli) -> None:
    result = cli("score", "nope.yaml")
    assert result.exit_code == 2
    assert result.stderr.strip() == "error: nope.yaml: no such answers file; check the path"


def test_unknown_bundled_rubric_name(cli: Cli) -> None:
    result = cli("rubric", "show", "no-such-rubric")
    assert result.exit_code == 2
    assert "no such rubric file or known rubric (known: ml-phd-career" in result.stderr


def test_list_show_and_schema(cli: Cli) -> None:
    listed = cli("rubric", "list")
    assert listed.exit_code == 0 and "ml-phd-career" in listed.stdout and "(default)" in (
        listed.stdout)
    shown = cli("rubric", "show")
    assert shown.exit_code == 0 and "8 dimensions" in shown.stdout
    as_json = json.loads(cli("rubric", "show", "--json").stdout)
    assert as_json["id"] == "ml-phd-career" and len(as_json["dimensions"]) >= 6
    schema = json.loads(cli("rubric", "schema").stdout)
    assert schema["title"] == "careerkit rubric"


def test_schema_validates_the_bundled_rubrics(cli: Cli, tmp_path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    from careerkit.rubric import bundled_rubrics
    from careerkit.yamlio import load_yaml_file

    out = tmp_path / "schema.json"
    assert cli("rubric", "schema", "-o", out).exit_code == 0
    schema = json.loads(out.read_text())
    for path in bundled_rubrics().values():
        data = json.loads(json.dumps(load_yaml_file(path).data))
        jsonschema.validate(data, schema)


def test_version_and_help(cli: Cli) -> None:
    assert cli("--version").stdout.startswith("careerkit ")
    result = cli("--help")
    assert result.exit_code == 0
    for command in ("take", "score", "report", "rubric"):
        assert command in result.stdout


def test_take_refuses_an_unwritable_output_before_the_quiz(cli: Cli, tmp_path: Path) -> None:
    folder = cli("take", "-o", tmp_path)
    assert folder.exit_code == 2 and "is a folder; give a file name" in folder.stderr
    blocker = tmp_path / "file"
    blocker.write_text("x")
    under_file = cli("take", "-o", blocker / "plan.pdf")
    assert under_file.exit_code == 2 and f"{blocker} is a file, not a folder" in (
        under_file.stderr)
