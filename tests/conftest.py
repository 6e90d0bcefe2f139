from __future__ import annotations

import ast
import functools
import inspect
import linecache
import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import typer.main
import typer.testing
from hypothesis import settings
from typer.testing import CliRunner, Result

from careerkit.cli import app
from careerkit.rubric import Rubric, load_rubric

# CI runs the same generated examples every time, so a red run is reproducible and a
# green one is not luck. CAREERKIT_HYPOTHESIS_RANDOM=1 searches new ground locally.
RANDOM_SEARCH = bool(os.environ.get("CAREERKIT_HYPOTHESIS_RANDOM"))
settings.register_profile("careerkit", derandomize=not RANDOM_SEARCH)
settings.load_profile("careerkit")

DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def _generated_text_starts_narrow() -> None:
    """`pipeline_inputs` keeps the scripts the current generated rubric draws from in a
    class attribute. Reset it for every test: otherwise a test that draws text before any
    rubric inherits the choice of whichever test ran before it, and draws different
    examples in a whole-suite run than alone."""
    inputs = sys.modules.get("tests.pipeline_inputs")
    if inputs is not None:
        inputs._Scripts.wide = False

# CliRunner turns the typer app into a click command on every call (about 50 ms, most of
# an in-process command's time); the result depends on the app only, which no test
# changes. A `careerkit` process builds it once; so does a test run.
assert hasattr(typer.testing, "_get_command"), "typer.testing no longer has _get_command"
typer.testing._get_command = functools.cache(typer.main.get_command)

# What makes a test slow: a fresh interpreter, a terminal (real, or prompt_toolkit's on a
# pipe), a PDF, validation against the JSON Schema, forked processes, generated examples.
# Such tests are marked `slow` here, so `pytest -m "not slow"` is the quick loop while
# editing; CI runs everything.
SLOW_CALLS = ("subprocess.", "pexpect", "sys.executable", "render_pdf", "write_pdf",
              "render_report", "render_cohort_pdf", "write_cohort_pdf", "build_pdf",
              '"report"', '"preview"', '"cohort"', "pdf_text", "PdfReader",
              "create_pipe_input", "with terminal(", "jsonschema", "os.fork", "deep")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        function = getattr(item, "function", None)
        if function is None or item.get_closest_marker("slow"):
            continue
        try:
            source = _source(function)
        except (OSError, TypeError):
            continue
        generated = getattr(function, "is_hypothesis_test", False)
        if generated or any(call in source for call in SLOW_CALLS) or _uses_slow_fixture(item):
            item.add_marker(pytest.mark.slow)


def _uses_slow_fixture(item: pytest.Item) -> bool:
    """A fixture defined in the test's module that renders a PDF or starts a process."""
    definitions = getattr(getattr(item, "_fixtureinfo", None), "name2fixturedefs", {})
    for name in getattr(item, "fixturenames", ()):
        for definition in definitions.get(name, ()):
            func = getattr(definition, "func", None)
            if getattr(func, "__module__", None) != item.module.__name__:
                continue
            try:
                source = _source(func)
            except (OSError, TypeError):
                continue
            if any(call in source for call in SLOW_CALLS):
                return True
    return False


def _source(function: Callable[..., object]) -> str:
    """The function's source, as `inspect.getsource` gives it. That tokenizes the file from
    the function on, once per test: a quarter of collection time. One parse per file finds
    every function's lines instead."""
    function = inspect.unwrap(function)
    code = getattr(function, "__code__", None)
    if code is not None:
        span = _function_lines(code.co_filename).get(code.co_firstlineno)
        if span is not None:
            first, last = span
            return "".join(linecache.getlines(code.co_filename)[first - 1:last])
    return inspect.getsource(function)


@functools.cache
def _function_lines(filename: str) -> dict[int, tuple[int, int]]:
    """First and last line of every function in a file, by its first line as its code
    object counts it (the first decorator's)."""
    try:
        tree = ast.parse("".join(linecache.getlines(filename)))
    except (SyntaxError, ValueError):
        return {}
    spans: dict[int, tuple[int, int]] = {}
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            spans[first] = (first, node.end_lineno or node.lineno)
    return spans


ALL_TYPES = DATA / "rubrics" / "all-types.yaml"


@pytest.fixture
def all_types() -> Rubric:
    """A copy of its own for each test (a test may change it), of one load per run."""
    return _loaded(ALL_TYPES).model_copy(deep=True)


@functools.cache
def _loaded(name_or_path: str | Path | None) -> Rubric:
    return load_rubric(name_or_path)


@pytest.fixture(scope="module")
def rubric(request: pytest.FixtureRequest) -> Rubric:
    """The rubric a test module works on: its module-level `RUBRIC` (a path or a name),
    else the default rubric. Loaded once per run: no test changes a rubric."""
    return _loaded(getattr(request.module, "RUBRIC", None))


@pytest.fixture(scope="session")
def default_rubric() -> Rubric:
    return _loaded(None)


@pytest.fixture(scope="session")
def shared_rubric() -> Callable[[str | Path | None], Rubric]:
    """Load a rubric (a name, a path, or None for the default) once per run, for tests
    that only read it: a bundled rubric takes 60-80 ms to load. A test that changes a
    rubric, or looks it up in a folder of its own, loads its own."""
    return _loaded


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Callable[..., Result]:
    """Run `careerkit ARGS...` in-process, with the user data dir in a temp folder."""
    monkeypatch.setenv("CAREERKIT_HOME", str(tmp_path / "home"))

    def run(*args: str, input: str | None = None) -> Result:
        return CliRunner().invoke(app, [str(a) for a in args], input=input)

    return run
