"""Control charts for proportions and rates with varying denominators: p, p', u and u'.

As qicharts2 (``qic(chart = "p" / "pp" / "u" / "up")``) computes them, with Laney's
(2002) correction for the prime charts:

* centre line: sum of numerators / sum of denominators over the segment's baseline;
* p: sigma_i = sqrt(pbar (1 - pbar) / n_i); u: sigma_i = sqrt(ubar / n_i);
  limits centre +/- 3 sigma_i, so they vary with each period's denominator;
* p' and u' (Laney): z_i = (y_i - centre) / sigma_i; sigma_z = mean moving range
  of z / 1.128 (moving ranges >= 3.267 x their mean screened out first, as
  qicharts2 >= 0.7.4 and NHSRplotthedots do; ``screen_moving_ranges=False`` to
  skip); limits centre +/- 3 sigma_z sigma_i. sigma_z > 1 widens the limits
  (over-dispersion, usual with large denominators), < 1 narrows them;
* limits are clipped to [0, 1] for proportions and at 0 for rates (times ``scale``);
* the near-limit band for Making Data Count's "2 of 3" rule is at 2 sigma.

The special-cause rules are Making Data Count's (``control.special_causes``), run
within each segment, so ``control.variation`` and ``control.assurance`` read these
frames as they read ``control.xmr``'s.

A row whose numerator is missing keeps its limits when its denominator is known
(the chart can draw them past a hidden point) but is left out of the centre line,
sigma_z and the rules; a row without a usable denominator (missing or 0) has no
value and no limits. z moving ranges are taken between successive non-missing
points of a segment, as ``control.xmr`` does (qicharts2 loses those beside a gap).
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from outcomes.stats.control import (
    MR_SCREEN,
    _check_fix,
    baseline_mask,
    moving_ranges,
    segment_ids,
    spc_frame,
)

D2 = 1.128  # d2 for moving ranges of two points: sigma_z = mean moving range / d2


def _inputs(numerators, denominators, proportion: bool) -> tuple[np.ndarray, np.ndarray]:
    x = np.asarray(numerators, dtype=float).ravel()
    n = np.asarray(denominators, dtype=float).ravel()
    if x.size != n.size:
        raise ValueError(f"{x.size} numerators but {n.size} denominators")
    if (x < 0).any() or (n < 0).any():
        raise ValueError("numerators and denominators cannot be negative")
    if proportion and (x > n).any():
        raise ValueError("a proportion's numerator cannot exceed its denominator")
    return x, n


def _sigma_z(z: np.ndarray, screen: bool) -> float:
    """Laney's sigma_z: the mean moving range of successive z-scores / 1.128."""
    z = z[~np.isnan(z)]
    mr = np.abs(np.diff(z))
    if mr.size == 0:
        return np.nan
    amr = mr.mean()
    if screen and amr > 0:
        amr = mr[mr < MR_SCREEN * amr].mean()
    return float(amr / D2)


def _attribute_chart(numerators, denominators, *, proportion: bool, prime: bool,
                     rebase_at: Sequence[int], fix_after_n_points: int | None,
                     screen_moving_ranges: bool, scale: float) -> pd.DataFrame:
    x, n = _inputs(numerators, denominators, proportion)
    fix = _check_fix(fix_after_n_points)
    size = x.size
    segment = segment_ids(size, rebase_at)
    has_n = n > 0  # False for NaN too
    with np.errstate(divide="ignore", invalid="ignore"):
        y = np.where(has_n, x / n, np.nan)
    ok = ~np.isnan(y)
    base = baseline_mask(segment, fix) & ok
    centre = np.full(size, np.nan)
    sigma = np.full(size, np.nan)
    sigma_z = np.full(size, np.nan)
    for s in np.unique(segment):
        rows = segment == s
        b = base & rows
        if not b.any() or n[b].sum() == 0:
            continue
        c = x[b].sum() / n[b].sum()
        centre[rows] = c
        spread = c * (1 - c) if proportion else c
        with np.errstate(divide="ignore", invalid="ignore"):
            sig = np.where(has_n & rows, np.sqrt(spread / n), np.nan)
        if prime:
            with np.errstate(divide="ignore", invalid="ignore"):
                z = np.where(sig[b] > 0, (y[b] - c) / sig[b], np.nan)
            sz = _sigma_z(z, screen_moving_ranges) if spread > 0 else 1.0
            sigma_z[rows] = sz
            sig = sig * sz
        sigma[rows] = sig[rows]
    upper = 1.0 if proportion else np.inf
    limits = [np.clip(centre + k * sigma, 0.0, upper) for k in (3, -3, 2, -2)]
    value = y * scale
    centre_s = centre * scale
    ucl, lcl, upper_near, lower_near = (lim * scale for lim in limits)
    extra = {"numerator": x, "denominator": n}
    if prime:
        extra["sigma_z"] = sigma_z
    frame = spc_frame(value, centre_s, ucl, lcl, upper_near, lower_near,
                      moving_ranges(value, segment), segment, **extra)
    chart = ("p" if proportion else "u") + ("_prime" if prime else "")
    frame.attrs.update(chart=chart, centre="mean", scale=scale)
    return frame


def p_chart(numerators: Sequence[float], denominators: Sequence[float], *,
            rebase_at: Sequence[int] = (), fix_after_n_points: int | None = None,
            scale: float = 1.0) -> pd.DataFrame:
    """A p chart: the proportion numerator / denominator per period, binomial limits.

    ``scale`` multiplies the plotted values, centre and limits (100 for a
    percentage). Columns as ``control.xmr`` (value, mean, ucl, lcl, upper_near,
    lower_near, moving_range, special_cause, rules, side) plus segment,
    numerator and denominator. ``rebase_at`` and ``fix_after_n_points`` as in
    ``control.xmr``.
    """
    return _attribute_chart(numerators, denominators, proportion=True, prime=False,
                            rebase_at=rebase_at, fix_after_n_points=fix_after_n_points,
                            screen_moving_ranges=False, scale=scale)


def p_prime_chart(numerators: Sequence[float], denominators: Sequence[float], *,
                  rebase_at: Sequence[int] = (), fix_after_n_points: int | None = None,
                  screen_moving_ranges: bool = True, scale: float = 1.0) -> pd.DataFrame:
    """Laney's p' chart: a p chart whose limits allow for between-period variation.

    Columns as ``p_chart`` plus sigma_z (per segment: 1 means no over- or
    under-dispersion, and the p' chart is then the p chart).
    """
    return _attribute_chart(numerators, denominators, proportion=True, prime=True,
                            rebase_at=rebase_at, fix_after_n_points=fix_after_n_points,
                            screen_moving_ranges=screen_moving_ranges, scale=scale)


def u_chart(numerators: Sequence[float], denominators: Sequence[float], *,
            rebase_at: Sequence[int] = (), fix_after_n_points: int | None = None,
            scale: float = 1.0) -> pd.DataFrame:
    """A u chart: the rate events / exposure per period, Poisson limits.

    ``scale`` gives the rate's unit (1000 for a rate per 1,000). Columns as ``p_chart``.
    """
    return _attribute_chart(numerators, denominators, proportion=False, prime=False,
                            rebase_at=rebase_at, fix_after_n_points=fix_after_n_points,
                            screen_moving_ranges=False, scale=scale)


def u_prime_chart(numerators: Sequence[float], denominators: Sequence[float], *,
                  rebase_at: Sequence[int] = (), fix_after_n_points: int | None = None,
                  screen_moving_ranges: bool = True, scale: float = 1.0) -> pd.DataFrame:
    """Laney's u' chart: a u chart whose limits allow for between-period variation.

    Columns as ``p_prime_chart``.
    """
    return _attribute_chart(numerators, denominators, proportion=False, prime=True,
                            rebase_at=rebase_at, fix_after_n_points=fix_after_n_points,
                            screen_moving_ranges=screen_moving_ranges, scale=scale)
