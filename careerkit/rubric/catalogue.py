"""Finding rubrics by name: the bundled ones, the user's rubric folder, ./rubrics/.

`careerkit rubric list` shows this catalogue; a later folder shadows an earlier rubric of
the same name.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from careerkit.errors import InputError
from careerkit.rubric.models import DEFAULT_RUBRIC
from careerkit.store import data_dir

__all__ = [
    "TESTS_SUFFIXES",
    "CatalogueEntry",
    "bundled_dir",
    "bundled_rubrics",
    "find_rubric",
    "rubric_catalogue",
    "rubric_folders",
    "rubric_guide_path",
]


def bundled_dir() -> Path:
    """Bundled rubrics: inside the installed package, or the repo's rubrics/ in a checkout."""
    here = Path(__file__).resolve().parent.parent
    packaged = here / "rubrics"
    return packaged if packaged.is_dir() else here.parent / "rubrics"


def rubric_guide_path() -> Path | None:
    """docs/rubric-guide.md: inside the installed package, or the repo's docs/ in a
    checkout (`careerkit rubric guide` prints it; messages point there)."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "docs" / "rubric-guide.md",
                      here.parent / "docs" / "rubric-guide.md"):
        if candidate.is_file():
            return candidate
    return None


@dataclass(frozen=True)
class CatalogueEntry:
    name: str
    path: Path
    origin: str  # "bundled", "user" or "project"
    shadows: tuple[Path, ...] = ()


def rubric_folders() -> list[tuple[str, Path]]:
    """Where rubrics are found by name, lowest precedence first: the bundled ones, the
    user's rubric folder, then ./rubrics/ of the current folder."""
    return [
        ("bundled", bundled_dir()),
        ("user", data_dir() / "rubrics"),
        ("project", Path.cwd() / "rubrics"),
    ]


def _rubric_files(folder: Path) -> list[Path]:
    # os.path.isdir, not Path.is_dir: a folder that cannot be entered (permissions) is one
    # with no rubrics to offer, not a crash of commands that never needed it.
    if not os.path.isdir(folder):
        return []
    return sorted(
        p for p in folder.glob("*.y*ml")
        if p.suffix in (".yaml", ".yml") and not p.name.endswith(TESTS_SUFFIXES)
    )


TESTS_SUFFIXES = (".tests.yaml", ".tests.yml")


def rubric_catalogue() -> dict[str, CatalogueEntry]:
    """Every rubric known by name; a later folder shadows an earlier one of the same name."""
    catalogue: dict[str, CatalogueEntry] = {}
    seen: set[Path] = set()
    for origin, folder in rubric_folders():
        for path in _rubric_files(folder):
            resolved = path.resolve()
            if resolved in seen:  # ./rubrics/ in a checkout is the bundled folder itself
                continue
            seen.add(resolved)
            earlier = catalogue.get(path.stem)
            shadows = (*earlier.shadows, earlier.path) if earlier else ()
            catalogue[path.stem] = CatalogueEntry(path.stem, path, origin, shadows)
    return catalogue


def bundled_rubrics() -> dict[str, Path]:
    return {p.stem: p for p in _rubric_files(bundled_dir())}


def find_rubric(name_or_path: str | Path | None) -> Path:
    """A path, or the name of a rubric on the search path; None means the default rubric."""
    if name_or_path is None:
        name_or_path = DEFAULT_RUBRIC
    candidate = Path(name_or_path)
    if str(candidate) == "-":  # standard input
        return candidate
    if candidate.exists() or candidate.suffix in (".yaml", ".yml") or "/" in str(candidate):
        return candidate
    catalogue = rubric_catalogue()
    entry = catalogue.get(str(name_or_path))
    if entry is not None:
        return entry.path
    names = ", ".join(catalogue) or "none"
    raise InputError(
        f"{name_or_path}: no such rubric file or known rubric (known: {names}); "
        "give a path to a .yaml file or see `careerkit rubric list`"
    )
