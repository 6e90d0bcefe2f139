"""Reading YAML that people edit by hand, safely and with line numbers.

We compose ruamel.yaml's node tree ourselves instead of letting it construct Python
objects, because that gives us, in one pass:

* YAML 1.2 scalars (``yes`` and ``NO`` stay text) while a plain ``1.10`` in a text field
  keeps its spelling: numbers remember the text they were written as;
* the line of every value, so a pydantic error location maps back to ``FILE:LINE``;
* duplicate keys rejected, aliases and custom tags refused (no alias bombs, nothing runs),
  nesting depth bounded (no RecursionError), a size cap and strict UTF-8.
"""

from __future__ import annotations

import functools
import io
import math
import os
import re
import stat
import sys
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from careerkit.errors import Location, Problem, ValidationFailed

__all__ = [
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "YamlDocument",
    "YamlFloat",
    "YamlInt",
    "load_yaml_file",
    "load_yaml_text",
    "parse_yaml_careful",
    "read_text_file",
]

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 64
# Tags a hand-written file may legitimately spell out; anything else (e.g. !!python/...)
# is refused before any object is built.
_ALLOWED_TAGS = {
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
}



class YamlInt(int):
    """An int that remembers how it was written, so text fields can take it back as text."""

    source: str

    def __new__(cls, value: int, source: str) -> YamlInt:
        obj = super().__new__(cls, value)
        obj.source = source
        return obj


class YamlFloat(float):
    """A float that remembers how it was written (``1.10`` is not ``1.1`` in a title)."""

    source: str

    def __new__(cls, value: float, source: str) -> YamlFloat:
        obj = super().__new__(cls, value)
        obj.source = source
        return obj


# A number as YAML 1.2's core schema writes it: what editors' YAML support reads as one.
_CORE_NUMBER = re.compile(r"""[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+
    |[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?
    |[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)""", re.X)


def is_core_number(text: str) -> bool:
    return _CORE_NUMBER.fullmatch(text) is not None


def as_core_schema(data: Any) -> Any:
    """The data as YAML 1.2's core schema reads it, which is what editors check against
    the JSON Schema. This reader follows ruamel.yaml, which also takes `1_000`, `0b101`
    or `+0x1F` for numbers; in the core schema (and so in an editor) they are text. Such
    numbers are turned back into the text they were written as, so that validation and
    the schema agree on what a file means."""
    # (inf and nan are left as floats: JSON has no such numbers, and the models refuse them.)
    if isinstance(data, (YamlInt, YamlFloat)) and not _CORE_NUMBER.fullmatch(data.source):
        return data.source
    if isinstance(data, YamlFloat) and data.is_integer():
        # JSON Schema's "integer" is any number without a fraction: 30.0 is one.
        return YamlInt(int(data), data.source)
    if isinstance(data, dict):
        return {key: as_core_schema(value) for key, value in data.items()}
    if isinstance(data, list):
        return [as_core_schema(value) for value in data]
    return data


@dataclass
class YamlDocument:
    """Plain Python data plus the line (1-based) of every value and key in it."""

    data: Any
    path: Path | None
    lines: dict[Location, int] = field(default_factory=dict)
    # For merged documents (`extends`): the file each value came from, when not `path`.
    files: dict[Location, Path | None] = field(default_factory=dict)

    def line_of(self, location: Location) -> tuple[int | None, Location]:
        """The line for a (pydantic-style) location, and the part of it that exists.

        Pydantic inserts union tags (``"likert"``) and validator names into locations;
        steps that do not exist in the data are skipped, so the nearest real node wins.
        """
        node: Any = self.data
        found: list[str | int] = []
        for step in location:
            in_mapping = isinstance(node, Mapping) and isinstance(step, str) and step in node
            in_list = isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node)
            if in_mapping or in_list:
                node = node[step]
                found.append(step)
        key = tuple(found)
        while key and key not in self.lines:
            key = key[:-1]
        return self.lines.get(key, 1 if self.data is not None else None), tuple(found)

    def problem(self, location: Location, message: str) -> Problem:
        line, found = self.line_of(location)
        return Problem(self.file_of(found), line, tuple(location), message)

    def file_of(self, found: Location) -> Path | None:
        key = tuple(found)
        while key and key not in self.files:
            key = key[:-1]
        return self.files.get(key, self.path)


STDIN = "-"  # as a path: read standard input, as command-line tools do
_stdin: list[tuple[object, bytes]] = []  # (the stream, what it held): read once


def is_stdin(path: Path | str) -> bool:
    return str(path) == STDIN


def source_name(path: Path) -> Path:
    """The name a file goes by in messages: `<stdin>` for standard input."""
    return Path("<stdin>") if is_stdin(path) else path


def read_text_file(path: Path, *, max_bytes: int = MAX_FILE_BYTES, what: str = "file") -> str:
    """Read a UTF-8 text file, refusing devices, directories, huge and undecodable files;
    every refusal is a `ValidationFailed` naming the file.
    `-` is standard input (read once; a second read gets the same text)."""
    if is_stdin(path):
        stream = sys.stdin.buffer
        if not _stdin or _stdin[0][0] is not stream:
            _stdin[:] = [(stream, stream.read(max_bytes + 1))]
        return _decoded(_stdin[0][1], source_name(path), max_bytes, what)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise _unusable(path, f"no such {what}; check the path") from None
    except OSError as exc:
        raise _unusable(path, f"cannot read this {what}: {exc.strerror}") from None
    if stat.S_ISDIR(st.st_mode):
        raise _unusable(path, f"is a folder, not {_a(what)}; give the path of a .yaml file")
    if not stat.S_ISREG(st.st_mode):
        raise _unusable(path, "is not a regular file; give the path of a .yaml file")
    try:
        with open(path, "rb") as handle:
            raw = handle.read(max_bytes + 1)
    except OSError as exc:
        raise _unusable(path, f"cannot read this {what}: {exc.strerror}") from None
    return _decoded(raw, path, max_bytes, what)


def _unusable(path: Path, message: str, line: int | None = None) -> ValidationFailed:
    return ValidationFailed([Problem(path, line, (), message)])


def _decoded(raw: bytes, path: Path, max_bytes: int, what: str) -> str:
    if len(raw) > max_bytes:
        raise _unusable(path, f"larger than {max_bytes // 1024} KiB; {_a(what)} is never "
                              "that big, is this the right file?")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise _unusable(path, "not valid UTF-8 text; save the file as UTF-8", line) from None


def _a(noun: str) -> str:
    return f"an {noun}" if noun[:1] in "aeiou" else f"a {noun}"


def load_yaml_file(path: Path, *, what: str = "file") -> YamlDocument:
    return load_yaml_text(read_text_file(path, what=what), source_name(path))


def parse_yaml_careful(text: str, path: Path | None = None) -> YamlDocument:
    """Parse one YAML document with ruamel.yaml (pure Python, YAML 1.2): plain data with
    line numbers, or ValidationFailed with the exact problem. The reference reader."""
    # start-up: ruamel.yaml loads only when a file needs the careful reader
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    yaml = YAML(typ="rt")
    yaml.Composer = _guarded_composer()  # type: ignore[assignment]
    try:
        with warnings.catch_warnings():  # e.g. a reused anchor: harmless, and not ours to print
            warnings.simplefilter("ignore")
            node = yaml.compose(text)
    except _Refused as exc:
        raise ValidationFailed([Problem(path, exc.line, (), exc.message)]) from None
    except MarkedYAMLError as exc:
        # Report where the broken construct starts (an unclosed quote's opening line),
        # and where the parser noticed, when those differ.
        mark = exc.context_mark or exc.problem_mark
        line = mark.line + 1 if mark is not None else None
        column = f" (column {mark.column + 1})" if mark is not None else ""
        what = " ".join(s for s in (exc.context, exc.problem) if s) or "invalid YAML"
        noticed = exc.problem_mark
        if noticed is not None and mark is not None and noticed.line != mark.line:
            what += f" (noticed on line {noticed.line + 1})"
        hint = ""
        if ("\t" in text and "tab" in str(exc).lower()) or "found character '\\t'" in str(exc):
            hint = "; indent with spaces, not tabs"
        raise ValidationFailed(
            [Problem(path, line, (), f"YAML syntax error{column}: {what}{hint}")]
        ) from None
    except YAMLError as exc:
        raise ValidationFailed([Problem(path, None, (), f"YAML error: {exc}")]) from None
    except RecursionError:
        raise ValidationFailed(
            [Problem(path, None, (), f"nested more than {MAX_DEPTH} levels deep")]
        ) from None
    if node is None:
        raise ValidationFailed([Problem(path, 1, (), "the file is empty")])
    doc = YamlDocument(data=None, path=path)
    problems: list[Problem] = []
    doc.data = _convert(node, (), doc.lines, problems, path)
    if problems:
        raise ValidationFailed(problems)
    return doc


class _Refused(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@functools.cache
def _guarded_composer() -> type:
    # Built on first use so that importing this module does not import ruamel.yaml.
    from ruamel.yaml.composer import Composer
    from ruamel.yaml.events import AliasEvent

    class GuardedComposer(Composer):
        """Refuses aliases and unknown tags, and bounds depth, while composing."""

        _depth = 0

        def compose_node(self, parent: Any, index: Any) -> Any:
            event = self.parser.peek_event()
            line = event.start_mark.line + 1
            if isinstance(event, AliasEvent):
                raise _Refused(
                    line, "YAML aliases (*name) are not allowed; write the value out in full"
                )
            tag = getattr(event, "tag", None)
            if tag is not None and tag != "!" and _expand_tag(tag) not in _ALLOWED_TAGS:
                raise _Refused(line, f"YAML tag {tag!r} is not allowed; remove it")
            self._depth += 1
            if self._depth > MAX_DEPTH:
                raise _Refused(line, f"nested more than {MAX_DEPTH} levels deep")
            try:
                return super().compose_node(parent, index)
            finally:
                self._depth -= 1

    return GuardedComposer


def _expand_tag(tag: str) -> str:
    if tag.startswith("!!"):
        return "tag:yaml.org,2002:" + tag[2:]
    return tag


_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"


def _scalar(value: str, tag: str, plain: bool) -> Any:
    """A plain scalar by the YAML 1.2 core schema. Anything else stays text: a `%YAML 1.1`
    document's `yes` is not a boolean here, and `0x_` is not a number."""
    if not plain or tag == "tag:yaml.org,2002:str":
        return value
    if tag == _NULL:
        return None
    if tag == _BOOL:
        lowered = value.lower()
        return lowered == "true" if lowered in ("true", "false") else value
    if tag == _INT:
        digits = value.replace("_", "")
        try:
            number = int(digits, 0)
        except ValueError:
            try:
                number = int(digits, 10)
            except ValueError:
                return value
        return YamlInt(number, value)
    if tag == _FLOAT:
        lowered = value.lower().replace("_", "")
        if lowered.endswith(".inf"):
            real = -math.inf if lowered.startswith("-") else math.inf
        elif lowered.endswith(".nan"):
            real = math.nan
        else:
            try:
                real = float(lowered)
            except ValueError:
                return value
        return YamlFloat(real, value)
    return value


def _convert(
    node: Any, here: Location, lines: dict[Location, int], problems: list[Problem],
    path: Path | None,
) -> Any:
    # start-up: ruamel.yaml loads only with the careful reader
    from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

    lines[here] = node.start_mark.line + 1
    if isinstance(node, ScalarNode):
        tag = str(getattr(node.tag, "value", node.tag))
        text = node.value
        if node.style == ">":
            # ruamel's round-trip parser marks each fold of a `>` block with a BEL
            # character (to restore the line breaks on dump); the text has none.
            text = text.replace("\a", "")
        return _scalar(text, tag, node.style is None)
    if isinstance(node, SequenceNode):
        return [
            _convert(item, (*here, index), lines, problems, path)
            for index, item in enumerate(node.value)
        ]
    if isinstance(node, MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                problems.append(
                    Problem(path, key_node.start_mark.line + 1, here,
                            "keys must be plain text, not lists or mappings")
                )
                continue
            key = key_node.value
            at = (*here, key)
            if key in out:
                problems.append(
                    Problem(
                        path,
                        key_node.start_mark.line + 1,
                        at,
                        f"duplicate key {key!r} (first given on line {lines[at]}); "
                        "remove one of them",
                    )
                )
                continue
            out[key] = _convert(value_node, at, lines, problems, path)
            lines[at] = key_node.start_mark.line + 1
        return out
    return None  # pragma: no cover - ruamel has no other node kinds



def dump_yaml(data: Any) -> str:
    """Plain data as block-style YAML 1.2 (for showing a resolved rubric)."""
    # start-up: ruamel.yaml loads only when YAML is written
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    yaml.width = 88
    yaml.sort_base_mapping_type_on_output = False  # type: ignore[assignment]
    stream = io.StringIO()
    yaml.dump(data, stream)
    return stream.getvalue()


# -- the bulk path -------------------------------------------------------------------------------


# A tag can only start a node: after a line start, a space, or a flow indicator.
_TAG = re.compile(r"(?:^|[ \[{,])!", re.MULTILINE)
# Tabs, and everything outside YAML 1.2's printable set or that YAML 1.1 takes for a line
# break (NEL, LS, PS), and a stray byte-order mark. The ASCII test is the common, quick one.
_UNUSUAL_ASCII = re.compile("[\x00-\x09\x0b\x0c\x0e-\x1f\x7f]")
# Written as the characters it finds, not as "none of" the printable ranges: the same set
# (tests/test_yamlio.py checks every code point), compiled in ~1 ms instead of ~5.
_UNUSUAL = "[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]"


@functools.cache
def _unusual() -> re.Pattern[str]:
    # Compiled on first non-ASCII text only.
    return re.compile(_UNUSUAL)


def _needs_care(text: str) -> bool:
    if "!" in text and _TAG.search(text):
        return True
    return bool((_UNUSUAL_ASCII if text.isascii() else _unusual()).search(text))


class _Fallback(Exception):
    """Something the fast path does not handle exactly like the careful one."""


def load_yaml_text(text: str, path: Path | None = None) -> YamlDocument:
    """Parse one YAML document into plain data with line numbers; raise ValidationFailed.

    libyaml's C parser does the work when it can: the pure-Python reader costs ~30x more,
    which shows on every command (a 1,000-line rubric) and on cohorts of thousands of
    files. Scalars are resolved by the YAML 1.2 rules either way; anything the fast path
    cannot vouch for (tags, aliases, any parse error, duplicate keys, deep nesting,
    unusual characters) goes through `parse_yaml_careful`, which gives the exact result
    or error.
    """
    if _needs_care(text):  # possible tags, or characters YAML 1.1 (libyaml)
        return parse_yaml_careful(text, path)  # and 1.2 read differently
    try:
        # start-up: libyaml loads on the first file read
        import yaml

        loader = _bare_loader()
    except (ImportError, AttributeError):  # PyYAML without libyaml
        return parse_yaml_careful(text, path)
    try:
        node = yaml.compose(text, Loader=loader)
        if node is None:
            raise _Fallback
        doc = YamlDocument(data=None, path=path)
        doc.data = _convert_fast(node, (), doc.lines, set())
    except (_Fallback, yaml.YAMLError, RecursionError):
        return parse_yaml_careful(text, path)
    return doc


# YAML 1.2 core schema resolution of plain scalars, in the order and with the patterns
# ruamel.yaml uses for version 1.2, so that both readers always agree (a test checks this
# against ruamel's own resolver). Written out here because importing ruamel's resolver
# costs every command ~20 ms and ~4 MB.
_DIGITS = "0123456789"
_IMPLICIT: list[tuple[str, str, re.Pattern[str]]] = [
    ("tFfT", _BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")),
    ("-+.0123456789", _FLOAT, re.compile(r"""^(?:
         [-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
        |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
        |[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?
        |[-+]?\.(?:inf|Inf|INF)
        |\.(?:nan|NaN|NAN))$""", re.X)),
    ("-+0123456789", _INT, re.compile(r"""^(?:[-+]?0b[0-1_]+
        |[-+]?0o?[0-7_]+
        |[-+]?[0-9_]+
        |[-+]?0x[0-9a-fA-F_]+)$""", re.X)),
    ("<", "tag:yaml.org,2002:merge", re.compile(r"^(?:<<)$")),
    ("~nN", _NULL, re.compile(r"^(?:~|null|Null|NULL|)$")),
    (_DIGITS, "tag:yaml.org,2002:timestamp", re.compile(r"""^(?:
         [0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
        |[0-9][0-9][0-9][0-9] -[0-9][0-9]? -[0-9][0-9]?
        (?:[Tt]|[ \t]+)[0-9][0-9]?
        :[0-9][0-9] :[0-9][0-9] (?:\.[0-9]*)?
        (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""", re.X)),
    ("=", "tag:yaml.org,2002:value", re.compile(r"^(?:=)$")),
]


@functools.lru_cache(maxsize=4096)
def _plain_tag(value: str) -> str:
    """The YAML 1.2 tag of a plain scalar (`str` unless it looks like something else)."""
    if not value:
        return _NULL
    first = value[0]
    for starts, tag, pattern in _IMPLICIT:
        if first in starts and pattern.match(value):
            return tag
    return "tag:yaml.org,2002:str"


@functools.cache
def _bare_loader() -> Any:
    """libyaml's loader without PyYAML's (YAML 1.1) tag guessing: `_plain_tag` does that."""
    # start-up: libyaml loads on the first file read
    import yaml

    class BareLoader(yaml.CSafeLoader):
        yaml_implicit_resolvers: dict[str, Any] = {}  # noqa: RUF012

    return BareLoader


def _convert_fast(node: Any, here: Location, lines: dict[Location, int], seen: set[int]) -> Any:
    if id(node) in seen or len(here) > MAX_DEPTH:  # an alias, or too deep: be careful
        raise _Fallback
    lines[here] = node.start_mark.line + 1
    seen.add(id(node))
    kind = node.id
    if kind == "scalar":
        if node.style:  # quoted or block scalars are text ("" means plain in libyaml)
            return node.value
        return _scalar(node.value, _plain_tag(node.value), True)
    if kind == "sequence":
        return [_convert_fast(item, (*here, i), lines, seen)
                for i, item in enumerate(node.value)]
    out: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if key_node.id != "scalar" or key_node.value in out:
            raise _Fallback
        key = key_node.value
        at = (*here, key)
        out[key] = _convert_fast(value_node, at, lines, seen)
        lines[at] = key_node.start_mark.line + 1
    return out
