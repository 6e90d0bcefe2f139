"""One clock: files keep UTC with its offset, people read their local date and time.

An attempt finished at 23:30 in New York is stored as 04:30 UTC the next day; its PDF,
due dates, report file name, `history` and `compare` all call it by the New York day.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

__all__ = ["EARLIEST_YEAR", "LATEST_YEAR", "as_utc", "check_year", "days_after", "local",
           "local_day"]

# Answers files outside these years are refused: no one takes the quiz in year 1, and a
# date near 9999 cannot even have a 90-day plan added to it.
EARLIEST_YEAR = 1970
LATEST_YEAR = 2999


def check_year(stamp: datetime) -> datetime:
    """`stamp`, or ValueError (for validation) when it is outside the sensible years."""
    if not EARLIEST_YEAR <= stamp.year <= LATEST_YEAR:
        raise ValueError(f"give a date from {EARLIEST_YEAR} to {LATEST_YEAR}, such as "
                         "2026-03-01T09:20:00+00:00")
    return stamp


def as_utc(stamp: datetime) -> datetime:
    """An aware timestamp; one without an offset is taken as UTC (as files store it)."""
    return stamp if stamp.tzinfo is not None else stamp.replace(tzinfo=timezone.utc)


def local(stamp: datetime) -> datetime:
    """`stamp` in the user's time zone (TZ), or as given when that cannot be computed."""
    try:
        return as_utc(stamp).astimezone()
    except (OverflowError, OSError, ValueError):
        return as_utc(stamp)


def local_day(stamp: datetime) -> date:
    """The day people call `stamp` where they are."""
    return local(stamp).date()


def days_after(day: date, days: int) -> date:
    """`day` plus `days`, kept within the calendar (never OverflowError)."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min
