"""England's SSDA903 return loaded as councils produce it (issue 15), checked against
figures computed here from the synthetic files with plain csv, not the code under test."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import shutil
from collections import defaultdict
from pathlib import Path

import pytest

from tests.conftest import real_data
from tests.factories import q

YEAR_END = dt.date(2018, 3, 31)          # the latest DECOM in the synthetic episodes
PLACEMENT_CHANGE = {"P", "T", "B", "U"}  # DfE RNE codes that are a change of placement


def day(s: str) -> dt.date | None:
    return dt.datetime.strptime(s, "%d/%m/%Y").date() if s else None


def rows(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / name).open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def write(path: Path, records: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(records[0]))
        w.writeheader()
        w.writerows(records)


@pytest.fixture
def england(settings):
    return dataclasses.replace(settings, country="england", localities=("Testshire",))


@pytest.fixture
def loaded(tmp_path, england):
    from etl.load import run_load
    folder = real_data("ssda903-synthetic")
    db = tmp_path / "wh.duckdb"
    return folder, db, run_load([folder], db, england, demo=True)


def clean_episodes(folder: Path) -> list[dict]:
    """The episodes that break none of the return's rules (148: a DEC without a REC; 385
    DEC after the year; overlaps of one child; an end before the start), worked out here
    by hand. A REC without a DEC is an open episode, loaded (the REC is not used)."""
    eps = rows(folder, "episodes.csv")
    bad = set()
    by_child = defaultdict(list)
    for i, e in enumerate(eps):
        start, end = day(e["DECOM"]), day(e["DEC"])
        if (e["DEC"] and not e["REC"]) or (end and end > YEAR_END) or (end and end < start):
            bad.add(i)
        by_child[e["CHILD"]].append((start, end or dt.date.max, i))
    for spans in by_child.values():
        latest = None
        for start, end, i in sorted(spans, key=lambda t: t[0]):
            if latest is not None and start < latest:
                bad.add(i)
            latest = end if latest is None else max(latest, end)
    return [e for i, e in enumerate(eps) if i not in bad]


def test_every_file_is_recognised_and_every_row_reconciles(loaded):
    _, db, result = loaded
    statuses = {f.file: f.status for f in result.files}
    assert {f for f, s in statuses.items() if s == "skipped"} == {
        "oc2.csv", "uasc.csv", "ad1.csv", "placed_for_adoption.csv", "previous_permanence.csv"}
    assert "refused" not in statuses.values()
    report = "\n".join(f"{f.file} [{f.table}] {f.status}: {f.message}" for f in result.files)
    for f in result.files:
        assert f.rows_read == f.rows_loaded + f.rows_quarantined, report
        if f.status == "skipped":
            assert "not used by this product" in f.message, report
    used = {(f.file, f.table): f.rows_read for f in result.files if f.table}
    folder = real_data("ssda903-synthetic")
    for (file, table), n in used.items():
        assert n == len(rows(folder, file)), (file, table, report)
    quarantined = dict(q(db, "SELECT table_name, count(DISTINCT row) FROM quarantine GROUP BY 1"))
    for f in result.files:
        if f.table:
            assert quarantined.get(f.table, 0) == f.rows_quarantined, report


def test_children_looked_after_at_31_march_match_a_hand_count(loaded):
    folder, db, _ = loaded
    eps = clean_episodes(folder)
    for at in (dt.date(2017, 3, 31), YEAR_END):
        expected = {e["CHILD"] for e in eps if day(e["DECOM"]) <= at
                    and (not e["DEC"] or day(e["DEC"]) > at) and e["LS"] not in ("V3", "V4")}
        got = q(db, "SELECT count(DISTINCT child_id) FROM looked_after_episodes WHERE "
                    "start_date <= ? AND coalesce(end_date, DATE '9999-12-31') > ? AND "
                    "legal_reason IS DISTINCT FROM 'short_breaks'", [at, at])[0][0]
        assert got == len(expected), (at, got, len(expected))
        fact = q(db, "SELECT count(*) FROM fact_looked_after WHERE period_end = ? "
                     "AND period_type = 'quarter'", [at])
        periods = q(db, "SELECT count(*) FROM periods WHERE period_end = ?", [at])[0][0]
        if periods:
            assert fact[0][0] == len(expected), (at, fact, len(expected))
    assert len({e["CHILD"] for e in eps if day(e["DECOM"]) <= dt.date(2017, 3, 31)
                and (not e["DEC"] or day(e["DEC"]) > dt.date(2017, 3, 31))}) > 100
    # the open episodes (REC coded, DEC blank) are loaded: children are looked after at the
    # end of the return's year, as many as the hand count says
    at_end = {e["CHILD"] for e in eps if day(e["DECOM"]) <= YEAR_END and not e["DEC"]
              and e["LS"] not in ("V3", "V4")}
    assert len(at_end) > 1000
    assert q(db, "SELECT count(*) FROM fact_looked_after WHERE period_end = ? AND "
                 "period_type = 'ssda903_year'", [YEAR_END])[0][0] == len(at_end)


def test_open_episodes_with_a_reason_ceased_are_loaded_open_and_said(loaded):
    folder, db, result = loaded
    eps = rows(folder, "episodes.csv")
    open_with_rec = [e for e in eps if not e["DEC"] and e["REC"]]
    assert len(open_with_rec) > 1000
    n = len(open_with_rec)
    [note] = [x for x in result.notes if "rule 148" in x]
    assert f"{n} SSDA903 episode(s) with REC but no DEC" in note and "open" in note
    [fr] = [f for f in result.files if f.table == "looked_after_episodes"]
    assert f"{n} open episode(s) have REC" in fr.message and "rule 148" in fr.message
    # none of them is quarantined for it, and none keeps a reason it ended
    rules = [r for (r,) in q(db, "SELECT rule FROM quarantine WHERE table_name = "
                                 "'looked_after_episodes'")]
    assert not [r for r in rules if "REC (reason episode ceased) is given" in r]
    assert q(db, "SELECT count(*) FROM looked_after_episodes WHERE end_date IS NULL "
                 "AND reason_ended IS NOT NULL")[0][0] == 0


def test_the_reason_for_each_new_episode_is_kept(loaded):
    folder, db, _ = loaded
    eps = rows(folder, "episodes.csv")
    got = q(db, "SELECT e._source_row, r.new_episode_reason FROM looked_after_episodes e "
                "JOIN new_episode_reasons r USING (episode_id)")
    assert len(got) == q(db, "SELECT count(*) FROM looked_after_episodes")[0][0] > 3000
    assert all(eps[row - 1]["RNE"] == rne for row, rne in got)


def test_placement_changes_in_the_year_match_a_hand_count(loaded):
    folder, db, _ = loaded
    start = dt.date(2017, 4, 1)
    eps = clean_episodes(folder)
    expected = sum(1 for e in eps if start <= day(e["DECOM"]) <= YEAR_END
                   and e["RNE"] in PLACEMENT_CHANGE)
    # each loaded episode keeps its 903 row: the warehouse's episodes starting in the year
    # that the file gives a placement-change RNE (read back through their source rows)
    all_eps = rows(folder, "episodes.csv")
    loaded_rows = [r for (r,) in q(db, "SELECT _source_row FROM looked_after_episodes "
                                       "WHERE start_date BETWEEN ? AND ?", [start, YEAR_END])]
    got = sum(1 for r in loaded_rows if all_eps[r - 1]["RNE"] in PLACEMENT_CHANGE)
    assert got == expected > 0


def test_care_leavers_in_touch_match_a_hand_count(loaded):
    folder, db, _ = loaded
    eps = rows(folder, "episodes.csv")       # the last episode as written, open or not
    last = {}
    for e in sorted(eps, key=lambda e: day(e["DECOM"])):
        last[e["CHILD"]] = e
    ceased = {c for c, e in last.items() if e["DEC"]}
    def in_year(dob):
        for age in range(17, 22):
            try:
                bday = dob.replace(year=dob.year + age)
            except ValueError:
                bday = dt.date(dob.year + age, 2, 28)
            if dt.date(2017, 4, 1) <= bday <= YEAR_END:
                return bday
    header_dob = {h["CHILD"]: day(h["DOB"]) for h in rows(folder, "header.csv")}
    cohort = []
    for r in rows(folder, "oc3.csv"):
        record = in_year(day(r["DOB"]))
        if (r["CHILD"] in ceased and record and r["ACCOM"] not in ("01", "02", "S1")
                and day(last[r["CHILD"]]["DEC"]) <= record
                and day(last[r["CHILD"]]["DEC"]) >= header_dob[r["CHILD"]].replace(
                    year=header_dob[r["CHILD"]].year + 16, day=1)):
            cohort.append(r)
    got = q(db, "SELECT count(*), count(*) FILTER (WHERE in_touch) FROM care_leavers")[0]
    assert got == (len(cohort), sum(r["IN_TOUCH"] == "YES" for r in cohort)), (got, cohort)
    outcomes = q(db, "SELECT count(*) FILTER (WHERE in_touch_code = 'YES') FROM care_leaver_outcomes")
    assert outcomes[0][0] >= got[1]


def test_review_participation_counts_pn1_to_pn6_over_pn1_to_pn7(loaded):
    _, db, _ = loaded
    by_code = dict(q(db, "SELECT participation_code, count(*) FROM review_participation GROUP BY 1"))
    took_part = sum(n for code, n in by_code.items() if code in {f"PN{i}" for i in range(1, 7)})
    assert q(db, "SELECT count(*) FILTER (WHERE participated), count(*) FILTER (WHERE NOT "
                 "participated), count(*) FILTER (WHERE participated IS NULL) FROM "
                 "review_participation")[0] == (took_part, by_code.get("PN7", 0), by_code.get("PN0", 0))
    assert q(db, "SELECT count(*) FROM review_participation_pct")[0][0] >= 0


def test_a_scottish_warehouse_has_the_new_tables_empty(tmp_path, load):
    from tests.factories import write_baseline
    load(write_baseline(tmp_path / "in"))
    db = tmp_path / "warehouse.duckdb"
    for table in ("review_participation", "missing_episodes", "care_leaver_outcomes",
                  "review_participation_pct"):
        assert q(db, f"SELECT count(*) FROM {table}")[0][0] == 0


def test_mutated_files_are_quarantined_with_reasons_that_name_the_problem(tmp_path, england):
    from etl.load import run_load
    src = real_data("ssda903-synthetic")
    folder = tmp_path / "903"
    shutil.copytree(src, folder)
    header, eps = rows(folder, "header.csv"), rows(folder, "episodes.csv")
    child = eps[0]["CHILD"]
    header.append(dict(header[0]))                            # duplicate CHILD in header
    header[1]["SEX"] = "9"                                    # bad code
    write(folder / "header.csv", header)
    eps[0]["PLACE"] = "Q9"                                    # bad placement code
    eps[1]["LS"] = "ZZ"                                       # bad legal status
    eps.append(dict(eps[0], PLACE="U1", DECOM="01/01/2016", DEC="", REC=""))  # overlaps eps[0]
    hdob = {h["CHILD"]: h["DOB"] for h in header}
    late = next(e for e in eps[2:] if e["CHILD"] != child)
    born = day(hdob[late["CHILD"]])
    late["DECOM"] = (born - dt.timedelta(days=3)).strftime("%d/%m/%Y")   # DOB after start
    eps.append(dict(eps[5], CHILD="NOSUCHCHILD", DEC="", REC=""))   # child not in header
    eps[6]["REC"] = ""                                        # DEC without REC (rule 148)
    eps[6]["DEC"] = eps[6]["DEC"] or "01/01/2017"
    write(folder / "episodes.csv", eps)
    oc3 = rows(folder, "oc3.csv")
    oc3[0]["IN_TOUCH"] = "MAYBE"
    oc3[1]["ACTIV"] = "F9"
    write(folder / "oc3.csv", oc3)
    rev = rows(folder, "reviews.csv")
    rev[0]["REVIEW_CODE"] = "PN9"
    write(folder / "reviews.csv", rev)
    mis = rows(folder, "missing.csv")
    mis[0]["MISSING"] = "X"
    write(folder / "missing.csv", mis)
    db = tmp_path / "wh.duckdb"
    result = run_load([folder], db, england, demo=True)
    for f in result.files:
        assert f.rows_read == f.rows_loaded + f.rows_quarantined, f.message
    rules = {(t, r) for t, r in q(db, "SELECT table_name, rule FROM quarantine")}
    said = "\n".join(sorted(r for _, r in rules))
    for table, words in (
            ("children", "duplicate: an earlier row in this file has the same child_id"),
            ("children", "SEX '9' is not an SSDA903 gender code"),
            ("looked_after_episodes", "PLACE 'Q9' is not an SSDA903 placement type code (allowed: A3"),
            ("looked_after_episodes", "LS 'ZZ' is not an SSDA903 legal status code"),
            ("looked_after_episodes", "episodes overlap"),
            ("looked_after_episodes", "DOB after episode start"),
            ("looked_after_episodes", "child is not in the children table"),
            ("looked_after_episodes", "validator rule 148"),
            ("care_leavers", "IN_TOUCH 'MAYBE' is not an SSDA903 in touch code"),
            ("care_leavers", "ACTIV 'F9' is not an SSDA903 activity code"),
            ("review_participation", "REVIEW_CODE 'PN9' is not an SSDA903 method of participation"),
            ("missing_episodes", "MISSING 'X' is not an SSDA903 missing or away code")):
        assert any(t == table and words in r for t, r in rules), (table, words, said)
    values = " ".join(v for (v,) in q(db, 'SELECT "values" FROM quarantine'))
    assert child not in values.replace("pseudonym", "") or len(child) < 4
    assert hdob[late["CHILD"]] not in values                  # full birth dates withheld


def test_many_localities_put_every_child_in_the_first_and_say_so(tmp_path, england):
    from etl.load import run_load
    folder = tmp_path / "903"
    folder.mkdir()
    shutil.copy(real_data("ssda903-synthetic", "header.csv"), folder / "kids_export.csv")
    two = dataclasses.replace(england, localities=("North", "South"))
    result = run_load([folder], tmp_path / "wh.duckdb", two, demo=True)
    [f] = result.files
    assert f.table == "children" and f.rows_quarantined == 0
    assert "every child is placed in 'North'" in f.message
    assert q(tmp_path / "wh.duckdb", "SELECT DISTINCT locality FROM children") == [("North",)]
