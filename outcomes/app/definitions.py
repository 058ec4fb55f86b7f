"""The definitions page, straight from the indicator catalogue."""

from __future__ import annotations

import streamlit as st

from core import frameworks
from core.catalogue import POINTS, definition_fields, for_country
from core.settings import load_settings
from outcomes.stats import scorecard
from outcomes.stats.chart_choice import RULES


def render(framework: str = frameworks.DEFAULT) -> None:
    point = st.selectbox("Improvement point", ["all", *POINTS],
                         format_func=lambda p: "All points" if p == "all" else POINTS[p],
                         key="def_point")
    words = st.text_input("Search the definitions", key="def_search",
                          placeholder="e.g. aftercare").strip().lower()
    catalogue = for_country(load_settings().country)      # the partnership's country's
    shown = [i for i in catalogue if (point == "all" or i.point == point)
             and (not words or words in f"{i.title} {i.definition}".lower())
             and frameworks.meets(frameworks.indicator_tags(i.id), framework)]
    if framework != frameworks.DEFAULT:        # the sidebar's "Report against"
        st.info(f"Reporting against {frameworks.choices()[framework]}: only the indicators "
                "that speak to it.")
    with st.expander("How each indicator's chart is chosen"):
        st.markdown("\n".join(f"- {rule}" for rule in RULES))
    st.markdown(f"{len(shown)} of {len(catalogue)} indicators.")
    for ind in shown:
        with st.container(border=True):
            st.subheader(ind.title)
            st.markdown(ind.definition)
            lines = [f"**{label}:** {text}" for label, text in [*definition_fields(ind, load_settings().country),
                                                          *scorecard.chart_fields(ind)]]
            st.markdown("  \n".join(lines))
