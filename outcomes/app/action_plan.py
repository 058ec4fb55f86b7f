"""The action plan page: actions by point, overdue first, with linked indicators' trends."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.catalogue import BY_ID, POINTS
from outcomes.app import indicator_charts
from outcomes.app.cache import cached
from outcomes.query import action_plan
from outcomes.query.filters import Filters
from outcomes.words.labels import STATUS_WORDS

STATUS = {k: v.capitalize() for k, v in STATUS_WORDS.items()}


def render(filters: Filters) -> None:
    actions = cached(action_plan.actions)
    left, right = st.columns(2)
    points = left.multiselect("Improvement point", list(POINTS), format_func=POINTS.get,
                            key="ap_points", placeholder="All points")
    statuses = right.multiselect("Status", list(STATUS), format_func=STATUS.get,
                              key="ap_status", placeholder="All statuses")
    keep = actions["improvement_point"].isin(points or list(POINTS)) & \
        actions["status"].isin(statuses or list(STATUS))
    shown = actions.loc[keep]
    overdue = int(shown["overdue"].sum())
    st.markdown(f"{len(shown)} actions shown; {overdue} overdue (past their due date and not "
                f"complete), listed first.")
    st.table(pd.DataFrame({
        "Action": shown["action"], "Point": shown["improvement_point"].map(POINTS),
        "Owner": shown["owner"], "Due": shown["due_date"].astype(str),
        "Status": shown["status"].map(STATUS), "Overdue": shown["overdue"].map(
            {True: "Overdue", False: ""}),
        "Indicators": shown["indicators"].fillna("").map(
            lambda v: ", ".join(BY_ID[i].title for i in v.split(";") if i in BY_ID))}),
        hide_index=True, alt="Actions with owner, due date and status, overdue first")
    linked = sorted({i for v in shown["indicators"].dropna() for i in v.split(";")
                     if i in BY_ID and i != "data_completeness_pct"})
    if not linked:
        return
    choice = st.selectbox("Trend of a linked indicator", linked,
                          format_func=lambda i: BY_ID[i].title, key="ap_indicator")
    indicator_charts.trend(choice, filters, key="ap_trend")
