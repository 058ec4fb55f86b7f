"""Intervals: Wilson score intervals for a proportion, and funnel plot limits
(exact binomial or Poisson, Spiegelhalter 2005) with each unit's position, adjusted
for over-dispersion (winsorised phi; multiplicative or additive random effects) when
the units differ by more than chance."""

from __future__ import annotations

from dataclasses import dataclass

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


# Over-dispersion (Spiegelhalter 2005, section 6 of the paper above, and "Handling
# over-dispersion of performance indicators", Qual Saf Health Care 14:347-351). When
# councils truly differ, more of them fall outside the exact limits than chance would
# put there. Each council's z-score against the target is winsorised (the lowest and
# highest 10% set to the 10th and 90th percentiles), phi = mean(z_w^2) estimates the
# dispersion, k * phi is tested against chi-squared on k - 1 degrees of freedom, and
# the limits are widened by sqrt(phi) (multiplicative) or by a between-council variance
# tau^2 (additive random effects, the DerSimonian-Laird moment estimator).
TRIM = 0.1
METHODS = ("additive", "multiplicative", "exact")
METHOD_WORDS = {"additive": "additive random effects", "multiplicative": "multiplicative"}


def funnel_se(target: float, n, *, kind: str, scale: float = 1.0) -> np.ndarray:
    """A council's standard error if it were on target, on the chart's scale:
    sqrt(theta(1 - theta)/n) for a proportion, sqrt(theta/n) for a rate (theta = target/scale)."""
    if kind not in FUNNEL_KINDS:
        raise ValueError(f"kind must be one of {FUNNEL_KINDS}, not {kind!r}")
    theta = target / scale
    m = np.asarray(n, dtype=float)
    var = theta * (1 - theta) if kind == "proportion" else theta
    with np.errstate(divide="ignore", invalid="ignore"):
        return scale * np.sqrt(var / m)


def winsorise(z, trim: float = TRIM) -> np.ndarray:
    """z with the lowest and highest `trim` share set to the `trim` and 1 - `trim`
    percentiles (linear interpolation, as R's quantile() and FunnelPlotR)."""
    z = np.asarray(z, dtype=float)
    if not trim or not len(z):
        return z
    low, high = np.quantile(z, [trim, 1 - trim])
    return np.clip(z, low, high)


def chi2_upper(x: float, df: float) -> float:
    """P(X >= x) for X ~ chi-squared on `df` degrees of freedom (the regularised upper
    incomplete gamma function Q(df/2, x/2): series below a + 1, continued fraction above)."""
    from math import exp, lgamma, log

    a, y = df / 2, x / 2
    if y <= 0:
        return 1.0
    front = exp(-y + a * log(y) - lgamma(a))
    if y < a + 1:
        term = total = 1 / a
        for i in range(1, 1000):
            term *= y / (a + i)
            total += term
            if abs(term) < abs(total) * 1e-15:
                break
        return max(0.0, 1 - front * total)
    tiny = 1e-300
    b, c = y + 1 - a, 1 / tiny
    d = 1 / b
    h = d
    for i in range(1, 1000):
        an, b = -i * (i - a), b + 2
        d = an * d + b
        d = 1 / (d if abs(d) > tiny else tiny)
        c = b + an / c
        c = c if abs(c) > tiny else tiny
        h *= d * c
        if abs(d * c - 1) < 1e-15:
            break
    return front * h


@dataclass(frozen=True)
class Dispersion:
    """How far the councils' spread exceeds chance: k units, phi (1 is chance alone),
    tau2 (the between-unit variance on the chart's scale, squared), the chi-squared
    test's p-value, and the share winsorised at each end."""
    k: int
    phi: float
    tau2: float
    p_value: float
    trim: float
    alpha: float = 0.05

    @property
    def found(self) -> bool:
        """Over-dispersion: k * phi beyond chi-squared (k - 1) at `alpha` (then phi > 1
        and tau2 > 0 as well)."""
        return self.k >= 2 and self.p_value < self.alpha and self.phi > 1


def dispersion(z, se, *, trim: float = TRIM, alpha: float = 0.05) -> Dispersion:
    """Spiegelhalter's (2005) estimates from the units' z-scores and standard errors:
    phi = (1/k) sum(z_w^2) over winsorised z; tau2 = (k phi - (k - 1)) /
    (sum w - sum w^2 / sum w) with w = 1/se^2, zero when negative; p from k phi
    against chi-squared on k - 1 degrees of freedom. Missing units are left out."""
    z, se = np.asarray(z, dtype=float), np.asarray(se, dtype=float)
    keep = np.isfinite(z) & np.isfinite(se) & (se > 0)
    z, w = winsorise(z[keep], trim), 1 / se[keep] ** 2
    k = int(len(z))
    if k < 2:
        return Dispersion(k, float("nan"), 0.0, 1.0, trim, alpha)
    phi = float(np.mean(z ** 2))
    tau2 = max(0.0, (k * phi - (k - 1)) / (w.sum() - (w ** 2).sum() / w.sum()))
    return Dispersion(k, phi, float(tau2), chi2_upper(k * phi, k - 1), trim, alpha)


@dataclass(frozen=True)
class FunnelLimits:
    """The limits a funnel plot draws and each unit's place against them. `method` is
    what was drawn ("exact", "additive" or "multiplicative"); `asked` what was asked
    for; `curve` has n, low95, high95, low998, high998; `positions` follow the units."""
    method: str
    asked: str
    dispersion: Dispersion
    curve: pd.DataFrame
    positions: tuple[str, ...]
    description: str

    @property
    def adjusted(self) -> bool:
        return self.method != "exact"


def _limits(method: str, d: Dispersion, target: float, n, *, kind: str, level: str,
            scale: float) -> tuple[np.ndarray, np.ndarray]:
    if method == "exact":
        return funnel_limits(target, n, kind=kind, level=level, scale=scale)
    se = funnel_se(target, np.atleast_1d(np.asarray(n, dtype=float)), kind=kind, scale=scale)
    half = FUNNEL_Z[level] * (np.sqrt(d.phi) * se if method == "multiplicative"
                              else np.sqrt(se ** 2 + d.tau2))
    top = scale if kind == "proportion" else np.inf
    return np.clip(target - half, 0, top), np.clip(target + half, 0, top)


def _place(value: float, bands: dict[str, tuple[float, float]]) -> str:
    if value is None or pd.isna(value):
        return "unknown"
    for level in ("99.8%", "95%"):
        low, high = bands[level]
        if pd.isna(low) or pd.isna(high):
            return "unknown"
        if value > high:
            return f"above {level}"
        if value < low:
            return f"below {level}"
    return "within"


def _describe(asked: str, drawn: str, d: Dispersion) -> str:
    if d.k < 2:
        return "No adjustment: too few councils to estimate over-dispersion."
    p = "p < 0.001" if d.p_value < 0.001 else f"p = {d.p_value:.3f}"
    stats = f"phi = {d.phi:.1f}, winsorised {d.trim:.0%}"
    if drawn != "exact":
        tau = f"tau = {np.sqrt(d.tau2):.1f}, " if drawn == "additive" else ""
        return (f"Limits widened for over-dispersion ({METHOD_WORDS[drawn]}, phi = "
                f"{d.phi:.1f}, {tau}winsorised {d.trim:.0%}): the councils differ by more "
                f"than chance alone gives ({p}).")
    if asked == "exact" and d.found:
        return (f"Exact limits, not adjusted for over-dispersion ({stats}; {p}): the "
                "councils differ by more than chance alone gives, so more of them lie "
                "outside these limits than chance would put there.")
    if asked == "exact":
        return f"Exact limits: the councils' spread is what chance gives ({stats}; {p})."
    return f"No adjustment: the councils' spread is what chance gives ({stats}; {p})."


def adjusted_funnel(values, n, target: float, *, kind: str, scale: float = 1.0,
                    method: str = "additive", trim: float = TRIM, alpha: float = 0.05,
                    curve_n=None) -> FunnelLimits:
    """Funnel limits allowing for over-dispersion, and each unit's position against them.

    `values` are the units' figures on the chart's scale (unrounded where known), `n`
    their denominators, `target` the centre line. The dispersion is estimated from
    the units' winsorised z-scores; `method` "additive" (random effects, the default:
    the stronger conceptual foundation, Spiegelhalter 2005 QSHC) or "multiplicative"
    widens the limits only when over-dispersion is found, and "exact" never does.
    The curve is drawn at `curve_n` (default: the units' own sizes).
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, not {method!r}")
    y = np.asarray(values, dtype=float)
    m = np.asarray(n, dtype=float)
    with np.errstate(invalid="ignore"):
        m = np.where(m > 0, m, np.nan)
        se = funnel_se(target, m, kind=kind, scale=scale)
        d = dispersion((y - target) / se, se, trim=trim, alpha=alpha)
    drawn = method if method != "exact" and d.found else "exact"
    ns = np.asarray(curve_n if curve_n is not None else np.unique(m[np.isfinite(m)]), float)
    curve = pd.DataFrame({"n": ns})
    own = {}
    for level, tag in (("95%", "95"), ("99.8%", "998")):
        curve[f"low{tag}"], curve[f"high{tag}"] = _limits(drawn, d, target, ns, kind=kind,
                                                          level=level, scale=scale)
        own[level] = _limits(drawn, d, target, np.nan_to_num(m, nan=1.0), kind=kind,
                             level=level, scale=scale)
    positions = tuple(
        "unknown" if not np.isfinite(m[i]) else
        _place(y[i], {lv: (own[lv][0][i], own[lv][1][i]) for lv in own})
        for i in range(len(y)))
    return FunnelLimits(drawn, method, d, curve, positions, _describe(method, drawn, d))
