"""Run charts with Anhøj's rules, for series too short for reliable control limits.

A run chart plots the values around their median, with no limits. Anhøj's two
rules (Anhøj & Olesen 2014, PLoS ONE 9(11): e113825; Anhøj 2015, PLoS ONE 10(3):
e0121349), as qicharts2's ``runs.analysis`` applies them, look only at which side
of the centre line each point falls:

* points exactly on the centre line are not "useful": they neither break nor
  extend a run, and are left out of n;
* unusually long run: the longest run of useful points on one side is longer than
  round(log2(n) + 3) (Schilling 2012);
* unusually few crossings: the number of times successive useful points cross
  the centre line is fewer than the 5% quantile of Binomial(n - 1, 0.5) (Chen 2010).

``run_chart`` flags the points of an unusually long run ("long run") and, when a
segment has unusually few crossings, every useful point of it ("few crossings":
the signal belongs to the whole segment). ``side`` is the side of the median of
each flagged point. The frame has the columns of ``control.xmr`` (limits and the
near-limit band are NaN; ``mean`` holds the median) plus segment, so
``control.variation`` reads it; ``control.assurance`` returns None (no limits).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Sequence

import numpy as np
import pandas as pd

from outcomes.stats.control import _check_fix, baseline_mask, moving_ranges, segment_ids

RUN_RULES = ("long run", "few crossings")
CROSSINGS_P = 0.05


def binom_quantile(p: float, size: int, prob: float = 0.5) -> int:
    """The p-quantile of Binomial(size, prob), as R's ``qbinom``: the least k with P(X <= k) >= p.

    Exact (rational arithmetic on the decimal value of ``p`` and ``prob``), for the
    small sizes of a run chart.
    """
    if not 0 <= p <= 1 or not 0 <= prob <= 1:
        raise ValueError("p and prob must lie between 0 and 1")
    size = int(size)
    if size < 0:
        raise ValueError("size cannot be negative")
    q = Fraction(repr(float(prob)))
    target = Fraction(repr(float(p)))
    cdf = Fraction(0)
    for k in range(size + 1):
        cdf += math.comb(size, k) * q ** k * (1 - q) ** (size - k)
        if cdf >= target:
            return k
    return size


def longest_run_limit(n_useful: int) -> int:
    """The longest run expected by chance in ``n_useful`` points: round(log2(n) + 3)."""
    if n_useful < 1:
        raise ValueError("need at least one useful point")
    return round(math.log2(n_useful) + 3)


def crossings_limit(n_useful: int) -> int:
    """The fewest crossings expected by chance in ``n_useful`` points: qbinom(0.05, n - 1, 0.5)."""
    if n_useful < 1:
        raise ValueError("need at least one useful point")
    return binom_quantile(CROSSINGS_P, n_useful - 1, 0.5)


@dataclass(frozen=True)
class RunsAnalysis:
    """Anhøj's runs analysis of one series (one segment) around a centre line."""
    n_useful: int          # points not on the centre line
    longest_run: int
    longest_run_max: int   # a longer run is a signal
    crossings: int
    crossings_min: int     # fewer crossings is a signal

    @property
    def long_run(self) -> bool:
        return self.longest_run > self.longest_run_max

    @property
    def few_crossings(self) -> bool:
        return self.crossings < self.crossings_min

    @property
    def signal(self) -> bool:
        return self.long_run or self.few_crossings


def _runs(side: np.ndarray) -> list[tuple[int, int]]:
    """(start, stop) of each run of equal signs in ``side`` (no zeros)."""
    out, start = [], 0
    for i in range(1, side.size + 1):
        if i == side.size or side[i] != side[start]:
            out.append((start, i))
            start = i
    return out


def runs_analysis(values: Sequence[float], centre) -> RunsAnalysis:
    """Anhøj's rules for ``values`` (in time order) around ``centre`` (a number or one per value).

    Missing values and values on the centre line are left out. With no useful
    points every count and limit is 0 and there is no signal.
    """
    y = np.asarray(values, dtype=float).ravel()
    c = np.broadcast_to(np.asarray(centre, dtype=float), y.shape)
    side = np.sign(y - c)
    side = side[~np.isnan(side) & (side != 0)]
    if side.size == 0:
        return RunsAnalysis(0, 0, 0, 0, 0)
    runs = _runs(side)
    return RunsAnalysis(n_useful=side.size, longest_run=max(b - a for a, b in runs),
                        longest_run_max=longest_run_limit(side.size),
                        crossings=len(runs) - 1, crossings_min=crossings_limit(side.size))


def run_chart(values: Sequence[float], *, rebase_at: Sequence[int] = (),
              fix_after_n_points: int | None = None) -> pd.DataFrame:
    """A run chart of ``values`` around each segment's median, with Anhøj's rules.

    ``rebase_at`` and ``fix_after_n_points`` as in ``control.xmr`` (the median
    from each segment's first N rows). Columns as ``control.xmr`` plus segment;
    ``rules`` names come from ``RUN_RULES``. ``runs_analysis`` gives the counts.
    """
    value = np.asarray(values, dtype=float).ravel()
    fix = _check_fix(fix_after_n_points)
    size = value.size
    segment = segment_ids(size, rebase_at)
    base = baseline_mask(segment, fix) & ~np.isnan(value)
    median = np.full(size, np.nan)
    flags = {r: np.zeros(size, dtype=bool) for r in RUN_RULES}
    side = np.full(size, "", dtype=object)
    for s in np.unique(segment):
        rows = segment == s
        if not (base & rows).any():
            continue
        median[rows] = np.median(value[base & rows])
        idx = np.flatnonzero(rows & ~np.isnan(value) & (value != median))
        if not idx.size:
            continue
        sign = np.sign(value[idx] - median[idx])
        result = runs_analysis(value[idx], median[idx])
        for a, b in _runs(sign):
            if b - a > result.longest_run_max:
                flags["long run"][idx[a:b]] = True
        if result.few_crossings:
            flags["few crossings"][idx] = True
        side[idx] = np.where(sign > 0, "high", "low")
    special = flags["long run"] | flags["few crossings"]
    side[~special] = ""
    rules = [", ".join(r for r in RUN_RULES if flags[r][i]) for i in range(size)]
    nan = np.full(size, np.nan)
    frame = pd.DataFrame({
        "value": value, "mean": median, "ucl": nan, "lcl": nan,
        "upper_near": nan, "lower_near": nan,
        "moving_range": moving_ranges(value, segment), "special_cause": special,
        "rules": pd.Series(rules, dtype=object), "side": pd.Series(side, dtype=object),
        "segment": segment,
    })
    frame.attrs.update(chart="run", centre="median")
    return frame
