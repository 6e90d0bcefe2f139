"""The PDF documents: the only package that imports reportlab.

    render_report(answers, rubric) -> RenderedReport   the PDF bytes and its warnings
    render_pdf(answers, rubric) -> bytes               the same, warnings to a callback
    write_pdf(answers, rubric, path) -> Path           written atomically
    default_report_path(answers) -> Path               reports/<name>-<date>.pdf
    render_cohort_pdf(summary, rubric) -> bytes        an advisor's anonymous cohort report
    write_cohort_pdf(summary, rubric, path) -> Path    written atomically

A retake's plan compares itself with the attempt before when given `previous=` (an
`careerkit.history.Attempt`): a "Since last time" section follows the summary page.

reportlab is imported only when a PDF is made, so importing this package stays cheap
(`careerkit take` can name the report path before it has anything to render).

Reproducible: with the same answers, rubric and `SOURCE_DATE_EPOCH`, the bytes are the
same (reportlab's invariant mode, and the epoch as the generation time).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from careerkit.dates import local_day
from careerkit.errors import InputError
from careerkit.naming import slug

if TYPE_CHECKING:
    from careerkit.answers import Answers
    from careerkit.cohort import CohortSummary
    from careerkit.history import Attempt
    from careerkit.plan import ActionPlan
    from careerkit.rating import Rating
    from careerkit.report.document import Earlier
    from careerkit.rubric import Rubric
    from careerkit.scoring import Scorecard

__all__ = [
    "RenderedReport",
    "default_report_path",
    "generation_time",
    "render_cohort_pdf",
    "render_pdf",
    "render_report",
    "write_cohort_pdf",
    "write_pdf",
]

REPORTS_DIR = Path("reports")
Warn = Callable[[str], None]


@dataclass(frozen=True)
class RenderedReport:
    pdf: bytes
    warnings: list[str] = field(default_factory=list)


def generation_time() -> tuple[datetime, bool]:
    """When the report is made, and whether output must be reproducible.

    `SOURCE_DATE_EPOCH` (seconds since 1970, UTC) pins both, as reproducible-builds.org
    describes; otherwise it is now, in UTC.
    """
    raw = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not raw:
        return datetime.now(timezone.utc).replace(microsecond=0), False
    if not raw.isdigit():
        raise InputError(f"SOURCE_DATE_EPOCH={raw!r}: give a whole number of seconds since "
                         "1970-01-01 UTC, or unset it")
    try:
        return datetime.fromtimestamp(int(raw), timezone.utc), True
    except (OverflowError, OSError, ValueError):
        raise InputError(f"SOURCE_DATE_EPOCH={raw!r} is out of range") from None


def _answers_day(answers: Answers) -> date:
    """The local day of the answers (as the PDF and `history` call it)."""
    stamp = answers.finished_at or answers.started_at
    return local_day(stamp if stamp is not None else generation_time()[0])


def default_report_path(answers: Answers) -> Path:
    """reports/<name>-<date>.pdf, the date being the day of the answers."""
    name = slug(answers.respondent) or "careerkit"
    return REPORTS_DIR / f"{name}-{_answers_day(answers).isoformat()}.pdf"


def render_report(answers: Answers, rubric: Rubric, *,
                  previous: Attempt | None = None, sample: bool = False,
                  advisor_only: bool = False, rating: Rating | None = None
                  ) -> RenderedReport:
    """The PDF of one student's plan, in memory, with what the reader should be told.

    With `previous` (a scored earlier attempt), the plan has a "Since last time" section.
    With `sample` (made-up answers, a rubric preview), every page and the metadata say so.
    """
    # start-up: reportlab (document, fonts, engine) loads only when a PDF is made
    from careerkit.plan import build_plan
    from careerkit.report.document import ReportData, build_pdf
    from careerkit.report.engine import gc_paused
    from careerkit.report.fonts import FontBook
    from careerkit.scoring import score

    generated, invariant = generation_time()
    scorecard = score(answers, rubric)
    plan = build_plan(scorecard, rubric, answers)
    data = ReportData(
        answers=answers,
        rubric=rubric,
        scorecard=scorecard,
        plan=plan,
        generated=generated,
        invariant=invariant,
        earlier=None if advisor_only else _earlier(previous, scorecard, plan, rubric),
        sample=sample,
        advisor_only=advisor_only,
        rating=rating,
    )
    fonts = FontBook()
    with gc_paused():
        pdf = build_pdf(data, fonts)
    return RenderedReport(pdf=pdf, warnings=fonts.warnings())


def _earlier(previous: Attempt | None, scorecard: Scorecard, plan: ActionPlan,
             rubric: Rubric) -> Earlier | None:
    """What "Since last time" shows of an earlier attempt; None when it was not scored."""
    if previous is None or previous.scorecard is None:
        return None
    if previous.answers is None or previous.rubric is None:
        return None
    # start-up: reportlab (document) loads only when a PDF is made
    from careerkit.followthrough import earlier_follow_through
    from careerkit.history import compare
    from careerkit.report.document import Earlier

    follow = earlier_follow_through(previous, plan, rubric)
    return Earlier(
        when=previous.when,
        comparison=compare(previous.scorecard, scorecard, "last time", "now"),
        actions=follow.actions,
        statuses=follow.statuses,
        follow_through=follow.sentence,
        carried=follow.carried,
    )


def render_pdf(answers: Answers, rubric: Rubric, *, warn: Warn | None = None,
               previous: Attempt | None = None, sample: bool = False,
               advisor_only: bool = False, rating: Rating | None = None) -> bytes:
    """The PDF as bytes; each warning (e.g. characters no font has) goes to `warn`."""
    report = render_report(answers, rubric, previous=previous, sample=sample,
                           advisor_only=advisor_only, rating=rating)
    for message in report.warnings:
        if warn is not None:
            warn(message)
    return report.pdf


def write_pdf(
    answers: Answers, rubric: Rubric, path: Path, *, warn: Warn | None = None,
    previous: Attempt | None = None, sample: bool = False, advisor_only: bool = False,
    rating: Rating | None = None,
) -> Path:
    """Render and write the PDF atomically (an earlier file survives any failure)."""
    # start-up: the report package itself stays light for --help and checks
    from careerkit.store import atomic_write_bytes

    pdf = render_pdf(answers, rubric, warn=warn, previous=previous, sample=sample,
                     advisor_only=advisor_only, rating=rating)
    path = Path(path)
    atomic_write_bytes(path, pdf, private=True)  # names, answers and reflections
    return path


def render_cohort_pdf(summary: CohortSummary, rubric: Rubric, *,
                      warn: Warn | None = None) -> bytes:
    """An advisor's anonymous cohort report as bytes: no names, small groups suppressed."""
    # start-up: reportlab loads only when a PDF is made
    from careerkit.report.cohort import CohortData, build_cohort_pdf
    from careerkit.report.engine import gc_paused
    from careerkit.report.fonts import FontBook

    generated, invariant = generation_time()
    fonts = FontBook()
    with gc_paused():
        pdf = build_cohort_pdf(CohortData(summary, rubric, generated, invariant), fonts)
    for message in fonts.warnings():
        if warn is not None:
            warn(message)
    return pdf


def write_cohort_pdf(summary: CohortSummary, rubric: Rubric, path: Path, *,
                     warn: Warn | None = None) -> Path:
    """Render the cohort report and write it atomically."""
    # start-up: the report package itself stays light for --help and checks
    from careerkit.store import atomic_write_bytes

    pdf = render_cohort_pdf(summary, rubric, warn=warn)
    path = Path(path)
    atomic_write_bytes(path, pdf)
    return path
