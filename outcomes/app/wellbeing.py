"""The wellbeing page's sections beyond its indicator trends: SHANARRI scores over
time, and the children with no recent assessment."""

from __future__ import annotations

import streamlit as st

from core.contract import SHANARRI
from outcomes.app import ui
from outcomes.app.cache import cached, kept
from outcomes.draw import charts
from outcomes.query import breakdowns
from outcomes.query.filters import Filters
from outcomes.words.labels import plain, quarter_label


def wellbeing_scores(f: Filters) -> None:
    ui.show(kept(_scores, f), f, key="shanarri")


def _scores(f: Filters) -> ui.Block | str:
    p = cached(breakdowns.wellbeing_by_indicator, f, ui.threshold())
    data = p.data.dropna(subset=["mean_score_pct"])
    if data.empty:
        return "No wellbeing assessments in this view."
    latest = data.loc[data["period_end"] == data["period_end"].max()]
    best, worst = latest.nlargest(1, "mean_score_pct"), latest.nsmallest(1, "mean_score_pct")
    summary = (f"In {quarter_label(latest['period_end'].iloc[0])}, children scored highest on "
               f"feeling {best['indicator'].iloc[0]} ({best['mean_score_pct'].iloc[0]:.0f}% "
               f"of the scale) and lowest on {worst['indicator'].iloc[0]} "
               f"({worst['mean_score_pct'].iloc[0]:.0f}%).")
    fig = charts.small_multiples(p.data, x="period_end", y="mean_score_pct", group="indicator",
                                 y_title="% of scale",
                                 labels={i: i.capitalize() for i in SHANARRI})
    table = ui.renamed(p.display(), {"period_end": "Quarter end", "indicator": "SHANARRI indicator",
                                 "children": "Children assessed",
                                 "mean_score_pct": "Average score (% of scale)"})
    return ui.Block("SHANARRI scores over time", summary, fig,
                    "Eight small line charts, one for each SHANARRI indicator, of the average "
                    "wellbeing score (% of the scale) by quarter. " + summary, table,
                    "wellbeing-scores", p.note())


def without_recent_assessment(f: Filters) -> None:
    p = cached(breakdowns.without_recent_assessment, f, ui.threshold())
    total = p.display().loc[p.data["placement_type"] == "all"]
    st.subheader(f"Children with no wellbeing assessment in the last 12 months, "
                 f"{quarter_label(f.end)}")
    if total.empty:
        st.info("No children were looked after at the end of the period in this view.")
        return
    row = total.iloc[0]
    st.markdown(
        f"{ui.cell(row['without_recent_assessment'])} of the {ui.cell(row['looked_after'])} "
        f"looked-after children ({ui.percent_text(row['pct'])}) had no wellbeing assessment in the "
        "12 months to the end of the period. Their wellbeing is unknown: these are the "
        "children to ask next.")
    names = {"all": "All placements"}
    table = ui.renamed(p.display().assign(
        placement_type=lambda d: d["placement_type"].map(lambda v: names.get(v, plain(v)))),
                   {"placement_type": "Placement type", "looked_after": "Looked after",
                    "without_recent_assessment": "No assessment in 12 months",
                    "pct": "Per cent"})
    st.table(ui.as_text(table), hide_index=True, alt="Looked-after children without a recent wellbeing "
                                         "assessment, by placement type")
    if p.note():
        st.caption(p.note())
