"""Loading a rubric: find it, follow `extends`, validate it in two passes."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from careerkit.errors import Problem, ValidationFailed
from careerkit.rubric.catalogue import find_rubric
from careerkit.rubric.extends import resolve_document
from careerkit.rubric.models import Rubric
from careerkit.rubric.validation import check_rubric, pydantic_problems
from careerkit.yamlio import YamlDocument, as_core_schema

__all__ = ["load_rubric", "rubric_from_document"]


def rubric_from_document(doc: YamlDocument, sha256: str = "") -> Rubric:
    """Validate parsed YAML as a rubric; raise ValidationFailed with every problem."""
    if not isinstance(doc.data, dict):
        raise ValidationFailed(
            [doc.problem((), "a rubric file must be a mapping (key: value lines) at the top")]
        )
    try:
        # Strict, on the data as editors read it: the JSON Schema and validation agree in
        # both directions (`weight: "2"`, `weight: true` and `1_000` are refused by both).
        rubric = Rubric.model_validate(as_core_schema(doc.data), strict=True)
    except ValidationError as exc:
        raise ValidationFailed(_blame(doc, pydantic_problems(doc, exc))) from None
    problems = check_rubric(rubric)
    if problems:
        raise ValidationFailed(
            _blame(doc, [doc.problem(loc, message) for loc, message in problems]))
    rubric._path = doc.path
    rubric._sha256 = sha256
    return rubric


def _blame(doc: YamlDocument, problems: list[Problem]) -> list[Problem]:
    """In a rubric that extends another, a problem found in the base's lines is usually
    caused by the change (bands replaced, a question removed): say which file changed it."""
    if doc.path is None or not doc.files:
        return problems
    return [
        p if p.file == doc.path else Problem(
            p.file, p.line, p.location, f"{p.message} (in the base rubric, as changed by "
            f"{doc.path})")
        for p in problems
    ]


def load_rubric(name_or_path: str | Path | None = None) -> Rubric:
    """Load and validate a rubric by path or name, following `extends`; raise careerkit
    errors only."""
    doc, digest = resolve_document(find_rubric(name_or_path))
    return rubric_from_document(doc, digest)
