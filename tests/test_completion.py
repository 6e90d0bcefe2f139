"""Shell completion: commands, options and rubric names complete in a real bash."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

# Every test here runs careerkit in a fresh process, as the shell does.
pytestmark = pytest.mark.slow

CAREERKIT = Path(sys.executable).parent / "careerkit"


def complete(words: str, tmp_path: Path) -> list[str]:
    env = {**os.environ, "_CAREERKIT_COMPLETE": "complete_bash", "COMP_WORDS": words,
           "COMP_CWORD": str(len(words.split(" ")) - 1),
           "CAREERKIT_HOME": str(tmp_path / "home")}
    done = subprocess.run([str(CAREERKIT)], env=env, cwd=tmp_path, capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    return done.stdout.split()


def test_commands_options_and_rubric_names_complete(tmp_path: Path) -> None:
    assert complete("careerkit sc", tmp_path) == ["score"]
    assert complete("careerkit rubric va", tmp_path) == ["validate"]
    assert "--missing-ok" in complete("careerkit rubric test --m", tmp_path)
    assert complete("careerkit take --rubric post", tmp_path) == ["postdoc-to-industry"]
    assert set(complete("careerkit rubric show ", tmp_path)) >= {"ml-phd-career",
                                                                 "postdoc-to-industry"}
    # A path is left to the shell's file name completion.
    assert complete("careerkit take --rubric ./ru", tmp_path) == []


def test_a_project_rubric_is_offered_by_name(tmp_path: Path) -> None:
    (tmp_path / "rubrics").mkdir()
    (tmp_path / "rubrics" / "my-lab.yaml").write_text("id: my-lab\n")
    assert complete("careerkit score a.yaml --rubric my", tmp_path) == ["my-lab"]


def test_a_rubric_file_name_with_control_characters_is_never_offered(tmp_path: Path) -> None:
    (tmp_path / "rubrics").mkdir()
    for name in ("x\x1b]0;OWNED\x07\x1b[2J", "x\u009b31m", "x\u202eevil", "x two"):
        (tmp_path / "rubrics" / f"{name}.yaml").write_text("id: x\n", encoding="utf-8")
    (tmp_path / "rubrics" / "x-lab.yaml").write_text("id: x-lab\n")
    assert complete("careerkit score a.yaml --rubric x", tmp_path) == ["x-lab"]


@pytest.mark.slow
def test_tab_completes_in_a_real_bash(tmp_path: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    env = {**os.environ, "PATH": f"{CAREERKIT.parent}{os.pathsep}{os.environ['PATH']}",
           "CAREERKIT_HOME": str(tmp_path / "home"), "PS1": "$ ", "TERM": "dumb"}
    bash = pexpect.spawn("bash", ["--norc", "--noprofile"], env=env, cwd=str(tmp_path),
                         encoding="utf-8", timeout=20)
    bash.expect_exact("$ ")
    bash.sendline('eval "$(careerkit --show-completion bash)"')
    bash.expect_exact("$ ")
    bash.send("careerkit rubric vali\t")
    bash.expect_exact("careerkit rubric validate ")
    bash.sendcontrol("c")
    bash.expect_exact("$ ")
    bash.send("careerkit take --rubric postd\t")
    bash.expect_exact("postdoc-to-industry")
    bash.sendcontrol("c")
    bash.sendline("exit")
    bash.expect(pexpect.EOF)
