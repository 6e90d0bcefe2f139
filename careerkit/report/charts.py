"""The report's pictures: a radar of the dimensions (one attempt, or two to compare),
band-coloured score bars, and for a cohort a distribution bar and a stacked share bar.

All are small flowables that draw straight on the canvas (reportlab.graphics would set
the built-in Helvetica on every drawing, and costs an import), of the size their
constructor sets: reportlab's `Flowable.wrap` answers `width` and `height` as they are.
They draw numbers only, or paragraphs of markup the builder made safe: no user text is
drawn outside paragraph markup, where fonts fall back properly.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import careerkit.report.engine  # noqa: F401  (before reportlab: see engine.py)

# isort: split
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph

from careerkit.report.fonts import BOLD, REGULAR
from careerkit.report.styles import SMALLEST, Palette, readable_on, tint

__all__ = [
    "Axis",
    "BandSpan",
    "LineSwatch",
    "Radar",
    "RangeBar",
    "Scale",
    "ScoreBar",
    "Segment",
    "StackedBar",
]


@dataclass(frozen=True)
class Axis:
    label: str  # the dimension's name as safe paragraph markup (see Builder.m), short
    score: float | None
    color: colors.Color


class Radar(Flowable):  # type: ignore[misc]
    """A radar (spider) chart, 0 at the centre, 100 at the rim; first axis straight up,
    each axis named at its end.

    `earlier`, one score per axis, adds an earlier attempt as a dashed grey outline
    under the current shape: the change of the whole profile at a glance, which a table
    of numbers does not show. Each name is a paragraph (fonts fall back as in the text)
    in a box `label_width` wide beside the rim, on at most two lines of `style`.
    """

    LABEL_LINES = 2

    def __init__(self, axes: list[Axis], style: ParagraphStyle, size: float = 200.0,
                 earlier: list[float | None] | None = None, label_width: float = 80.0) -> None:
        super().__init__()
        self.axes = axes
        self.size = size
        self.earlier = earlier
        self.style = style
        self.label_width = label_width
        self.label_height = style.leading * self.LABEL_LINES
        self.width = size + 2 * label_width
        self.height = size + 2 * self.label_height

    def _point(self, i: int, value: float, extra: float = 0.0) -> tuple[float, float]:
        radius = self.size / 2 - 6
        angle = math.pi / 2 - 2 * math.pi * i / len(self.axes)
        r = radius * max(0.0, min(100.0, value)) / 100 + extra
        return self.width / 2 + r * math.cos(angle), self.height / 2 + r * math.sin(angle)

    def _polygon(self, points: list[tuple[float, float]], *, stroke: bool, fill: bool) -> None:
        path = self.canv.beginPath()
        path.moveTo(*points[0])
        for x, y in points[1:]:
            path.lineTo(x, y)
        path.close()
        self.canv.drawPath(path, stroke=1 if stroke else 0, fill=1 if fill else 0)

    def draw(self) -> None:
        canv = self.canv
        count = len(self.axes)
        canv.saveState()
        canv.setStrokeColor(Palette.rule)
        for level in (25, 50, 75, 100):
            canv.setLineWidth(1.0 if level == 100 else 0.6)
            self._polygon([self._point(i, level) for i in range(count)], stroke=True,
                          fill=False)
        canv.setLineWidth(0.6)
        for i in range(count):
            canv.line(*self._point(i, 0), *self._point(i, 100))

        if self.earlier is not None:
            before = [self._point(i, score or 0.0) for i, score in enumerate(self.earlier)]
            canv.setStrokeColor(Palette.muted)
            canv.setLineWidth(1.3)
            canv.setLineJoin(1)
            canv.setDash(3, 2)
            self._polygon(before, stroke=True, fill=False)
            canv.setDash()
            canv.setFillColor(Palette.muted)
            for (x, y), score in zip(before, self.earlier, strict=True):
                if score is not None:
                    canv.circle(x, y, 1.6, stroke=0, fill=1)

        shape = [self._point(i, axis.score or 0.0) for i, axis in enumerate(self.axes)]
        canv.setFillColor(Palette.accent)
        canv.setFillAlpha(0.14)
        self._polygon(shape, stroke=False, fill=True)
        canv.setFillAlpha(1)
        canv.setStrokeColor(Palette.accent)
        canv.setLineWidth(1.4)
        canv.setLineJoin(1)
        self._polygon(shape, stroke=True, fill=False)
        canv.setStrokeColor(Palette.white)
        canv.setLineWidth(0.9)
        for (x, y), axis in zip(shape, self.axes, strict=True):
            if axis.score is not None:
                canv.setFillColor(axis.color)
                canv.circle(x, y, 3.4, stroke=1, fill=1)
        canv.restoreState()
        for i, axis in enumerate(self.axes):
            self._label(i, axis.label)

    def _label(self, i: int, text: str) -> None:
        """The axis's name just beyond the rim: on the right of axes that point right, on
        the left of those that point left, centred at the top and the bottom."""
        angle = math.pi / 2 - 2 * math.pi * i / len(self.axes)
        dx, dy = math.cos(angle), math.sin(angle)
        x, y = self._point(i, 100, extra=5)
        align = TA_LEFT if dx > 0.25 else TA_RIGHT if dx < -0.25 else TA_CENTER
        paragraph = Paragraph(text, ParagraphStyle("RadarLabel", parent=self.style,
                                                   alignment=align))
        _, height = paragraph.wrap(self.label_width, self.label_height)
        left = x if align == TA_LEFT else x - self.label_width if align == TA_RIGHT \
            else x - self.label_width / 2
        if dy > 0.25:
            bottom = y
        elif dy < -0.25:
            bottom = y - height
        else:
            bottom = y - height / 2
        paragraph.drawOn(self.canv, left, bottom)


class ScoreBar(Flowable):  # type: ignore[misc]
    """A 0..100 track with the score filled in its band's colour; band edges as ticks."""

    def __init__(self, score: float | None, color: colors.Color, width: float,
                 height: float = 9.0, marks: tuple[float, ...] = ()) -> None:
        super().__init__()
        self.score = score
        self.color = color
        self.width = width
        self.bar_height = height
        self.height = height + 2
        self.marks = marks

    def draw(self) -> None:
        canv = self.canv
        h = self.bar_height
        canv.saveState()
        canv.setFillColor(Palette.wash)
        canv.setStrokeColor(Palette.rule)
        canv.setLineWidth(0.5)
        canv.roundRect(0, 1, self.width, h, h / 2, stroke=1, fill=1)
        if self.score is not None and self.score > 0:
            filled = max(h, self.width * min(self.score, 100.0) / 100)
            canv.setFillColor(self.color)
            canv.roundRect(0, 1, filled, h, h / 2, stroke=0, fill=1)
        canv.setStrokeColor(Palette.faint)
        canv.setDash(1, 1)
        for mark in self.marks:
            if 0 < mark < 100:
                x = self.width * mark / 100
                canv.line(x, 0, x, h + 2)
        canv.restoreState()


class LineSwatch(Flowable):  # type: ignore[misc]
    """A short line for a legend: solid for now, dashed for an earlier attempt."""

    def __init__(self, color: colors.Color, dashed: bool = False, width: float = 20.0) -> None:
        super().__init__()
        self.color = color
        self.dashed = dashed
        self.width = width
        self.height = 8.0

    def draw(self) -> None:
        canv = self.canv
        canv.saveState()
        canv.setStrokeColor(self.color)
        canv.setLineWidth(1.4)
        if self.dashed:
            canv.setDash(3, 2)
        canv.line(0, self.height / 2, self.width, self.height / 2)
        canv.restoreState()


@dataclass(frozen=True)
class BandSpan:
    low: float  # 0..100
    high: float
    color: colors.Color


class RangeBar(Flowable):  # type: ignore[misc]
    """Where the middle half of a group's scores lie on 0..100, over the bands' colours.

    The box runs from the 25th to the 75th percentile; the white bar in it is the median.
    """

    def __init__(self, spans: list[BandSpan], p25: float, median: float, p75: float,
                 width: float, height: float = 13.0) -> None:
        super().__init__()
        self.spans = spans
        self.p25, self.median, self.p75 = p25, median, p75
        self.width = width
        self.bar_height = height
        self.height = height + 2

    def _x(self, value: float) -> float:
        return self.width * max(0.0, min(100.0, value)) / 100

    def draw(self) -> None:
        canv = self.canv
        h = self.bar_height
        canv.saveState()
        for span in self.spans:  # the track: each band in a light tint of its colour
            canv.setFillColor(tint(span.color, 0.7))
            canv.rect(self._x(span.low), 1, self._x(span.high) - self._x(span.low), h,
                      stroke=0, fill=1)
        canv.setStrokeColor(Palette.white)
        canv.setLineWidth(0.8)
        for span in self.spans[1:]:
            canv.line(self._x(span.low), 1, self._x(span.low), h + 1)
        low, high = self._x(self.p25), self._x(self.p75)
        if high - low < 3:  # everyone alike: still a visible box
            middle = (low + high) / 2
            low, high = middle - 1.5, middle + 1.5
        inset = h * 0.18
        canv.setFillColor(Palette.accent)
        canv.roundRect(low, 1 + inset, high - low, h - 2 * inset, 1.5, stroke=0, fill=1)
        x = self._x(self.median)
        canv.setStrokeColor(Palette.white)
        canv.setLineWidth(2.2)
        canv.line(x, 1 + inset + 1, x, 1 + h - inset - 1)
        canv.restoreState()


class Scale(Flowable):  # type: ignore[misc]
    """The 0..100 axis under a column of bars: tick labels at 0, 25, 50, 75 and 100."""

    def __init__(self, width: float, ticks: tuple[int, ...] = (0, 25, 50, 75, 100)) -> None:
        super().__init__()
        self.width = width
        self.ticks = ticks
        self.height = 12.0

    def draw(self) -> None:
        canv = self.canv
        canv.saveState()
        canv.setFont(REGULAR, SMALLEST)
        canv.setFillColor(Palette.faint)
        canv.setStrokeColor(Palette.rule)
        canv.setLineWidth(0.5)
        for tick in self.ticks:
            x = self.width * tick / 100
            canv.line(x, self.height - 2, x, self.height)
            label = str(tick)
            if tick == self.ticks[0]:
                canv.drawString(x, 0, label)
            elif tick == self.ticks[-1]:
                canv.drawRightString(x, 0, label)
            else:
                canv.drawCentredString(x, 0, label)
        canv.restoreState()


@dataclass(frozen=True)
class Segment:
    share: float  # 0..1 of the whole bar
    color: colors.Color
    label: str = ""  # a number, drawn inside when it fits
    suppressed: bool = False  # a share not shown: its label in muted regular type


class StackedBar(Flowable):  # type: ignore[misc]
    """Shares of a whole side by side, each in its band's colour, labelled where they fit."""

    def __init__(self, segments: list[Segment], width: float, height: float = 15.0) -> None:
        super().__init__()
        self.segments = segments
        self.width = width
        self.bar_height = height
        self.height = height + 2

    def draw(self) -> None:
        canv = self.canv
        h = self.bar_height
        canv.saveState()
        canv.setFillColor(Palette.wash)
        canv.rect(0, 1, self.width, h, stroke=0, fill=1)
        x = 0.0
        for segment in self.segments:
            w = self.width * max(0.0, segment.share)
            if w <= 0:
                continue
            canv.setFillColor(segment.color)
            canv.rect(x, 1, w, h, stroke=0, fill=1)
            canv.setStrokeColor(Palette.white)
            canv.setLineWidth(0.8)
            if x > 0:
                canv.line(x, 1, x, h + 1)
            if segment.label:
                font = REGULAR if segment.suppressed else BOLD
                canv.setFont(font, SMALLEST)
                if canv.stringWidth(segment.label, font, SMALLEST) + 4 <= w:
                    canv.setFillColor(Palette.muted if segment.suppressed
                                      else readable_on(segment.color))
                    canv.drawCentredString(x + w / 2, 1 + h / 2 - 3.2, segment.label)
            x += w
        canv.restoreState()
