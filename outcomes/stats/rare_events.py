"""Control charts for rare events: g (opportunities between events) and t (time between events).

When events are rare a p or u chart's lower limit sits at zero and most periods
read 0, so improvement cannot show. Turning the indicator round, the gap between
successive events is charted instead (a longer gap is fewer events). Both follow
qicharts2 (``qic(chart = "g")`` and ``qic(chart = "t")``):

* g chart (Montgomery; Provost & Murray): the number of opportunities (cases,
  registrations, days counted as whole units) between events is geometric:
  sigma = sqrt(mean (mean + 1)); limits mean +/- 3 sigma, the lower one clipped at
  0 (so in practice 0). The centre line drawn, and used by the rules, is the
  median, since the geometric distribution is very skewed (qicharts2 does the
  same for its runs analysis). The ``mean`` column holds that median.
* t chart (Nelson 1994; Montgomery 7.6): time between events, assumed
  exponential, is transformed to y^(1/3.6), which is near normal; an I chart is
  drawn on the transform (sigma = mean moving range / 1.128, moving ranges
  screened as ``control.xmr`` does) and the centre and limits are
  back-transformed (x^3.6; a negative lower limit becomes 0). Times must be
  greater than 0 (events recorded on the same day need a g chart of days).

Both judge points with Making Data Count's rules against the drawn centre line
and limits (the near-limit band at 2 sigma), within each segment, and return the
frame of ``control.xmr`` with a segment column.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from outcomes.stats.control import (
    _check_fix,
    _mean_moving_range,
    baseline_mask,
    moving_ranges,
    segment_ids,
    spc_frame,
)

T_POWER = 3.6  # Nelson's transform y^(1/3.6) for exponential times between events
D2 = 1.128


def _prepare(values, rebase_at, fix_after_n_points):
    value = np.asarray(values, dtype=float).ravel()
    fix = _check_fix(fix_after_n_points)
    segment = segment_ids(value.size, rebase_at)
    base = baseline_mask(segment, fix) & ~np.isnan(value)
    return value, segment, base


def g_chart(values: Sequence[float], *, rebase_at: Sequence[int] = (),
            fix_after_n_points: int | None = None) -> pd.DataFrame:
    """A g chart of the number of opportunities between successive events (>= 0).

    One row per gap; columns as ``control.xmr`` plus segment; ``mean`` is the
    median (the centre line drawn). ``rebase_at`` and ``fix_after_n_points`` as
    in ``control.xmr``. A high point is a long gap: fewer events.
    """
    value, segment, base = _prepare(values, rebase_at, fix_after_n_points)
    if (value < 0).any():
        raise ValueError("opportunities between events cannot be negative")
    cols = {k: np.full(value.size, np.nan) for k in ("centre", "ucl", "lcl", "un", "ln")}
    for s in np.unique(segment):
        rows = segment == s
        b = value[base & rows]
        if not b.size:
            continue
        m = b.mean()
        sd = np.sqrt(m * (m + 1))
        cols["centre"][rows] = np.median(b)
        cols["ucl"][rows] = m + 3 * sd
        cols["lcl"][rows] = max(m - 3 * sd, 0.0)
        cols["un"][rows] = m + 2 * sd
        cols["ln"][rows] = max(m - 2 * sd, 0.0)
    frame = spc_frame(value, cols["centre"], cols["ucl"], cols["lcl"], cols["un"], cols["ln"],
                      moving_ranges(value, segment), segment)
    frame.attrs.update(chart="g", centre="median")
    return frame


def _back(x: np.ndarray) -> np.ndarray:
    """Back-transform x^3.6, a limit at or below 0 on the transformed scale becoming 0."""
    with np.errstate(invalid="ignore"):
        return np.where(x > 0, np.abs(x) ** T_POWER, np.where(np.isnan(x), np.nan, 0.0))


def t_chart(values: Sequence[float], *, rebase_at: Sequence[int] = (),
            fix_after_n_points: int | None = None,
            screen_moving_ranges: bool = True) -> pd.DataFrame:
    """A t chart of the times between successive events (each > 0).

    One row per gap; columns as ``control.xmr`` plus segment, in the original
    units (``mean`` is the back-transformed mean of the transformed times).
    ``rebase_at`` and ``fix_after_n_points`` as in ``control.xmr``.
    """
    value, segment, base = _prepare(values, rebase_at, fix_after_n_points)
    if (value <= 0).any():
        raise ValueError("times between events must be greater than 0 (use a g chart)")
    with np.errstate(invalid="ignore"):
        tx = value ** (1 / T_POWER)
    cols = {k: np.full(value.size, np.nan) for k in ("centre", "ucl", "lcl", "un", "ln")}
    for s in np.unique(segment):
        rows = segment == s
        b = tx[base & rows]
        if not b.size:
            continue
        m = b.mean()
        sigma = _mean_moving_range(b, screen_moving_ranges) / D2
        for key, k in (("centre", 0), ("ucl", 3), ("lcl", -3), ("un", 2), ("ln", -2)):
            cols[key][rows] = m + k * sigma if k else m
    back = {k: _back(v) for k, v in cols.items()}
    frame = spc_frame(value, back["centre"], back["ucl"], back["lcl"], back["un"], back["ln"],
                      moving_ranges(value, segment), segment)
    frame.attrs.update(chart="t", centre="mean")
    return frame
