"""What a reader sees of a PDF's pages, measured: how far down each page its content
reaches, and the size of every character drawn.

Fill is the share of the body frame's height (between the top and bottom margins) from
its top down to the lowest text or drawing on the page: a page with a heading and two
table rows is nearly empty, whatever the area of its ink. The footer and a preview's page
mark sit outside the frame and do not count.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pdfplumber

from careerkit.report.styles import BOTTOM_MARGIN, PAGE_HEIGHT, TOP_MARGIN

FRAME_TOP = TOP_MARGIN
FRAME_BOTTOM = PAGE_HEIGHT - BOTTOM_MARGIN
SLACK = 1.0  # points: descenders and rules may sit on the frame's edge


@dataclass(frozen=True)
class Page:
    number: int
    fill: float  # 0..1 of the body frame, from its top to the lowest content
    smallest: float  # the smallest character size drawn, in points (inf: no text)
    smallest_text: str  # a few characters around the smallest one, to say where
    text: str


def measure(pdf: bytes) -> list[Page]:
    pages = []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for number, page in enumerate(document.pages, start=1):
            objects = [*page.chars, *page.rects, *page.lines, *page.curves]
            body = [o for o in objects
                    if o["top"] >= FRAME_TOP - SLACK and o["bottom"] <= FRAME_BOTTOM + SLACK]
            lowest = max((o["bottom"] for o in body), default=FRAME_TOP)
            fill = (lowest - FRAME_TOP) / (FRAME_BOTTOM - FRAME_TOP)
            chars = [c for c in page.chars if c["text"].strip()]
            small = min(chars, key=lambda c: c["size"], default=None)
            where = ""
            if small is not None:
                at = chars.index(small)
                where = "".join(c["text"] for c in chars[max(0, at - 12):at + 12])
            pages.append(Page(number, fill, small["size"] if small else float("inf"), where,
                              page.extract_text() or ""))
    return pages


def summary(pages: list[Page]) -> str:
    """`13 pages; emptiest 0.12 (page 13)`, the last page left out of "emptiest"."""
    inner = pages[:-1] or pages
    emptiest = min(inner, key=lambda p: p.fill)
    return f"{len(pages)} pages; emptiest {emptiest.fill:.2f} (page {emptiest.number})"
