"""The board pack's figures, gathered once from the warehouse and read by both packs.

Every figure comes from the same query layer as the app, after the same disclosure
control (`outcomes.query.indicators.indicator_series` with the settings' threshold,
over the whole run of quarters to the chosen one, as the overview does), so a cell
hidden on screen ("c") is hidden here. `gather_pack_data` returns a `PackData`: each
indicator as a `PackFigure` (its protected series, SPC status, target, the table its
CSV holds and the rows the PDF prints), the action plan, the data quality tables and
the published comparators. The rest of this module puts a figure's status into words
(`headline`) and picks the actions that need attention.

No Streamlit here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from core.catalogue import IMPROVEMENT_POINTS, POINTS, STRENGTHS, Indicator, for_point
from core.settings import Settings, load_settings
from outcomes.packs.layout import PackError, PackFigure, is_number, one_line, plain_cell
from outcomes.query import (action_plan, comparators, data_quality, england, indicators,
                            warehouse_info)
from outcomes.query.db import NoWarehouseYet, Warehouse
from outcomes.query.disclosure import Protected
from outcomes.query import linkage, voice_themes
from outcomes.query.you_said import YouSaid, year_themes, you_said
from outcomes.query.filters import Filters, quarter_label
from outcomes.stats import process, scorecard
from outcomes.words import actions as action_words

RECENT_QUARTERS = 4          # the last year printed under each chart (plus the baseline)


@dataclass
class PackData:
    """Everything the board pack prints, read from the warehouse once (the caller closes wh)."""
    wh: Warehouse
    settings: Settings
    status: warehouse_info.WarehouseStatus    # the warehouse's: partnership, as-at, loads, demo
    period: dt.date
    first: dt.date                            # the warehouse's first quarter end
    baseline_q: dt.date                       # the inspection baseline's quarter end
    threshold: int
    figures: list[PackFigure]
    actions: pd.DataFrame
    quality: dict[str, pd.DataFrame]
    comparison: pd.DataFrame
    care_homes: str                           # the Care Inspectorate sentence, or ""
    grades: tuple[int, int]                   # homes with a grading history, weak at latest
    voice_words: tuple                        # (themes of the year, quotable words, year start)
    you_said: YouSaid | None = None           # the year's themes and what was done about them
    listening: linkage.Linkage | None = None  # views acted on or not, and what happened next


# ---------------------------------------------------------------------------------------
# The warehouse and the period
# ---------------------------------------------------------------------------------------

def open_warehouse(db: Path) -> Warehouse:
    db = Path(db)
    if not db.is_file():
        raise PackError(f"no warehouse at {db}" + (" (it is a folder)" if db.is_dir() else ""))
    wh = Warehouse(db)
    try:
        wh.df("SELECT 1 FROM data_as_at LIMIT 1")
    except NoWarehouseYet as exc:
        raise PackError(f"no warehouse at {db}") from exc
    except Exception as exc:  # noqa: BLE001 - duckdb raises many kinds
        wh.close()
        raise PackError(f"cannot read the warehouse {db}: {one_line(exc)}") from exc
    return wh


def resolve_period(wh: Warehouse, period: dt.date | None) -> tuple[list[dt.date], dt.date]:
    """The warehouse's quarter ends and the chosen one (default: the latest)."""
    quarters = warehouse_info.quarter_ends(wh)
    if not quarters:
        raise PackError(f"the warehouse {wh.path} has no quarters yet (no records loaded)")
    if period is None:
        return quarters, quarters[-1]
    if period not in quarters:
        raise PackError(f"unknown period {period.isoformat()}: the warehouse has quarters ending "
                        f"{quarters[0].isoformat()} to {quarters[-1].isoformat()}")
    return quarters, period


# ---------------------------------------------------------------------------------------
# One figure, and all of them
# ---------------------------------------------------------------------------------------

def figure_table(ind: Indicator, protected: Protected) -> pd.DataFrame:
    """The protected series with plain column names (as the app's tables): the CSV."""
    display = protected.display()
    out = pd.DataFrame({
        "Quarter": [quarter_label(d) for d in display["period_end"]],
        "Quarter end": [d.isoformat() for d in display["period_end"]],
    })
    if ind.unit == "%":
        out[ind.numerator] = [plain_cell(v) for v in display["numerator"]]
        out[ind.denominator] = [plain_cell(v) for v in display["denominator"]]
        out["Per cent"] = [plain_cell(v, rate=True) for v in display["value"]]
    else:
        out[ind.title] = [plain_cell(v) for v in display["value"]]
    return out


def value_column(ind: Indicator) -> str:
    return "Per cent" if ind.unit == "%" else ind.title


def cell_at_quarter(table: pd.DataFrame, ind: Indicator, quarter: dt.date):
    rows = table.loc[table["Quarter end"] == quarter.isoformat(), value_column(ind)]
    return rows.iloc[0] if len(rows) else ""


def build_figure(wh, ind: Indicator, filters: Filters, threshold: int, settings: Settings,
                 targets: pd.DataFrame, period: dt.date, baseline_q: dt.date) -> PackFigure:
    protected = indicators.indicator_series(wh, ind.id, filters, threshold)
    target = scorecard.target_of(targets, ind.id)
    status = scorecard.status(ind.id, protected, settings.baseline_date, target,
                              period=period, plan=process.spc_plan(settings))
    table = figure_table(ind, protected)
    base_cell = cell_at_quarter(table, ind, baseline_q)
    latest_cell = cell_at_quarter(table, ind, period)
    change = (latest_cell - base_cell
              if is_number(latest_cell) and is_number(base_cell) else None)
    ends = table["Quarter end"].astype(str)      # empty for an indicator with no quarters
    recent = table.loc[ends <= period.isoformat()].tail(RECENT_QUARTERS)
    base_row = table.loc[(ends == baseline_q.isoformat()) & ~table.index.isin(recent.index)]
    printed = pd.concat([base_row, recent])
    visible = int(protected.data["value"].notna().sum())
    if isinstance(change, float):
        change = round(change, 1)
    return PackFigure(ind, protected, status, target, table, printed, base_cell, latest_cell,
                      change, charted=visible >= 2)


def gather_pack_data(db: Path, period: dt.date | None, settings: Settings | None,
                     judged_at: dt.date | None = None) -> PackData:
    """Every figure, the action plan and the data quality tables (the caller closes data.wh).
    The actions' statuses are judged at `judged_at` (default: today, the day the pack is
    built), not at the data's as-at date."""
    settings = settings or load_settings()
    wh = open_warehouse(db)
    try:
        status = warehouse_info.status(wh)
        if status.period_end is None:
            raise PackError(f"the warehouse {db} has no records loaded yet")
        quarters, period = resolve_period(wh, period)
        threshold = settings.disclosure_threshold
        baseline_q = scorecard.baseline_quarter(settings.baseline_date)
        filters = Filters(start=quarters[0], end=period)
        targets = action_plan.targets(wh)
        figs = [build_figure(wh, ind, filters, threshold, settings, targets, period, baseline_q)
                for point in (*IMPROVEMENT_POINTS, *STRENGTHS)
                for ind in for_point(point, settings.country)]
        actions = action_words.judge(action_plan.actions(wh), judged_at)
        quality = {
            "completeness": data_quality.completeness(wh),
            "timeliness": data_quality.timeliness(wh),
            "quarantine_by_rule": data_quality.quarantine_by_rule(wh),
            "load_history": data_quality.load_history(wh),
            "table_rows": data_quality.table_rows(wh),
        }
        council = settings.council
        if settings.country == "england":         # DfE's figures and statistical neighbours
            comparison = england.summary_table(wh, council) if england.has_dfe(wh) \
                and england.council_code(wh, council) else pd.DataFrame()
            care_homes, grades = "", (0, 0)
        else:
            comparison = comparators.summary_table(wh, council)
            care_homes = comparators.care_homes_summary(wh, council)
            grades = comparators.latest_grades(wh, council)
        start = voice_themes.year_start(quarters, period)
        voice_words = (*year_themes(wh, start, period, threshold), start)
        said = you_said(wh, filters, threshold)
        listening = linkage.for_quarter(wh, period, threshold)     # as the page for the quarter
    except BaseException:
        wh.close()
        raise
    return PackData(wh, settings, status, period, quarters[0], baseline_q, threshold, figs,
                    actions, quality, comparison, care_homes, grades, voice_words, said,
                    listening)


# ---------------------------------------------------------------------------------------
# The figures' statuses in words, and the actions that need attention
# ---------------------------------------------------------------------------------------

def headline(figs: list[PackFigure]) -> str:
    """One sentence per point: its indicators' SPC verdicts counted, in the words the
    screen's badges use (scorecard.point_summary), so the pack never says "better" where
    the chart says "no significant change"."""
    return "The charts: " + scorecard.point_summary([f.status for f in figs]) + "."


def overdue_and_at_risk(actions: pd.DataFrame) -> pd.DataFrame:
    """The actions that need attention (`actions` as `outcomes.words.actions.judge` gives
    them): overdue, off track or at risk, in that order, each with the one status the
    screen shows; dates as ISO (the evidence pack's CSV)."""
    shown = actions.loc[actions["shown"].isin(["overdue", "off_track", "at_risk"])]
    return pd.DataFrame({
        "Action": shown["action"].astype(str),
        "Point": shown["improvement_point"].map(lambda p: POINTS.get(p, p)),
        "Owner": shown["owner"].astype(str),
        "Due": shown["due_date"].map(_iso),
        "Status": shown["shown"].map(action_words.status_label),
        "Last update": shown["status_date"].map(_iso),
        "Note": shown["status_note"].fillna("").astype(str),
    }).reset_index(drop=True)


def _iso(d) -> str:
    return pd.Timestamp(d).date().isoformat() if pd.notna(d) else ""
