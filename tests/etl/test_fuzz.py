"""Fuzzing the readers (hypothesis): random bytes, and real and synthetic files with bytes
flipped, inserted, cut or truncated. Whatever arrives: never a traceback, always a plain
message, and when a file loads, rows read = rows loaded + rows quarantined."""

from __future__ import annotations

import hypothesis.strategies as st
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings

from etl.comparators.readers import read_comparator
from etl.load import minimise
from etl.privacy import Pseudonymiser
from etl.readers import RawTable, Refusal, read_path
from etl.validate import Context, validate
from tests.conftest import REAL_DATA
from tests.factories import BASELINE, write_csv

FUZZ = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])
PSEUDO = Pseudonymiser("fuzz")
DOB = pd.Series(pd.to_datetime(["2008-05-01", "2015-11-01", "2003-01-01"]).astype(
    "datetime64[us]"), index=[PSEUDO.one(c) for c in ("C001", "C002", "C003")])
# comparators: the head of each real published file (its header and first rows)
REAL = sorted(p for d in ("lgbf", "scotpho", "care-inspectorate")
              for p in (REAL_DATA / d).glob("*.csv")) if REAL_DATA.exists() else []
# DfE's tables this tool reads (England), the neighbour groupings' last lines among them
REAL += [REAL_DATA / "dfe-england" / f for f in (
    "New_Statistical_Neighbour_Groupings_April_2021.csv", "la_cla_placement_stability.csv",
    "d5_cpps_at31march_by_duration_2013_to_2025.csv")
    if (REAL_DATA / "dfe-england" / f).exists()]


def _mutate(data: bytes, edits: list[tuple[int, str, bytes]], cut: int | None) -> bytes:
    out = bytearray(data)
    for at, how, chunk in edits:
        at %= max(len(out), 1)
        if how == "flip" and out:
            out[at] ^= chunk[0] or 1
        elif how == "insert":
            out[at:at] = chunk
        elif how == "delete":
            del out[at:at + len(chunk)]
    return bytes(out[:cut] if cut is not None else out)


edits = st.lists(st.tuples(st.integers(0, 10**6), st.sampled_from(["flip", "insert", "delete"]),
                           st.binary(min_size=1, max_size=6)), max_size=6)
cuts = st.one_of(st.none(), st.integers(0, 4000))


def _plain(message: str) -> None:
    assert message and "Traceback" not in message and len(message) < 600, message


def _check_partner(path) -> None:
    for item in read_path(path, {}):              # must not raise
        if isinstance(item, Refusal):
            _plain(item.message)
            continue
        assert isinstance(item, RawTable)
        checked = validate(item, Context(PSEUDO, ("Hamilton", "East Kilbride", "Clydesdale"),
                                         DOB))
        stored = minimise(checked, PSEUDO)
        assert checked.rows_read == len(item.frame)
        assert checked.rows_read == len(stored) + len(checked.quarantined_rows)
        for issue in checked.issues:
            _plain(issue.rule)


@pytest.mark.parametrize("name", ["children.csv", "feedback.csv", "plan.xlsx"])
@FUZZ
@given(data=st.binary(max_size=3000))
def test_random_bytes_never_raise(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    _check_partner(path)


@pytest.mark.parametrize("table", ["children", "looked_after_episodes", "feedback",
                                   "care_leavers"])
@FUZZ
@given(edits=edits, cut=cuts)
def test_mutated_contract_files_never_raise(tmp_path, table, edits, cut):
    good = write_csv(tmp_path / f"{table}.csv", BASELINE[table]).read_bytes()
    path = tmp_path / f"{table}.csv"
    path.write_bytes(_mutate(good, edits, cut))
    _check_partner(path)


@pytest.mark.skipif(not REAL, reason="../shared/real-data is absent")
@FUZZ
@given(which=st.integers(0, 100), edits=edits, cut=cuts)
def test_mutated_real_published_files_never_raise(tmp_path, which, edits, cut):
    source = REAL[which % len(REAL)]
    head = b"".join(source.read_bytes().splitlines(keepends=True)[:40])
    path = tmp_path / source.name
    path.write_bytes(_mutate(head, edits, cut))
    item = read_comparator(path)                  # must not raise
    if isinstance(item, Refusal):
        _plain(item.message)
    else:
        assert item.rows_read == item.rows_loaded + item.rows_quarantined
        for issue in item.issues:
            _plain(issue.rule)
