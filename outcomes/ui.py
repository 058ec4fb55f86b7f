"""What every page shares: the warehouse, the as-at line, the demo banner,
and the "no data yet" message. Pages stay thin by calling these."""

from __future__ import annotations

import streamlit as st

from outcomes import queries
from outcomes.db import NoWarehouseYet, Warehouse, get_warehouse


def warehouse() -> Warehouse | None:
    """The published warehouse, or None (after saying so) when there is none yet."""
    wh = get_warehouse()
    try:
        wh.identity
        return wh
    except NoWarehouseYet:
        no_data_yet()
        return None


def no_data_yet(what: str = "No data yet") -> None:
    st.info(f"**{what}.** There is no published warehouse to show. Load the partnership's "
            "files with `outcomes load PATH...`, or build the synthetic demo with "
            "`outcomes demo --load` (or `make run`).")


def page_header(title: str, question: str, wh: Warehouse) -> queries.WarehouseStatus | None:
    """Title, the question the page answers, the demo banner and the as-at date."""
    st.title(title)
    st.markdown(f"*{question}*")
    status = queries.status(wh)
    if status.demo:
        st.warning("Synthetic demo data: made up for demonstration, no real child is in it.",
                   icon=":material/science:")
    if status.period_end is None:
        no_data_yet("No records loaded yet")
        return None
    st.caption(f"{status.partnership}. Data as at {status.data_as_at:%d %B %Y}; last complete "
               f"quarter ends {status.period_end:%d %B %Y}. Published {status.published_at}.")
    return status
