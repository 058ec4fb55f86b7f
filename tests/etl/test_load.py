"""Load semantics: reloads, corrections, conflicts, keys, exit codes, the report."""

import json

import duckdb
import pytest

from cli.main import main
from etl.load import LoadError
from etl.report import latest_load
from tests.factories import BASELINE, rows, sha, write_baseline, write_csv
from tests.factories import q as query


def test_loading_the_same_files_again_changes_nothing(tmp_path, load):
    folder = write_baseline(tmp_path / "in")
    db = tmp_path / "warehouse.duckdb"
    load(folder)
    before = sha(db)
    again = load(folder)
    assert {f.status for f in again.files} == {"unchanged"}
    assert not again.published and again.exit_code == 0 and sha(db) == before


def test_a_corrected_file_with_the_same_name_replaces_what_it_loaded(tmp_path, load):
    folder = write_baseline(tmp_path / "in")
    db = tmp_path / "warehouse.duckdb"
    load(folder)
    kids = rows("children")
    kids[0]["locality"] = "Rutherglen & Cambuslang"
    write_csv(folder / "children.csv", kids[:2])                 # C003 dropped, C001 moved
    result = load(folder)
    [f] = [x for x in result.files if x.file == "children.csv"]
    assert f.status == "loaded" and f.rows_loaded == 2
    assert {x.status for x in result.files if x.file != "children.csv"} == {"unchanged"}
    assert query(db, "SELECT count(*) FROM children")[0][0] == 2
    assert query(db, "SELECT count(*) FROM children WHERE locality LIKE 'Rutherglen%'")[0][0] == 1


def test_when_two_files_hold_one_record_the_later_file_wins_and_says_so(tmp_path, load):
    folder = write_baseline(tmp_path / "in")
    db = tmp_path / "warehouse.duckdb"
    load(folder)
    update = [dict(rows("children")[0], locality="Clydesdale")]
    write_csv(tmp_path / "children_update.csv", update)
    result = load(tmp_path / "children_update.csv")
    [f] = result.files
    assert "1 record(s) replaced those loaded from children.csv" in f.message
    assert f.rows_replaced == 1
    assert query(db, "SELECT count(*), count(*) FILTER (WHERE locality = 'Clydesdale') "
                     "FROM children") == [(3, 2)]


def test_rows_read_equal_loaded_plus_quarantined_in_the_audit(tmp_path, load):
    folder = write_baseline(tmp_path / "in", children=rows("children") + [
        dict(BASELINE["children"][0], child_id="C9", locality="Paris")])
    load(folder)
    audit = query(tmp_path / "warehouse.duckdb",
                  "SELECT rows_read, rows_loaded, rows_quarantined FROM file_audit")
    assert audit and all(r == l + q for r, l, q in audit)


def test_no_raw_identifier_or_full_birth_date_reaches_the_warehouse(tmp_path, load):
    load(write_baseline(tmp_path / "in"))
    db = tmp_path / "warehouse.duckdb"
    raw_ids = {r[k] for t in BASELINE.values() for r in t for k in
               ("child_id", "episode_id", "registration_id", "feedback_id") if r.get(k)}
    con = duckdb.connect(str(db), read_only=True)
    for (table,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall():
        for (col,) in con.execute("SELECT column_name FROM duckdb_columns() WHERE table_name = ? "
                                  "AND data_type = 'VARCHAR'", [table]).fetchall():
            values = {v for (v,) in con.execute(f'SELECT DISTINCT "{col}" FROM {table}').fetchall()}
            assert not values & raw_ids, (table, col)
    assert con.execute("SELECT count(*) FROM children WHERE day(date_of_birth) <> 1").fetchone()[0] == 0
    assert set(con.execute("SELECT DISTINCT ethnicity FROM children").fetchall()) <= {
        ("White Scottish",), ("White other",), ("Not known",)}


def test_contact_details_are_struck_out_of_childrens_words(tmp_path, load):
    fb = rows("feedback")
    fb[0]["comment"] = "ring me on 07700 900123 or mail amy.b@example.com"
    load(write_baseline(tmp_path / "in", feedback=fb))
    [(text,)] = query(tmp_path / "warehouse.duckdb",
                      "SELECT comment FROM feedback WHERE comment LIKE 'ring%'")
    assert text == "ring me on [phone] or mail [email]"


def test_a_load_without_a_key_is_refused(tmp_path, load, monkeypatch, settings):
    monkeypatch.delenv(settings.key_env, raising=False)
    with pytest.raises(LoadError, match="no pseudonymisation key"):
        load(write_baseline(tmp_path / "in"), demo=False)


def test_a_load_with_another_key_is_refused_and_publishes_nothing(tmp_path, load, monkeypatch,
                                                                  settings):
    folder = write_baseline(tmp_path / "in")
    db = tmp_path / "warehouse.duckdb"
    monkeypatch.setenv(settings.key_env, "first-key")
    load(folder, demo=False)
    before = sha(db)
    monkeypatch.setenv(settings.key_env, "second-key")
    write_csv(folder / "targets.csv", [dict(rows("targets")[0], target="70")])
    with pytest.raises(LoadError, match="different pseudonymisation key"):
        load(folder, demo=False)
    assert sha(db) == before
    assert not list(tmp_path.glob("warehouse.duckdb.tmp-*"))


def test_exit_codes_and_report_json(tmp_path, capsys):
    folder = write_baseline(tmp_path / "in")
    db = str(tmp_path / "w.duckdb")
    assert main(["load", str(folder), "--db", db, "--demo"]) == 0
    write_csv(folder / "targets.csv", [dict(rows("targets")[0], target="x")])
    assert main(["load", str(folder), "--db", db, "--demo"]) == 1
    (tmp_path / "junk.csv").write_text("nope\n1\n")
    assert main(["load", str(tmp_path / "junk.csv"), "--db", db, "--demo"]) == 2
    assert main(["load", str(tmp_path / "missing"), "--db", db, "--demo"]) == 2
    capsys.readouterr()
    assert main(["report", "--db", db, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert set(report) == {"files", "quarantine"}
    assert all(set(f) == {"file", "table", "status", "rows_read", "rows_loaded",
                          "rows_quarantined", "message"} for f in report["files"])
    [q] = report["quarantine"]
    assert q == {"file": "targets.csv", "table": "targets", "row": 1, "column": "target",
                 "rule": q["rule"], "values": {"target": "x"}} and "not a number" in q["rule"]
    assert main(["report", "--db", db]) == 0
    assert "targets.csv row 1" in capsys.readouterr().out


def test_report_on_a_missing_warehouse_says_what_to_do(tmp_path, capsys):
    assert main(["report", "--db", str(tmp_path / "none.duckdb")]) == 2
    assert "outcomes load" in capsys.readouterr().err


def test_latest_load_lists_only_the_newest_load(tmp_path, load):
    folder = write_baseline(tmp_path / "in")
    load(folder)
    write_csv(folder / "targets.csv", [dict(rows("targets")[0], target="55")])
    load(folder)
    report = latest_load(tmp_path / "warehouse.duckdb")
    assert report["load"]["load_id"] == 2
    assert [f["status"] for f in report["files"] if f["file"] == "targets.csv"] == ["loaded"]


def test_a_load_rebuilds_views_made_by_an_older_version(tmp_path, load):
    """After an upgrade the warehouse's views follow the new definitions at the next load,
    even when every file is unchanged."""
    from core.connection import connect
    from etl.warehouse import views_version
    from tests.factories import q, write_baseline
    files = write_baseline(tmp_path / "in")
    db = tmp_path / "w.duckdb"
    assert load(files, db=db).published
    assert not load(files, db=db).published                  # nothing new: nothing to do
    con = connect(db)
    con.execute("UPDATE warehouse_info SET value = 'older' WHERE key = 'views_version'")
    con.execute("DROP TABLE ind_lac_count")
    con.execute("CHECKPOINT")
    con.close()
    again = load(files, db=db)
    assert again.published and {f.status for f in again.files} == {"unchanged"}
    assert q(db, "SELECT value FROM warehouse_info WHERE key = 'views_version'") == [
        (views_version(),)]
    assert q(db, "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'ind_lac_count'") \
        == [(1,)]


def test_a_load_adds_a_column_the_contract_gained_since(tmp_path, load):
    """A warehouse published before improvement_actions had status_note gains the column
    at its next load, even when every file is unchanged, and readers find it."""
    from core.connection import connect
    from tests.factories import q, write_baseline
    files = write_baseline(tmp_path / "in")
    db = tmp_path / "w.duckdb"
    assert load(files, db=db).published
    con = connect(db)
    con.execute("ALTER TABLE improvement_actions DROP COLUMN status_note")
    con.execute("UPDATE warehouse_info SET value = 'older' WHERE key = 'views_version'")
    con.execute("CHECKPOINT")
    con.close()
    assert load(files, db=db).published
    assert q(db, "SELECT count(*) FROM duckdb_columns() WHERE table_name = "
                 "'improvement_actions' AND column_name = 'status_note'") == [(1,)]
