"""Run charts and Anhøj's rules (outcomes.stats.run_chart) against published worked examples.

Sources:

* The qicharts2 vignette (github.com/anhoej/qicharts2, HEAD
  1b9487ecb3938d25a8a04578464f960d3a064f64), docs/articles/qicharts2.html lines
  943-1422, "Appendix 2: Critical values for longest run and number of crossings":
  round(log2(n) + 3) and qbinom(0.05, n - 1, 0.5) for n = 10 to 100, tabulated
  (also Anhøj & Olesen 2014, PLoS ONE 9(11): e113825). Lines 205 and 207 work
  n = 24: a run longer than 8, fewer than 8 crossings.
* Anhøj & Mohammed's book (github.com/anhoej/spc4hc, HEAD
  79bbb31fddad7c073f24065c9df9f013f0ff1001), 21_first_charts.Rmd lines 20-25
  (systolic blood pressure, 26 mornings, Mohammed 2008) and line 48: around the
  median, "the longest run consists of four data points (#14-#17), and the data
  cross the centre line nine times. Four observations (#4, #7, #10, #26) lie exactly
  on the centre line, leaving 22 useful observations ... the upper limit for the
  longest run is 7, which also corresponds to the lower limit for the number of
  crossings."
* qicharts2 tests/testthat/test_montgomery.R reference frames (decoded from the
  .rds files): runs analysis around each chart's centre line, n.useful /
  longest.run / longest.run.max / n.crossings / n.crossings.min / runs.signal:
  tbl_7.4_1.rds 25/5/8/10/8/no; ex_7.4_1.rds 20/2/7/15/6/no; ex_7.5_1.rds
  10/4/6/3/2/no; ex_7.6_1.rds 20/5/7/10/6/no; ex_7.1_5.rds part 1 28/5/8/13/9/no
  and part 2 64/7/9/30/25/no.
"""

from __future__ import annotations

import math

import pytest

from outcomes.stats.control import assurance, variation
from outcomes.stats.run_chart import (
    RunsAnalysis,
    binom_quantile,
    crossings_limit,
    longest_run_limit,
    run_chart,
    runs_analysis,
)

# qicharts2 vignette Appendix 2, "Lower limit for number of crossings" for n = 10, 11, ..., 100
CROSSINGS_MIN = [
    2, 2, 3, 3, 4, 4, 4, 5, 5, 6, 6, 6, 7, 7, 8, 8, 8, 9, 9, 10, 10, 11, 11, 11, 12, 12, 13, 13,
    14, 14, 14, 15, 15, 16, 16, 17, 17, 17, 18, 18, 19, 19, 20, 20, 21, 21, 21, 22, 22, 23, 23,
    24, 24, 25, 25, 25, 26, 26, 27, 27, 28, 28, 29, 29, 29, 30, 30, 31, 31, 32, 32, 33, 33, 34,
    34, 34, 35, 35, 36, 36, 37, 37, 38, 38, 39, 39, 39, 40, 40, 41, 41,
]
# ... and "Upper limit for longest run": 6 for n = 10-11, 7 for 12-22, 8 for 23-45, 9 for 46-90,
# 10 for 91-100
LONGEST_RUN_MAX = [6] * 2 + [7] * 11 + [8] * 23 + [9] * 45 + [10] * 10

SYSTOLIC = [169, 172, 175, 174, 161, 142, 174, 171, 168, 174, 180, 194, 161, 181, 175, 176, 186,
            166, 157, 183, 177, 171, 185, 176, 181, 174]


def test_qicharts2_appendix_2_critical_values():
    ns = range(10, 101)
    assert [crossings_limit(n) for n in ns] == CROSSINGS_MIN
    assert [longest_run_limit(n) for n in ns] == LONGEST_RUN_MAX
    assert (longest_run_limit(24), crossings_limit(24)) == (8, 8)  # the vignette's n = 24


@pytest.mark.parametrize("p, size, expected", [
    # R: qbinom(0.05, 9, 0.5) = 2 (P(X <= 1) = 10/512 < 0.05 <= P(X <= 2) = 46/512); the
    # Appendix 2 row n = 10; qbinom(0, 5, 0.5) = 0; qbinom(1, 5, 0.5) = 5; qbinom(0.5, 4, 0.5)
    # = 2 (P(X <= 1) = 5/16, P(X <= 2) = 11/16); qbinom(0.05, 0, 0.5) = 0.
    (0.05, 9, 2), (0, 5, 0), (1, 5, 5), (0.5, 4, 2), (0.05, 0, 0),
])
def test_binom_quantile(p, size, expected):
    assert binom_quantile(p, size) == expected


def test_binom_quantile_other_probabilities():
    # Binomial(3, 0.25): P(X <= 0) = 27/64, P(X <= 1) = 54/64: the median is 1, the 40% point 0
    assert binom_quantile(0.5, 3, 0.25) == 1 and binom_quantile(0.4, 3, 0.25) == 0
    with pytest.raises(ValueError):
        binom_quantile(1.5, 3)
    with pytest.raises(ValueError):
        binom_quantile(0.5, -1)


def test_spc4hc_run_chart_of_blood_pressure():
    result = runs_analysis(SYSTOLIC, 174)
    assert result == RunsAnalysis(n_useful=22, longest_run=4, longest_run_max=7, crossings=9,
                                  crossings_min=7)
    assert not result.signal
    spc = run_chart(SYSTOLIC)
    assert set(spc["mean"]) == {174.0}  # the median
    assert [i + 1 for i, v in enumerate(SYSTOLIC) if v == 174] == [4, 7, 10, 26]
    assert not spc["special_cause"].any()
    assert variation(spc, "higher") == "common_cause"
    assert assurance(spc, 170, "higher") is None  # a run chart has no limits


@pytest.mark.parametrize("values, centre, expected", [
    # tbl_7.4_1.rds: Montgomery Table 7.4 proportions around cl 0.09551020408163265
    ([c / n for c, n in zip(
        [12, 8, 6, 9, 10, 12, 11, 16, 10, 6, 20, 15, 9, 8, 6, 8, 10, 7, 5, 8, 5, 8, 10, 6, 9],
        [100, 80, 80, 100, 110, 110, 100, 100, 90, 90, 110, 120, 120, 120, 110, 80, 80, 80, 90,
         100, 100, 100, 100, 90, 90])], 0.09551020408163265, (25, 5, 8, 10, 8)),
    # ex_7.4_1.rds: Example 7.4 counts / 50 around 0.074
    ([c / 50 for c in [2, 3, 8, 1, 1, 4, 1, 4, 5, 1, 8, 2, 4, 3, 4, 1, 8, 3, 7, 4]], 0.074,
     (20, 2, 7, 15, 6)),
    # ex_7.5_1.rds: Example 7.5 imperfections per 50 square metres around 1.4232558139534883
    ([50 * c / n for c, n in zip([14, 12, 20, 11, 7, 10, 21, 16, 19, 23],
                                 [500, 400, 650, 500, 475, 500, 600, 525, 600, 625])],
     1.4232558139534883, (10, 4, 6, 3, 2)),
    # ex_7.6_1.rds: Example 7.6 hours between failures around 430.04095178975825
    ([286, 948, 536, 124, 816, 729, 4, 143, 431, 8, 2837, 596, 81, 227, 603, 492, 1199, 1214,
      2831, 96], 430.04095178975825, (20, 5, 7, 10, 6)),
])
def test_qicharts2_montgomery_runs_analysis(values, centre, expected):
    result = runs_analysis(values, centre)
    assert (result.n_useful, result.longest_run, result.longest_run_max, result.crossings,
            result.crossings_min) == expected
    assert not result.signal


def test_qicharts2_montgomery_example_7_1_runs_analysis_in_two_parts():
    counts = [12, 15, 8, 10, 4, 7, 16, 9, 14, 10, 5, 6, 17, 12, 22, 8, 10, 5, 13, 11, 20, 18, 24,
              15, 9, 12, 7, 13, 9, 6, 9, 6, 12, 5, 6, 4, 6, 3, 7, 6, 2, 4, 3, 6, 5, 4, 8, 5, 6,
              7, 5, 6, 3, 5, 8, 7, 5, 6, 4, 5, 2, 3, 4, 7, 6, 5, 5, 3, 7, 9, 6, 10, 4, 3, 5, 8,
              11, 9, 7, 3, 5, 2, 1, 4, 5, 3, 7, 6, 4, 4, 6, 8, 5, 6]
    p = [math.nan if i in (14, 22) else c / 50 for i, c in enumerate(counts)]  # excluded
    first = runs_analysis(p[:30], 0.215)
    second = runs_analysis(p[30:], 0.1096875)
    assert (first.n_useful, first.longest_run, first.longest_run_max, first.crossings,
            first.crossings_min) == (28, 5, 8, 13, 9)
    assert (second.n_useful, second.longest_run, second.longest_run_max, second.crossings,
            second.crossings_min) == (64, 7, 9, 30, 25)


# --- flags on the chart ---------------------------------------------------------------------------

def test_a_long_run_flags_its_points():
    # 17 points, median 5: the two 5s are on the centre line, so they neither break nor join
    # the run of eight 9s; 15 useful points: limits 7 (longest run) and 4 (crossings).
    values = [1, 2, 1, 2, 1, 2, 1, 5, 9, 9, 9, 5, 9, 9, 9, 9, 9]
    ra = runs_analysis(values, 5)
    assert (ra.n_useful, ra.longest_run, ra.longest_run_max) == (15, 8, 7) and ra.long_run
    assert (ra.crossings, ra.crossings_min) == (1, 4) and ra.few_crossings
    spc = run_chart(values)
    assert spc["mean"].iloc[0] == 5
    nines = [8, 9, 10, 12, 13, 14, 15, 16]
    assert [i for i, r in enumerate(spc["rules"]) if "long run" in r] == nines
    assert set(spc["rules"].iloc[nines]) == {"long run, few crossings"}
    assert set(spc["rules"].iloc[:7]) == {"few crossings"}
    assert set(spc["side"].iloc[nines]) == {"high"} and set(spc["side"].iloc[:7]) == {"low"}
    assert not spc["special_cause"].iloc[[7, 11]].any()
    # with no long run and enough crossings nothing is flagged
    assert not run_chart([10, 11, 12, 13, 14, 15, 16, 17, 1, 2, 3])["special_cause"].any()


def test_few_crossings_flags_the_segment():
    values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]  # one crossing; limit for 10 useful points is 2
    ra = runs_analysis(values, 6)
    assert (ra.n_useful, ra.crossings, ra.crossings_min) == (10, 1, 2) and ra.few_crossings
    spc = run_chart(values)
    assert spc["special_cause"].tolist() == [True] * 5 + [False] + [True] * 5
    assert "few crossings" in spc["rules"].iloc[0]
    assert variation(spc, "higher") == "improvement_high"


def test_run_chart_rebase():
    before = [5, 6, 5, 6, 5, 6, 5, 6]
    after = [9, 8, 9, 8, 9, 8, 9, 8]
    spc = run_chart(before + after, rebase_at=[8])
    assert spc["mean"].tolist() == [5.5] * 8 + [8.5] * 8
    assert not spc["special_cause"].any()
    joined = run_chart(before + after)
    assert joined["special_cause"].all()  # without the declared change: one long run each side
    fixed = run_chart(before + after, fix_after_n_points=8)
    assert fixed["mean"].tolist() == [5.5] * 16


def test_runs_analysis_edges():
    assert runs_analysis([], 0) == RunsAnalysis(0, 0, 0, 0, 0)
    assert runs_analysis([3, 3, math.nan], 3).n_useful == 0
    assert not runs_analysis([3, 3], 3).signal
    spc = run_chart([math.nan, 4.0])
    assert len(spc) == 2 and spc["mean"].iloc[1] == 4.0 and not spc["special_cause"].any()
    assert list(spc.columns) == ["value", "mean", "ucl", "lcl", "upper_near", "lower_near",
                                 "moving_range", "special_cause", "rules", "side", "segment"]
    with pytest.raises(ValueError):
        longest_run_limit(0)
