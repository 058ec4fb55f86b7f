"""Overview: where the partnership stands on each of the inspection's points."""

import streamlit as st

from outcomes.app import overview, sidebar, ui

filters = ui.page_header("Where we stand",
                         "What has changed since the inspection, and how do we know?")
if filters:
    framework = sidebar.framework()
    cards = overview.cards(filters, framework)
    if framework_note := overview.framework_note(framework):
        st.info(framework_note)
    overview.point_lines(cards)
    st.markdown(overview.intro(filters))
    overview.grid(cards)
    overview.pack_buttons(filters)
    st.subheader("Each point in detail")
    for card in cards:
        overview.render_card(card)
