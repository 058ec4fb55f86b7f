"""Overview: where the partnership stands on each of the inspection's points."""

import streamlit as st

from outcomes.app import overview, ui

filters = ui.page_header("The inspection's points: where we stand",
                         "What has changed since the inspection, and how do we know?")
if filters:
    st.markdown(overview.intro(filters))
    overview.pack_buttons(filters)
    for card in overview.cards(filters):
        overview.render_card(card)
