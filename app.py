"""Outcomes Monitor: routing only. Pages live in pages/, logic in outcomes/."""

import streamlit as st

from outcomes import sidebar, ui

st.set_page_config(page_title="Outcomes Monitor", page_icon=":material/monitoring:",
                   layout="wide")

PAGES = {
    "Progress": [
        st.Page("pages/overview.py", title="Overview", icon=":material/dashboard:",
                default=True),
        st.Page("pages/action_plan.py", title="Action plan", icon=":material/checklist:",
                url_path="action-plan"),
        st.Page("pages/how_we_compare.py", title="How we compare",
                icon=":material/compare_arrows:", url_path="compare"),
    ],
    "Improvement points": [
        st.Page("pages/care_leavers.py", title="Care leavers", icon=":material/hiking:",
                url_path="care-leavers"),
        st.Page("pages/voice_and_feedback.py", title="Voice and feedback", icon=":material/forum:",
                url_path="voice"),
        st.Page("pages/data_quality.py", title="Data quality", icon=":material/fact_check:",
                url_path="data-quality"),
    ],
    "Strengths to sustain": [
        st.Page("pages/wellbeing_scores.py", title="Wellbeing", icon=":material/favorite:",
                url_path="wellbeing"),
        st.Page("pages/child_protection.py", title="Child protection",
                icon=":material/shield:", url_path="child-protection"),
    ],
    "About": [
        st.Page("pages/indicator_definitions.py", title="Definitions", icon=":material/menu_book:",
                url_path="definitions"),
        st.Page("pages/accessibility_statement.py", title="Accessibility", icon=":material/accessibility:",
                url_path="accessibility"),
    ],
}

page = st.navigation(PAGES)
wh = ui.warehouse()
if wh is not None:
    sidebar.render(wh)
page.run()
