"""Plain-text views of a scorecard for the terminal (no colours, so pipes stay clean)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from careerkit.dates import local
from careerkit.display import percent_text, score_change, score_text
from careerkit.followthrough import completion_text
from careerkit.scoring import Scorecard
from careerkit.textwidth import clip, display_width, pad, wrap

if TYPE_CHECKING:
    from careerkit.cohort import CohortSummary
    from careerkit.history import Attempt, Comparison
    from careerkit.rubric import Rubric

__all__ = [
    "bar",
    "cohort_table",
    "comparison_table",
    "rubric_outline",
    "scorecard_table",
]


def bar(score: float | None, width: int = 20) -> str:
    """`██████░░░░` for 0..100; eighths of a block so small differences still show."""
    if score is None:
        return "·" * width
    eighths = round(max(0.0, min(100.0, score)) / 100 * width * 8)
    full, part = divmod(eighths, 8)
    partial = " ▏▎▍▌▋▊▉"[part] if part else ""
    return ("█" * full + partial).ljust(width, "░")[:width]


def scorecard_table(scorecard: Scorecard, *, width: int = 80, plain: bool = False) -> str:
    """Dimension, score, band and a bar per line; then the overall score and coverage.

    `plain` is for screen readers and simple terminals: one sentence a line, no rules or
    bars to be read out as symbols.
    """
    if plain:
        lines = [
            f"{d.title}: " + ("not answered." if d.score is None
                              else f"{score_text(d.score)} out of 100, {d.band_label}.")
            for d in scorecard.dimensions.values()
        ]
        if scorecard.overall is not None:
            lines.append(f"Overall: {score_text(scorecard.overall)} out of 100, "
                         f"{scorecard.band_label}.")
        coverage = scorecard.coverage
        lines.append(f"Answered {coverage.answered} of {coverage.asked} scored "
                     f"questions{coverage.note()}.")
        return "\n".join(lines + second_look_lines(scorecard, width))
    bar_width = 14 if width >= 80 else 8
    dimensions = list(scorecard.dimensions.values())
    band_width = max([display_width(d.band_label or "not answered") for d in dimensions] + [4])
    longest = max([display_width(d.title) for d in dimensions] + [9])
    title_width = max(12, min(longest, width - bar_width - band_width - 13))
    rule = "─" * (title_width + band_width + bar_width + 13)
    lines = [f"{'Dimension':<{title_width}}  {'Score':>5}  Band", rule]
    for dimension in dimensions:
        title = clip(dimension.title, title_width)
        number = score_text(dimension.score)
        band = dimension.band_label or "not answered"
        lines.append(
            f"{pad(title, title_width)}  {number:>5}  {pad(band, band_width)}  "
            f"{bar(dimension.score, bar_width)}"
        )
    lines.append(rule)
    overall = score_text(scorecard.overall)
    band = scorecard.band_label or ""
    lines.append(
        f"{'Overall':<{title_width}}  {overall:>5}  {pad(band, band_width)}  "
        f"{bar(scorecard.overall, bar_width)}"
    )
    coverage = scorecard.coverage
    lines.append(
        f"Answered {coverage.answered} of {coverage.asked} scored questions{coverage.note()}."
    )
    return "\n".join(lines + second_look_lines(scorecard, width))


def second_look_lines(scorecard: Scorecard, width: int = 80) -> list[str]:
    """Answers worth a second look, a bullet each, wrapped between words to `width`
    (scores are not changed by them)."""
    if not scorecard.second_looks:
        return []
    lines = ["", "Worth a second look:"]
    for look in scorecard.second_looks:
        lines += wrap(look.message, width, first="- ", indent="  ")
    return lines


def comparison_table(comparison: Comparison) -> str:
    """Before, after and the change per shared dimension, with a note if the rubric changed."""
    rows = comparison.dimensions
    width = max([display_width(r.title) for r in rows] + [len("Overall"), 9])
    lines = [f"{'Dimension':<{width}}  {'Before':>6}  {'Now':>6}  {'Change':>7}",
             "─" * (width + 25)]

    def row(title: str, before: float | None, after: float | None) -> str:
        # The difference of the two numbers printed beside it, so the row adds up.
        delta = score_change(before, after)
        change = "" if delta is None else (
            f"{delta:+d} ▲" if delta > 0 else f"{delta:+d} ▼" if delta < 0 else "±0 =")
        return (f"{pad(title, width)}  {score_text(before):>6}  {score_text(after):>6}  "
                f"{change:>7}")

    lines += [row(r.title, r.before, r.after) for r in rows]
    if comparison.overall_before is not None or comparison.overall_after is not None:
        lines += ["─" * (width + 25),
                  row("Overall", comparison.overall_before, comparison.overall_after)]
    lines.append(f"Before: {comparison.before_label}")
    lines.append(f"Now:    {comparison.after_label}")
    if comparison.note:
        lines.append(comparison.note)
    return "\n".join(lines)


def cohort_table(summary: CohortSummary) -> str:
    """The anonymous cohort summary as text: a group under the floor shows as "<k", a cell
    hidden (small, or hidden with a small one) as "hidden"."""
    k = summary.min_group
    lines = [f"{summary.rubric_title} ({summary.rubric_id} {summary.rubric_version}): "
             f"{summary.students} students."]
    if summary.suppressed:
        lines.append(f"Fewer than {k} students: every figure is suppressed so that no one "
                     "can be identified (see --min-group).")
        return "\n".join(lines)
    dimensions = summary.dimensions
    band_labels = [b.label for b in summary.overall_bands]
    cells = [max(display_width(label), 7) for label in band_labels]
    fixed = 2 + 6 + 2 + 6 + 2 + 7 + sum(c + 2 for c in cells)
    width = max(16, min(max([display_width(d.title) for d in dimensions] + [9]), 80 - fixed))
    header = f"{'Dimension':<{width}}  {'n':>6}  {'Median':>6}  {'IQR':>7}" + "".join(
        f"  {pad(label, c, '>')}" for label, c in zip(band_labels, cells, strict=True))
    lines += ["", header, "─" * display_width(header)]
    for dimension in dimensions:
        d = dimension.distribution
        if d.suppressed:
            lines.append(f"{pad(clip(dimension.title, width), width)}  {f'<{k}':>6}  "
                         f"(suppressed: fewer than {k} answered)")
            continue
        iqr = (f"{score_text(d.p25)}–{score_text(d.p75)}"
               if d.p25 is not None and d.p75 is not None else "")
        counts = "".join(f"  {_band_cell(b.count, b.share, k):>{c}}"
                         for b, c in zip(dimension.bands, cells, strict=False))
        answered = "hidden" if d.n is None else str(d.n)
        lines.append(f"{pad(clip(dimension.title, width), width)}  {answered:>6}  "
                     f"{score_text(d.median):>6}  {iqr:>7}{counts}")
    if summary.gaps:
        titles = {d.id: d.title for d in dimensions}
        lines += ["", "Most common gaps (lowest mean score x weight first):"]
        lines += [f"  {i}. {titles[g]}" for i, g in enumerate(summary.gaps[:3], 1)]
    if summary.actions:
        lines += ["", f"Actions most often recommended (to at least {k} students):"]
        lines += [f"  {a.count:>4} ({percent_text(a.share)})  {a.title}  [{a.dimension}]"
                  for a in summary.actions]
    return "\n".join(lines)


def _band_cell(count: int | None, share: float | None, k: int) -> str:
    # "hidden", not "<k": a cell hidden so that another cannot be worked out may be large.
    if count is None:
        return "hidden"
    return f"{count}" if share is None else f"{count} {percent_text(share)}"


def rubric_outline(rubric: Rubric) -> str:
    """`careerkit rubric show`: the title, counts and bands, then every section's
    questions by id and type."""
    context = rubric.context_ids()
    scored = sum(1 for _, q in rubric.questions() if q.scored and q.id not in context)
    total = sum(1 for _ in rubric.questions()) - len(context)
    lines = [f"{rubric.title}  ({rubric.id} {rubric.version})"]
    if rubric.description:
        lines.append(rubric.description.strip())
    lines.append(
        f"{len(rubric.dimensions)} dimensions, {scored} scored questions, "
        f"{total - scored} reflections"
        + (f", {len(context)} about the student's situation" if context else "")
        + f", about {rubric.estimated_minutes()} minutes."
    )
    lines.append("Bands: " + ", ".join(f"{b.label} {b.min:g}–{b.max:g}" for b in rubric.bands))
    for dimension in rubric.sections():
        if dimension is rubric.context_section():
            lines.append(f"\n{dimension.title}  [context, asked first, not scored]")
        else:
            lines.append(f"\n{dimension.title}  [{dimension.id}, weight {dimension.weight:g}]")
        lines += [f"  {question.id:<28} {question.type:<7} {question.text.strip()[:80]}"
                  for question in dimension.questions]
    return "\n".join(lines)


def history_listing(attempts: list[Attempt]) -> str:
    """`careerkit history`: each readable attempt's date, rubric, overall score and file,
    then its dimension scores and how far its plan was followed through."""
    lines = []
    for attempt in attempts:
        card = attempt.scorecard
        if card is None:
            continue  # the command names it as a problem, on stderr
        when = f"{local(attempt.when):%Y-%m-%d %H:%M}"
        lines.append(f"{when}  {card.rubric_id} {card.rubric_version}  "
                     f"overall {score_text(card.overall):>3}  {attempt.path}")
        # Dimension ids: unique and short, where a title's first word ("The") is neither.
        scores = "  ".join(f"{d.id} {score_text(d.score)}" for d in card.dimensions.values())
        lines.append(f"{'':18}{scores}")
        lines.append(f"{'':18}actions: {completion_text(attempt)}")
    return "\n".join(lines)
