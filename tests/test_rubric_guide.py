"""`careerkit rubric guide`: the guide that messages and the schema point to, installed."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from typer.testing import Result

from careerkit.schema import rubric_json_schema

ROOT = Path(__file__).resolve().parents[1]
Cli = Callable[..., Result]


def test_rubric_guide_prints_the_guide(cli: Cli) -> None:
    result = cli("rubric", "guide")
    assert result.exit_code == 0
    assert result.stdout == (ROOT / "docs" / "rubric-guide.md").read_text(encoding="utf-8")
    where = cli("rubric", "guide", "--path")
    assert Path(where.stdout.strip()).read_text(encoding="utf-8") == result.stdout


def test_messages_point_to_the_command_not_a_repository_path(cli: Cli, tmp_path: Path) -> None:
    rubric = tmp_path / "lab.yaml"
    rubric.write_text((ROOT / "tests" / "data" / "rubrics" / "all-types.yaml").read_text())
    result = cli("rubric", "test", rubric)
    assert result.exit_code == 2 and "`careerkit rubric guide`" in result.stderr
    assert "docs/rubric-guide.md" not in json.dumps(rubric_json_schema())
