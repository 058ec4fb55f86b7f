"""Rebased and fixed-baseline XmR charts (outcomes.stats.control), against NHSRplotthedots.

Expected values come from the NHS-R community's NHSRplotthedots
(github.com/nhs-r-community/NHSRplotthedots):

* its integration tests, commit 0c096d813e16e4fe606c37eb70020e74a5dcbbe8 (branch of
  pull request 99), tests/testthat/test-integration_tests.R lines 61-74, call
  ``ptd_spc(ae_all(), ...)`` on NHSRdatasets' A&E attendances summed over England
  by month (April 2016 - March 2019); the expected frames are serialised in
  tests/testthat/_snaps/integration_tests.md ("ae_all attendances spc with rebase",
  lines 114-227; "ae_all performance spc", lines 228-345, with
  fix_after_n_points = 12; "plot arguments behave as expected", line 741 on, the
  same performance series without fixing). The y, mean, lpl, upl and point_type
  columns were decoded from those R serialisations and copied below;
* at HEAD (main, 050b07d7eacc011767532732f69b8fd7d6a28fd3),
  tests/testthat/_snaps/ptd_spc.md (summary of s3, facet = rep(c(0, 1), each =
  10) on set.seed(123); rnorm(20)): ptd_spc_standard groups by facet and then by
  rebase group with the same code (R/ptd_spc_standard.R lines 57-70: rebase_group
  = cumsum(rebase), fix_y = ifelse(row_number() <= fix_after_n_points, y, NA),
  mr = c(NA, abs(diff(fix_y))) per group), so a rebase at point 11 gives the two
  facets' limits. That code is unchanged since the integration-test commit.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from outcomes.stats.control import (
    assurance,
    baseline_mask,
    current_segment,
    segment_ids,
    variation,
    xmr,
)

# NHSRplotthedots _snaps/integration_tests.md: y of "ae_all attendances" (A&E attendances,
# England, April 2016 to March 2019).
ATTENDANCES = [
    1867781, 2070340, 1958802, 2079034, 1932901, 1952464, 2001816, 1907871, 1944567, 1895272,
    1735619, 2015834, 1949762, 2066789, 1994056, 2073944, 1924663, 1925961, 2044137, 1976971,
    2003954, 2000086, 1820012, 2049785, 1984369, 2164458, 2093942, 2179896, 1997854, 2005695,
    2079492, 2037847, 2047518, 2113413, 1954947, 2167550,
]
# y of "ae_all performance" (1 - breaches / attendances), to 12 significant figures.
PERFORMANCE = [
    0.900351272446, 0.902755586039, 0.905599442925, 0.902852478603, 0.909763097024,
    0.906478685394, 0.890530897945, 0.883790361088, 0.861759455961, 0.851413411901,
    0.875309039599, 0.900094948294, 0.905152526308, 0.897003516082, 0.907251852506,
    0.903478589586, 0.902992887586, 0.896660939656, 0.899418678885, 0.887665524684,
    0.849850345866, 0.852991821352, 0.850447689356, 0.846212163715, 0.885724882822,
    0.903901115198, 0.907629724223, 0.893194904711, 0.897270271001, 0.88943682863,
    0.890093349722, 0.876044668712, 0.864463218394, 0.84352514156, 0.842252500963,
    0.86604276718,
]
RNORM_123 = [  # R: set.seed(123); rnorm(20), as in tests/outcomes/test_stats.py
    -0.56047565, -0.23017749, 1.55870831, 0.07050839, 0.12928774, 1.71506499, 0.46091621,
    -1.26506123, -0.68685285, -0.44566197, 1.22408180, 0.35981383, 0.40077145, 0.11068272,
    -0.55584113, 1.78691314, 0.49785048, -1.96661716, 0.70135590, -0.47279141,
]


def point_types(spc: pd.DataFrame) -> dict[int, str]:
    """NHSRplotthedots' point_type for improvement_direction = "increase"."""
    words = {"high": "special_cause_improvement", "low": "special_cause_concern"}
    return {i: words[s] for i, s in enumerate(spc["side"]) if s}


# --- rebase -------------------------------------------------------------------------------------

def test_ptd_integration_rebase_ae_attendances():
    # _snaps/integration_tests.md lines 114-227: ptd_spc(ae_all(), attendances, period,
    # rebase = as.Date("2017-04-01")): April 2017 is row 12, rebase_group 0 x 12 then 1 x 24;
    # mean / lpl / upl per group as below; every point common cause.
    spc = xmr(ATTENDANCES, rebase_at=[12])
    assert spc["segment"].tolist() == [0] * 12 + [1] * 24
    first, second = spc.iloc[0], spc.iloc[12]
    assert (first["mean"], first["lcl"], first["ucl"]) == pytest.approx(
        (1946858.4166666667, 1639947.374848485, 2253769.4584848485), rel=1e-12)
    assert (second["mean"], second["lcl"], second["ucl"]) == pytest.approx(
        (2027379.2083333333, 1772921.0639855072, 2281837.3526811595), rel=1e-12)
    for seg, row in ((0, first), (1, second)):
        part = spc[spc["segment"] == seg]
        assert (part[["mean", "lcl", "ucl"]] == row[["mean", "lcl", "ucl"]]).all().all()
    assert not spc["special_cause"].any()


def test_ptd_integration_no_rebase_ae_attendances():
    # _snaps/integration_tests.md lines 1-113: the same series without a rebase
    spc = xmr(ATTENDANCES)
    assert (spc["mean"].iloc[0], spc["lcl"].iloc[0], spc["ucl"].iloc[0]) == pytest.approx(
        (2000538.9444444445, 1731844.3644444444, 2269233.5244444446), rel=1e-12)
    assert "segment" not in spc.columns and not spc["special_cause"].any()


def test_the_moving_range_does_not_span_a_rebase():
    # ptd_spc_standard: mr = c(NA, abs(diff(fix_y))) within each rebase group
    spc = xmr(ATTENDANCES, rebase_at=[12])
    assert np.isnan(spc["moving_range"].iloc[12]) and np.isnan(spc["moving_range"].iloc[0])
    assert spc["moving_range"].iloc[13] == abs(ATTENDANCES[13] - ATTENDANCES[12])


@pytest.mark.parametrize("segment, expected", [
    # NHSRplotthedots _snaps/ptd_spc.md, summary of s3 (facets of 10 points): mean 0.0746 /
    # 0.209, lpl -2.60 / -3.28, upl 2.75 / 3.70, 10 common cause points each.
    (0, (0.0746, -2.60, 2.75)),
    (1, (0.209, -3.28, 3.70)),
])
def test_ptd_spc_summary_facets_as_a_rebase(segment, expected):
    spc = xmr(RNORM_123, rebase_at=[10])
    row = spc[spc["segment"] == segment].iloc[0]
    assert (row["mean"], row["lcl"], row["ucl"]) == pytest.approx(expected, abs=0.006)
    assert not spc["special_cause"].any()


# --- fix_after_n_points -------------------------------------------------------------------------

def test_ptd_integration_fix_after_12_points_ae_performance():
    # _snaps/integration_tests.md lines 228-345: ptd_spc(ae_all(), performance, period,
    # fix_after_n_points = 12): mean 0.8908915564349236, lpl 0.8614049789074258,
    # upl 0.9203781339624213 on every row; point_type as below.
    spc = xmr(PERFORMANCE, fix_after_n_points=12)
    assert spc["mean"].tolist() == pytest.approx([0.8908915564349236] * 36, abs=1e-11)
    assert spc["lcl"].tolist() == pytest.approx([0.8614049789074258] * 36, abs=1e-11)
    assert spc["ucl"].tolist() == pytest.approx([0.9203781339624213] * 36, abs=1e-11)
    concern = [9, 20, 21, 22, 23, *range(29, 36)]
    improvement = list(range(11, 19))
    assert point_types(spc) == {**{i: "special_cause_concern" for i in concern},
                                **{i: "special_cause_improvement" for i in improvement}}
    assert variation(spc, "higher") == "concern_low"


def test_ptd_integration_performance_without_fixing():
    # _snaps/integration_tests.md line 741 on ("plot arguments behave as expected"):
    # ptd_spc(ae_all(), performance, period): mean 0.8847056829421236, lpl 0.8604472128746817,
    # upl 0.9089641530095655; point_type as below.
    spc = xmr(PERFORMANCE)
    assert (spc["mean"].iloc[0], spc["lcl"].iloc[0], spc["ucl"].iloc[0]) == pytest.approx(
        (0.8847056829421236, 0.8604472128746817, 0.9089641530095655), abs=1e-11)
    improvement = [*range(0, 7), *range(11, 20), *range(24, 31)]
    concern = [9, 20, 21, 22, 23, 33, 34]
    assert point_types(spc) == {**{i: "special_cause_concern" for i in concern},
                                **{i: "special_cause_improvement" for i in improvement}}


def test_fix_after_n_points_within_each_segment():
    # ptd_spc_standard: fix_y = ifelse(row_number() <= fix_after_n_points, y, NA) inside each
    # rebase group, so a rebased segment is fixed on its own first n rows: the segment after
    # a rebase is the published fixed chart of those rows (test above).
    values = ATTENDANCES[:5] + PERFORMANCE
    spc = xmr(values, rebase_at=[5], fix_after_n_points=12)
    after = spc[spc["segment"] == 1].reset_index(drop=True)
    fixed = xmr(PERFORMANCE, fix_after_n_points=12)
    pd.testing.assert_frame_equal(after.drop(columns="segment"), fixed)
    before = spc[spc["segment"] == 0]
    assert before["mean"].iloc[0] == pytest.approx(np.mean(ATTENDANCES[:5]))


def test_baseline_points_is_fix_after_n_points_without_a_rebase():
    pd.testing.assert_frame_equal(xmr(PERFORMANCE, baseline_points=12),
                                  xmr(PERFORMANCE, fix_after_n_points=12))
    with pytest.raises(ValueError):
        xmr(PERFORMANCE, fix_after_n_points=0)
    with pytest.raises(ValueError):
        xmr(PERFORMANCE, fix_after_n_points=12, baseline_points=10)


# --- rules within segments, icons on the current segment ----------------------------------------

def test_rules_run_within_each_segment():
    # seven points above the mean straddling a rebase are two runs of 4 and 3, not a run of 7
    values = [9, 11] * 5 + [10.5] * 7 + [9, 11] * 5
    plain = xmr(values)
    assert set(plain["rules"].iloc[10:17]) == {"run of 7"}
    rebased = xmr(values, rebase_at=[14])
    assert "run of 7" not in set(rebased["rules"].iloc[10:17])


def test_variation_and_assurance_judge_the_current_segment():
    # the old process had a signal at its end; the rebased current one does not
    old = [10, 11, 9, 10, 11, 9, 10, 11, 9, 10, 11, 30]
    new = [20, 21, 19, 20, 21, 19, 20, 21, 19, 20]
    joined = old + new
    assert variation(xmr(old), "higher") == "improvement_high"
    spc = xmr(joined, rebase_at=[len(old)])
    assert variation(spc, "higher") == "common_cause"
    current = current_segment(spc)
    assert current.index.tolist() == list(range(len(old), len(joined)))
    assert current["ucl"].iloc[0] == pytest.approx(xmr(new)["ucl"].iloc[0])
    # a target of 22 lies above the old limits (about 6.6 to 13.5) but within the current
    # ones (about 16.5 to 23.5)
    assert assurance(xmr(old, fix_after_n_points=11), 22, "higher") == "fail"
    assert assurance(spc, 22, "higher") == "hit_and_miss"
    # a current segment whose values are all hidden says nothing about change
    hidden = xmr(old + [np.nan, np.nan], rebase_at=[len(old)])
    assert variation(hidden, "higher") == "common_cause"
    assert assurance(hidden, 22, "higher") is None


def test_segment_helpers():
    assert segment_ids(6, [4, 2]).tolist() == [0, 0, 1, 1, 2, 2]
    assert segment_ids(3).tolist() == [0, 0, 0]
    assert segment_ids(4, [np.int64(2)]).tolist() == [0, 0, 1, 1]
    for bad in ([0], [6], [-1]):
        with pytest.raises(ValueError):
            segment_ids(6, bad)
    with pytest.raises(TypeError):
        segment_ids(6, [2.5])
    seg = segment_ids(7, [3])
    assert baseline_mask(seg, 2).tolist() == [True, True, False, True, True, False, False]
    assert baseline_mask(seg).all()


def test_rebase_keeps_rows_and_missing_values():
    values = list(ATTENDANCES)
    values[13] = np.nan
    spc = xmr(values, rebase_at=[12])
    assert len(spc) == 36 and np.isnan(spc["moving_range"].iloc[13])
    assert spc["moving_range"].iloc[14] == abs(ATTENDANCES[14] - ATTENDANCES[12])
    others = [v for i, v in enumerate(ATTENDANCES[12:]) if i != 1]
    assert spc["mean"].iloc[13] == pytest.approx(np.mean(others))
    assert not spc["special_cause"].iloc[13] and spc["rules"].iloc[13] == ""
