"""Named queries over the published warehouse, always with bound parameters.

Each function answers one question and returns a DataFrame (or a small
value). Nothing here formats for display; disclosure control is applied by
the functions that return counts about children (see outcomes/disclosure.py
once pages show them).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from outcomes.db import Warehouse


@dataclass(frozen=True)
class WarehouseStatus:
    partnership: str
    demo: bool
    published_at: str
    data_as_at: dt.date | None
    period_end: dt.date | None
    loads: int


def status(wh: Warehouse) -> WarehouseStatus:
    info = dict(wh.df("SELECT key, value FROM warehouse_info").itertuples(index=False))
    as_at = wh.df("SELECT as_at, period_end FROM data_as_at")
    loads = int(wh.df("SELECT count(*) AS n FROM load_audit")["n"].iloc[0])
    first = as_at.iloc[0] if len(as_at) else None
    return WarehouseStatus(
        partnership=info.get("partnership", ""), demo=info.get("demo") == "true",
        published_at=info.get("published_at", ""),
        data_as_at=_date(first["as_at"]) if first is not None else None,
        period_end=_date(first["period_end"]) if first is not None else None, loads=loads)


def _date(value) -> dt.date | None:
    return None if pd.isna(value) else pd.Timestamp(value).date()


def load_history(wh: Warehouse, limit: int = 20) -> pd.DataFrame:
    return wh.df("""
        SELECT load_id, finished_at, status, files, rows_read, rows_loaded, rows_quarantined,
               rows_replaced
        FROM load_audit ORDER BY load_id DESC LIMIT ?""", [limit])


def files_in_load(wh: Warehouse, load_id: int) -> pd.DataFrame:
    return wh.df("""
        SELECT file, table_name, status, rows_read, rows_loaded, rows_quarantined, message
        FROM file_audit WHERE load_id = ? ORDER BY rowid""", [load_id])


def quarantine_by_rule(wh: Warehouse) -> pd.DataFrame:
    """Problems in the current quarantine (each file's latest load), by table and rule."""
    return wh.df("""
        SELECT table_name, rule, count(*) AS problems,
               count(DISTINCT (file, "row")) AS rows_affected
        FROM dq_quarantine_current GROUP BY ALL ORDER BY problems DESC, table_name, rule""")


def quarantine_rows(wh: Warehouse, limit: int = 500) -> pd.DataFrame:
    return wh.df("""
        SELECT file, table_name, "row", column_name, rule, "values"
        FROM dq_quarantine_current ORDER BY file, "row", column_name LIMIT ?""", [limit])


def completeness(wh: Warehouse) -> pd.DataFrame:
    """Per table and column: rows, filled, % filled (required columns are always 100)."""
    return wh.df("""
        SELECT table_name, column_name, required, rows, filled,
               CASE WHEN rows > 0 THEN round(100.0 * filled / rows, 1) END AS pct_filled
        FROM dq_completeness ORDER BY table_name, required DESC, column_name""")


def timeliness(wh: Warehouse) -> pd.DataFrame:
    return wh.df("""
        SELECT table_name, latest_date, period_end, days_behind, last_loaded
        FROM dq_timeliness ORDER BY days_behind DESC NULLS FIRST""")


def table_rows(wh: Warehouse) -> pd.DataFrame:
    from etl.contract import TABLES
    union = " UNION ALL ".join(f"SELECT '{t}' AS table_name, count(*) AS rows FROM {t}"
                               for t in TABLES)
    return wh.df(union)


def quarter_ends(wh: Warehouse) -> list[dt.date]:
    frame = wh.df("SELECT period_end FROM periods WHERE period_type = 'quarter' ORDER BY 1")
    return [pd.Timestamp(d).date() for d in frame["period_end"]]


def targets(wh: Warehouse) -> pd.DataFrame:
    return wh.df("SELECT indicator, period_end, target FROM targets ORDER BY indicator, period_end")


def actions(wh: Warehouse) -> pd.DataFrame:
    """The action plan, overdue first: not complete and past its due date."""
    return wh.df("""
        SELECT action_id, improvement_point, action, owner, due_date, status, status_date,
               indicators,
               status <> 'complete' AND due_date < (SELECT period_end FROM data_as_at) AS overdue
        FROM improvement_actions
        ORDER BY overdue DESC, CASE status WHEN 'off_track' THEN 0 WHEN 'at_risk' THEN 1
                 WHEN 'not_started' THEN 2 WHEN 'on_track' THEN 3 ELSE 4 END, due_date""")
