"""Published comparator readers and loads against the publishers' real files in ../shared/real-data."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from cli.main import main
from etl.comparators.load import load_comparators
from etl.comparators.readers import read_comparator
from etl.readers import Refusal
from tests.conftest import REAL_DATA, real_data
from tests.factories import q, sha

FOLDERS = ("lgbf", "scotpho", "care-inspectorate")
LAC = ("lgbf", "lgbf_looked_after_children_tidy.csv")
LONG = ("lgbf", "lgbf_CHN_indicators_long_2010-11_to_2020-21.csv")
BOOK = ("lgbf", "new_bnch_data_Jan22.xlsx")
SCOTPHO = ("scotpho", "scotpho_children_subset.csv")
SERVICES = ("care-inspectorate", "datastore_2026-05-31_children_services.csv")
GRADES = ("care-inspectorate", "inspection_series_children_services.csv")
GRADE_COLUMNS = {
    "comparator_care_services": ("kq_support_wellbeing", "kq_care_and_support_planning",
                            "kq_setting", "kq_staff_team", "kq_leadership", "min_grade",
                            "max_grade"),
    "comparator_care_grades": ("kq_support_wellbeing", "kq_care_and_support_planning",
                          "kq_setting", "kq_staff_team", "kq_leadership", "kq_covid19",
                          "kq_cyp_wellbeing", "quality_of_care_and_support",
                          "quality_of_environment", "quality_of_staffing",
                          "quality_of_mgmt_and_lship")}




@pytest.fixture(scope="module")
def real(tmp_path_factory):
    """Every real comparator file loaded once into one warehouse."""
    if not REAL_DATA.exists():
        pytest.skip(f"real data not found at {REAL_DATA} (../shared/real-data is absent)")
    files = [f for d in FOLDERS for f in sorted(real_data(d).iterdir()) if f.is_file()]
    db = tmp_path_factory.mktemp("comparators") / "warehouse.duckdb"
    return load_comparators(files, db), db


def lines(*parts: str, n: int = 30) -> list[str]:
    return real_data(*parts).read_text(encoding="utf-8-sig").splitlines(keepends=True)[:n]


# --- the real files -------------------------------------------------------------------

def test_every_real_file_loads_and_rows_add_up(real):
    result, db = real
    assert result.published and len(result.files) == 7
    for f in result.files:
        assert f.status in ("loaded", "quarantined"), f.message
        assert f.rows_read == f.rows_loaded + f.rows_quarantined, f.message
        assert f.rows_loaded > 0
        stored = q(db, "SELECT sum(rows_loaded) FROM file_audit WHERE file = ?", [f.file])[0][0]
        assert stored == f.rows_loaded
    by = {f.file: f for f in result.files}
    assert by[LAC[1]].status == "loaded"
    assert by[SERVICES[1]].status == by[GRADES[1]].status == "loaded"
    counts = dict(q(db, "SELECT _source_file, count(*) FROM comparator_lgbf GROUP BY 1"))
    assert counts[LONG[1]] == by[LONG[1]].rows_loaded
    assert counts[BOOK[1]] == by[BOOK[1]].rows_loaded
    audit = q(db, "SELECT files, rows_read, rows_loaded + rows_quarantined FROM load_audit")
    assert audit == [(7, sum(f.rows_read for f in result.files),
                      sum(f.rows_read for f in result.files))]
    assert q(db, "SELECT count(*) FROM dq_completeness")[0][0] > 0      # views were built


def test_south_lanarkshire_2019_20_published_values(real):
    _, db = real
    row = q(db, """SELECT n_lac_community, n_lac_residential, chn9_pct_lac_in_community,
                   chn22_pct_cp_reregistrations_18m, chn23_pct_lac_more_than_one_placement
                   FROM comparator_lgbf_lac WHERE council = 'South Lanarkshire' AND year = '2019-20'""")
    assert len(row) == 1
    community, residential, chn9, chn22, chn23 = row[0]
    assert (community, residential) == (711, 75)
    assert (round(chn9, 1), round(chn22, 1), round(chn23, 1)) == (90.5, 5.7, 12.0)
    for source in (LONG[1], BOOK[1]):
        got = dict(q(db, """SELECT indicator, round(value, 1) FROM comparator_lgbf
                            WHERE council = 'South Lanarkshire' AND year = '2019-20'
                            AND indicator IN ('CHN9', 'CHN22', 'CHN23') AND _source_file = ?""",
                     [source]))
        assert got == {"CHN9": 90.5, "CHN22": 5.7, "CHN23": 12.0}, source


def test_dna_becomes_null_not_zero(real):
    _, db = real
    row = q(db, """SELECT n_lac_community, chn9_pct_lac_in_community, gross_cost_community_k
                   FROM comparator_lgbf_lac WHERE council = 'South Lanarkshire'
                   AND year = '2020-21'""")
    assert row == [(None, None, 9561.0)]
    book = q(db, """SELECT value FROM comparator_lgbf WHERE _source_file = ? AND indicator = 'CHN9'
                    AND year = '2020-21' AND council = 'South Lanarkshire'""", [BOOK[1]])
    assert book == [(None,)]
    assert q(db, "SELECT count(*) FROM comparator_lgbf_lac WHERE n_lac_community = 0")[0][0] == 0


def test_workbook_cached_values_match_the_long_csv(real):
    _, db = real
    diff = q(db, """SELECT count(*), count(*) FILTER (WHERE abs(b.value - l.value) > 1e-6)
                    FROM comparator_lgbf b JOIN comparator_lgbf l USING (council, year, indicator)
                    WHERE b._source_file = ? AND l._source_file = ?
                    AND b.value IS NOT NULL AND l.value IS NOT NULL""", [BOOK[1], LONG[1]])
    assert diff[0][0] > 1000 and diff[0][1] == 0
    assert q(db, "SELECT DISTINCT source FROM comparator_lgbf WHERE _source_file = ?",
             [BOOK[1]]) == [("LGBF workbook (cached values)",)]


def test_south_lanarkshire_family_group(real):
    _, db = real
    group = q(db, """SELECT DISTINCT family_group FROM comparator_lgbf WHERE council =
                     'South Lanarkshire' AND _source_file = ? AND indicator LIKE 'CHN%'""",
              [LONG[1]])
    assert group == [(3,)]
    members = {r[0] for r in q(db, """SELECT DISTINCT council FROM comparator_lgbf
                                      WHERE family_group = 3 AND _source_file = ?""", [LONG[1]])}
    assert members == {"South Lanarkshire", "Clackmannanshire", "Dumfries & Galloway", "Falkirk",
                       "Fife", "Renfrewshire", "South Ayrshire", "West Lothian"}


def test_scotpho_values_for_one_area_as_in_the_file(real):
    _, db = real
    with real_data(*SCOTPHO).open(encoding="utf-8") as fh:
        expected = [r for r in csv.DictReader(fh) if r["area_name"] == "South Lanarkshire"]
    assert expected
    got = q(db, """SELECT indicator, year, measure, numerator, lower_confidence_interval,
                   upper_confidence_interval FROM comparator_scotpho
                   WHERE area_name = 'South Lanarkshire' AND _source_file = ?""", [SCOTPHO[1]])
    index = {(g[0], g[1]): g for g in got}
    num = lambda v: None if v in ("", "NA") else float(v)
    checked = 0
    for r in expected:
        key = (r["indicator"], int(r["year"]))
        if key not in index:            # quarantined rows are in the quarantine table
            continue
        g = index[key]
        assert (g[2], g[3], g[4], g[5]) == (num(r["measure"]), num(r["numerator"]),
                                            num(r["lower_confidence_interval"]),
                                            num(r["upper_confidence_interval"]))
        checked += 1
    assert checked >= len(expected) - 2
    area = q(db, "SELECT DISTINCT area_code FROM comparator_scotpho WHERE area_name = "
                 "'South Lanarkshire'")
    assert area == [("S12000029",)]


def test_care_inspectorate_grades_are_1_to_6(real):
    _, db = real
    for table, cols in GRADE_COLUMNS.items():
        for col in cols:
            lo, hi = q(db, f"SELECT min({col}), max({col}) FROM {table}")[0]
            assert lo is None or (1 <= lo <= hi <= 6), (table, col)
        assert q(db, f"SELECT count(*) FROM {table} WHERE council IS NULL OR council = ''"
                 )[0][0] == 0
    assert q(db, "SELECT count(*) FROM comparator_care_grades")[0][0] == 2457


# --- malformed copies -------------------------------------------------------------------

def _write(path: Path, text_lines: list[str]) -> Path:
    path.write_text("".join(text_lines), encoding="utf-8")
    return path


def _replace_field(line: str, index: int, value: str) -> str:
    fields = next(csv.reader([line]))
    fields[index] = value
    out = []
    for f in fields:
        out.append(f'"{f}"' if ("," in f or '"' in f) else f)
    return ",".join(out) + "\n"


@pytest.mark.parametrize("parts", [LONG, LAC, SCOTPHO, SERVICES, GRADES])
def test_truncated_mid_row_is_quarantined(parts, tmp_path):
    head = lines(*parts, n=12)
    text = head[:-1] + [head[-1][: len(head[-1]) // 3]]        # the last line cut short
    result = load_comparators([_write(tmp_path / parts[1], text)], tmp_path / "w.duckdb")
    f = result.files[0]
    assert f.status == "quarantined", f.message
    assert (f.rows_read, f.rows_quarantined, f.rows_loaded) == (11, 1, 10)
    rows = q(tmp_path / "w.duckdb", "SELECT \"row\", column_name, rule FROM quarantine")
    assert rows[0][0] == 11 and "truncated" in rows[0][2]
    assert result.exit_code == 1


@pytest.mark.parametrize("parts,column", [(SERVICES, "KQ_Setting"), (GRADES, "KQ_Leadership")])
def test_grade_of_9_is_quarantined(parts, column, tmp_path):
    head = lines(*parts, n=6)
    index = next(csv.reader([head[0]])).index(column)
    head[3] = _replace_field(head[3], index, "9")
    result = load_comparators([_write(tmp_path / parts[1], head)], tmp_path / "w.duckdb")
    assert result.files[0].status == "quarantined"
    rule = q(tmp_path / "w.duckdb", "SELECT \"row\", rule, \"values\" FROM quarantine")
    assert rule[0][0] == 3 and "at most 6" in rule[0][1] and "9" in rule[0][2]


@pytest.mark.parametrize("parts,column", [(LONG, "Value"), (LAC, "n_lac_community"),
                                          (SCOTPHO, "measure")])
def test_non_numeric_value_is_quarantined_but_dna_is_not(parts, column, tmp_path):
    head = lines(*parts, n=8)
    index = next(csv.reader([head[0]])).index(column)
    head[2] = _replace_field(head[2], index, "ten")
    head[4] = _replace_field(head[4], index, "dna")
    path = _write(tmp_path / parts[1], head)
    result = load_comparators([path], tmp_path / "w.duckdb")
    f = result.files[0]
    assert (f.status, f.rows_read, f.rows_loaded, f.rows_quarantined) == ("quarantined", 7, 6, 1)
    rows = q(tmp_path / "w.duckdb", "SELECT \"row\", rule FROM quarantine")
    assert rows[0][0] == 2 and "must be a" in rows[0][1] and "number" in rows[0][1]
    table, col = {LONG: ("comparator_lgbf", "value"), LAC: ("comparator_lgbf_lac", "n_lac_community"),
                  SCOTPHO: ("comparator_scotpho", "measure")}[parts]
    assert q(tmp_path / "w.duckdb", f"SELECT {col} FROM {table} WHERE _source_row = 4") == [
        (None,)]


def test_scotpho_ci_rule(tmp_path):
    head = lines(*SCOTPHO, n=5)
    fields = next(csv.reader([head[0]]))
    head[1] = _replace_field(head[1], fields.index("lower_confidence_interval"), "99999")
    result = load_comparators([_write(tmp_path / "s.csv", head)], tmp_path / "w.duckdb")
    assert result.files[0].rows_quarantined == 1
    assert "lower <= measure <= upper" in q(tmp_path / "w.duckdb",
                                            "SELECT rule FROM quarantine")[0][0]


def test_wrong_header_is_refused_and_warehouse_unchanged(tmp_path):
    db = tmp_path / "w.duckdb"
    good = _write(tmp_path / "lac.csv", lines(*LAC, n=5))
    assert load_comparators([good], db).exit_code == 0
    before = sha(db)
    bad = lines(*SCOTPHO, n=5)
    bad[0] = bad[0].replace("area_code", "area_kode")
    wrong = _write(tmp_path / "scotpho.csv", bad)
    other = _write(tmp_path / "children.csv", ["child_id,date_of_birth\n", "A1,2010-01-01\n"])
    result = load_comparators([wrong, other], db)
    assert [f.status for f in result.files] == ["refused", "refused"]
    assert "not a published comparator file this tool recognises" in result.files[0].message
    assert not result.published and result.exit_code == 2
    assert sha(db) == before
    assert not list(tmp_path.glob("w.duckdb.tmp-*"))
    assert main(["comparators", "load", str(wrong), "--db", str(db)]) == 2
    assert sha(db) == before


def test_workbook_malformed_copies(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    real_data(*BOOK)
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Raw Data"
    ws.append(["Local Authority", "CHN9 2019-20", "n", "d", "CHN23 2019-20"])
    ws.append(["Fife", 90.1, 1, 2, "dna"])
    ws.append(["Angus", "ninety", 1, 2, 12.5])
    ws.append(["Moray", 120.0, 1, 2, 3.0])
    good = tmp_path / "lgbf.xlsx"
    book.save(good)
    db = tmp_path / "w.duckdb"
    result = load_comparators([good], db)
    f = result.files[0]
    assert (f.status, f.rows_read, f.rows_loaded, f.rows_quarantined) == ("quarantined", 6, 4, 2)
    issues = q(db, "SELECT \"row\", column_name, rule FROM quarantine ORDER BY 1")
    assert issues[0][:2] == (2, "CHN9 2019-20") and "number" in issues[0][2]
    assert issues[1][:2] == (3, "CHN9 2019-20") and "between 0 and 100" in issues[1][2]
    assert q(db, "SELECT value FROM comparator_lgbf WHERE council = 'Fife' AND indicator = 'CHN23'"
             ) == [(None,)]
    before = sha(db)
    other = openpyxl.Workbook()
    other.active.title = "Something"
    wrong = tmp_path / "other.xlsx"
    other.save(wrong)
    refused = load_comparators([wrong], db)
    assert refused.files[0].status == "refused" and "no 'Raw Data' sheet" in \
        refused.files[0].message
    assert sha(db) == before


# --- loads -------------------------------------------------------------------------------

def test_format_from_header_not_name_and_reload_replaces(tmp_path):
    db = tmp_path / "w.duckdb"
    path = _write(tmp_path / "lgbf_looks_like_lgbf.csv", lines(*SCOTPHO, n=11))
    item = read_comparator(path)
    assert not isinstance(item, Refusal) and item.table == "comparator_scotpho"
    assert load_comparators([path], db).files[0].rows_loaded == 10
    again = load_comparators([path], db)
    assert again.files[0].status == "unchanged" and not again.published
    _write(path, lines(*SCOTPHO, n=6))
    third = load_comparators([path], db)
    assert third.files[0].rows_replaced == 10
    assert q(db, "SELECT count(*) FROM comparator_scotpho")[0][0] == 5
    assert q(db, "SELECT count(*) FROM load_audit")[0][0] == 2


def test_cli_and_demo_warehouse(tiny_db, tmp_path, capsys):
    db = tmp_path / "demo.duckdb"
    shutil.copyfile(tiny_db, db)
    children = q(db, "SELECT count(*) FROM children")[0][0]
    path = _write(tmp_path / "lac.csv", lines(*LAC, n=20))
    assert main(["comparators", "load", str(path), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "[loaded] lac.csv: 19 rows read, 19 loaded, 0 quarantined" in out
    assert q(db, "SELECT count(*) FROM comparator_lgbf_lac")[0][0] == 19
    assert q(db, "SELECT count(*) FROM children")[0][0] == children
    assert q(db, "SELECT value FROM warehouse_info WHERE key = 'demo'") == [("true",)]
    bad = lines(*LAC, n=5)
    bad[2] = _replace_field(bad[2], 2, "many")
    path2 = _write(tmp_path / "lac2.csv", bad)
    assert main(["comparators", "load", str(path2), "--db", str(db)]) == 1
    assert "[quarantined]" in capsys.readouterr().out


def test_workbook_raw_data_holds_formulas_whose_cached_values_we_read():
    """The Raw Data sheet is formulas; the reader takes the values Excel cached with them."""
    import re
    import zipfile

    with zipfile.ZipFile(real_data(*BOOK)) as z:
        sheets = re.findall(r'<sheet name="([^"]+)"[^>]*r:id="rId(\d+)"',
                            z.read("xl/workbook.xml").decode())
        assert "Raw Data" in dict(sheets)
        xml = z.read("xl/worksheets/sheet4.xml").decode()
    assert xml.count("<f>") > 10000 and xml.count("<v>") > xml.count("<f>")
    item = read_comparator(real_data(*BOOK))
    assert not isinstance(item, Refusal) and item.format == "lgbf_workbook"
    assert "cached formula values" in item.notes[0]


# --- a warehouse published before the tables were called comparator_* -----------------

OLD_NAMES = {"comparator_lgbf": "bench_lgbf", "comparator_lgbf_lac": "bench_lgbf_lac",
             "comparator_scotpho": "bench_scotpho",
             "comparator_care_services": "bench_care_services",
             "comparator_care_grades": "bench_care_grades"}
# the DfE tables came after the rename: never called bench_*, created by every load
NEWER = {"comparator_dfe_neighbours", "comparator_dfe_cla", "comparator_dfe_care_leavers",
         "comparator_dfe_stability", "comparator_dfe_cpp"}


def _make_old(db: Path, keep: tuple[str, ...] = ()) -> None:
    """Give a warehouse the old table names, as published before the rename (the tables in
    `keep` are copied to their old name instead, so both names exist)."""
    from core.connection import connect
    con = connect(db)
    try:
        for new, old in OLD_NAMES.items():
            if new in keep:
                con.execute(f"CREATE TABLE {old} AS SELECT * FROM {new}")
                continue
            con.execute(f"ALTER TABLE {new} RENAME TO {old}")
            for audit in ("file_audit", "quarantine"):
                con.execute(f"UPDATE {audit} SET table_name = ? WHERE table_name = ?",
                            [old, new])
        con.execute("CHECKPOINT")
    finally:
        con.close()


def _tables(db: Path, prefix: str) -> set[str]:
    return {r[0] for r in q(db, "SELECT table_name FROM duckdb_tables() "
                                "WHERE starts_with(table_name, ?)", [prefix])}


def test_old_bench_tables_are_renamed_by_the_next_load(tmp_path):
    db = tmp_path / "w.duckdb"
    bad = lines(*LAC, n=8)
    bad[2] = _replace_field(bad[2], 2, "many")
    lac = _write(tmp_path / "lac.csv", bad)
    assert load_comparators([lac], db).files[0].rows_quarantined == 1
    _make_old(db)
    assert _tables(db, "comparator_") == NEWER and len(_tables(db, "bench_")) == 5
    result = load_comparators([_write(tmp_path / "s.csv", lines(*SCOTPHO, n=6))], db)
    assert result.published and result.files[0].status == "loaded"
    assert _tables(db, "bench_") == set() and _tables(db, "comparator_") == set(OLD_NAMES) | NEWER
    assert q(db, "SELECT count(*) FROM comparator_lgbf_lac")[0][0] == 6      # nothing lost
    assert q(db, "SELECT count(*) FROM comparator_scotpho")[0][0] == 5
    assert q(db, "SELECT DISTINCT table_name FROM quarantine ORDER BY 1") == [
        ("comparator_lgbf_lac",)]
    assert {r[0] for r in q(db, "SELECT table_name FROM file_audit")} == {
        "comparator_lgbf_lac", "comparator_scotpho"}
    # the file loaded before under its old table name is still known: unchanged
    again = load_comparators([lac], db)
    assert again.files[0].status == "unchanged" and not again.published


def test_old_tables_are_renamed_even_when_every_file_is_unchanged(tmp_path):
    db = tmp_path / "w.duckdb"
    lac = _write(tmp_path / "lac.csv", lines(*LAC, n=5))
    load_comparators([lac], db)
    _make_old(db)
    result = load_comparators([lac], db)
    assert result.files[0].status == "unchanged" and result.exit_code == 0
    assert _tables(db, "bench_") == set()
    assert q(db, "SELECT count(*) FROM comparator_lgbf_lac")[0][0] == 4
    # but a load whose every file is refused publishes nothing, renamed or not
    _make_old(db)
    before = sha(db)
    wrong = _write(tmp_path / "other.csv", ["child_id,date_of_birth\n", "A1,2010-01-01\n"])
    assert load_comparators([wrong], db).exit_code == 2
    assert sha(db) == before


def test_a_partner_load_renames_the_old_tables_too(tmp_path, load):
    from tests.factories import write_baseline
    db = tmp_path / "w.duckdb"
    load_comparators([_write(tmp_path / "lac.csv", lines(*LAC, n=5))], db)
    _make_old(db)
    assert load(write_baseline(tmp_path / "files"), db=db).published
    assert _tables(db, "bench_") == set()
    assert q(db, "SELECT count(*) FROM comparator_lgbf_lac")[0][0] == 4


def test_an_old_table_is_left_alone_where_the_new_one_exists(tmp_path):
    db = tmp_path / "w.duckdb"
    load_comparators([_write(tmp_path / "lac.csv", lines(*LAC, n=5))], db)
    _make_old(db, keep=("comparator_lgbf_lac",))
    load_comparators([_write(tmp_path / "s.csv", lines(*SCOTPHO, n=4))], db)
    assert _tables(db, "bench_") == {"bench_lgbf_lac"}
    assert q(db, "SELECT count(*) FROM comparator_lgbf_lac")[0][0] == 4


# --- the page's queries on the demo warehouse with the real comparators ------------------

def test_comparator_queries_on_the_compare_warehouse(compare_db):
    from core.rules import percent
    from outcomes.query import comparators
    from outcomes.query.db import Warehouse

    wh = Warehouse(compare_db)
    try:
        assert comparators.has_comparators(wh)
        assert comparators.loaded_tables(wh) == set(OLD_NAMES)
        assert {i.code for i in comparators.LGBF.values()} == {"CHN9", "CHN22", "CHN23"}
        assert comparators.LGBF["CHN9"].better == "higher"
        assert comparators.LGBF["CHN23"].better == "lower"
        assert comparators.LGBF["CHN22"].funnel_column is None
        for code in comparators.LGBF:
            own = comparators.own(wh, code, 5)
            assert list(own.columns) == ["year", "numerator", "denominator", "value"]
            assert len(own) >= 5 and own["year"].str.fullmatch(r"\d{4}-\d{2}").all()
            shown = own.dropna(subset=["numerator", "denominator", "value"])
            assert len(shown) and shown["value"].between(0, 100).all()
            assert shown["value"].tolist() == percent(shown["numerator"],
                                                      shown["denominator"]).tolist()
        chn9 = comparators.own(wh, "CHN9", 5).set_index("year")
        # everyone looked after on 31 July is CHN9's denominator for the year to that day
        n = comparators.looked_after_on(wh, 2025)
        assert n > 100 and n == chn9.at["2024-25", "denominator"]
        assert comparators.looked_after_on(wh, 1990) == 0
        table = comparators.summary_table(wh, "South Lanarkshire")
        assert table["Indicator"].str.startswith(("CHN9:", "CHN22:", "CHN23:", "Looked")).all()
        assert len(table) == 4
        chn23 = table[table["Indicator"].str.startswith("CHN23")].iloc[0]
        assert (chn23["Year"], chn23["South Lanarkshire"]) == ("2019-20", 12.0)
        # against the limits the page draws by default (allowing for over-dispersion)
        assert chn23["Against Scotland (funnel)"] == "within"
        assert comparators.lgbf_funnel_points(wh, "CHN22") is None
        assert comparators.lgbf_funnel_points(wh, "CHN9")[0] == "2019-20"
    finally:
        wh.close()
