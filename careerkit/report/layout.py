"""What every careerkit PDF shares: the page, "Page N of M", bookmarks, metadata, and a
builder whose helpers turn text into safe paragraphs, headings and tables.

A document is a `Builder` subclass with one method per part of its story; it hands the
story to `build_document`, which lays it out in memory and returns the bytes. All user
and rubric text reaches reportlab through `Builder.m` (see text.py).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import careerkit.report.engine  # noqa: F401  (before reportlab: see engine.py)

# isort: split
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    FrameBreak,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)

from careerkit._version import __version__
from careerkit.dates import local
from careerkit.display import DASH
from careerkit.report.engine import build_options
from careerkit.report.fonts import BOLD, REGULAR, SEMIBOLD, FontBook
from careerkit.report.styles import (
    BOTTOM_MARGIN,
    FOOTER_Y,
    FRAME_WIDTH,
    LEFT_MARGIN,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    RIGHT_MARGIN,
    SMALLEST,
    TOP_MARGIN,
    Palette,
    stylesheet,
)
from careerkit.report.text import MAX_TEXT, markup, plain

__all__ = [
    "FRAME_HEIGHT",
    "HEADING_ROOM",
    "MIN_FILL",
    "RULED_ROWS",
    "SNUG",
    "Builder",
    "Checkbox",
    "DocumentInfo",
    "IfRoom",
    "KeepShort",
    "Otherwise",
    "Para",
    "SectionBreak",
    "Style",
    "build_document",
    "count",
    "day",
    "hex_color",
    "padding",
    "short_day",
    "stamp",
]

Style = list[tuple[Any, ...]]  # TableStyle commands
PAGE_MARK = colors.HexColor("#e0a458")  # amber: the colour of "take care" in the palette


def padding(*, left: float | None = None, right: float | None = None,
            top: float | None = None, bottom: float | None = None) -> Style:
    """Cell padding of a whole table, for the sides given (reportlab's 6 for the others)."""
    sides = {"LEFT": left, "RIGHT": right, "TOP": top, "BOTTOM": bottom}
    return [(f"{side}PADDING", (0, 0), (-1, -1), value)
            for side, value in sides.items() if value is not None]


# Every table sets the font: reportlab's cells default to the built-in Helvetica.
BASE_TABLE_STYLE: Style = [
    ("FONTNAME", (0, 0), (-1, -1), REGULAR),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
]
# A row of small pictures and labels: no padding, centred on each other.
SNUG: Style = [*padding(left=0, right=0, top=0, bottom=0), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
# Rows to read across (checklists, the cohort's tables): a header rule, hairlines between.
RULED_ROWS: Style = [
    *padding(left=0, right=8, top=3, bottom=4),
    ("LINEBELOW", (0, 0), (-1, 0), 0.6, Palette.rule),
    ("LINEBELOW", (0, 1), (-1, -2), 0.3, Palette.rule),
]


@dataclass(frozen=True)
class DocumentInfo:
    """The PDF's metadata (plain text: no markup there) and whether it is reproducible."""

    title: str
    author: str
    subject: str
    keywords: list[str]
    invariant: bool  # fixed ids and timestamps (SOURCE_DATE_EPOCH)


class Para(Paragraph):  # type: ignore[misc]
    """A Paragraph that remembers its last line breaking.

    Tables and keep-together groups ask a paragraph for its size several times at the
    same width (about three times in four, in a plan); breaking lines is most of what
    laying out costs, and its result depends on the width alone.

    The cache is valid only while the line breaking it describes (`blPara`) exists:
    reportlab's `split` deletes it when a paragraph cannot be split where it stands, and
    expects the next `wrap` to make it again.
    """

    _wrapped_at: float | None = None

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        if self._wrapped_at == available_width and "blPara" in self.__dict__:
            return self.width, self.height
        size: tuple[float, float] = super().wrap(available_width, available_height)
        self._wrapped_at = available_width
        return size


FRAME_HEIGHT = PAGE_HEIGHT - TOP_MARGIN - BOTTOM_MARGIN
# A row taller than this may be split across pages; shorter rows move whole to the next
# page, as a reader expects of a table.
TALL_ROW = FRAME_HEIGHT * 0.4


# A page may end mostly empty only where the document does: a new part starts on a new
# page only once the page before is filled at least this much (of the frame's height).
MIN_FILL = 0.4
# Rows of a table that may stand alone at the bottom or the top of a page: fewer move
# with their neighbours.
ALONE = 1
# Room a heading needs below it (its text and the first lines of what it heads), or it
# moves to the next page with them.
HEADING_ROOM = 110.0
# The tallest group (of a page's height) that is moved whole to the next page to keep
# it together; a taller one flows.
KEEP_MOST = 0.45
# A part that starts on a new page leaves the page before at least this full: a little
# over MIN_FILL, for the space under the last line that is not ink.
BREAK_AT = MIN_FILL + 0.03


class RowSplittingTable(Table):  # type: ignore[misc]
    """A table whose very tall rows (long text a student or rubric wrote) may break across
    pages, instead of failing the whole document with "too large on page".

    Where it turns a page, it never leaves one row alone: not the first row under the
    header at the foot of a page (the table starts on the next page instead), and not
    the last row at the top of the next (a row before it goes along).
    """

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        size: tuple[float, float] = super().wrap(available_width, available_height)
        split_in_row: int = getattr(self, "splitInRow", 0)
        if split_in_row == 0 and max(self._rowHeights, default=0) > TALL_ROW:
            self.splitInRow = 1
        return size

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        parts: list[Flowable] = super().split(available_width, available_height)
        split_in_row: int = getattr(self, "splitInRow", 0)
        if len(parts) != 2 or split_in_row:
            return parts  # whole, or rows taller than a page: split where it must
        repeat = self.repeatRows
        header = repeat if isinstance(repeat, int) else len(repeat)
        kept = parts[0]._nrows - header  # body rows left on this page
        carried = self._nrows - parts[0]._nrows  # body rows on the next
        if kept <= ALONE and available_height < FRAME_HEIGHT * 0.9:
            return []  # a header and one row: start the table on the next page
        if carried <= ALONE and kept > ALONE + 1:
            last = self._rowHeights[parts[0]._nrows - 1]
            shorter: list[Flowable] = super().split(available_width, available_height - last)
            if len(shorter) == 2:
                return shorter
        return parts


class KeepShort(KeepTogether):  # type: ignore[misc]
    """Flowables kept on one page (moved whole to the next when they do not fit) as long as
    together they are short: a group taller than `KEEP_MOST` of a page flows from where
    it stands instead, so that moving it never leaves a page mostly empty. A flowing
    group still starts only where `HEADING_ROOM` is left, so its heading has company."""

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        if getattr(self, "_wrapInfo", None) != (available_width, available_height):
            self.wrap(available_width, available_height)
        if available_height >= self._H or self._H <= FRAME_HEIGHT * KEEP_MOST:
            parts: list[Flowable] = super().split(available_width, available_height)
            return parts
        content: list[Flowable] = list(self._content)
        for flowable in content:
            flowable.keepWithNext = 0  # reportlab would keep them together again
        return [CondPageBreak(HEADING_ROOM), *content]


class IfRoom(Flowable):  # type: ignore[misc]
    """`content` drawn here if it fits in what is left of the page, else nothing; an
    `Otherwise` later in the story draws it there instead."""

    def __init__(self, content: Flowable) -> None:
        super().__init__()
        self.content = content
        self.fits = False
        self.placed = False

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        width, height = self.content.wrap(available_width, available_height)
        self.fits = height <= available_height
        return (width, height) if self.fits else (0, 0)

    def draw(self) -> None:
        if self.fits:
            self.content.drawOn(self.canv, 0, 0)
            self.placed = True


class Otherwise(Flowable):  # type: ignore[misc]
    """`content`, unless the `IfRoom` before it already drew it."""

    def __init__(self, first: IfRoom, content: Flowable) -> None:
        super().__init__()
        self.first = first
        self.content = content

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        if self.first.placed:
            return 0, 0
        size: tuple[float, float] = self.content.wrap(available_width, available_height)
        return size

    def draw(self) -> None:
        if not self.first.placed:
            self.content.drawOn(self.canv, 0, 0)


class SectionBreak(CondPageBreak):  # type: ignore[misc]
    """Where a new part of a document begins: on a new page when this one is filled at
    least `BREAK_AT`; otherwise on this one, after a gap, so that no page but the last
    is left mostly empty."""

    def __init__(self, gap: float = 26.0) -> None:
        super().__init__(gap)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        used = FRAME_HEIGHT - available_height
        if used < 1:  # already at the top of a page
            return 0, 0
        if used >= BREAK_AT * FRAME_HEIGHT:
            frame = self._doctemplateAttr("frame")
            if frame:
                frame.add_generated_content(FrameBreak)
            return 0, 0
        return available_width, min(self.height, available_height)


def build_document(builder: Builder, story: list[Flowable], info: DocumentInfo) -> bytes:
    """Lay out and write the whole document in memory."""
    builder.footer_text = builder.footer_markup()  # its characters count for finalize()
    builder.fonts.finalize()
    buffer = io.BytesIO()
    doc = _PageDocument(buffer, builder, info)
    with build_options():
        doc.build(story, canvasmaker=_NumberedCanvas)
    return buffer.getvalue()


class _NumberedCanvas(Canvas):  # type: ignore[misc]
    """Holds pages back until the end so that each can say "Page N of M"."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # reportlab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def bookmarkPage(self, key: str, **kwargs: Any) -> Any:  # reportlab's name
        # A destination names its page by the document's page counter, which does not
        # move while pages are held back: name the page this one will become.
        counter = self._doc.pageCounter
        self._doc.pageCounter = len(self._pages) + 1
        try:
            return super().bookmarkPage(key, **kwargs)
        finally:
            self._doc.pageCounter = counter

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self.setFont(REGULAR, SMALLEST)
            self.setFillColor(Palette.faint)
            self.drawRightString(PAGE_WIDTH - RIGHT_MARGIN, FOOTER_Y, f"Page {number} of {total}")
            super().showPage()
        super().save()


class _PageDocument(BaseDocTemplate):  # type: ignore[misc]
    def __init__(self, buffer: io.BytesIO, builder: Builder, info: DocumentInfo) -> None:
        super().__init__(
            buffer,
            pagesize=(PAGE_WIDTH, PAGE_HEIGHT),
            leftMargin=LEFT_MARGIN,
            rightMargin=RIGHT_MARGIN,
            topMargin=TOP_MARGIN,
            bottomMargin=BOTTOM_MARGIN,
            title=info.title,
            author=info.author,
            subject=info.subject,
            creator=f"careerkit {__version__}",
            keywords=info.keywords,
            invariant=1 if info.invariant else 0,
            initialFontName=REGULAR,
            displayDocTitle=1,
            lang="en",
            # A heading kept with what follows it (keepWithNext) is kept only while the
            # two are short; a heading over a long table or reflection starts it where
            # it stands.
            keepTogetherClass=KeepShort,
        )
        frame = Frame(LEFT_MARGIN, BOTTOM_MARGIN, FRAME_WIDTH, FRAME_HEIGHT, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate("page", [frame], onPage=builder.footer)])

    def afterFlowable(self, flowable: Flowable) -> None:  # reportlab's name
        mark = getattr(flowable, "_bookmark", None)
        if mark is not None:
            key, title, level = mark
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(title, key, level=level, closed=False)


class Builder:
    """Helpers every document's story is made with; subclasses add one method per part."""

    def __init__(self, fonts: FontBook) -> None:
        self.fonts = fonts
        self.s = stylesheet()
        self._keys = 0
        self.footer_text = ""
        self._footer: Para | None = None
        # Drawn at the top of every page when set (e.g. a preview's "made-up answers").
        self.page_mark = ""

    # -- text --------------------------------------------------------------------------

    def m(self, text: str, *, limit: int | None = MAX_TEXT, breaks: bool = True) -> str:
        """User or rubric text as safe paragraph markup."""
        return markup(text, self.fonts, limit=limit, breaks=breaks)

    def p(self, text_markup: str, style: str) -> Para:
        """A paragraph of markup that is already safe (built with `m`)."""
        paragraph_style = self.s[style]
        if paragraph_style.fontName in (BOLD, SEMIBOLD):
            text_markup = self.fonts.embolden(text_markup)
        return Para(text_markup, paragraph_style)

    def heading(self, text: str, style: str, level: int, number: str = "") -> Para:
        """A heading that is also a bookmark in the PDF outline."""
        body = self.m(text, limit=300, breaks=False)
        if number:
            body = f'<font color="{hex_color(Palette.faint)}">{number}</font>\u00a0\u00a0{body}'
        paragraph = self.p(body, style)
        self._keys += 1
        title = f"{number} {plain(text, 120)}" if number else plain(text, 120)
        paragraph._bookmark = (f"s{self._keys}", title, level)
        return paragraph

    def width_of(self, text: str, font: str, size: float) -> float:
        """How wide `text` is drawn, counting fallback fonts where they are used."""
        width = 0.0
        for name, chunk in self.fonts.runs(text):
            if name == "":  # drawn as [U+XXXX]
                width += float(stringWidth("[U+0000]", font, size)) * len(chunk)
            else:
                width += float(stringWidth(chunk, name or font, size))
        return width

    def fit(self, text: str, font: str, size: float, width: float) -> str:
        """`text`, cut with an ellipsis where needed to fit `width` points on one line:
        between words where one ends in the second half, else (one very long word)
        where it must."""
        if self.width_of(text, font, size) <= width:
            return text
        low, high = 0, len(text)
        while low < high:
            middle = (low + high + 1) // 2
            if self.width_of(text[:middle] + "…", font, size) <= width:
                low = middle
            else:
                high = middle - 1
        cut = text[:low]
        if low < len(text) and not text[low].isspace():  # the cut falls inside a word
            space = cut.rfind(" ")
            if space > low // 2:
                cut = cut[:space]
        return cut.rstrip(" ,;:-–—") + "…"

    # -- tables ------------------------------------------------------------------------

    def table(self, rows: list[list[Any]], widths: list[float], style: Style,
              **options: Any) -> Table:
        options.setdefault("hAlign", "LEFT")
        table = RowSplittingTable(rows, colWidths=widths, **options)
        table.setStyle(TableStyle([*BASE_TABLE_STYLE, *style]))
        return table

    def note_box(self, kicker: str, rows: list[list[Any]], widths: list[float]) -> Table:
        """A small-print box with a rule on its left: "how to read / use this"."""
        inner = self.table(rows, widths, [
            *padding(left=0, top=1, bottom=1),
        ])
        return self.table([[[self.p(kicker, "Kicker"), inner]]], [FRAME_WIDTH], [
            ("LINEBEFORE", (0, 0), (0, -1), 2, Palette.rule),
            ("LEFTPADDING", (0, 0), (-1, -1), 12),
        ])

    def about_section(self, facts: list[tuple[str, str]], generated: datetime
                      ) -> list[Flowable]:
        """The closing "About this report": provenance as fine print, the facts run
        together in one paragraph (a table of them took a third of a page, and often a
        page of its own). Values are markup already (escaped by the caller)."""
        facts = [*facts, ("Generated", stamp(local(generated))),
                 ("Generated by", f"careerkit {__version__}")]
        text = " · ".join(f'<font color="{hex_color(Palette.muted)}">{label}</font> {value}'
                          for label, value in facts)
        # On the page before when it fits there, whole; else whole on the next page. The
        # caller keeps the two together, perhaps with more (KeepTogether does not nest).
        return [self.heading("About this report", "H2", 0), self.p(text, "Cell")]

    def swatches(self, items: list[tuple[Flowable, str]], max_label: float = 150,
                 width: float = FRAME_WIDTH) -> Flowable:
        """A legend: a small picture, then its label, for each item; on as many lines as
        it takes to fit `width`."""
        lines: list[tuple[list[Any], list[float]]] = [([], [])]
        for picture, text in items:
            pair = [float(picture.wrap(100, 100)[0]) + 4,
                    min(self.width_of(text, REGULAR, SMALLEST) + 12, max_label)]
            cells, widths = lines[-1]
            if widths and sum(widths) + sum(pair) > width:
                lines.append(([], []))
                cells, widths = lines[-1]
            cells += [picture, self.p(self.m(text, limit=80, breaks=False), "Small")]
            widths += pair
        tables = [self.table([cells], widths, SNUG) for cells, widths in lines]
        if len(tables) == 1:
            return tables[0]
        return self.table([[t] for t in tables], [width], [
            *padding(left=0, right=0, top=0, bottom=2),
        ])

    # -- page furniture ----------------------------------------------------------------

    def footer_markup(self) -> str:
        """The footer line's text, as safe markup ("Page N of M" is added on the right)."""
        return ""

    def footer(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        """A rule and the footer line, on every page; the paragraph is made once."""
        canvas.saveState()
        canvas.setStrokeColor(Palette.rule)
        canvas.setLineWidth(0.5)
        canvas.line(LEFT_MARGIN, FOOTER_Y + 12, PAGE_WIDTH - RIGHT_MARGIN, FOOTER_Y + 12)
        if self._footer is None:
            self._footer = self.p(self.footer_text, "Footer")
            self._footer.wrapOn(canvas, FRAME_WIDTH - 80, 20)
        self._footer.drawOn(canvas, LEFT_MARGIN, FOOTER_Y - 1.5)
        if self.page_mark:
            self.draw_page_mark(canvas)
        canvas.restoreState()

    def draw_page_mark(self, canvas: Canvas) -> None:
        """The page mark on an amber tab above the body, at the top right."""
        size = SMALLEST
        width = float(stringWidth(self.page_mark, SEMIBOLD, size)) + 16
        top = PAGE_HEIGHT - TOP_MARGIN / 2 + 6
        canvas.setFillColor(PAGE_MARK)
        canvas.roundRect(PAGE_WIDTH - RIGHT_MARGIN - width, top - 13, width, 15, 3,
                         stroke=0, fill=1)
        canvas.setFillColor(Palette.ink)
        canvas.setFont(SEMIBOLD, size)
        canvas.drawRightString(PAGE_WIDTH - RIGHT_MARGIN - 8, top - 8.5, self.page_mark)


class Checkbox(Flowable):  # type: ignore[misc]
    """An empty square to tick with a pen."""

    size = 10.0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.size, self.size + 2

    def draw(self) -> None:
        self.canv.setStrokeColor(Palette.muted)
        self.canv.setLineWidth(0.9)
        self.canv.roundRect(0, 0, self.size, self.size, 1.5, stroke=1, fill=0)


# -- small helpers ---------------------------------------------------------------------


def hex_color(color: colors.Color) -> str:
    """`#rrggbb`, for colours in paragraph markup."""
    return "#" + str(color.hexval())[2:]


def day(value: date) -> str:
    """`1 March 2026`."""
    return f"{value.day} {value.strftime('%B %Y')}"


def short_day(value: date) -> str:
    """`1 Mar 2026`."""
    return f"{value.day} {value.strftime('%b %Y')}"


def stamp(value: datetime | None) -> str:
    """`2026-03-01 09:20 UTC`, or a dash."""
    if value is None:
        return DASH
    return value.strftime("%Y-%m-%d %H:%M %Z").strip()


def count(n: int, noun: str) -> str:
    """`1 action`, `3 actions`."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
