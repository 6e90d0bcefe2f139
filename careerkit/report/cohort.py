"""The advisor's cohort report: an anonymous PDF of where a group of students stands.

`build_cohort_pdf(data, fonts)` returns the document as bytes. It is made from a
`CohortSummary` alone, which holds no names and no answers, so none can appear. Every
figure the summary suppressed (None: it rests on fewer than `min_group` students) is
shown as suppressed, never as 0; when the whole cohort is smaller than that, the report
says so and shows no figures at all.

The parts: a title page (the cohort, the overall picture, how to read the charts, the
distribution per dimension), the share of students per band, the most common gaps, the
actions most often recommended, and where the figures come from.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import careerkit.report.engine  # noqa: F401  (before reportlab: see engine.py)

# isort: split
from reportlab.lib import colors
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Spacer, Table

from careerkit.cohort import ActionCount, BandCount, CohortSummary, Distribution
from careerkit.dates import local_day
from careerkit.display import DASH, percent_text, score_text
from careerkit.report import charts
from careerkit.report.fonts import REGULAR, FontBook
from careerkit.report.layout import (
    RULED_ROWS,
    SNUG,
    Builder,
    DocumentInfo,
    Style,
    build_document,
    count,
    day,
    hex_color,
    padding,
)
from careerkit.report.styles import FRAME_WIDTH, SMALLEST, Palette, band_colors
from careerkit.report.text import plain
from careerkit.rubric import Band, Rubric

__all__ = ["CohortData", "build_cohort_pdf"]

SUPPRESSED = "suppressed"
HIDDEN_COLOR = colors.HexColor("#d3d9e0")  # a suppressed share: flat, light, unlabelled
NO_FIGURE = f'<font color="#7b8794">{DASH}</font>'  # no figure: the row says why


@dataclass(frozen=True)
class CohortData:
    """Everything the cohort report shows, computed before anything is drawn."""

    summary: CohortSummary
    rubric: Rubric
    generated: datetime  # when the PDF was made (SOURCE_DATE_EPOCH when set)
    invariant: bool  # reproducible output: fixed ids and timestamps


def build_cohort_pdf(data: CohortData, fonts: FontBook) -> bytes:
    """Lay out and write the cohort report in memory."""
    builder = CohortBuilder(data, fonts)
    summary = data.summary
    title = plain(summary.rubric_title, 200)
    about = ("too few students to show any figure" if summary.suppressed
             else f"{summary.students} students")
    info = DocumentInfo(
        title=f"Cohort report: {title}",
        author="careerkit",  # never a student: the report is anonymous
        subject=plain(f"{summary.rubric_title} {summary.rubric_version}: an anonymous "
                      f"cohort summary, {about}", 300),
        keywords=["careerkit", "cohort", "anonymous", plain(summary.rubric_id)],
        invariant=data.invariant,
    )
    return build_document(builder, builder.story(), info)


class CohortBuilder(Builder):
    """Builds the cohort report's story; one method per part."""

    def __init__(self, data: CohortData, fonts: FontBook) -> None:
        super().__init__(fonts)
        self.data = data
        self.summary = data.summary
        self.k = data.summary.min_group
        rubric = data.rubric
        self.dimension_bands = {d.id: rubric.bands_for(d) for d in rubric.dimensions}
        self.own_bands = {d.id for d in rubric.dimensions if d.bands}

    # -- helpers -----------------------------------------------------------------------

    @property
    def fewer(self) -> str:
        return f"fewer than {self.k}"

    def bands_of(self, dimension_id: str | None) -> list[Band]:
        """A dimension's bands (the rubric's own where it has none), low to high."""
        bands = self.dimension_bands.get(dimension_id or "", self.data.rubric.bands)
        return sorted(bands, key=lambda b: b.min)

    def colors_of(self, dimension_id: str | None) -> dict[str, colors.Color]:
        return band_colors([(b.id, b.color) for b in self.bands_of(dimension_id)])

    def spans(self, dimension_id: str | None) -> list[charts.BandSpan]:
        bands = self.bands_of(dimension_id)
        palette = self.colors_of(dimension_id)
        ends = [b.min for b in bands[1:]] + [100.0]
        return [charts.BandSpan(b.min, end, palette[b.id]) for b, end in zip(bands, ends,
                                                                           strict=True)]

    def footer_markup(self) -> str:
        title = self.fit(plain(self.summary.rubric_title), REGULAR, SMALLEST, FRAME_WIDTH - 200)
        return f"Cohort report · anonymous · {self.m(title, breaks=False)}"

    def plain_table(self, rows: list[list[Any]], widths: list[float],
                    extra: Style | None = None, **options: Any) -> Table:
        """Rows with hairlines between them, the first row a header."""
        return self.table(rows, widths, [*RULED_ROWS, ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                         *(extra or [])], **options)

    def distribution_text(self, distribution: Distribution) -> str:
        if distribution.suppressed or distribution.median is None:
            return f"{self.fewer} students answered: {SUPPRESSED}"
        if distribution.p25 is None or distribution.p75 is None:
            # Quartiles of a small group would be individual students' scores.
            return (f"median <b>{score_text(distribution.median)}</b> · middle half not shown "
                    f"for fewer than {2 * self.summary.min_group} students")
        return (f"median <b>{score_text(distribution.median)}</b> · middle half "
                f"{score_text(distribution.p25)}–{score_text(distribution.p75)}")

    def range_bar(self, distribution: Distribution, dimension_id: str | None,
                  width: float) -> Flowable:
        if distribution.suppressed or distribution.median is None:
            return self.p(f'<font color="{hex_color(Palette.faint)}">{self.fewer} students '
                          f"answered: {SUPPRESSED}</font>", "Small")
        median = distribution.median
        low = distribution.p25 if distribution.p25 is not None else median
        high = distribution.p75 if distribution.p75 is not None else median
        return charts.RangeBar(self.spans(dimension_id), low, median, high, width)

    def share_bar(self, bands: list[BandCount], distribution: Distribution,
                  dimension_id: str | None, width: float) -> Flowable:
        """The share of students per band as one stacked bar, with its figures on a line
        below. What is suppressed is a flat grey part of the bar ("not shown" where it
        fits); when every band is, there is no bar, only a sentence that says why."""
        palette = self.colors_of(dimension_id)
        if distribution.suppressed:
            return self.muted(f"{self.fewer} students answered: {SUPPRESSED}")
        if all(b.count is None for b in bands):
            return self.muted(f"Every band {SUPPRESSED}: one holds {self.fewer} students, "
                              "and the others would give its count away.")
        figures = " · ".join(
            f"{self.m(b.label, limit=80, breaks=False)}: "
            + (SUPPRESSED if b.count is None
               else f"{b.count} ({_percent(b.share)})" if b.share is not None
               else str(b.count))
            for b in bands)
        if all(b.share is None for b in bands):
            # Counts without shares (the total would give a hidden count away): a bar
            # would be all grey, so the counts stand alone.
            return self.p(figures + f' <font color="{hex_color(Palette.faint)}">(shares '
                          f"{SUPPRESSED}: the total would give a hidden count away)</font>",
                          "Small")
        segments = [charts.Segment(b.share, palette.get(b.band, Palette.faint),
                                   _percent(b.share))
                    for b in bands if b.count is not None and b.share is not None]
        hidden = 1.0 - sum(segment.share for segment in segments)
        if hidden > 1e-9:
            segments.append(charts.Segment(hidden, HIDDEN_COLOR, "not shown", suppressed=True))
        return self.table([[charts.StackedBar(segments, width)], [self.p(figures, "Small")]],
                          [width], [*padding(left=0, right=0, top=0, bottom=0),
                                    ("TOPPADDING", (0, 1), (-1, 1), 3)])

    def muted(self, text_markup: str) -> Flowable:
        return self.p(f'<font color="{hex_color(Palette.faint)}">{text_markup}</font>', "Small")

    def share_legend(self, dimension_id: str | None, width: float = FRAME_WIDTH) -> Flowable:
        """The chart's one legend: each band's colour and name, and the grey of what is
        not shown."""
        palette = self.colors_of(dimension_id)
        items: list[tuple[Flowable, str]] = [
            (charts.ScoreBar(100, palette.get(band.id, Palette.faint), 9, height=7), band.label)
            for band in self.bands_of(dimension_id)]
        items.append((charts.ScoreBar(100, HIDDEN_COLOR, 9, height=7),
                      f"not shown ({SUPPRESSED})"))
        return self.swatches(items, max_label=170, width=width)

    def band_legend(self) -> Flowable:
        items: list[tuple[Flowable, str]] = []
        palette = self.colors_of(None)
        for band in self.bands_of(None):
            items.append((charts.ScoreBar(100, palette[band.id], 9, height=7),
                          f"{band.label} {band.min:g}–{band.max:g}"))
        return self.swatches(items)

    # -- the parts ---------------------------------------------------------------------

    def story(self) -> list[Flowable]:
        if self.summary.suppressed:
            return [*self.title_block(), *self.too_few(), *self.about()]
        return [
            *self.title_block(),
            self.overview(),
            Spacer(1, 12),
            *self.by_dimension(),
            Spacer(1, 12),
            self.how_to_read(),
            PageBreak(),
            *self.band_shares(),
            *self.gaps(),
            *self.actions(),
            *self.about(),
        ]

    def title_block(self) -> list[Flowable]:
        summary = self.summary
        title = self.heading(summary.rubric_title, "Name", 0)
        title._bookmark = ("summary", "Summary", 0)
        facts = [f"Version {self.m(summary.rubric_version, limit=40)}"]
        if not summary.suppressed:
            facts.append(count(summary.students, "student"))
        facts.append(f"made {day(local_day(self.data.generated))}")
        return [
            self.p("COHORT REPORT · ANONYMOUS", "Kicker"),
            title,
            self.p(" · ".join(facts), "Meta"),
            Spacer(1, 14),
        ]

    def too_few(self) -> list[Flowable]:
        """The whole cohort is below the minimum group: say so, and show nothing else."""
        k = self.k
        return [
            self.p(f"Fewer than {k} students: no figures are shown", "H2"),
            self.p(f"This cohort has fewer students than the minimum group of {k}. Any "
                   "score, share or count about so few students could point to one of "
                   "them, so this report shows none.", "Body"),
            self.p(f"Make the report again once answers from at least {k} students are "
                   "in the folder.", "Body"),
            Spacer(1, 10),
        ]

    def overview(self) -> Table:
        """The cohort size and the overall distribution and band shares, on a panel."""
        summary = self.summary
        left: list[Flowable] = [
            self.p("STUDENTS", "Kicker"),
            self.p(str(summary.students), "Score"),
            Spacer(1, 6),
            self.p(f"Each student's latest answers count once. Figures about {self.fewer} "
                   f"students are suppressed (minimum group {self.k}).", "Small"),
        ]
        right_width = FRAME_WIDTH - 150 - 26
        right: list[Flowable] = [
            self.p("OVERALL SCORE", "Kicker"),
            self.range_bar(summary.overall, None, right_width),
            charts.Scale(right_width),
            Spacer(1, 3),
            self.p(self.distribution_text(summary.overall), "Small"),
            Spacer(1, 8),
            self.p("STUDENTS PER BAND", "Kicker"),
            self.share_bar(summary.overall_bands, summary.overall, None, right_width),
        ]
        return self.table([[left, right]], [150, FRAME_WIDTH - 150], [
            ("BACKGROUND", (0, 0), (-1, -1), Palette.wash),
            *padding(left=14, right=12, top=12, bottom=12),
        ], cornerRadii=[6, 6, 6, 6])

    def by_dimension(self) -> list[Flowable]:
        """A distribution bar per dimension, on one shared 0..100 scale."""
        bar_width = 190.0
        title_width = FRAME_WIDTH - 18 - bar_width - 12 - 48 - 66
        rows: list[list[Any]] = [[
            Spacer(1, 1), self.p("Dimension", "CellMuted"), charts.Scale(bar_width),
            Spacer(1, 1), self.p("Median", "SmallRight"), self.p("Middle half", "SmallRight"),
        ]]
        for i, dimension in enumerate(self.summary.dimensions, start=1):
            d = dimension.distribution
            shown = not d.suppressed and d.median is not None
            rows.append([
                self.p(f"<b>{i}</b>", "CellBold"),
                self.p(self.m(dimension.title, limit=160), "Cell"),
                self.range_bar(d, dimension.id, bar_width),
                Spacer(1, 1),
                self.p(f"<b>{score_text(d.median)}</b>" if shown else NO_FIGURE, "CellRight"),
                self.p(f"{score_text(d.p25)}–{score_text(d.p75)}" if shown and d.p25 is not None
                       and d.p75 is not None else NO_FIGURE, "CellRight"),
            ])
        table = self.plain_table(rows, [18, title_width, bar_width, 12, 48, 66], [
            ("VALIGN", (2, 0), (2, 0), "BOTTOM"),
            ("RIGHTPADDING", (-1, 0), (-1, -1), 0),
        ])
        out: list[Flowable] = [self.heading("Scores by dimension", "H2", 0),
                               self.band_legend()]
        own = [d.title for d in self.data.rubric.dimensions if d.bands is not None]
        if own:
            out.append(self.p(f"{self.m(', '.join(own), limit=600)}: "
                              f"{'its' if len(own) == 1 else 'their'} own bands, shown on "
                              f"{'its' if len(own) == 1 else 'their'} track.", "Small"))
        return [*out, Spacer(1, 6), table]

    def how_to_read(self) -> Table:
        k = self.k
        steps = [
            "<b>Scores</b>: the dark box spans the middle half of the students, from the "
            "25th to the 75th percentile; the white line in it is the median. The track "
            "behind it shows the bands.",
            "<b>Students per band</b>: the share of students whose score falls in each "
            "band, with the number of students.",
            f"<b>Suppressed</b>: a figure about fewer than {k} students is not shown, and "
            "neither is any other figure it could be worked out from (totals, other "
            "bands, action counts), so that no student can be singled out. Light grey "
            "marks a share that is not shown.",
            "<b>Anonymous</b>: the report is made from scores alone; no names or answers "
            "are kept.",
        ]
        rows = [[self.p(step, "Small")] for step in steps]
        return self.note_box("HOW TO READ THIS REPORT", rows, [FRAME_WIDTH - 14])

    def band_shares(self) -> list[Flowable]:
        """Per dimension: how many students are in each band; one legend for them all
        (and one more for each dimension with bands of its own)."""
        out: list[Flowable] = [
            self.heading("Students per band", "Title", 0),
            self.p("For each dimension, the share of students in each band. "
                   f"“{SUPPRESSED}”: {self.fewer} students, or hidden with such a figure "
                   "so that it cannot be worked out from the total.", "Meta"),
            Spacer(1, 4),
            self.share_legend(None),
            Spacer(1, 4),
        ]
        rows: list[list[Any]] = []
        for i, dimension in enumerate(self.summary.dimensions, start=1):
            cell: list[Flowable] = [self.p(self.m(dimension.title, limit=160), "CellBold")]
            has_bar = not dimension.distribution.suppressed and any(
                b.share is not None for b in dimension.bands)
            if has_bar and dimension.id in self.own_bands:
                cell += [Spacer(1, 3), self.share_legend(dimension.id, FRAME_WIDTH - 18)]
            cell += [Spacer(1, 4),
                     self.share_bar(dimension.bands, dimension.distribution, dimension.id,
                                    FRAME_WIDTH - 18)]
            rows.append([self.p(f"<b>{i}</b>", "CellBold"), cell])
        out.append(self.table(rows, [18, FRAME_WIDTH - 18], [
            *padding(left=0, right=0, top=7, bottom=9),
            ("LINEBELOW", (0, 0), (-1, -2), 0.4, Palette.rule),
        ]))
        return out

    def gaps(self) -> list[Flowable]:
        """Dimensions by how much the cohort has to gain there, largest first."""
        by_id = {d.id: d for d in self.summary.dimensions}
        out: list[Flowable] = [
            CondPageBreak(200),
            self.heading("The most common gaps", "TitleFlow", 0),
            self.p("Dimensions ranked by gap: how far the cohort's mean score is from 100, "
                   "times the dimension's weight. The largest gaps are where a workshop or "
                   "a reading group would help the most students.", "Meta"),
        ]
        ranked = [by_id[i] for i in self.summary.gaps if i in by_id]
        if not ranked:
            out.append(self.p(f"No dimension was answered by at least {self.k} students, "
                              "so none can be ranked.", "Body"))
            return out
        rows: list[list[Any]] = [[
            self.p("Rank", "CellMuted"), self.p("Dimension", "CellMuted"),
            self.p("Mean", "SmallRight"), self.p("Weight", "SmallRight"),
            self.p("Gap", "SmallRight"),
        ]]
        for rank, dimension in enumerate(ranked, start=1):
            mean = dimension.distribution.mean
            rows.append([
                self.p(f"<b>{rank}</b>", "CellBold"),
                self.p(self.m(dimension.title, limit=160), "Cell"),
                self.p(score_text(mean), "CellRight"),
                self.p(f"{dimension.weight:g}", "CellRight"),
                self.p(f"<b>{score_text(dimension.gap)}</b>" if dimension.gap is not None else DASH,
                       "CellRight"),
            ])
        out.append(self.plain_table(rows, [36, FRAME_WIDTH - 36 - 3 * 56, 56, 56, 56]))
        left_out = [d for d in self.summary.dimensions if d.id not in self.summary.gaps]
        if left_out:
            names = ", ".join(plain(d.title, 160) for d in left_out)
            out.append(Spacer(1, 4))
            out.append(self.p(f"Not ranked ({self.fewer} students answered): "
                              f"{self.m(names, limit=2000)}.", "Small"))
        return out

    def actions(self) -> list[Flowable]:
        """The actions the plans recommended most often, with how many students got each."""
        summary = self.summary
        out: list[Flowable] = [
            CondPageBreak(200),
            self.heading("Actions most often recommended", "TitleFlow", 0),
            self.p(f"The actions in the most students' plans (at most ten; only those "
                   f"recommended to at least {self.k} students).", "Meta"),
        ]
        if not summary.actions:
            out.append(self.p(f"No action was recommended to {self.k} or more students.",
                              "Body"))
            return out
        bar_width = 70.0
        rows: list[list[Any]] = [[
            self.p("Rank", "CellMuted"), self.p("Action", "CellMuted"),
            self.p("Dimension", "CellMuted"), self.p("Students", "SmallRight"),
            self.p("Share", "CellMuted"),
        ]]
        for rank, action in enumerate(summary.actions, start=1):
            rows.append([
                self.p(f"<b>{rank}</b>", "CellBold"),
                self.p(self.m(action.title, limit=400), "CellBold"),
                self.p(self.m(action.dimension, limit=160), "CellMuted"),
                self.p(f"{action.count} of {summary.students}", "CellRight"),
                [self.share_figure(action, bar_width)],
            ])
        title_width = FRAME_WIDTH - 36 - 120 - 62 - bar_width - 34
        out.append(self.plain_table(rows, [36, title_width, 120, 62, bar_width + 34]))
        return out

    def share_figure(self, action: ActionCount, width: float) -> Table:
        bar = charts.ScoreBar(action.share * 100, Palette.accent, width, height=7)
        return self.table([[bar, self.p(_percent(action.share), "Cell")]], [width + 4, 30], SNUG)

    def about(self) -> list[Flowable]:
        data = self.data
        summary = self.summary
        rubric = data.rubric
        facts: list[tuple[str, str]] = [
            ("Rubric", self.m(summary.rubric_title, limit=300)),
            ("Rubric id", self.m(summary.rubric_id, limit=80)),
            ("Rubric version", self.m(summary.rubric_version, limit=40)),
        ]
        if rubric.sha256:
            facts.append(("Rubric sha256", rubric.sha256))
        facts.append(("Students", f"{self.fewer} (no figures shown)" if summary.suppressed
                      else str(summary.students)))
        facts += [
            ("Minimum group", f"{self.k} students: any figure about fewer is suppressed"),
            ("Privacy", "Made from scores alone: no names, no answers. Each student's "
                        "latest attempt counts once."),
        ]
        return [KeepTogether(self.about_section(facts, data.generated))]


def _percent(share: float | None) -> str:
    return percent_text(share)
