"""Data quality: improvement point 2 itself. Is the data complete, current and clean?"""

import streamlit as st

from outcomes import queries, ui

wh = ui.warehouse()
if wh is not None and ui.page_header(
        "Data quality", "Can we trust the figures: is the data complete, current and clean?", wh):
    history = queries.load_history(wh)
    latest = int(history["load_id"].iloc[0])
    st.subheader("Latest load")
    st.table(queries.files_in_load(wh, latest), hide_index=True,
             alt="Each file in the latest load with rows read, loaded and quarantined")

    st.subheader("Quarantine by rule")
    by_rule = queries.quarantine_by_rule(wh)
    if by_rule.empty:
        st.success("No rows are in quarantine.")
    else:
        st.markdown(f"{int(by_rule['rows_affected'].sum()):,} rows are held back from the "
                    "figures until they are corrected at source and loaded again.")
        st.table(by_rule, hide_index=True, alt="Quarantined problems by table and rule")
        with st.expander("The quarantined rows (identifiers pseudonymised)"):
            st.dataframe(queries.quarantine_rows(wh), hide_index=True,
                         alt="Quarantined rows with file, row, column, rule and values")

    st.subheader("Completeness")
    st.table(queries.completeness(wh), hide_index=True,
             alt="Share of rows with a value, per table and column")

    st.subheader("Timeliness")
    st.table(queries.timeliness(wh), hide_index=True,
             alt="Latest record per table against the last complete quarter")

    st.subheader("Load history")
    st.table(history, hide_index=True, alt="Every load with its row counts")
