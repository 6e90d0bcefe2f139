"""`careerkit rubric ...`: list, show, validate, template and schema."""

from __future__ import annotations

from pathlib import Path

import typer

from careerkit.cli.common import emit, warn
from careerkit.cli.completion import rubric_names
from careerkit.cli.conventions import Command, Group
from careerkit.cli.errors import fail, handle_errors
from careerkit.cli.output import say
from careerkit.cli.streams import is_stdout, pdf_target
from careerkit.errors import CareerkitError, InputError, RuntimeFailure, ValidationFailed
from careerkit.safetext import json_dumps

app = typer.Typer(
    help="Browse, check and fill in rubric files.",
    no_args_is_help=True,
    cls=Group,
    context_settings={"help_option_names": ["-h", "--help"]},
)

def refuse_cases_file(path: Path) -> None:
    from careerkit.cases import is_cases_file, rubric_beside

    if is_cases_file(path):
        raise InputError(f"{path}: is a test cases file, not a rubric; run "
                         f"`careerkit rubric test {rubric_beside(path).stem}` instead")


RUBRIC_ARG_HELP = "A rubric file, or the name of a bundled rubric (default: ml-phd-career)."


@app.command("list", cls=Command)
@handle_errors
def list_rubrics(
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a list."),
) -> None:
    """List the rubrics known by name: bundled, in your rubric folder, and in ./rubrics/."""
    from careerkit.rubric import DEFAULT_RUBRIC, load_rubric, rubric_catalogue, rubric_folders

    catalogue = rubric_catalogue()
    if as_json:
        listed: list[dict[str, object]] = []
        for name, entry in catalogue.items():
            item: dict[str, object] = {
                "name": name, "origin": entry.origin, "path": str(entry.path),
                "default": name == DEFAULT_RUBRIC,
                "shadows": [str(p) for p in entry.shadows]}
            try:
                rubric = load_rubric(entry.path)
                item.update(valid=True, version=rubric.version, title=rubric.title)
            except CareerkitError as exc:
                item.update(valid=False, error=str(exc))
            listed.append(item)
        say(json_dumps({"rubrics": listed, "searched": [
            {"origin": origin, "folder": str(folder)}
            for origin, folder in rubric_folders()]}))
        return
    for name, entry in catalogue.items():
        marker = " (default)" if name == DEFAULT_RUBRIC else ""
        try:
            rubric = load_rubric(entry.path)
            say(f"{name:<24} {rubric.version:<8} {rubric.title}{marker}")
        except CareerkitError:
            say(f"{name:<24} {'?':<8} (invalid: run `careerkit rubric validate "
                f"{entry.path}`)")
        say(f"{'':<24} {entry.origin}: {entry.path}")
        for hidden in entry.shadows:
            say(f"{'':<24} shadows {hidden}")
    folders = ", ".join(f"{origin} {folder}" for origin, folder in rubric_folders())
    say(f"\nSearched, later shadowing earlier: {folders}")


@app.command("show", cls=Command)
@handle_errors
def show(
    rubric: str | None = typer.Argument(None, metavar="RUBRIC", help=RUBRIC_ARG_HELP,
                                        autocompletion=rubric_names,
                                        show_default=False),
    as_json: bool = typer.Option(False, "--json", help="Print the whole rubric as JSON."),
    resolved: bool = typer.Option(
        False, "--resolved", help="Print the whole rubric as YAML, with `extends` merged in."
    ),
) -> None:
    """Show a rubric: its dimensions, questions and bands."""
    from careerkit.rubric import load_rubric

    loaded = load_rubric(rubric)
    if resolved:
        from careerkit.yamlio import dump_yaml

        # Defaults are left out: the result is a complete, valid rubric, and shorter.
        data = loaded.model_dump(mode="json", by_alias=True, exclude_defaults=True)
        say(f"# {loaded.id} {loaded.version}, resolved by careerkit", nl=True)
        say(dump_yaml(data), nl=False)
        return
    if as_json:
        data = loaded.model_dump(mode="json", by_alias=True, exclude_none=True)
        say(json_dumps(data))
        return
    from careerkit.summary import rubric_outline

    say(rubric_outline(loaded))


@app.command("validate", cls=Command)
@handle_errors
def validate(
    paths: list[Path] = typer.Argument(..., metavar="PATH...", help="Rubric files to check "
                                       "(test cases files among them are checked as such).",
                                       show_default=False),
) -> None:
    """Check rubric files (and test cases files, NAME.tests.yaml, against their rubric);
    print every problem as FILE:LINE: location: message."""
    from careerkit.cases import is_cases_file
    from careerkit.rubric import load_rubric

    failed = 0
    for path in paths:
        try:
            if is_cases_file(path):  # `validate rubrics/*.yaml` meets them
                say(_checked_cases_file(path))
                continue
            rubric = load_rubric(path)
        except ValidationFailed as exc:
            failed += 1
            for problem in exc.problems:
                say(str(problem), err=True, fg=typer.colors.RED)
        except CareerkitError as exc:
            failed += 1
            say(str(exc), err=True, fg=typer.colors.RED)
        else:
            say(f"{path}: ok ({rubric.id} {rubric.version}, "
                f"{sum(1 for _ in rubric.questions())} questions)")
    if failed:
        raise fail(f"{failed} of {len(paths)} rubric file(s) invalid.", 2)


def _checked_cases_file(path: Path) -> str:
    """A test cases file checked as one, against the rubric beside it."""
    from careerkit.cases import load_cases, rubric_beside
    from careerkit.rubric import load_rubric

    rubric_path = rubric_beside(path)
    if not rubric_path.is_file():
        raise InputError(f"{path}: a test cases file, but there is no {rubric_path.name} "
                         "beside it to check it against")
    cases = load_cases(path, load_rubric(rubric_path))
    return f"{path}: ok (test cases for {rubric_path.name}, {len(cases)} cases)"


@app.command("template", cls=Command)
@handle_errors
def template(
    rubric: str | None = typer.Argument(None, metavar="RUBRIC", help=RUBRIC_ARG_HELP,
                                        autocompletion=rubric_names,
                                        show_default=False),
    example: bool = typer.Option(
        False, "--example", help="Fill every question with a valid sample answer."
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Write to this file instead of stdout (- is stdout)."
    ),
) -> None:
    """Print an answers file to fill in by hand, then score with `careerkit score FILE`."""
    from careerkit.answers import template_yaml
    from careerkit.rubric import load_rubric

    emit(template_yaml(load_rubric(rubric), example=example), output)


@app.command("schema", cls=Command)
@handle_errors
def schema(
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Write to this file instead of stdout (- is stdout)."
    ),
) -> None:
    """Print the JSON Schema of rubric files (generated from the models)."""
    from careerkit.scaffold import schema_text

    emit(schema_text(), output)


@app.command("init", cls=Command)
@handle_errors
def init(
    path: Path = typer.Argument(..., metavar="PATH", help="The new rubric file (.yaml).",
                                show_default=False),
    source: str | None = typer.Option(
        None, "--from", help="Start from a copy of this rubric (a name or a path).",
        autocompletion=rubric_names
    ),
    force: bool = typer.Option(False, "--force", help="Overwrite PATH if it exists."),
) -> None:
    """Start a new rubric: a minimal valid skeleton, or a commented copy of another."""
    import shlex

    from careerkit.cli.invocation import careerkit_command
    from careerkit.scaffold import init_rubric

    written = init_rubric(path, source, force=force)
    for file in written:
        say(f"Wrote {file}")
    careerkit, quoted = careerkit_command(), shlex.quote(str(path))
    say(f"Next: edit {path}, then `{careerkit} rubric validate {quoted}` and "
        f"`{careerkit} rubric lint {quoted}`.")


@app.command("lint", cls=Command, short_help="Find what validation cannot: unreachable "
             "bands, actions never chosen, prompts too long, ...")
@handle_errors
def lint(
    paths: list[Path] = typer.Argument(..., metavar="PATH...", help="Rubric files to lint.",
                                       show_default=False),
    strict: bool = typer.Option(False, "--strict", help="Exit 1 when there are warnings."),
) -> None:
    """Find what validation cannot: unreachable bands, actions never chosen, questions never
    asked, bands without actions, thin dimensions, duplicate texts, prompts too long for an
    80x24 terminal. Exit 0 clean, 1 warnings with --strict, 2 errors."""
    from careerkit.lint import lint_rubric
    from careerkit.rubric import find_rubric, rubric_from_document
    from careerkit.rubric.extends import resolve_document

    errors = warnings = 0
    for path in paths:
        try:
            refuse_cases_file(path)
            doc, digest = resolve_document(find_rubric(path))
            rubric = rubric_from_document(doc, digest)
        except ValidationFailed as exc:
            errors += 1
            for problem in exc.problems:
                say(f"{problem} [error]", err=True, fg=typer.colors.RED)
            continue
        except CareerkitError as exc:
            errors += 1
            say(str(exc), err=True, fg=typer.colors.RED)
            continue
        findings = lint_rubric(rubric)
        warnings += len(findings)
        for finding in findings:
            say(f"{doc.problem(finding.location, finding.message)} [warning]",
                err=True, fg=typer.colors.YELLOW)
        if not findings:
            say(f"{path}: clean")
    if errors:
        raise fail(f"{errors} file(s) with errors, {warnings} warning(s).", 2)
    if warnings:
        say(f"{warnings} warning(s).", err=True)
        if strict:
            raise typer.Exit(1)


@app.command("test", cls=Command, short_help="Run rubrics' test cases "
             "(NAME.tests.yaml): the bands, scores and actions answers must give.")
@handle_errors
def test(
    rubrics: list[str] = typer.Argument(
        ..., metavar="RUBRIC...", help="Rubric files or names (their cases are read from "
        "NAME.tests.yaml beside them), or test cases files.", show_default=False),
    cases: Path | None = typer.Option(None, "--cases", help="A test cases file elsewhere "
                                      "(with one rubric)."),
    missing_ok: bool = typer.Option(
        False, "--missing-ok", help="Skip a rubric that has no test cases file, quietly "
        "(for a pre-commit hook that runs on every changed rubric)."),
) -> None:
    """Run rubrics' test cases: answers with the bands, scores and actions they must give.
    Exit 0 when all pass, 1 when any fails, 2 when a file is invalid."""
    from careerkit.cases import cases_path, is_cases_file, load_cases, rubric_beside, run_cases
    from careerkit.rubric import find_rubric, load_rubric

    if cases is not None and len(rubrics) != 1:
        raise InputError("--cases goes with exactly one rubric")
    # A rubric and its cases file both changed: their cases run once.
    runs: dict[Path, tuple[Path, Path | str]] = {}
    for name in rubrics:
        if is_cases_file(name):  # a cases file: its rubric sits beside it
            path = Path(name)
            rubric_path: Path | str = rubric_beside(path)
        else:
            rubric_path = name
            path = cases or cases_path(find_rubric(name))
            if missing_ok and not path.exists():
                continue
        runs.setdefault(path.absolute(), (path, rubric_path))
    passed = failed = 0
    for path, rubric_path in runs.values():
        loaded = load_rubric(rubric_path)
        for result in run_cases(load_cases(path, loaded), loaded):
            if result.passed:
                passed += 1
                say(f"PASS  {result.name}", fg=typer.colors.GREEN)
            else:
                failed += 1
                say(f"FAIL  {result.name}", fg=typer.colors.RED)
                for failure in result.failures:
                    say(f"      {failure}")
    if not runs:
        return  # --missing-ok, and no rubric given has test cases
    say(f"{passed} passed, {failed} failed")
    if failed:
        raise typer.Exit(1)


@app.command("guide", cls=Command)
@handle_errors
def guide(
    path_only: bool = typer.Option(False, "--path", help="Print where the guide file is."),
) -> None:
    """Print the guide to writing rubrics (every key, and a walk-through), for `less`."""
    from careerkit.rubric import rubric_guide_path

    path = rubric_guide_path()
    if path is None:
        raise RuntimeFailure("the rubric guide is not installed with this careerkit; "
                             "reinstall careerkit")
    say(str(path) if path_only else path.read_text(encoding="utf-8"), nl=path_only)


@app.command("preview", cls=Command)
@handle_errors
def preview(
    rubric: str = typer.Argument(..., metavar="RUBRIC", help="A rubric file or name.",
                                 autocompletion=rubric_names,
                                 show_default=False),
    output: Path | None = typer.Option(None, "--output", "-o", help="Where to write the PDF."),
) -> None:
    """Write a sample PDF plan from made-up answers, to see how a rubric's texts look."""
    from careerkit.answers import parse_answers, template_yaml
    from careerkit.report import generation_time, write_pdf
    from careerkit.rubric import load_rubric

    loaded = load_rubric(rubric)
    answers = parse_answers(template_yaml(loaded, example=True, respondent="Preview Student"),
                            loaded)
    made, reproducible = generation_time()
    if reproducible:  # made-up answers dated like the PDF, so SOURCE_DATE_EPOCH pins it
        answers = answers.model_copy(update={"started_at": made, "finished_at": made})
    target = output or Path("reports") / f"preview-{loaded.id}.pdf"
    with pdf_target(target) as path:
        written = write_pdf(answers, loaded, path, warn=warn, sample=True)
    if not is_stdout(target):
        say(f"Wrote {written}")
