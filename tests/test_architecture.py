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
