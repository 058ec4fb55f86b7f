"""How we compare, for an English council: DfE's published figures beside its ten
statistical neighbours and England, drawn from `outcomes.query.england`."""

from __future__ import annotations

import streamlit as st

from core.settings import load_settings
from outcomes.app import ui
from outcomes.app.cache import cached
from outcomes.draw.neighbours import neighbour_bars
from outcomes.query import england
from outcomes.words.england import rank_text, shown

LOAD = ("Load DfE's statistical neighbour groupings and its local-authority tables (children "
        "looked after, care leavers, placement stability, child protection plans) with "
        "`outcomes comparators load FOLDER`.")
MEDIAN = ("Neighbours' median: the median of the published figures of the council's ten "
          "statistical neighbours (DfE's groupings, April 2021), as DfE's Local Authority "
          "Interactive Tool computes it; a suppressed or unavailable figure is left out, "
          "never counted as zero.")


def page() -> None:
    council = load_settings().council
    if not cached(england.has_dfe):
        st.info("No DfE comparators loaded yet. " + LOAD)
        return
    found = cached(england.council_code, council)
    if found is None:
        st.warning(f"DfE's loaded tables do not name the council {council!r} (set in the "
                   "settings file): write it as DfE spells it (la_name, e.g. \"Barnsley\") "
                   "or give its new_la_code (e.g. E08000016).")
        return
    name = found[1]
    st.caption(f"Comparing {name} (set in the settings file) with its ten statistical "
               "neighbours and England, in DfE's published figures for the years to "
               "31 March. The sidebar filters do not apply to published figures.")
    summary = cached(england.summary_table, council)
    st.subheader("Latest published figures")
    ui.table_block(summary, alt=f"DfE's latest published figures for {name}, its "
                   "neighbours' median and England", topic="dfe-summary",
                   filters=ui.current(), note=MEDIAN, key="dfe_summary")
    options = {m.id: m.title for m in england.MEASURES.values()}
    chosen = st.selectbox("Measure", list(options), format_func=options.get,
                          key="dfe_measure")
    measure_block(council, chosen)


def measure_block(council: str, measure_id: str) -> None:
    c = cached(england.comparison, council, measure_id)
    m, name = c.measure, c.council
    st.subheader(m.title)
    st.markdown(c.sentence)
    years = c.years.assign(
        council=[shown(v, k, m.unit) for v, k in zip(c.years["council"],
                                                     c.years["council_marker"])],
        median=[shown(v, None, m.unit) for v in c.years["median"]],
        published=[f"{p} of {n}" for p, n in zip(c.years["published"],
                                                 c.years["neighbours"])],
        england=[shown(v, k, m.unit) for v, k in zip(c.years["england"],
                                                     c.years["england_marker"])],
        rank=[rank_text(r, n, m.better)
              for r, n in zip(c.years["rank"], c.years["ranked"])])
    table = ui.renamed(years, {"period": "Year (to 31 March)", "council": name,
                               "median": "Neighbours' median",
                               "published": "Neighbours published",
                               "england": "England", "rank": "Rank"})
    ui.table_block(table, alt=f"{m.title}: {name}, its neighbours' median and England by "
                   "year", topic=f"dfe-{m.id}", filters=ui.current(),
                   note=f"{m.definition} Source: {m.source} c: suppressed; x: not "
                        "available; z: not applicable. " + MEDIAN, key=f"dfe_{m.id}")
    if c.years.empty:
        return
    last = c.years.iloc[-1]
    drawn = c.latest.sort_values(["value"], ascending=m.better == "lower",
                                 na_position="last")
    fig = neighbour_bars(drawn, unit=m.unit, x_title="per cent" if m.unit == "%" else
                         "per 10,000 children", england=c.england,
                         median=None if last["median"] is None else last["median"])
    chart = drawn.assign(value=[shown(v, k, m.unit) for v, k in
                                zip(drawn["value"], drawn["marker"])])
    chart = ui.renamed(chart, {"name": "Council", "value": m.title,
                               "closeness": "Closeness (DfE)"})
    order = "best first" if m.better != "neither" else "highest first"
    said = (f"{name} and each of its statistical neighbours in {last['period']}, {order}; "
            f"England "
            f"{shown(c.england, last['england_marker'], m.unit)} (dashed line), the "
            f"neighbours' median {shown(last['median'], None, m.unit)} (dotted line).")
    ui.chart_block(f"{name} against each neighbour, {last['period']}", said, fig,
                   table=chart, topic=f"dfe-{m.id}-neighbours", filters=ui.current(),
                   key=f"dfe_chart_{m.id}",
                   alt=f"Bar chart of {m.title.lower()} for {name} and its statistical "
                       f"neighbours in {last['period']}, with England and the neighbours' "
                       f"median marked. {said}",
                   note=f"Source: {m.source} A gap marked c was suppressed by DfE.")
