"""AppTest: the app and its pages on the demo warehouse and with no warehouse."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")
TIMEOUT = 60


@pytest.fixture
def app(monkeypatch):
    def _app(db):
        monkeypatch.setenv("OUTCOMES_DB", str(db))
        at = AppTest.from_file(APP, default_timeout=TIMEOUT)
        return at
    return _app


def texts(at) -> str:
    parts = [e.value for e in at.markdown] + [e.value for e in at.caption] + \
        [e.value for e in at.title] + [e.value for e in at.subheader] + \
        [e.value for e in at.info] + [e.value for e in at.warning] + [e.value for e in at.success]
    return "\n".join(str(p) for p in parts)


def test_data_quality_on_the_demo_warehouse(app, demo_db):
    at = app(demo_db).run()
    assert not at.exception
    body = texts(at)
    assert "Data quality" in body and "Synthetic demo data" in body
    assert "Data as at 30 September 2026" in body
    assert "held back from the figures" in body           # the demo's deliberate bad rows
    assert len(at.table) >= 4


def test_no_warehouse_yet_says_what_to_do(app, tmp_path):
    at = app(tmp_path / "none.duckdb").run()
    assert not at.exception
    assert "No data yet" in texts(at) and "outcomes load" in texts(at)
