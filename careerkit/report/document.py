"""The PDF action plan: story building in small hooks, "Page N of M", bookmarks, metadata.

`build_pdf(data, fonts)` returns the document as bytes. Every part of the story comes
from one method of `ReportBuilder` (summary page, one section per dimension, the
action plan, reflections, appendix), so each part can be read and changed alone.
All user and rubric text reaches reportlab through `ReportBuilder.m` (see text.py).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from careerkit._version import __version__
from careerkit.answers import Answers, format_answer
from careerkit.plan import ActionPlan, DimensionPlan, PlannedAction
from careerkit.report import charts
from careerkit.report.fonts import BOLD, REGULAR, SEMIBOLD, FontBook
from careerkit.report.styles import (
    BOTTOM_MARGIN,
    FOOTER_Y,
    FRAME_WIDTH,
    LEFT_MARGIN,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    RIGHT_MARGIN,
    TOP_MARGIN,
    Palette,
    band_colors,
    readable_on,
    stylesheet,
)
from careerkit.report.text import MAX_TEXT, chunks, clean, link, markup, plain
from careerkit.rubric import Band, Dimension, Rubric, TextQuestion
from careerkit.scoring import Contribution, Scorecard

__all__ = ["ReportData", "build_pdf"]

# Every table sets the font: reportlab's cells default to the built-in Helvetica.
_BASE: list[tuple[Any, ...]] = [
    ("FONTNAME", (0, 0), (-1, -1), REGULAR),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
]
CELL_LIMIT = 600  # characters of one table cell: a row taller than a page cannot be laid out
ANSWER_PREVIEW = 280
RAISED = colors.HexColor("#2a9d8f")
NEUTRAL = colors.HexColor("#e0a458")
LOWERED = colors.HexColor("#c8553d")


@dataclass(frozen=True)
class ReportData:
    """Everything the document shows, computed before anything is drawn."""

    answers: Answers
    rubric: Rubric
    scorecard: Scorecard
    plan: ActionPlan
    generated: datetime  # when the PDF was made (SOURCE_DATE_EPOCH when set)
    invariant: bool  # reproducible output: fixed ids and timestamps

    @property
    def taken(self) -> date:
        """The day of the answers; due dates count from it."""
        stamp = self.answers.finished_at or self.answers.started_at or self.generated
        return stamp.date()


def build_pdf(data: ReportData, fonts: FontBook) -> bytes:
    """Lay out and write the whole document in memory."""
    builder = ReportBuilder(data, fonts)
    story = builder.story()
    fonts.finalize()
    buffer = io.BytesIO()
    doc = _Document(buffer, builder)
    doc.build(story, canvasmaker=_NumberedCanvas)
    return buffer.getvalue()


# -- page furniture --------------------------------------------------------------------------


class _NumberedCanvas(Canvas):  # type: ignore[misc]
    """Holds pages back until the end so that each can say "Page N of M"."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # reportlab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self.setFont(REGULAR, 7.5)
            self.setFillColor(Palette.faint)
            self.drawRightString(PAGE_WIDTH - RIGHT_MARGIN, FOOTER_Y, f"Page {number} of {total}")
            super().showPage()
        super().save()


class _Document(BaseDocTemplate):  # type: ignore[misc]
    def __init__(self, buffer: io.BytesIO, builder: ReportBuilder) -> None:
        data = builder.data
        name = plain(data.answers.respondent, 120)
        super().__init__(
            buffer,
            pagesize=(PAGE_WIDTH, PAGE_HEIGHT),
            leftMargin=LEFT_MARGIN,
            rightMargin=RIGHT_MARGIN,
            topMargin=TOP_MARGIN,
            bottomMargin=BOTTOM_MARGIN,
            title=f"Career action plan for {name}" if name else "Career action plan",
            author=name or "careerkit",
            subject=plain(f"{data.rubric.title} {data.rubric.version}: scores, actions and "
                          "reflections", 300),
            creator=f"careerkit {__version__}",
            keywords=["careerkit", "career", "action plan", plain(data.rubric.id)],
            invariant=1 if data.invariant else 0,
            initialFontName=REGULAR,
            displayDocTitle=1,
            lang="en",
        )
        self.builder = builder
        frame = Frame(LEFT_MARGIN, BOTTOM_MARGIN, FRAME_WIDTH,
                      PAGE_HEIGHT - TOP_MARGIN - BOTTOM_MARGIN, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate("page", [frame], onPage=builder.footer)])

    def afterFlowable(self, flowable: Flowable) -> None:  # reportlab's name
        mark = getattr(flowable, "_bookmark", None)
        if mark is not None:
            key, title, level = mark
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(title, key, level=level, closed=False)


# -- the story ---------------------------------------------------------------------------------


class ReportBuilder:
    """Builds the story; one method per part of the document."""

    def __init__(self, data: ReportData, fonts: FontBook) -> None:
        self.data = data
        self.fonts = fonts
        self.s = stylesheet()
        rubric = data.rubric
        self.colors = band_colors(_band_pairs(rubric.bands))
        self.dimension_colors = {d.id: band_colors(_band_pairs(d.bands))
                                 for d in rubric.dimensions if d.bands}
        self.dimensions = {d.id: d for d in rubric.dimensions}
        self._keys = 0
        self._footer: str | None = None

    # -- helpers -----------------------------------------------------------------------

    def m(self, text: str, *, limit: int | None = MAX_TEXT, breaks: bool = True) -> str:
        """User or rubric text as safe paragraph markup."""
        return markup(text, self.fonts, limit=limit, breaks=breaks)

    def p(self, text_markup: str, style: str) -> Paragraph:
        """A paragraph of markup that is already safe (built with `m`)."""
        paragraph_style = self.s[style]
        if paragraph_style.fontName in (BOLD, SEMIBOLD):
            text_markup = self.fonts.embolden(text_markup)
        return Paragraph(text_markup, paragraph_style)

    def heading(self, text: str, style: str, level: int, number: str = "") -> Paragraph:
        """A heading that is also a bookmark in the PDF outline."""
        body = self.m(text, limit=300, breaks=False)
        if number:
            body = f'<font color="{_hex(Palette.faint)}">{number}</font>\u00a0\u00a0{body}'
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

    def band_color(self, band: str | None, dimension: str | None = None) -> colors.Color:
        """A band's colour: from the dimension's own bands where it has them."""
        palette = self.dimension_colors.get(dimension or "", self.colors)
        return palette.get(band or "", Palette.faint)

    def due(self, days: int, short: bool = False) -> str:
        day = self.data.taken + timedelta(days=days)
        return _short_day(day) if short else _day(day)

    def table(self, rows: list[list[Any]], widths: list[float], style: list[tuple[Any, ...]],
              **options: Any) -> Table:
        options.setdefault("hAlign", "LEFT")
        table = Table(rows, colWidths=widths, **options)
        table.setStyle(TableStyle([*_BASE, *style]))
        return table

    def footer(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        """Name, "Career action plan" and rubric on one line; "Page N of M" is added later."""
        canvas.saveState()
        canvas.setStrokeColor(Palette.rule)
        canvas.setLineWidth(0.5)
        canvas.line(LEFT_MARGIN, FOOTER_Y + 10, PAGE_WIDTH - RIGHT_MARGIN, FOOTER_Y + 10)
        if self._footer is None:
            room = (FRAME_WIDTH - 90) / 2
            name = self.fit(plain(self.data.answers.respondent), REGULAR, 7.5, room)
            title = self.fit(plain(self.data.rubric.title), REGULAR, 7.5, room - 90)
            parts = [self.m(name, breaks=False)] if name else []
            parts += ["Career action plan", self.m(title, breaks=False)]
            self._footer = " · ".join(parts)
        footer = self.p(self._footer, "Footer")
        footer.wrapOn(canvas, FRAME_WIDTH - 80, 20)
        footer.drawOn(canvas, LEFT_MARGIN, FOOTER_Y - 1.5)
        canvas.restoreState()

    def fit(self, text: str, font: str, size: float, width: float) -> str:
        """`text`, cut with an ellipsis where needed to fit `width` points on one line."""
        if self.width_of(text, font, size) <= width:
            return text
        low, high = 0, len(text)
        while low < high:
            middle = (low + high + 1) // 2
            if self.width_of(text[:middle] + "…", font, size) <= width:
                low = middle
            else:
                high = middle - 1
        return text[:low].rstrip() + "…"

    # -- the parts ---------------------------------------------------------------------

    def story(self) -> list[Flowable]:
        return [
            *self.summary_page(),
            *self.dimension_sections(),
            *self.action_plan(),
            *self.reflections(),
            *self.appendix(),
        ]

    def summary_page(self) -> list[Flowable]:
        data = self.data
        rubric = data.rubric
        name = data.answers.respondent.strip()
        title = self.heading(name or "Your career action plan", "Name", 0)
        title._bookmark = ("summary", "Summary", 0)
        meta = (f"Answers of {_day(data.taken)} · {self.m(rubric.title, limit=200)}, "
                f"version {self.m(rubric.version, limit=40)}")
        return [
            self.p("CAREER ACTION PLAN", "Kicker"),
            title,
            self.p(meta, "Meta"),
            Spacer(1, 14),
            self.overview(),
            Spacer(1, 12),
            *self.priorities(),
            Spacer(1, 14),
            self.how_to_use(),
            PageBreak(),
        ]

    def overview(self) -> Flowable:
        """The overall score, the radar, and a bar per dimension, on a light panel."""
        card = self.data.scorecard
        overall = "–" if card.overall is None else f"{card.overall:.0f}"
        coverage = card.coverage
        left: list[Flowable] = [
            self.p("OVERALL", "Kicker"),
            self.p(f'{overall}<font size="12" color="{_hex(Palette.faint)}"> / 100</font>',
                   "Score"),
            Spacer(1, 5),
            self.badge(card.band_label or "Not scored", card.band),
            Spacer(1, 5),
            self.p(f"Answered {coverage.answered} of {coverage.asked} scored questions"
                   + (f", skipped {coverage.skipped}" if coverage.skipped else "") + ".",
                   "Small"),
        ]
        dimensions = list(card.dimensions.values())
        if len(dimensions) >= 3:
            axes = [charts.Axis(str(i), d.score, self.band_color(d.band, d.id))
                    for i, d in enumerate(dimensions, start=1)]
            left += [Spacer(1, 8), charts.Radar(axes, size=184)]
        left_width = 208.0
        right_width = FRAME_WIDTH - left_width - 24
        rows = []
        for i, d in enumerate(dimensions, start=1):
            number = "–" if d.score is None else f"{d.score:.0f}"
            dimension = self.dimensions.get(d.id)
            marks = tuple(b.min for b in self.data.rubric.bands_for(dimension)) if dimension else ()
            rows.append([
                self.p(f"<b>{i}</b>", "CellBold"),
                [self.p(self.m(d.title, limit=120, breaks=False), "Cell"),
                 Spacer(1, 3),
                 charts.ScoreBar(d.score, self.band_color(d.band, d.id), right_width - 74,
                                 marks=marks)],
                [self.p(f"<b>{number}</b>", "CellRight"),
                 self.p(self.m(d.band_label or "not answered", limit=40, breaks=False),
                        "SmallRight")],
            ])
        bars = self.table(rows, [14, right_width - 60, 46], [
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ("LINEBELOW", (0, 0), (-1, -2), 0.4, Palette.rule),
        ])
        right: list[Flowable] = [self.p("BY DIMENSION", "Kicker"), bars, Spacer(1, 8),
                                 self.legend(), Spacer(1, 10), *self.extremes()]
        panel = self.table([[left, right]], [left_width, FRAME_WIDTH - left_width], [
            ("BACKGROUND", (0, 0), (-1, -1), Palette.wash),
            ("LEFTPADDING", (0, 0), (-1, -1), 14),
            ("RIGHTPADDING", (0, 0), (-1, -1), 12),
            ("TOPPADDING", (0, 0), (-1, -1), 12),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 12),
        ], cornerRadii=[6, 6, 6, 6])
        return panel

    def legend(self) -> Table:
        """The rubric's bands as colour swatches with their ranges."""
        cells: list[Any] = []
        widths: list[float] = []
        for band in sorted(self.data.rubric.bands, key=lambda b: b.min):
            text = f"{band.label} {band.min:g}–{band.max:g}"
            cells += [charts.ScoreBar(100, self.band_color(band.id), 9, height=7),
                      self.p(self.m(text, limit=60, breaks=False), "Small")]
            widths += [13, min(self.width_of(text, REGULAR, 8) + 12, 120)]
        return self.table([cells], widths, [
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ])

    def extremes(self) -> list[Flowable]:
        """One line each: the strongest dimension and the one with most room to grow."""
        scored = [d for d in self.data.scorecard.dimensions.values() if d.score is not None]
        if len(scored) < 2:
            return []
        best = max(scored, key=lambda d: (d.score or 0.0))
        worst = min(scored, key=lambda d: (d.score or 0.0))
        if best.id == worst.id:
            return []
        return [
            self.p(f"<b>Strongest:</b> {self.m(best.title, limit=120)} ({best.score:.0f})",
                   "Small"),
            self.p(f"<b>Most room to grow:</b> {self.m(worst.title, limit=120)} "
                   f"({worst.score:.0f})", "Small"),
        ]

    def badge(self, label: str, band: str | None, dimension: str | None = None,
              max_width: float = 180) -> Table:
        """The band's label on a rounded pill of the band's colour, as wide as its text."""
        color = self.band_color(band, dimension)
        width = min(max_width, self.width_of(label, SEMIBOLD, 8.5) + 20)
        text = self.p(f'<font color="{_hex(readable_on(color))}">'
                      f"{self.m(label, limit=60, breaks=False)}</font>", "CellBold")
        return self.table([[text]], [width], [
            ("BACKGROUND", (0, 0), (-1, -1), color),
            ("LEFTPADDING", (0, 0), (-1, -1), 10),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("TOPPADDING", (0, 0), (-1, -1), 2.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ], cornerRadii=[8, 8, 8, 8])

    def priorities(self) -> list[Flowable]:
        items = self.data.plan.top_priorities
        out: list[Flowable] = [self.p("Your top three priorities" if len(items) == 3 else
                                      "Your priorities", "H2")]
        if not items:
            out.append(self.p("No action was chosen for you: every dimension is in a band "
                              "without actions. Keep doing what works.", "Body"))
            return out
        rows = []
        for i, item in enumerate(items, start=1):
            rows.append([
                self.p(f'<font size="15" color="{_hex(Palette.accent)}"><b>{i}</b></font>',
                       "Priority"),
                self.p(f"{self.m(item.sentence, limit=600)} "
                       f'<font color="{_hex(Palette.faint)}" size="8.5">(action '
                       f"{self.m(item.number, limit=12)})</font>", "Priority"),
            ])
        out.append(self.table(rows, [24, FRAME_WIDTH - 24], [
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
            ("LINEBELOW", (0, 0), (-1, -2), 0.4, Palette.rule),
        ]))
        return out

    def how_to_use(self) -> Flowable:
        steps = [
            "Read each dimension: your score, the advice behind it, and which of your "
            "answers raised or lowered it.",
            "Work through <b>Your action plan</b>: the chosen actions by due date, each "
            "with a measurable outcome and a box to tick.",
            "Show the plan to your advisor or a mentor, and agree on the first two steps.",
            "Take the assessment again in six months (<i>careerkit take</i>) and compare.",
        ]
        rows = [[self.p(f"<b>{i}</b>", "Small"), self.p(step, "Small")]
                for i, step in enumerate(steps, start=1)]
        inner = self.table(rows, [12, FRAME_WIDTH - 40], [
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 1),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
        ])
        return self.table([[[self.p("HOW TO USE THIS PLAN", "Kicker"), inner]]],
                          [FRAME_WIDTH], [
            ("LINEBEFORE", (0, 0), (0, -1), 2, Palette.rule),
            ("LEFTPADDING", (0, 0), (-1, -1), 12),
        ])

    # -- one section per dimension -------------------------------------------------------

    def dimension_sections(self) -> list[Flowable]:
        out: list[Flowable] = [self.heading("Your dimensions", "Title", 0)]
        out.append(self.p(
            "For each dimension: your score and band, the advice it rests on, what your "
            "answers showed, and the actions chosen for you.", "Meta"))
        for i, plan in enumerate(self.data.plan.dimensions):
            dimension = self.dimensions[plan.dimension_id]
            if i:
                out.append(CondPageBreak(260))
            out += self.dimension_section(plan, dimension)
        out.append(PageBreak())
        return out

    def dimension_section(self, plan: DimensionPlan, dimension: Dimension) -> list[Flowable]:
        score = "–" if plan.score is None else f"{plan.score:.0f}"
        head = self.heading(dimension.title, "Section", 1, number=str(plan.number))
        band_text = f"{score} / 100 · {plan.band_label or 'not answered'}"
        bands = self.data.rubric.bands_for(dimension)
        band = next((b for b in bands if b.id == plan.band), None)
        badge_width = min(200.0, self.width_of(band_text, SEMIBOLD, 8.5) + 20)
        score_row = self.table(
            [[self.badge(band_text, plan.band, plan.dimension_id),
              charts.ScoreBar(plan.score, self.band_color(plan.band, plan.dimension_id),
                              FRAME_WIDTH - badge_width - 12,
                              marks=tuple(b.min for b in bands))]],
            [badge_width + 12, FRAME_WIDTH - badge_width - 12], [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ])
        out: list[Flowable] = [Spacer(1, 8), head, score_row, Spacer(1, 5)]
        if band is not None and band.description:
            out.append(self.p(self.m(band.description, limit=1000), "Small"))
        if dimension.summary:
            out.append(self.p(self.m(dimension.summary, limit=1000), "Meta"))
        out.append(self.p("Why this matters", "H3"))
        out.append(self.quote(dimension.why, "Quote", limit=4000))
        out += self.answers_showed(plan)
        heading = self.p("Your actions", "H3")
        if not plan.actions:
            out += [heading, self.p("No action was chosen for this dimension this time.",
                                    "Body")]
        for i, action in enumerate(plan.actions):
            group: list[Flowable] = [heading] if i == 0 else []
            group += [self.action_block(action), Spacer(1, 6)]
            out.append(KeepTogether(group))  # the heading travels with the first action
        return out

    def long_text(self, text: str, style: str, limit: int = MAX_TEXT) -> list[Paragraph]:
        """Text of any length as paragraphs short enough to sit in a table row."""
        return [self.p(self.m(piece, limit=None), style) for piece in chunks(clean(text, limit))]

    def quote(self, text: str, style: str, limit: int = MAX_TEXT) -> Table:
        """Text set off by a rule on its left; one row per chunk, so it can turn pages."""
        rows = [[paragraph] for paragraph in self.long_text(text, style, limit)]
        return self.table(rows, [FRAME_WIDTH], [
            ("LINEBEFORE", (0, 0), (0, -1), 2, Palette.rule),
            ("LEFTPADDING", (0, 0), (-1, -1), 10),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, 0), 1),
            ("BOTTOMPADDING", (0, -1), (-1, -1), 2),
        ])

    def answers_showed(self, plan: DimensionPlan) -> list[Flowable]:
        out: list[Flowable] = [self.p("What your answers showed", "H3")]
        scored = self.data.scorecard.dimensions.get(plan.dimension_id)
        contributions = scored.contributions if scored is not None else []
        if not contributions:
            out.append(self.p("You answered no scored question here, so this dimension has "
                              "no score.", "Body"))
            return out
        raised, lowered = len(plan.raised_by), len(plan.lowered_by)
        summary = [f"{_count(raised, 'answer') if raised else 'No answer'} raised this score"]
        if lowered:
            summary.append(f"{_count(lowered, 'answer')} held it back")
        neutral = len(contributions) - raised - lowered
        if neutral:
            summary.append(f"{_count(neutral, 'answer')} sat in the middle")
        if plan.lowered_by:
            worst = plan.lowered_by[0]
            summary_text = (_join_plain(summary) + ". The most points were lost on "
                            f"“{self.m(_short(worst.question), limit=200)}”.")
        else:
            summary_text = _join_plain(summary) + "."
        out.append(self.p(summary_text, "Body"))
        rows: list[list[Any]] = [[self.p("Question", "CellMuted"),
                                  self.p("Your answer", "CellMuted"),
                                  self.p("Points", "CellMuted")]]
        for c in contributions:
            effect, color = _effect(c)
            rows.append([
                self.p(self.m(c.question, limit=CELL_LIMIT), "Cell"),
                self.p(self.m(c.answer, limit=CELL_LIMIT), "Cell"),
                [self.p(f'{c.points:.0f} of {c.max_points:.0f} · <font color="{_hex(color)}">'
                        f"{effect}</font>", "Cell"),
                 Spacer(1, 2),
                 charts.ScoreBar(100 * c.value, color, 66, height=5)],
            ])
        out.append(self.table(rows, [FRAME_WIDTH - 250, 168, 82], [
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 10),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ("LINEBELOW", (0, 0), (-1, 0), 0.6, Palette.rule),
            ("LINEBELOW", (0, 1), (-1, -2), 0.3, Palette.rule),
        ], repeatRows=1))
        if scored is not None and scored.coverage.skipped:
            out.append(self.p(f"You skipped {_count(scored.coverage.skipped, 'question')} "
                              "here; skipped questions are left out of the score.", "Small"))
        return out

    def action_block(self, action: PlannedAction) -> Table:
        """One action: a rule on its left (dark when an answer chose it), a row per part."""
        parts: list[Flowable] = [
            self.p(f'<font color="{_hex(Palette.faint)}">{self.m(action.number, limit=12)}'
                   f"</font>\u00a0\u00a0{self.m(action.title, limit=400)}", "ActionTitle"),
            *self.long_text(action.do, "Body", limit=4000),
            self.p(f"<b>Done when:</b> {self.m(action.outcome, limit=CELL_LIMIT * 2)}",
                   "Body"),
            self.p(f"<b>Due:</b> within {action.horizon_days} days, by "
                   f"{self.due(action.horizon_days)} (step {action.step} of the action plan)",
                   "Body"),
            self.p(self.m(action.reason, limit=CELL_LIMIT), "Reason"),
        ]
        if action.resources:
            items = [link(r.url, self.m(r.title, limit=300, breaks=False), _hex(Palette.link))
                     for r in action.resources[:12]]
            parts.append(self.p("<b>Resources:</b> " + " · ".join(items), "Small"))
        box = self.table([[part] for part in parts], [FRAME_WIDTH], [
            ("LINEBEFORE", (0, 0), (0, -1), 2,
             Palette.accent if action.trigger == "answer" else Palette.rule),
            ("LEFTPADDING", (0, 0), (-1, -1), 10),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ("TOPPADDING", (0, 0), (-1, 0), 3),
            ("BOTTOMPADDING", (0, -1), (-1, -1), 5),
        ])
        return box

    # -- the action plan ---------------------------------------------------------------------

    def action_plan(self) -> list[Flowable]:
        plan = self.data.plan
        total = len(plan.actions)
        out: list[Flowable] = [
            self.heading("Your action plan", "Title", 0),
            self.p(
                f"{_count(total, 'action')}, grouped by when they are due and, within each "
                "group, most important first. Each has a measurable outcome: tick its box "
                "when the outcome is met.", "Meta"),
        ]
        if not total:
            out.append(self.p("No action was chosen for you this time.", "Body"))
        for group in plan.timeline:
            out.append(self.heading(group.label, "H2", 1))
            rows: list[list[Any]] = [[
                Spacer(1, 1), self.p("#", "CellMuted"),
                self.p("Action and outcome", "CellMuted"),
                self.p("Dimension", "CellMuted"), self.p("Due", "CellMuted"),
            ]]
            for action in group.actions:
                rows.append([
                    _Checkbox(),
                    self.p(f"<b>{action.step}</b>", "Cell"),
                    [self.p(self.m(action.title, limit=400), "CellBold"),
                     self.p(f"Done when: {self.m(action.outcome, limit=CELL_LIMIT)}",
                            "CellMuted")],
                    self.p(f"{self.m(action.number, limit=12)}\u00a0\u00a0"
                           f"{self.m(action.dimension_title, limit=160)}", "CellMuted"),
                    self.p(self.due(action.horizon_days, short=True), "Cell"),
                ])
            out.append(self.table(rows, [20, 20, FRAME_WIDTH - 206, 112, 54], [
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
                ("LINEBELOW", (0, 0), (-1, 0), 0.6, Palette.rule),
                ("LINEBELOW", (0, 1), (-1, -2), 0.3, Palette.rule),
            ], repeatRows=1))
        out.append(CondPageBreak(300))  # reflections may share the last plan page
        return out

    # -- reflections and appendix ------------------------------------------------------------

    def reflections(self) -> list[Flowable]:
        out: list[Flowable] = [self.heading("Your reflections", "TitleFlow", 0)]
        given = self.data.answers.answers
        written = [(d, q) for d, q in self.data.rubric.questions()
                   if isinstance(q, TextQuestion) and isinstance(given.get(q.id), str)
                   and str(given[q.id]).strip()]
        if not written:
            out.append(self.p("You did not write any reflections this time.", "Body"))
        else:
            out.append(self.p("In your own words, as you wrote them.", "Meta"))
        for dimension, question in written:
            out.append(Spacer(1, 8))
            out.append(self.p(self.m(dimension.title.upper(), limit=200), "Kicker"))
            out.append(self.p(self.m(question.text, limit=2000), "H3"))
            for block in _blocks(clean(str(given[question.id]))):
                out.append(self.quote(block, "Reflection"))
                out.append(Spacer(1, 4))
        out.append(PageBreak())
        return out

    def appendix(self) -> list[Flowable]:
        rubric = self.data.rubric
        given = self.data.answers.answers
        out: list[Flowable] = [
            self.heading("Appendix: your answers", "Title", 0),
            self.p("Every answer in this plan, as you gave it.", "Meta"),
        ]
        for dimension in rubric.dimensions:
            rows: list[list[Any]] = []
            for question in dimension.questions:
                if question.id not in given:
                    continue
                value = given[question.id]
                if isinstance(question, TextQuestion) and isinstance(value, str):
                    shown = self.m(value, limit=ANSWER_PREVIEW)
                    if len(value) > ANSWER_PREVIEW:
                        shown += " <i>(in full under Your reflections)</i>"
                else:
                    shown = self.m(format_answer(rubric, question, value), limit=CELL_LIMIT)
                rows.append([self.p(self.m(question.text, limit=CELL_LIMIT), "Cell"),
                             self.p(shown, "Cell")])
            if not rows:
                continue
            out.append(self.p(self.m(dimension.title, limit=200), "H3"))
            out.append(self.table(rows, [FRAME_WIDTH * 0.58, FRAME_WIDTH * 0.42], [
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 10),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ("LINEBELOW", (0, 0), (-1, -2), 0.3, Palette.rule),
            ]))
        out += self.about()
        return out

    def about(self) -> list[Flowable]:
        data = self.data
        rubric = data.rubric
        pin = data.answers.rubric
        facts: list[tuple[str, str]] = [
            ("Prepared for", self.m(data.answers.respondent or "(no name given)", limit=200)),
            ("Answers started", _stamp(data.answers.started_at)),
            ("Answers finished", _stamp(data.answers.finished_at)),
            ("Rubric", self.m(rubric.title, limit=300)),
            ("Rubric id", self.m(rubric.id, limit=80)),
            ("Rubric version", self.m(rubric.version, limit=40)),
            ("Rubric sha256", rubric.sha256 or "(not read from a file)"),
        ]
        if pin.sha256 and pin.sha256 != rubric.sha256:
            facts.append(("Answers made with sha256", self.m(pin.sha256, limit=80)))
        if rubric.source:
            facts.append(("Advice from", self.m(rubric.source, limit=1500)))
        if rubric.authors:
            facts.append(("Rubric authors", self.m(", ".join(rubric.authors), limit=600)))
        if rubric.license:
            facts.append(("Rubric licence", self.m(rubric.license, limit=100)))
        facts += [
            ("Generated", _stamp(data.generated)),
            ("Generated by", f"careerkit {__version__}"),
        ]
        rows = [[self.p(k, "CellMuted"), self.p(v, "Cell")] for k, v in facts]
        table = self.table(rows, [120, FRAME_WIDTH - 120], [
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ])
        return [CondPageBreak(220), Spacer(1, 10), self.heading("About this report", "H2", 0),
                table]


class _Checkbox(Flowable):  # type: ignore[misc]
    """An empty square to tick with a pen."""

    size = 10.0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.size, self.size + 2

    def draw(self) -> None:
        self.canv.setStrokeColor(Palette.muted)
        self.canv.setLineWidth(0.9)
        self.canv.roundRect(0, 0, self.size, self.size, 1.5, stroke=1, fill=0)


# -- small helpers -----------------------------------------------------------------------------


def _band_pairs(bands: list[Band]) -> list[tuple[str, str | None]]:
    return [(b.id, b.color) for b in sorted(bands, key=lambda b: b.min)]


def _hex(color: colors.Color) -> str:
    return "#" + str(color.hexval())[2:]


def _day(value: date) -> str:
    return f"{value.day} {value.strftime('%B %Y')}"


def _short_day(value: date) -> str:
    return f"{value.day} {value.strftime('%b %Y')}"


def _stamp(value: datetime | None) -> str:
    if value is None:
        return "–"
    return value.strftime("%Y-%m-%d %H:%M %Z").strip()


def _short(text: str, limit: int = 150) -> str:
    flat = " ".join(text.split()).rstrip("?.:")
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _join_plain(items: list[str]) -> str:
    text = ", ".join(items[:-1]) + (" and " if len(items) > 1 else "") + items[-1]
    return text[:1].upper() + text[1:]


def _effect(contribution: Contribution) -> tuple[str, colors.Color]:
    if contribution.value > 0.5:
        return "raised", RAISED
    if contribution.value < 0.5:
        return "lowered", LOWERED
    return "middle", NEUTRAL


def _blocks(text: str) -> list[str]:
    """A reflection cut at blank lines: each block its own paragraph, so pages can turn."""
    blocks = []
    current: list[str] = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if line.strip():
            current.append(line)
        elif current:
            blocks.append("\n".join(current))
            current = []
    if current:
        blocks.append("\n".join(current))
    return blocks or [text]
