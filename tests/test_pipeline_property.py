"""Whatever validates renders: generated rubrics and answers, through `report`, to a PDF.

The examples are derandomized, so CI runs the same ones every time. To search wider on
your own machine, set CAREERKIT_PIPELINE_EXAMPLES (e.g. 5000) and, to draw new examples
on each run, CAREERKIT_PIPELINE_RANDOM=1:

    CAREERKIT_PIPELINE_EXAMPLES=5000 CAREERKIT_PIPELINE_RANDOM=1 \
        .venv/bin/python -m pytest tests/test_pipeline_property.py -x

Every failure found this way belongs in test_report_regressions.py.
"""

from __future__ import annotations

import io
import json
import os
import random
import tempfile
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from typer.testing import CliRunner, Result

from careerkit.answers import Answers, answers_to_yaml, pin
from careerkit.cli import app
from careerkit.rubric import (
    Rubric,
    TextQuestion,
    load_rubric,
)
from tests.pipeline_inputs import (
    answers_for,
    names,
    realistic_answers,
    rubrics,
)

pytestmark = pytest.mark.slow

EXAMPLES = int(os.environ.get("CAREERKIT_PIPELINE_EXAMPLES", "200"))
RANDOM = os.environ.get("CAREERKIT_PIPELINE_RANDOM") == "1"
STARTED = datetime(2026, 3, 1, 9, 0, tzinfo=timezone.utc)
FINISHED = datetime(2026, 3, 1, 9, 40, tzinfo=timezone.utc)


@pytest.fixture(scope="module", autouse=True)
def private_home() -> Iterator[None]:
    with tempfile.TemporaryDirectory() as home, pytest.MonkeyPatch.context() as patch:
        patch.setenv("CAREERKIT_HOME", home)
        patch.setenv("SOURCE_DATE_EPOCH", "1772355600")
        yield


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(app, [str(a) for a in args])


def write_answers(folder: Path, rubric: Rubric, given: dict[str, Any], name: str) -> Path:
    answers = Answers(rubric=pin(rubric), respondent=name, started_at=STARTED,
                      finished_at=FINISHED, answers=given)
    path = folder / "answers.yaml"
    path.write_text(answers_to_yaml(answers, rubric), encoding="utf-8")
    return path


def report_pages(folder: Path, rubric_file: Path, answers_file: Path) -> PdfReader:
    """`careerkit report` must write a PDF that pypdf opens; returns it read back."""
    pdf = folder / "plan.pdf"
    result = run("report", answers_file, "--rubric", rubric_file, "-o", pdf, "--no-compare")
    assert result.exit_code == 0, result.output
    assert "internal error" not in result.output
    return PdfReader(io.BytesIO(pdf.read_bytes()))


# A line break costs a line whatever the length of the line: text of many short lines
# (a 20,000-character reflection with a break every few characters is 40 pages, in full)
# fills pages faster than its characters alone say.
LINE_BREAK_COST = 40


def text_size(rubric_doc: dict[str, Any], given: dict[str, Any]) -> int:
    dumped = json.dumps(rubric_doc, ensure_ascii=False)
    answers = [v for v in given.values() if isinstance(v, str)]
    return (len(dumped) + LINE_BREAK_COST * dumped.count("\\n")
            + sum(len(v) + LINE_BREAK_COST * v.count("\n") for v in answers))


def assert_readable(reader: PdfReader, rubric: Rubric, rubric_doc: dict[str, Any],
                    given: dict[str, Any]) -> None:
    pages = len(reader.pages)
    # Summary, dimensions, plan and appendix at least; then roughly linear in the text.
    questions = sum(len(d.questions) for d in rubric.dimensions)
    ceiling = 6 + 2 * len(rubric.dimensions) + questions + text_size(rubric_doc, given) // 1200
    assert 3 <= pages <= ceiling, (pages, ceiling)
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    assert "CAREER ACTION PLAN" in text
    for i, _ in enumerate(rubric.dimensions):
        assert f"D{i} " in text or f"D{i}\n" in text, f"dimension D{i} is not in the PDF"


# No shrinking: a generated rubric is large and every try renders a PDF, so shrinking can
# take many minutes; the failing example is printed whole instead.
@settings(max_examples=EXAMPLES, deadline=None, derandomize=not RANDOM,
          phases=[Phase.explicit, Phase.reuse, Phase.generate],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.large_base_example])
@given(st.data())
def test_every_valid_rubric_and_answers_make_a_readable_pdf(data: st.DataObject) -> None:
    rubric_doc = data.draw(rubrics(), label="rubric")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        rubric_file = folder / "generated.yaml"
        rubric_file.write_text(json.dumps(rubric_doc, ensure_ascii=False, indent=1),
                               encoding="utf-8")
        rubric = load_rubric(rubric_file)  # the generator only makes valid rubrics
        given = data.draw(st.composite(lambda draw: answers_for(draw, rubric))(),
                          label="answers")
        name = data.draw(names(), label="name")
        answers_file = write_answers(folder, rubric, given, name)
        reader = report_pages(folder, rubric_file, answers_file)
        assert_readable(reader, rubric, rubric_doc, given)


@settings(max_examples=max(20, EXAMPLES // 5), deadline=None, derandomize=not RANDOM,
          phases=[Phase.explicit, Phase.reuse, Phase.generate],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.large_base_example])
@given(rubrics())
def test_every_valid_rubric_previews(rubric_doc: dict[str, Any]) -> None:
    """An advisor's `rubric preview` of any rubric that validates makes its sample PDF."""
    with tempfile.TemporaryDirectory() as tmp:
        rubric_file = Path(tmp) / "generated.yaml"
        rubric_file.write_text(json.dumps(rubric_doc, ensure_ascii=False), encoding="utf-8")
        target = Path(tmp) / "preview.pdf"
        result = run("rubric", "preview", rubric_file, "-o", target)
        assert result.exit_code == 0, result.output
        reader = PdfReader(io.BytesIO(target.read_bytes()))
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
        for i, _ in enumerate(rubric_doc["dimensions"]):
            assert f"D{i} " in text or f"D{i}\n" in text, f"dimension D{i} is not in the PDF"


# -- a corpus of realistic answers to the default rubric -----------------------------------


CORPUS_NAMES = ["Zoë Ångström", "王小明", "Ana Souza", "Ελένη Παπαδοπούλου", "Ivan Petrov",
                "Fatima Al-Sayed", "Noa Levi", "Priya Raman", "Kim Min-jun", "Łucja Nowak"]


@pytest.mark.parametrize("batch", range(4))
def test_a_corpus_of_realistic_answers_all_render(
    batch: int, default_rubric: Rubric, tmp_path: Path,
    cli: Callable[..., Result],
) -> None:
    """120 students with reflections of a few sentences: every one gets a PDF."""
    rubric_file = default_rubric.path
    assert rubric_file is not None
    for i in range(batch * 30, batch * 30 + 30):
        rng = random.Random(i)
        given = realistic_answers(rng, default_rubric)
        reflections = [v for k, v in given.items()
                       if isinstance(default_rubric.question(k), TextQuestion)]
        assert len(reflections) >= 2 and all(len(v) > 60 for v in reflections)
        folder = tmp_path / f"s{i}"
        folder.mkdir()
        answers_file = write_answers(folder, default_rubric, given, CORPUS_NAMES[i % 10])
        pdf = folder / "plan.pdf"
        result = cli("report", answers_file, "-o", pdf, "--no-compare")
        assert result.exit_code == 0, (i, result.output)
        reader = PdfReader(io.BytesIO(pdf.read_bytes()))
        text = "".join(page.extract_text() or "" for page in reader.pages)
        assert "Your reflections" in text
        assert len(reader.pages) >= 4
