"""Statistical process control: XmR charts and the Making Data Count icons.

XmR charts follow NHS England's "Making Data Count" (MDC) as implemented by
the NHS-R community's NHSRplotthedots R package (``ptd_spc``), whose choices
we copy where the two differ:

* limits are mean +/- 2.66 x mean moving range; the near-limit band is at
  mean +/- 2 x (2.66 / 3) x mean moving range;
* moving ranges >= 3.267 x the mean moving range are screened out and the mean
  recomputed before the limits (``screen_moving_ranges``; the MDC Excel tool
  does not screen: pass False to match it);
* special-cause rules: a point beyond a limit; 7+ points in a row on one side
  of the mean (a point exactly on the mean breaks the run); 7+ points in a row
  each strictly higher (or lower) than the one before, i.e. 6 rises (a tie
  breaks the trend); 2 of 3 consecutive points between the near-limit band and
  the limit, all three points on the same side of the mean (only the points in
  the band are flagged; a point beyond the limit does not count towards it).

Missing values (NaN) keep their row but are dropped before the calculations:
moving ranges are taken between successive non-missing points and the rules
run over the non-missing points in order. (NHSRplotthedots instead lets the
NA propagate, so the moving ranges either side of a gap are lost.)

Rebasing (``ptd_spc(rebase = ...)``): the caller declares the rows at which the
process changed (``rebase_at``; never found automatically). Each segment gets
its own mean and limits from its own points (or from its first
``fix_after_n_points`` rows, then held fixed, as ``fix_after_n_points``), no
moving range spans a rebase, and the rules run within each segment. The
helpers here (``segment_ids``, ``baseline_mask``, ``special_causes``,
``current_segment``) are shared by the other charts in this package
(``attribute_charts``, ``rare_events``, ``run_chart``).
"""

from __future__ import annotations

import operator
from typing import Sequence

import numpy as np
import pandas as pd

LIMIT = 2.66  # 3 / d2, d2 = 1.128 for moving ranges of two points
NEAR = 2 * LIMIT / 3  # the "2 sigma" band
MR_SCREEN = 3.267  # D4 for n = 2: upper limit of the moving-range chart
RUN = 7  # points in a shift or a trend
MIN_POINTS = 15  # MDC: at least 15 points for reliable limits

RULES = ("beyond limit", "run of 7", "trend of 7", "2 of 3 near limit")
BETTER = ("higher", "lower", "neither")

VARIATION_TEXT = {
    "common_cause": "Common cause variation: the ups and downs are what this process normally "
                    "produces; no sign of real change.",
    "improvement_high": "Special cause variation, improving: the latest value is unusually high "
                        "(higher is better) and unlikely to be chance.",
    "improvement_low": "Special cause variation, improving: the latest value is unusually low "
                       "(lower is better) and unlikely to be chance.",
    "concern_high": "Special cause variation, a concern: the latest value is unusually high "
                    "(lower is better) and unlikely to be chance.",
    "concern_low": "Special cause variation, a concern: the latest value is unusually low "
                   "(higher is better) and unlikely to be chance.",
    "neither_high": "Special cause variation, upwards: the latest value is unusually high and "
                    "unlikely to be chance (neither direction is better).",
    "neither_low": "Special cause variation, downwards: the latest value is unusually low and "
                   "unlikely to be chance (neither direction is better).",
}
ASSURANCE_TEXT = {
    "pass": "Consistently passing: if nothing changes, every future value is expected to meet "
            "the target.",
    "fail": "Consistently failing: if nothing changes, the target will not be met; the process "
            "itself must change.",
    "hit_and_miss": "Hit and miss: the target lies within normal variation, so some values will "
                    "meet it and some will not, by chance alone.",
}


def enough_points(n: int) -> bool:
    """True when ``n`` points are enough for reliable limits (MDC: at least 15)."""
    return n >= MIN_POINTS


def _mean_moving_range(y: np.ndarray, screen: bool) -> float:
    """Mean moving range of ``y`` (no NaN), optionally screened as NHSRplotthedots does."""
    mr = np.abs(np.diff(y))
    if mr.size == 0:
        return np.nan
    amr = mr.mean()
    if screen and amr > 0:  # with amr == 0 every range would be screened out
        amr = mr[mr < MR_SCREEN * amr].mean()
    return float(amr)


def _run_mask(key: np.ndarray, length: int) -> np.ndarray:
    """Mark elements in runs of ``length`` or more equal, non-zero values of ``key``."""
    out = np.zeros(key.size, dtype=bool)
    start = 0
    for i in range(1, key.size + 1):
        if i == key.size or key[i] != key[start]:
            if key[start] != 0 and i - start >= length:
                out[start:i] = True
            start = i
    return out


def _shift(rtm: np.ndarray) -> np.ndarray:
    """Points in 7+ consecutive points on the same side of the mean (sign 0 breaks)."""
    return _run_mask(rtm, RUN)


def _trend(y: np.ndarray) -> np.ndarray:
    """Points in 7+ consecutive points each strictly above (or below) the one before."""
    out = np.zeros(y.size, dtype=bool)
    if y.size < RUN:
        return out
    steps = _run_mask(np.sign(np.diff(y)), RUN - 1)  # steps i -> i + 1 in a trend
    out[:-1] |= steps
    out[1:] |= steps
    return out


def _trend_direction(y: np.ndarray, trend: np.ndarray) -> np.ndarray:
    """Direction (+1/-1) of the trend each point belongs to; the right-hand one at a turn."""
    sdy = np.sign(np.diff(y))
    right = np.append(sdy, sdy[-1:]) if sdy.size else np.zeros(y.size)
    left = np.insert(sdy, 0, 0.0)
    both = trend & np.append(trend[1:], False)
    return np.where(both, right, left)


def _two_in_three(close: np.ndarray, rtm: np.ndarray) -> np.ndarray:
    """Near-band points in a window of 3 with 2+ near-band points, all on one side of the mean."""
    out = np.zeros(close.size, dtype=bool)
    for j in range(close.size - 2):
        if close[j:j + 3].sum() >= 2 and abs(rtm[j:j + 3].sum()) == 3:
            out[j:j + 3] |= close[j:j + 3]
    return out


# --- segments (rebase) and baselines ---------------------------------------------------------

def segment_ids(n: int, rebase_at: Sequence[int] = ()) -> np.ndarray:
    """The segment (0, 1, ...) of each of ``n`` rows, a new one starting at each ``rebase_at`` row.

    Positions are 0-based row numbers (missing rows count), each from 1 to n - 1: a
    declared change before the first row or after the last is an error, not ignored.
    """
    cuts = sorted({operator.index(p) for p in rebase_at})
    bad = [p for p in cuts if not 1 <= p < n]
    if bad:
        raise ValueError(f"rebase_at positions must be rows 1 to {n - 1} of {n}, not {bad}")
    seg = np.zeros(n, dtype=int)
    for p in cuts:
        seg[p:] += 1
    return seg


def _check_fix(fix_after_n_points: int | None, baseline_points: int | None = None) -> int | None:
    if fix_after_n_points is not None and baseline_points is not None \
            and fix_after_n_points != baseline_points:
        raise ValueError("give fix_after_n_points or baseline_points, not both")
    name = "fix_after_n_points" if fix_after_n_points is not None else "baseline_points"
    fix = fix_after_n_points if fix_after_n_points is not None else baseline_points
    if fix is not None and operator.index(fix) < 1:
        raise ValueError(f"{name} must be at least 1")
    return fix


def baseline_mask(segment: np.ndarray, fix_after_n_points: int | None = None) -> np.ndarray:
    """True for the rows that set their segment's centre line and limits.

    Every row when ``fix_after_n_points`` is None, else the first N rows of each
    segment (missing rows count, as NHSRplotthedots' ``row_number() <= n``).
    """
    segment = np.asarray(segment)
    if fix_after_n_points is None:
        return np.ones(segment.size, dtype=bool)
    rank = np.zeros(segment.size, dtype=int)
    for s in np.unique(segment):
        rows = np.flatnonzero(segment == s)
        rank[rows] = np.arange(rows.size)
    return rank < fix_after_n_points


def moving_ranges(value: np.ndarray, segment: np.ndarray) -> np.ndarray:
    """|difference| from the previous non-missing point of the same segment (NaN for the first)."""
    out = np.full(value.size, np.nan)
    for s in np.unique(segment):
        rows = np.flatnonzero((segment == s) & ~np.isnan(value))
        out[rows[1:]] = np.abs(np.diff(value[rows]))
    return out


def current_segment(spc: pd.DataFrame) -> pd.DataFrame:
    """The rows of the current process: the segment of the last row (all rows without rebasing)."""
    if "segment" not in spc.columns or spc.empty:
        return spc
    return spc[spc["segment"] == spc["segment"].iloc[-1]]


# --- the special-cause rules -----------------------------------------------------------------

def _judge(y, mean, ucl, lcl, upper_near, lower_near) -> tuple[dict, np.ndarray]:
    """MDC rules over the non-missing points ``y`` of one segment; limits may vary by point."""
    outside = (y > ucl) | (y < lcl)
    rtm = np.nan_to_num(np.sign(y - mean))
    close = ~outside & ((y > upper_near) | (y < lower_near))
    trend = _trend(y)
    flags = {"beyond limit": outside, "run of 7": _shift(rtm), "trend of 7": trend,
             "2 of 3 near limit": _two_in_three(close, rtm)}
    direction = np.where(trend, _trend_direction(y, trend), rtm)
    return flags, np.where(outside, rtm, direction)


def special_causes(value, mean, ucl, lcl, upper_near, lower_near,
                   segment=None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Making Data Count's rules, run within each segment over its non-missing points.

    Arguments are per-row arrays (or scalars) of the plotted value, centre line, limits
    and near-limit band. Returns (special_cause bool, rules, side) per row: rules are
    comma-joined names from ``RULES`` ("" if none); side is "high", "low" or "".
    """
    value = np.asarray(value, dtype=float)
    n = value.size
    cols = [np.broadcast_to(np.asarray(c, dtype=float), (n,))
            for c in (mean, ucl, lcl, upper_near, lower_near)]
    segment = np.zeros(n, dtype=int) if segment is None else np.asarray(segment)
    special = np.zeros(n, dtype=bool)
    rules = np.full(n, "", dtype=object)
    side = np.full(n, "", dtype=object)
    for s in np.unique(segment):
        rows = np.flatnonzero((segment == s) & ~np.isnan(value))
        if rows.size == 0:
            continue
        flags, direction = _judge(value[rows], *(c[rows] for c in cols))
        hit = np.logical_or.reduce([flags[r] for r in RULES])
        special[rows] = hit
        rules[rows] = [", ".join(r for r in RULES if flags[r][i]) for i in range(rows.size)]
        side[rows] = np.where(hit & (direction > 0), "high",
                              np.where(hit & (direction < 0), "low", ""))
    return special, rules, side


def spc_frame(value, mean, ucl, lcl, upper_near, lower_near, moving_range,
              segment=None, **extra) -> pd.DataFrame:
    """The common frame of every chart here: one row per point, rules applied per segment."""
    special, rules, side = special_causes(value, mean, ucl, lcl, upper_near, lower_near, segment)
    frame = pd.DataFrame({
        "value": value, "mean": mean, "ucl": ucl, "lcl": lcl,
        "upper_near": upper_near, "lower_near": lower_near,
        "moving_range": moving_range, "special_cause": special,
        "rules": pd.Series(rules, dtype=object), "side": pd.Series(side, dtype=object),
    })
    if segment is not None:
        frame["segment"] = np.asarray(segment, dtype=int)
    for name, col in extra.items():
        frame[name] = col
    return frame


# --- the XmR chart -----------------------------------------------------------------------------

def xmr(values: Sequence[float], *, rebase_at: Sequence[int] = (),
        fix_after_n_points: int | None = None, screen_moving_ranges: bool = True,
        baseline_points: int | None = None) -> pd.DataFrame:
    """An XmR chart of ``values`` (in time order), one row per input value.

    Columns: value, mean, ucl, lcl, upper_near, lower_near, moving_range,
    special_cause (bool), rules (comma-joined names from ``RULES``, "" if
    none) and side ("high", "low" or "": the direction of the special cause),
    plus segment (0, 1, ...) when ``rebase_at`` is given.
    ``rebase_at``: rows (0-based) at which a declared process change starts a new
    segment with its own mean and limits; the first point of a segment has no
    moving range. ``fix_after_n_points``: compute each segment's mean and limits
    from its first N rows and hold them for the rest of it (``baseline_points``
    is the older name). Limits need two non-missing baseline points; check
    ``enough_points`` before calling them reliable. ``side`` is taken from the
    highest-priority rule, in NHSRplotthedots' order: beyond a limit (which
    side), a trend (its direction), 2 of 3 or a run (which side of the mean).
    """
    value = np.asarray(values, dtype=float).ravel()
    rebase_at = list(rebase_at)
    fix = _check_fix(fix_after_n_points, baseline_points)
    segment = segment_ids(value.size, rebase_at)
    base = baseline_mask(segment, fix) & ~np.isnan(value)
    mean = np.full(value.size, np.nan)
    amr = np.full(value.size, np.nan)
    for s in np.unique(segment):
        rows = segment == s
        b = value[base & rows]
        if b.size:
            mean[rows] = b.mean()
            amr[rows] = _mean_moving_range(b, screen_moving_ranges)
    frame = spc_frame(value, mean, mean + LIMIT * amr, mean - LIMIT * amr,
                      mean + NEAR * amr, mean - NEAR * amr, moving_ranges(value, segment),
                      segment if len(rebase_at) else None)
    frame.attrs.update(chart="xmr", centre="mean")
    return frame


def _check_better(better: str) -> None:
    if better not in BETTER:
        raise ValueError(f"better must be one of {BETTER}, not {better!r}")


def variation(spc: pd.DataFrame, better: str) -> str:
    """The MDC variation icon for the latest non-missing point of ``xmr`` output.

    Mapping (as NHSRplotthedots' ``ptd_get_icons``): no special cause ->
    "common_cause"; better="neither" -> "neither_<side>" (PTD's
    special_cause_neutral_high/low); special cause on the better side ->
    "improvement_<side>"; on the worse side -> "concern_<side>". So with
    higher better a high signal is "improvement_high" and a low one
    "concern_low"; with lower better, "improvement_low" and "concern_high".
    Only the current process counts: with a ``segment`` column, the latest point
    of the last segment (a current segment with no values is "common_cause",
    never judged by an older segment). A series with no values is "common_cause".
    Works on the frame of any chart in this package.
    """
    _check_better(better)
    points = current_segment(spc)
    points = points[points["value"].notna()]
    if points.empty or not points["special_cause"].iloc[-1]:
        return "common_cause"
    side = points["side"].iloc[-1]
    if better == "neither":
        return f"neither_{side}"
    good = "high" if better == "higher" else "low"
    return f"{'improvement' if side == good else 'concern'}_{side}"


def assurance(spc: pd.DataFrame, target: float | None, better: str) -> str | None:
    """The MDC assurance icon: "pass", "fail", "hit_and_miss", or None.

    As NHSRplotthedots' ``ptd_calculate_assurance_type``, on the last row's
    limits: a target above the upper limit is always missed when higher is
    better ("fail") and always met when lower is better ("pass"); a target
    below the lower limit the reverse; otherwise (including on a limit)
    "hit_and_miss". None without a target, with better="neither", or when
    there are no limits (fewer than two points, or a run chart). With a
    ``segment`` column the last row is the current segment's, so the target is
    judged against the current process's limits.
    """
    _check_better(better)
    if target is None or np.isnan(target) or better == "neither" or spc.empty:
        return None
    rows = current_segment(spc)
    ucl, lcl = rows["ucl"].iloc[-1], rows["lcl"].iloc[-1]
    if np.isnan(ucl) or np.isnan(lcl):
        return None
    if target > ucl:
        return "fail" if better == "higher" else "pass"
    if target < lcl:
        return "pass" if better == "higher" else "fail"
    return "hit_and_miss"
