"""NO_COLOR (https://no-color.org): careerkit's own messages and the quiz print no colour
in a real terminal when it is set, and still do when it is not."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

from tests.conftest import ALL_TYPES

pytestmark = pytest.mark.slow  # real pseudo-terminals
pexpect = pytest.importorskip("pexpect")

CAREERKIT = str(Path(sys.executable).parent / "careerkit")
COLOUR = re.compile(r"\x1b\[[0-9;]*(?:3[0-9]|9[0-7]|38;5;[0-9]+|38;2;[0-9;]+)[0-9;]*m")


def run_in_pty(args: list[str], tmp_path: Path, no_color: bool,
               until: str | None = None, first: str = "") -> str:
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    env.update({"TERM": "xterm-256color", "PROMPT_TOOLKIT_NO_CPR": "1",
                "CAREERKIT_HOME": str(tmp_path / "home")})
    if no_color:
        env["NO_COLOR"] = "1"
    child = pexpect.spawn(CAREERKIT, args, env=env, encoding="utf-8", cwd=str(tmp_path),
                          dimensions=(24, 80), timeout=20)
    if until is None:
        child.expect(pexpect.EOF)
        return child.before or ""
    if first:
        child.expect(first)
        child.send("\r")
    child.expect(until)
    shown = (child.before or "") + str(child.after)
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    return shown


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    path = tmp_path / "bad.yaml"
    path.write_text(ALL_TYPES.read_text().replace("    weight: 2\n", "    wieght: 2\n"))
    return path


def test_errors_are_red_in_a_terminal_and_plain_with_no_color(tmp_path: Path,
                                                               broken: Path) -> None:
    coloured = run_in_pty(["rubric", "validate", str(broken)], tmp_path, no_color=False)
    assert "wieght: unknown key" in coloured and COLOUR.search(coloured)
    plain = run_in_pty(["rubric", "validate", str(broken)], tmp_path, no_color=True)
    assert "wieght: unknown key" in plain and not COLOUR.search(plain), repr(plain)


def test_the_quiz_screen_has_no_colour_with_no_color(tmp_path: Path) -> None:
    screen = {"until": r"Question 1 of[\s\S]*Your answer", "first": "Press Enter"}
    coloured = run_in_pty(["take", "--name", "Pat"], tmp_path, False, **screen)
    assert COLOUR.search(coloured)
    plain = run_in_pty(["take", "--name", "Pat"], tmp_path, True, **screen)
    assert "Question 1 of" in plain and not COLOUR.search(plain), repr(plain[-400:])


def test_help_has_no_colour_with_no_color(tmp_path: Path) -> None:
    plain = run_in_pty(["--help"], tmp_path, no_color=True)
    assert "Usage:" in plain and not COLOUR.search(plain)
