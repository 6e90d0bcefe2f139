"""A progress bar on stderr for work that takes more than a second.

Shown only when stderr is a terminal (a log or a pipe gets nothing), only once the work
has taken longer than `delay` (quick runs stay quiet), redrawn at most ten times a second,
and cleared when the work is done, so the lines printed after it are not mixed with it.
"""

from __future__ import annotations

import shutil
import sys
import time
from collections.abc import Callable

from careerkit.cli.output import status

__all__ = ["ProgressBar"]


class ProgressBar:
    def __init__(self, total: int, noun: str, *, delay: float = 1.0,
                 clock: Callable[[], float] = time.monotonic,
                 is_terminal: Callable[[], bool] | None = None,
                 width: Callable[[], int] | None = None) -> None:
        self.total, self.noun, self.delay, self.clock = total, noun, delay, clock
        self.is_terminal = is_terminal or sys.stderr.isatty
        self.width = width or (lambda: shutil.get_terminal_size((80, 24)).columns)
        self.started = clock()
        self.drawn_at: float | None = None

    def __call__(self, done: int) -> None:
        now = self.clock()
        if now - self.started < self.delay:
            return
        if self.drawn_at is not None and now - self.drawn_at < 0.1 and done < self.total:
            return
        if not self.is_terminal():
            return
        self.drawn_at = now
        status(self.line(done, now - self.started))

    def line(self, done: int, elapsed: float) -> str:
        share = done / self.total if self.total else 1.0
        words = f" {done:,} of {self.total:,} {self.noun}"
        if self.total and 0.05 <= share < 1:  # before that, an estimate is a guess
            words += f", about {max(1, round(elapsed * (self.total - done) / done))} s left"
        room = max(10, min(40, self.width() - len(words) - 7))
        filled = round(room * share)
        return f"{'█' * filled}{'░' * (room - filled)} {share:4.0%}{words}"[: self.width() - 1]

    def close(self) -> None:
        if self.drawn_at is not None:
            status("")
