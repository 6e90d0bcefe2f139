"""`-` reads standard input wherever a file is read; `-o -` writes standard output (and
never a file named `-`)."""

from __future__ import annotations

import io
import json
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from careerkit.answers import template_yaml
from careerkit.rubric import Rubric
from tests.conftest import ALL_TYPES
from tests.test_progress import GOOD, POOR, answers_file

Cli = Callable[..., Result]


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def answers(here: Path, all_types: Rubric) -> Path:
    return answers_file(here, "a", all_types, GOOD, "Ada")


def test_score_reads_answers_from_stdin(cli: Cli, answers: Path) -> None:
    from_file = cli("score", answers, "--rubric", ALL_TYPES, "--json")
    from_stdin = cli("score", "-", "--rubric", ALL_TYPES, "--json", input=answers.read_text())
    assert from_stdin.exit_code == 0, from_stdin.output
    assert json.loads(from_stdin.stdout) == json.loads(from_file.stdout)


def test_a_rubric_from_stdin_is_validated_and_named_in_problems(cli: Cli) -> None:
    ok = cli("rubric", "validate", "-", input=ALL_TYPES.read_text())
    assert ok.exit_code == 0 and "ok (all-types" in ok.stdout
    text = ALL_TYPES.read_text().replace("    weight: 2\n", "    wieght: 2\n")
    bad = cli("rubric", "validate", "-", input=text)
    assert bad.exit_code == 2
    assert "<stdin>:17: dimensions[0].wieght: unknown key" in bad.stderr


def test_the_rubric_itself_can_come_from_stdin(cli: Cli, answers: Path) -> None:
    result = cli("score", answers, "--rubric", "-", input=ALL_TYPES.read_text())
    assert result.exit_code == 0, result.output
    assert "First dimension" in result.stdout


def test_broken_yaml_on_stdin_is_one_line(cli: Cli) -> None:
    result = cli("score", "-", input="answers: [\n")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: <stdin>:") and len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize("argv", [
    ["export", "{a}", "--rubric", str(ALL_TYPES), "-f", "json"],
    ["export", "{a}", "--rubric", str(ALL_TYPES), "-f", "md"],
    ["rubric", "template", str(ALL_TYPES)],
    ["rubric", "schema"],
])
def test_dash_o_dash_is_stdout_for_text(cli: Cli, here: Path, answers: Path,
                                        argv: list[str]) -> None:
    argv = [a.format(a=answers) for a in argv]
    plain = cli(*argv)
    dashed = cli(*argv, "-o", "-")
    assert dashed.exit_code == 0, dashed.output
    # A template records when it was made: the two runs may fall in different seconds.
    def timeless(text: str) -> str:
        return re.sub(r"(?m)^(started_at|finished_at): .*$", r"\1: ...", text)

    assert timeless(dashed.stdout) == timeless(plain.stdout) and "Wrote" not in dashed.output
    assert not (here / "-").exists()


def test_dash_o_dash_sends_the_pdf_to_stdout(cli: Cli, here: Path, answers: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    result = cli("report", answers, "--rubric", ALL_TYPES, "-o", "-", "--no-compare")
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes.startswith(b"%PDF-")
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(result.stdout_bytes))
                   .pages)
    assert "First dimension" in text
    assert not (here / "-").exists() and not (here / "reports").exists()


def test_cohort_sends_its_csv_to_stdout_and_the_table_to_stderr(
        cli: Cli, here: Path, all_types: Rubric) -> None:
    for i in range(5):
        answers_file(here / "class", f"s{i}", all_types, GOOD if i % 2 else POOR, f"S {i}")
    result = cli("cohort", here / "class", "--rubric", ALL_TYPES, "--csv", "-")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "student,overall,first,second"
    assert len(result.stdout.splitlines()) == 6
    assert "5 students." in result.stderr
    both = cli("cohort", here / "class", "--rubric", ALL_TYPES, "--csv", "-", "-o", "-")
    assert both.exit_code == 2 and "only one of them" in both.stderr


def test_take_refuses_dash_o_dash_before_the_quiz(cli: Cli, here: Path) -> None:
    result = cli("take", "-o", "-")
    assert result.exit_code == 2 and "the quiz needs the terminal" in result.stderr


@pytest.mark.slow
def test_a_pdf_is_not_sent_to_a_terminal(here: Path, answers: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    careerkit = str(Path(sys.executable).parent / "careerkit")
    child = pexpect.spawn(careerkit, ["report", str(answers), "--rubric", str(ALL_TYPES),
                                      "-o", "-"], cwd=str(here), encoding="utf-8",
                          env={**os.environ, "CAREERKIT_HOME": str(here / "home")})
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 2
    assert "a PDF is not for a terminal" in (child.before or "")
    assert "%PDF" not in (child.before or "")


def test_test_cases_and_an_earlier_attempt_can_come_from_stdin(cli: Cli, here: Path,
                                                               default_rubric: Rubric
                                                               ) -> None:
    root = Path(__file__).resolve().parents[1] / "rubrics"
    cases = (root / "ml-phd-career.tests.yaml").read_text(encoding="utf-8")
    result = cli("rubric", "test", "ml-phd-career", "--cases", "-", input=cases)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().endswith("0 failed")
    answers = here / "mine.yaml"
    answers.write_text(template_yaml(default_rubric, example=True), encoding="utf-8")
    compared = cli("compare", "-", answers, "--json", input=answers.read_text())
    assert compared.exit_code == 0, compared.output
    assert all(row["change"] == 0 for row in json.loads(compared.stdout)["dimensions"])
