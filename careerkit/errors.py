"""Every error careerkit raises on purpose.

    CareerkitError                 root; the CLI turns it into a red line and an exit code
    ├── InputError                 bad input from a user: a file, a flag, an answer (exit 2)
    │   └── ValidationFailed       one or more `FILE:LINE: location: message` problems
    ├── RuntimeFailure             the program could not do its job: disk full, read-only (exit 1)
    └── Interrupted                the user stopped the program; progress was saved (exit 130)

Anything else that escapes is a bug, and the CLI says so (with the traceback under --debug).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

__all__ = [
    "CareerkitError",
    "InputError",
    "Interrupted",
    "Location",
    "Problem",
    "RuntimeFailure",
    "ValidationFailed",
    "dotted",
    "first_problem",
]

# Where something sits inside a YAML document: keys and list indexes from the top, e.g.
# ("dimensions", 2, "questions", 0, "id"). Problems keep it until they are printed.
Location = tuple[str | int, ...]


class CareerkitError(Exception):
    """Root of careerkit's own errors; `exit_code` is what the CLI exits with."""

    exit_code = 1


class InputError(CareerkitError):
    """The user gave something careerkit cannot use; the message says what to do."""

    exit_code = 2


class RuntimeFailure(CareerkitError):
    """The input was fine but the job could not be done (a write failed, ...)."""

    exit_code = 1


class Interrupted(CareerkitError):
    """Ctrl-C, Ctrl-D, SIGTERM or SIGHUP: the caller saved what there was to save."""

    exit_code = 130


def dotted(location: Location) -> str:
    """``("dimensions", 2, "questions", 0, "id")`` -> ``dimensions[2].questions[0].id``."""
    out = ""
    for step in location:
        if isinstance(step, int):
            out += f"[{step}]"
        else:
            out += f".{step}" if out else step
    return out


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one file, located as precisely as we can.

    It stays structured until it is printed: `file` is None when the problem is about a
    whole file that whoever holds the problem already knows (`in_file` names it), and
    `str()` is the one place that writes `FILE:LINE: location: message`.
    """

    file: Path | None
    line: int | None
    location: Location
    message: str

    def in_file(self, file: Path) -> Problem:
        """This problem, placed in `file` when it names no file of its own."""
        return self if self.file is not None else replace(self, file=file)

    def __str__(self) -> str:
        if self.file is None and self.line is None:
            where = ""
        else:
            where = str(self.file) if self.file is not None else "<input>"
            if self.line is not None:
                where = f"{where}:{self.line}"
        parts = [part for part in (where, dotted(self.location), self.message) if part]
        return ": ".join(parts)


class ValidationFailed(InputError):
    """A file could not be used: it is missing, unreadable or invalid. Carries every
    problem found, not only the first, each with its file and line."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (str(p.file), p.line or 0,
                                                        dotted(p.location)))
        super().__init__("\n".join(str(p) for p in self.problems))


def first_problem(exc: CareerkitError) -> Problem:
    """The first thing an error reports, kept structured: its first `Problem`, or else
    the first line of its message as a problem that names no file."""
    problems: list[Problem] = getattr(exc, "problems", None) or []
    if problems:
        return problems[0]
    text = str(exc)
    return Problem(None, None, (), text.splitlines()[0] if text else type(exc).__name__)
