"""Intervals: Wilson score intervals for a proportion, and funnel plot limits
(exact binomial or Poisson, Spiegelhalter 2005) with each unit's position."""

from __future__ import annotations

import numpy as np
import pandas as pd


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
