"""Disclosure control: no reader can work out a single child from a protected table."""

import time

import hypothesis.strategies as st
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings

from outcomes.query.disclosure import Protected, protect, safe_number


def hidden_list(result: Protected, col: str) -> list[bool]:
    return result.hidden[col].tolist()


# -- primary suppression ---------------------------------------------------------------

def test_primary_hides_one_to_four_and_shows_zero_and_five():
    frame = pd.DataFrame({"n": [0, 1, 4, 5, 30]})
    result = protect(frame, counts=["n"], threshold=5)
    assert hidden_list(result, "n") == [False, True, True, False, False]
    assert result.data["n"].isna().tolist() == [False, True, True, False, False]
    assert result.data["n"].dropna().tolist() == [0, 5, 30]
    assert pd.api.types.is_numeric_dtype(result.data["n"])


def test_na_stays_na_and_is_not_hidden():
    frame = pd.DataFrame({"n": pd.array([None, 7], dtype="Int64")})
    result = protect(frame, counts=["n"], threshold=5)
    assert hidden_list(result, "n") == [False, False]
    assert result.data["n"].isna().tolist() == [True, False]
    assert not result.any_hidden and result.note() == ""


def test_threshold_is_configurable():
    frame = pd.DataFrame({"n": [4, 9, 10]})
    assert hidden_list(protect(frame, counts=["n"], threshold=10), "n") == [True, True, False]
    assert hidden_list(protect(frame, counts=["n"], threshold=3), "n") == [False, False, False]


@pytest.mark.parametrize("threshold", [0, -1])
def test_threshold_below_one_is_refused(threshold):
    with pytest.raises(ValueError):
        protect(pd.DataFrame({"n": [1]}), counts=["n"], threshold=threshold)
    with pytest.raises(ValueError):
        safe_number(1, threshold)


def test_unknown_column_is_refused():
    with pytest.raises(ValueError):
        protect(pd.DataFrame({"n": [1]}), counts=["m"], threshold=5)


def test_float_counts_stay_float():
    frame = pd.DataFrame({"n": [2.0, 8.0]})
    result = protect(frame, counts=["n"], threshold=5)
    assert result.data["n"].dtype == "float64"
    assert np.isnan(result.data["n"].iloc[0]) and result.data["n"].iloc[1] == 8.0


# -- rates ------------------------------------------------------------------------------

def test_rate_hidden_for_small_denominator_and_hidden_numerator():
    frame = pd.DataFrame({
        "num": [2, 3, 10, 0], "den": [4, 40, 40, 40], "rate": [0.5, 0.075, 0.25, 0.0]})
    result = protect(frame, counts=["num", "den"], threshold=5,
                     rates={"rate": ("num", "den")})
    # den 4 < 5; num 3 hidden; num 10 of 40 shown; 0 of 40 shown
    assert hidden_list(result, "rate") == [True, True, False, False]
    assert hidden_list(result, "den") == [True, False, False, False]
    assert list(result.hidden.columns) == ["num", "den", "rate"]


def test_rate_numerator_not_listed_as_count_still_protects_the_rate():
    frame = pd.DataFrame({"num": [3, 12], "den": [50, 50], "rate": [0.06, 0.24]})
    result = protect(frame, counts=[], threshold=5, rates={"rate": ("num", "den")})
    assert hidden_list(result, "rate") == [True, False]
    assert list(result.hidden.columns) == ["rate"]


def test_rate_hidden_when_numerator_hidden_by_secondary_suppression():
    frame = pd.DataFrame({
        "quarter": ["Q1"] * 3, "locality": ["North", "South", "East"],
        "num": [2, 6, 20], "den": [50, 50, 50], "rate": [0.04, 0.12, 0.4]})
    result = protect(frame, counts=["num"], threshold=5, across="locality",
                     rates={"rate": ("num", "den")})
    assert hidden_list(result, "num") == [True, True, False]
    assert hidden_list(result, "rate") == [True, True, False]


# -- secondary suppression across rows --------------------------------------------------

def localities(values, quarter="Q1", names=("North", "South", "East", "West")):
    return pd.DataFrame({"quarter": quarter, "locality": list(names[:len(values)]),
                         "n": values})


def test_one_small_cell_in_a_group_hides_the_smallest_other_non_zero_cell():
    frame = localities([3, 12, 8, 0])
    result = protect(frame, counts=["n"], threshold=5, across="locality")
    assert hidden_list(result, "n") == [True, False, True, False]


def test_ties_hide_the_first_in_row_order():
    frame = localities([3, 9, 9, 20])
    result = protect(frame, counts=["n"], threshold=5, across="locality")
    assert hidden_list(result, "n") == [True, True, False, False]


def test_two_small_cells_need_no_secondary():
    frame = localities([3, 2, 9, 20])
    result = protect(frame, counts=["n"], threshold=5, across="locality")
    assert hidden_list(result, "n") == [True, True, False, False]


def test_hidden_cells_that_add_up_to_a_small_number_hide_one_more():
    """1 and 2 hidden beside a total (or a headline) of 32: 32 - 9 - 20 = 3 children are
    in the two hidden groups, a count of 1-4 by subtraction (statistics.md)."""
    frame = localities([1, 2, 9, 20])
    result = protect(frame, counts=["n"], threshold=5, across="locality")
    assert hidden_list(result, "n") == [True, True, True, False]


def test_the_smallest_cell_that_protects_is_hidden_not_a_zero_nor_a_large_one():
    # 3 + 1 hidden: one more child is needed; the zero adds none, 6 is the smallest that does
    frame = pd.DataFrame({"quarter": "Q1", "locality": list("ABCDE"), "n": [3, 1, 0, 40, 6]})
    result = protect(frame, counts=["n"], threshold=5, across="locality")
    assert hidden_list(result, "n") == [True, True, False, False, True]


def test_hidden_parts_adding_to_a_small_number_hide_another_part():
    frame = pd.DataFrame({"t": [40], "x": [1], "y": [2], "z": [15], "w": [22]})
    result = protect(frame, counts=["t", "x", "y", "z", "w"], threshold=5,
                     parts={"t": ["x", "y", "z", "w"]})
    assert result.hidden.iloc[0].tolist() == [False, True, True, True, False]


def test_groups_are_formed_by_the_other_unprotected_columns():
    frame = pd.concat([localities([3, 12, 8]), localities([6, 12, 8], quarter="Q2"),
                       localities([4], quarter="Q3")], ignore_index=True)
    result = protect(frame, counts=["n"], threshold=5, across="locality")
    assert hidden_list(result, "n") == [True, False, True,   # Q1: 3 and then 8
                                        False, False, False,  # Q2: nothing small
                                        True]                 # Q3: single row left alone


def test_total_row_is_never_hidden_by_secondary_suppression():
    frame = pd.DataFrame({"quarter": "Q1", "locality": ["Total", "North", "South"],
                          "n": [15, 3, 12]})
    result = protect(frame, counts=["n"], threshold=5, across="locality")
    assert hidden_list(result, "n") == [False, True, True]


def test_small_total_row_is_hidden_as_a_primary():
    frame = pd.DataFrame({"quarter": "Q1", "locality": ["North", "All", "South"],
                          "n": [3, 4, 1]})
    result = protect(frame, counts=["n"], threshold=5, across="locality")
    assert hidden_list(result, "n") == [True, True, True]


def test_cascade_is_repeated_until_stable_and_every_column_is_protected():
    frame = pd.DataFrame({"locality": ["North", "South", "East"],
                          "looked_after": [6, 9, 30], "community": [3, 9, 25],
                          "residential": [3, 0, 5]})
    result = protect(frame, counts=["looked_after", "community", "residential"],
                     threshold=5, across="locality",
                     parts={"looked_after": ["community", "residential"]})
    assert_no_recovery(result, "locality", ["looked_after", "community", "residential"],
                       {"looked_after": ["community", "residential"]})


def assert_no_recovery(result: Protected, across, counts, parts=None):
    """Every visible count is 0 or >= threshold; no sum ever has exactly one hidden cell."""
    data, hidden, t = result.data, result.hidden, result.threshold
    for col in counts:
        shown = data[col][~hidden[col]].dropna()
        assert ((shown == 0) | (shown >= t)).all(), col
    keys = [c for c in data.columns if c != across and c not in hidden.columns]
    for _, group in hidden.groupby([data[k] for k in keys] if keys else np.zeros(len(data))):
        if len(group) < 2:
            continue
        is_total = data.loc[group.index, across].isin(["Total", "All"])
        for col in counts:
            inner = int(group.loc[~is_total, col].sum())
            if is_total.any():
                if not group.loc[is_total, col].any():       # Total row visible
                    assert inner != 1, (col, group)
                assert inner + int(group.loc[is_total, col].sum()) != 1, (col, group)
            else:                                             # total shown elsewhere
                assert inner != 1, (col, group)
    for total, ps in (parts or {}).items():
        n_hidden = hidden[ps].sum(axis=1) + hidden[total]
        assert (n_hidden != 1).all(), total


@st.composite
def locality_frames(draw, with_parts=False):
    n_quarters = draw(st.integers(1, 4))
    names = [f"L{i}" for i in range(draw(st.integers(2, 6)))]
    with_total = draw(st.booleans())
    rows = []
    for q in range(n_quarters):
        cells = []
        for name in names:
            a = draw(st.integers(0, 30))
            b = draw(st.integers(0, 30))
            cells.append({"quarter": f"Q{q}", "locality": name, "a": a, "b": b})
        if with_total:
            at = draw(st.integers(0, len(cells)))
            cells.insert(at, {"quarter": f"Q{q}", "locality": "Total",
                              "a": sum(c["a"] for c in cells), "b": sum(c["b"] for c in cells)})
        rows += cells
    frame = pd.DataFrame(rows)
    if with_parts:
        frame["ab"] = frame["a"] + frame["b"]
    return frame


@settings(max_examples=150, deadline=None)
@given(locality_frames(), st.integers(1, 12))
def test_no_hidden_cell_can_be_recovered_across_rows(frame, threshold):
    result = protect(frame, counts=["a", "b"], threshold=threshold, across="locality")
    assert_no_recovery(result, "locality", ["a", "b"])


@settings(max_examples=150, deadline=None)
@given(locality_frames(with_parts=True), st.integers(1, 12))
def test_no_hidden_cell_can_be_recovered_across_rows_and_parts(frame, threshold):
    parts = {"ab": ["a", "b"]}
    result = protect(frame, counts=["ab", "a", "b"], threshold=threshold, across="locality",
                     parts=parts)
    assert_no_recovery(result, "locality", ["ab", "a", "b"], parts)
    small_total = frame["ab"].between(1, threshold - 1)
    assert result.hidden.loc[small_total, ["a", "b"]].to_numpy().all()


# -- secondary suppression across columns -----------------------------------------------

def test_one_small_part_hides_another_part():
    frame = pd.DataFrame({"looked_after": [20], "community": [17], "residential": [3]})
    result = protect(frame, counts=["looked_after", "community", "residential"], threshold=5,
                     parts={"looked_after": ["community", "residential"]})
    assert result.hidden.iloc[0].to_dict() == {
        "looked_after": False, "community": True, "residential": True}


def test_small_total_hides_all_its_parts():
    frame = pd.DataFrame({"looked_after": [4, 12], "community": [4, 12], "residential": [0, 0]})
    result = protect(frame, counts=["looked_after"], threshold=5,
                     parts={"looked_after": ["community", "residential"]})
    assert hidden_list(result, "looked_after") == [True, False]
    assert hidden_list(result, "community") == [True, False]
    assert hidden_list(result, "residential") == [True, False]


def test_parts_ties_go_to_the_first_part_listed():
    frame = pd.DataFrame({"t": [22], "x": [2], "y": [10], "z": [10]})
    result = protect(frame, counts=["t", "x", "y", "z"], threshold=5, parts={"t": ["x", "y", "z"]})
    assert result.hidden.iloc[0].tolist() == [False, True, True, False]


# -- display, note, safety --------------------------------------------------------------

def test_display_marks_hidden_cells_c_and_other_missing_blank():
    frame = pd.DataFrame({"area": ["North", None, "East"],
                          "n": pd.array([3, None, 12], dtype="Int64"), "m": [7, 8, 9]})
    result = protect(frame, counts=["n", "m"], threshold=5)
    shown = result.display()
    assert shown["n"].tolist() == ["c", "", 12]
    assert shown["area"].tolist() == ["North", "", "East"]
    assert shown["m"].tolist() == [7, 8, 9] and pd.api.types.is_integer_dtype(shown["m"])
    assert result.data["n"].isna().tolist() == [True, True, False]  # display is a copy


def test_note_and_any_hidden():
    result = protect(pd.DataFrame({"n": [3, 20]}), counts=["n"], threshold=5)
    assert result.any_hidden
    assert result.note().startswith("c: hidden to protect children's privacy")
    assert "fewer than 5 children" in result.note()


def test_input_frame_is_unchanged():
    frame = pd.DataFrame({"quarter": ["Q1"] * 3, "locality": ["North", "South", "Total"],
                          "n": [3, 12, 15], "d": [10, 40, 50], "r": [0.3, 0.3, 0.3]})
    before = frame.copy()
    protect(frame, counts=["n", "d"], threshold=5, across="locality", rates={"r": ("n", "d")})
    pd.testing.assert_frame_equal(frame, before)


def test_deterministic_and_fast_for_a_few_thousand_rows():
    rng = np.random.default_rng(7)
    n = 4000
    frame = pd.DataFrame({
        "quarter": rng.integers(0, 40, n).astype(str), "indicator": rng.integers(0, 5, n),
        "locality": [f"L{i % 20}" for i in range(n)],
        "community": rng.integers(0, 30, n), "residential": rng.integers(0, 8, n)})
    frame["looked_after"] = frame["community"] + frame["residential"]
    kwargs = dict(counts=["looked_after", "community", "residential"], threshold=5,
                  across="locality", parts={"looked_after": ["community", "residential"]})
    start = time.perf_counter()
    first = protect(frame, **kwargs)
    assert time.perf_counter() - start < 2
    pd.testing.assert_frame_equal(first.hidden, protect(frame, **kwargs).hidden)
    assert_no_recovery(first, "locality", kwargs["counts"], kwargs["parts"])


@pytest.mark.parametrize("value, expected", [
    (0, "0"), (1, "c"), (4, "c"), (5, "5"), (12345, "12,345"), (1234.0, "1,234"),
    (1234.56, "1,234.6"), (None, ""), (float("nan"), "")])
def test_safe_number(value, expected):
    assert safe_number(value, 5) == expected


# --- attribute disclosure and subtraction (statistics.md) ---------------------------------

def test_none_or_all_of_a_small_group_is_hidden_with_its_count():
    frame = pd.DataFrame({"group": ["a", "b", "c", "d"], "num": [0, 7, 0, 150],
                          "den": [7, 7, 300, 300]})
    frame["pct"] = 100 * frame["num"] / frame["den"]
    p = protect(frame, counts=["num", "den"], threshold=5, rates={"pct": ("num", "den")})
    assert p.hidden["pct"].tolist() == [True, True, False, False]   # 0% and 100% of 7
    assert p.hidden["num"].tolist() == [True, True, False, False]   # "0 of 7" says it too
    assert p.data["den"].tolist() == [7, 7, 300, 300]


def test_a_rate_whose_rest_of_the_group_is_small_is_hidden():
    # 96 of 98: the two without the attribute could be read off the rate and the base
    frame = pd.DataFrame({"num": [96, 90], "den": [98, 98]})
    frame["pct"] = 100 * frame["num"] / frame["den"]
    p = protect(frame, counts=["num", "den"], threshold=5, rates={"pct": ("num", "den")})
    assert p.hidden["pct"].tolist() == [True, False]
    assert p.hidden["num"].tolist() == [True, False]
