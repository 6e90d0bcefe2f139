"""The floor's document, made by a program built on careerkit's required packages.

    python bench/floor_in_typer.py report OUT.pdf [-o ...]

A second baseline for bench_report.py: what any program pays that, like `careerkit
report`, parses its arguments with typer and validates its input with pydantic, before
it does any work of its own. The command has report's parameters, types and defaults;
it validates one tiny pydantic model (careerkit validates a rubric and an answers file),
then runs ../shared/bench/reportlab_floor.py's main() as it is.

Importing pydantic and its core costs about 10 MB and 50 ms on its own; typer 0.29 and
later also import it to convert every parameter, so with those versions the model adds
nothing.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import typer
from pydantic import BaseModel

FLOOR = Path(__file__).resolve().parent.parent.parent / "shared" / "bench" / "reportlab_floor.py"

app = typer.Typer(add_completion=False)


class Input(BaseModel):
    name: str


@app.command()
def report(
    answers_file: Path = typer.Argument(..., metavar="ANSWERS"),
    rubric: str | None = typer.Option(None, "--rubric", "-r"),
    output: Path | None = typer.Option(None, "--output", "-o", dir_okay=False),
    compare: bool = typer.Option(True, "--compare/--no-compare"),
    previous: Path | None = typer.Option(None, "--previous", dir_okay=False),
) -> None:
    """Write the floor's PDF to ANSWERS (the other options are parsed, not used)."""
    Input.model_validate({"name": str(answers_file)})
    spec = importlib.util.spec_from_file_location("reportlab_floor", FLOOR)
    assert spec is not None and spec.loader is not None
    floor = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(floor)
    floor.main(str(answers_file))


@app.command()
def score() -> None:
    """A second command, so that typer dispatches by name as careerkit's app does."""


if __name__ == "__main__":
    app()
