"""Accessibility statement: the UK public sector model statement, for this app."""

import streamlit as st

from core.settings import SettingsError, load_settings
from outcomes.words import accessibility

st.title("Accessibility statement for Outcomes Monitor")
try:
    sections = accessibility.statement(load_settings())
except SettingsError as exc:
    st.error(f"The accessibility statement cannot be shown until the settings file says who "
             f"to contact and when the app was tested: {exc}", icon=":material/error:")
    sections = []
for heading, text in sections:
    if heading:
        st.header(heading, divider=False)
    st.markdown(text)
