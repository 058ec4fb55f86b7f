"""The shared sidebar filters, kept in the URL's query parameters.

app.py renders this on every page before the page runs, so the widgets (and
their values) live across page switches. On a session's first run the
widgets start from the URL, so a link in a board paper opens the same view.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from core import frameworks
from core.settings import load_settings
from outcomes.access import roles
from outcomes.access.roles import User
from outcomes.app.cache import cached
from outcomes.query import warehouse_info
from outcomes.query.filters import AGE_BANDS, DISABILITY, SEXES, URL_KEYS, Filters
from outcomes.words.labels import PLACEMENT_LABELS, quarter_label

STATE_KEY = "filters"
FRAMEWORK_KEY = "f_framework"
DEFAULT_YEARS = 8


def _from_url(quarters: list[dt.date], options: dict[str, tuple]) -> None:
    """Seed the widgets from the URL once per session."""
    if st.session_state.get("_filters_seeded"):
        return
    st.session_state["_filters_seeded"] = True
    params = st.query_params
    start, end = _date(params.get("from"), quarters), _date(params.get("to"), quarters)
    default_start = quarters[max(0, len(quarters) - DEFAULT_YEARS * 4)]
    st.session_state["f_from"] = start or default_start
    st.session_state["f_to"] = end or quarters[-1]
    for name, key in URL_KEYS.items():
        chosen = [v for v in params.get_all(key) if v in options[name]]
        st.session_state[f"f_{name}"] = chosen
    framework = params.get("framework")
    st.session_state[FRAMEWORK_KEY] = framework \
        if framework in frameworks.choices(load_settings().country) \
        else frameworks.DEFAULT


def _date(text: str | None, quarters: list[dt.date]) -> dt.date | None:
    try:
        d = dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None
    return d if d in quarters else None


def render(user: User) -> Filters | None:
    """Draw the filters; return them (also kept in session state for the pages). A role
    without locality breakdowns sees the whole partnership: no locality filter, and a
    locality in the URL is ignored."""
    quarters = cached(warehouse_info.quarter_ends)
    if not quarters:
        return None
    localities = roles.can(user.role, "locality")
    options = {"localities": load_settings().localities if localities else (),
               "age_bands": AGE_BANDS,
               "sexes": SEXES, "disability": DISABILITY,
               "placement_types": tuple(k for k in PLACEMENT_LABELS if k != "on_register_only")}
    _from_url(quarters, options)
    with st.sidebar:
        st.header("Filters")
        # one above the other: side by side, a narrow sidebar cuts the quarters short
        start = st.selectbox("From quarter", quarters, format_func=quarter_label, key="f_from")
        end = st.selectbox("To quarter", quarters, format_func=quarter_label, key="f_to")
        if start > end:
            start, end = end, start
            st.caption("The period runs from the earlier quarter to the later one.")
        chosen = {"localities": ()}
        for name, label, fmt in (
                ("localities", "Locality", str), ("age_bands", "Age band", str),
                ("sexes", "Sex", str.capitalize), ("disability", "Disability", str),
                ("placement_types", "Placement type (looked-after children)",
                 lambda v: PLACEMENT_LABELS[v])):
            if not options[name]:
                continue
            chosen[name] = tuple(st.multiselect(label, options[name], format_func=fmt,
                                                key=f"f_{name}", placeholder="All"))
        labels = frameworks.choices(load_settings().country)
        choice = st.selectbox("Report against", list(labels), format_func=labels.get,
                              key=FRAMEWORK_KEY,
                              help="Narrow the overview, the action plan and the definitions "
                                   "to one of the inspection's five questions or one of The "
                                   "Promise's five foundations.")
        st.caption("Filters apply to every page; a figure says when one does not apply. "
                   "The address bar keeps them: copy it into a board paper.")
    filters = Filters(start=start, end=end, **chosen)
    st.session_state[STATE_KEY] = filters
    query = filters.to_query()
    if choice != frameworks.DEFAULT:
        query["framework"] = choice
    st.query_params.from_dict(query)
    return filters


def current() -> Filters:
    return st.session_state[STATE_KEY]


def framework() -> str:
    """The sidebar's "Report against" choice (core/frameworks.py): "points" for all."""
    return st.session_state.get(FRAMEWORK_KEY, frameworks.DEFAULT)
