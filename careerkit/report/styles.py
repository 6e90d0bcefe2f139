"""Page geometry, palette and the one stylesheet every part of the report uses."""

from __future__ import annotations

import colorsys
import functools

import careerkit.report.engine  # noqa: F401  (before reportlab: see engine.py)

# isort: split
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, StyleSheet1
from reportlab.lib.units import mm

from careerkit.report.fonts import BOLD, ITALIC, REGULAR, SEMIBOLD, register_family

__all__ = [
    "BOTTOM_MARGIN",
    "FOOTER_Y",
    "FRAME_WIDTH",
    "LEFT_MARGIN",
    "PAGE_HEIGHT",
    "PAGE_WIDTH",
    "RIGHT_MARGIN",
    "SMALLEST",
    "TOP_MARGIN",
    "Palette",
    "band_colors",
    "readable_on",
    "stylesheet",
    "tint",
]

PAGE_WIDTH, PAGE_HEIGHT = A4
LEFT_MARGIN = RIGHT_MARGIN = 20 * mm
TOP_MARGIN = 18 * mm
BOTTOM_MARGIN = 20 * mm
FRAME_WIDTH = PAGE_WIDTH - LEFT_MARGIN - RIGHT_MARGIN
FOOTER_Y = 10 * mm
# The type floor: no character of any document is drawn smaller (table cells, small
# print, chart labels, the footer). Below 9 pt a printed page is hard to read.
SMALLEST = 9.0


class Palette:
    ink = colors.HexColor("#1f2933")
    muted = colors.HexColor("#52606d")
    faint = colors.HexColor("#7b8794")
    rule = colors.HexColor("#d9e2ec")
    wash = colors.HexColor("#f5f7fa")
    accent = colors.HexColor("#264653")
    link = colors.HexColor("#1d5f8a")
    white = colors.white


# Low to high, for bands a rubric leaves without a colour; which ramp steps a set of
# 1..5 bands uses (3 bands: red, amber, teal, as careerkit's default bands).
_BAND_RAMP = ("#c8553d", "#e0a458", "#8ab17d", "#2a9d8f", "#287271")
_RAMP_STEPS = {1: (3,), 2: (0, 3), 3: (0, 1, 3), 4: (0, 1, 2, 3), 5: (0, 1, 2, 3, 4)}


def band_colors(bands: list[tuple[str, str | None]]) -> dict[str, colors.Color]:
    """A colour per band id (bands low to high): the rubric's where given, else a ramp."""
    out: dict[str, colors.Color] = {}
    count = len(bands)
    for i, (band_id, hex_color) in enumerate(bands):
        if hex_color:
            out[band_id] = colors.HexColor(hex_color)
            continue
        steps = _RAMP_STEPS.get(count)
        step = steps[i] if steps else round(i * (len(_BAND_RAMP) - 1) / (count - 1))
        out[band_id] = colors.HexColor(_BAND_RAMP[step])
    return out


def readable_on(color: colors.Color) -> colors.Color:
    """Ink or white, whichever reads better on a fill of `color`."""
    _, lightness, _ = colorsys.rgb_to_hls(color.red, color.green, color.blue)
    return Palette.ink if lightness > 0.6 else Palette.white


def tint(color: colors.Color, amount: float) -> colors.Color:
    """`color` mixed with white: `amount` 0 keeps it, 1 gives white."""
    return colors.Color(*(c + (1 - c) * amount for c in (color.red, color.green, color.blue)))


@functools.lru_cache(maxsize=1)
def stylesheet() -> StyleSheet1:
    """Named paragraph styles; the family is registered first so the names resolve."""
    register_family()
    sheet = StyleSheet1()
    base = ParagraphStyle(
        "Body", fontName=REGULAR, fontSize=9.5, leading=13.5, textColor=Palette.ink,
        spaceAfter=4, alignment=TA_LEFT, splitLongWords=1,
    )
    sheet.add(base)

    def add(name: str, **changes: object) -> None:
        parent = changes.pop("parent", base)
        sheet.add(ParagraphStyle(name, parent=parent, **changes))

    add("Kicker", fontName=SEMIBOLD, fontSize=9.5, leading=12, textColor=Palette.faint,
        spaceAfter=2)
    add("Name", fontName=BOLD, fontSize=26, leading=31, textColor=Palette.accent,
        spaceAfter=4)
    add("Meta", fontSize=9.5, leading=13, textColor=Palette.muted, spaceAfter=0)
    add("Title", fontName=BOLD, fontSize=18, leading=23, textColor=Palette.accent,
        spaceBefore=0, spaceAfter=6)
    add("TitleFlow", parent=sheet["Title"], spaceBefore=22)  # a title mid-page
    add("Section", fontName=BOLD, fontSize=15, leading=20, textColor=Palette.accent,
        spaceBefore=4, spaceAfter=6, keepWithNext=1)
    add("H2", fontName=BOLD, fontSize=12, leading=16, textColor=Palette.accent,
        spaceBefore=10, spaceAfter=4, keepWithNext=1)
    add("H3", fontName=SEMIBOLD, fontSize=10.5, leading=14, textColor=Palette.ink,
        spaceBefore=8, spaceAfter=3, keepWithNext=1)
    add("Small", fontSize=SMALLEST, leading=11.5, textColor=Palette.muted, spaceAfter=2)
    add("SmallRight", fontSize=SMALLEST, leading=11.5, textColor=Palette.muted,
        alignment=TA_RIGHT, spaceAfter=0)
    add("Cell", fontSize=SMALLEST, leading=11.5, spaceAfter=0)
    add("CellBold", fontName=SEMIBOLD, fontSize=SMALLEST, leading=11.5, spaceAfter=0)
    add("CellMuted", fontSize=SMALLEST, leading=11.5, textColor=Palette.muted, spaceAfter=0)
    add("CellRight", fontSize=SMALLEST, leading=11.5, alignment=TA_RIGHT, spaceAfter=0)
    add("Quote", fontName=ITALIC, fontSize=9.5, leading=13.5, textColor=Palette.muted,
        spaceAfter=2)
    add("Reflection", fontSize=10, leading=14.5, spaceAfter=0)
    add("Priority", fontSize=10, leading=14, spaceAfter=0)
    add("ActionTitle", fontName=SEMIBOLD, fontSize=10, leading=13.5, spaceAfter=1,
        keepWithNext=1)
    add("Reason", fontName=ITALIC, fontSize=SMALLEST, leading=11.5, textColor=Palette.muted,
        spaceAfter=0)
    add("Footer", fontSize=SMALLEST, leading=11, textColor=Palette.faint, spaceAfter=0)
    add("Score", fontName=BOLD, fontSize=34, leading=36, textColor=Palette.accent,
        spaceAfter=0)
    return sheet
