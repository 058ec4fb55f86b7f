"""The one indicator layer: every catalogue indicator's view (etl/sql/ind_*), read through
outcomes.query.indicators exactly as the pages and packs read it, checked against values
worked out by hand from the tiny baseline files (tests/factories.py).

The baseline, in short: C001 (Hamilton, born May 2008) fostered from 2019-03-01, then in a
council children's house from 2020-01-15; C003 (Clydesdale, born January 2003) in kinship
care until 2020-02-01, then an aftercare record each quarter; C002 (East Kilbride) on the
register 2019-04-01 to 2019-10-01 and again from 2020-06-01. Data as at 2020-06-30.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from core.catalogue import IDS, INDICATORS
from core.contract import TABLES
from outcomes.query import indicators
from outcomes.query.db import Warehouse
from outcomes.query.filters import Filters
from tests.factories import BASELINE, q, rows, write_baseline

D = dt.date.fromisoformat


def at(day: str, **filters) -> Filters:
    return Filters(start=D(day), end=D(day), **filters)


def figure(db, indicator_id: str, day: str, period_type: str = "quarter", by=None, **filters):
    """(numerator, denominator) at one period end, or None when the view has no row."""
    frame = indicators.raw_series(Warehouse(db), indicator_id, at(day, **filters), by=by,
                                  period_type=period_type)
    if by:
        return {g: (n, d) for g, n, d in frame[[by, "numerator", "denominator"]]
                .itertuples(index=False)}
    if frame.empty:
        return None
    n, d = frame[["numerator", "denominator"]].iloc[0]
    return int(n), (None if pd.isna(d) else int(d))


# (indicator, period end, period type, expected (numerator, denominator)), by hand
HAND = [
    ("lac_count", "2019-07-31", "clas_year", (2, None)),          # C001 foster, C003 kinship
    ("lac_count", "2020-03-31", "quarter", (1, None)),            # C003 left on 2020-02-01
    ("lac_community_pct", "2019-07-31", "clas_year", (2, 2)),
    ("lac_community_pct", "2020-03-31", "quarter", (0, 1)),       # C001 in a children's house
    ("placement_moves_pct", "2019-12-31", "quarter", None),       # 9 months of history
    ("placement_moves_pct", "2020-03-31", "quarter", (1, 1)),     # C001: foster, then house
    ("continuing_care_pct", "2020-03-31", "quarter", (0, 1)),     # C003 left kinship at 17
    ("cp_registrations", "2019-06-30", "quarter", (1, None)),     # R1 on 2019-04-01
    ("cp_registrations", "2019-12-31", "quarter", None),          # none in the quarter
    ("cp_registrations", "2020-06-30", "quarter", (1, None)),     # R2 on 2020-06-01
    ("cp_reregistration_pct", "2019-06-30", "quarter", None),     # window not yet full
    ("cp_reregistration_pct", "2020-06-30", "quarter", (1, 1)),   # 8 months after R1 ended
    ("aftercare_receiving_pct", "2020-03-31", "quarter", (1, 1)),
    ("aftercare_receiving_pct", "2020-06-30", "quarter", (0, 1)),
    ("care_leavers_pathway_plan_pct", "2020-03-31", "quarter", (1, 1)),
    ("care_leavers_homeless_pct", "2020-03-31", "quarter", (0, 1)),   # own tenancy
    ("care_leavers_homeless_pct", "2020-06-30", "quarter", (0, 0)),   # not receiving aftercare
    ("care_leavers_eet_pct", "2020-03-31", "quarter", (1, 1)),        # in education
    ("wellbeing_improved_pct", "2019-12-31", "quarter", None),        # one assessment only
    ("wellbeing_improved_pct", "2020-06-30", "quarter", (1, 1)),      # C001: 40% then 70%
    ("wellbeing_assessed_recent_pct", "2020-03-31", "quarter", (1, 1)),   # June 2019
    ("wellbeing_assessed_recent_pct", "2019-06-30", "quarter", None),     # warm-up
    # the first view was received on 2020-02-01: the 12 months of views are full only at
    # 2020-12-31, after the data end, so no voice figure is a warm-up part-year
    ("voice_coverage_pct", "2020-06-30", "quarter", None),
    ("voice_acted_on_pct", "2020-06-30", "quarter", None),
    ("voice_told_outcome_pct", "2020-06-30", "quarter", None),
    ("voice_used_in_planning_pct", "2020-06-30", "quarter", None),
    # England's DfE measures need an SSDA903 return: empty for the Scottish baseline, at
    # England's year end as at any other (tests/outcomes/test_england_indicators.py: the
    # figures from a 903 return)
    *[(i, "2020-03-31", kind, None) for i in (
        "placements_three_plus_pct", "long_term_stability_pct", "leavers_in_touch_17_18_pct",
        "leavers_in_touch_19_21_pct", "leavers_eet_17_18_pct", "leavers_eet_19_21_pct",
        "leavers_suitable_accommodation_17_18_pct",
        "leavers_suitable_accommodation_19_21_pct", "review_participation_pct")
      for kind in ("quarter", "ssda903_year")],
]


@pytest.mark.parametrize("indicator_id, day, period_type, expected", HAND,
                         ids=[f"{i}@{d}/{k}" for i, d, k, _ in HAND])
def test_each_indicator_matches_the_hand_computed_value(tiny_db, indicator_id, day,
                                                        period_type, expected):
    assert figure(tiny_db, indicator_id, day, period_type) == expected


def test_every_catalogue_indicator_is_defined_once_and_checked_here(tiny_db):
    # defined as views in etl/sql/ (test_catalogue), kept by the load as tables
    views = {r[0] for r in q(tiny_db, "SELECT table_name FROM duckdb_tables() "
                                      "WHERE table_name LIKE 'ind_%'")}
    assert views == {indicators.view(i) for i in IDS}          # one each, no other
    checked = {i for i, *_ in HAND} | {"data_completeness_pct"}
    assert checked == set(IDS)


def test_data_completeness_counts_the_optional_cells_as_loaded(tiny_db):
    optional = [(t, c.name) for t, spec in TABLES.items() for c in spec.columns
                if not c.required]
    filled = sum(1 for t, col in optional for r in BASELINE.get(t, []) if r.get(col, ""))
    cells = sum(len(BASELINE.get(t, [])) for t, _ in optional)
    # as the warehouse holds them: a disability of "unknown" is missing, a blank ethnicity
    # is grouped as "Not known" and a blank can_quote means no (the contract's default)
    filled += -1 + 1 + 1
    assert figure(tiny_db, "data_completeness_pct", "2020-06-30") == (filled, cells)


def test_filters_narrow_the_view_and_breakdowns_add_up(tiny_db):
    assert figure(tiny_db, "lac_community_pct", "2019-12-31", localities=("Hamilton",)) == (1, 1)
    assert figure(tiny_db, "lac_community_pct", "2019-12-31",
                  placement_types=("kinship",)) == (1, 1)
    assert figure(tiny_db, "lac_community_pct", "2019-12-31", by="locality") == {
        "Hamilton": (1, 1), "Clydesdale": (1, 1)}
    # care leavers are broken down by their own ages, and the sidebar's age filter
    # (children's ages) does not apply to them
    assert figure(tiny_db, "aftercare_receiving_pct", "2020-03-31",
                  by="leaver_age_band") == {"16-17": (1, 1)}
    assert figure(tiny_db, "aftercare_receiving_pct", "2020-03-31",
                  age_bands=("Under 5",)) == (1, 1)
    assert "age_band" not in indicators.dimensions(Warehouse(tiny_db),
                                                   "aftercare_receiving_pct")


def test_the_lgbf_year_series_is_the_31_july_snapshot(tiny_db):
    got = indicators.whole_years(Warehouse(tiny_db), "lac_community_pct", threshold=1).data
    assert got.loc[got["year"] == "2018-19", ["numerator", "denominator"]].values.tolist() \
        == [[2, 2]]


def test_values_use_the_one_percentage_rule(tiny_db):
    frame = indicators.raw_series(Warehouse(tiny_db), "wellbeing_assessed_recent_pct",
                                  at("2020-06-30"))
    assert frame["value"].tolist() == [100.0]


ROLLING = ["placement_moves_pct", "continuing_care_pct", "cp_reregistration_pct",
           "wellbeing_assessed_recent_pct", "voice_coverage_pct", "voice_acted_on_pct",
           "voice_told_outcome_pct", "voice_used_in_planning_pct"]


@pytest.mark.parametrize("indicator_id", ROLLING)
def test_a_rolling_measure_starts_when_its_12_months_are_full(tiny_db, indicator_id):
    # the history starts 2019-04-01 (the quarter of the first wellbeing assessment), so
    # the first 12-month window ends on 2020-03-31 (statistics.md: no warm-up points)
    frame = indicators.raw_series(Warehouse(tiny_db), indicator_id,
                                  Filters(start=D("2019-01-01"), end=D("2020-06-30")))
    assert frame.empty or frame["period_end"].min() >= D("2020-03-31")
    full = q(tiny_db, f"SELECT min(period_end) FROM {indicators.view(indicator_id)} "
                      "WHERE period_type = 'quarter'")[0][0]
    assert full is None or full >= D("2020-03-31")


# one baseline row bent, then (indicator, period end, expected), by hand
BENT = {
    "a re-registration after 18 months does not count": (
        "child_protection_registrations", 1,
        {"registration_date": "2021-06-01", "deregistration_date": "2021-06-30"},
        "cp_reregistration_pct", "2021-06-30", (0, 1)),
    "unknown activity is left out of the EET denominator": (
        "care_leavers", 1, {"receiving_aftercare": "Y", "economic_activity": "unknown"},
        "care_leavers_eet_pct", "2020-06-30", (0, 0)),
    "secure care is not eligible for continuing care": (
        "looked_after_episodes", 2, {"placement_type": "secure",
                                     "reason_ended": "continuing_care"},
        "continuing_care_pct", "2020-03-31", (0, 0)),
}


@pytest.mark.parametrize("case", BENT)
def test_a_bent_row_changes_the_figure_as_the_definition_says(tmp_path, load, case):
    table, index, changes, indicator_id, day, expected = BENT[case]
    records = rows(table)
    records[index].update(changes)
    load(write_baseline(tmp_path / "in", **{table: records}))
    assert figure(tmp_path / "warehouse.duckdb", indicator_id, day) == expected


def test_every_indicator_in_the_catalogue_has_words_for_its_unit():
    for ind in INDICATORS:
        assert ind.unit in ("%", "count") and (ind.denominator or ind.unit == "count")


def test_voice_counts_from_a_year_after_the_first_view(tmp_path, load):
    # a view a year before the others fills the window by 2020-06-30: (C001 heard 2020-02-01,
    # C002 on the register not heard), 2 views received in the 12 months, 1 acted on
    fb = rows("feedback")
    early = dict(fb[1], feedback_id="F0", received_date="2019-04-02")
    load(write_baseline(tmp_path / "in", feedback=[early, *fb]))
    db = tmp_path / "warehouse.duckdb"
    assert figure(db, "voice_coverage_pct", "2020-06-30") == (1, 2)
    assert figure(db, "voice_acted_on_pct", "2020-06-30") == (1, 2)
    assert figure(db, "voice_told_outcome_pct", "2020-06-30") == (1, 2)
    assert figure(db, "voice_used_in_planning_pct", "2020-06-30") == (0, 2)
