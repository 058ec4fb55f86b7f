"""The board pack's closing pages, after the sections: how we compare, the action plan's
overdue and at-risk actions, the data quality statement and the definition of every
indicator used.

Each function returns its part of the story (reportlab flowables); `number` is the
page's heading number. `styles` is the pack's stylesheet (`layout.pack_styles`).
"""

from __future__ import annotations

from xml.sax.saxutils import escape

import pandas as pd
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, PageBreak, Paragraph, Spacer

from core.catalogue import BY_ID, definition_fields
from outcomes.query.data_quality import completeness_by_table
from outcomes.packs.board_data import PackData, overdue_and_at_risk
from outcomes.packs.layout import NOT_AVAILABLE, TEXT_W, dataframe_table, long_date, para
from outcomes.stats import scorecard
from outcomes.words import actions as action_words
from outcomes.words import quality
from outcomes.words.labels import TABLE_LABELS


def comparison_page(data: PackData, styles, number: int) -> list:
    """How we compare: the published comparators beside the council, and its care homes."""
    if data.settings.country == "england":
        return england_comparison_page(data, styles, number)
    council = data.settings.council
    story = [para(f"{number}. How we compare", styles["h1"])]
    frame = data.comparison
    if frame.empty and not data.care_homes:
        story += [para(f"No published comparators are loaded for {council}. Load the LGBF, "
                       "ScotPHO and Care Inspectorate files with `outcomes comparators load` to "
                       "add this page.", styles["body"]), PageBreak()]
        return story
    story.append(para(
        f"{council} beside its LGBF family group of similar councils and Scotland, from the "
        "latest published figures (these are the council's published statistics, not this "
        "warehouse's). The funnel plot's limits allow for over-dispersion, as the How we "
        "compare page draws them: a council \"within\" them differs from Scotland by no "
        "more than councils usually do; \"above\" or \"below 99.8%\" by far more. (Where "
        "the councils' spread is what chance gives, the limits are the exact ones.)",
        styles["body"]))
    if len(frame):
        numeric = [council, "Family group", "Scotland"]
        printed = frame.assign(**{
            "Against Scotland (funnel)": frame["Against Scotland (funnel)"].map(
                lambda v: v if v == "–" else ("within the limits" if v == "within"
                                              else f"{v} limit")),
            "Year": frame["Year"].str.replace(" July snapshot", " (July)"),
            **{c: frame[c].map(lambda v: NOT_AVAILABLE if pd.isna(v) else f"{v:.1f}")
               for c in numeric}})
        story.append(dataframe_table(
            printed, [0.24 * TEXT_W, 0.1 * TEXT_W, 0.16 * TEXT_W, 0.1 * TEXT_W,
                      0.12 * TEXT_W, 0.1 * TEXT_W, 0.18 * TEXT_W], styles,
            numeric=set(numeric)))
    homes, weak = data.grades
    story.append(Spacer(1, 4 * mm))
    if data.care_homes:
        story.append(para(data.care_homes.replace(" (see How we compare)", ""),
                          styles["body"]))
    if homes:
        story.append(para(f"Grading history: of {homes} children's care homes with published "
                          f"grades, {weak} had a grade of 2 (weak) or 1 (unsatisfactory) at "
                          "their latest grading; the dashboard's How we compare page shows "
                          "each home year by year.", styles["body"]))
    story += [para("Sources: Local Government Benchmarking Framework (Improvement Service); "
                   "ScotPHO council profiles (Public Health Scotland); Care Inspectorate "
                   "datastore and grading history. Rank 1 is the best of Scotland's 32 "
                   "councils.", styles["small"]), PageBreak()]
    return story


def england_comparison_page(data: PackData, styles, number: int) -> list:
    """How we compare, for an English council: DfE's latest published figures beside its
    ten statistical neighbours' median and England (as the How we compare page shows)."""
    council = data.settings.council
    story = [para(f"{number}. How we compare", styles["h1"])]
    frame = data.comparison
    if frame.empty:
        return story + [para(f"No DfE comparators are loaded for {council}. Load DfE's "
                             "statistical neighbour groupings and its local-authority tables "
                             "with `outcomes comparators load` to add this page.",
                             styles["body"]), PageBreak()]
    story.append(para(
        f"{council} beside the median of its ten statistical neighbours and England, in "
        "DfE's latest published figures for the years to 31 March (these are the council's "
        "published statistics, not this warehouse's). The neighbours' median leaves out a "
        "suppressed figure rather than counting it as zero, and says how many of the ten "
        "were published.", styles["body"]))
    frame = frame.rename(columns={"Neighbours published": "Published"})
    story.append(dataframe_table(
        frame, [0.24 * TEXT_W, 0.11 * TEXT_W, 0.12 * TEXT_W, 0.15 * TEXT_W, 0.13 * TEXT_W,
                0.11 * TEXT_W, 0.14 * TEXT_W], styles,
        numeric={c for c in frame.columns if c not in ("Measure", "Year", "Rank")}))
    return story + [para("Sources: Department for Education, Children looked after in "
                         "England, Stability measures for children looked after, Characteristics "
                         "of children in need; statistical neighbour groupings (April 2021). "
                         "c: suppressed by DfE; x: not available. Published: how many of the ten "
                         "neighbours had a figure. Rank 1 is the best of the council and its "
                         "neighbours with a published figure.",
                         styles["small"]), PageBreak()]


def action_plan_page(data: PackData, styles, number: int) -> list:
    """The actions that are overdue, off track or at risk, the overdue ones first, each
    with the one status the screen shows, judged at the date the pack says."""
    table = overdue_and_at_risk(data.actions)
    story = [para(f"{number}. Action plan: overdue and at-risk actions", styles["h1"])]
    total = len(data.actions)
    if not total:
        story += [para("The action plan holds no actions.", styles["body"]), PageBreak()]
        return story
    on = long_date(data.actions["judged_at"].iloc[0])
    judged = (f"Status judged at {on} (the data are as at "
              f"{long_date(data.status.data_as_at)}): an action is overdue when its due date "
              "has passed and the partnership has not marked it complete; otherwise its "
              "status is the partnership's own, as at its last update.")
    if table.empty:
        story.append(para(f"None of the {total} actions is overdue, at risk or off track. "
                          + judged, styles["body"]))
    else:
        late = int((table["Status"] == action_words.status_label("overdue")).sum())
        story.append(para(f"{len(table)} of the {total} actions need attention: {late} overdue, "
                          f"listed first, and {len(table) - late} more off track or at risk. "
                          + judged, styles["body"]))
        frame = table.assign(Due=table["Due"].map(action_words.day), **{
            "Last update": [action_words.update(d, n) for d, n in
                            zip(table["Last update"], table["Note"])]}).drop(columns="Note")
        # status and due date on one line ("Overdue", "20 May 2026"), never broken
        widths = [0.20 * TEXT_W, 0.14 * TEXT_W, 0.17 * TEXT_W, 0.15 * TEXT_W, 0.11 * TEXT_W,
                  0.23 * TEXT_W]
        story.append(dataframe_table(frame, widths, styles, numeric=set()))
    story.append(PageBreak())
    return story


def data_quality_page(data: PackData, styles, number: int) -> list:
    """The data quality statement: loads, completeness, timeliness and quarantine."""
    q = data.quality
    story = [para(f"{number}. Data quality statement", styles["h1"])]
    hist = q["load_history"]
    if len(hist):
        last = hist.iloc[0]
        loads = data.status.loads
        story.append(para(
            f"The figures come from {loads} load{'s' if loads != 1 else ''}"
            f" of the partnership's files"
            f"{' and published comparators' if len(data.comparison) or data.care_homes else ''}"
            f"; the latest (load {int(last['load_id'])}, finished "
            f"{str(last['finished_at'])[:16]}) read {int(last['rows_read']):,} rows, loaded "
            f"{int(last['rows_loaded']):,} and quarantined {int(last['rows_quarantined']):,}. "
            "Quarantined rows are held back from every figure until they are corrected at source "
            "and loaded again.", styles["body"]))
    comp = q["completeness"]
    if len(comp):
        overall = next(f.status.latest for f in data.figures
                       if f.indicator.id == "data_completeness_pct")
        by_table = completeness_by_table(comp)
        story.append(para("Completeness. " + quality.completeness(scorecard.fmt(overall, "%"),
                                                                  comp), styles["body"]))
        frame = pd.DataFrame({
            "Table": [TABLE_LABELS.get(t, t) for t in by_table["table_name"]],
            "Optional cells": by_table["rows"].astype(int).tolist(),
            "With a value": by_table["filled"].astype(int).tolist(),
            "% complete": by_table["pct_filled"].tolist()})
        story += [dataframe_table(frame, [0.4 * TEXT_W, 0.2 * TEXT_W, 0.2 * TEXT_W,
                                          0.2 * TEXT_W], styles,
                                  {"Optional cells", "With a value", "% complete"},
                                  {"% complete": "%"}, compact=True), Spacer(1, 8)]
    tim = q["timeliness"]
    if len(tim):
        story.append(para("Timeliness. " + quality.timeliness(tim), styles["body"]))
        frame = pd.DataFrame({
            "Table": [TABLE_LABELS.get(t, t) for t in tim["table_name"]],
            "Latest record": [str(pd.Timestamp(d).date()) if pd.notna(d) else ""
                              for d in tim["latest_date"]],
            "Days behind": [int(d) if pd.notna(d) else "" for d in tim["days_behind"]],
            "Last loaded": [str(d)[:16] if pd.notna(d) else "" for d in tim["last_loaded"]]})
        story += [dataframe_table(frame, [0.36 * TEXT_W, 0.2 * TEXT_W, 0.16 * TEXT_W,
                                          0.28 * TEXT_W], styles, {"Days behind"},
                                  compact=True),
                  Spacer(1, 8)]
    rules = q["quarantine_by_rule"]
    story.append(para("Quarantine. " + quality.quarantine(rules), styles["body"]))
    if len(rules):
        # in plain words, by table: the rules as written are for whoever corrects the files
        plain = quality.quarantine_by_reason(rules)
        frame = pd.DataFrame({"Table": plain["table"], "What was wrong": plain["reason"],
                              "Problems": plain["problems"]})
        story.append(dataframe_table(frame.head(8), [0.28 * TEXT_W, 0.56 * TEXT_W,
                                                      0.16 * TEXT_W], styles, {"Problems"},
                                             compact=True))
        if len(frame) > 8:
            story.append(para(f"And {len(frame) - 8} smaller kinds of problem; the dashboard's "
                              "Data quality page lists every rule broken.", styles["small"]))
    story.append(PageBreak())
    return story


def definitions_page(data: PackData, styles, number: int) -> list:
    """Every indicator in the pack, once, with its catalogue definition."""
    story = [para(f"{number}. Definitions of the indicators", styles["h1"]),
             para("Every indicator in this pack, from the partnership's indicator catalogue.",
                  styles["body"])]
    seen = []
    for f in data.figures:
        if f.indicator.id not in seen:
            seen.append(f.indicator.id)
    for ind_id in seen:
        ind = BY_ID[ind_id]
        lines = [f"<b>{label}:</b> {escape(text)}" for label, text in
                 [*definition_fields(ind, data.settings.country),
                  *scorecard.chart_fields(ind)]]
        story.append(KeepTogether([para(ind.title, styles["h3"]),
                                   para(ind.definition, styles["body"]),
                                   Paragraph("<br/>".join(lines), styles["small"]),
                                   Spacer(1, 4)]))
    return story
