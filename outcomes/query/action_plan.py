"""The partnership's action plan and targets, as loaded."""

from __future__ import annotations

import pandas as pd

from outcomes.query.db import Warehouse


def targets(wh: Warehouse) -> pd.DataFrame:
    return wh.df("SELECT indicator, period_end, target FROM targets ORDER BY indicator, period_end")


def actions(wh: Warehouse) -> pd.DataFrame:
    """The action plan as loaded, by due date: the partnership's own status and the date it
    last updated it (`status_date`). Judge it with `outcomes.words.actions.judge` for the
    status shown (overdue is judged at a date, not stored)."""
    return wh.df("""
        SELECT action_id, improvement_point, action, owner, due_date, status, status_date,
               status_note,
               indicators
        FROM improvement_actions
        ORDER BY due_date, action_id""")
