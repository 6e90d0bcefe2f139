from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
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
ALL_TYPES = DATA / "rubrics" / "all-types.yaml"


@pytest.fixture
def all_types() -> Rubric:
    return load_rubric(ALL_TYPES)


@pytest.fixture(scope="session")
def default_rubric() -> Rubric:
    return load_rubric()


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Callable[..., Result]:
    """Run `careerkit ARGS...` in-process, with the user data dir in a temp folder."""
    monkeypatch.setenv("CAREERKIT_HOME", str(tmp_path / "home"))

    def run(*args: str, input: str | None = None) -> Result:
        return CliRunner().invoke(app, [str(a) for a in args], input=input)

    return run
