"""The sections of "Did listening change anything?": per outcome, the groups' crude and
adjusted percentages with intervals (chart, sentence, table), and how the groups differ."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from outcomes.app import ui
from outcomes.app.cache import cached, kept
from outcomes.draw.comparison import group_intervals
from outcomes.query import linkage
from outcomes.query.filters import Filters
from outcomes.words import listening as words

GROUPS = list(linkage.GROUPS)


def figures(f: Filters) -> linkage.Linkage:
    """The views of the year that ended 12 months before the 'To quarter', followed to it
    (as the board pack for its quarter: linkage.for_quarter)."""
    return cached(linkage.for_quarter, f.end, ui.threshold())


def introduction(f: Filters) -> None:
    result = figures(f)
    st.markdown(words.introduction(result.year_end, result.observed_to))
    st.info(words.ASSOCIATION, icon=":material/info:")
    st.caption(words.METHOD + " The whole partnership: only the sidebar's 'To quarter' "
               "applies here (narrower groups would leave too few children to compare).")


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
        crude_ci=lambda d: [words.interval(lo, hi)
                            for lo, hi in zip(d["crude_low"], d["crude_high"])],
        adjusted_ci=lambda d: [words.interval(lo, hi)
                               for lo, hi in zip(d["adjusted_low"], d["adjusted_high"])],
        crude_pct=lambda d: d["crude_pct"].map(words.one_decimal),
        adjusted_pct=lambda d: d["adjusted_pct"].map(words.one_decimal))
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
