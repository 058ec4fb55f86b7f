"""How we compare: published figures beside the partnership's own (Scotland: the LGBF,
ScotPHO and the Care Inspectorate; England: DfE's, beside its statistical neighbours)."""

import streamlit as st

from core.settings import load_settings
from outcomes.app import how_we_compare, how_we_compare_england, ui
from outcomes.app.cache import cached
from outcomes.query import comparators

RATE = "rate"
ENGLAND = load_settings().country == "england"

if ui.page_header("How we compare", "How do our figures compare with similar councils "
                  f"and with {'England' if ENGLAND else 'Scotland'}?"):
    if ENGLAND:
        how_we_compare_england.page()
    elif not cached(comparators.has_comparators):
        st.info("No published comparators loaded yet. Download the LGBF, ScotPHO and Care "
                "Inspectorate files and load them with `outcomes comparators load FILE...`.")
    else:
        st.caption(f"Comparing {load_settings().council} (set in partnership.toml) with its "
                   "LGBF family group of similar councils and Scotland. The sidebar filters "
                   "do not apply to published figures.")
        options = {**{c: i.label for c, i in comparators.LGBF.items()},
                   RATE: "Children looked after per 1,000 aged 0-17 (ScotPHO)"}
        code = st.selectbox("Indicator", list(options), format_func=options.get,
                            key="compare_code")
        if code == RATE:
            how_we_compare.rate_funnel()
        else:
            how_we_compare.comparison(code)
            how_we_compare.lgbf_funnel(code)
        how_we_compare.childrens_houses()
        how_we_compare.grade_history_block()
