"""AppTest for every page: renders on the demo warehouse and with none, its filters
change what it shows, and disclosure control holds on a tiny warehouse."""

from __future__ import annotations

import re

import pytest

from tests.apptools import shown

# Page files are named unlike their URL paths: AppTest would otherwise run a page
# whose URL equals its file name as a stand-alone script, without app.py's sidebar.
DATA_PAGES = ["overview", "action_plan", "corporate_parenting", "care_leavers",
              "voice_and_feedback", "listening_outcomes", "you_said",
              "data_quality", "data_loads", "wellbeing_scores",
              "child_protection", "indicator_definitions"]
CHILD_COUNT_PAGES = ["overview", "corporate_parenting", "care_leavers", "voice_and_feedback",
                     "listening_outcomes", "you_said", "wellbeing_scores",
                     "child_protection"]


@pytest.mark.parametrize("page", DATA_PAGES + ["accessibility_statement"])
def test_page_renders_on_the_demo_warehouse(app, demo_db, page):
    at = app(demo_db, page)
    text = shown(at)
    assert at.title
    if page != "accessibility_statement":
        assert "Synthetic demo data" in text and "Data as at 30 September 2026" in text


@pytest.mark.parametrize("page", DATA_PAGES)
def test_page_without_a_warehouse_says_no_data_yet(app, tmp_path, page):
    at = app(tmp_path / "none.duckdb", page)
    assert "No data yet" in shown(at) and "outcomes load" in shown(at)


MODEL_STATEMENT = ["How accessible this app is", "Feedback and contact information",
                   "Reporting accessibility problems with this app", "Enforcement procedure",
                   "Technical information about this app's accessibility", "Compliance status",
                   "Non-accessible content", "What we're doing to improve accessibility",
                   "Preparation of this accessibility statement"]


def test_the_accessibility_statement_follows_the_model_and_needs_no_data(app, tmp_path):
    at = app(tmp_path / "none.duckdb", "accessibility_statement")
    assert [h.value for h in at.header] == MODEL_STATEMENT
    text = shown(at)
    assert "**partially compliant** with the [Web Content Accessibility Guidelines version 2.2]" in text
    assert "outcomes-monitor@example.gov.uk" in text                   # how to ask
    assert "Equality and Human Rights Commission" in text and "EASS" in text
    assert "prepared on 6 December 2026" in text and "last tested on 6 December 2026" in text
    for criterion in ("2.1.1 (Keyboard)", "1.1.1 (Non-text content)", "2.2.1 (Timing adjustable)",
                      "1.3.1 (Info and relationships)"):            # each failure named
        assert criterion in text


def test_the_accessibility_statement_says_what_is_missing_from_the_settings(
        app, tmp_path, monkeypatch):
    from core.settings import DEFAULT_SETTINGS
    text = DEFAULT_SETTINGS.read_text(encoding="utf-8")
    start = text.index("[accessibility]")
    broken = tmp_path / "partnership.toml"
    broken.write_text(text[:start] + text[text.index("[access]\n"):], encoding="utf-8")
    monkeypatch.setenv("OUTCOMES_SETTINGS", str(broken))
    at = app(tmp_path / "none.duckdb", "accessibility_statement")
    assert at.error and "prepared is missing" in at.error[0].value
    assert not at.header


@pytest.mark.parametrize("page", ["overview", "care_leavers", "voice_and_feedback",
                                  "wellbeing_scores", "child_protection", "action_plan",
                                  "data_quality"])
def test_the_sidebar_filters_change_what_the_page_shows(app, demo_db, page):
    everyone = shown(app(demo_db, page))
    hamilton = app(demo_db, page, query={"locality": "Hamilton"})
    assert hamilton.session_state["f_localities"] == ["Hamilton"]
    assert shown(hamilton) != everyone


def test_changing_a_sidebar_widget_updates_the_page_and_the_url(app, demo_db):
    at = app(demo_db, "care_leavers")
    before = shown(at)
    at.multiselect(key="f_localities").set_value(["Hamilton"]).run()
    assert not at.exception and shown(at) != before
    assert at.query_params["locality"] in ("Hamilton", ["Hamilton"])


def test_the_period_filter_changes_the_charts(app, demo_db):
    at = app(demo_db, "care_leavers")
    before = shown(at)
    options = at.selectbox(key="f_from").options
    at.selectbox(key="f_from").set_value(at.selectbox(key="f_to").value).run()
    assert not at.exception and shown(at) != before and len(options) > 8


@pytest.mark.parametrize("page,key,value", [
    ("indicator_definitions", "def_point", "voice"),
    ("action_plan", "ap_status", ["off_track"]),
    ("data_quality", "dq_table", "feedback"),
])
def test_page_own_filters_change_what_it_shows(app, demo_db, page, key, value):
    at = app(demo_db, page)
    before = shown(at)
    widget = at.multiselect(key=key) if isinstance(value, list) else at.selectbox(key=key)
    widget.set_value(value).run()
    assert not at.exception and shown(at) != before


def test_filters_are_read_from_the_url(app, demo_db):
    at = app(demo_db, None, query={"locality": "Clydesdale", "age": "5-11"})
    assert at.multiselect(key="f_localities").value == ["Clydesdale"]
    assert at.multiselect(key="f_age_bands").value == ["5-11"]


def test_the_care_leaver_page_says_when_a_filter_does_not_apply(app, demo_db):
    at = app(demo_db, "care_leavers")
    at.multiselect(key="f_age_bands").set_value(["5-11"]).run()
    assert "do not apply on this page" in shown(at)


SMALL = re.compile(r"^[1-4]$")
NOT_CHILD_COUNTS = re.compile(r"quarter|per cent|%|interval|average|score|age|row|load|file|action",
                              re.IGNORECASE)


@pytest.mark.parametrize("page", CHILD_COUNT_PAGES)
def test_no_small_count_is_shown_on_a_tiny_warehouse(app, tiny_db, page):
    at = app(tiny_db, page)
    for table in at.table:
        frame = table.value
        for col in frame.columns:
            if NOT_CHILD_COUNTS.search(str(col)):
                continue
            small = [v for v in frame[col].astype(str) if SMALL.match(v.strip())]
            assert not small, (page, col, small)
    for metric in at.metric:
        assert not SMALL.match(str(metric.value).strip()), (page, metric.label, metric.value)


def test_the_tiny_warehouse_hides_cells_and_says_why(app, tiny_db):
    at = app(tiny_db, "child_protection")
    text = shown(at)
    assert ",c" in text or "c\n" in text
    assert "hidden to protect" in text


def test_the_listening_page_says_association_not_cause_and_compares_the_groups(app, demo_db):
    at = app(demo_db, "listening_outcomes")
    text = shown(at)
    assert "association, not a cause" in text
    assert [s.value for s in at.subheader][:2] == ["Moved placement", "Wellbeing score went up"]
    assert "View acted on" in text and "No view recorded" in text and "Adjusted" in text
    moved = at.table[0].value
    assert list(moved["Group"][:4]) == ["View acted on", "View not acted on",
                                        "No view recorded", "All children"]


def test_the_listening_page_on_a_tiny_warehouse_hides_everything_small(app, tiny_db):
    at = app(tiny_db, "listening_outcomes")
    for table in at.table:
        for col in table.value.columns:
            assert not [v for v in table.value[col].astype(str) if SMALL.match(v.strip())]
