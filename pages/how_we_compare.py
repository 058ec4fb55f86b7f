"""How we compare: published Scottish figures beside the partnership's own."""

import streamlit as st

from etl.settings import load_settings
from outcomes import compare, ui

header = ui.page_header("How we compare", "How do our figures compare with similar "
                        "councils and with Scotland?")
if header:
    wh, status, filters = header
    if not compare.has_benchmarks(wh):
        st.info("No published comparators loaded yet. Download the LGBF and Care "
                "Inspectorate files and load them with `outcomes benchmarks load FILE...`.")
    else:
        st.caption(f"Comparing {load_settings().council} (set in partnership.toml) with its "
                   "LGBF family group of similar councils and Scotland. The sidebar filters "
                   "do not apply to published figures.")
        code = st.selectbox("Indicator", list(compare.LGBF),
                            format_func=lambda c: f"{c}: {compare.LGBF[c][1]}",
                            key="compare_code")
        compare.comparison(code)
        compare.childrens_houses()
