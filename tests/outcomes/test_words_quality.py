"""The data quality statement's plain words: every quarantine rule said as a board says it."""

from __future__ import annotations

import pandas as pd
import pytest

from outcomes.words import quality


@pytest.mark.parametrize("rule, plain", [
    ("sex must be one of: female, male, other, unknown", "a value not in the agreed list"),
    ("locality must be one of the partnership's localities: Hamilton",
     "a locality that is not one of the partnership's"),
    ("duplicate: an earlier row in this file has the same child_id",
     "the same record twice in one file"),
    ("date_of_birth is not a date from 1900 to 2200 (write 2026-03-31 or 31/03/2026)",
     "a date missing or not readable as a date"),
    ("end date is before start date", "dates in the wrong order (an end before its start)"),
    ("child is not in the children table",
     "a record that refers to a child or indicator not in the files"),
    ("score is above the scale's maximum (scale_max, 10 if empty)", "a value out of its range"),
    ("a rule nobody has worded yet", "a rule nobody has worded yet"),
])
def test_a_rule_in_plain_words(rule, plain):
    assert quality.reason(rule) == plain


def test_the_quarantine_by_reason_keeps_every_problem_and_merges_alike_rules():
    by_rule = pd.DataFrame({
        "table_name": ["children", "children", "looked_after_episodes"],
        "rule": ["sex must be one of: female, male", "ethnicity must be one of: a, b",
                 "end date is before start date"],
        "problems": [3, 4, 9], "rows_affected": [3, 4, 9]})
    plain = quality.quarantine_by_reason(by_rule)
    assert plain["problems"].sum() == 16
    assert plain.iloc[0].to_dict() == {"table": "Placements", "reason": quality.reason(
        "end date is before start date"), "problems": 9}
    assert plain.iloc[1]["problems"] == 7                 # the two list rules as one
    assert "sex must be one of" not in quality.quarantine(by_rule)
