"""p, p', u and u' charts (outcomes.stats.attribute_charts) against published worked examples.

Sources:

* qicharts2 (github.com/anhoej/qicharts2, HEAD 1b9487ecb3938d25a8a04578464f960d3a064f64)
  tests/testthat/test_montgomery.R: examples from Montgomery, Introduction to
  Statistical Quality Control, each compared with a stored reference frame
  (tests/testthat/*.rds). The counts, denominators, cl, ucl and lcl below were
  decoded from those .rds files (R serialisations):
  - lines 70-82, Example 7.1: qic(sample, count, size, data = tbl_07.03, chart = 'p',
    exclude = c(15, 23), part = 30) -> ex_7.1_5.rds;
  - lines 85-95, Table 7.4: chart = 'p' with varying sample sizes -> tbl_7.4_1.rds;
  - lines 113-123, Example 7.4: chart = 'u' -> ex_7.4_1.rds;
  - lines 126-137, Example 7.5: chart = 'u', multiply = 50 -> ex_7.5_1.rds.
* The qicharts2 vignette (docs/articles/qicharts2.html, lines 847-891, "Case 5: Prime
  charts for count data with very large sample sizes"): qic(i, r, n, data =
  nhs_accidents, chart = 'p' / 'pp', decimals = 3), drawn in
  docs/articles/qicharts2_files/figure-html/unnamed-chunk-49-1.png (P chart: CL
  95.290%, last week's limits 95.169% and 95.411%, every week outside them but
  weeks 5, 7, 18 and 20) and unnamed-chunk-51-1.png (P' chart: CL 95.290%, last
  week's limits 93.997% and 96.582%, no point outside). The data are qicharts2's
  data/nhs_accidents.rda, from Mohammed MA, Panesar JS, Laney DB, Wilson R (2013),
  "Statistical process control charts for attribute data involving very large
  sample sizes", BMJ Qual Saf 22:362-368, also tabulated in Anhøj & Mohammed's
  book (github.com/anhoej/spc4hc, docs/prime-charts-for-count-data-with-very-large-
  subgroups.html, Table 13.1, lines 493-605).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from outcomes.stats.attribute_charts import p_chart, p_prime_chart, u_chart, u_prime_chart
from outcomes.stats.control import assurance, variation

# Montgomery Example 7.1 (qicharts2 tbl_07.03 / ex_7.1_5.rds): nonconforming cans in samples
# of 50; samples 15 ("New material") and 23 ("New operator") excluded from the limits; a
# new part from sample 31 ("Machine adjustment").
EX_7_1 = [
    12, 15, 8, 10, 4, 7, 16, 9, 14, 10, 5, 6, 17, 12, 22, 8, 10, 5, 13, 11, 20, 18, 24, 15, 9,
    12, 7, 13, 9, 6, 9, 6, 12, 5, 6, 4, 6, 3, 7, 6, 2, 4, 3, 6, 5, 4, 8, 5, 6, 7, 5, 6, 3, 5,
    8, 7, 5, 6, 4, 5, 2, 3, 4, 7, 6, 5, 5, 3, 7, 9, 6, 10, 4, 3, 5, 8, 11, 9, 7, 3, 5, 2, 1, 4,
    5, 3, 7, 6, 4, 4, 6, 8, 5, 6,
]
# Montgomery Table 7.4 (tbl_7.4_1.rds): nonconforming units and varying sample sizes.
TBL_7_4_X = [12, 8, 6, 9, 10, 12, 11, 16, 10, 6, 20, 15, 9, 8, 6, 8, 10, 7, 5, 8, 5, 8, 10, 6, 9]
TBL_7_4_N = [100, 80, 80, 100, 110, 110, 100, 100, 90, 90, 110, 120, 120, 120, 110, 80, 80, 80,
             90, 100, 100, 100, 100, 90, 90]
# tbl_7.4_1.rds: cl 0.09551020408163265; (ucl, lcl) by sample size.
TBL_7_4_LIMITS = {
    100: (0.18368571343549223, 0.007334694727773067),
    80: (0.19409342051458195, 0.0),
    110: (0.17958225353821256, 0.011438154625052752),
    90: (0.18845535188285867, 0.0025650562804066107),
    120: (0.17600306323599374, 0.01501734492727154),
}
# Montgomery Example 7.4 (ex_7.4_1.rds): nonconformities in 20 samples of 50 units.
EX_7_4 = [2, 3, 8, 1, 1, 4, 1, 4, 5, 1, 8, 2, 4, 3, 4, 1, 8, 3, 7, 4]
# Montgomery Example 7.5 (ex_7.5_1.rds): imperfections per roll, rolls of varying area
# (square metres); qic(..., multiply = 50) charts imperfections per 50 square metres.
EX_7_5_X = [14, 12, 20, 11, 7, 10, 21, 16, 19, 23]
EX_7_5_N = [500, 400, 650, 500, 475, 500, 600, 525, 600, 625]
EX_7_5_LIMITS = {  # ex_7.5_1.rds: cl 1.4232558139534883; (ucl, lcl) by area
    500: (2.555037697780111, 0.29147393012686534),
    400: (2.6886264279230376, 0.15788519998393874),
    650: (2.4158941912700445, 0.43061743663693214),
    475: (2.5844395260417583, 0.26207210186521834),
    600: (2.456426593866043, 0.3900850340409337),
    525: (2.527761836941718, 0.3187497909652587),
    625: (2.4355523051291277, 0.41095932277784886),
}
# qicharts2 data/nhs_accidents.rda (Mohammed et al. 2013): attendances seen within 4 hours
# (r) and all attendances (n), 20 weeks.
NHS_R = [266501, 264225, 276532, 281461, 269071, 261215, 270409, 279778, 270483, 270320,
         267923, 271478, 255353, 256820, 261835, 259144, 255910, 260863, 264465, 260989]
NHS_N = [280443, 276823, 291681, 296155, 282343, 275888, 283867, 295251, 284468, 282529,
         279618, 283932, 266629, 268091, 276803, 271578, 266005, 273520, 278574, 273772]


def beyond(spc) -> list[int]:
    return [i for i, r in enumerate(spc["rules"]) if "beyond limit" in r]


# --- p chart --------------------------------------------------------------------------------------

def test_qicharts2_montgomery_example_7_1_p_chart_with_a_new_part():
    # ex_7.1_5.rds: part 1 (samples 1-30, without the excluded 15 and 23) cl 0.215,
    # ucl 0.38929716004571047, lcl 0.040702839954289555; part 2 (samples 31-94) cl 0.1096875,
    # ucl 0.24226995518120034, lcl 0 (clipped). Left out of the limits here as missing
    # values, as qicharts2 leaves them out with exclude = c(15, 23).
    counts = [math.nan if i in (14, 22) else c for i, c in enumerate(EX_7_1)]
    spc = p_chart(counts, [50] * 94, rebase_at=[30])
    assert spc["segment"].tolist() == [0] * 30 + [1] * 64
    for seg, (cl, ucl, lcl) in {0: (0.215, 0.38929716004571047, 0.040702839954289555),
                                1: (0.1096875, 0.24226995518120034, 0.0)}.items():
        part = spc[spc["segment"] == seg]
        assert part["mean"].tolist() == pytest.approx([cl] * len(part), abs=1e-12)
        assert part["ucl"].tolist() == pytest.approx([ucl] * len(part), abs=1e-12)
        assert part["lcl"].tolist() == pytest.approx([lcl] * len(part), abs=1e-12)
    # ex_7.1_5.rds sigma.signal: sample 21 (0.40) is above the upper limit (15 and 23 are too,
    # but are missing here)
    assert 20 in beyond(spc) and not {14, 22} & set(beyond(spc))
    assert spc.loc[14, "ucl"] == pytest.approx(0.38929716004571047)  # limits drawn past a gap


def test_qicharts2_montgomery_table_7_4_varying_sample_sizes():
    spc = p_chart(TBL_7_4_X, TBL_7_4_N)
    assert spc["mean"].tolist() == pytest.approx([0.09551020408163265] * 25, abs=1e-12)
    for n, (ucl, lcl) in TBL_7_4_LIMITS.items():
        rows = spc[spc["denominator"] == n]
        assert rows["ucl"].tolist() == pytest.approx([ucl] * len(rows), abs=1e-12)
        assert rows["lcl"].tolist() == pytest.approx([lcl] * len(rows), abs=1e-12)
    assert beyond(spc) == [10]  # tbl_7.4_1.rds sigma.signal: sample 11 only


def test_qicharts2_vignette_p_chart_too_narrow_for_nhs_accidents():
    spc = p_chart(NHS_R, NHS_N, scale=100)
    last = spc.iloc[-1]
    assert (last["mean"], last["lcl"], last["ucl"]) == pytest.approx((95.290, 95.169, 95.411),
                                                                     abs=5e-4)
    assert sorted(set(range(20)) - set(beyond(spc))) == [4, 6, 17, 19]  # weeks 5, 7, 18, 20


# --- p' chart -------------------------------------------------------------------------------------

def test_qicharts2_vignette_p_prime_chart_for_nhs_accidents():
    spc = p_prime_chart(NHS_R, NHS_N, scale=100)
    last = spc.iloc[-1]
    assert (last["mean"], last["lcl"], last["ucl"]) == pytest.approx((95.290, 93.997, 96.582),
                                                                     abs=5e-4)
    assert not spc["special_cause"].any()
    assert variation(spc, "higher") == "common_cause"
    assert assurance(spc, 95.0, "higher") == "hit_and_miss"
    assert assurance(spc, 98.0, "higher") == "fail"  # the 98% standard is out of reach
    # sigma_z: the p chart's limits are widened about ten-fold (over-dispersion)
    assert spc["sigma_z"].nunique() == 1
    assert 10 < spc["sigma_z"].iloc[0] < 11


def test_p_prime_follows_laneys_formula():
    # Laney (2002) as set out in Anhøj & Mohammed, spc4hc 43_prime_charts.Rmd lines 46-71:
    # limits pbar +/- 3 sigma_pi sigma_z, sigma_z = mean |z_i - z_i-1| / 1.128,
    # z_i = (p_i - pbar) / sigma_pi. Worked by hand on three periods:
    # x = 10, 30, 20 of n = 100, 200, 100: pbar = 60/400 = 0.15.
    spc = p_prime_chart([10, 30, 20], [100, 200, 100], screen_moving_ranges=False)
    pbar = 0.15
    s = [math.sqrt(pbar * 0.85 / n) for n in (100, 200, 100)]
    z = [(0.10 - pbar) / s[0], (0.15 - pbar) / s[1], (0.20 - pbar) / s[2]]
    sigma_z = (abs(z[1] - z[0]) + abs(z[2] - z[1])) / 2 / 1.128
    assert spc["sigma_z"].iloc[0] == pytest.approx(sigma_z)
    assert spc["ucl"].tolist() == pytest.approx([pbar + 3 * si * sigma_z for si in s])
    assert spc["lower_near"].tolist() == pytest.approx([pbar - 2 * si * sigma_z for si in s])


def test_p_prime_on_binomial_data_is_close_to_the_p_chart():
    # Laney: with no over-dispersion sigma_z is near 1 and p' is the p chart. Montgomery's
    # Table 7.4 is such a process (every point but one within the p limits).
    p = p_chart(TBL_7_4_X, TBL_7_4_N)
    pp = p_prime_chart(TBL_7_4_X, TBL_7_4_N)
    assert 0.8 < pp["sigma_z"].iloc[0] < 1.2
    assert (pp["mean"] == p["mean"]).all()


# --- u charts -------------------------------------------------------------------------------------

def test_qicharts2_montgomery_example_7_4_u_chart():
    spc = u_chart(EX_7_4, [50] * 20)
    assert spc["mean"].tolist() == pytest.approx([0.074] * 20, abs=1e-12)
    assert spc["ucl"].tolist() == pytest.approx([0.1894123043700281] * 20, abs=1e-12)
    assert spc["lcl"].tolist() == [0.0] * 20  # clipped at 0
    assert not spc["special_cause"].any()


def test_qicharts2_montgomery_example_7_5_u_chart_per_50_square_metres():
    spc = u_chart(EX_7_5_X, EX_7_5_N, scale=50)
    assert spc["mean"].tolist() == pytest.approx([1.4232558139534883] * 10, abs=1e-12)
    for n, (ucl, lcl) in EX_7_5_LIMITS.items():
        rows = spc[spc["denominator"] == n]
        assert rows["ucl"].tolist() == pytest.approx([ucl] * len(rows), abs=1e-12)
        assert rows["lcl"].tolist() == pytest.approx([lcl] * len(rows), abs=1e-12)
    assert spc["value"].iloc[0] == pytest.approx(14 / 500 * 50)


def test_u_prime_is_laney_on_poisson_sigmas():
    # spc4hc 43_prime_charts.Rmd lines 87-99: limits ubar +/- 3 sigma_ui sigma_z with
    # sigma_ui = sqrt(ubar / n_i). By hand: x = 4, 12, 6 over n = 100, 200, 100: ubar = 22/400.
    spc = u_prime_chart([4, 12, 6], [100, 200, 100], screen_moving_ranges=False, scale=1000)
    ubar = 22 / 400
    s = [math.sqrt(ubar / n) for n in (100, 200, 100)]
    z = [(4 / 100 - ubar) / s[0], (12 / 200 - ubar) / s[1], (6 / 100 - ubar) / s[2]]
    sigma_z = (abs(z[1] - z[0]) + abs(z[2] - z[1])) / 2 / 1.128
    assert spc["sigma_z"].iloc[0] == pytest.approx(sigma_z)
    assert spc["mean"].iloc[0] == pytest.approx(ubar * 1000)
    assert spc["ucl"].tolist() == pytest.approx([1000 * (ubar + 3 * si * sigma_z) for si in s])
    assert spc["lcl"].tolist() == pytest.approx(
        [1000 * max(0.0, ubar - 3 * si * sigma_z) for si in s])


def test_u_prime_limits_widen_with_over_dispersion():
    # the NHS accident counts read as a rate: u' limits are about sigma_z times the u limits
    u = u_chart(NHS_R, NHS_N)
    up = u_prime_chart(NHS_R, NHS_N)
    ratio = (up["ucl"] - up["mean"]) / (u["ucl"] - u["mean"])
    assert ratio.tolist() == pytest.approx(up["sigma_z"].tolist())
    assert up["sigma_z"].iloc[0] > 2


# --- rebase, missing values, validation ---------------------------------------------------------

def test_prime_charts_rebase_and_fix():
    x = NHS_R + NHS_R
    n = NHS_N + NHS_N
    spc = p_prime_chart(x, n, rebase_at=[20], scale=100)
    first, second = spc[spc["segment"] == 0], spc[spc["segment"] == 1]
    assert first["ucl"].tolist() == pytest.approx(second["ucl"].tolist())
    assert np.isnan(spc.loc[20, "moving_range"])
    fixed = p_prime_chart(NHS_R[:12] + [NHS_R[12] // 2] * 8, NHS_N, fix_after_n_points=12)
    assert fixed["mean"].iloc[0] == pytest.approx(sum(NHS_R[:12]) / sum(NHS_N[:12]))
    assert fixed["special_cause"].iloc[12:].all()  # the halved weeks are far below


def test_missing_and_zero_denominators():
    spc = u_chart([2, math.nan, 3, 4], [10, 10, 0, math.nan])
    assert spc["value"].isna().tolist() == [False, True, True, True]
    assert spc["mean"].iloc[0] == pytest.approx(0.2)  # only the first row counts
    assert not math.isnan(spc["ucl"].iloc[1]) and math.isnan(spc["ucl"].iloc[2])
    assert len(p_chart([], [])) == 0


@pytest.mark.parametrize("x, n", [([1, 2], [3]), ([-1], [3]), ([4], [3])])
def test_bad_inputs(x, n):
    with pytest.raises(ValueError):
        p_chart(x, n)


def test_frame_shape():
    spc = p_prime_chart(TBL_7_4_X, TBL_7_4_N, scale=100)
    assert list(spc.columns) == ["value", "mean", "ucl", "lcl", "upper_near", "lower_near",
                                 "moving_range", "special_cause", "rules", "side", "segment",
                                 "numerator", "denominator", "sigma_z"]
    assert spc.attrs["chart"] == "p_prime" and spc["special_cause"].dtype == bool
    assert (spc["lcl"] <= spc["lower_near"]).all() and (spc["upper_near"] <= spc["ucl"]).all()
    assert (spc["ucl"] <= 100).all() and (spc["lcl"] >= 0).all()
