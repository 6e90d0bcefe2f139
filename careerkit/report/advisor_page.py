"""The advisor page: one page to bring to the next meeting with the advisor.

The top three priorities, each with its questions to talk over (`careerkit.advisor`),
every scheduled action with "agreed" and "not now" boxes, ruled room for notes, and the
date of the next review. Laid out to fit one page: long plans get smaller rows, never a
second page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Spacer

from careerkit.display import DASH, score_text
from careerkit.report.layout import RULED_ROWS, Checkbox, day, padding
from careerkit.report.styles import FRAME_WIDTH, Palette

if TYPE_CHECKING:
    from careerkit.advisor import AdvisorAgenda
    from careerkit.rating import Rating
    from careerkit.report.document import ReportBuilder

__all__ = ["advisor_page"]

NOTE_LINES = 10  # at most; fewer when the page is full
PROMPT_LIMIT = 240


def advisor_page(b: ReportBuilder, agenda: AdvisorAgenda) -> list[Flowable]:
    """The page's flowables (the document's last page)."""
    name = b.name
    title = "For your next meeting with your advisor"
    out: list[Flowable] = [
        b.heading(title, "Title", 0),
        b.p(f"{b.m(name, limit=120) + ': ' if name else ''}the three priorities of this "
            "plan, questions to talk over, and each action to agree on or leave for now. "
            f"Next review: <b>{day(agenda.review)}</b>.", "Meta"),
        Spacer(1, 8),
    ]
    for number, item in enumerate(agenda.priorities, start=1):
        action = item.action
        # Line breaks in a prompt or outcome are run together: the sheet is one page,
        # and a prompt of many short lines would make its priority taller than that.
        prompts = [[b.p("•", "Cell"),
                    b.p(b.m(prompt, limit=PROMPT_LIMIT, breaks=False), "Cell")]
                   for prompt in item.prompts]
        block = [
            b.p(f"{number}. {b.m(' '.join(action.title.split()), limit=200)}", "CellBold"),
            b.p(f"Done when: {b.m(action.outcome, limit=300, breaks=False)} · due "
                f"{b.due(action.due_days, short=True)} · "
                f"{b.m(action.dimension_title, limit=120, breaks=False)}", "CellMuted"),
            b.table(prompts, [10, FRAME_WIDTH - 40], padding(left=0, top=1, bottom=1)),
        ]
        out.append(b.table([[block]], [FRAME_WIDTH], [
            ("LINEBEFORE", (0, 0), (0, -1), 2, Palette.accent),
            *padding(left=10, top=3, bottom=5),
        ]))
        out.append(Spacer(1, 4))
    if b.data.rating is not None:
        out += advisor_view(b, b.data.rating)
    out += [Spacer(1, 4), b.p("Agree on each action", "H2")]
    rows: list[list[Any]] = [[b.p("Agreed", "CellMuted"), b.p("Not now", "CellMuted"),
                              b.p("#", "CellMuted"), b.p("Action", "CellMuted"),
                              b.p("Due", "CellMuted")]]
    for action in agenda.actions:
        rows.append([Checkbox(), Checkbox(), b.p(b.m(action.number, limit=12), "Cell"),
                     b.p(b.m(' '.join(action.title.split()), limit=160), "Cell"),
                     b.p(b.due(action.due_days, short=True), "Cell")])
    out.append(b.table(rows, [38, 40, 24, FRAME_WIDTH - 164, 62], [
        *RULED_ROWS, *padding(top=2, bottom=2)], repeatRows=1))
    # The heading must not keep with the lines: they take what room is left, and a
    # kept-together pair would be measured against a whole page instead.
    notes = b.p("Notes", "H2")
    notes.style = ParagraphStyle("NotesHeading", parent=notes.style, keepWithNext=0)
    out += [Spacer(1, 6), notes, NoteLines(NOTE_LINES)]
    return out


class NoteLines(Flowable):  # type: ignore[misc]
    """Ruled lines to write on: as many as fit in what is left of the page (up to
    `most`), so that the notes never push the page onto a second one."""

    pitch = 20.0

    def __init__(self, most: int) -> None:
        super().__init__()
        self.most = most
        self.count = most

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        self.count = max(0, min(self.most, int(available_height // self.pitch)))
        return available_width, self.count * self.pitch

    def draw(self) -> None:
        self.canv.setStrokeColor(Palette.rule)
        self.canv.setLineWidth(0.5)
        for line in range(self.count):
            y = line * self.pitch
            self.canv.line(0, y, self.width, y)


def advisor_view(b: ReportBuilder, rating: Rating) -> list[Flowable]:
    """The student's band beside the advisor's, per dimension; the largest gaps as
    questions for the meeting."""
    # start-up: the rating module (its models, the quiz it asks with) loads only for a
    # plan made with --rating
    from careerkit.rating import band_gaps, gap_prompts

    gaps = band_gaps(b.data.scorecard, b.data.rubric, rating)
    rater = f" ({b.m(rating.rater, limit=120, breaks=False)})" if rating.rater else ""
    out: list[Flowable] = [Spacer(1, 4), b.p(f"Your view and your advisor's{rater}", "H2")]
    rows: list[list[Any]] = [[b.p("Dimension", "CellMuted"), b.p("Your answers", "CellMuted"),
                              b.p("Your advisor", "CellMuted"), b.p("Note", "CellMuted")]]
    for gap in gaps:
        mine = (f"{gap.student_band} ({score_text(gap.student_score)})"
                if gap.student_band else DASH)
        theirs = gap.advisor_band or "not rated"
        mark = "CellBold" if gap.gap else "Cell"
        rows.append([b.p(b.m(gap.title, limit=160, breaks=False), "Cell"),
                     b.p(b.m(mine, limit=80, breaks=False), "Cell"),
                     b.p(b.m(theirs, limit=80, breaks=False), mark),
                     b.p(b.m(gap.note or "", limit=500, breaks=False), "CellMuted")])
    out.append(b.table(rows, [130, 90, 90, FRAME_WIDTH - 310], [
        *RULED_ROWS, *padding(top=2, bottom=2)], repeatRows=1))
    prompts = gap_prompts(gaps)
    if prompts:
        out += [Spacer(1, 4), b.p("Where you see it differently", "CellBold")]
        out.append(b.table([[b.p("•", "Cell"),
                             b.p(b.m(p, limit=PROMPT_LIMIT, breaks=False), "Cell")]
                            for p in prompts], [10, FRAME_WIDTH - 10],
                           padding(left=0, top=1, bottom=1)))
    return out
