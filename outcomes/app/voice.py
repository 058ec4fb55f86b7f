"""The voice page's sections beyond its indicator trends: who is heard by group, from
heard to acted on, views by service, and themes in children's own words."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from outcomes.app import ui
from outcomes.app.cache import cached, kept
from outcomes.draw import charts
from outcomes.query import breakdowns, warehouse_info
from outcomes.query.filters import Filters
from outcomes.query.voice_themes import year_start
from outcomes.query.you_said import voice_theme_counts, year_themes
from outcomes.stats import scorecard
from outcomes.words import themes
from outcomes.words.labels import plain, quarter_label

GROUP_TITLES = {"age_band": "Age", "disability": "Disability", "placement_type": "Placement",
                "locality": "Locality", "sex": "Sex"}


def voice_heatmap(f: Filters) -> None:
    ui.show(kept(_heatmap, f, ui.can("locality")), f, key="heatmap")


def voice_chain(f: Filters) -> None:
    ui.show(kept(_chain, f), f, key="chain")


def views_by_service(f: Filters) -> None:
    # a service's place would name its locality: by kind of service for roles without it
    ui.show(kept(_by_service, f, not ui.can("locality")), f, key="services")


def _heatmap(f: Filters, localities: bool) -> ui.Block:
    p = cached(breakdowns.voice_coverage_by_group, f, ui.threshold())
    data, display = p.data.copy(), p.display()
    if not localities:                    # the role has no locality breakdowns
        data, display = data[data["grouping"] != "locality"], display[
            display["grouping"] != "locality"]
    data["row"] = [f"{GROUP_TITLES[g]}: {plain(v)}" for g, v in zip(data["grouping"],
                                                                      data["grp"])]
    data["quarter"] = data["period_end"].map(quarter_label)
    latest = data.loc[data["period_end"] == data["period_end"].max()].dropna(subset=["pct"])
    low = latest.nsmallest(3, "pct")
    summary = ("Share of children looked after or on the register with a view recorded in the "
               "12 months, by group and quarter: pale cells are the gaps. " +
               ("Lowest now: " + "; ".join(f"{r} ({v:.0f}%)" for r, v in
                                           zip(low["row"], low["pct"])) + "."
                if len(low) else ""))
    fig = charts.heatmap(data, rows="row", cols="quarter", value="pct", title="heard",
                          row_order=list(dict.fromkeys(data["row"])))
    table = ui.renamed(display.assign(
        grouping=lambda d: d["grouping"].map(GROUP_TITLES), grp=lambda d: d["grp"].map(plain)),
        {"period_end": "Quarter end", "grouping": "Group", "grp": "Value",
         "population": "Children", "heard": "With a view recorded", "pct": "Per cent"})
    return ui.Block("Who is heard: coverage by group", summary, fig,
                    "Heat map of voice coverage by group and quarter. " + summary, table,
                    "voice-coverage-by-group", p.note())


def _chain(f: Filters) -> ui.Block:
    steps = [("voice_acted_on_pct", "Acted on"), ("voice_told_outcome_pct", "Child told the outcome"),
             ("voice_used_in_planning_pct", "Used in planning")]
    latest = f.with_period(f.end, f.end)
    rows, notes = [], []
    for indicator_id, label in steps:
        p = ui.indicator(indicator_id, latest)
        value = p.data["value"].iloc[0] if len(p.data) else None
        rows.append((label, None if value is None or pd.isna(value) else float(value),
                     p.display()))
        notes.append(p.note())
    shown = [v for _, v, _ in rows]
    falling = None not in shown and shown == sorted(shown, reverse=True) and shown[0] > shown[-1]
    summary = ("Of the views received in the 12 months to " + quarter_label(f.end) + ": " +
               "; ".join(f"{label.lower()} {('c' if v is None else f'{v:.0f}%')}"
                         for label, v, _ in rows) + "." +
               (" Each step loses views: the gap between acting and telling the child is "
                "where \"you said, we did\" breaks down." if falling else ""))
    fig = charts.funnel_steps([(f"{label} (n={ui.cell(r['numerator'].iloc[0]) if len(r) else 'c'})",
                                v) for label, v, r in rows], x_title="% of views")
    table = pd.DataFrame({"Step": [r[0] for r in rows],
                          "Views": [r[2]["numerator"].iloc[0] if len(r[2]) else "" for r in rows],
                          "Of views received": [r[2]["denominator"].iloc[0] if len(r[2]) else ""
                                                for r in rows],
                          "Per cent": [r[2]["value"].iloc[0] if len(r[2]) else "" for r in rows]})
    return ui.Block("From heard to acted on", summary, fig,
                    "Bar chart of the share of views acted on, told the outcome and used in "
                    "planning. " + summary, table, "voice-chain",
                    next((n for n in notes if n), ""), latest)


def _by_service(f: Filters, by_type: bool) -> ui.Block:
    p = cached(breakdowns.views_by_service, f, ui.threshold(), by_type)
    data = p.data
    summary = (f"Views received in the 12 months to {quarter_label(f.end)}, by the "
               f"{'kind of service' if by_type else 'service'} that heard them, with the "
               "share acted on.")
    fig = charts.bars(data, category="service", value="acted_pct", n="views",
                       x_title="% of views acted on")
    table = ui.renamed(p.display(), {"service": "Service", "views": "Views",
                                 "acted_on": "Acted on", "acted_pct": "% acted on",
                                 "told_outcome": "Child told", "told_pct": "% told"})
    return ui.Block("Views by service", summary, fig,
                    "Bar chart of the share of views acted on by each service. " + summary,
                    table, "views-by-service", p.note())


def year_table(f: Filters) -> None:
    """The themes over the year to the 'To quarter', as the board pack prints them."""
    start = year_start(cached(warehouse_info.quarter_ends), f.end)
    p, _ = cached(year_themes, start, f.end, ui.threshold())
    if p.data.empty:
        return
    shown = p.display()
    in_words = scorecard.count_text(shown["in_words"].iloc[0])      # "c" stays "c"
    st.markdown(f"Over the year {quarter_label(start)} to {quarter_label(f.end)} (as in the "
                f"board pack), of {in_words} views in words:")
    st.table(ui.renamed(shown.drop(columns="in_words"),
                        {"theme": "Theme", "views": "Views raising it", "pct": "Per cent"}),
             hide_index=True, alt="Themes over the year: views raising each and their share")


def voice_themes(f: Filters) -> None:
    block, quotes = kept(_themes, f)
    ui.show(block, f, key="themes")
    year_table(f)
    st.subheader("In their own words")
    st.caption("Only views the child agreed may be quoted, with names, phone numbers and "
               "emails taken out. Shown as plain text.")
    for text in quotes["comment"]:
        st.text("“" + themes.safe_quote(text) + "”")


def _themes(f: Filters) -> tuple[ui.Block, pd.DataFrame]:
    # what "You said, we did" hides for a theme and quarter is hidden here too
    p, quotes, top = cached(voice_theme_counts, f, ui.threshold())
    shown = p.data.loc[p.data["theme"].isin(top)]
    summary = ("What children talk about, from a transparent codebook of themes and key "
               "phrases (data/codebook.yaml): the five most frequent themes, as a share of "
               "the views given in words each quarter (a view can raise several themes). "
               + (f"Most frequent: {top[0]}." if top else ""))
    top_pct = pd.to_numeric(shown["pct"], errors="coerce").astype(float).max()
    y_max = 10 * (int((0 if pd.isna(top_pct) else top_pct) // 10) + 1)
    fig = charts.small_multiples(shown, x="period_end", y="pct", group="theme",
                                 y_title="% of views", columns=3,
                                 labels={t: t.split(" (")[0] for t in top},
                                 y_max=y_max)
    table = ui.renamed(p.display(), {"period_end": "Quarter end", "theme": "Theme",
                                     "views": "Views raising it", "in_words": "Views in words",
                                     "pct": "Per cent"})
    return ui.Block("Themes in children's own words", summary, fig,
                    "Five small line charts, one for each of the five most frequent themes, of "
                    "the share of views in words raising it, by quarter. " + summary, table,
                    "voice-themes", p.note()), quotes
