"""Documents with a generated part between two markers (the README's command table, the
rubric guide's field reference): replace that part, or check that it is current."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from careerkit.store import atomic_write_text

__all__ = ["replace_marked", "sync_document"]


def replace_marked(document: str, start: str, end: str, block: str, what: str) -> str:
    """`document` with everything from `start` to `end` replaced by `block` (which
    carries the markers itself)."""
    if start not in document or end not in document:
        raise ValueError(f"the document has no {what} markers")
    return document[: document.index(start)] + block + document[document.index(end) + len(end):]


def sync_document(argv: list[str], replace: Callable[[str], str], *, usage: str,
                  stale: str) -> int:
    """`[--check] FILE`: rewrite FILE's generated part (atomically, only when it changed),
    or with --check exit 1 and say `stale` when it is not current."""
    check = "--check" in argv
    paths = [Path(a) for a in argv if a != "--check"]
    if len(paths) != 1:
        print(usage, file=sys.stderr)
        return 2
    text = paths[0].read_text(encoding="utf-8")
    updated = replace(text)
    if check:
        if updated != text:
            print(f"{paths[0]}: {stale} {paths[0]}", file=sys.stderr)
            return 1
        return 0
    if updated != text:
        atomic_write_text(paths[0], updated)
    return 0
