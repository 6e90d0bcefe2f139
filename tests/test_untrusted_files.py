"""Writes never follow a planted symbolic link, and personal files are owner-only.

Another local user who can predict an output path (``reports/NAME-DATE.pdf``) or who
shares a folder with the student can plant a link there. careerkit replaces the link
itself (never what it points to), refuses one at a path it chose itself, and never
creates the target of a dangling link.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import Result

from careerkit.answers import parse_answers, template_yaml
from careerkit.report import default_report_path
from careerkit.rubric import load_rubric

DATA = Path(__file__).parent / "data"
SMALL = DATA / "quiz" / "small.yaml"
Cli = Callable[..., Result]


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


@pytest.fixture
def answers(tmp_path: Path) -> Path:
    path = tmp_path / "answers.yaml"
    path.write_text(template_yaml(load_rubric(SMALL), example=True, respondent="Ann Lee"),
                    encoding="utf-8")
    return path


@pytest.fixture
def cohort(tmp_path: Path) -> Path:
    folder = tmp_path / "cohort"
    folder.mkdir()
    rubric = load_rubric(SMALL)
    for i in range(3):
        (folder / f"s{i}.yaml").write_text(
            template_yaml(rubric, example=True, respondent=f"Student {i}"), encoding="utf-8")
    return folder


def victim(tmp_path: Path) -> Path:
    """A file outside the output folder that a planted link points at."""
    outside = tmp_path / "outside"
    outside.mkdir(exist_ok=True)
    path = outside / "important.conf"
    path.write_text("keep me\n", encoding="utf-8")
    return path


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_report_refuses_a_link_planted_at_its_default_path(
        cli: Cli, tmp_path: Path, answers: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)  # a sticky shared folder, like /tmp
    monkeypatch.chdir(shared)
    target = victim(tmp_path)
    default = default_report_path(parse_answers(answers.read_text(encoding="utf-8")))
    default.parent.mkdir(parents=True)
    default.symlink_to(target)
    result = cli("report", answers, "-r", SMALL, "--no-compare")
    assert result.exit_code == 2
    assert f"{default}: is a symbolic link" in result.output
    assert target.read_text(encoding="utf-8") == "keep me\n"
    assert default.is_symlink()


def test_report_never_creates_the_target_of_a_dangling_link(
        cli: Cli, tmp_path: Path, answers: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    default = default_report_path(parse_answers(answers.read_text(encoding="utf-8")))
    default.parent.mkdir(parents=True)
    collected = tmp_path / "attacker" / "collected.pdf"
    collected.parent.mkdir()
    default.symlink_to(collected)
    result = cli("report", answers, "-r", SMALL, "--no-compare")
    assert result.exit_code == 2
    assert not collected.exists()


OUTPUTS = [
    ("report", ["report", "{answers}", "-r", "{rubric}", "--no-compare", "-o", "{out}"]),
    ("export-md", ["export", "{answers}", "-r", "{rubric}", "--format", "md", "-o", "{out}"]),
    ("export-csv", ["export", "{answers}", "-r", "{rubric}", "--format", "csv", "-o",
                    "{out}"]),
    ("export-json", ["export", "{answers}", "-r", "{rubric}", "--format", "json", "-o",
                     "{out}"]),
    ("export-html", ["export", "{answers}", "-r", "{rubric}", "--format", "html", "-o",
                     "{out}"]),
    ("export-ics", ["export", "{answers}", "-r", "{rubric}", "--format", "ics", "-o",
                    "{out}"]),
    ("cohort-csv", ["cohort", "{cohort}", "-r", "{rubric}", "--min-group", "3", "--csv",
                    "{out}"]),
    ("cohort-pdf", ["cohort", "{cohort}", "-r", "{rubric}", "--min-group", "3", "-o",
                    "{out}"]),
    ("schema", ["rubric", "schema", "-o", "{out}"]),
    ("template", ["rubric", "template", "{rubric}", "-o", "{out}"]),
    ("preview", ["rubric", "preview", "{rubric}", "-o", "{out}"]),
    ("init", ["rubric", "init", "{out}"]),
]


@pytest.mark.parametrize(("name", "command"), OUTPUTS, ids=[o[0] for o in OUTPUTS])
@pytest.mark.parametrize("dangling", [False, True], ids=["to-a-file", "dangling"])
def test_an_explicit_output_that_is_a_link_is_replaced_not_followed(
        cli: Cli, tmp_path: Path, answers: Path, cohort: Path, name: str,
        command: list[str], dangling: bool) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    out = shared / ("plan.yaml" if name == "init" else f"out-{name}")
    target = tmp_path / "outside" / "never-made" if dangling else victim(tmp_path)
    out.symlink_to(target)
    args = [a.format(answers=answers, rubric=SMALL, cohort=cohort, out=out) for a in command]
    result = cli(*args)
    if name == "init" and not dangling:  # init never replaces an existing file
        assert result.exit_code == 2 and "already exists" in result.output
        assert target.read_text(encoding="utf-8") == "keep me\n"
        return
    assert result.exit_code == 0, result.output
    assert not out.is_symlink() and out.is_file()
    assert out.stat().st_size > 0
    if dangling:
        assert not target.exists()
    else:
        assert target.read_text(encoding="utf-8") == "keep me\n"


@pytest.mark.parametrize(("command", "private"), [
    (["report", "{answers}", "-r", "{rubric}", "--no-compare", "-o", "{out}"], True),
    (["export", "{answers}", "-r", "{rubric}", "--format", "md", "-o", "{out}"], True),
    (["export", "{answers}", "-r", "{rubric}", "--format", "csv", "-o", "{out}"], True),
    (["export", "{answers}", "-r", "{rubric}", "--format", "json", "-o", "{out}"], True),
    (["export", "{answers}", "-r", "{rubric}", "--format", "html", "-o", "{out}"], True),
    (["export", "{answers}", "-r", "{rubric}", "--format", "ics", "-o", "{out}"], True),
    (["cohort", "{cohort}", "-r", "{rubric}", "--min-group", "3", "--csv", "{out}"], True),
    (["cohort", "{cohort}", "-r", "{rubric}", "--min-group", "3", "-o", "{out}"], False),
], ids=["report", "export-md", "export-csv", "export-json", "export-html", "export-ics",
        "cohort-csv", "cohort-pdf"])
def test_plans_exports_and_student_rows_are_owner_only_the_cohort_pdf_follows_the_umask(
        cli: Cli, tmp_path: Path, answers: Path, cohort: Path, umask_022: None,
        command: list[str], private: bool) -> None:
    out = tmp_path / "out.file"
    out.write_text("an older, world-readable file")
    out.chmod(0o644)
    args = [a.format(answers=answers, rubric=SMALL, cohort=cohort, out=out) for a in command]
    result = cli(*args)
    assert result.exit_code == 0, result.output
    assert mode(out) == (0o600 if private else 0o644)


def test_the_default_report_path_is_owner_only(
        cli: Cli, tmp_path: Path, answers: Path, monkeypatch: pytest.MonkeyPatch,
        umask_022: None) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli("report", answers, "-r", SMALL, "--no-compare")
    assert result.exit_code == 0, result.output
    written = Path(result.output.strip().splitlines()[-1])
    assert mode(written) == 0o600


def test_a_link_to_a_device_is_still_refused(cli: Cli, tmp_path: Path, answers: Path) -> None:
    link = tmp_path / "out.md"
    link.symlink_to("/dev/null")
    result = cli("export", answers, "-r", SMALL, "--format", "md", "-o", link)
    assert result.exit_code == 2
    assert "not a regular file" in result.output
    assert link.is_symlink()


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to give a link another owner")
def test_a_reports_folder_linked_by_another_user_is_refused(
        cli: Cli, tmp_path: Path, answers: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    monkeypatch.chdir(shared)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (shared / "reports").symlink_to(elsewhere)
    os.lchown(shared / "reports", 65534, 65534)  # planted by "nobody"
    result = cli("report", answers, "-r", SMALL, "--no-compare")
    assert result.exit_code == 2
    assert "reports: is a symbolic link" in result.output
    assert list(elsewhere.iterdir()) == []
    os.lchown(shared / "reports", os.geteuid(), os.getegid())  # the user's own link: fine
    result = cli("report", answers, "-r", SMALL, "--no-compare")
    assert result.exit_code == 0, result.output
    assert len(list(elsewhere.iterdir())) == 1
