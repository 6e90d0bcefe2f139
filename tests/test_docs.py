"""The docs say what the program does: the README lists every command, and the advisors'
tutorial runs, step by step, exactly as written."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.main import get_command

from careerkit.cli import app
from careerkit.cli.docs import command_table, replace_table

ROOT = Path(__file__).resolve().parents[1]


def all_commands() -> list[str]:
    group = get_command(app)
    names = []
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        sub = getattr(command, "commands", None)
        names += [f"{name} {s}" for s in sub] if sub else [name]
    return names


def test_the_readme_command_table_is_generated_from_the_commands_help() -> None:
    """Regenerate with: python -m careerkit.cli.docs README.md"""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert replace_table(readme) == readme
    assert "--no-compare" in command_table() and "careerkit export ANSWERS" in command_table()


def test_every_command_is_in_the_readme_and_has_help() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in all_commands():
        assert f"`careerkit {name}" in readme, f"README does not mention careerkit {name}"
    group = get_command(app)
    for command in group.commands.values():  # type: ignore[attr-defined]
        for leaf in getattr(command, "commands", {command.name: command}).values():
            assert leaf.help, f"{leaf.name} has no help text"


def tutorial_steps() -> list[str]:
    guide = (ROOT / "docs" / "rubric-guide.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)```", guide, re.S)
    # The first block installs careerkit (done already here); `take` needs a person.
    return [b for b in blocks[1:] if "careerkit take" not in b]


@pytest.mark.slow
def test_the_rubric_guide_tutorial_runs_as_written(tmp_path: Path) -> None:
    script = "set -e\n" + "\n".join(tutorial_steps())
    env = dict(os.environ, CAREERKIT_HOME=str(tmp_path / "home"),
               PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    if not (Path(sys.executable).parent / "careerkit").exists():
        pytest.skip("the careerkit command is not installed beside this Python")
    result = subprocess.run(["bash", "-c", script], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert "rubrics/my-lab.yaml: ok (my-lab 0.1.0" in out
    assert "rubrics/my-lab.yaml: clean" in out
    assert "2 passed, 0 failed" in out
    assert (tmp_path / "my-lab" / "my-lab-preview.pdf").read_bytes().startswith(b"%PDF")
