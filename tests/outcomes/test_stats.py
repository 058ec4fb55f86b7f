"""Tests for outcomes.stats (control and intervals): XmR charts, MDC icons and Wilson intervals.

Worked examples come from the NHS-R community's NHSRplotthedots package
(github.com/nhs-r-community/NHSRplotthedots), its tests/testthat files and
snapshots, and from Newcombe (1998) for the Wilson interval.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from outcomes.stats.control import (
    ASSURANCE_TEXT,
    VARIATION_TEXT,
    _shift,
    _trend,
    _two_in_three,
    assurance,
    enough_points,
    variation,
    xmr,
)
from outcomes.stats.intervals import FUNNEL_Z, funnel_limits, funnel_position, wilson

# R: set.seed(123); rnorm(20) -- the data of NHSRplotthedots tests/testthat/test-ptd_spc_standard.R
# and test-ptd_spc.R.
RNORM_123 = [
    -0.56047565, -0.23017749, 1.55870831, 0.07050839, 0.12928774, 1.71506499, 0.46091621,
    -1.26506123, -0.68685285, -0.44566197, 1.22408180, 0.35981383, 0.40077145, 0.11068272,
    -0.55584113, 1.78691314, 0.49785048, -1.96661716, 0.70135590, -0.47279141,
]


def flagged(spc: pd.DataFrame) -> dict[int, tuple[str, str]]:
    return {i: (r.rules, r.side) for i, r in spc.iterrows() if r.special_cause}


def limits(spc: pd.DataFrame) -> tuple[float, float, float]:
    first = spc.iloc[0]
    return first["mean"], first["lcl"], first["ucl"]


# --- NHSRplotthedots worked examples -------------------------------------------------------

def test_ptd_spc_standard_snapshot_r1():
    # NHSRplotthedots tests/testthat/_snaps/ptd_spc_standard.md, "glimpse(r1)":
    # mean_col 0.1416238, lpl -3.01138, upl 3.294627, relative_to_mean as below;
    # _snaps/ptd_spc.md summary: 20 common cause points.
    spc = xmr(RNORM_123)
    assert limits(spc) == pytest.approx((0.1416238, -3.01138, 3.294627), abs=5e-6)
    rtm = np.sign(spc["value"] - spc["mean"])[:15].tolist()
    assert rtm == [-1, -1, 1, -1, -1, 1, 1, -1, -1, -1, 1, 1, 1, -1, -1]
    assert not spc["special_cause"].any()
    assert set(spc["rules"]) == {""} and set(spc["side"]) == {""}


@pytest.mark.parametrize("screen, expected", [
    # NHSRplotthedots tests/testthat/_snaps/ptd_spc_standard.md, "glimpse(r2)" (screen_outliers
    # = TRUE) and "glimpse(r3)" (screen_outliers = FALSE), with y[15] <- 10.
    (True, (0.6694159, -2.383666, 3.722497)),
    (False, (0.6694159, -4.596625, 5.935457)),
])
def test_ptd_spc_standard_snapshot_outlier_screening(screen, expected):
    values = list(RNORM_123)
    values[14] = 10
    spc = xmr(values, screen_moving_ranges=screen)
    assert limits(spc) == pytest.approx(expected, abs=5e-6)
    rtm = np.sign(spc["value"] - spc["mean"])[:14].tolist()
    assert rtm == [-1, -1, 1, -1, -1, 1, -1, -1, -1, -1, 1, -1, -1, -1]
    # the 10 is beyond the upper limit either way; nothing else is flagged
    assert flagged(spc) == {14: ("beyond limit", "high")}


@pytest.mark.parametrize("part, expected", [
    # NHSRplotthedots tests/testthat/_snaps/ptd_spc.md, summary of s3 (facet_field = "facet",
    # facet = rep(c(0, 1), each = 10)): mean 0.0746 / 0.209, lpl -2.60 / -3.28, upl 2.75 / 3.70,
    # 10 common cause points each.
    (slice(0, 10), (0.0746, -2.60, 2.75)),
    (slice(10, 20), (0.209, -3.28, 3.70)),
])
def test_ptd_spc_summary_facets(part, expected):
    spc = xmr(RNORM_123[part])
    assert limits(spc) == pytest.approx(expected, abs=0.006)
    assert not spc["special_cause"].any()


def test_ptd_two_in_three_needs_same_side():
    # NHSRplotthedots tests/testthat/test-ptd_spc_standard.R, "it only reports special cause
    # for 2 of 3 points close to limits when they are on the same side of the mean".
    values = [1, -1] * 8
    values[14], values[15] = 5.5, -5.5
    spc = xmr(values)
    assert spc["upper_near"].iloc[0] < 5.5 < spc["ucl"].iloc[0]  # both are in the near band
    assert spc["special_cause"].tail(2).tolist() == [False, False]
    assert variation(spc, "higher") == "common_cause"


@pytest.mark.parametrize("screen, mean_mr", [(True, 1.0), (False, 32 / 17)])
def test_ptd_deviations_vignette_outlier_screening(screen, mean_mr):
    # NHSRplotthedots vignettes/deviations.Rmd, "Treatment of outlying points": the data below
    # with screen_outliers TRUE (package default) and FALSE (the MDC Excel tool). Expected values
    # worked by hand: mean 35/18; moving ranges 1,1,1,8,9 and twelve 1s (mean 32/17); 8 and 9 are
    # >= 3.267 x 32/17 = 6.15, so screened the mean moving range is 15/15 = 1.
    data = [1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1]
    spc = xmr(data, screen_moving_ranges=screen)
    mean = 35 / 18
    assert limits(spc) == pytest.approx((mean, mean - 2.66 * mean_mr, mean + 2.66 * mean_mr))
    assert spc["upper_near"].iloc[0] == pytest.approx(mean + 2 * 2.66 / 3 * mean_mr)
    assert flagged(spc) == {4: ("beyond limit", "high")}


def test_ptd_rule_helpers_match_package_unit_tests():
    # NHSRplotthedots tests/testthat/test-ptd_calculate_point_type.R, translated from "the point
    # that completes a rule" to "the points that are part of it" (ptd_part_of_seven_trend).
    def ones(*idx, n):
        out = np.zeros(n, dtype=bool)
        out[list(idx)] = True
        return out.tolist()

    assert _shift(np.ones(6)).tolist() == [False] * 6
    assert _shift(np.array([1] * 6 + [-1])).tolist() == [False] * 7
    assert _shift(np.array([1] * 8 + [-1])).tolist() == [True] * 8 + [False]
    assert _shift(np.array([-1] + [1] * 8 + [-1])).tolist() == ones(*range(1, 9), n=10)
    assert _shift(np.array([1] + [-1] * 8 + [1])).tolist() == ones(*range(1, 9), n=10)
    assert _trend(np.arange(1.0, 7)).tolist() == [False] * 6
    assert _trend(np.array([1, 2, 3, 3, 4, 5, 6.0])).tolist() == [False] * 7  # a tie breaks it
    assert _trend(np.arange(1.0, 8)).tolist() == [True] * 7
    assert _trend(np.array([2, 1, 2, 3, 4, 5, 6, 7, 3.0])).tolist() == ones(*range(1, 8), n=9)
    assert _trend(np.arange(7.0, 0, -1)).tolist() == [True] * 7
    assert _trend(np.array([2, 7, 6, 5, 4, 3, 2, 1, 3.0])).tolist() == ones(*range(1, 8), n=9)
    # ptd_part_of_two_in_three cases, with every point on the same side of the mean
    for close, expected in [
        ([1, 0, 1], [1, 0, 1]), ([0, 1, 1], [0, 1, 1]), ([1, 1, 0], [1, 1, 0]),
        ([0, 0, 1, 0, 1, 0, 0], [0, 0, 1, 0, 1, 0, 0]), ([1, 0, 0, 1], [0, 0, 0, 0]),
        ([1, 0, 0, 1, 1], [0, 0, 0, 1, 1]), ([0, 0, 0], [0, 0, 0]),
    ]:
        got = _two_in_three(np.array(close, dtype=bool), np.ones(len(close)))
        assert got.tolist() == [bool(e) for e in expected]


@pytest.mark.parametrize("better, expected", [
    # NHSRplotthedots tests/testthat/test-ptd_calculate_assurance_type.R: lpl/mean/upl of
    # (1, 2, 3), (5, 6, 7), (1, 4, 5) with target 4.
    ("higher", ["fail", "pass", "hit_and_miss"]),
    ("lower", ["pass", "fail", "hit_and_miss"]),
    ("neither", [None, None, None]),
])
def test_ptd_assurance_examples(better, expected):
    rows = [(1, 2, 3), (5, 6, 7), (1, 4, 5)]
    got = [assurance(pd.DataFrame({"lcl": [lo], "mean": [m], "ucl": [hi]}), 4, better)
           for lo, m, hi in rows]
    assert got == expected


# --- hand-made series, one per rule ----------------------------------------------------------

NOTHING = [5, 6, 4, 5, 6, 4, 5, 6, 4, 5, 6, 4, 5, 6, 4]
BEYOND = [10, 14, 8, 12, 9, 13, 11, 30, 9, 13, 10, 14, 8, 12, 11]
RUN = [11, 9, 11, 9, 11, 9, 11, 9, 11.5, 10.5, 11.5, 10.5, 11.5, 10.5, 11.5, 9, 11, 9, 11, 9]
TREND_UP = [5, 3, 6, 4, 5, 4, 1, 2, 3, 4, 5, 6, 7, 4, 5, 3, 6, 4]
TREND_DOWN = [5, 3, 6, 4, 5, 4, 8, 7, 6, 5, 4, 3, 2, 4, 5, 3, 6, 4]
TWO_OF_THREE = [1, -1] * 8 + [5.5, 1, 5.5, -1, 1]


@pytest.mark.parametrize("values, expected", [
    (NOTHING, {}),
    (BEYOND, {7: ("beyond limit", "high")}),
    ([-10 if v == 30 else v for v in BEYOND], {7: ("beyond limit", "low")}),
    (RUN, {i: ("run of 7", "high") for i in range(8, 15)}),
    (TREND_UP, {i: ("trend of 7", "high") for i in range(6, 13)}),
    (TREND_DOWN, {i: ("trend of 7", "low") for i in range(6, 13)}),
    (TWO_OF_THREE, {16: ("2 of 3 near limit", "high"), 18: ("2 of 3 near limit", "high")}),
    ([1, -1] * 8 + [-5.5, -5.5, -1, 1], {16: ("2 of 3 near limit", "low"),
                                          17: ("2 of 3 near limit", "low")}),
])
def test_each_rule_flags_exactly_the_expected_points(values, expected):
    assert flagged(xmr(values)) == expected


def test_six_is_not_seven():
    run6 = RUN[:14] + [9] + RUN[15:]  # six points above the mean, not seven
    trend6 = TREND_UP[:12] + [6] + TREND_UP[13:]  # a tie ends the rise after six points
    assert not xmr(run6)["special_cause"].any()
    assert not xmr(trend6)["special_cause"].any()


def test_point_on_the_mean_breaks_a_run():
    # NHSRplotthedots: relative_to_mean = sign(y - mean), and a run needs 7 equal non-zero signs
    middle = [4, 3.5, 4, 3, 3.5, 4, 4]
    values = [3, 1] * 4 + middle + [1, 3] * 4
    assert flagged(xmr(values)) == {i: ("run of 7", "high") for i in range(8, 15)}
    values[11] = 2.5  # now exactly on the mean, 57.5 / 23
    spc = xmr(values)
    assert spc["mean"].iloc[0] == 2.5
    assert flagged(spc) == {}


def test_several_rules_on_one_point_are_all_named():
    values = [1, 2, 1, 2, 1, 2, 1, 2, 5, 4.5, 5, 4.5, 5, 4.5, 5, 1, 2, 1, 2, 1]
    spc = xmr(values)
    assert spc.loc[8, "rules"] == "run of 7, 2 of 3 near limit"
    assert spc.loc[8, "side"] == "high" and spc.loc[0, "side"] == "low"


def test_output_shape_and_missing_values():
    values = list(BEYOND)
    values.insert(3, float("nan"))
    spc = xmr(values)
    assert list(spc.columns) == ["value", "mean", "ucl", "lcl", "upper_near", "lower_near",
                                 "moving_range", "special_cause", "rules", "side"]
    assert len(spc) == len(values) and spc["special_cause"].dtype == bool
    assert limits(spc) == pytest.approx(limits(xmr(BEYOND)))
    row = spc.iloc[3]
    assert math.isnan(row["moving_range"]) and not row["special_cause"] and row["rules"] == ""
    assert spc["moving_range"].iloc[4] == abs(BEYOND[3] - BEYOND[2])  # across the gap
    assert flagged(spc) == {8: ("beyond limit", "high")}
    assert xmr([]).empty
    one = xmr([3.0])
    assert one["mean"].iloc[0] == 3 and math.isnan(one["ucl"].iloc[0])


def test_baseline_points_fix_the_limits():
    values = NOTHING + [6.5, 7, 6.5, 7, 6.5, 7, 6.5]
    spc = xmr(values, baseline_points=len(NOTHING))
    assert limits(spc) == pytest.approx(limits(xmr(NOTHING)))
    assert flagged(spc) == {i: ("run of 7", "high") for i in range(15, 22)}
    assert variation(spc, "higher") == "improvement_high"
    with pytest.raises(ValueError):
        xmr(values, baseline_points=0)


def test_enough_points():
    assert not enough_points(14) and enough_points(15)


# --- icons -----------------------------------------------------------------------------------

HIGH_LAST = [v for v in BEYOND if v != 30] + [30]
LOW_LAST = [v for v in BEYOND if v != 30] + [-10]


@pytest.mark.parametrize("values, better, expected", [
    (NOTHING, "higher", "common_cause"),
    (BEYOND, "higher", "common_cause"),  # the special cause is not the latest point
    (HIGH_LAST, "higher", "improvement_high"),
    (HIGH_LAST, "lower", "concern_high"),
    (HIGH_LAST, "neither", "neither_high"),
    (LOW_LAST, "lower", "improvement_low"),
    (LOW_LAST, "higher", "concern_low"),
    (LOW_LAST, "neither", "neither_low"),
    (TREND_UP[:13], "lower", "concern_high"),  # a trend's side is its direction
    (HIGH_LAST + [float("nan")], "higher", "improvement_high"),  # latest non-missing point
])
def test_variation(values, better, expected):
    assert variation(xmr(values), better) == expected
    assert expected in VARIATION_TEXT


@pytest.mark.parametrize("target, better, expected", [
    (40, "higher", "fail"), (40, "lower", "pass"),
    (-5, "higher", "pass"), (-5, "lower", "fail"),
    (12, "higher", "hit_and_miss"), (12, "lower", "hit_and_miss"),
    (12, "neither", None), (None, "higher", None),
])
def test_assurance(target, better, expected):
    spc = xmr(BEYOND)  # limits about -0.83 to 25.36
    assert assurance(spc, target, better) == expected
    assert expected is None or expected in ASSURANCE_TEXT


def test_assurance_target_on_a_limit_is_hit_and_miss():
    spc = xmr(BEYOND)
    assert assurance(spc, spc["ucl"].iloc[-1], "higher") == "hit_and_miss"


def test_icon_texts_cover_every_outcome():
    assert set(VARIATION_TEXT) == {"common_cause", "improvement_high", "improvement_low",
                                   "concern_high", "concern_low", "neither_high", "neither_low"}
    assert set(ASSURANCE_TEXT) == {"pass", "fail", "hit_and_miss"}
    with pytest.raises(ValueError):
        variation(xmr(NOTHING), "up")


# --- Wilson ------------------------------------------------------------------------------------

@pytest.mark.parametrize("x, n, low, high", [
    # Newcombe RG (1998) Two-sided confidence intervals for the single proportion: comparison of
    # seven methods. Statistics in Medicine 17:857-872, Table II, method 3 (score, no continuity
    # correction), examples (a)-(d). Checked by hand with Wilson's formula.
    (81, 263, 0.2553, 0.3662),
    (15, 148, 0.0624, 0.1605),
    (0, 20, 0.0, 0.1611),
    (1, 29, 0.0061, 0.1718),
])
def test_wilson_newcombe_table(x, n, low, high):
    lo, hi = wilson(x, n)
    assert isinstance(lo, float)
    assert (lo, hi) == pytest.approx((low, high), abs=5e-5)


def test_wilson_vectorised_and_edges():
    lo, hi = wilson(np.array([81, 0, 20, 0]), np.array([263, 20, 20, 0]))
    assert lo[:3] == pytest.approx([0.2553, 0.0, 0.8389], abs=5e-5)
    assert hi[:3] == pytest.approx([0.3662, 0.1611, 1.0], abs=5e-5)
    assert lo[1] == 0.0 and hi[2] == 1.0 and np.isnan(lo[3]) and np.isnan(hi[3])
    s = pd.Series([15, 1], index=["a", "b"])
    lo, hi = wilson(s, pd.Series([148, 29], index=["a", "b"]))
    assert list(lo.index) == ["a", "b"] and hi["b"] == pytest.approx(0.1718, abs=5e-5)
    lo99, hi99 = wilson(81, 263, z=2.5758293035489)
    assert lo99 < 0.2553 and hi99 > 0.3662
    with pytest.raises(ValueError):
        wilson(5, 4)
    with pytest.raises(ValueError):
        wilson(np.array([1, 3]), np.array([2, 2]))


# --- properties ----------------------------------------------------------------------------

@settings(max_examples=150, deadline=None)
@given(values=st.lists(st.integers(-1000, 1000), min_size=2, max_size=40),
       shift=st.integers(-10_000, 10_000), screen=st.booleans())
def test_limits_symmetric_ordered_and_shift_equivariant(values, shift, screen):
    spc = xmr([float(v) for v in values], screen_moving_ranges=screen)
    mean, lcl, ucl = limits(spc)
    assert lcl <= mean <= ucl
    assert ucl - mean == pytest.approx(mean - lcl, abs=1e-9)
    assert spc["upper_near"].iloc[0] - mean == pytest.approx(mean - spc["lower_near"].iloc[0],
                                                             abs=1e-9)
    moved = xmr([float(v + shift) for v in values], screen_moving_ranges=screen)
    for col in ("mean", "lcl", "ucl", "upper_near", "lower_near"):
        assert moved[col].iloc[0] == pytest.approx(spc[col].iloc[0] + shift, abs=1e-6)


# Funnel plots: Spiegelhalter (2005), exact binomial / Poisson with interpolation.
def test_funnel_binomial_interpolation_by_hand():
    # Binomial(10, 0.5): F(1) = 11/1024, F(2) = 56/1024; the 2.5% point lies between,
    # alpha = (F(2) - 0.025) / (F(2) - F(1)); limit = (2 - alpha) / 10.
    f1, f2 = 11 / 1024, 56 / 1024
    alpha = (f2 - 0.025) / (f2 - f1)
    low, high = funnel_limits(50, [10], kind="proportion", scale=100)
    assert low[0] == pytest.approx(100 * (2 - alpha) / 10, abs=1e-3)
    # upper: F(7) = 968/1024 < 0.975 <= F(8) = 1013/1024, so r = 8 (the paper's formula,
    # which is not mirror-symmetric: it interpolates within the step below r)
    f7, f8 = 968 / 1024, 1013 / 1024
    assert high[0] == pytest.approx(100 * (8 - (f8 - 0.975) / (f8 - f7)) / 10, abs=1e-3)


@pytest.mark.parametrize("kind, target, scale", [("proportion", 90, 100), ("rate", 12, 1000)])
def test_funnel_limits_approach_the_normal_approximation_for_large_n(kind, target, scale):
    n = 200_000
    theta = target / scale
    se = np.sqrt(theta * (1 - theta) / n) if kind == "proportion" else np.sqrt(theta / n)
    for level, z in FUNNEL_Z.items():
        low, high = funnel_limits(target, [n], kind=kind, level=level, scale=scale)
        assert low[0] == pytest.approx(scale * (theta - z * se), rel=2e-3)
        assert high[0] == pytest.approx(scale * (theta + z * se), rel=2e-3)


def test_funnel_narrows_as_councils_grow_and_998_is_wider_than_95():
    ns = [20, 50, 200, 1000, 5000]
    low95, high95 = funnel_limits(17, ns, kind="proportion", scale=100)
    low998, high998 = funnel_limits(17, ns, kind="proportion", scale=100, level="99.8%")
    assert (np.diff(high95) < 0).all() and (np.diff(low95) > 0).all()
    assert (low998 < low95).all() and (high998 > high95).all()
    assert (low998 >= 0).all() and (high998 <= 100).all()


def test_funnel_position_words():
    # 12.0% of 786 against Scotland's 16.7% (LGBF CHN23 2019-20): well below
    assert funnel_position(12.0, 786, 16.7, kind="proportion", scale=100) == "below 99.8%"
    assert funnel_position(16.0, 786, 16.7, kind="proportion", scale=100) == "within"
    assert funnel_position(19.8, 786, 16.7, kind="proportion", scale=100) == "above 95%"
    assert funnel_position(21.0, 786, 16.7, kind="proportion", scale=100) == "above 99.8%"
    assert funnel_position(None, 786, 16.7, kind="proportion", scale=100) == "unknown"
    with pytest.raises(ValueError):
        funnel_limits(10, [100], kind="normal")
