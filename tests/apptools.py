"""Helpers for the AppTest suites: open the app on a warehouse, read what it shows."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "app.py")
TIMEOUT = 120


def app_factory(monkeypatch):
    def _open(db: Path, page: str | None = None, query: dict | None = None,
              state: dict | None = None, user: dict | None = None,
              secrets: dict | None = None, role: str | None = "data_analyst") -> AppTest:
        """`state`: session state before the first run (e.g. a signed-in user);
        `user`: what st.user holds (an identity provider's claims); `role`: the demo's
        "view as" (the analyst sees every page; None: as the demo opens, a board member)."""
        st.cache_data.clear()
        st.cache_resource.clear()
        monkeypatch.setenv("OUTCOMES_DB", str(db))
        at = AppTest.from_file(APP, default_timeout=TIMEOUT)
        for key, value in (query or {}).items():
            at.query_params[key] = value
        if role is not None:
            at.session_state["demo_role"] = role
        for key, value in (state or {}).items():
            at.session_state[key] = value
        if user is not None:
            at.user = user
        for key, value in (secrets or {}).items():
            at.secrets[key] = value
        at.run()
        if page and page != "overview":          # the default page: no switch needed
            at.switch_page(f"pages/{page}.py").run()
        assert not at.exception, [e.message for e in at.exception]
        return at
    return _open


def shown(at: AppTest) -> str:
    """Everything the page says, tables and chart data included."""
    parts = [e.value for kind in ("title", "header", "subheader", "markdown", "caption", "info", "error",
                                  "warning", "success", "text") for e in getattr(at, kind)]
    parts += [str(m.value) + str(m.delta) for m in at.metric]
    parts += [t.value.to_csv() for t in at.table]
    parts += [c.proto.spec for c in at.get("plotly_chart")]
    return "\n".join(str(p) for p in parts)




@pytest.fixture
def app(monkeypatch):
    return app_factory(monkeypatch)
