"""Every error careerkit raises on purpose.

    CareerkitError                 root; the CLI turns it into a red line and an exit code
    ├── InputError                 bad input from a user: a file, a flag, an answer (exit 2)
    │   └── ValidationFailed       one or more `FILE:LINE: location: message` problems
    ├── RuntimeFailure             the program could not do its job: disk full, read-only (exit 1)
    └── Interrupted                the user stopped the program; progress was saved (exit 130)

Anything else that escapes is a bug, and the CLI says so (with the traceback under --debug).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "CareerkitError",
    "InputError",
    "Interrupted",
    "Location",
    "Problem",
    "RuntimeFailure",
    "ValidationFailed",
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


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one file, located as precisely as we can."""

    file: Path | None
    line: int | None
    location: str
    message: str

    def __str__(self) -> str:
        where = str(self.file) if self.file is not None else "<input>"
        if self.line is not None:
            where = f"{where}:{self.line}"
        if self.location:
            return f"{where}: {self.location}: {self.message}"
        return f"{where}: {self.message}"


class ValidationFailed(InputError):
    """A file failed validation; carries every problem found, not only the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (str(p.file), p.line or 0, p.location))
        super().__init__("\n".join(str(p) for p in self.problems))
