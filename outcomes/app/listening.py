"""The sections of "Did listening change anything?": per outcome, the groups' crude and
adjusted percentages with intervals (chart, sentence, table), and how the groups differ."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from outcomes.app import ui
from outcomes.app.cache import cached, kept
from outcomes.draw.comparison import group_intervals
from outcomes.query import linkage
from outcomes.query.filters import Filters
from outcomes.words import listening as words
from outcomes.words.labels import quarter_label

GROUPS = list(linkage.GROUPS)


def year_before(quarter_end: dt.date) -> dt.date:
    """The quarter end 12 months before a quarter end."""
    first = quarter_end + dt.timedelta(days=1)
    return dt.date(first.year - 1, first.month, 1) - dt.timedelta(days=1)


def figures(f: Filters) -> linkage.Linkage:
    """The views of the year that ended 12 months before the 'To quarter', followed to it."""
    return cached(linkage.linkage, year_before(f.end), f.end, ui.threshold())


def introduction(f: Filters) -> None:
    result = figures(f)
    start = year_before(result.year_end) + dt.timedelta(days=1)
    st.markdown(
        f"Children looked after with a view recorded between {start:%d %B %Y} and "
        f"{result.year_end:%d %B %Y} ({quarter_label(result.year_end)}), placed by their first "
        "view of that year: **acted on** (an action recorded against it) or **not acted "
        "on**; and children looked after in the middle of that year with **no view "
        f"recorded** in it. What happened in the 6 and 12 months after the view (after the "
        f"year's middle, for those with none), up to {quarter_label(f.end)}: every child "
        "counted has had the full 12 months. Linked through the pseudonymised child key "
        "only.")
    st.info(words.ASSOCIATION, icon=":material/info:")
    st.caption(words.METHOD)


def outcome_sections(f: Filters) -> None:
    result = figures(f)
    for outcome in result.outcomes:
        ui.show(kept(_block, f, outcome), f, key=f"listening_{outcome}")


def _block(f: Filters, outcome: str) -> ui.Block:
    result = figures(f)
    data = result.figures.data
    rows = data.loc[data["outcome"] == outcome]
    months = sorted(rows["months"].unique())
    summary = words.summary(rows, outcome, months[-1])
    fig = group_intervals(rows, groups=GROUPS, labels=words.GROUP_LABELS,
                          panels=[(m, f"Within {m} months") for m in months],
                          x_title=f"% who {words.OUTCOME_WORDS[outcome]}")
    shown = result.figures.display()
    table = shown.loc[shown["outcome"] == outcome].assign(
        group=lambda d: d["group"].map(words.GROUP_LABELS),
        crude_ci=lambda d: [_ci(lo, hi) for lo, hi in zip(d["crude_low"], d["crude_high"])],
        adjusted_ci=lambda d: [_ci(lo, hi) for lo, hi in zip(d["adjusted_low"],
                                                               d["adjusted_high"])],
        crude_pct=lambda d: d["crude_pct"].map(_one), adjusted_pct=lambda d: d["adjusted_pct"].map(_one))
    table = ui.renamed(table, {"months": "Months after", "group": "Group",
                               "children": "Children", "with_outcome": "With the outcome",
                               "crude_pct": "Per cent as recorded", "crude_ci": "95% interval",
                               "adjusted_pct": "Per cent adjusted",
                               "adjusted_ci": "95% interval (adjusted)"})
    return ui.Block(words.OUTCOME_TITLES[outcome], summary, fig,
                    "Dot chart of the share of each group who "
                    f"{words.OUTCOME_WORDS[outcome]}, as recorded and adjusted for age and "
                    "placement, with 95% intervals. " + summary, table,
                    f"listening-{outcome}", result.figures.note())


def _one(v) -> str:
    return "c" if v == "c" else ("" if v in ("", None) else f"{float(v):.1f}")


def _ci(low, high) -> str:
    if "c" in (low, high):
        return "c"
    if low in ("", None) or high in ("", None):
        return ""
    return f"{float(low):.1f} to {float(high):.1f}"


def mix_table(f: Filters) -> None:
    """What else differs between the groups: age, placement and time in care."""
    result = figures(f)
    shown = result.mix.display()
    wide = shown.pivot_table(index=["characteristic", "level"], columns="group",
                             values="pct", aggfunc="first", sort=False)
    wide = wide.reindex(columns=[*GROUPS, "all"]).reset_index()
    wide.columns = ["What", "Kind", *(f"{words.GROUP_LABELS[g]} (%)" for g in [*GROUPS, "all"])]
    st.subheader("What else differs between the groups")
    st.markdown("The share of each group's looked-after children by age, placement and time "
                "in care, when their view was recorded (the year's middle for those with "
                "none). Where the groups differ here, their outcomes would differ even if "
                "listening made no difference: the adjusted figures allow for age and "
                "placement, not for time in care or anything the data do not hold.")
    ui.table_block(wide.astype(object).map(_one_cell), alt="The groups' mixes of age, "
                   "placement and time in care, per cent", topic="listening-mix",
                   filters=f, note=result.mix.note(), key="listening_mix")


def _one_cell(v):
    if isinstance(v, float) and not pd.isna(v):
        return f"{v:.0f}"
    return v
