"""Outcomes Monitor: routes only. Pages live in pages/, logic in outcomes/."""

import streamlit as st

st.set_page_config(page_title="Outcomes Monitor", page_icon=":material/monitoring:",
                   layout="wide")

PAGES = {
    "Data": [
        st.Page("pages/data_quality.py", title="Data quality", icon=":material/fact_check:",
                url_path="data-quality", default=True),
    ],
}

st.navigation(PAGES).run()
