"""`extends:` — a rubric that starts from another one and changes it by id.

The child file's keys override the base's. `dimensions`, and within a dimension
`questions` and `actions`, are merged by `id`: an item with a known id changes only the
keys it gives, an item with a new id is added (and must be complete). A top-level
`remove:` drops items by id. Every value of the merged rubric remembers the file and line
it came from, so an error in the result still points at the line to fix.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from careerkit.errors import Location, Problem, ValidationFailed
from careerkit.rubric.catalogue import rubric_catalogue
from careerkit.yamlio import YamlDocument, load_yaml_text, read_text_file, source_name

__all__ = ["resolve_document"]

MAX_CHAIN = 8
# Keys a new item must give; without them a "new" id is almost surely a misspelt one.
_REQUIRED_NEW = {
    "dimensions": ("title", "why", "questions"),
    "questions": ("type", "text"),
    "actions": ("title", "do", "outcome", "horizon_days"),
}
_REMOVABLE = ("dimensions", "questions", "actions")


@dataclass
class _Node:
    """A value with the file and line it was written at."""

    value: Any  # dict[str, _Node] | list[_Node] | a scalar
    file: Path | None
    line: int


def resolve_document(path: Path, *, _chain: tuple[Path, ...] = ()) -> tuple[YamlDocument, str]:
    """Read a rubric file and, through `extends`, its bases; return the merged document and
    a sha256 that changes when the file or any of its bases changes."""
    text = read_text_file(path, what="rubric file")
    doc = _parsed(text, source_name(path))
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if not isinstance(doc.data, dict) or "extends" not in doc.data:
        return doc, digest
    reference = doc.data["extends"]
    here = path.resolve()
    if not isinstance(reference, str) or not reference.strip():
        raise ValidationFailed([doc.problem(("extends",), "give the name of a bundled rubric "
                                            "or a path relative to this file")])
    base_path = _find_base(reference, path)
    if base_path is None:
        raise ValidationFailed([doc.problem(("extends",), f"base rubric {reference!r} not "
                                            "found: give a bundled name (see `careerkit "
                                            "rubric list`) or a path relative to this file")])
    chain = (*_chain, here)
    if base_path.resolve() in chain:
        names = " -> ".join(p.name for p in (*chain, base_path.resolve()))
        raise ValidationFailed([doc.problem(("extends",), f"extends cycle: {names}")])
    if len(chain) >= MAX_CHAIN:
        raise ValidationFailed([doc.problem(("extends",), f"more than {MAX_CHAIN} levels of "
                                            "extends")])
    base_doc, base_digest = resolve_document(base_path, _chain=chain)
    if not isinstance(base_doc.data, dict):
        raise ValidationFailed([base_doc.problem((), "a rubric file must be a mapping")])
    merged = _merge(_tree(base_doc), _tree(doc), doc)
    combined = hashlib.sha256(f"{digest}\n{base_digest}".encode()).hexdigest()
    return _document(merged, path), combined


@functools.lru_cache(maxsize=4)
def _parsed(text: str, name: Path) -> YamlDocument:
    """The parsed file, shared by every reading of the same text in one process: one command
    can read a rubric several times (the answers' rubric, then the one of the last attempt;
    every rubric and its base for `rubric list`), and parsing the default rubric is ~70 ms.
    Keyed by the text itself, so an edited file is parsed again. Read only: nothing changes
    a parsed document (a merge builds a new one)."""
    return load_yaml_text(text, name)


def _find_base(reference: str, child: Path) -> Path | None:
    candidate = Path(reference)
    if not candidate.is_absolute():
        candidate = child.parent / candidate
    if candidate.is_file():
        return candidate
    if candidate.suffix not in (".yaml", ".yml") and "/" not in reference:
        # A name means the rubric of that name beside this file first (so bundled rubrics
        # always extend bundled ones), then anywhere on the rubric search path.
        for suffix in (".yaml", ".yml"):
            beside = child.parent / f"{reference}{suffix}"
            if beside.is_file() and beside.resolve() != child.resolve():
                return beside
        entry = rubric_catalogue().get(reference)
        if entry is None:
            return None
        # A user's `ml-phd-career.yaml` that extends `ml-phd-career` means the one it
        # shadows, not itself.
        options = [entry.path, *reversed(entry.shadows)]
        for option in options:
            if option.resolve() != child.resolve():
                return option
    return None


# -- trees with origins -----------------------------------------------------------------------


def _tree(doc: YamlDocument, data: Any = None, at: Location = ()) -> _Node:
    value = doc.data if not at else data
    line = doc.lines.get(at, 1)
    file = doc.files.get(at, doc.path)
    if isinstance(value, dict):
        return _Node({k: _tree(doc, v, (*at, k)) for k, v in value.items()}, file, line)
    if isinstance(value, list):
        return _Node([_tree(doc, v, (*at, i)) for i, v in enumerate(value)], file, line)
    return _Node(value, file, line)


def _document(node: _Node, path: Path) -> YamlDocument:
    doc = YamlDocument(data=None, path=path)

    def flatten(n: _Node, at: Location) -> Any:
        doc.lines[at] = n.line
        doc.files[at] = n.file
        if isinstance(n.value, dict):
            return {k: flatten(v, (*at, k)) for k, v in n.value.items()}
        if isinstance(n.value, list):
            return [flatten(v, (*at, i)) for i, v in enumerate(n.value)]
        return n.value

    doc.data = flatten(node, ())
    return doc


# -- merging ----------------------------------------------------------------------------------


def _merge(base: _Node, child: _Node, doc: YamlDocument) -> _Node:
    problems: list[Problem] = []
    merged = dict(base.value)
    for key, value in child.value.items():
        if key in ("extends", "remove"):
            continue
        if key == "dimensions" and isinstance(value.value, list) and key in merged:
            merged[key] = _merge_list(merged[key], value, "dimensions", doc, problems)
        elif key == "scales" and isinstance(value.value, dict) and key in merged:
            merged[key] = _Node({**merged[key].value, **value.value}, value.file, value.line)
        else:
            merged[key] = value
    if "remove" in child.value:
        _remove(merged, child.value["remove"], doc, problems)
    if problems:
        raise ValidationFailed(problems)
    return _Node(merged, child.file, child.line)


def _ids(items: list[_Node]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, item in enumerate(items):
        if isinstance(item.value, dict) and "id" in item.value:
            found.setdefault(str(item.value["id"].value), index)
    return found


def _merge_list(
    base: _Node, child: _Node, kind: str, doc: YamlDocument, problems: list[Problem]
) -> _Node:
    if not isinstance(base.value, list):
        return child
    items = list(base.value)
    known = _ids(items)
    for item in child.value:
        if not isinstance(item.value, dict) or "id" not in item.value:
            problems.append(_problem(item, doc, f"each of `{kind}` needs an `id` in a rubric "
                                     "that extends another"))
            continue
        item_id = str(item.value["id"].value)
        if item_id in known:
            items[known[item_id]] = _merge_item(items[known[item_id]], item, doc, problems)
            continue
        missing = [k for k in _REQUIRED_NEW[kind] if k not in item.value]
        if missing:
            singular = kind[:-1]
            problems.append(_problem(
                item, doc,
                f"no {singular} {item_id!r} in the base rubric to change; to add a new "
                f"{singular}, also give {', '.join(missing)} (known ids: "
                f"{', '.join(sorted(known)) or 'none'})"))
            continue
        known[item_id] = len(items)
        items.append(item)
    return _Node(items, base.file, base.line)


def _merge_item(base: _Node, child: _Node, doc: YamlDocument, problems: list[Problem]) -> _Node:
    merged = dict(base.value)
    for key, value in child.value.items():
        if key in ("questions", "actions") and key in merged and isinstance(value.value, list):
            merged[key] = _merge_list(merged[key], value, key, doc, problems)
        else:
            merged[key] = value
    return _Node(merged, child.file, child.line)


def _remove(merged: dict[str, _Node], spec: _Node, doc: YamlDocument,
            problems: list[Problem]) -> None:
    if not isinstance(spec.value, dict):
        problems.append(_problem(spec, doc, "`remove` takes lists of ids under dimensions, "
                                 "questions and actions"))
        return
    dimensions = merged.get("dimensions")
    dimension_items = dimensions.value if dimensions and isinstance(dimensions.value, list) else []
    for kind, ids in spec.value.items():
        if kind not in _REMOVABLE or not isinstance(ids.value, list):
            problems.append(_problem(ids, doc, f"`remove.{kind}`: use dimensions, questions "
                                     "or actions, each with a list of ids"))
            continue
        for id_node in ids.value:
            target = str(id_node.value)
            if not _remove_one(dimension_items, kind, target):
                problems.append(_problem(id_node, doc, f"cannot remove {kind[:-1]} {target!r}: "
                                         "there is none with that id"))


def _remove_one(dimensions: list[_Node], kind: str, target: str) -> bool:
    if kind == "dimensions":
        index = _ids(dimensions).get(target)
        if index is None:
            return False
        del dimensions[index]
        return True
    for dimension in dimensions:
        items = dimension.value.get(kind) if isinstance(dimension.value, dict) else None
        if items is not None and isinstance(items.value, list):
            index = _ids(items.value).get(target)
            if index is not None:
                items.value = [n for i, n in enumerate(items.value) if i != index]
                return True
    return False


def _problem(node: _Node, doc: YamlDocument, message: str) -> Problem:
    return Problem(node.file or doc.path, node.line, (), message)

