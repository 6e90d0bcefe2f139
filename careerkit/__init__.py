"""careerkit: a career self-assessment for ML PhD students, from rubric to PDF plan.

The public API, one function per stage of the data flow:

    rubric = load_rubric()                      # YAML -> Rubric (validated)
    answers = load_answers(path, rubric)        # YAML -> Answers (checked against it)
    card = score(answers, rubric)               # -> Scorecard, with the why-trail
    plan = build_plan(card, rubric, answers)    # -> ActionPlan
    write_pdf(answers, rubric, "plan.pdf")      # -> the PDF

Names are imported on first use, so `import careerkit` (and `careerkit --help`) stays
quick: pydantic and reportlab load only when a stage that needs them runs.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from careerkit._version import __version__

if TYPE_CHECKING:
    from careerkit.answers import Answers, load_answers
    from careerkit.errors import CareerkitError, InputError, RuntimeFailure, ValidationFailed
    from careerkit.plan import ActionPlan, build_plan
    from careerkit.report import render_pdf, write_pdf
    from careerkit.rubric import Rubric, load_rubric
    from careerkit.scoring import Scorecard, score

__all__ = [
    "ActionPlan",
    "Answers",
    "CareerkitError",
    "InputError",
    "Rubric",
    "RuntimeFailure",
    "Scorecard",
    "ValidationFailed",
    "__version__",
    "build_plan",
    "load_answers",
    "load_rubric",
    "render_pdf",
    "score",
    "write_pdf",
]

_HOMES = {
    "ActionPlan": "careerkit.plan",
    "Answers": "careerkit.answers",
    "CareerkitError": "careerkit.errors",
    "InputError": "careerkit.errors",
    "Rubric": "careerkit.rubric",
    "RuntimeFailure": "careerkit.errors",
    "Scorecard": "careerkit.scoring",
    "ValidationFailed": "careerkit.errors",
    "build_plan": "careerkit.plan",
    "load_answers": "careerkit.answers",
    "load_rubric": "careerkit.rubric",
    "render_pdf": "careerkit.report",
    "score": "careerkit.scoring",
    "write_pdf": "careerkit.report",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'careerkit' has no attribute {name!r}")
    return getattr(importlib.import_module(home), name)


def __dir__() -> list[str]:
    return sorted(__all__)
