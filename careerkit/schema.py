"""The JSON Schema of rubric files, generated from the models (never written by hand).

Beside careerkit.reference, which generates the field reference from the same models.
"""

from __future__ import annotations

import copy
from typing import Any

from careerkit.rubric.models import Rubric

__all__ = ["rubric_json_schema"]


def rubric_json_schema() -> dict[str, Any]:
    """JSON Schema of rubric files, for editors (yaml-language-server) and checks.

    A rubric with `extends` changes its base by id, so its items may be partial: it is
    checked against "Partial" copies of the definitions in which only `id` is required.
    """
    strict = Rubric.model_json_schema(by_alias=True)
    definitions: dict[str, Any] = strict.pop("$defs", {})
    definitions["Rubric"] = strict
    partial = {f"Partial{name}": _partial(copy.deepcopy(d)) for name, d in definitions.items()}
    partial["PartialRubric"]["required"] = ["extends", "id"]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "careerkit rubric",
        "description": "A careerkit rubric file (YAML). The guide: `careerkit rubric guide`.",
        "if": {"required": ["extends"]},
        "then": {"$ref": "#/$defs/PartialRubric"},
        "else": {"$ref": "#/$defs/Rubric"},
        "$defs": {**definitions, **partial},
    }


def _partial(schema: Any) -> Any:
    """A copy of a schema in which only `id` is required and references point to partials."""
    if isinstance(schema, dict):
        out = {k: _partial(v) for k, v in schema.items() if k != "discriminator"}
        if "$ref" in out and isinstance(out["$ref"], str):
            out["$ref"] = out["$ref"].replace("#/$defs/", "#/$defs/Partial")
        if "required" in out and isinstance(out["required"], list):
            out["required"] = [k for k in out["required"] if k == "id"]
        if "oneOf" in out:  # without `type`, the union members can no longer be told apart
            out["anyOf"] = out.pop("oneOf")
        return out
    if isinstance(schema, list):
        return [_partial(v) for v in schema]
    return schema
