"""Import boundaries: heavy libraries stay in their one home, so start-up stays fast."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import careerkit

PACKAGE = Path(careerkit.__file__).parent

HOMES = {
    "typer": ("cli/",),
    "click": ("cli/",),
    "questionary": ("prompts.py", "prompts/"),
    "prompt_toolkit": ("prompts.py", "prompts/"),
    "reportlab": ("report/",),
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("library", sorted(HOMES))
def test_library_is_imported_only_in_its_home(library: str) -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE).as_posix()
        if library in imported_modules(path) and not relative.startswith(HOMES[library]):
            offenders.append(relative)
    assert offenders == [], f"{library} imported outside {HOMES[library]}: {offenders}"


def test_help_imports_no_heavy_library() -> None:
    code = (
        "import sys\n"
        "from careerkit.cli import app\n"
        "try:\n"
        "    app(['--help'], prog_name='careerkit')\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = [m for m in ('questionary', 'prompt_toolkit', 'reportlab', 'pydantic',\n"
        "                     'ruamel', 'careerkit.rubric') if m in sys.modules]\n"
        "print('HEAVY', heavy, file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert "HEAVY []" in result.stderr, result.stderr


def printing_calls(path: Path) -> list[str]:
    """`print(...)`, `typer.echo(...)`, `typer.secho(...)` and `click.echo(...)` calls."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id == "print":
            found.append(f"{path.name}:{node.lineno}: print")
        elif (isinstance(func, ast.Attribute) and func.attr in ("echo", "secho")
              and isinstance(func.value, ast.Name) and func.value.id in ("typer", "click")):
            found.append(f"{path.name}:{node.lineno}: {func.value.id}.{func.attr}")
    return found


def test_commands_print_only_through_the_one_output_function() -> None:
    """Untrusted text (rubric titles, file names, YAML keys) reaches the terminal only
    through careerkit.cli.output.say, which neutralises control characters."""
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE).as_posix()
        if relative in ("cli/output.py", "reference.py"):  # reference: a docs tool, no input
            continue
        offenders += printing_calls(path)
    assert offenders == []
