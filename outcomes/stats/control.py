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
"""

from __future__ import annotations

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


def xmr(values: Sequence[float], *, screen_moving_ranges: bool = True,
        baseline_points: int | None = None) -> pd.DataFrame:
    """An XmR chart of ``values`` (in time order), one row per input value.

    Columns: value, mean, ucl, lcl, upper_near, lower_near, moving_range,
    special_cause (bool), rules (comma-joined names from ``RULES``, "" if
    none) and side ("high", "low" or "": the direction of the special cause).
    ``baseline_points``: fix the mean and limits on the first N rows and apply
    them to every point. Limits need two non-missing baseline points; check
    ``enough_points`` before calling them reliable. ``side`` is taken from the
    highest-priority rule, in NHSRplotthedots' order: beyond a limit (which
    side), a trend (its direction), 2 of 3 or a run (which side of the mean).
    """
    value = np.asarray(values, dtype=float).ravel()
    ok = ~np.isnan(value)
    base_ok = ok.copy()
    if baseline_points is not None:
        if baseline_points < 1:
            raise ValueError("baseline_points must be at least 1")
        base_ok[baseline_points:] = False
    base = value[base_ok]
    mean = float(base.mean()) if base.size else np.nan
    amr = _mean_moving_range(base, screen_moving_ranges)
    ucl, lcl = mean + LIMIT * amr, mean - LIMIT * amr
    upper_near, lower_near = mean + NEAR * amr, mean - NEAR * amr

    y = value[ok]
    outside = (y > ucl) | (y < lcl)
    rtm = np.sign(y - mean) if not np.isnan(mean) else np.zeros(y.size)
    close = ~outside & ((y > upper_near) | (y < lower_near))
    trend = _trend(y)
    flags = {"beyond limit": outside, "run of 7": _shift(rtm), "trend of 7": trend,
             "2 of 3 near limit": _two_in_three(close, rtm)}
    direction = np.where(trend, _trend_direction(y, trend), rtm)
    direction = np.where(outside, rtm, direction)

    n = value.size
    moving_range = np.full(n, np.nan)
    moving_range[np.flatnonzero(ok)[1:]] = np.abs(np.diff(y))
    rules = np.full(n, "", dtype=object)
    rules[ok] = [", ".join(r for r in RULES if flags[r][i]) for i in range(y.size)]
    special = np.zeros(n, dtype=bool)
    special[ok] = np.logical_or.reduce([flags[r] for r in RULES]) if y.size else []
    side = np.full(n, "", dtype=object)
    side[ok] = np.where(direction > 0, "high", np.where(direction < 0, "low", ""))
    side[~special] = ""
    return pd.DataFrame({
        "value": value, "mean": mean, "ucl": ucl, "lcl": lcl,
        "upper_near": upper_near, "lower_near": lower_near,
        "moving_range": moving_range, "special_cause": special,
        "rules": pd.Series(rules, dtype=object), "side": pd.Series(side, dtype=object),
    })


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
    A series with no values is "common_cause".
    """
    _check_better(better)
    points = spc[spc["value"].notna()]
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
    there are no limits (fewer than two points).
    """
    _check_better(better)
    if target is None or np.isnan(target) or better == "neither" or spc.empty:
        return None
    ucl, lcl = spc["ucl"].iloc[-1], spc["lcl"].iloc[-1]
    if np.isnan(ucl) or np.isnan(lcl):
        return None
    if target > ucl:
        return "fail" if better == "higher" else "pass"
    if target < lcl:
        return "pass" if better == "higher" else "fail"
    return "hit_and_miss"
