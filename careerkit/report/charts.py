"""The summary page's pictures: a radar of the dimensions and band-coloured score bars.

Both are small flowables that draw straight on the canvas (reportlab.graphics would set
the built-in Helvetica on every drawing). They draw numbers only: the radar's axes carry
the dimensions' numbers and the bar rows beside it carry the titles, as paragraphs, so
no user text is drawn outside paragraph markup, where fonts fall back properly.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.platypus import Flowable

from careerkit.report.fonts import BOLD, REGULAR
from careerkit.report.styles import Palette

__all__ = ["Axis", "Radar", "ScoreBar"]


@dataclass(frozen=True)
class Axis:
    label: str  # short: the dimension's number
    score: float | None
    color: colors.Color


class Radar(Flowable):  # type: ignore[misc]
    """A radar (spider) chart, 0 at the centre, 100 at the rim; first axis straight up."""

    def __init__(self, axes: list[Axis], size: float = 200.0) -> None:
        super().__init__()
        self.axes = axes
        self.size = size
        self.width = self.height = size

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.size, self.size

    def _point(self, i: int, value: float, extra: float = 0.0) -> tuple[float, float]:
        centre = self.size / 2
        radius = self.size / 2 - 20
        angle = math.pi / 2 - 2 * math.pi * i / len(self.axes)
        r = radius * max(0.0, min(100.0, value)) / 100 + extra
        return centre + r * math.cos(angle), centre + r * math.sin(angle)

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
        centre = self.size / 2
        canv.saveState()
        canv.setStrokeColor(Palette.rule)
        for level in (25, 50, 75, 100):
            canv.setLineWidth(1.0 if level == 100 else 0.6)
            self._polygon([self._point(i, level) for i in range(count)], stroke=True,
                          fill=False)
        canv.setLineWidth(0.6)
        for i in range(count):
            canv.line(centre, centre, *self._point(i, 100))

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
        canv.setFont(REGULAR, 6)
        for level in (50, 100):  # the scale, over the shape so it stays legible
            x, y = self._point(0, level)
            canv.setFillColor(Palette.white)
            canv.setFillAlpha(0.8)
            canv.rect(x + 2, y - 9, 11, 7.5, stroke=0, fill=1)
            canv.setFillAlpha(1)
            canv.setFillColor(Palette.faint)
            canv.drawString(x + 3, y - 7.5, str(level))
        canv.setFont(BOLD, 9)
        for i, axis in enumerate(self.axes):
            x, y = self._point(i, 100, extra=11)
            canv.setFillColor(Palette.white)
            canv.circle(x, y, 7.5, stroke=0, fill=1)
            canv.setFillColor(Palette.accent)
            canv.drawCentredString(x, y - 3.2, axis.label)
        canv.restoreState()


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

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

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
