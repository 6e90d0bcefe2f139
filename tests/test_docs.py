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
from careerkit.rubric import Rubric

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


def test_every_id_in_the_advice_coverage_map_exists_in_the_default_rubric(
        default_rubric: Rubric) -> None:
    """docs/advice-coverage.md maps each piece of the essay to rubric ids: each id named
    must be a dimension, question (context included), action or check of the rubric, and
    every piece of advice but background names at least one."""
    rubric = default_rubric
    known = {d.id for d in rubric.dimensions} | {q.id for _, q in rubric.questions()}
    known |= {a.id for d in rubric.dimensions for a in d.actions}
    known |= {c.id for c in rubric.checks}
    rows = [line for line in (ROOT / "docs" / "advice-coverage.md").read_text(
        encoding="utf-8").splitlines() if re.match(r"\| \d+ \|", line)]
    assert len(rows) == 39
    served: set[str] = set()
    for row in rows:
        cells = [c.strip() for c in row.strip("|").split("|")]
        ids = re.findall(r"`([^`]+)`", cells[-1])
        assert ids or cells[-1].startswith("Background"), row
        assert set(ids) <= known, (cells[0], set(ids) - known)
        served |= set(ids)
    # Every question and action serves some piece of advice (the advisor items are named
    # below the table, as the rubric's own addition).
    own = {"phd_advisor_career", "phd_advisor_gap", "phd_advisor_career_talk",
           "phd_regular_meetings", "phd_yearly_review", "hours_per_week"}
    for item in known - {c.id for c in rubric.checks} - own:
        assert item in served, item


def test_the_advice_coverage_map_quotes_the_essay_verbatim() -> None:
    essay = ROOT.parent / "shared" / "seed" / "essay.txt"
    if not essay.is_file():
        pytest.skip(f"the seed essay is not beside the repository ({essay})")
    words = " ".join(essay.read_text(encoding="utf-8").split())
    for row in (ROOT / "docs" / "advice-coverage.md").read_text(encoding="utf-8").splitlines():
        if re.match(r"\| \d+ \|", row):
            said = row.strip("|").split("|")[1]
            for quoted in re.findall(r'"([^"]+)"', said):
                assert " ".join(quoted.split()) in words, quoted
