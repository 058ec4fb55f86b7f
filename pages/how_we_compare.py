"""How we compare: published Scottish figures beside the partnership's own."""

import streamlit as st

from etl.settings import load_settings
from outcomes import compare, comparators, ui

RATE = "rate"

header = ui.page_header("How we compare", "How do our figures compare with similar "
                        "councils and with Scotland?")
if header:
    wh, status, filters = header
    if not compare.fetch("has_benchmarks"):
        st.info("No published comparators loaded yet. Download the LGBF, ScotPHO and Care "
                "Inspectorate files and load them with `outcomes benchmarks load FILE...`.")
    else:
        st.caption(f"Comparing {load_settings().council} (set in partnership.toml) with its "
                   "LGBF family group of similar councils and Scotland. The sidebar filters "
                   "do not apply to published figures.")
        options = {**{c: f"{c}: {words}" for c, (_, words, *_) in comparators.LGBF.items()},
                   RATE: "Children looked after per 1,000 aged 0-17 (ScotPHO)"}
        code = st.selectbox("Indicator", list(options), format_func=options.get,
                            key="compare_code")
        if code == RATE:
            compare.rate_funnel()
        else:
            compare.comparison(code)
            compare.lgbf_funnel(code)
        compare.childrens_houses()
        compare.grade_history_block()
