"""The themed pages' sections beyond indicator trends: each one named query
(outcomes/breakdowns.py), one figure, one plain-English summary, one chart block."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from outcomes import breakdowns, figures, themes, ui
from outcomes.db import get_warehouse
from outcomes.disclosure import Protected, protect, safe_number
from outcomes.filters import PLACEMENT_LABELS, Filters, quarter_label


@st.cache_data(max_entries=256, show_spinner=False)
def _cached(identity, name: str, filters: Filters, threshold: int, *extra) -> Protected:
    return getattr(breakdowns, name)(get_warehouse(), filters, threshold, *extra)


def fetch(name: str, filters: Filters, *extra) -> Protected:
    return _cached(get_warehouse().identity, name, filters, ui.threshold(), *extra)


def _names(frame: pd.DataFrame, mapping: dict[str, str]) -> pd.DataFrame:
    return frame.rename(columns=mapping)[list(mapping.values())]


def _label(code: str) -> str:
    """A code as words ('not_in_education' -> 'Not in education'); names stay as written."""
    text = str(code)
    if text in PLACEMENT_LABELS:
        return PLACEMENT_LABELS[text]
    return text.replace("_", " ").capitalize() if text == text.lower() else text


# ---------------------------------------------------------------- wellbeing

def wellbeing_scores(wh, f: Filters) -> None:
    p = fetch("wellbeing_by_indicator", f)
    data = p.data.dropna(subset=["mean_score_pct"])
    if data.empty:
        st.info("No wellbeing assessments in this view.")
        return
    latest = data.loc[data["period_end"] == data["period_end"].max()]
    best, worst = latest.nlargest(1, "mean_score_pct"), latest.nsmallest(1, "mean_score_pct")
    summary = (f"In {quarter_label(latest['period_end'].iloc[0])}, children scored highest on "
               f"feeling {best['indicator'].iloc[0]} ({best['mean_score_pct'].iloc[0]:.0f}% "
               f"of the scale) and lowest on {worst['indicator'].iloc[0]} "
               f"({worst['mean_score_pct'].iloc[0]:.0f}%).")
    fig = figures.lines(p.data, x="period_end", y="mean_score_pct", group="indicator",
                        y_title="average score, % of scale", y_max=100,
                        labels={i: i.capitalize() for i in p.data["indicator"].unique()})
    table = _names(p.display(), {"period_end": "Quarter end", "indicator": "SHANARRI indicator",
                                 "children": "Children assessed",
                                 "mean_score_pct": "Average score (% of scale)"})
    ui.chart_block("SHANARRI scores over time", summary, fig, table=table,
                   alt="Line chart of average wellbeing scores for each of the eight SHANARRI "
                       "indicators by quarter. " + summary,
                   topic="wellbeing-scores", filters=f, note=p.note(), key="shanarri")


def without_recent_assessment(wh, f: Filters) -> None:
    p = fetch("without_recent_assessment", f)
    total = p.data["without_recent_assessment"].sum(min_count=1)
    st.subheader(f"Children with no wellbeing assessment in the last 12 months, "
                 f"{quarter_label(f.end)}")
    st.markdown(
        f"{safe_number(total, ui.threshold())} looked-after children had no wellbeing "
        "assessment in the 12 months to the end of the period (shown where enough children "
        "to be safe). Their wellbeing is unknown: these are the children to ask next.")
    table = _names(p.display().assign(placement_type=lambda d: d["placement_type"].map(_label)),
                   {"placement_type": "Placement type", "looked_after": "Looked after",
                    "without_recent_assessment": "No assessment in 12 months",
                    "pct": "Per cent"})
    st.table(ui.as_text(table), hide_index=True, alt="Looked-after children without a recent wellbeing "
                                         "assessment, by placement type")
    if p.note():
        st.caption(p.note())


# ---------------------------------------------------------------- care leavers

def leavers_note(f: Filters) -> None:
    if f.age_bands or f.placement_types:
        st.caption("The age band and placement type filters do not apply on this page: care "
                   "leavers are shown by their own ages (16 to 26) below.")


def leavers_by_age(wh, f: Filters) -> None:
    p = fetch("leavers_by_age", f)
    latest = p.data.loc[p.data["period_end"] == f.end].dropna(subset=["pct"])
    summary = ("Share of eligible young people receiving aftercare, by age. " +
               (f"In {quarter_label(f.end)} it ranged from {latest['pct'].min():.0f}% to "
                f"{latest['pct'].max():.0f}%." if len(latest) else ""))
    fig = figures.lines(p.data, x="period_end", y="pct", group="age_band",
                        y_title="% receiving aftercare", y_max=100)
    table = _names(p.display(), {"period_end": "Quarter end", "age_band": "Age",
                                 "eligible": "Eligible for aftercare",
                                 "receiving": "Receiving aftercare", "pct": "Per cent"})
    ui.chart_block("Receiving aftercare, by age (16 to 26)", summary, fig, table=table,
                   alt="Line chart of the share of eligible care leavers receiving aftercare "
                       "for each age band by quarter. " + summary,
                   topic="aftercare-by-age", filters=f, note=p.note(), key="leavers_age")


def leavers_mix(wh, f: Filters) -> None:
    for column, title, key in (("accommodation", "Where care leavers live", "accommodation"),
                               ("economic_activity", "What care leavers are doing", "activity")):
        p = fetch("leavers_mix", f, column)
        data = p.data.assign(category=p.data["category"].map(_label))
        top = data.dropna(subset=["pct"]).head(1)
        summary = (f"Young people receiving aftercare in {quarter_label(f.end)}: most often "
                   f"{top['category'].iloc[0].lower()} ({top['pct'].iloc[0]:.0f}%)."
                   if len(top) else "Too few young people to show safely.")
        fig = figures.bars_with_interval(data.assign(low=data["pct"], high=data["pct"]),
                                         category="category", value="pct", low="low",
                                         high="high", x_title="% of those receiving aftercare")
        table = _names(p.display().assign(category=lambda d: d["category"].map(_label)),
                       {"category": title.split(" ", 1)[0].capitalize() or "Category",
                        "young_people": "Young people", "pct": "Per cent"})
        ui.chart_block(f"{title}, {quarter_label(f.end)}", summary, fig, table=table,
                       alt=f"Bar chart: {title.lower()}. {summary}", topic=f"leavers-{key}",
                       filters=f, note=p.note(), key=f"mix_{key}")


def leaver_flow(wh, f: Filters) -> None:
    p = fetch("leaver_flow", f)
    summary = ("From the last placement before leaving care, to where young people receiving "
               "or eligible for aftercare live now, to what they are doing. Flows of fewer "
               "than the disclosure threshold are left out.")
    fig = figures.flow(p.data, source="source", target="target", value="young_people")
    table = _names(p.display(), {"source": "From", "target": "To",
                                 "young_people": "Young people"})
    ui.chart_block(f"From care to adulthood, {quarter_label(f.end)}", summary, fig,
                   table=table, alt="Flow diagram from last placement to accommodation to "
                                    "activity. " + summary,
                   topic="leaver-flow", filters=f, note=p.note(), key="flow")


# ---------------------------------------------------------------- voice

GROUP_TITLES = {"age_band": "Age", "disability": "Disability", "placement_type": "Placement",
                "locality": "Locality", "sex": "Sex"}


def voice_heatmap(wh, f: Filters) -> None:
    p = fetch("voice_coverage_by_group", f)
    data, display = p.data.copy(), p.display()
    if not ui.can("locality"):            # the role has no locality breakdowns
        data, display = data[data["grouping"] != "locality"], display[
            display["grouping"] != "locality"]
    data["row"] = [f"{GROUP_TITLES[g]}: {_label(v)}" for g, v in zip(data["grouping"],
                                                                      data["grp"])]
    data["quarter"] = data["period_end"].map(quarter_label)
    latest = data.loc[data["period_end"] == data["period_end"].max()].dropna(subset=["pct"])
    low = latest.nsmallest(3, "pct")
    summary = ("Share of children looked after or on the register with a view recorded in the "
               "12 months, by group and quarter: pale cells are the gaps. " +
               ("Lowest now: " + "; ".join(f"{r} ({v:.0f}%)" for r, v in
                                           zip(low["row"], low["pct"])) + "."
                if len(low) else ""))
    fig = figures.heatmap(data, rows="row", cols="quarter", value="pct", title="heard",
                          row_order=list(dict.fromkeys(data["row"])))
    table = _names(display.assign(
        grouping=lambda d: d["grouping"].map(GROUP_TITLES), grp=lambda d: d["grp"].map(_label)),
        {"period_end": "Quarter end", "grouping": "Group", "grp": "Value",
         "population": "Children", "heard": "With a view recorded", "pct": "Per cent"})
    ui.chart_block("Who is heard: coverage by group", summary, fig, table=table,
                   alt="Heat map of voice coverage by group and quarter. " + summary,
                   topic="voice-coverage-by-group", filters=f, note=p.note(), key="heatmap")


def voice_chain(f: Filters) -> None:
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
    summary = ("Of the views received in the 12 months to " + quarter_label(f.end) + ": " +
               "; ".join(f"{label.lower()} {('c' if v is None else f'{v:.0f}%')}"
                         for label, v, _ in rows) + ". Each step loses views: the gap between "
               "acting and telling the child is where \"you said, we did\" breaks down.")
    fig = figures.funnel_steps([(label, v) for label, v, _ in rows], x_title="% of views")
    table = pd.DataFrame({"Step": [r[0] for r in rows],
                          "Views": [r[2]["numerator"].iloc[0] if len(r[2]) else "" for r in rows],
                          "Of views received": [r[2]["denominator"].iloc[0] if len(r[2]) else ""
                                                for r in rows],
                          "Per cent": [r[2]["value"].iloc[0] if len(r[2]) else "" for r in rows]})
    ui.chart_block("From heard to acted on", summary, fig, table=table,
                   alt="Bar chart of the share of views acted on, told the outcome and used in "
                       "planning. " + summary, topic="voice-chain", filters=latest,
                   note=next((n for n in notes if n), ""), key="chain")


def views_by_service(wh, f: Filters) -> None:
    by_type = not ui.can("locality")      # a service's place would name its locality
    p = fetch("views_by_service", f, by_type)
    data = p.data
    summary = (f"Views received in the 12 months to {quarter_label(f.end)}, by the "
               f"{'kind of service' if by_type else 'service'} that heard them, with the "
               "share acted on.")
    fig = figures.bars_with_interval(data.assign(low=data["acted_pct"], high=data["acted_pct"]),
                                     category="service", value="acted_pct", low="low",
                                     high="high", x_title="% of views acted on")
    table = _names(p.display(), {"service": "Service", "views": "Views",
                                 "acted_on": "Acted on", "acted_pct": "% acted on",
                                 "told_outcome": "Child told", "told_pct": "% told"})
    ui.chart_block("Views by service", summary, fig, table=table,
                   alt="Bar chart of the share of views acted on by each service. " + summary,
                   topic="views-by-service", filters=f, note=p.note(), key="services")


@st.cache_data(max_entries=64, show_spinner=False)
def _theme_counts(identity, f: Filters, threshold: int) -> tuple[Protected, pd.DataFrame]:
    """Views per theme and quarter (protected), and the quotable words (newest first)."""
    codebook = themes.load_codebook()
    words = breakdowns.comments(get_warehouse(), f)
    coded = themes.code_comments(words["comment"], codebook)
    coded["period_end"] = pd.to_datetime(words["period_end"]).dt.date
    counts = coded.groupby("period_end").sum().reset_index().melt(
        id_vars="period_end", var_name="theme", value_name="views")
    counts["theme"] = counts["theme"].map({t.id: t.label for t in codebook})
    quotes = words.loc[words["can_quote"].fillna(False).astype(bool)].sort_values(
        "received_date", ascending=False).head(6)
    return protect(counts, counts=["views"], threshold=threshold), quotes


def voice_themes(wh, f: Filters) -> None:
    p, quotes = _theme_counts(get_warehouse().identity, f, ui.threshold())
    top = p.data.groupby("theme")["views"].sum().nlargest(5)
    shown = p.data.loc[p.data["theme"].isin(top.index)]
    summary = ("What children talk about, from a transparent codebook of themes and key "
               "phrases (data/codebook.yaml): the five most frequent themes, views per quarter. "
               + (f"Most frequent: {top.index[0]}." if len(top) else ""))
    fig = figures.lines(shown, x="period_end", y="views", group="theme",
                        y_title="views mentioning the theme", percent=False)
    table = _names(p.display(), {"period_end": "Quarter end", "theme": "Theme",
                                 "views": "Views"})
    ui.chart_block("Themes in children's own words", summary, fig, table=table,
                   alt="Line chart of the number of views mentioning each of the five most "
                       "frequent themes by quarter. " + summary, topic="voice-themes",
                   filters=f, note=p.note(), key="themes")
    st.subheader("In their own words")
    st.caption("Only views the child agreed may be quoted, with names, phone numbers and "
               "emails taken out. Shown as plain text.")
    for text in quotes["comment"]:
        st.text("“" + themes.safe_quote(text) + "”")


# ---------------------------------------------------------------- child protection

def on_register(wh, f: Filters) -> None:
    p = fetch("cp_on_register", f)
    latest = p.data.dropna(subset=["on_register"]).tail(1)
    summary = (f"{safe_number(latest['on_register'].iloc[0], ui.threshold())} children were "
               f"on the child protection register at the end of "
               f"{quarter_label(latest['period_end'].iloc[0])}." if len(latest)
               else "No children on the register in this view.")
    fig = figures.lines(p.data.assign(series="On the register"), x="period_end",
                        y="on_register", group="series", y_title="children", percent=False)
    table = _names(p.display(), {"period_end": "Quarter end",
                                 "on_register": "Children on the register"})
    ui.chart_block("Children on the register", summary, fig, table=table,
                   alt="Line chart of children on the child protection register at each "
                       "quarter end. " + summary, topic="cp-on-register", filters=f,
                   note=p.note(), key="on_register")


def concerns(wh, f: Filters) -> None:
    p = fetch("cp_concerns", f)
    data = p.data
    top = data.dropna(subset=["pct"]).head(2)
    summary = ("Concerns recorded at registration in the 12 months to " + quarter_label(f.end)
               + (": most often " + " and ".join(f"{c.lower()} ({v:.0f}%)" for c, v in
                                                 zip(top["concern"], top["pct"])) + "."
                  if len(top) else "."))
    fig = figures.bars_with_interval(data.assign(low=data["pct"], high=data["pct"]),
                                     category="concern", value="pct", low="low", high="high",
                                     x_title="% of registrations")
    table = _names(p.display(), {"concern": "Concern", "registrations": "Registrations",
                                 "pct": "% of registrations"})
    ui.chart_block("Concerns at registration", summary, fig, table=table,
                   alt="Bar chart of concerns recorded at registration. " + summary,
                   topic="cp-concerns", filters=f, note=p.note(), key="concerns")


def time_on_register(wh, f: Filters) -> None:
    p = fetch("cp_time_on_register", f)
    data = p.data
    summary = (f"How long children had been on the register when de-registered in the 12 "
               f"months to {quarter_label(f.end)}.")
    fig = figures.bars_with_interval(data.assign(low=data["pct"], high=data["pct"]),
                                     category="band", value="pct", low="low", high="high",
                                     x_title="% of de-registrations")
    table = _names(p.display(), {"band": "Time on the register",
                                 "deregistrations": "De-registrations", "pct": "Per cent"})
    ui.chart_block("Time on the register", summary, fig, table=table,
                   alt="Bar chart of time on the register at de-registration. " + summary,
                   topic="cp-time-on-register", filters=f, note=p.note(), key="time_on")
