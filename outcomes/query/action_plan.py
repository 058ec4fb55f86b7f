"""The partnership's action plan and targets, as loaded."""

from __future__ import annotations

import pandas as pd

from outcomes.query.db import Warehouse


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
