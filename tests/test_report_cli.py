"""`careerkit report`: what a student types and sees."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

import pytest
from typer.testing import Result

from careerkit.answers import answers_to_yaml, parse_answers, template_yaml
from careerkit.report import fonts as fontmod
from careerkit.rubric import load_rubric

FIXTURE = Path(__file__).parent / "data" / "report" / "plan.yaml"
Cli = Callable[..., Result]


def answers_file(folder: Path, respondent: str = "Ada Lovelace") -> Path:
    rubric = load_rubric(FIXTURE)
    answers = parse_answers(template_yaml(rubric, example=True), rubric).model_copy(update={
        "respondent": respondent,
        "finished_at": datetime(2026, 5, 4, 12, 0, tzinfo=timezone.utc),
    })
    path = folder / "answers.yaml"
    path.write_text(answers_to_yaml(answers, rubric), encoding="utf-8")
    return path


def test_report_writes_to_reports_name_date_and_prints_the_path(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli("report", answers_file(tmp_path), "--rubric", FIXTURE)
    assert result.exit_code == 0, result.output
    expected = Path("reports") / "ada-lovelace-2026-05-04.pdf"
    assert result.stdout.strip() == str(expected)
    assert (tmp_path / expected).read_bytes().startswith(b"%PDF-")


def test_report_writes_where_o_says(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "out" / "my plan.pdf"
    result = cli("report", answers_file(tmp_path), "-r", FIXTURE, "-o", target)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(target)
    assert target.is_file()


def test_characters_no_font_has_are_a_warning_on_stderr(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fontmod, "cjk_extra_fonts", lambda: [])
    monkeypatch.setattr(fontmod, "SYSTEM_FONTS", ())
    monkeypatch.setattr(fontmod, "_fontconfig_candidates", lambda code: [])
    result = cli("report", answers_file(tmp_path, "王小明"), "-r", FIXTURE,
                 "-o", tmp_path / "plan.pdf")
    assert result.exit_code == 0, result.output
    assert "warning: no installed font can draw the name '王小明'; the PDF shows it as " \
        "'Wang Xiao Ming'" in result.stderr
    assert "-m pip install" in result.stderr and "[cjk]'" in result.stderr
    assert result.stdout.strip() == str(tmp_path / "plan.pdf")


def test_an_unwritable_destination_is_one_clear_line_and_exit_1(
    cli: Cli, tmp_path: Path
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = cli("report", answers_file(tmp_path), "-r", FIXTURE, "-o", blocker / "plan.pdf")
    assert result.exit_code == 1
    assert "cannot write here" in result.stderr
    assert "Traceback" not in result.output


def test_a_bad_answers_file_is_exit_2_with_file_and_line(cli: Cli, tmp_path: Path) -> None:
    path = answers_file(tmp_path)
    path.write_text(path.read_text().replace('habit: "monthly"', 'habit: "hourly"'))
    result = cli("report", path, "-r", FIXTURE, "-o", tmp_path / "plan.pdf")
    assert result.exit_code == 2
    assert f"{path}:" in result.stderr and "answers.habit" in result.stderr
    assert not (tmp_path / "plan.pdf").exists()


def test_importing_the_report_package_does_not_import_reportlab() -> None:
    code = ("import sys, careerkit.report, careerkit.cli.report_cmd\n"
            "print('reportlab' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "False"


# -- when `take` cannot make the PDF ------------------------------------------------------------


@pytest.mark.parametrize("failure", [ValueError("layout went wrong"), None])
def test_a_failed_pdf_after_take_says_where_the_answers_are_and_how_to_retry(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    failure: Exception | None,
) -> None:
    """The answers are filed before the PDF is made; if the PDF fails (a careerkit error,
    or a bug), the message names the answers file and the exact command, which works."""
    import shlex

    import careerkit.report
    from careerkit.cli.take_cmd import _write_plan
    from careerkit.errors import RuntimeFailure

    rubric = load_rubric(FIXTURE)
    (tmp_path / "my answers").mkdir()
    saved = answers_file(tmp_path / "my answers")  # a space: the command must quote it
    answers = parse_answers(saved.read_text(encoding="utf-8"), rubric)
    target = tmp_path / "plans" / "plan.pdf"
    if failure is not None:
        def broken(*args: object, **kwargs: object) -> None:
            raise failure
        monkeypatch.setattr(careerkit.report, "write_pdf", broken)
    else:  # a careerkit error: the folder to write in is a file
        (tmp_path / "plans").write_text("in the way", encoding="utf-8")
    with pytest.raises(RuntimeFailure) as caught:
        _write_plan(answers, rubric, target, saved, str(FIXTURE))
    message = str(caught.value)
    if failure is not None:
        assert "internal error while making the PDF (ValueError: layout went wrong)" in message
    else:
        assert f"{target}: cannot write here" in message
    assert f"Nothing is lost: your answers are saved in {saved}." in message
    later = message.split("Make the PDF later with: ", 1)[1].splitlines()[0]
    markdown = message.split("Or get the plan as Markdown now: ", 1)[1].splitlines()[0]
    assert later == (f"careerkit report {shlex.quote(str(saved))} --rubric "
                     f"{shlex.quote(str(FIXTURE))} -o {shlex.quote(str(target))}")

    # The commands work as printed, once the cause is gone.
    monkeypatch.undo()
    monkeypatch.setenv("CAREERKIT_HOME", str(tmp_path / "home"))
    if failure is None:
        (tmp_path / "plans").unlink()
    made = cli(*shlex.split(later)[1:])
    assert made.exit_code == 0, made.output
    assert target.read_bytes().startswith(b"%PDF")
    exported = cli(*shlex.split(markdown)[1:])
    assert exported.exit_code == 0, exported.output
    assert exported.stdout.startswith("# Ada Lovelace's career action plan")
