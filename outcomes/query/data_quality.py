"""The data quality queries: completeness, timeliness, the quarantine and the load
history. Counts of rows and files, never of children."""

from __future__ import annotations

import pandas as pd

from core.contract import TABLES
from core.rules import percent
from outcomes.query.db import Warehouse


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
    frame = wh.df("""
        SELECT table_name, column_name, required, rows, filled
        FROM dq_completeness ORDER BY table_name, required DESC, column_name""")
    frame["pct_filled"] = percent(frame["filled"], frame["rows"]).set_axis(frame.index)
    return frame


def completeness_by_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Per table, from `completeness`: its optional cells, how many hold a value, and %."""
    optional = frame.loc[~frame["required"].astype(bool)]
    out = optional.groupby("table_name", sort=True)[["rows", "filled"]].sum().reset_index()
    out["pct_filled"] = percent(out["filled"], out["rows"]).set_axis(out.index)
    return out


def timeliness(wh: Warehouse) -> pd.DataFrame:
    return wh.df("""
        SELECT table_name, latest_date, period_end, days_behind, last_loaded
        FROM dq_timeliness ORDER BY days_behind DESC NULLS FIRST, table_name""")


def table_rows(wh: Warehouse) -> pd.DataFrame:
    union = " UNION ALL ".join(f"SELECT '{t}' AS table_name, count(*) AS rows FROM {t}"
                               for t in TABLES)
    return wh.df(union)
