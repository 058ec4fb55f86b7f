"""Property: whatever the rows hold, rows read = rows loaded + rows quarantined."""

import hypothesis.strategies as st
import pandas as pd
from hypothesis import HealthCheck, given, settings

from core.contract import SHANARRI
from etl.load import minimise
from etl.privacy import Pseudonymiser
from etl.readers import read_path
from etl.validate import Context, validate
from tests.factories import write_csv

ids = st.sampled_from(["C001", "C002", "C404", "", "c001 "])
dates = st.one_of(st.dates().map(lambda d: d.isoformat()), st.dates().map(
    lambda d: d.strftime("%d/%m/%Y")), st.sampled_from(["", "31/02/2020", "soon", "2020-1-1"]))
scores = st.one_of(st.integers(-2, 12).map(str), st.sampled_from(["", "ten", "7.0", "3.5"]))
codes = st.one_of(st.sampled_from(SHANARRI), st.sampled_from(["", "SAFE", "happy"]))
text = st.text(max_size=12)

row = st.fixed_dictionaries({
    "child_id": ids, "assessment_date": dates, "indicator": codes, "score": scores,
    "scale_max": st.sampled_from(["", "5", "10", "7", "x"]),
    "completed_with": st.one_of(st.sampled_from(["child", "jointly", ""]), text),
})


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(row, min_size=1, max_size=40))
def test_read_equals_loaded_plus_quarantined(tmp_path, records):
    path = write_csv(tmp_path / "wellbeing_assessments.csv", records)
    [raw] = read_path(path, {})
    p = Pseudonymiser("k")
    dob = pd.Series(pd.to_datetime(["2008-05-01", "2015-11-01"]).astype("datetime64[us]"),
                    index=[p.one("C001"), p.one("C002")])
    checked = validate(raw, Context(p, ("Hamilton",), dob))
    stored = minimise(checked, p)
    assert checked.rows_read == len(stored) + len(checked.quarantined_rows)
    assert set(stored.index).isdisjoint(checked.quarantined_rows)
    assert checked.rows_read == len(records) - sum(all(v.strip() == "" for v in r.values())
                                                   for r in records)
