"""Overview: where the partnership stands on each of the inspection's points."""

import streamlit as st

from outcomes import overview, ui

header = ui.page_header("The inspection's points: where we stand",
                        "What has changed since the inspection, and how do we know?")
if header:
    wh, status, filters = header
    st.markdown(overview.intro(filters))
    overview.pack_buttons(wh, filters)
    for card in overview.cards(wh, filters):
        overview.render_card(card)
