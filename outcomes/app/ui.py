"""What every page shares: the warehouse, the header with its as-at date, the
"no data yet" message, the role's permissions, an indicator's protected series,
and the chart block (summary, chart with alt text, the same figures as a table,
CSV and XLSX downloads). Pages stay thin by calling these."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from core.settings import load_settings
from outcomes.access import roles, signin
from outcomes.app.cache import cached
from outcomes.app.sidebar import current
from outcomes.packs import exports
from outcomes.query import indicators, warehouse_info
from outcomes.query.db import NoWarehouseYet, Warehouse, get_warehouse
from outcomes.query.disclosure import Protected
from outcomes.query.filters import Filters
from outcomes.stats import process
from outcomes.stats.process import SpcPlan
from outcomes.words.labels import DEMO_BANNER, quarter_label

FAVICON = Path(__file__).with_name("favicon.png")
PLOTLY_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["select2d", "lasso2d"],
                 "toImageButtonOptions": {"format": "png", "scale": 2}}


def warehouse() -> Warehouse | None:
    """The published warehouse, or None when there is none yet."""
    wh = get_warehouse()
    try:
        wh.identity
        return wh
    except NoWarehouseYet:
        return None


def status() -> warehouse_info.WarehouseStatus:
    """Whose warehouse, demo or real, published when, data as at when (cached)."""
    return cached(warehouse_info.status)


def demo_banner() -> None:
    st.warning(DEMO_BANNER, icon=":material/science:")


def no_data_yet(what: str = "No data yet") -> None:
    st.info(f"**{what}.** There is no published warehouse to show. Load the partnership's "
            "files with `outcomes load PATH...`, or build the synthetic demo with "
            "`outcomes demo --load` (or `make run`).")


def can(capability: str) -> bool:
    """Whether this run's user may see `capability` (outcomes.access.roles)."""
    return roles.can(signin.user().role, capability)


def may_download(what: str) -> bool:
    return roles.download_allowed(signin.user().role, what)


def threshold() -> int:
    return load_settings().disclosure_threshold


def spc_plan() -> SpcPlan:
    """How the charts' limits are set: the baseline and the declared process changes."""
    return process.spc_plan(load_settings())


# Our own layout rules (no data in them): on a projector's 1024 or 1280 pixels the page
# keeps its width for the figures rather than for Streamlit's wide margins.
NARROW_SCREEN_CSS = """<style>
@media (max-width: 1366px) {
  [data-testid="stMainBlockContainer"] { padding: 2.5rem 1.25rem 3rem 1.25rem; }
}
@media (max-height: 800px) {
  [data-testid="stMainBlockContainer"] { padding-top: 3.75rem; }   /* clear of the 60 px header */
  [data-testid="stMainBlockContainer"] h1 { font-size: 2.1rem; padding: 0.25rem 0 0.25rem 0; }
  [data-testid="stMainBlockContainer"] [data-testid="stAlertContainer"] { padding: 0.5rem 1rem; }
}
</style>"""


def page_header(title: str, question: str) -> Filters | None:
    """Title, the question the page answers and the as-at date; the sidebar's filters.
    None (after a clear message) when there is nothing to show yet."""
    st.html(NARROW_SCREEN_CSS)
    st.title(title)
    st.markdown(f"*{question}*")
    if warehouse() is None:
        no_data_yet()
        return None
    info = status()                   # app.py shows the demo banner on every page
    if info.period_end is None:
        no_data_yet("No records loaded yet")
        return None
    st.caption(f"{info.partnership}. Data as at {info.data_as_at:%d %B %Y} (last complete "
               f"quarter {quarter_label(info.period_end)}); published "
               f"{info.published_at.replace('T', ' ')}. Quarters are calendar quarters; a "
               f"year is the {load_settings().year_words}.")
    return current()


def indicator(indicator_id: str, filters: Filters, by: str | None = None) -> Protected:
    """An indicator's protected series for this view (cached)."""
    return cached(indicators.indicator_series, indicator_id, filters, threshold(), by)


def dimensions(indicator_id: str) -> tuple[str, ...]:
    """The columns an indicator can be filtered and broken down by (cached)."""
    return cached(indicators.dimensions, indicator_id)


def renamed(frame: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """The columns named in `names`, in that order, with those names (for tables)."""
    return frame.rename(columns=names)[list(names.values())]


def period_text(filters: Filters) -> str:
    return f"{quarter_label(filters.start)} to {quarter_label(filters.end)}"


def cell(value) -> str:
    """A table cell or a number in a sentence, as shown: "c" stays "c", numbers get
    thousands separators, rates one decimal place."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return f"{int(value):,}"
    if isinstance(value, float):
        return f"{value:,.1f}"
    return str(value)


def percent_text(value) -> str:
    """A shown percentage for a sentence: "c" when hidden, else "12.3%"."""
    text = cell(value)
    return text if text in ("c", "") else f"{text}%"


def as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Every cell as display text: "c" stays "c", numbers get separators. Children's
    words arrive here only as plain text, and st.table shows them as text."""
    return frame.apply(lambda col: col.map(cell)) if len(frame) else frame.astype(str)


@dataclass(frozen=True)
class Block:
    """A chart block as built from the figures (kept per view by cache.kept), ready to
    show: `filters` when its downloads are named for another period than the page's."""
    title: str
    summary: str
    figure: go.Figure
    alt: str
    table: pd.DataFrame
    topic: str
    note: str = ""
    filters: Filters | None = None


def show(block: Block | str, filters: Filters, key: str) -> None:
    """A built block through chart_block; a sentence (nothing to chart) as a notice."""
    if isinstance(block, str):
        st.info(block)
        return
    chart_block(block.title, block.summary, block.figure, alt=block.alt, table=block.table,
                topic=block.topic, filters=block.filters or filters, note=block.note, key=key)


def chart_block(title: str, summary: str, fig: go.Figure, *, alt: str, table: pd.DataFrame,
                topic: str, filters: Filters, note: str = "", key: str) -> None:
    """Summary sentence, chart, the same (protected) figures as a table, downloads."""
    st.subheader(title)
    st.markdown(summary)
    st.plotly_chart(fig, config=PLOTLY_CONFIG, alt=alt, key=f"chart_{key}", theme=None)
    with st.expander(f"{title}: the figures as a table"):
        st.table(as_text(table), hide_index=True,
                 alt=f"{title}: the figures shown in the chart")
        if note:
            st.caption(note)
    if may_download("chart_data"):
        _downloads(table, topic, filters, note, key)
    if note:
        st.caption(note)


def table_block(table: pd.DataFrame, *, alt: str, topic: str, filters: Filters, note: str,
                key: str) -> None:
    """A table shown as it is (real HTML), its note, and CSV and Excel downloads."""
    st.table(as_text(table), hide_index=True, alt=alt)
    if note:
        st.caption(note)
    if may_download("chart_data"):
        _downloads(table, topic, filters, note, key)


def _downloads(table: pd.DataFrame, topic: str, filters: Filters, note: str, key: str) -> None:
    """CSV and Excel of a chart's figures, named topic_period_area; recorded when made."""
    stem = exports.file_stem(topic, period_text(filters).replace(" to ", "-to-"),
                             filters.area(load_settings().council))
    row = st.container(horizontal=True)     # buttons as wide as their words
    notes = [note] if note else None
    where = filters.to_query()
    row.download_button("Download CSV", signin.on_download(f"{stem}.csv",
                                                     lambda: exports.to_csv(table), where),
                         file_name=f"{stem}.csv",
                         mime="text/csv", key=f"csv_{key}", on_click="ignore",
                         icon=":material/download:")
    row.download_button("Download Excel",
                          signin.on_download(f"{stem}.xlsx",
                                      lambda: exports.to_xlsx(table, topic, notes), where),
                          file_name=f"{stem}.xlsx", key=f"xlsx_{key}", on_click="ignore",
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                          icon=":material/table_view:")
