"""Did listening change anything? Children whose views were acted on, not acted on, or
not recorded, and what happened to them over the next 6 and 12 months: an association
between groups, never a cause (statistics.md, Associations).

For a year of views (the 12 months to `year_end`) and a day outcomes are read to
(`observed_to`), each child is placed in one group by their first view of the year (see
outcomes.query.linkage_sql for the index date and the cohorts), and counted for an
outcome at 6 (12) months only if those months have passed by `observed_to` (the page
reads the year that ended 12 months before its quarter, so every child is followed for
the full 12 months). Each group's crude and standardised percentages
(outcomes.stats.linkage: standardised on age band × placement kind to the whole
cohort's mix; care leavers on age band only) and the groups' mixes are computed, then
protected together (`disclosure.protect_linked`): no count of 1-4 is shown or can be
worked out by subtracting one shown figure from another.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from outcomes.query import linkage_sql
from outcomes.query.db import Warehouse
from outcomes.query.disclosure import Protected, protect_linked
from outcomes.stats import linkage as stats

GROUPS = ("acted_on", "not_acted_on", "no_view")
ALL = "all"
HORIZONS = (6, 12)


@dataclass(frozen=True)
class Outcome:
    id: str
    cohort: str            # "looked_after" or "leavers"
    cumulative: bool       # whether by 12 months includes by 6 (an event ever happening)
    better: str            # "lower" or "higher"
    months: tuple[int, ...] = HORIZONS


# Wellbeing at 12 months only: assessments come about once a year, so few children have
# one in the 6 months after a view (and a base that shrank by a few children from 12 to
# 6 months would have to be hidden).
OUTCOMES = (Outcome("moved", "looked_after", True, "lower"),
            Outcome("wellbeing", "looked_after", False, "higher", (12,)),
            Outcome("missing", "looked_after", True, "lower"),
            Outcome("homeless", "leavers", False, "lower"),
            Outcome("eet", "leavers", False, "higher"))
BY_ID = {o.id: o for o in OUTCOMES}


def placement_kind(placement_type: pd.Series) -> pd.Series:
    """At home, kinship, foster or other community, residential (the strata's kinds)."""
    from core.rules import RESIDENTIAL_PLACEMENTS
    return pd.Series(np.select(
        [placement_type == "home_with_parents", placement_type == "kinship",
         placement_type.isin(RESIDENTIAL_PLACEMENTS)],
        ["At home with parents", "Kinship care", "Residential care"],
        "Foster or other community care"), index=placement_type.index)


def time_in_care(days: pd.Series) -> pd.Series:
    return pd.Series(np.select([days < 365, days < 3 * 365], ["Under 1 year", "1 to 3 years"],
                               "3 years or more"), index=days.index)


def has_missing_episodes(wh: Warehouse) -> bool:
    """Missing episodes are optional: only where the table exists and has rows."""
    if not wh.columns("missing_episodes"):
        return False
    return bool(wh.df("SELECT count(*) AS n FROM missing_episodes")["n"].iloc[0])


def looked_after_children(wh: Warehouse, year_end: dt.date, observed_to: dt.date
                          ) -> pd.DataFrame:
    """One row per child in the looked-after cohort, with the strata and each outcome
    (missing where the child is not counted for it)."""
    sql = linkage_sql.LOOKED_AFTER.replace(
        "{missing}", linkage_sql.MISSING if has_missing_episodes(wh) else "")
    kids = wh.df(sql, {"year_end": year_end, "observed_to": observed_to})
    kids["kind"] = placement_kind(kids["placement_type"])
    kids["time_in_care"] = time_in_care(kids["days_in_care"])
    kids["stratum"] = kids["age_band"] + " · " + kids["kind"]
    return _counted(kids, ("moved", "wellbeing", "missing"))


def leavers(wh: Warehouse, year_end: dt.date, observed_to: dt.date) -> pd.DataFrame:
    """One row per care leaver in the cohort (strata: age band only)."""
    kids = wh.df(linkage_sql.LEAVERS, {"year_end": year_end, "observed_to": observed_to})
    kids["stratum"] = kids["age_band"]
    return _counted(kids, ("homeless", "eet"))


def _counted(kids: pd.DataFrame, outcomes) -> pd.DataFrame:
    """Outcomes as nullable booleans, missing where the months have not passed."""
    for o in outcomes:
        for h in HORIZONS:
            col = f"{o}_{h}"
            if col not in kids:
                continue
            values = kids[col].astype("boolean")
            kids[col] = values.where(kids[f"followed_{h}"].astype(bool))
    return kids


def year_before(quarter_end: dt.date) -> dt.date:
    """The quarter end 12 months before a quarter end."""
    first = quarter_end + dt.timedelta(days=1)
    return dt.date(first.year - 1, first.month, 1) - dt.timedelta(days=1)


@dataclass(frozen=True)
class Linkage:
    year_end: dt.date
    observed_to: dt.date
    figures: Protected     # outcome, months, group: children, with_outcome, percentages
    mix: Protected         # characteristic, level, group: children, pct
    outcomes: tuple[str, ...]      # those the warehouse holds, in OUTCOMES order


def linkage(wh: Warehouse, year_end: dt.date, observed_to: dt.date,
            threshold: int) -> Linkage:
    """Every figure of the page and the pack, computed, then protected together."""
    looked = looked_after_children(wh, year_end, observed_to)
    left = leavers(wh, year_end, observed_to)
    frames, present = [], []
    for o in OUTCOMES:
        kids = looked if o.cohort == "looked_after" else left
        if f"{o.id}_12" not in kids:
            continue
        present.append(o.id)
        standard = stats.standard_weights(kids["stratum"])
        for h in o.months:
            part = stats.compare(kids, group="grp", stratum="stratum", outcome=f"{o.id}_{h}",
                                 groups=list(GROUPS), standard=standard, all_label=ALL)
            frames.append(part.assign(outcome=o.id, months=h))
    figures = pd.concat(frames, ignore_index=True)[
        ["outcome", "months", "group", "children", "with_outcome", "crude_pct", "crude_low",
         "crude_high", "adjusted_pct", "adjusted_low", "adjusted_high", "coverage"]]
    mix = mixes(looked.loc[looked["followed_12"].astype(bool)])
    figures_p, mix_p = protect_page(figures, mix, threshold)
    return Linkage(year_end, observed_to, figures_p, mix_p, tuple(present))


def for_quarter(wh: Warehouse, quarter_end: dt.date, threshold: int) -> Linkage:
    """What the page shows for a 'To quarter' and the board pack for its quarter: the views
    of the year that ended 12 months before it, followed to it (every child counted has had
    the full 12 months)."""
    return linkage(wh, year_before(quarter_end), quarter_end, threshold)


MIX_OF = (("age_band", "Age"), ("kind", "Placement"), ("time_in_care", "Time in care"))


def mixes(kids: pd.DataFrame) -> pd.DataFrame:
    """What else differs between the groups: children by age band, placement kind and
    time in care, per group and all (the looked-after children followed 12 months)."""
    from core.rules import CHILD_AGE_BANDS
    orders = {"age_band": [label for _, label in CHILD_AGE_BANDS],
              "kind": ["At home with parents", "Kinship care",
                       "Foster or other community care", "Residential care"],
              "time_in_care": ["Under 1 year", "1 to 3 years", "3 years or more"]}
    rows = []
    for col, title in MIX_OF:
        for level in orders[col]:
            for g in (*GROUPS, ALL):
                part = kids if g == ALL else kids.loc[kids["grp"] == g]
                rows.append({"characteristic": title, "level": level, "group": g,
                             "children": int((part[col] == level).sum()),
                             "of": len(part)})
    mix = pd.DataFrame(rows)
    mix["pct"] = np.where(mix["of"] > 0, 100 * mix["children"] / mix["of"].where(
        mix["of"] > 0), np.nan)
    return mix


def protect_page(figures: pd.DataFrame, mix: pd.DataFrame, threshold: int
                 ) -> tuple[Protected, Protected]:
    """Hide every shown count of 1-4 and every count that would reveal one, across both
    tables: group totals and their parts, the children without the outcome, 12 months
    against 6, one outcome's base against another's, the mix against its group's total.
    Percentages and intervals go with their counts; an adjusted figure also goes where
    the groups barely overlap (coverage below stats.MIN_COVERAGE)."""
    values, shown, sums, also = {}, {}, [], {}
    base = "moved"                  # the looked-after cohort: its base is every child
    for r in figures.itertuples():
        key = (r.outcome, r.months, r.group)
        values[("n", *key)], values[("x", *key)] = r.children, r.with_outcome
        values[("y", *key)] = r.children - r.with_outcome
        shown[("n", *key)], shown[("x", *key)], shown[("y", *key)] = True, True, False
        sums.append((("n", *key), [("x", *key), ("y", *key)]))
        also[("x", *key)] = (r.children < 2 * threshold and r.with_outcome in (0, r.children))
    for o in figures["outcome"].unique():
        months = BY_ID[o].months
        for h in months:
            for kind in "nxy":
                sums.append(((kind, o, h, ALL), [(kind, o, h, g) for g in GROUPS]))
        for g in (*GROUPS, ALL):                   # 12 months against 6
            if len(months) < 2:
                continue
            same = values[("n", o, 6, g)] == values[("n", o, 12, g)]
            pairs = ([("x", 12, 6)] if BY_ID[o].cumulative and same else []) + (
                [] if same else [("n", 6, 12)])   # a child followed 12 months was followed 6
            for kind, big, small in pairs:
                d = ("d", kind, o, g)
                values[d], shown[d] = values[(kind, o, big, g)] - values[(kind, o, small, g)], False
                sums.append(((kind, o, big, g), [(kind, o, small, g), d]))
        if o == "wellbeing":                       # assessed children: part of the cohort
            for g in (*GROUPS, ALL):
                d = ("b", o, g)
                values[d] = values[("n", base, 12, g)] - values[("n", o, 12, g)]
                shown[d] = False
                sums.append((("n", base, 12, g), [("n", o, 12, g), d]))
    for r in mix.itertuples():
        key = ("m", r.characteristic, r.level, r.group)
        values[key], shown[key] = r.children, True
    for (char, group), part in mix.groupby(["characteristic", "group"], sort=False):
        total = ("n", base, 12, group) if ("n", base, 12, group) in values else None
        parts = [("m", char, lv, group) for lv in part["level"]]
        if total is not None:
            sums.append((total, parts))
    for (char, level), _ in mix.groupby(["characteristic", "level"], sort=False):
        sums.append((("m", char, level, ALL), [("m", char, level, g) for g in GROUPS]))
    hidden = protect_linked(_series(values), _series(shown), sums, threshold=threshold,
                            also=_series(also))
    return _figures(figures, hidden, threshold), _mix(mix, hidden, threshold)


def _series(d: dict) -> pd.Series:
    """Keyed by the tuples as they are (pandas would make tuples of mixed lengths into a
    padded MultiIndex)."""
    return pd.Series(list(d.values()), index=pd.Index(list(d), tupleize_cols=False),
                     dtype=object)


def _figures(figures, hidden, threshold) -> Protected:
    keys = list(zip(figures["outcome"], figures["months"], figures["group"]))
    n_h = np.array([hidden.get(("n", *k), False) for k in keys])
    x_h = np.array([hidden.get(("x", *k), False) for k in keys])
    rate_h = n_h | x_h | (figures["children"].to_numpy() < threshold)
    adj_h = rate_h | (figures["coverage"].fillna(0).to_numpy() < stats.MIN_COVERAGE)
    mask = {"children": n_h, "with_outcome": x_h,
            **{c: rate_h for c in ("crude_pct", "crude_low", "crude_high")},
            **{c: adj_h for c in ("adjusted_pct", "adjusted_low", "adjusted_high")}}
    data = figures.copy()
    for col, m in mask.items():
        data[col] = data[col].astype("Float64" if "pct" in col or "low" in col or "high" in col
                                     else "Int64").mask(m)
    return Protected(data, pd.DataFrame(mask, index=figures.index), threshold)


def _mix(mix, hidden, threshold) -> Protected:
    h = np.array([hidden.get(("m", c, lv, g), False) for c, lv, g in
                  zip(mix["characteristic"], mix["level"], mix["group"])])
    h |= mix["of"].to_numpy() < threshold
    # a share and its count would give the group's total: not where that total is hidden
    total_h = np.array([hidden.get(("n", "moved", 12, g), False) for g in mix["group"]])
    data = mix.copy()
    data["children"] = data["children"].astype("Int64").mask(h)
    data["pct"] = data["pct"].astype("Float64").mask(h | total_h)
    return Protected(data, pd.DataFrame({"children": h, "pct": h | total_h}, index=mix.index),
                     threshold)
