"""Plain-text views of a scorecard for the terminal (no colours, so pipes stay clean)."""

from __future__ import annotations

from careerkit.scoring import Scorecard

__all__ = ["bar", "scorecard_table"]


def bar(score: float | None, width: int = 20) -> str:
    """`██████░░░░` for 0..100; eighths of a block so small differences still show."""
    if score is None:
        return "·" * width
    eighths = round(max(0.0, min(100.0, score)) / 100 * width * 8)
    full, part = divmod(eighths, 8)
    partial = " ▏▎▍▌▋▊▉"[part] if part else ""
    return ("█" * full + partial).ljust(width, "░")[:width]


def scorecard_table(scorecard: Scorecard, *, width: int = 80) -> str:
    """Dimension, score, band and a bar per line; then the overall score and coverage."""
    bar_width = 14 if width >= 80 else 8
    dimensions = list(scorecard.dimensions.values())
    band_width = max([len(d.band_label or "not answered") for d in dimensions] + [4])
    longest = max([len(d.title) for d in dimensions] + [9])
    title_width = max(12, min(longest, width - bar_width - band_width - 13))
    rule = "─" * (title_width + band_width + bar_width + 13)
    lines = [f"{'Dimension':<{title_width}}  {'Score':>5}  Band", rule]
    for dimension in dimensions:
        title = _clip(dimension.title, title_width)
        number = "—" if dimension.score is None else f"{dimension.score:.0f}"
        band = dimension.band_label or "not answered"
        lines.append(
            f"{title:<{title_width}}  {number:>5}  {band:<{band_width}}  "
            f"{bar(dimension.score, bar_width)}"
        )
    lines.append(rule)
    overall = "—" if scorecard.overall is None else f"{scorecard.overall:.0f}"
    band = scorecard.band_label or ""
    lines.append(
        f"{'Overall':<{title_width}}  {overall:>5}  {band:<{band_width}}  "
        f"{bar(scorecard.overall, bar_width)}"
    )
    coverage = scorecard.coverage
    lines.append(
        f"Answered {coverage.answered} of {coverage.asked} scored questions"
        + (f" ({coverage.skipped} skipped)." if coverage.skipped else ".")
    )
    return "\n".join(lines)


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
