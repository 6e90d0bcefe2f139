"""Commands that careerkit prints work when pasted, whether or not it is on PATH."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from careerkit.cli.invocation import careerkit_command

CAREERKIT = Path(sys.executable).parent / "careerkit"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\r")


def test_the_plain_name_when_path_finds_this_very_program() -> None:
    assert careerkit_command(str(CAREERKIT), str(CAREERKIT.parent)) == "careerkit"


def test_the_full_path_when_careerkit_is_not_on_path(tmp_path: Path) -> None:
    assert careerkit_command(str(CAREERKIT), str(tmp_path)) == shlex.quote(str(CAREERKIT))


def test_the_full_path_when_path_finds_another_careerkit(tmp_path: Path) -> None:
    other = tmp_path / "careerkit"
    other.write_text("#!/bin/sh\n")
    other.chmod(0o755)
    assert careerkit_command(str(CAREERKIT), str(tmp_path)) == shlex.quote(str(CAREERKIT))


def test_a_relative_invocation_is_printed_absolute(tmp_path: Path) -> None:
    relative = os.path.relpath(CAREERKIT)
    assert careerkit_command(relative, str(tmp_path)) == shlex.quote(str(CAREERKIT))


def test_python_dash_m_is_printed_as_such() -> None:
    main = Path(__file__).parents[1] / "careerkit" / "__main__.py"
    assert careerkit_command(str(main)) == f"{shlex.quote(sys.executable)} -m careerkit"


def clean_env(home: Path, path: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("CAREERKIT", "VIRTUAL_ENV"))}
    env.update({"CAREERKIT_HOME": str(home), "PATH": path, "TERM": "xterm-256color",
                "PROMPT_TOOLKIT_NO_CPR": "1"})
    return env


@pytest.mark.slow
def test_the_resume_hint_works_when_pasted_into_a_shell_without_the_venv(
        tmp_path: Path) -> None:
    """The README's install, venv not activated: Ctrl-C prints a command, and that very
    command, typed into the same shell, resumes the quiz."""
    pexpect = pytest.importorskip("pexpect")
    env = clean_env(tmp_path / "home", "/usr/bin:/bin")
    # Typed into a shell in the folder, as a relative path (a shell resolves it from its
    # folder; pexpect itself would resolve it from this test's).
    typed = f"{shlex.quote(os.path.relpath(CAREERKIT, tmp_path))} take"
    child = pexpect.spawn("/bin/sh", ["-c", typed], env=env, cwd=str(tmp_path),
                          dimensions=(24, 80), encoding="utf-8", timeout=20)
    child.expect("Your name")
    child.send("Pat\r")
    child.expect("Question 1 of")
    child.expect("Your answer")
    child.send("1\r")
    child.expect("Question 2 of")
    child.expect("Your answer")
    child.send("\x03")
    child.expect(pexpect.EOF)
    printed = ANSI.sub("", child.before or "").replace("\n", "")
    match = re.search(r"Resume with: (.*take --resume)", printed)
    assert match is not None, printed
    assert match.group(1) == f"{shlex.quote(str(CAREERKIT))} take --resume"
    resumed = pexpect.spawn("/bin/sh", ["-c", match.group(1)], env=env, cwd=str(tmp_path),
                            dimensions=(24, 80), encoding="utf-8", timeout=20)
    resumed.expect("Press Enter to begin")  # found and resumed, not "command not found"
    resumed.sendcontrol("c")
    resumed.expect(pexpect.EOF)


def test_the_hint_when_there_is_no_terminal_names_a_command_that_exists(
        tmp_path: Path) -> None:
    env = clean_env(tmp_path / "home", "/usr/bin:/bin")
    done = subprocess.run([str(CAREERKIT), "take"], env=env, cwd=tmp_path, text=True,
                          capture_output=True, stdin=subprocess.DEVNULL, check=False)
    assert done.returncode == 2
    assert f"`{shlex.quote(str(CAREERKIT))} rubric template > answers.yaml`" in done.stderr
