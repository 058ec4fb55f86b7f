"""The data quality page's sections: completeness, timeliness, quarantine, loads.

No child-level figures here: counts are of rows and files, and the
quarantine's values are already pseudonymised (identifiers) or withheld
(birth dates) by the load.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.contract import TABLES
from outcomes.app import ui
from outcomes.app.cache import cached
from outcomes.app.ui import as_text
from outcomes.query.filters import Filters
from outcomes.stats import scorecard
from outcomes.query import data_quality as checks
from outcomes.words import quality as words
from outcomes.words.labels import TABLE_LABELS


def completeness() -> None:
    st.subheader("Completeness")
    frame = cached(checks.completeness)
    as_at = ui.status().period_end
    overall = ui.indicator("data_completeness_pct", Filters(start=as_at, end=as_at)).data
    overall = None if overall.empty or pd.isna(overall["value"].iloc[0]) else \
        float(overall["value"].iloc[0])
    st.markdown(words.completeness(scorecard.fmt(overall, "%"), frame))
    by_table = checks.completeness_by_table(frame)
    st.table(as_text(by_table.assign(table_name=by_table["table_name"].map(TABLE_LABELS))
                     .rename(columns={"table_name": "Table", "rows": "Optional cells",
                                      "filled": "With a value", "pct_filled": "% complete"})),
             hide_index=True, alt="Completeness of the optional cells of each table")
    table = st.selectbox("Each column of a table", list(TABLES), format_func=TABLE_LABELS.get,
                         key="dq_table", index=list(TABLES).index("care_leavers"))
    mine = frame.loc[frame["table_name"] == table]
    st.table(as_text(mine.rename(columns={"column_name": "Column", "required": "Required",
                                  "rows": "Rows", "filled": "With a value",
                                  "pct_filled": "% complete"})
             [["Column", "Required", "Rows", "With a value", "% complete"]]),
             hide_index=True, alt=f"Completeness of each column of {TABLE_LABELS[table]}")


def timeliness() -> None:
    st.subheader("Timeliness")
    frame = cached(checks.timeliness)
    st.markdown(words.timeliness(frame))
    shown = frame.assign(table_name=frame["table_name"].map(TABLE_LABELS),
                         latest_date=frame["latest_date"].astype(str),
                         last_loaded=frame["last_loaded"].astype(str).str.slice(0, 16))
    st.table(shown.rename(columns={"table_name": "Table", "latest_date": "Latest record",
                                   "days_behind": "Days behind the quarter end",
                                   "last_loaded": "Last loaded"})
             [["Table", "Latest record", "Days behind the quarter end", "Last loaded"]],
             hide_index=True, alt="Latest record in each table and days behind")


def quarantine(rows: bool = False) -> None:
    """The quarantine by table and rule; with `rows`, the rows themselves (the analyst's
    page: counts here are of rows, the rows are the analyst's alone)."""
    st.subheader("Quarantine")
    by_rule = cached(checks.quarantine_by_rule)
    if by_rule.empty:
        st.success(words.quarantine(by_rule))
        return
    st.markdown(words.quarantine(by_rule))
    st.table(as_text(by_rule.assign(table_name=by_rule["table_name"].map(TABLE_LABELS)).rename(
        columns={"table_name": "Table", "rule": "Rule broken", "problems": "Problems",
                 "rows_affected": "Rows"})), hide_index=True,
        alt="Quarantined problems by table and rule")
    if not rows or not ui.can("quarantine_detail"):
        return
    with st.expander("The quarantined rows (identifiers pseudonymised, birth dates withheld)"):
        rows = cached(checks.quarantine_rows)
        st.dataframe(rows.rename(columns={"file": "File", "table_name": "Table", "row": "Row",
                                          "column_name": "Column", "rule": "Rule",
                                          "values": "Values"}),
                     hide_index=True, alt="Quarantined rows with file, row, rule and values")


def loads() -> None:
    if not ui.can("load_history"):
        return
    st.subheader("Load history")
    history = cached(checks.load_history)
    latest = int(history["load_id"].iloc[0])
    st.markdown(f"{len(history)} load(s); the latest (load {latest}) read "
                f"{int(history['rows_read'].iloc[0]):,} rows and quarantined "
                f"{int(history['rows_quarantined'].iloc[0]):,}.")
    st.table(as_text(history.assign(finished_at=history["finished_at"].astype(str).str.slice(0, 16))
             .rename(columns={"load_id": "Load", "finished_at": "Finished", "status": "Status",
                              "files": "Files", "rows_read": "Rows read",
                              "rows_loaded": "Loaded", "rows_quarantined": "Quarantined",
                              "rows_replaced": "Replaced"})), hide_index=True,
             alt="Every load with its row counts")
    files = cached(checks.files_in_load, latest)
    st.table(as_text(pd.DataFrame({"File": files["file"], "Table": files["table_name"].map(TABLE_LABELS),
                           "Status": files["status"], "Rows read": files["rows_read"],
                           "Loaded": files["rows_loaded"],
                           "Quarantined": files["rows_quarantined"]})),
             hide_index=True, alt="Each file in the latest load")
