"""The action plan workbook's two sheets: improvement actions (texts in
texts/actions.yaml) and targets."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from etl.demo.dates import date, month_end
from etl.demo.window import Window
from etl.demo.wording import read

ACTIONS_PLAN: list[dict] = read("actions.yaml")
TARGETS = [  # (indicator, which period end, target)
    ("lac_community_pct", "july", 90.0), ("lac_community_pct", "next_july", 91.0),
    ("placement_moves_pct", "july", 14.0), ("cp_reregistration_pct", "july", 8.0),
    ("aftercare_receiving_pct", "quarter", 60.0), ("aftercare_receiving_pct", "next_year", 65.0),
    ("care_leavers_pathway_plan_pct", "quarter", 90.0), ("care_leavers_eet_pct", "quarter", 65.0),
    ("care_leavers_homeless_pct", "quarter", 5.0), ("voice_coverage_pct", "quarter", 75.0),
    ("wellbeing_assessed_recent_pct", "quarter", 95.0), ("data_completeness_pct", "quarter", 98.0),
]


def improvement_actions(win: Window, as_at: dt.date) -> pd.DataFrame:
    """The improvement_actions sheet: due dates from as_at, statuses reviewed lately."""
    rows = []
    for i, act in enumerate(ACTIONS_PLAN, start=1):
        due_date = as_at + dt.timedelta(days=act["due_in_days"])
        review = date(win.qend) - dt.timedelta(days=(i * 11) % 60)
        status = act["status"]
        status_date = min(due_date, review) if status == "complete" else review
        rows.append({"action_id": f"IA-{i:02d}", "improvement_point": act["improvement_point"],
                     "action": act["action"], "owner": act["owner"],
                     "due_date": pd.Timestamp(due_date), "status": status,
                     "status_date": pd.Timestamp(status_date),
                     "indicators": ";".join(act["indicators"]), "status_note": act["note"]})
    return pd.DataFrame(rows)


def targets(win: Window) -> pd.DataFrame:
    """The targets sheet: each target for the July snapshot, the quarter or a year on."""
    q = date(win.qend)
    july = date(win.snapshots[-1]) if len(win.snapshots) else dt.date(q.year - 1, 7, 31)
    ends = {"july": july, "next_july": dt.date(july.year + 1, 7, 31), "quarter": q,
            "next_year": month_end(q.year + 1, q.month)}
    return pd.DataFrame([{"indicator": ind, "period_end": pd.Timestamp(ends[when]),
                          "target": target} for ind, when, target in TARGETS])
