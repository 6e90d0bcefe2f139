"""careerkit's YAML 1.2 scalar resolution agrees with ruamel.yaml's, value for value."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.resolver import VersionedResolver

from careerkit.yamlio import _plain_tag

RUAMEL = VersionedResolver(version=(1, 2))


def ruamel_tag(value: str) -> str:
    return str(RUAMEL.resolve(ScalarNode, value, (True, False)))


@pytest.mark.parametrize("value", [
    "", "~", "null", "NULL", "Null", "nul", "true", "True", "TRUE", "tRue", "false", "yes",
    "no", "on", "1", "-1", "+1", "012", "0o17", "0x1F", "0b101", "1_000", "1.10", ".5",
    "-.5", "1e3", "1.5e-3", ".inf", "-.Inf", ".nan", ".NaN", "2026-01-01",
    "2026-01-01T10:00:00Z", "2026-1-1 1:00:00", "<<", "=", "0x_", "._", "1:20", "-", "+",
    ".", "1.2.3", "v1", "e3", "1e", "0o", "0x", "monthly",
])
def test_known_values(value: str) -> None:
    assert _plain_tag(value) == ruamel_tag(value)


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet="0123456789+-._eEoxbTtFfNnu~:lr aZ=<", max_size=12))
def test_any_value_from_the_tricky_characters(value: str) -> None:
    assert _plain_tag(value) == ruamel_tag(value)
