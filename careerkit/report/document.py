"""The PDF action plan: story building in small hooks, "Page N of M", bookmarks, metadata.

`build_pdf(data, fonts)` returns the document as bytes. Every part of the story comes
from one method of `ReportBuilder` (summary page, one section per dimension, the
action plan, reflections, appendix), so each part can be read and changed alone.
All user and rubric text reaches reportlab through `ReportBuilder.m` (see text.py).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import careerkit.report.engine  # noqa: F401  (before reportlab: see engine.py)

# isort: split
from reportlab.lib import colors
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
)

from careerkit.advisor import advisor_agenda
from careerkit.answers import Answers
from careerkit.dates import days_after, local, local_day
from careerkit.display import DASH, score_change, score_text
from careerkit.plan import (
    HORIZON_LABELS,
    ActionPlan,
    DimensionPlan,
    PlannedAction,
    horizon_bucket,
    hours_text,
    per_week,
)
from careerkit.report import charts
from careerkit.report.advisor_page import advisor_page
from careerkit.report.fonts import REGULAR, SEMIBOLD, FontBook
from careerkit.report.layout import (
    HEADING_ROOM,
    RULED_ROWS,
    SNUG,
    Builder,
    Checkbox,
    DocumentInfo,
    IfRoom,
    KeepShort,
    Otherwise,
    SectionBreak,
    Style,
    build_document,
    count,
    day,
    hex_color,
    padding,
    short_day,
    stamp,
)
from careerkit.report.styles import FRAME_WIDTH, SMALLEST, Palette, band_colors, readable_on
from careerkit.report.text import MAX_TEXT, chunks, clean, link, plain
from careerkit.rubric import Band, Dimension, Rubric
from careerkit.scoring import Contribution, Scorecard

if TYPE_CHECKING:
    from careerkit.history import Comparison
    from careerkit.rating import Rating

__all__ = ["Earlier", "ReportData", "build_pdf"]

SAMPLE_MARK = "SAMPLE — made-up answers"
BAND_COLUMN = 76.0  # the front page's score and band label, each on one line
RADAR_MOST = 8  # axes a radar can name without its labels running into each other
RADAR_LABEL = 88.0  # points of width for an axis's name, on two lines at most
CELL_LIMIT = 600  # characters of one table cell: a row taller than a page cannot be laid out
ANSWER_PREVIEW = 280
RAISED = colors.HexColor("#2a9d8f")
NEUTRAL = colors.HexColor("#e0a458")
LOWERED = colors.HexColor("#c8553d")


@dataclass(frozen=True)
class Earlier:
    """The attempt a retake is compared with, for "Since last time"."""

    when: datetime
    comparison: Comparison  # only the dimensions both attempts share
    actions: list[PlannedAction]  # that attempt's plan, to tick off
    # What became of them (careerkit.followthrough), when any status was recorded:
    statuses: dict[str, str] = field(default_factory=dict)  # action id -> status word
    follow_through: str | None = None  # "4 of 6 actions done; 1 dropped: ..."
    carried: list[PlannedAction] = field(default_factory=list)  # unfinished, not replaced


@dataclass(frozen=True)
class ReportData:
    """Everything the document shows, computed before anything is drawn."""

    answers: Answers
    rubric: Rubric
    scorecard: Scorecard
    plan: ActionPlan
    generated: datetime  # when the PDF was made (SOURCE_DATE_EPOCH when set)
    invariant: bool  # reproducible output: fixed ids and timestamps
    earlier: Earlier | None = None  # a retake: the attempt before
    sample: bool = False  # made-up answers (a rubric preview): every page says so
    advisor_only: bool = False  # only the advisor page (`report --advisor-page-only`)
    rating: Rating | None = None  # the advisor's view, beside the student's (`--rating`)

    @property
    def taken(self) -> date:
        """The local day of the answers (as `history` calls it); due dates count from it."""
        return local_day(self.answers.finished_at or self.answers.started_at or self.generated)


def build_pdf(data: ReportData, fonts: FontBook) -> bytes:
    """Lay out and write the whole document in memory."""
    builder = ReportBuilder(data, fonts)
    name = plain(data.answers.respondent, 120)
    title = f"Career action plan for {name}" if name else "Career action plan"
    subject = plain(f"{data.rubric.title} {data.rubric.version}: scores, actions and "
                    "reflections", 300)
    keywords = ["careerkit", "career", "action plan", plain(data.rubric.id)]
    if data.sample:
        builder.page_mark = SAMPLE_MARK
        title = f"Sample (made-up answers): {title}"
        subject = f"A sample made from made-up answers, to preview a rubric. {subject}"
        keywords.append("sample")
    info = DocumentInfo(title=title, author="careerkit" if data.sample else name or "careerkit",
                        subject=subject, keywords=keywords, invariant=data.invariant)
    return build_document(builder, builder.story(), info)


# -- the story ---------------------------------------------------------------------------------


class ReportBuilder(Builder):
    """Builds the story; one method per part of the document."""

    def __init__(self, data: ReportData, fonts: FontBook) -> None:
        super().__init__(fonts)
        self.data = data
        rubric = data.rubric
        self.colors = band_colors(_band_pairs(rubric.bands))
        self.dimension_colors = {d.id: band_colors(_band_pairs(d.bands))
                                 for d in rubric.dimensions if d.bands}
        self.dimensions = {d.id: d for d in rubric.dimensions}
        # The name as the fonts can draw it (transliterated where no font has a script).
        self.name = fonts.drawable_name(data.answers.respondent.strip())
        self.how_first = IfRoom(self.how_to_use())  # on page 1 when it fits there

    # -- helpers -----------------------------------------------------------------------

    def band_color(self, band: str | None, dimension: str | None = None) -> colors.Color:
        """A band's colour: from the dimension's own bands where it has them."""
        palette = self.dimension_colors.get(dimension or "", self.colors)
        return palette.get(band or "", Palette.faint)

    def due(self, days: int, short: bool = False) -> str:
        when = days_after(self.data.taken, days)
        return short_day(when) if short else day(when)

    def footer_markup(self) -> str:
        """Name, "Career action plan" and rubric on one line."""
        room = (FRAME_WIDTH - 90) / 2
        name = self.fit(plain(self.name), REGULAR, SMALLEST, room)
        title = self.fit(plain(self.data.rubric.title), REGULAR, SMALLEST, room - 90)
        parts = [self.m(name, breaks=False)] if name else []
        parts += ["Career action plan", self.m(title, breaks=False)]
        return " · ".join(parts)

    # -- the parts ---------------------------------------------------------------------

    def story(self) -> list[Flowable]:
        if self.data.advisor_only:
            return self.advisor_page()
        return [
            *self.summary_page(),
            *self.first_month_page(),
            *self.since_last_time(),
            *self.dimension_sections(),
            *self.action_plan(),
            *self.reflections(),
            *self.appendix(),
            # Last, so that it can be printed on its own and taken to the meeting.
            PageBreak(),
            *self.advisor_page(),
        ]

    def summary_page(self) -> list[Flowable]:
        data = self.data
        rubric = data.rubric
        name = self.name
        title = self.heading(name or "Your career action plan", "Name", 0)
        title._bookmark = ("summary", "Summary", 0)
        meta = (f"Answers of {day(data.taken)} · {self.m(rubric.title, limit=200)}, "
                f"version {self.m(rubric.version, limit=40)}")
        return [
            self.p("CAREER ACTION PLAN", "Kicker"),
            title,
            self.p(meta, "Meta"),
            Spacer(1, 14),
            self.overview(),
            Spacer(1, 12),
            *self.priorities(),
            # What is worth a second look matters more than how to read the plan: page 1
            # holds one or the other, so the first 30 days start page 2. How to use the
            # plan moves to page 2 when the priorities leave no room for it.
            *(notes if (notes := self.second_looks()) else [Spacer(1, 10), self.how_first]),
            # A notice too long for page 1 continues on page 2, and the first 30 days
            # follow it there, rather than leave page 2 nearly empty.
            SectionBreak(),
        ]

    def overview(self) -> Flowable:
        """The overall score, the radar, and a bar per dimension, on a light panel."""
        card = self.data.scorecard
        overall = score_text(card.overall)
        coverage = card.coverage
        left: list[Flowable] = [
            self.p("OVERALL", "Kicker"),
            self.p(f'{overall}<font size="12" color="{hex_color(Palette.faint)}"> / 100</font>',
                   "Score"),
            Spacer(1, 5),
            self.badge(card.band_label or "Not scored", card.band),
            Spacer(1, 5),
            self.p(f"Answered {coverage.answered} of {coverage.asked} scored questions"
                   + (f", skipped {coverage.skipped}" if coverage.skipped else "") + ".",
                   "Small"),
        ]
        # No radar here: of one attempt it would repeat the bars beside it. A retake's
        # "Since last time" draws one, where it shows what bars cannot: the change.
        left += [Spacer(1, 10), *self.extremes()]
        dimensions = list(card.dimensions.values())
        left_width = 170.0
        right_width = FRAME_WIDTH - left_width - 24
        rows = []
        for i, d in enumerate(dimensions, start=1):
            number = score_text(d.score)
            dimension = self.dimensions.get(d.id)
            marks = tuple(b.min for b in self.data.rubric.bands_for(dimension)) if dimension else ()
            rows.append([
                self.p(f"<b>{i}</b>", "CellBold"),
                [self.p(self.m(d.title, limit=120, breaks=False), "Cell"),
                 Spacer(1, 3),
                 charts.ScoreBar(d.score, self.band_color(d.band, d.id), right_width - 104,
                                 marks=marks)],
                [self.p(f"<b>{number}</b>", "CellRight"),
                 # The column fits the usual labels on one line, so a row is as tall as
                 # its title and bar; a longer label takes two lines, never more.
                 self.p(self.m(self.fit(d.band_label or "not answered", REGULAR, SMALLEST,
                                        2 * BAND_COLUMN - 24), breaks=False), "SmallRight")],
            ])
        bars = self.table(rows, [14, right_width - 14 - BAND_COLUMN, BAND_COLUMN], [
            *padding(left=0, right=0, top=5, bottom=6),
            ("LINEBELOW", (0, 0), (-1, -2), 0.4, Palette.rule),
        ])
        right: list[Flowable] = [self.p("BY DIMENSION", "Kicker"), bars, Spacer(1, 8),
                                 self.legend()]
        panel = self.table([[left, right]], [left_width, FRAME_WIDTH - left_width], [
            ("BACKGROUND", (0, 0), (-1, -1), Palette.wash),
            *padding(left=14, right=12, top=12, bottom=12),
        ], cornerRadii=[6, 6, 6, 6])
        return panel

    def legend(self) -> Table:
        """The rubric's bands as colour swatches with their ranges."""
        cells: list[Any] = []
        widths: list[float] = []
        for band in sorted(self.data.rubric.bands, key=lambda b: b.min):
            span = f" {band.min:g}–{band.max:g}"
            text = self.fit(band.label, REGULAR, SMALLEST,
                            108 - self.width_of(span, REGULAR, SMALLEST)) + span
            cells += [charts.ScoreBar(100, self.band_color(band.id), 9, height=7),
                      self.p(self.m(text, breaks=False), "Small")]
            widths += [13, min(self.width_of(text, REGULAR, SMALLEST) + 12, 120)]
        return self.table([cells], widths, SNUG)

    def extremes(self) -> list[Flowable]:
        """One line each: the strongest dimension and the one with most room to grow."""
        scored = [d for d in self.data.scorecard.dimensions.values() if d.score is not None]
        if len(scored) < 2:
            return []
        best = max(scored, key=lambda d: (d.score or 0.0))
        worst = min(scored, key=lambda d: (d.score or 0.0))
        if best.id == worst.id:
            return []
        out = []
        if not self.in_lowest_band(best.id, best.band):  # no "strongest" among the weakest
            out.append(self.p(f"<b>Strongest:</b> {self.m(best.title, limit=120)} "
                              f"({_whole(best.score)})", "Small"))
        out.append(self.p(f"<b>Most room to grow:</b> {self.m(worst.title, limit=120)} "
                          f"({_whole(worst.score)})", "Small"))
        return out

    def in_lowest_band(self, dimension_id: str, band: str | None) -> bool:
        dimension = self.dimensions.get(dimension_id)
        bands = self.data.rubric.bands_for(dimension) if dimension else self.data.rubric.bands
        return band == min(bands, key=lambda b: b.min).id

    def badge(self, label: str, band: str | None, dimension: str | None = None,
              max_width: float = 180) -> Table:
        """The band's label on a rounded pill of the band's colour, as wide as its text."""
        color = self.band_color(band, dimension)
        width = min(max_width, self.width_of(label, SEMIBOLD, SMALLEST) + 20)
        text = self.p(f'<font color="{hex_color(readable_on(color))}">'
                      f"{self.m(label, limit=60, breaks=False)}</font>", "CellBold")
        return self.table([[text]], [width], [
            ("BACKGROUND", (0, 0), (-1, -1), color),
            *padding(left=10, right=4, top=2.5, bottom=4),
        ], cornerRadii=[8, 8, 8, 8])

    def priorities(self) -> list[Flowable]:
        items = self.data.plan.top_priorities
        out: list[Flowable] = [self.p("Your top three priorities" if len(items) == 3 else
                                      "Your priorities", "H2")]
        if not items:
            out.append(self.p("No action was chosen for you: every dimension is in a band "
                              "without actions. Keep doing what works.", "Body"))
            return out
        planned = {a.action_id: a for a in self.data.plan.actions}
        rows = []
        for i, item in enumerate(items, start=1):
            action = planned.get(item.action_id)
            due = (self.p(f"<b>{self.due(action.due_days, short=True)}</b>", "CellRight")
                   if action is not None else Spacer(1, 1))
            rows.append([
                self.p(f'<font size="15" color="{hex_color(Palette.accent)}"><b>{i}</b></font>',
                       "Priority"),
                self.p(f"{self.m(item.sentence, limit=600)} "
                       f'<font color="{hex_color(Palette.faint)}" size="{SMALLEST:g}">(action '
                       f"{self.m(item.number, limit=12)})</font>", "Priority"),
                [self.p("DUE BY", "SmallRight"), due],
            ])
        out.append(self.table(rows, [24, FRAME_WIDTH - 24 - 76, 76], [
            *padding(left=0, top=5, bottom=7),
            ("RIGHTPADDING", (-1, 0), (-1, -1), 0),
            ("LINEBELOW", (0, 0), (-1, -2), 0.4, Palette.rule),
        ]))
        return out

    def second_looks(self) -> list[Flowable]:
        """Answers worth a second look and assumed context: said on page 1, never hidden."""
        notes = [self.m(look.message, limit=600) for look in self.data.scorecard.second_looks]
        if self.data.plan.context_note:
            notes.append(self.m(self.data.plan.context_note, limit=600))
        if not notes:
            return []
        title = ("<b>Worth a second look.</b> " if self.data.scorecard.second_looks
                 else "<b>About your situation.</b> ")
        return [Spacer(1, 8), self.notice(title + " ".join(notes))]

    # -- page 2: the first 30 days ------------------------------------------------------

    def first_month_page(self) -> list[Flowable]:
        """The first window as one checklist page, its hours against the budget, and the
        situation the plan was fitted to."""
        plan = self.data.plan
        budget = plan.budget
        first = next((g for g in plan.timeline if g.days == 30), None)
        head = self.heading("Your first 30 days", "Title", 0)
        weekly = (per_week(budget.hours_per_week)
                  + (" (assumed: you did not say)" if budget.assumed else ""))
        out: list[Flowable] = [head]
        if first is None:
            out.append(self.p(f"Nothing is due in the first 30 days. With {weekly}, your "
                              "plan starts in the next window.", "Meta"))
        else:
            out.append(self.p(
                f"{count(len(first.actions), 'action')}, about {hours_text(first.hours)} h "
                f"of the {hours_text(first.budget_hours)} h that {weekly} give in 30 days. "
                "Tick each box when its outcome is met.", "Meta"))
            out.append(Spacer(1, 6))
            # Written out in full here, once: the action plan points back to this page.
            out += [KeepShort([self.action_block(action), Spacer(1, 4)])
                    for action in first.actions]
        if self.second_looks():  # page 1 had no room for how to use the plan: here it is
            out += [Spacer(1, 14), self.how_to_use()]
        else:  # here only if page 1 could not hold it
            out += [Otherwise(self.how_first, self.table(
                [[self.how_to_use()]], [FRAME_WIDTH], padding(left=0, right=0, top=14, bottom=0)))]
        out.append(SectionBreak())
        return out

    def situation(self, then: list[Flowable]) -> list[Flowable]:
        """"Your situation": the context answers the plan used (never scored), its last
        rows kept on one page with `then`, so that what follows never stands alone."""
        lines = self.data.plan.situation
        if not lines:
            return [KeepTogether(then)]
        title = self.data.rubric.context.title if self.data.rubric.context else "Your situation"
        rows = [[self.p(self.m(line.question, limit=CELL_LIMIT), "Cell"),
                 self.p(self.m(line.answer, limit=CELL_LIMIT)
                        + (" <i>(assumed)</i>" if line.assumed else ""), "Cell")]
                for line in lines]

        def table(part: list[list[Any]], last: bool) -> Table:
            return self.table(part, [FRAME_WIDTH * 0.62, FRAME_WIDTH * 0.38], [
                *padding(left=0, right=10, top=2, bottom=3),
                ("LINEBELOW", (0, 0), (-1, -1 if not last else -2), 0.3, Palette.rule),
            ])

        head: list[Flowable] = [
            self.heading(title, "H2", 0),
            self.p("What you told us about where you are. It is not scored; it decides which "
                   "actions fit and how much fits in your time.", "Small"),
        ]
        if len(rows) > 4:
            return [Spacer(1, 12), CondPageBreak(HEADING_ROOM), *head,
                    table(rows[:-2], last=False),
                    KeepTogether([table(rows[-2:], last=True), *then])]
        return [Spacer(1, 12), KeepTogether([*head, table(rows, last=True), *then])]

    def how_to_use(self) -> Flowable:
        steps = [
            "Start with page 2: your first 30 days, sized to the hours you have.",
            "Read each dimension: your score, the advice behind it, and which of your "
            "answers raised or lowered it.",
            "Work through <b>Your action plan</b>: the chosen actions by due date, each "
            "with a measurable outcome, its hours and a box to tick.",
            "Show the plan to your advisor or a mentor, and agree on the first two steps.",
            "Take the assessment again in six months (<i>careerkit take</i>) and compare.",
        ]
        rows = [[self.p(f"<b>{i}</b>", "Small"), self.p(step, "Small")]
                for i, step in enumerate(steps, start=1)]
        return self.note_box("HOW TO USE THIS PLAN", rows, [12, FRAME_WIDTH - 40])

    def advisor_page(self) -> list[Flowable]:
        """One page for the next meeting with the advisor (careerkit.report.advisor_page)."""

        data = self.data
        return advisor_page(self, advisor_agenda(data.plan, data.rubric, data.taken))

    # -- since last time (a retake) -------------------------------------------------------

    def since_last_time(self) -> list[Flowable]:
        """Both attempts on one radar, the change per dimension, and the earlier actions."""
        earlier = self.data.earlier
        if earlier is None:
            return []
        comparison = earlier.comparison
        before, now = self.attempt_labels(earlier.when)
        out: list[Flowable] = [
            self.heading("Since last time", "Title", 0),
            self.p(f"This plan compares your answers of {now} with your previous attempt "
                   f"at this rubric, of {before}: where each dimension moved since then, "
                   "and the actions that plan asked of you.", "Meta"),
            Spacer(1, 10),
        ]
        if comparison.note:
            out += [self.notice(self.m(comparison.note, limit=2000)), Spacer(1, 10)]
        if comparison.dimensions:
            out.append(self.change_panel(earlier, before, now))
        else:
            out.append(self.p("The two attempts share no dimension, so there are no scores "
                              "to compare.", "Body"))
        out += self.earlier_actions(earlier)
        out += self.carried_forward(earlier)
        out.append(SectionBreak())
        return out

    def attempt_labels(self, earlier: datetime) -> tuple[str, str]:
        """The two attempts' local days (earlier, now), with the time of day when they
        fall on the same day."""
        stamp = self.data.answers.finished_at or self.data.answers.started_at
        before = local(earlier)
        if stamp is not None and local(stamp).date() == before.date():
            now = local(stamp)
            return (f"{day(before.date())}, {before:%H:%M}",
                    f"{day(now.date())}, {now:%H:%M}")
        return day(before.date()), day(self.data.taken)

    def notice(self, text_markup: str) -> Table:
        """A sentence the reader must not miss, set off by an amber rule."""
        return self.table([[self.p(text_markup, "Body")]], [FRAME_WIDTH], [
            ("LINEBEFORE", (0, 0), (0, -1), 2.5, NEUTRAL),
            ("BACKGROUND", (0, 0), (-1, -1), Palette.wash),
            *padding(left=10, top=5, bottom=3),
        ])

    def change_panel(self, earlier: Earlier, before: str, now: str) -> Table:
        """The radar of both attempts (the shape of the change), then the table of
        changes, on a light panel."""
        comparison = earlier.comparison
        numbers = {d: i for i, d in enumerate(self.data.scorecard.dimensions, start=1)}
        current = self.data.scorecard.dimensions
        inner = FRAME_WIDTH - 26
        rows: list[list[Any]] = []
        # Fewer than three axes make no shape; more than eight leave no room for names.
        if 3 <= len(comparison.dimensions) <= RADAR_MOST:
            axes = [charts.Axis(self.radar_label(numbers.get(d.id), d.title), d.after,
                                self.band_color(current[d.id].band if d.id in current
                                                else None, d.id))
                    for d in comparison.dimensions]
            radar = charts.Radar(axes, self.s["CellMuted"], size=170,
                                 earlier=[d.before for d in comparison.dimensions],
                                 label_width=RADAR_LABEL)
            key_width = inner - radar.width - 12
            key = [
                self.p("THE SHAPE OF THE CHANGE", "Kicker"),
                self.swatches([(charts.LineSwatch(Palette.muted, dashed=True), "last time")],
                              width=key_width),
                Spacer(1, 3),
                self.swatches([(charts.LineSwatch(Palette.accent), "now")], width=key_width),
                Spacer(1, 6),
                self.p(f"Last time: {before}. Now: {now}. Each axis runs from 0 at the centre "
                       "to 100 at the rim.", "Small"),
            ]
            rows.append([self.table([[radar, key]], [radar.width + 12, inner - radar.width - 12],
                                    [*padding(left=0, right=0, top=0, bottom=0)])])
            rows.append([Spacer(1, 10)])
        header = [self.p("#", "CellMuted"), self.p("Dimension", "CellMuted"),
                  self.p("Before", "SmallRight"), self.p("Now", "SmallRight"),
                  self.p("Change", "SmallRight")]
        table_rows: list[list[Any]] = [header]
        for change in comparison.dimensions:
            table_rows.append([
                self.p(f"<b>{numbers.get(change.id, '')}</b>", "CellBold"),
                self.p(self.m(change.title, limit=160, breaks=False), "Cell"),
                self.p(_whole(change.before), "CellRight"),
                self.p(f"<b>{_whole(change.after)}</b>", "CellRight"),
                self.p(_change_markup(change.before, change.after), "CellRight"),
            ])
        overall = comparison.overall_before is not None and comparison.overall_after is not None
        if overall:
            table_rows.append([
                Spacer(1, 1), self.p("<b>Overall</b>", "Cell"),
                self.p(_whole(comparison.overall_before), "CellRight"),
                self.p(f"<b>{_whole(comparison.overall_after)}</b>", "CellRight"),
                self.p(_change_markup(comparison.overall_before, comparison.overall_after),
                       "CellRight"),
            ])
        style: Style = [
            *padding(left=0, right=0, top=4, bottom=5),
            ("RIGHTPADDING", (1, 0), (1, -1), 8),
            ("LINEBELOW", (0, 0), (-1, 0), 0.6, Palette.rule),
            ("LINEBELOW", (0, 1), (-1, -2), 0.4, Palette.rule),
        ]
        if overall:
            style.append(("LINEABOVE", (0, -1), (-1, -1), 0.9, Palette.muted))
        changes = self.table(table_rows, [18, inner - 18 - 3 * 50, 50, 50, 50], style)
        right: list[Flowable] = [self.p("CHANGE BY DIMENSION", "Kicker"), changes]
        if not overall:
            right += [Spacer(1, 6),
                      self.p("The overall scores are not compared: they rest on different "
                             "dimensions.", "Small")]
        rows.append([right])
        return self.table(rows, [FRAME_WIDTH], [
            ("BACKGROUND", (0, 0), (-1, -1), Palette.wash),
            *padding(left=14, right=12, top=0, bottom=0),
            ("TOPPADDING", (0, 0), (-1, 0), 12),
            ("BOTTOMPADDING", (0, -1), (-1, -1), 12),
        ], cornerRadii=[6, 6, 6, 6])

    def radar_label(self, number: int | None, title: str) -> str:
        """An axis's name for the radar: its number and title, cut to two short lines."""
        prefix = f"<b>{number}</b>\u00a0" if number is not None else ""
        short = self.fit(" ".join(title.split()), REGULAR, SMALLEST, RADAR_LABEL * 1.7)
        return prefix + self.m(short, limit=200, breaks=False)

    def earlier_actions(self, earlier: Earlier) -> list[Flowable]:
        """The last plan's actions, each with a box to tick when its outcome was met."""
        out: list[Flowable] = [Spacer(1, 6), CondPageBreak(HEADING_ROOM),
                               self.p("Your actions from last time", "H2")]
        if not earlier.actions:
            out.append(self.p("Your last plan chose no action.", "Body"))
            return out
        if earlier.follow_through:
            said = self.m(earlier.follow_through, limit=2000)
            out.append(self.p(f"<b>Follow-through:</b> {said}", "Body"))
        out.append(self.p("Tick each one you did: its outcome says when it counts as done."
                          if not earlier.statuses else "What you recorded (at the check-in or "
                          "with careerkit plan) is shown; tick the others you did.", "Meta"))
        rows: list[list[Any]] = [[
            self.p("Done?", "CellMuted"), self.p("#", "CellMuted"),
            self.p("Action and outcome", "CellMuted"), self.p("Dimension", "CellMuted"),
            self.p("Due", "CellMuted"),
        ]]
        start = local_day(earlier.when)
        for action in earlier.actions:
            due = days_after(start, action.due_days)
            # Judged on the day of these answers: a retake soon after may come before it.
            due_markup = short_day(due) + (
                "" if due <= self.data.taken
                else f'<br/><font color="{hex_color(Palette.muted)}">not yet due</font>')
            status = earlier.statuses.get(action.action_id)
            rows.append([
                Checkbox() if status is None else self.p(self.m(status, limit=12), "CellMuted"),
                self.p(self.m(action.number, limit=12), "Cell"),
                [self.p(self.m(action.title, limit=400), "CellBold"),
                 self.p(f"Done when: {self.m(action.outcome, limit=CELL_LIMIT)}",
                        "CellMuted")],
                self.p(self.m(action.dimension_title, limit=160), "CellMuted"),
                self.p(due_markup, "Cell"),
            ])
        first = 46 if earlier.statuses else 34  # room for "dropped", "blocked"
        out.append(self.table(rows, [first, 26, FRAME_WIDTH - 192 - first, 112, 54],
                              RULED_ROWS, repeatRows=1))
        return out

    def carried_forward(self, earlier: Earlier) -> list[Flowable]:
        """Last plan's unfinished actions the new plan neither repeats nor replaces."""
        if not earlier.carried:
            return []
        out: list[Flowable] = [
            Spacer(1, 8), self.p("Carried forward", "H2"),
            self.p("Not finished last time and not in the new plan: still worth doing, "
                   "unless you decide against them.", "Meta")]
        rows: list[list[Any]] = []
        for action in earlier.carried:
            rows.append([
                Checkbox(),
                [self.p(self.m(action.title, limit=400), "CellBold"),
                 self.p(f"Done when: {self.m(action.outcome, limit=CELL_LIMIT)}",
                        "CellMuted")],
                self.p(self.m(action.dimension_title, limit=160), "CellMuted"),
            ])
        out.append(self.table(rows, [34, FRAME_WIDTH - 146, 112], RULED_ROWS))
        return out

    # -- one section per dimension -------------------------------------------------------

    def dimension_sections(self) -> list[Flowable]:
        out: list[Flowable] = [self.heading("Your dimensions", "Title", 0)]
        out.append(self.p(
            "For each dimension: your score and band, the advice it rests on, what your "
            "answers showed, and the actions chosen for you.", "Meta"))
        for i, plan in enumerate(self.data.plan.dimensions):
            dimension = self.dimensions[plan.dimension_id]
            if i:
                out.append(CondPageBreak(120))
            out += self.dimension_section(plan, dimension)
        # The plan goes on below the last dimension when its title, the first window's
        # heading and an action fit there (an action too tall moves with its heading).
        out.append(CondPageBreak(HEADING_ROOM + 70))
        return out

    def dimension_section(self, plan: DimensionPlan, dimension: Dimension) -> list[Flowable]:
        score = score_text(plan.score)
        head = self.heading(dimension.title, "Section", 1, number=str(plan.number))
        band_text = f"{score} / 100 · {plan.band_label or 'not answered'}"
        bands = self.data.rubric.bands_for(dimension)
        band = next((b for b in bands if b.id == plan.band), None)
        badge_width = min(200.0, self.width_of(band_text, SEMIBOLD, SMALLEST) + 20)
        score_row = self.table(
            [[self.badge(band_text, plan.band, plan.dimension_id),
              charts.ScoreBar(plan.score, self.band_color(plan.band, plan.dimension_id),
                              FRAME_WIDTH - badge_width - 12,
                              marks=tuple(b.min for b in bands))]],
            [badge_width + 12, FRAME_WIDTH - badge_width - 12], [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                *padding(left=0, right=0),
            ])
        out: list[Flowable] = [Spacer(1, 8), head, score_row, Spacer(1, 5)]
        # What the dimension is first, then what its band means for this student.
        if dimension.summary:
            out.append(self.p(self.m(dimension.summary, limit=1000), "Meta"))
        if band is not None and band.description:
            out.append(self.p(self.m(band.description, limit=1000), "Body"))
        # Heading, quote and commentary move to the next page together: never split apart.
        out.append(KeepShort([Spacer(1, 6), *self.advice(dimension)]))
        out += self.answers_showed(plan)
        out.append(self.steps_here(plan))
        return out

    def steps_here(self, plan: DimensionPlan) -> Flowable:
        """The dimension's actions in one paragraph, pointing into the action plan, where
        each is written out once in full: printing them twice made the plan 13 pages."""
        if not plan.actions:
            return self.p("<b>Your actions:</b> none was chosen for this dimension this time.",
                          "Body")
        items = []
        for action in plan.actions:
            when = (f"step {action.step}, due {self.due(action.due_days, short=True)}"
                    if action.step else "later, when time frees up")
            items.append(f"{self.m(action.number, limit=12)}\u00a0{self.m(action.title, limit=400)}"
                         f' <font color="{hex_color(Palette.muted)}">({when})</font>')
        label = "Your action" if len(items) == 1 else "Your actions"
        return self.p(f"<b>{label}:</b> " + "; ".join(items) + ".", "Body")

    def advice(self, dimension: Dimension) -> list[Flowable]:
        """The source's words (italic, ruled, attributed) apart from the rubric's own
        commentary (plain), so the commentary never reads as the source's."""
        if dimension.quote is None:
            return [self.quote(dimension.why, "Quote", limit=4000)]
        quote = dimension.quote
        attribution = ", ".join(self.m(part, limit=300) for part in (quote.source, quote.date)
                                if part)
        pieces = [self.m(piece, limit=None) for piece in chunks(clean(f"“{quote.text}”", 4000))]
        if attribution:  # after the quote's last words, so it takes no line of its own
            pieces[-1] += (f' <font name="{REGULAR}" size="{SMALLEST:g}">'
                           f"— {attribution}</font>")
        out: list[Flowable] = [self.ruled([self.p(piece, "Quote") for piece in pieces])]
        out.append(self.p(f"<b>In this rubric:</b> {self.m(dimension.why, limit=2000)}",
                          "Body"))
        return out

    def long_text(self, text: str, style: str, limit: int = MAX_TEXT) -> list[Paragraph]:
        """Text of any length as paragraphs short enough to sit in a table row."""
        return [self.p(self.m(piece, limit=None), style) for piece in chunks(clean(text, limit))]

    def quote(self, text: str, style: str, limit: int = MAX_TEXT) -> Table:
        """Text set off by a rule on its left; one row per chunk, so it can turn pages."""
        return self.ruled(self.long_text(text, style, limit))

    def ruled(self, paragraphs: list[Paragraph]) -> Table:
        """Paragraphs set off by a rule on their left, a row each."""
        rows = [[paragraph] for paragraph in paragraphs]
        return self.table(rows, [FRAME_WIDTH], [
            ("LINEBEFORE", (0, 0), (0, -1), 2, Palette.rule),
            *padding(left=10, top=0, bottom=0),
            ("TOPPADDING", (0, 0), (-1, 0), 1),
            ("BOTTOMPADDING", (0, -1), (-1, -1), 2),
        ])

    def answers_showed(self, plan: DimensionPlan) -> list[Flowable]:
        out: list[Flowable] = [CondPageBreak(HEADING_ROOM)]
        lead = "<b>What your answers showed:</b> "
        scored = self.data.scorecard.dimensions.get(plan.dimension_id)
        contributions = scored.contributions if scored is not None else []
        if not contributions:
            out.append(self.p(lead + "you answered no scored question here, so this "
                              "dimension has no score.", "Body"))
            return out
        raised, lowered = len(plan.raised_by), len(plan.lowered_by)
        summary = [f"{count(raised, 'answer') if raised else 'no answer'} raised this score"]
        if lowered:
            summary.append(f"{count(lowered, 'answer')} held it back")
        neutral = len(contributions) - raised - lowered
        if neutral:
            summary.append(f"{count(neutral, 'answer')} sat in the middle")
        out.append(self.p(lead + _join_plain(summary) + ".", "Body"))
        # Only answers that cost points are rows, the costliest first: they are where
        # the score can grow. Answers at full points are counted under the table.
        full = [c for c in contributions if c.points >= c.max_points]
        costly = sorted((c for c in contributions if c.points < c.max_points),
                        key=lambda c: c.points - c.max_points)
        if costly:
            rows: list[list[Any]] = [[self.p("Question", "CellMuted"),
                                      self.p("Your answer", "CellMuted"),
                                      self.p("Points", "CellMuted")]]
            for c in costly:
                effect, color = _effect(c)
                rows.append([
                    self.p(self.m(c.question, limit=CELL_LIMIT), "Cell"),
                    self.p(self.m(c.answer, limit=CELL_LIMIT), "Cell"),
                    self.p(f"{c.points:.0f} of {c.max_points:.0f} · "
                           f'<font color="{hex_color(color)}">{effect}</font>', "Cell"),
                ])
            answer_width = self.answer_column(costly)
            out.append(self.table(rows, [FRAME_WIDTH - 82 - answer_width, answer_width, 82], [
                *padding(left=0, right=10, top=2, bottom=3),
                ("LINEBELOW", (0, 0), (-1, 0), 0.6, Palette.rule),
                ("LINEBELOW", (0, 1), (-1, -2), 0.3, Palette.rule),
            ], repeatRows=1))
        if full and costly:
            out.append(self.p(f"The other {count(len(full), 'answer')} here earned full "
                              "points.", "Small"))
        elif full:
            out.append(self.p(f"{'Both' if len(full) == 2 else 'All'} "
                              f"{count(len(full), 'answer')} here earned full points."
                              if len(full) > 1 else "Your answer here earned full points.",
                              "Small"))
        if scored is not None and scored.coverage.skipped:
            out.append(self.p(f"You skipped {count(scored.coverage.skipped, 'question')} "
                              "here; skipped questions are left out of the score.", "Small"))
        return out

    def answer_column(self, rows: list[Contribution]) -> float:
        """The answer column's width that makes the table shortest: long questions with
        short answers give the question more room, and the other way round."""
        def lines(text: str, width: float) -> int:
            return math.ceil(self.width_of(text, REGULAR, SMALLEST) * 1.08 / (width - 10))

        def height(answer_width: float) -> int:
            question_width = FRAME_WIDTH - 82 - answer_width
            return sum(max(lines(c.question, question_width), lines(c.answer, answer_width))
                       for c in rows)

        return min(range(110, 231, 20), key=lambda width: (height(width), abs(width - 170)))

    def action_block(self, action: PlannedAction) -> Table:
        """One scheduled action written out in full: a box to tick, its step and its
        dimension's number; then a row per part, a rule on their left (dark when an answer
        chose the action); the due date and hours in a column of their own."""
        parts: list[Flowable] = [
            self.p(self.m(action.title, limit=400), "ActionTitle"),
            *self.long_text(action.do, "Cell", limit=4000),
            self.p(f"<b>Done when:</b> {self.m(action.outcome, limit=CELL_LIMIT * 2)}", "Cell"),
        ]
        if action.caveat:
            parts.append(self.p(f"<b>Check first:</b> {self.m(action.caveat, limit=1000)}",
                                "Cell"))
        reason = self.m(action.reason, limit=CELL_LIMIT)
        natural = horizon_bucket(action.horizon_days)
        if action.horizon > natural:  # planned after its own window: say why, briefly (the
            # hours left in each window are on the window's line; exports give the detail)
            reason += (f" Meant for {HORIZON_LABELS[natural].lower()}: the higher-priority "
                       "actions filled that window.")
        parts.append(self.p(reason, "Reason"))
        if action.resources:
            items = [link(r.url, self.m(r.title, limit=300, breaks=False), hex_color(Palette.link))
                     for r in action.resources[:12]]
            parts.append(self.p("<b>Resources:</b> " + " · ".join(items), "Small"))
        step = [self.p(f"<b>{action.step}</b>", "Cell"),
                self.p(self.m(action.number, limit=12), "Small")]
        when = [self.p(f"<b>{self.due(action.due_days, short=True)}</b>", "CellRight"),
                self.p(f"{hours_text(action.effort_hours)} h", "SmallRight")]
        rows: list[list[Any]] = [[Checkbox(), step, part, when] if i == 0 else ["", "", part, ""]
                                 for i, part in enumerate(parts)]
        return self.table(rows, [20, 28, FRAME_WIDTH - 112, 64], [
            ("LINEBEFORE", (2, 0), (2, -1), 2,
             Palette.accent if action.trigger == "answer" else Palette.rule),
            *padding(left=0, right=0, top=0, bottom=2),
            ("LEFTPADDING", (2, 0), (2, -1), 9),
            ("RIGHTPADDING", (2, 0), (2, -1), 8),
            ("TOPPADDING", (0, 0), (-1, 0), 3),
            ("BOTTOMPADDING", (0, -1), (-1, -1), 5),
        ])

    # -- the action plan ---------------------------------------------------------------------

    def action_plan(self) -> list[Flowable]:
        plan = self.data.plan
        total = len(plan.actions)
        budget = plan.budget
        out: list[Flowable] = [
            self.heading("Your action plan", "TitleFlow", 0),
            self.p(
                f"{count(total, 'action')} in three windows, each filled within your "
                f"{per_week(budget.hours_per_week)}, most important first. "
                "Each has a measurable outcome: tick its box when the outcome is met."
                + (f" {count(len(plan.later), 'more action')} wait under Later."
                   if plan.later else ""), "Meta"),
        ]
        if not total:
            out.append(self.p("No action was chosen for you this time.", "Body"))
        for group in plan.timeline:
            if group.days == 30:
                steps = [a.step for a in group.actions]
                span = f"Step {steps[0]}" if len(steps) == 1 else f"Steps {steps[0]}–{steps[-1]}"
                out.append(self.heading(group.label, "H2", 1))
                out.append(self.p(f"{span}, about {hours_text(group.hours)} h of the "
                                  f"{hours_text(group.budget_hours)} h you have in this "
                                  "window, are written out on page 2.", "Small"))
                continue
            head = [self.heading(group.label, "H2", 1),
                    self.p(f"About {hours_text(group.hours)} h of the "
                           f"{hours_text(group.budget_hours)} h you have in this window.",
                           "Small")]
            for i, action in enumerate(group.actions):
                # The window's heading travels with its first action.
                out.append(KeepShort([*(head if i == 0 else []), self.action_block(action),
                                      Spacer(1, 4)]))
        out += self.later()
        out.append(CondPageBreak(160))  # reflections may share the last plan page
        return out

    def later(self) -> list[Flowable]:
        """Chosen but waiting: never dropped silently, each with the reason it waits and
        the reason it was chosen; a row each, as they wait for the hours to free up."""
        waiting = self.data.plan.later
        if not waiting:
            return []
        rows: list[list[Any]] = [[self.p("Action", "CellMuted"),
                                  self.p("Hours", "SmallRight"),
                                  self.p("Why it waits", "CellMuted")]]
        for action in waiting:
            rows.append([
                [self.p(f"{self.m(action.title, limit=400)}", "CellBold"),
                 self.p(f"Done when: {self.m(action.outcome, limit=CELL_LIMIT)}", "CellMuted")],
                self.p(hours_text(action.effort_hours), "CellRight"),
                [self.p(self.m(action.wait_reason or "", limit=CELL_LIMIT), "CellMuted"),
                 self.p(f"{self.m(action.reason, limit=CELL_LIMIT)} "
                        f"({self.m(action.number, limit=12)})", "Reason")],
            ])
        return [
            CondPageBreak(140),  # the heading never ends a page without its table
            self.heading("Later", "H2", 1),
            self.p("Chosen for you, but they do not fit your hours yet. Start one when an "
                   "action above is done.", "Small"),
            self.table(rows, [FRAME_WIDTH * 0.42, 34, FRAME_WIDTH * 0.58 - 34], RULED_ROWS,
                       repeatRows=1),
        ]

    # -- reflections and appendix ------------------------------------------------------------

    def reflections(self) -> list[Flowable]:
        out: list[Flowable] = [self.heading("Your reflections", "TitleFlow", 0)]
        given = self.data.answers.answers
        written = [(d, q) for d, q in self.data.rubric.questions()
                   if not q.scored and isinstance(given.get(q.id), str)
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
        out.append(CondPageBreak(160))  # the appendix may share the last page
        return out

    def appendix(self) -> list[Flowable]:
        """What no other page shows: the questions skipped, the situation the plan was
        fitted to, and the facts of the report. Scored answers are under each dimension
        and reflections under Your reflections: printing them twice would only lengthen
        the plan."""
        rubric = self.data.rubric
        given = self.data.answers.answers
        out: list[Flowable] = []
        rows: list[list[Any]] = []
        for dimension in rubric.dimensions:
            for question in dimension.questions:
                if question.id in given and given[question.id] is None:
                    rows.append([self.p(self.m(question.text, limit=CELL_LIMIT), "Cell"),
                                 self.p(self.m(dimension.title, limit=200), "CellMuted")])
        if rows:
            out += [CondPageBreak(HEADING_ROOM),
                    self.heading("Questions you preferred not to answer", "H2", 0),
                    self.p("They are left out of the scores.", "Small"),
                    self.table(rows, [FRAME_WIDTH * 0.62, FRAME_WIDTH * 0.38], [
                        *padding(left=0, right=10, top=3, bottom=4),
                        ("LINEBELOW", (0, 0), (-1, -2), 0.3, Palette.rule),
                    ])]
        # The situation and the facts close the plan together, so that the facts never
        # stand alone on a last page.
        out += self.situation(then=self.about())
        return out

    def about(self) -> list[Flowable]:
        data = self.data
        rubric = data.rubric
        pin = data.answers.rubric
        facts: list[tuple[str, str]] = [
            ("Prepared for", self.m(self.name or "(no name given)", limit=200)),
            *([("Answers started", _local_stamp(data.answers.started_at))]
              if data.answers.started_at else []),
            ("Answers finished", _local_stamp(data.answers.finished_at)),
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
        return self.about_section(facts, data.generated)


# -- small helpers -----------------------------------------------------------------------------


def _whole(score: float | None) -> str:
    """A score as the report prints it: a whole number, or a dash (careerkit.display)."""
    return score_text(score)


def _local_stamp(value: datetime | None) -> str:
    """A moment of the answers in the reader's time zone, named (`2026-02-28 22:30 EST`)."""
    return stamp(None if value is None else local(value))


def _change_markup(before: float | None, after: float | None) -> str:
    """The change between two printed scores, signed and coloured: +12, −5, ±0.

    It is the difference of the whole numbers shown beside it, so the row adds up.
    """
    change = score_change(before, after)
    if change is None:
        return f'<font color="{hex_color(Palette.faint)}">{DASH}</font>'
    if change > 0:
        return f'<font color="{hex_color(RAISED)}"><b>+{change}</b></font>'
    if change < 0:
        return f'<font color="{hex_color(LOWERED)}"><b>\u2212{-change}</b></font>'
    return f'<font color="{hex_color(Palette.muted)}">±0</font>'


def _band_pairs(bands: list[Band]) -> list[tuple[str, str | None]]:
    return [(b.id, b.color) for b in sorted(bands, key=lambda b: b.min)]


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
