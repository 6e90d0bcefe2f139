"""The advisor's toolkit: init, extends, lint, test, preview, search path, docs."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import Result

from careerkit.errors import ValidationFailed
from careerkit.rubric import bundled_rubrics, load_rubric
from careerkit.yamlio import load_yaml_file
from tests.conftest import ALL_TYPES

Cli = Callable[..., Result]
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def in_tmp(tmp_path: Path) -> Iterator[Path]:
    """Run in an empty folder, so ./rubrics/ of the repository is not on the search path."""
    before = Path.cwd()
    os.chdir(tmp_path)
    try:
        yield tmp_path
    finally:
        os.chdir(before)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def line_of(path: Path, snippet: str, occurrence: int = 1) -> int:
    lines = [i for i, line in enumerate(path.read_text().splitlines(), 1) if snippet in line]
    return lines[occurrence - 1]


# -- init -------------------------------------------------------------------------------------


def test_init_skeleton_is_valid_lint_clean_and_editor_ready(cli: Cli, in_tmp: Path) -> None:
    result = cli("rubric", "init", "rubrics/my-lab.yaml")
    assert result.exit_code == 0, result.output
    path = in_tmp / "rubrics" / "my-lab.yaml"
    assert path.read_text().splitlines()[0] == (
        "# yaml-language-server: $schema=./rubric.schema.json")
    assert (in_tmp / "rubrics" / "rubric.schema.json").is_file()
    assert load_rubric(path).id == "my-lab"
    lint = cli("rubric", "lint", "--strict", path)
    assert lint.exit_code == 0 and "clean" in lint.stdout, lint.output


def test_init_from_a_bundled_rubric_copies_it_with_a_new_id(cli: Cli, in_tmp: Path) -> None:
    assert cli("rubric", "init", "copy.yaml", "--from", "ml-phd-career").exit_code == 0
    copy, original = load_rubric(in_tmp / "copy.yaml"), load_rubric("ml-phd-career")
    assert copy.id == "copy" and copy.dimensions == original.dimensions
    assert "# Copied from ml-phd-career" in (in_tmp / "copy.yaml").read_text()


@pytest.mark.parametrize(("name", "rubric_id"), [
    ("Ελένη.yaml", "eleni"), ("Zoë's lab.yaml", "zoe-s-lab"), ("王小明.yaml", "wangxiaoming"),
    ("2026 cohort.yaml", "rubric-2026-cohort"), ("—.yaml", "rubric"),
])
def test_init_names_the_rubric_after_its_file_in_any_script(
    cli: Cli, in_tmp: Path, name: str, rubric_id: str
) -> None:
    result = cli("rubric", "init", name)
    assert result.exit_code == 0, result.output
    assert load_rubric(in_tmp / name).id == rubric_id


def test_init_never_overwrites_without_force(cli: Cli, in_tmp: Path) -> None:
    write(in_tmp / "mine.yaml", "precious\n")
    result = cli("rubric", "init", "mine.yaml")
    assert result.exit_code == 2
    assert "mine.yaml: already exists; choose another name or pass --force" in result.stderr
    assert (in_tmp / "mine.yaml").read_text() == "precious\n"
    assert cli("rubric", "init", "mine.yaml", "--force").exit_code == 0


# -- extends ----------------------------------------------------------------------------------

CHILD = """\
extends: {base}
id: child
title: Child
version: 1.0.0
dimensions:
  - id: first
    weight: 5
    questions:
      - id: single
        text: Pick one, again
      - id: extra
        type: yesno
        text: An extra question
remove:
  questions: [likert_named]
"""


def test_extends_overrides_adds_and_removes_by_id(tmp_path: Path) -> None:
    write(tmp_path / "base.yaml", ALL_TYPES.read_text())
    child = load_rubric(write(tmp_path / "child.yaml", CHILD.format(base="base.yaml")))
    base = load_rubric(tmp_path / "base.yaml")
    first = child.dimensions[0]
    assert (child.id, child.title, first.weight) == ("child", "Child", 5)
    ids = [q.id for q in first.questions]
    assert ids == ["likert_reverse", "single", "ship", "users", "extra"]
    assert child.question("single").text == "Pick one, again"
    assert child.question("single").type == "single"  # the rest of the item is kept
    assert child.dimensions[1] == base.dimensions[1]
    assert child.sha256 != base.sha256


def test_extends_a_bundled_rubric_by_name(tmp_path: Path) -> None:
    child = write(tmp_path / "c.yaml", "extends: ml-phd-career\nid: c\nversion: 9.1.0\n")
    rubric = load_rubric(child)
    base = load_rubric("ml-phd-career")
    assert rubric.version == "9.1.0" and rubric.dimensions == base.dimensions


def test_show_resolved_prints_a_complete_valid_rubric(cli: Cli, tmp_path: Path) -> None:
    write(tmp_path / "base.yaml", ALL_TYPES.read_text())
    child = write(tmp_path / "child.yaml", CHILD.format(base="base.yaml"))
    result = cli("rubric", "show", child, "--resolved")
    assert result.exit_code == 0, result.output
    resolved = write(tmp_path / "resolved.yaml", result.stdout)
    assert "extends" not in result.stdout
    assert load_rubric(resolved).dimensions == load_rubric(child).dimensions


def problems(path: Path) -> list[str]:
    with pytest.raises(ValidationFailed) as caught:
        load_rubric(path)
    return [str(p) for p in caught.value.problems]


def test_extends_cycles_are_errors_at_the_extends_line(tmp_path: Path) -> None:
    a = write(tmp_path / "a.yaml", "id: a\nextends: b.yaml\n")
    write(tmp_path / "b.yaml", "# b\nextends: a.yaml\nid: b\n")
    assert problems(a) == [f"{tmp_path / 'b.yaml'}:2: extends: extends cycle: "
                           "a.yaml -> b.yaml -> a.yaml"]
    self_loop = write(tmp_path / "self.yaml", "id: s\nextends: self.yaml\n")
    assert problems(self_loop) == [f"{self_loop}:2: extends: extends cycle: "
                                   "self.yaml -> self.yaml"]


def test_missing_base_is_an_error_at_the_extends_line(tmp_path: Path) -> None:
    path = write(tmp_path / "c.yaml", "id: c\nextends: nowhere\n")
    [message] = problems(path)
    assert message.startswith(f"{path}:2: extends: base rubric 'nowhere' not found")


def test_override_of_an_unknown_id_names_the_known_ones(tmp_path: Path) -> None:
    write(tmp_path / "base.yaml", ALL_TYPES.read_text())
    path = write(tmp_path / "c.yaml", "extends: base.yaml\nid: c\ndimensions:\n"
                 "  - id: frist\n    weight: 2\n")
    assert problems(path) == [
        f"{path}:4: no dimension 'frist' in the base rubric to change; to add a new "
        "dimension, also give title, why, questions (known ids: first, second)"]


def test_removal_of_an_unknown_id_is_reported(tmp_path: Path) -> None:
    write(tmp_path / "base.yaml", ALL_TYPES.read_text())
    path = write(tmp_path / "c.yaml", "extends: base.yaml\nid: c\nremove:\n"
                 "  questions: [skills]\n  actions: [nope]\n")
    assert problems(path) == [f"{path}:5: cannot remove action 'nope': there is none with "
                              "that id"]


def test_removal_that_empties_a_dimension_is_reported(tmp_path: Path) -> None:
    base = write(tmp_path / "base.yaml", ALL_TYPES.read_text())
    path = write(tmp_path / "c.yaml", "extends: base.yaml\nid: c\nremove:\n"
                 "  questions: [skills, custom, paid]\n")
    [message] = problems(path)
    # The emptied dimension is written in the base file; the message points there.
    assert message == (f"{base}:{line_of(base, 'questions:', 2)}: dimensions[1].questions: a "
                       "dimension needs at least one scored question with a weight above 0 "
                       f"(free text is not scored) (in the base rubric, as changed by {path})")


def test_errors_in_merged_content_point_at_the_file_that_has_them(tmp_path: Path) -> None:
    write(tmp_path / "base.yaml", ALL_TYPES.read_text())
    path = write(tmp_path / "c.yaml", "extends: base.yaml\nid: c\ndimensions:\n"
                 "  - id: first\n    weight: -3\n")
    [message] = problems(path)
    assert message.startswith(f"{path}:5: dimensions[0].weight: ")


# -- lint -------------------------------------------------------------------------------------

LINT_ME = """\
id: lint-me
title: Lint me
version: 1.0.0
dimensions:
  - id: only
    title: Only
    why: "x"
    questions:
      - id: a
        type: single
        text: Same text
        options:
          - {value: x, label: X, score: 0}
          - {value: y, label: Y, score: 0.3}
      - id: b
        type: number
        text: Same text
        max: 10
        thresholds: [{at: 0, score: 0}]
      - id: c
        type: yesno
        text: Never asked
        when: {question: b, at_least: 50}
      - id: d
        type: text
        text: "%s"
    actions:
      - {id: act, title: Act, do: x, outcome: y, horizon_days: 5, bands: [strong]}
"""


def test_lint_finds_what_validation_cannot(cli: Cli, tmp_path: Path) -> None:
    path = write(tmp_path / "lint.yaml", LINT_ME % ("long " * 120))
    result = cli("rubric", "lint", path)
    assert result.exit_code == 0, result.output
    out = result.stderr
    # best answers: a 0.3, b 0, c 1 -> 100 * 1.3 / 3 = 43
    assert "band 'strong' (70–100) cannot be reached: scores in 'only' show from 0 to 43" in out
    assert "band 'starting' of 'only' has no actions" in out
    assert f"{path}:{line_of(path, 'id: c') + 3}: dimensions[0].questions[2].when: question " \
           "'c' can never be asked" in out
    assert "action 'act' can never be chosen: its bands cannot be reached" in out
    assert "dimension 'only' has 3 scored question(s)" not in out
    assert "duplicate question text 'same text'" in out
    assert "do not fit an 80x24 terminal" in out
    assert cli("rubric", "lint", "--strict", path).exit_code == 1


def test_lint_exit_codes_clean_and_error(cli: Cli, tmp_path: Path) -> None:
    clean = cli("rubric", "lint", "--strict", *bundled_rubrics().values())
    assert clean.exit_code == 0, clean.output
    bad = write(tmp_path / "bad.yaml", "id: x\n")
    result = cli("rubric", "lint", bad)
    assert result.exit_code == 2
    assert f"{bad}:1: title: required key is missing [error]" in result.stderr


# -- test cases -------------------------------------------------------------------------------


def test_bundled_rubrics_carry_passing_test_cases(cli: Cli) -> None:
    for name in bundled_rubrics():
        result = cli("rubric", "test", name)
        assert result.exit_code == 0, result.output
        assert " 0 failed" in result.stdout


def test_failing_and_invalid_cases(cli: Cli, tmp_path: Path) -> None:
    rubric = write(tmp_path / "r.yaml", ALL_TYPES.read_text())
    write(tmp_path / "r.tests.yaml", "cases:\n  - name: wrong band\n    answers: {single: lots}\n"
          "    expect:\n      dimensions:\n        first: {band: low}\n")
    failing = cli("rubric", "test", rubric)
    assert failing.exit_code == 1
    assert "FAIL  wrong band" in failing.stdout
    assert "first: expected band low, got high (100.0)" in failing.stdout
    cases = write(tmp_path / "r.tests.yaml", "cases:\n  - name: bad\n    answers:\n"
                  "      single: plenty\n    expect: {}\n")
    invalid = cli("rubric", "test", rubric)
    assert invalid.exit_code == 2
    assert f"{cases}:4: answers.single: 'plenty' is not one of: none, some, lots" in (
        invalid.stderr)


# -- preview, search path, docs, hooks --------------------------------------------------------


def test_preview_writes_a_pdf(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "preview.pdf"
    result = cli("rubric", "preview", ALL_TYPES, "-o", out)
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF")
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert "Preview Student" in text and "First dimension" in text


def test_search_path_user_and_project_folders_shadow_bundled(
    cli: Cli, in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = in_tmp / "home"
    monkeypatch.setenv("CAREERKIT_HOME", str(home))
    user_copy = write(home / "rubrics" / "ml-phd-career.yaml",
                      "extends: ml-phd-career\nid: ml-phd-career\ntitle: User's own\n")
    write(in_tmp / "rubrics" / "local.yaml", ALL_TYPES.read_text().replace(
        "id: all-types", "id: local"))
    result = cli("rubric", "list")
    assert result.exit_code == 0, result.output
    assert f"user: {user_copy}" in result.stdout
    assert f"shadows {bundled_rubrics()['ml-phd-career']}" in result.stdout
    assert "local" in result.stdout and "project:" in result.stdout
    assert load_rubric("ml-phd-career").title == "User's own"
    assert load_rubric("local").id == "local"


def test_the_guide_field_reference_matches_the_models() -> None:
    from careerkit.reference import replace_reference

    guide = (ROOT / "docs" / "rubric-guide.md").read_text(encoding="utf-8")
    assert replace_reference(guide) == guide, (
        "docs/rubric-guide.md is out of date: run python -m careerkit.reference "
        "docs/rubric-guide.md")


def test_bundled_schema_file_is_current() -> None:
    from careerkit.scaffold import schema_text

    assert (ROOT / "rubrics" / "rubric.schema.json").read_text(encoding="utf-8") == (
        schema_text()), "regenerate with: careerkit rubric schema -o rubrics/rubric.schema.json"


def test_pre_commit_hooks_run_careerkit_commands() -> None:
    hooks = load_yaml_file(ROOT / ".pre-commit-hooks.yaml").data
    assert {h["id"] for h in hooks} >= {"careerkit-rubric-lint", "careerkit-rubric-test"}
    for hook in hooks:
        assert hook["entry"].startswith("careerkit rubric ")
        assert hook["language"] == "python"


def test_remove_without_extends_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path / "r.yaml", ALL_TYPES.read_text() + "remove:\n  questions: [users]\n")
    [message] = problems(path)
    assert message.endswith("remove: `remove` only works in a rubric that `extends` another")


def test_a_name_in_extends_means_the_rubric_beside_it_first(tmp_path: Path, in_tmp: Path) -> None:
    # A project folder's own ml-phd-career.yaml must not change what a bundled rubric
    # that extends ml-phd-career means.
    write(in_tmp / "rubrics" / "ml-phd-career.yaml", "id: broken\n")
    rubric = load_rubric(bundled_rubrics()["postdoc-to-industry"])
    base = load_rubric(bundled_rubrics()["ml-phd-career"])
    # The bundled base's eight, less finishing the PhD, plus industry collaboration.
    assert len(base.dimensions) == 8 and len(rubric.dimensions) == 8
    assert "industry_collaboration" in {d.id for d in rubric.dimensions}


def test_problems_caused_by_a_change_name_the_file_that_made_it(tmp_path: Path) -> None:
    base = write(tmp_path / "base.yaml", ALL_TYPES.read_text())
    child = write(tmp_path / "c.yaml", "extends: base.yaml\nid: c\nremove:\n"
                  "  questions: [ship]\n")
    found = problems(child)
    assert found and all(p.startswith(str(base)) for p in found)
    assert all(p.endswith(f"(in the base rubric, as changed by {child})") for p in found)


def test_init_from_an_extending_rubric_copies_the_merged_rubric(cli: Cli, in_tmp: Path) -> None:
    write(in_tmp / "src" / "base.yaml", ALL_TYPES.read_text())
    write(in_tmp / "src" / "child.yaml", CHILD.format(base="base.yaml"))
    result = cli("rubric", "init", "elsewhere/copy.yaml", "--from", "src/child.yaml")
    assert result.exit_code == 0, result.output
    copy = load_rubric(in_tmp / "elsewhere" / "copy.yaml")
    assert copy.id == "copy" and copy.dimensions == load_rubric(
        in_tmp / "src" / "child.yaml").dimensions
