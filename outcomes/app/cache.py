"""The one place the app caches results: per published warehouse.

`cached(query, *args)` runs `query(warehouse, *args)` once for each published
warehouse (a new load changes its identity, so nothing stale is served) and
each set of arguments, and keeps the result for every session of the server.
Queries are plain functions of the query layer, called directly.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import streamlit as st

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
