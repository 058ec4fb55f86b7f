"""The synthetic English council's SSDA903 returns (etl/demo/england): the real 903
layouts and code sets, every row loads (only the injected faults are quarantined),
deterministic, and plausible for an English council. Checked from the files as written,
read back with csv, and through the loader the CLI uses."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import itertools
from collections import Counter
from pathlib import Path

import pytest

from etl.demo import england
from etl.demo.england.faults import FAULTS
from etl.ssda903.codes import code_sets
from etl.ssda903.layouts import LAYOUTS, USED, recognise
from tests.factories import q

AS_AT = dt.date(2026, 9, 30)
SCALE = 0.25                       # ~90 looked after at 31 March: fast, still every file
LABELS = ("2023-24", "2024-25", "2025-26")
CODED = ("SEX", "ETHNIC", "RNE", "LS", "PLACE", "PLACE_PROVIDER", "REC", "REVIEW_CODE",
         "MISSING", "IN_TOUCH", "ACTIV", "ACCOM")
BLANK_OK = {"REC"}                 # an episode still going on at 31 March has no REC


def day(s: str) -> dt.date | None:
    return dt.datetime.strptime(s, "%d/%m/%Y").date() if s else None


def read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("e903")
    england.generate(out, scale=SCALE, as_at=AS_AT, bad_rows=False, years=3)
    return out


@pytest.fixture(scope="module")
def faulty(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("e903bad")
    england.generate(out, scale=SCALE, as_at=AS_AT, bad_rows=True, years=3)
    return out


def files(out: Path, label: str) -> dict[str, Path]:
    return {k: out / f"ssda903_{label}" / f"{k}_{label}.csv" for k in england.KINDS}


@pytest.fixture
def settings_england(settings):
    return dataclasses.replace(settings, country="england", localities=("Barnsley",))


def test_one_folder_per_collection_year_to_the_last_31_march(clean):
    assert [f.name for f in england.year_folders(clean)] == [f"ssda903_{y}" for y in LABELS]
    assert england.last_year_end(dt.date(2026, 3, 31)) == dt.date(2026, 3, 31)
    assert england.last_year_end(dt.date(2026, 3, 30)) == dt.date(2025, 3, 31)
    for label in LABELS:
        assert sorted(p.name for p in (clean / f"ssda903_{label}").iterdir()) == sorted(
            f"{k}_{label}.csv" for k in england.KINDS)


def test_every_file_has_exactly_a_903_layout_and_is_recognised_as_it(clean):
    for label in LABELS:
        for kind, path in files(clean, label).items():
            header, rows = read(path)
            assert tuple(header) == LAYOUTS[kind], (kind, header)
            assert recognise(header) == kind
            assert rows or kind in ("ad1", "placed_for_adoption", "uasc"), (label, kind)


def test_codes_are_within_the_specification_and_dates_are_day_first(clean):
    sets = code_sets()
    seen = Counter()
    for label in LABELS:
        for kind, path in files(clean, label).items():
            header, rows = read(path)
            for col in header:
                values = {r[col] for r in rows}
                if col in CODED:
                    allowed = set(sets[col].codes) | ({""} if col in BLANK_OK else set())
                    if kind == "header" and col == "SEX":      # 1/2 before 2024-25, M/F/U after
                        allowed = {"1", "2"} if label == "2023-24" else {"M", "F", "U"}
                    assert values <= allowed, (label, kind, col, values - allowed)
                    seen[col] += len(values)
                if col in ("DOB", "DECOM", "DEC", "REVIEW", "MIS_START", "MIS_END", "DUC"):
                    assert all(v == "" or day(v) for v in values), (kind, col)
    assert all(seen[c] >= 2 for c in CODED), seen


def test_episodes_reach_back_to_each_child_s_first_and_end_by_31_march(clean):
    for label in LABELS:
        year_end = dt.date(int(label[:4]) + 1, 3, 31)
        _, eps = read(files(clean, label)["episodes"])
        _, head = read(files(clean, label)["header"])
        dob = {h["CHILD"]: day(h["DOB"]) for h in head}
        assert {e["CHILD"] for e in eps} == set(dob)
        assert min(day(e["DECOM"]) for e in eps) < year_end - dt.timedelta(days=5 * 365)
        assert max(day(e["DECOM"]) for e in eps) > year_end - dt.timedelta(days=365)
        for e in eps:
            assert day(e["DECOM"]) >= dob[e["CHILD"]]
            assert (e["DEC"] == "") == (e["REC"] == "")
            if e["DEC"]:
                assert day(e["DECOM"]) < day(e["DEC"]) <= year_end
        by_child: dict[str, list] = {}
        for e in eps:
            by_child.setdefault(e["CHILD"], []).append(e)
        for spells in by_child.values():
            spells.sort(key=lambda e: day(e["DECOM"]))
            for a, b in itertools.pairwise(spells):
                assert a["DEC"] and day(a["DEC"]) <= day(b["DECOM"])       # no overlaps
                assert (a["REC"] == "X1") == (a["DEC"] == b["DECOM"])      # X1: same day


def test_the_same_seed_gives_the_same_files_and_another_seed_others(tmp_path, clean):
    again = england.generate(tmp_path / "a", scale=SCALE, as_at=AS_AT, bad_rows=False,
                             years=3)
    other = england.generate(tmp_path / "b", scale=SCALE, as_at=AS_AT, bad_rows=False, seed=7,
                             years=3)
    first = [p for label in LABELS for p in files(clean, label).values()]
    assert [p.name for p in again] == [p.name for p in first]
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in first]
    assert all(a.read_bytes() != b.read_bytes() for a, b in zip(again, other)
               if a.name.startswith(("header", "episodes", "reviews")))


def test_regenerating_replaces_the_previous_returns_and_nothing_else(tmp_path):
    england.generate(tmp_path, scale=0.1, as_at=AS_AT, bad_rows=False, years=3)
    (tmp_path / "keep.txt").write_text("not the demo's")
    paths = england.generate(tmp_path, scale=0.1, as_at=dt.date(2025, 6, 1), years=2)
    assert {f.name for f in england.year_folders(tmp_path)} == {"ssda903_2023-24",
                                                               "ssda903_2024-25"}
    assert {p.name for p in tmp_path.rglob("*.csv")} == {p.name for p in paths}
    assert (tmp_path / "keep.txt").exists()


def load_years(out: Path, db: Path, settings) -> list:
    from etl.load import run_load
    return [run_load([folder], db, settings, demo=True) for folder in england.year_folders(out)]


def test_every_row_loads_but_the_injected_faults(faulty, tmp_path, settings_england):
    """One load per year, oldest first, as `outcomes demo --load` does: every row read is
    loaded but the few faults, which are quarantined; the unused files are skipped."""
    db = tmp_path / "wh.duckdb"
    results = load_years(faulty, db, settings_england)
    assert len(results) == len(LABELS)
    for label, result in zip(LABELS, results):
        assert result.exit_code == 1                       # as the Scottish demo's bad rows
        said = {f.file for f in result.files}
        assert said == {p.name for p in files(faulty, label).values()}
        for f in result.files:
            kind = f.file.rsplit("_", 1)[0]
            _, rows = read(files(faulty, label)[kind])
            if kind in USED:
                assert f.rows_read == len(rows) == f.rows_loaded + f.rows_quarantined, f.message
                assert f.rows_quarantined == FAULTS.get(kind, 0), f.message
            else:
                assert f.status == "skipped" and f"({len(rows)} rows)" in f.message
    rules = " | ".join(r for (r,) in q(db, "SELECT DISTINCT rule FROM quarantine"))
    for words in ("PLACE 'U7' is not an SSDA903 placement type code", "episodes overlap",
                  "validator rule 440", "ACCOM 'S1' is not an SSDA903 accommodation code"):
        assert words in rules, rules


def test_figures_are_plausible_for_an_english_council(tmp_path):
    """DfE's measures counted by hand from the files at scale 1 (Barnsley's size): looked
    after at 31 March, three or more placements in the year, care leavers in touch, in
    education, employment or training, in suitable accommodation."""
    out = tmp_path / "e903"
    england.generate(out, scale=1.0, as_at=AS_AT, bad_rows=False, years=3)
    for label in LABELS:
        year_end = dt.date(int(label[:4]) + 1, 3, 31)
        _, eps = read(files(out, label)["episodes"])
        start = year_end.replace(year=year_end.year - 1) + dt.timedelta(days=1)
        current = {e["CHILD"] for e in eps if day(e["DECOM"]) <= year_end
                   and (not e["DEC"] or day(e["DEC"]) > year_end)}
        assert 300 <= len(current) <= 450, (label, len(current))   # Barnsley 2021-25: 329-404
        placements = Counter()
        for e in eps:
            if e["CHILD"] not in current or (e["DEC"] and day(e["DEC"]) < start):
                continue
            if day(e["DECOM"]) < start or e["RNE"] in ("S", "P", "B", "T", "U"):
                placements[e["CHILD"]] += 1
        three = sum(n >= 3 for n in placements.values()) / len(current)
        assert 0.05 <= three <= 0.16, (label, three)
        _, oc3 = read(files(out, label)["oc3"])
        touch = sum(r["IN_TOUCH"] == "YES" for r in oc3) / len(oc3)
        eet = sum(r["ACTIV"][:1] in ("F", "P") for r in oc3) / len(oc3)
        suitable = sum(r["ACCOM"].endswith("1") for r in oc3) / len(oc3)
        assert 0.84 <= touch <= 0.96 and 0.5 <= eet <= 0.75 and 0.78 <= suitable <= 0.93, (
            label, touch, eet, suitable)
