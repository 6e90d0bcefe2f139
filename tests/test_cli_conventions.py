"""Help that reads like a command-line tool's, and usage errors on one line."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
import typer
from typer.testing import Result

from careerkit.cli import app

Cli = Callable[..., Result]


def command_paths() -> Iterator[tuple[str, ...]]:
    root = typer.main.get_command(app)
    yield ()
    for name, command in root.commands.items():  # type: ignore[attr-defined]
        yield (name,)
        for sub in getattr(command, "commands", {}):
            yield (name, sub)


@pytest.mark.parametrize("path", list(command_paths()), ids=" ".join)
def test_help_shows_no_python_types(cli: Cli, path: tuple[str, ...]) -> None:
    result = cli(*path, "--help")
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert not re.search(r"<(bool|int|str|list|Path|path|float)[^>]*>", text), text
    assert "list[" not in text and "{" not in text.split("\n\n")[0] + text[:300]
    usage = next(line for line in text.splitlines() if "Usage:" in line)
    assert not re.search(r"[{}]|\]\.\.\.", usage.replace("COMMAND [ARGS]...", "")), usage
    # A flag takes no value, so nothing is printed between it and its help.
    for line in text.splitlines():
        if re.match(r"[│ ]*--(resume|restart|plain|json|debug|version|strict|force|"
                    r"example)\b(?!,)", line):
            assert re.search(r"--[a-z-]+(\s+-[a-z])?\s{2,}[A-Z(]", line), line


def test_usage_lines_read_as_click_tools_do(cli: Cli) -> None:
    assert "Usage: careerkit score [OPTIONS] ANSWERS" in cli("score", "-h").stdout
    assert "Usage: careerkit compare [OPTIONS] [OLD NEW]" in cli("compare", "-h").stdout
    assert "Usage: careerkit cohort [OPTIONS] PATH..." in cli("cohort", "-h").stdout
    assert re.search(r"--output\s+-o\s+FILE", cli("report", "-h").stdout)


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["scor"], "error: no such command 'scor'; did you mean 'score'? (see `careerkit -h`)"),
        (["rubric", "valdate"], "error: no such command 'valdate'; did you mean 'validate'? "
                                "(see `careerkit rubric -h`)"),
        (["xyzzy"], "error: no such command 'xyzzy' (see `careerkit -h`)"),
        (["score", "--jsn", "a.yaml"], "error: no such option --jsn; did you mean --json? "
                                       "(see `careerkit score -h`)"),
        (["score"], "error: missing argument 'ANSWERS' (see `careerkit score -h`)"),
        (["cohort", "x", "--min-group", "two"], "error: invalid value for '--min-group'"),
    ],
)
def test_a_usage_error_is_one_line_and_exit_2(cli: Cli, argv: list[str],
                                              expected: str) -> None:
    result = cli(*argv)
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(expected)
    assert "╭" not in result.stderr and "Traceback" not in result.stderr


def test_help_and_version_still_exit_0(cli: Cli) -> None:
    assert cli("--version").exit_code == 0
    assert cli("-h").exit_code == 0
    assert cli("rubric", "-h").exit_code == 0


def test_a_bare_command_group_shows_its_help(cli: Cli) -> None:
    result = cli()
    assert "Usage: careerkit" in result.output
    assert result.exit_code == 2
