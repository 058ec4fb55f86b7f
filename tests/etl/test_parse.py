import pandas as pd
import pytest

from core import contract as c
from etl.parse import normalise_code, parse_column, parse_date, parse_int, parse_yesno


def s(*values):
    return pd.Series(list(values), dtype="str")


def test_dates_iso_and_uk_day_first_never_month_first():
    out, bad = parse_date(s("2026-03-31", "31/03/2026", "03/04/2026", "2026-03-31 00:00:00", ""))
    assert list(out[:4].dt.date.astype(str)) == ["2026-03-31", "2026-03-31", "2026-04-03",
                                                 "2026-03-31"]
    assert pd.isna(out[4]) and not bad.any()


@pytest.mark.parametrize("text", ["31/02/2024", "2024-13-01", "03-04-2026", "April 3", "12/31/2025"])
def test_impossible_or_other_forms_are_faults(text):
    out, bad = parse_date(s(text))
    assert bad.all() and out.isna().all()


@pytest.mark.parametrize("text,value", [
    ("Y", True), ("n", False), ("Yes", True), ("NO", False), ("TRUE", True), ("false", False),
    ("1", True), ("0", False)])
def test_yes_no_spellings_any_case(text, value):
    out, bad = parse_yesno(s(text))
    assert out[0] == value and not bad.any()


def test_yes_no_unknown_only_where_allowed():
    _, bad = parse_yesno(s("unknown"))
    assert bad.all()
    out, bad = parse_yesno(s("Unknown"), allow_unknown=True)
    assert pd.isna(out[0]) and not bad.any()


def test_whole_numbers():
    out, bad = parse_int(s("7", "7.0", "ten", "7.5", ""))
    assert list(out[:2]) == [7, 7]
    assert list(bad) == [False, False, True, True, False]


def test_codes_normalised_with_aliases():
    out = normalise_code(s("F", " Male ", "x", "foster LA", ""), c.SEX_ALIASES)
    assert list(out[:4]) == ["female", "male", "other", "foster_la"] and pd.isna(out[4])


def test_code_lists_normalised():
    col = c.TABLES["child_protection_registrations"].column("concerns")
    out, _ = parse_column(col, s("Neglect; domestic abuse", ""))
    assert out[0] == "neglect;domestic_abuse" and pd.isna(out[1])
