"""`careerkit rubric ...`: list, show, validate, template and schema."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from careerkit.cli.errors import fail, handle_errors

app = typer.Typer(
    help="Browse, check and fill in rubric files.",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)

RUBRIC_ARG_HELP = "A rubric file, or the name of a bundled rubric (default: ml-phd-career)."


@app.command("list")
@handle_errors
def list_rubrics() -> None:
    """List the bundled rubrics."""
    from careerkit.errors import CareerkitError
    from careerkit.rubric import DEFAULT_RUBRIC, bundled_rubrics, load_rubric

    for name, path in bundled_rubrics().items():
        marker = " (default)" if name == DEFAULT_RUBRIC else ""
        try:
            rubric = load_rubric(path)
            typer.echo(f"{name:<24} {rubric.version:<8} {rubric.title}{marker}")
        except CareerkitError:
            typer.echo(f"{name:<24} {'?':<8} (invalid: run `careerkit rubric validate {path}`)")
        typer.echo(f"{'':<24} {path}")


@app.command("show")
@handle_errors
def show(
    rubric: str | None = typer.Argument(None, help=RUBRIC_ARG_HELP, show_default=False),
    as_json: bool = typer.Option(False, "--json", help="Print the whole rubric as JSON."),
) -> None:
    """Show a rubric: its dimensions, questions and bands."""
    from careerkit.rubric import load_rubric

    loaded = load_rubric(rubric)
    if as_json:
        data = loaded.model_dump(mode="json", by_alias=True, exclude_none=True)
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    scored = sum(1 for _, q in loaded.questions() if q.scored)
    total = sum(1 for _ in loaded.questions())
    typer.echo(f"{loaded.title}  ({loaded.id} {loaded.version})")
    if loaded.description:
        typer.echo(loaded.description.strip())
    typer.echo(
        f"{len(loaded.dimensions)} dimensions, {scored} scored questions, "
        f"{total - scored} reflections, about {loaded.estimated_minutes()} minutes."
    )
    typer.echo("Bands: " + ", ".join(f"{b.label} {b.min:g}–{b.max:g}" for b in loaded.bands))
    for dimension in loaded.dimensions:
        typer.echo(f"\n{dimension.title}  [{dimension.id}, weight {dimension.weight:g}]")
        for question in dimension.questions:
            typer.echo(f"  {question.id:<28} {question.type:<7} {question.text.strip()[:80]}")


@app.command("validate")
@handle_errors
def validate(
    paths: list[Path] = typer.Argument(..., help="Rubric files to check.", show_default=False),
) -> None:
    """Check rubric files; print every problem as FILE:LINE: location: message."""
    from careerkit.errors import CareerkitError, ValidationFailed
    from careerkit.rubric import load_rubric

    failed = 0
    for path in paths:
        try:
            rubric = load_rubric(path)
        except ValidationFailed as exc:
            failed += 1
            for problem in exc.problems:
                typer.secho(str(problem), err=True, fg=typer.colors.RED)
        except CareerkitError as exc:
            failed += 1
            typer.secho(str(exc), err=True, fg=typer.colors.RED)
        else:
            typer.echo(f"{path}: ok ({rubric.id} {rubric.version}, "
                       f"{sum(1 for _ in rubric.questions())} questions)")
    if failed:
        raise fail(f"{failed} of {len(paths)} rubric file(s) invalid.", 2)


@app.command("template")
@handle_errors
def template(
    rubric: str | None = typer.Argument(None, help=RUBRIC_ARG_HELP, show_default=False),
    example: bool = typer.Option(
        False, "--example", help="Fill every question with a valid sample answer."
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Write to this file instead of stdout."
    ),
) -> None:
    """Print an answers file to fill in by hand, then score with `careerkit score FILE`."""
    from careerkit.answers import template_yaml
    from careerkit.rubric import load_rubric
    from careerkit.store import atomic_write_text

    text = template_yaml(load_rubric(rubric), example=example)
    if output is None:
        typer.echo(text, nl=False)
    else:
        atomic_write_text(output, text)
        typer.echo(f"Wrote {output}", err=True)


@app.command("schema")
@handle_errors
def schema(
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Write to this file instead of stdout."
    ),
) -> None:
    """Print the JSON Schema of rubric files (generated from the models)."""
    from careerkit.rubric import rubric_json_schema
    from careerkit.store import atomic_write_text

    text = json.dumps(rubric_json_schema(), indent=2, ensure_ascii=False) + "\n"
    if output is None:
        typer.echo(text, nl=False)
    else:
        atomic_write_text(output, text)
        typer.echo(f"Wrote {output}", err=True)
