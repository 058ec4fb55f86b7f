"""Reusable page sections: an indicator's trend (SPC) and its breakdown by group.

Each reads the catalogue for its words, a protected series for its figures,
and renders through ui.chart_block, so every chart on every page has the
same summary, table, downloads and disclosure control.
"""

from __future__ import annotations

import pandas as pd

from core.catalogue import BY_ID, for_point
from core.settings import load_settings
from outcomes.app import ui
from outcomes.app.cache import cached, kept
from outcomes.draw import charts
from outcomes.query import action_plan, warehouse_info
from outcomes.query.disclosure import Protected
from outcomes.query.filters import Filters
from outcomes.stats import intervals, scorecard
from outcomes.words.labels import PLACEMENT_LABELS, quarter_label

BY_LABELS = {"locality": "Locality", "age_band": "Age band", "sex": "Sex",
             "disability": "Disability", "placement_type": "Placement type",
             "leaver_age_band": "Age"}
BY_PLURALS = {"locality": "localities", "sex": "sexes", "disability": "disability groups"}


def ignored_note(indicator_id: str, filters: Filters) -> str:
    skipped = filters.ignored(ui.dimensions(indicator_id))
    return (f"The {', '.join(skipped)} filter does not apply to this figure."
            if skipped else "")


def table_for(indicator_id: str, display: pd.DataFrame, by: str | None = None) -> pd.DataFrame:
    """The protected figures with plain column names."""
    ind = BY_ID[indicator_id]
    out = pd.DataFrame({"Quarter end": display["period_end"].astype(str)})
    if by:
        out[BY_LABELS[by]] = display[by].map(lambda v: PLACEMENT_LABELS.get(v, v))
    if ind.unit == "%":
        out[ind.numerator] = display["numerator"]
        out[ind.denominator] = display["denominator"]
        out["Per cent"] = display["value"]
    else:
        out[ind.title] = display["value"]
    for col in ("low", "high"):
        if col in display:
            out[f"95% interval {col}"] = display[col]
    return out


def target_for(indicator_id: str) -> float | None:
    return scorecard.target_of(cached(action_plan.targets), indicator_id)


def shown_here(indicator_id: str) -> bool:
    """Whether the partnership's country has this indicator (England's DfE measures; SHANARRI
    and Scottish aftercare): a page leaves out the others without a word."""
    return load_settings().country in BY_ID[indicator_id].countries


def trend(indicator_id: str, filters: Filters, key: str) -> scorecard.Status | None:
    """An indicator over time as an XmR chart, with its status sentence (nothing for an
    indicator the partnership's country does not have)."""
    if not shown_here(indicator_id):
        return None
    status, block = kept(trend_block, indicator_id, filters)
    ui.show(block, filters, key)
    return status


def trend_block(indicator_id: str, filters: Filters) -> tuple[scorecard.Status, ui.Block]:
    ind = BY_ID[indicator_id]
    # the limits come from the whole history (each process's own baseline quarters),
    # whatever period the sidebar shows; the chart and table show that period
    whole = filters.with_period(cached(warehouse_info.quarter_ends)[0], filters.end)
    history = ui.indicator(indicator_id, whole)
    shown = (history.data["period_end"] >= filters.start).to_numpy()
    protected = Protected(history.data[shown], history.hidden[shown], history.threshold)
    target = target_for(indicator_id)
    plan = ui.spc_plan()
    status = scorecard.status(indicator_id, history, load_settings().baseline_date, target,
                              period=filters.end, plan=plan)
    spc = scorecard.spc_for(history, indicator_id, plan)
    periods = list(history.data["period_end"][shown])
    fig = charts.spc_chart(periods, spc[shown].reset_index(drop=True), unit=ind.unit,
                           better=ind.better, target=target,
                           baseline=scorecard.baseline_quarter(load_settings().baseline_date),
                           changes=[c for c in spc.attrs["changes"]
                                    if periods and periods[0] < c[0] <= periods[-1]])
    notes = [n for n in (protected.note(), ignored_note(indicator_id, filters),
                         _spc_note(status, spc)) if n]
    sentence = scorecard.sentence(status)
    alt = (f"Line chart of {ind.title.lower()} by quarter, {ui.period_text(filters)}, with "
           f"mean and process limits. {sentence}")
    return status, ui.Block(ind.title, sentence, fig, alt,
                            table_for(indicator_id, protected.display()), ind.id,
                            " ".join(notes))


def own_measures(point: str, filters: Filters) -> None:
    """The trends of the indicators only the partnership's country has, under this point
    (England's DfE measures from the SSDA903 return): after the page's shared ones."""
    country = load_settings().country
    for ind in for_point(point, country):
        if ind.countries == (country,):
            trend(ind.id, filters, key=f"own_{ind.id}")


def _spc_note(status: scorecard.Status, spc) -> str:
    if not status.points:
        return ""
    plan = ui.spc_plan()
    return (f"{spc.attrs['choice'].reason} Limits from each process's first "
            f"{plan.baseline_quarters} quarters, recalculated only at a process change the "
            "partnership declared. Blue diamonds mark improvement, orange diamonds concern.")


def breakdown(indicator_id: str, filters: Filters, by: str, key: str) -> None:
    """The latest quarter's figure by group, with 95% Wilson intervals."""
    if not shown_here(indicator_id) or by not in ui.dimensions(indicator_id) or (
            by == "locality" and not ui.can("locality")):
        return
    ui.show(kept(breakdown_block, indicator_id, filters, by), filters, key)


def breakdown_block(indicator_id: str, filters: Filters, by: str) -> ui.Block | str:
    ind = BY_ID[indicator_id]
    latest = filters.with_period(filters.end, filters.end)
    protected = ui.indicator(indicator_id, latest, by=by)
    data = protected.data.copy()
    if data.empty:
        return f"No {ind.title.lower()} figures for {quarter_label(filters.end)}."
    low, high = intervals.wilson(data["numerator"].astype(float).fillna(0),
                                 data["denominator"].astype(float).fillna(0))
    hidden = data["value"].isna()
    data["low"] = (100 * pd.Series(low, index=data.index)).round(1).mask(hidden)
    data["high"] = (100 * pd.Series(high, index=data.index)).round(1).mask(hidden)
    label = BY_LABELS[by].lower()
    shown = data.dropna(subset=["value"])
    summary = (f"In {quarter_label(filters.end)}, {ind.title.lower()} ranged from "
               f"{shown['value'].min():.0f}% to {shown['value'].max():.0f}% across "
               f"{BY_PLURALS.get(by, label + 's')}; the black lines show the 95% range the "
               "true figure is likely in."
               if len(shown) else f"Every {label} here has too few children to show safely.")
    fig = charts.bars_with_interval(data, category=by, value="value", low="low", high="high",
                                    n="denominator", x_title="per cent",
                                    labels=PLACEMENT_LABELS)
    display = protected.display()
    display["low"], display["high"] = data["low"], data["high"]
    note = " ".join(n for n in (protected.note(), ignored_note(indicator_id, filters)) if n)
    return ui.Block(f"{ind.title} by {label}, {quarter_label(filters.end)}", summary, fig,
                    f"Bar chart of {ind.title.lower()} by {label} in "
                    f"{quarter_label(filters.end)}, with 95% intervals. {summary}",
                    table_for(indicator_id, display, by), f"{ind.id}-by-{by}", note, latest)
