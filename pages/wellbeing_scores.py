"""Wellbeing: are children's SHANARRI scores improving?"""

import streamlit as st

from outcomes.app import indicator_charts, ui, wellbeing

filters = ui.page_header("Wellbeing", "Is the wellbeing of the children we look after "
                         "improving, and who has not been asked recently?")
if filters and not indicator_charts.shown_here("wellbeing_improved_pct"):
    st.info("SHANARRI wellbeing assessments are Scotland's measure (GIRFEC); a partnership "
            "in England shows no wellbeing figures here. Its children's stability and care "
            "leavers' outcomes are on the corporate parenting and care leavers' pages.")
elif filters:
    wellbeing.wellbeing_scores(filters)
    indicator_charts.trend("wellbeing_improved_pct", filters, key="improved")
    indicator_charts.breakdown("wellbeing_improved_pct", filters, "locality", key="improved_loc")
    indicator_charts.trend("wellbeing_assessed_recent_pct", filters, key="recent")
    indicator_charts.breakdown("wellbeing_assessed_recent_pct", filters, "age_band",
                               key="recent_age")
    wellbeing.without_recent_assessment(filters)
