"""The care leavers page's sections beyond its indicator trends: aftercare by age,
where care leavers live and what they do, and where they live now by the placement they left care from."""

from __future__ import annotations

import streamlit as st

from outcomes.app import ui
from outcomes.app.indicator_charts import shown_here
from outcomes.app.cache import cached, kept
from outcomes.draw import charts
from outcomes.query import breakdowns
from outcomes.query.filters import Filters
from outcomes.query.disclosure import safe_number
from outcomes.words.labels import plain, quarter_label


def leavers_note(f: Filters) -> None:
    if f.age_bands or f.placement_types:
        st.caption("The age band and placement type filters do not apply on this page: care "
                   "leavers are shown by their own ages (16 to 26) below.")


def leavers_by_age(f: Filters) -> None:
    """The indicator aftercare_receiving_pct broken down by the young people's own ages."""
    if not shown_here("aftercare_receiving_pct"):       # Scotland's aftercare duty
        return
    ui.show(kept(_by_age, f), f, key="leavers_age")


QUESTION = {"scotland": "Are care leavers supported into adulthood: aftercare, a plan, a home, "
                        "and something to do?",
            "england": "Are care leavers supported into adulthood: in touch with us, in a "
                       "suitable home, and in education, training or work?"}


def leavers_mix(f: Filters) -> None:
    """Where care leavers live and what they do (two bar charts): those receiving
    Scotland's aftercare (England's measures are DfE's own, on the same page)."""
    if not shown_here("aftercare_receiving_pct"):
        return
    for column, (_, key) in MIX.items():
        ui.show(kept(_mix, f, column), f, key=f"mix_{key}")


def leavers_by_last_placement(f: Filters) -> None:
    """Where care leavers live now, by the kind of placement they left care from."""
    if not shown_here("aftercare_receiving_pct"):
        return
    ui.show(kept(_by_last_placement, f), f, key="flow")


def _by_age(f: Filters) -> ui.Block:
    p = ui.indicator("aftercare_receiving_pct", f, by="leaver_age_band")
    latest = p.data.loc[p.data["period_end"] == f.end].dropna(subset=["value"])
    summary = ("Share of eligible young people receiving aftercare, by age. " +
               (f"In {quarter_label(f.end)} it ranged from {latest['value'].min():.0f}% to "
                f"{latest['value'].max():.0f}%." if len(latest) else ""))
    fig = charts.lines(p.data, x="period_end", y="value", group="leaver_age_band",
                       y_title="% receiving aftercare", y_max=100, hidden=True)
    table = ui.renamed(p.display(), {"period_end": "Quarter end", "leaver_age_band": "Age",
                                     "denominator": "Eligible for aftercare",
                                     "numerator": "Receiving aftercare", "value": "Per cent"})
    return ui.Block("Receiving aftercare, by age (16 to 26)", summary, fig,
                    "Line chart of the share of eligible care leavers receiving aftercare "
                    "for each age band by quarter. " + summary, table, "aftercare-by-age",
                    p.note())


MIX = {"accommodation": ("Where care leavers live", "accommodation"),
       "economic_activity": ("What care leavers are doing", "activity")}


def _mix(f: Filters, column: str) -> ui.Block:
    title, key = MIX[column]
    p = cached(breakdowns.leavers_mix, f, ui.threshold(), column)
    data = p.data.assign(category=p.data["category"].map(plain))
    top = data.dropna(subset=["pct"]).head(1)
    summary = (f"Young people receiving aftercare in {quarter_label(f.end)}: most often "
               f"{top['category'].iloc[0].lower()} ({top['pct'].iloc[0]:.0f}%)."
               if len(top) else "Too few young people to show safely.")
    fig = charts.bars(data, category="category", value="pct", n="young_people",
                      x_title="% of those receiving aftercare")
    table = ui.renamed(p.display().assign(category=lambda d: d["category"].map(plain)),
                       {"category": title.split(" ", 1)[0].capitalize() or "Category",
                        "young_people": "Young people", "pct": "Per cent"})
    return ui.Block(f"{title}, {quarter_label(f.end)}", summary, fig,
                    f"Bar chart: {title.lower()}. {summary}", table, f"leavers-{key}",
                    p.note())


def _by_last_placement(f: Filters) -> ui.Block:
    p = cached(breakdowns.leavers_by_last_placement, f, ui.threshold())
    data = p.data.assign(accommodation=p.data["accommodation"].map(plain))
    places = data.loc[data["accommodation"] != "All"]
    groups = data.loc[data["accommodation"] == "All"].set_index("placement")["young_people"]
    rows = {g: f"{g} (n={safe_number(n, ui.threshold()) or 'c'})" for g, n in groups.items()}
    order = (places.groupby("accommodation")["pct"].mean().sort_values(ascending=False)
             .index.tolist())
    summary = _flow_summary(places, f)
    fig = charts.heatmap(places.assign(placement=places["placement"].map(rows)),
                         rows="placement", cols="accommodation", value="pct",
                         title="% of the row", row_order=list(rows.values()), col_order=order)
    table = ui.renamed(p.display().assign(accommodation=lambda d: d["accommodation"].map(plain)),
                       {"placement": "Last placement", "accommodation": "Living now",
                        "young_people": "Young people", "pct": "Per cent of the row"})
    return ui.Block(f"Where care leavers live now, by their last placement, "
                    f"{quarter_label(f.end)}", summary, fig,
                    "Grid: for each kind of last placement before leaving care, the share of "
                    "those young people living in each kind of home now. " + summary, table,
                    "leaver-flow", p.note())


def _flow_summary(places, f: Filters) -> str:
    """Which last placement is followed by homelessness most often (visible shares only)."""
    homeless = places.loc[places["accommodation"] == "Homeless"]
    shown = homeless.dropna(subset=["pct"])
    text = ("Each row is the young people (receiving or eligible for aftercare) whose last "
            "placement was of that kind; each cell is the share of them living there now.")
    if len(shown):
        top = shown.sort_values("pct", ascending=False, kind="stable").iloc[0]
        among = "Of the rows shown, the" if len(shown) < len(homeless) else "The"
        text += (f" {among} highest share homeless in {quarter_label(f.end)} was of those "
                 f"whose last placement was {top['placement'].lower()} ({top['pct']:.0f}%).")
    return text
