"""Shell completion of rubric names (typer completes commands, options and files)."""

from __future__ import annotations

from careerkit.safetext import text_problem

__all__ = ["rubric_names"]


def rubric_names(incomplete: str) -> list[str]:
    """Known rubric names that start with what was typed; none for a path, so that the
    shell completes file names instead. A name is a file name found in ./rubrics/, which
    may be anyone's: one holding a control character or a space is never offered, since
    the shell would put it on the command line and on the terminal as it is."""
    if "/" in incomplete or incomplete.startswith("."):
        return []
    from careerkit.rubric import rubric_catalogue

    try:
        return [name for name in rubric_catalogue() if name.startswith(incomplete)
                and text_problem(name, multiline=False) is None and " " not in name]
    except Exception:  # a completion must never print a traceback into the command line
        return []
