"""The one place the app caches results: per published warehouse.

`cached(query, *args)` runs `query(warehouse, *args)` once for each published
warehouse (a new load changes its identity, so nothing stale is served) and
each set of arguments, and keeps the result for every session of the server.
Queries are plain functions of the query layer, called directly.

`kept(build, *args)` keeps what a page builds from those queries (a chart's
figure, status and table; the overview's cards) for each published warehouse,
settings file, day and set of arguments, so a view seen before (the filter set
back, another person's same view) is drawn without recomputing it. Kept as
built, not copied: the page only reads it (Streamlit serialises a figure
without changing it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TypeVar

import streamlit as st

from core.settings import load_settings
from outcomes.query.db import get_warehouse

T = TypeVar("T")


@st.cache_data(max_entries=2048, show_spinner=False)
def _run(identity, name: str, _query: Callable[..., T], args: tuple) -> T:
    # `name` (the query's module and name) keys the cache; the function is not hashed
    return _query(get_warehouse(), *args)


def cached(query: Callable[..., T], *args) -> T:
    """query(warehouse, *args), computed once per published warehouse and arguments."""
    return _run(get_warehouse().identity, f"{query.__module__}.{query.__qualname__}", query,
                args)


@st.cache_resource(max_entries=512, show_spinner=False)
def _keep(identity, settings, day: dt.date, name: str, _build: Callable[..., T],
          args: tuple) -> T:
    return _build(*args)


def kept(build: Callable[..., T], *args) -> T:
    """build(*args), once per published warehouse, settings, day and arguments."""
    source = load_settings().source
    return _keep(get_warehouse().identity, (str(source), source.stat().st_mtime_ns),
                 dt.date.today(), f"{build.__module__}.{build.__qualname__}", build, args)
