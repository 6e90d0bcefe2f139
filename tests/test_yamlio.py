"""The YAML reader: bad files give careerkit errors with a line, never a traceback."""

from __future__ import annotations

import re
import resource
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careerkit.errors import CareerkitError, InputError, ValidationFailed
from careerkit.yamlio import MAX_FILE_BYTES, load_yaml_file, load_yaml_text


def problems_of(text: str) -> list[str]:
    with pytest.raises(ValidationFailed) as caught:
        load_yaml_text(text, Path("r.yaml"))
    return [str(p) for p in caught.value.problems]


def test_lines_are_recorded_for_every_value() -> None:
    doc = load_yaml_text("a: 1\nb:\n  - x\n  - c: 2\n")
    assert doc.lines[("b", 1, "c")] == 4
    assert doc.line_of(("b", 1, "c", "union_tag", "missing"))[0] == 4


def test_yaml_12_keeps_yes_no_and_version_like_numbers_as_written() -> None:
    doc = load_yaml_text("a: yes\nb: NO\nc: 1.10\nd: on\n")
    assert doc.data["a"] == "yes" and doc.data["b"] == "NO" and doc.data["d"] == "on"
    assert doc.data["c"] == 1.1 and doc.data["c"].source == "1.10"


def test_empty_file() -> None:
    assert problems_of("") == ["r.yaml:1: the file is empty"]
    assert problems_of("# only a comment\n") == ["r.yaml:1: the file is empty"]


def test_duplicate_keys_name_both_lines() -> None:
    [message] = problems_of("id: a\ntitle: x\nid: b\n")
    assert message.startswith("r.yaml:3: id: duplicate key 'id' (first given on line 1)")


def test_tab_indentation_gives_line_column_and_hint() -> None:
    [message] = problems_of("a:\n\tb: 1\n")
    assert message.startswith("r.yaml:2: YAML syntax error (column 1)")
    assert "indent with spaces, not tabs" in message


def test_unclosed_quote_says_where_it_started() -> None:
    [message] = problems_of("a: 1\nb: 'never closed\nc: 2\n")
    assert message.startswith("r.yaml:2: YAML syntax error (column 4): while scanning a quoted")
    assert "(noticed on line 4)" in message


def test_python_tag_is_refused_and_nothing_runs(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    text = f"x: !!python/object/apply:os.system ['touch {marker}']\n"
    [message] = problems_of(text)
    assert "r.yaml:1: YAML tag" in message and "not allowed" in message
    assert not marker.exists()


def test_alias_bomb_is_refused_quickly_with_bounded_memory() -> None:
    layers = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=False):
        layers.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    bomb = "\n".join(layers) + "\n"
    assert len(bomb) < 1000
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    [message] = problems_of(bomb)
    assert time.perf_counter() - started < 0.5
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 50_000  # KiB
    assert message == "r.yaml:2: YAML aliases (*name) are not allowed; write the value out in full"


@pytest.mark.parametrize(
    "text",
    [
        "[" * 1000 + "]" * 1000,
        "".join("  " * i + f"k{i}:\n" for i in range(1000)) + "  " * 1000 + "x\n",
        "{a: " * 1000 + "1" + "}" * 1000,
    ],
    ids=["flow-seq", "block-map", "flow-map"],
)
def test_deep_nesting_is_a_clean_error(text: str) -> None:
    [message] = problems_of(text)
    assert "nested more than 64 levels deep" in message


def test_invalid_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_bytes(b"a: 1\nb: caf\xe9\n")
    with pytest.raises(ValidationFailed) as caught:
        load_yaml_file(path)
    assert str(caught.value) == f"{path}:2: not valid UTF-8 text; save the file as UTF-8"


def test_missing_path_directory_device_and_oversized_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        load_yaml_file(tmp_path / "nope.yaml")
    with pytest.raises(InputError, match="is a folder"):
        load_yaml_file(tmp_path)
    with pytest.raises(InputError, match="not a regular file"):
        load_yaml_file(Path("/dev/zero"))
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a: " + b"x" * MAX_FILE_BYTES + b"\n")
    with pytest.raises(InputError, match="larger than"):
        load_yaml_file(big)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from(list("ab:-[]{}&*!|>'\"#\n\t %@`,?~01.")), max_size=80))
def test_random_documents_raise_only_careerkit_errors(text: str) -> None:
    from careerkit.rubric import rubric_from_document

    try:
        rubric_from_document(load_yaml_text(text, Path("fuzz.yaml")))
    except CareerkitError as exc:
        assert str(exc)


@pytest.mark.parametrize("value", ["0x_", "0b_", "0o_", "-0b_", "._", "1:20"])
def test_number_like_text_stays_text(value: str) -> None:
    assert load_yaml_text(f"a: {value}\n").data["a"] == value


def test_a_yaml_11_directive_does_not_turn_yes_into_a_boolean() -> None:
    from careerkit.yamlio import parse_yaml_careful

    text = "%YAML 1.1\n---\na: yes\nb: true\nc: !!str 1\n"
    for doc in (load_yaml_text(text), parse_yaml_careful(text)):
        assert doc.data == {"a": "yes", "b": True, "c": "1"}


def test_the_unusual_characters_are_exactly_those_outside_the_printable_set() -> None:
    """The fast loader's check is written as the characters it finds (quicker to compile,
    bench/README.md); it must be the complement of YAML 1.2's printable set less NEL, LS,
    PS and the byte-order mark, for every code point."""
    from careerkit.yamlio import _unusual

    printable = re.compile("[\n\r\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe"
                           "\uff00-\ufffd\U00010000-\U0010ffff]")
    pattern = _unusual()
    differ = [code for code in range(0x110000)
              if bool(pattern.match(chr(code))) == bool(printable.match(chr(code)))]
    assert differ == []
