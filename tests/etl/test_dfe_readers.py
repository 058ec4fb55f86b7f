"""DfE's published local-authority tables and statistical neighbour groupings, read from
the real files in ../shared/real-data/dfe-england: every row loaded or quarantined,
published values read back exactly, DfE's markers missing (never zero) with the marker
kept; and the neighbours' median computed by hand from the CSV, against the query."""

from __future__ import annotations

import csv
import statistics

import pytest

from etl.comparators.load import load_comparators
from etl.comparators.readers import read_comparator
from etl.readers import Refusal
from outcomes.query import england
from outcomes.query.db import Warehouse
from tests.conftest import REAL_DATA
from tests.factories import q

DFE = REAL_DATA / "dfe-england"
FILES = {"New_Statistical_Neighbour_Groupings_April_2021.csv": "comparator_dfe_neighbours",
         "cla_number_and_rate_per_10k_children.csv": "comparator_dfe_cla",
         "la_care_leavers_activity.csv": "comparator_dfe_care_leavers",
         "la_care_leavers_accommodation_suitability.csv": "comparator_dfe_care_leavers",
         "la_cla_placement_stability.csv": "comparator_dfe_stability",
         "d5_cpps_at31march_by_duration_2013_to_2025.csv": "comparator_dfe_cpp"}


def dfe_file(name: str):
    path = DFE / name
    if not path.exists():
        pytest.skip(f"real data not found at {path} (../shared/real-data is absent)")
    return path


def csv_rows(name: str) -> list[dict]:
    with dfe_file(name).open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    files = [dfe_file(f) for f in FILES]
    db = tmp_path_factory.mktemp("dfe") / "warehouse.duckdb"
    return load_comparators(files, db), db


def test_every_file_is_recognised_and_its_rows_add_up(loaded):
    result, db = loaded
    assert result.published and len(result.files) == len(FILES)
    for f in result.files:
        assert f.status == "loaded", f.message
        assert f.table == FILES[f.file]
        assert f.rows_read == f.rows_loaded + f.rows_quarantined, f.message
        stored = q(db, f"SELECT count(*) FROM {f.table} WHERE _source_file = ?", [f.file])
        assert stored[0][0] == f.rows_loaded
        audit = q(db, "SELECT rows_read, rows_loaded FROM file_audit WHERE file = ?", [f.file])
        assert audit == [(f.rows_read, f.rows_loaded)]
    by = {f.file: f for f in result.files}
    # every data row of each DfE table (its line count less the header)
    for name in FILES:
        if name.startswith("New_"):
            continue
        assert by[name].rows_read == len(csv_rows(name)), name
    # the groupings: 152 current councils and 4 since reorganised, after "Old SNs:"
    groupings = by["New_Statistical_Neighbour_Groupings_April_2021.csv"]
    assert groupings.rows_read == 156 and "'Old SNs:'" in groupings.message
    assert q(db, "SELECT section, count(*) FROM comparator_dfe_neighbours GROUP BY 1 "
                 "ORDER BY 1") == [("current", 152), ("old", 4)]
    # England's and the regions' rows are kept
    assert q(db, "SELECT DISTINCT geographic_level FROM comparator_dfe_stability ORDER BY 1"
             ) == [("Local authority",), ("National",), ("Regional",)]


def test_published_values_read_back_exactly(loaded):
    """Looked up by hand in the CSVs (2025 rows of Barnsley, old_la_code 370)."""
    _, db = loaded
    # la_cla_placement_stability.csv line 337: CLA on 31 March, 3 or more placements, 50, 14
    assert q(db, """SELECT children_count, children_percent FROM comparator_dfe_stability
                    WHERE old_la_code = '370' AND time_period = 2025
                      AND cla_group = 'CLA on 31 March'
                      AND placement_stability = 'With 3 or more placements during the year'
                 """) == [(50, 14.0)]
    # cla_number_and_rate_per_10k_children.csv line 168: 51799 children, 366 looked after, 71
    assert q(db, """SELECT population_estimate, children_count, rate_per_10000
                    FROM comparator_dfe_cla WHERE old_la_code = '370' AND time_period = 2025
                      AND population_type = 'Children looked after on 31 March each year'
                 """) == [(51799, 366, 71.0)]
    # la_care_leavers_activity.csv line 1343: 19 to 21, in EET, 65 (64%)
    assert q(db, """SELECT care_leaver_count, care_leaver_percent
                    FROM comparator_dfe_care_leavers WHERE old_la_code = '370'
                      AND time_period = 2025 AND care_leaver_age = '19 to 21 years'
                      AND breakdown = 'Total in education, employment or training'
                 """) == [(65, 64.0)]
    # the groupings, line 57: Barnsley's closest neighbour Redcar and Cleveland (807)
    assert q(db, "SELECT sn1, snp1, sn10, snp10 FROM comparator_dfe_neighbours "
                 "WHERE la_number = '370'") == [("807", "Extremely Close", "357", "Very Close")]


def test_suppressed_cells_are_missing_with_their_marker(loaded):
    """d5 line 50: Barnsley 2025, 264 plans, the 1-2 years and 2 years or more bands `c`."""
    _, db = loaded
    assert q(db, """SELECT cpp_at31, years_1_to_2, years_1_to_2_marker, years_2_or_more,
                           years_2_or_more_percent, years_2_or_more_percent_marker,
                           months_3_or_less_marker
                    FROM comparator_dfe_cpp WHERE old_la_code = '370' AND time_period = 2025
                 """) == [(264, None, "c", None, None, "c", None)]
    # every marker in the file, column by column, is a NULL with that marker: none a zero
    rows = csv_rows("la_care_leavers_activity.csv")
    for col in ("care_leaver_count", "care_leaver_percent"):
        expected = {}
        for r in rows:
            if r[col] in ("c", "k", "z", "x", "u", "low"):
                expected[r[col]] = expected.get(r[col], 0) + 1
        found = dict(q(db, f"""SELECT {col}_marker, count(*) FROM comparator_dfe_care_leavers
                              WHERE _source_file = 'la_care_leavers_activity.csv'
                                AND {col} IS NULL GROUP BY 1"""))
        assert found == expected and "c" in found, col
    assert "k" in expected                       # "k": rounds to zero, read as missing
    assert q(db, "SELECT count(*) FROM comparator_dfe_care_leavers WHERE "
                 "care_leaver_percent IS NOT NULL AND care_leaver_percent_marker IS NOT NULL"
             ) == [(0,)]


def test_a_dfe_table_it_does_not_compare_is_refused_by_name(tmp_path):
    path = tmp_path / "b1.csv"
    path.write_text("time_period,time_identifier,geographic_level,country_code,country_name,"
                    "region_code,region_name,old_la_code,new_la_code,la_name,category,"
                    "Anypoint_child\n2025,Reporting year,National,E92000001,England,,,,,,"
                    "Children in Need,704430\n", encoding="utf-8")
    refused = read_comparator(path)
    assert isinstance(refused, Refusal)
    assert "is a DfE statistics table, but not one this tool compares" in refused.message
    assert "category, Anypoint_child" in refused.message


def test_a_bad_cell_is_quarantined_not_guessed(tmp_path):
    lines = dfe_file("la_cla_placement_stability.csv").read_text(
        encoding="utf-8-sig").splitlines(keepends=True)[:8]
    lines[3] = lines[3].rsplit(",", 1)[0] + ",fourteen\n"        # a percentage in words
    lines[4] = lines[4].replace("National", "Ward", 1)           # not a DfE level
    path = tmp_path / "stability.csv"
    path.write_text("".join(lines), encoding="utf-8")
    table = read_comparator(path)
    assert table.rows_read == 7 and table.rows_quarantined == 2 and table.rows_loaded == 5
    rules = {i.row: i.rule for i in table.issues}
    assert rules[3].startswith("children_percent must be a number (or blank, or one of the "
                               "publisher's markers: ")
    assert rules[4] == ("geographic_level must be one of: 'National', 'Regional', "
                        "'Local authority'")


def test_the_neighbours_median_by_hand(loaded):
    """Barnsley 2025, three or more placements in the year: the median of its ten
    neighbours' published percentages, from the CSV with plain Python."""
    _, db = loaded
    groupings = list(csv.reader(dfe_file(
        "New_Statistical_Neighbour_Groupings_April_2021.csv").open(encoding="utf-8-sig")))
    barnsley = next(r for r in groupings if r[1] == "Barnsley")
    codes = [barnsley[5 + 2 * i] for i in range(10)]
    values, england_value = [], None
    for r in csv_rows("la_cla_placement_stability.csv"):
        if (r["time_period"], r["cla_group"], r["placement_stability"]) != (
                "2025", "CLA on 31 March", "With 3 or more placements during the year"):
            continue
        if r["geographic_level"] == "National":
            england_value = float(r["children_percent"])
        if r["old_la_code"] in codes and r["children_percent"] not in ("c", "x", "z", "k"):
            values.append(float(r["children_percent"]))
        if r["old_la_code"] == "370":
            mine = float(r["children_percent"])
    by_hand = statistics.median(values)
    c = england.comparison(Warehouse(db), "Barnsley", "placements_3plus")
    last = c.years.iloc[-1]
    assert last["period"] == "2024-25"
    assert (last["council"], last["median"], last["published"], last["england"]) == (
        mine, by_hand, len(values), england_value)
    assert (mine, by_hand, len(values), england_value) == (14.0, 9.0, 10, 10.0)
    better = sum(v < mine for v in values)                # lower is better
    assert last["rank"] == better + 1 and last["ranked"] == 11
    assert c.sentence.startswith(
        "In 2024-25, 14% of Barnsley's looked-after children had three or more placements; "
        "its ten statistical neighbours' median was 9% (all ten published) and England's "
        "10%. Lower is better.")


def test_a_suppressed_council_figure_is_said_missing_and_left_unranked(loaded):
    """d5: Barnsley's 2025 share of plans lasting 2 years or more is `c`; five of its ten
    neighbours' are published."""
    _, db = loaded
    c = england.comparison(Warehouse(db), "E08000016", "cpp_2_years")   # by new_la_code
    last = c.years.iloc[-1]
    assert last["council_marker"] == "c" and str(last["council"]) in ("None", "nan")
    assert "Barnsley's figure was not published (c: suppressed" in c.sentence
    assert "(five of ten published)" in c.sentence and "ranks" not in c.sentence
