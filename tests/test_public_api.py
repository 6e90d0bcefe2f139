"""The public surface is deliberate: pinned here, and cheap to import."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import careerkit


def test_exported_members_are_pinned() -> None:
    assert careerkit.__all__ == [
        "ActionPlan", "Answers", "CareerkitError", "InputError", "Rubric", "RuntimeFailure",
        "Scorecard", "ValidationFailed", "__version__", "build_plan", "load_answers",
        "load_rubric", "render_pdf", "score", "write_pdf",
    ]
    for name in careerkit.__all__:
        assert getattr(careerkit, name) is not None


def test_the_whole_flow_through_the_public_api(tmp_path: Path) -> None:
    from careerkit.answers import template_yaml

    rubric = careerkit.load_rubric()
    path = tmp_path / "answers.yaml"
    path.write_text(template_yaml(rubric, example=True), encoding="utf-8")
    answers = careerkit.load_answers(path, rubric)
    card = careerkit.score(answers, rubric)
    plan = careerkit.build_plan(card, rubric, answers)
    assert plan.actions and card.overall is not None
    pdf = careerkit.write_pdf(answers, rubric, tmp_path / "plan.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")


def test_importing_careerkit_loads_nothing_heavy() -> None:
    code = ("import sys, careerkit; print([m for m in ('pydantic', 'reportlab', 'questionary',"
            " 'typer') if m in sys.modules])")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"
