"""The years the demo covers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from etl.demo.dates import (
    DAYS_PER_YEAR,
    date,
    day,
    last_complete_quarter_end,
    quarter_ends,
)

YEARS = 6                      # years of quarterly history, at least (see Window.build)


@dataclass(frozen=True)
class Window:
    """The years the demo covers, as day numbers: six, or from the start of the year
    before the inspection baseline if that is earlier, so that "since the
    inspection" always has its baseline quarter and the year before it."""
    qend: int                  # last complete quarter end
    start: int                 # first day of the first quarter
    keep_from: int             # 1 August on or before `start` (a whole CLAS year)
    quarter_ends: np.ndarray   # 24 quarter ends, oldest first
    snapshots: np.ndarray      # 31 July snapshots within the window
    baseline: int              # the inspection baseline (trends are measured from it)

    @classmethod
    def build(cls, as_at: dt.date, baseline: dt.date) -> Window:
        qend = last_complete_quarter_end(as_at)
        since_baseline = (qend.year - baseline.year + 1) * 4 + (qend.month - 12) // 3
        ends = quarter_ends(qend, max(YEARS * 4, since_baseline))
        start = day(quarter_ends(ends[0], 2)[0]) + 1
        first = date(start)
        clas = dt.date(first.year if first >= dt.date(first.year, 8, 1) else first.year - 1, 8, 1)
        snaps = [day(dt.date(y, 7, 31)) for y in range(first.year, qend.year + 1)
                 if start <= day(dt.date(y, 7, 31)) <= day(qend)]
        return cls(day(qend), start, day(clas), np.array([day(d) for d in ends]),
                   np.array(snaps), day(baseline))

    @property
    def years(self) -> float:
        return len(self.quarter_ends) / 4

    @property
    def quarter_starts(self) -> np.ndarray:
        return np.concatenate([[self.start], self.quarter_ends[:-1] + 1])

    def years_since_baseline(self, days: np.ndarray) -> np.ndarray:
        return (np.asarray(days) - self.baseline) / DAYS_PER_YEAR
