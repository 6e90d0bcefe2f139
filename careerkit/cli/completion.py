"""Shell completion of rubric names (typer completes commands, options and files)."""

from __future__ import annotations

__all__ = ["rubric_names"]


def rubric_names(incomplete: str) -> list[str]:
    """Known rubric names that start with what was typed; none for a path, so that the
    shell completes file names instead."""
    if "/" in incomplete or incomplete.startswith("."):
        return []
    from careerkit.rubric import rubric_catalogue

    try:
        return [name for name in rubric_catalogue() if name.startswith(incomplete)]
    except Exception:  # a completion must never print a traceback into the command line
        return []
