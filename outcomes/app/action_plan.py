"""The action plan page: actions by point, the most pressing first, each with one status
judged today (outcomes.words.actions), and linked indicators' trends."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core import frameworks
from core.catalogue import BY_ID, POINTS
from outcomes.app import indicator_charts
from outcomes.app.cache import cached
from outcomes.query import action_plan
from outcomes.query.filters import Filters
from outcomes.words import actions as action_words
from outcomes.words.labels import STATUS_WORDS, escape_markdown

STATUS = {k: action_words.status_label(k) for k in STATUS_WORDS}


def render(filters: Filters, framework: str = frameworks.DEFAULT) -> None:
    today = action_words.today()
    actions = action_words.judge(cached(action_plan.actions), today)
    if framework != frameworks.DEFAULT:        # the sidebar's "Report against"
        actions = actions.loc[[
            frameworks.meets(frameworks.action_tags(p, (v or "").split(";")), framework)
            for p, v in zip(actions["improvement_point"], actions["indicators"])]]
        st.info(f"Reporting against {frameworks.choices()[framework]}: only the actions "
                "that speak to it (by their improvement point or the indicators they name).")
    left, right = st.columns(2)
    points = left.multiselect("Improvement point", list(POINTS), format_func=POINTS.get,
                            key="ap_points", placeholder="All points")
    statuses = right.multiselect("Status", list(STATUS), format_func=STATUS.get,
                              key="ap_status", placeholder="All statuses")
    keep = actions["improvement_point"].isin(points or list(POINTS)) & \
        actions["shown"].isin(statuses or list(STATUS))
    shown = actions.loc[keep]
    on = action_words.long_day(today)
    table = action_table(shown)
    overdue = int((table["Status"] == STATUS["overdue"]).sum())
    st.markdown(f"Status judged at {on} (today). {len(table)} actions shown; {overdue} "
                f"overdue (past their due date and not complete), listed first.")
    st.caption("An action is overdue when its due date has passed and the partnership has "
               "not marked it complete; otherwise its status is the partnership's own, as at "
               "its last update.")
    st.table(table, hide_index=True,
             alt=f"Actions with owner, due date, status judged at {on} and last update, "
                 "overdue first")
    linked = sorted({i for v in shown["indicators"].dropna() for i in v.split(";")
                     if i in BY_ID and i != "data_completeness_pct"})
    if not linked:
        return
    choice = st.selectbox("Trend of a linked indicator", linked,
                          format_func=lambda i: BY_ID[i].title, key="ap_indicator")
    indicator_charts.trend(choice, filters, key="ap_trend")


def action_table(shown: pd.DataFrame) -> pd.DataFrame:
    """The actions as the page's table shows them: one status each, dates that never wrap."""
    return pd.DataFrame({
        "Action": shown["action"].map(escape_markdown), "Point": shown["improvement_point"].map(POINTS),
        "Owner": shown["owner"].map(escape_markdown), "Due": shown["due_date"].map(action_words.day),
        "Status": shown["shown"].map(STATUS),
        "Last update": [action_words.update(d, n, markdown=True) for d, n in
                        zip(shown["status_date"], shown["status_note"])],
        "Indicators": shown["indicators"].fillna("").map(
            lambda v: ", ".join(BY_ID[i].title for i in v.split(";") if i in BY_ID))})
