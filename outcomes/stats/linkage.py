"""Groups compared on an outcome: each group's crude percentage with its 95% Wilson
interval, and its percentage directly standardised to a standard population's mix of
strata (age band × placement kind), with an interval.

The standardised percentage of a group is sum_s w_s x_s / n_s over the strata s the
group has children in, where w_s is stratum s's share of the standard population
(the whole cohort), renormalised over those strata. Its interval is a Wilson score
interval on the standardised proportion with Kish's effective number of children,
n_eff = 1 / sum_s (w_s^2 / n_s): the variance of a weighted mean of stratum
proportions, p(1 - p) sum_s w_s^2 / n_s, is a binomial variance on n_eff children.
Chosen over Dobson's method (Dobson et al. 1991), which assumes Poisson counts and so
overstates the variance of a proportion far from 0 (twice too wide at 50%), and over a
plain normal approximation, which can fall below 0% or above 100% on small groups.
With one stratum the standardised figure and its interval are the crude ones exactly.

`coverage` is the share of the standard population in strata the group has children
in: where it is low, the groups hold different children and no adjustment can make
them comparable (the page then shows no adjusted figure).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from outcomes.stats.intervals import wilson

MIN_COVERAGE = 0.8      # below this, no adjusted figure: the groups barely overlap


def standard_weights(strata: pd.Series) -> pd.Series:
    """Each stratum's share of a standard population (one stratum label per child)."""
    counts = strata.value_counts()
    return counts / counts.sum()


def standardised(n: pd.Series, x: pd.Series, weights: pd.Series) -> dict:
    """One group's directly standardised proportion: `n` and `x` (children and children
    with the outcome) by stratum, `weights` the standard's shares by stratum. Returns
    {"pct", "low", "high", "coverage"} (per cent, NaN where nothing can be said)."""
    frame = pd.DataFrame({"n": n, "x": x}).reindex(weights.index).fillna(0)
    have = frame["n"] > 0
    coverage = float(weights[have].sum())
    if not have.any():
        return {"pct": np.nan, "low": np.nan, "high": np.nan, "coverage": 0.0}
    w = weights[have] / weights[have].sum()
    p = frame.loc[have, "x"] / frame.loc[have, "n"]
    pct = float((w * p).sum())
    n_eff = 1.0 / float((w ** 2 / frame.loc[have, "n"]).sum())
    low, high = wilson(pct * n_eff, n_eff)
    return {"pct": 100 * pct, "low": 100 * low, "high": 100 * high, "coverage": coverage}


def compare(children: pd.DataFrame, *, group: str, stratum: str, outcome: str,
            groups: list[str], standard: pd.Series, all_label: str = "all") -> pd.DataFrame:
    """Per group (and all groups together), from one row per child (`outcome` True/False,
    missing where the child is not counted): children, with the outcome, the crude
    percentage and its Wilson interval, the standardised percentage and its interval, and
    the coverage. `standard`: the standard population's shares by stratum."""
    counted = children.loc[children[outcome].notna()]
    rows = []
    for name in [*groups, all_label]:
        part = counted if name == all_label else counted.loc[counted[group] == name]
        yes = part[outcome].astype(bool)
        n, x = len(part), int(yes.sum())
        low, high = wilson(x, n) if n else (np.nan, np.nan)
        by = part.assign(_yes=yes).groupby(stratum)["_yes"].agg(["size", "sum"])
        adj = standardised(by["size"], by["sum"], standard)
        rows.append({"group": name, "children": n, "with_outcome": x,
                     "crude_pct": 100 * x / n if n else np.nan,
                     "crude_low": 100 * low, "crude_high": 100 * high,
                     "adjusted_pct": adj["pct"], "adjusted_low": adj["low"],
                     "adjusted_high": adj["high"], "coverage": adj["coverage"]})
    return pd.DataFrame(rows)


def overlap(a: tuple[float, float], b: tuple[float, float]) -> bool | None:
    """Whether two intervals (low, high) overlap; None if either is missing."""
    if any(v is None or pd.isna(v) for v in (*a, *b)):
        return None
    return a[0] <= b[1] and b[0] <= a[1]
