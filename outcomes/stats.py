"""Statistics for the dashboard: XmR (SPC) charts, MDC icons, Wilson intervals.

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


def wilson(successes, n, z: float = 1.959963984540054):
    """Wilson (1927) score interval for a proportion, without continuity correction.

    Newcombe (1998) method 3. Works on scalars, numpy arrays and pandas
    Series (a Series in gives Series out, on its index). Returns
    ``(low, high)`` as proportions in [0, 1]; n == 0 gives NaN. Raises
    ValueError for negative counts or successes > n.
    """
    index = next((a.index for a in (successes, n) if isinstance(a, pd.Series)), None)
    x = np.asarray(successes, dtype=float)
    m = np.asarray(n, dtype=float)
    if np.any(x < 0) or np.any(m < 0):
        raise ValueError("successes and n must not be negative")
    if np.any(x > m):
        raise ValueError("successes must not exceed n")
    with np.errstate(divide="ignore", invalid="ignore"):
        p = x / m
        z2 = z * z
        denom = 1 + z2 / m
        centre = (p + z2 / (2 * m)) / denom
        half = z / denom * np.sqrt(p * (1 - p) / m + z2 / (4 * m * m))
        low = np.where(m > 0, np.clip(centre - half, 0.0, 1.0), np.nan)
        high = np.where(m > 0, np.clip(centre + half, 0.0, 1.0), np.nan)
    low = np.where(x == 0, np.where(m > 0, 0.0, np.nan), low)  # exact 0, not -1e-17
    high = np.where((x == m) & (m > 0), 1.0, high)
    if index is not None:
        return pd.Series(low, index=index), pd.Series(high, index=index)
    if low.ndim == 0:
        return float(low), float(high)
    return low, high


# Funnel plots (Spiegelhalter 2005, "Funnel plots for comparing institutional
# performance", Statistics in Medicine 24:1185-1202). Control limits around a
# target come from the exact binomial (proportions) or Poisson (rates)
# distribution, with the paper's interpolation between whole counts, so they
# stay right for small councils where a normal approximation would not.
FUNNEL_Z = {"95%": 1.959963984540054, "99.8%": 3.090232306167813}
FUNNEL_KINDS = ("proportion", "rate")


def _cdf(kind: str, theta: float, n: float, top: int) -> np.ndarray:
    """P(X <= k) for k = 0..top, X ~ Binomial(n, theta) or Poisson(n * theta)."""
    from math import lgamma, log

    k = np.arange(top + 1, dtype=float)
    if kind == "proportion":
        if theta <= 0 or theta >= 1:
            return np.where(k >= n * theta, 1.0, 0.0)
        lg = np.vectorize(lgamma)
        logpmf = (lgamma(n + 1) - lg(k + 1) - lg(n - k + 1) + k * log(theta)
                  + (n - k) * log(1 - theta))
    else:
        mu = n * theta
        if mu <= 0:
            return np.ones(top + 1)
        logpmf = k * log(mu) - mu - np.vectorize(lgamma)(k + 1)
    return np.minimum(np.cumsum(np.exp(logpmf)), 1.0)


def _limit(kind: str, theta: float, n: float, p: float) -> float:
    """The p-quantile of the count, interpolated (Spiegelhalter 2005, appendix), over n."""
    if kind == "proportion":
        top = int(n)
    else:
        mu = n * theta
        top = int(mu + 12 * np.sqrt(mu) + 20)
    cdf = _cdf(kind, theta, n, top)
    r = int(np.searchsorted(cdf, p))  # smallest r with F(r) >= p
    r = min(r, top)
    below = cdf[r - 1] if r > 0 else 0.0
    alpha = (cdf[r] - p) / (cdf[r] - below) if cdf[r] > below else 0.0
    return max(r - alpha, 0.0) / n


def funnel_limits(target: float, n, *, kind: str, level: str = "95%",
                  scale: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """Lower and upper funnel limits around `target` for denominators `n`.

    `target` and the limits are on the chart's scale (100 for per cent, 1000
    for per 1,000); `n` is the denominator (children, or child population).
    `kind` is "proportion" (binomial) or "rate" (Poisson); `level` is "95%"
    or "99.8%" (about 2 and 3 standard deviations).
    """
    if kind not in FUNNEL_KINDS:
        raise ValueError(f"kind must be one of {FUNNEL_KINDS}, not {kind!r}")
    from statistics import NormalDist

    tail = 1 - NormalDist().cdf(FUNNEL_Z[level])
    theta = target / scale
    ns = np.atleast_1d(np.asarray(n, dtype=float))
    low = np.array([_limit(kind, theta, m, tail) if m > 0 else np.nan for m in ns])
    high = np.array([_limit(kind, theta, m, 1 - tail) if m > 0 else np.nan for m in ns])
    return low * scale, high * scale


def funnel_position(value: float, n: float, target: float, *, kind: str,
                    scale: float = 1.0) -> str:
    """Where one council sits: "above 99.8%", "above 95%", "within", "below 95%"..."""
    if value is None or pd.isna(value) or not n or pd.isna(n):
        return "unknown"
    for level in ("99.8%", "95%"):
        low, high = funnel_limits(target, [n], kind=kind, level=level, scale=scale)
        if value > high[0]:
            return f"above {level}"
        if value < low[0]:
            return f"below {level}"
    return "within"
