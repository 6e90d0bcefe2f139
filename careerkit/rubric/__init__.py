"""The rubric: what a rubric file may say, where rubrics are found, and loading one.

    models       the pydantic models; each question type carries its own behaviour
    catalogue    rubrics by name: bundled, the user's rubric folder, ./rubrics/
    extends      `extends:`: a rubric that starts from another one
    validation   cross-reference checks; pydantic errors as FILE:LINE problems
    loading      find + extends + both validation passes = `load_rubric`

The JSON Schema is generated beside the field reference (careerkit.schema). Everything
public is importable from `careerkit.rubric`.
"""

from __future__ import annotations

from careerkit.rubric.catalogue import (
    TESTS_SUFFIXES,
    CatalogueEntry,
    bundled_dir,
    bundled_rubrics,
    find_rubric,
    rubric_catalogue,
    rubric_folders,
    rubric_guide_path,
)
from careerkit.rubric.loading import load_rubric, rubric_from_document
from careerkit.rubric.models import *  # noqa: F403  (its __all__ is this package's too)
from careerkit.rubric.models import __all__ as _models_all
from careerkit.rubric.validation import check_rubric, pydantic_problems

__all__ = [
    *_models_all,
    "TESTS_SUFFIXES",
    "CatalogueEntry",
    "bundled_dir",
    "bundled_rubrics",
    "check_rubric",
    "find_rubric",
    "load_rubric",
    "pydantic_problems",
    "rubric_catalogue",
    "rubric_folders",
    "rubric_from_document",
    "rubric_guide_path",
]
