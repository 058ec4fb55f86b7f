"""Over-dispersion in funnel plots (Spiegelhalter 2005): winsorised phi, the chi-squared
test, and the multiplicative and additive (random effects) limits.

Published values the tests match (copied here; nothing is downloaded):

* FunnelPlotR (github.com/nhs-r-community/FunnelPlotR, commit 9020d49):
  tests/testthat/test-classes_methods.R lines 4-5 (data) and 18: phi = 2.948033 for six
  units, z = sqrt(E) log(O/E) (R/od_adjustment.R lines 69-71); its 10% truncation
  keeps all six (rank * 10 / 7 floors to 1, 2, 4, 5, 7, 8), so phi is mean(z^2).
  Its winsorisation (R/od_adjustment.R lines 99-108) uses R's quantile(), type 7.
* metafor (github.com/wviechtb/metafor, commit 0e54b31):
  tests/testthat/test_misc_metan_vs_rma.uni_with_dat.bcg.r lines 20 and 45 (checked
  there against Stata's metan): the BCG trials (Colditz et al. 1994, JAMA 271:698,
  metafor's dat.bcg), log relative risks, Q = 152.2330 and the DerSimonian-Laird
  tau^2 = 0.3088. Spiegelhalter's additive tau^2 is that estimator, with Q = k phi.
* Chi-squared upper 5% points: NIST/SEMATECH e-Handbook of Statistical Methods,
  1.3.6.7.4, "Critical values of the chi-square distribution".
"""

from __future__ import annotations

import numpy as np
import pytest

from outcomes.stats.intervals import (
    FUNNEL_Z,
    adjusted_funnel,
    chi2_upper,
    dispersion,
    funnel_limits,
    funnel_position,
    funnel_se,
    winsorise,
)

# FunnelPlotR tests/testthat/test-classes_methods.R lines 4-5: observed, expected
FPR_OBSERVED = [100, 150, 180, 80, 120, 225]
FPR_EXPECTED = [108, 112, 165, 95, 100, 220]

# metafor dat.bcg: tpos, tneg, cpos, cneg for the 13 trials (Colditz et al. 1994)
BCG = [(4, 119, 11, 128), (6, 300, 29, 274), (3, 228, 11, 209), (62, 13536, 248, 12619),
       (33, 5036, 47, 5761), (180, 1361, 372, 1079), (8, 2537, 10, 619),
       (505, 87886, 499, 87892), (29, 7470, 45, 7232), (17, 1699, 65, 1600),
       (186, 50448, 141, 27197), (5, 2493, 3, 2338), (27, 16886, 29, 17825)]


def test_phi_matches_funnelplotr():
    o, e = np.array(FPR_OBSERVED, float), np.array(FPR_EXPECTED, float)
    z, se = np.sqrt(e) * np.log(o / e), 1 / np.sqrt(e)
    d = dispersion(z, se, trim=0)           # truncation removed none of the six
    assert round(d.phi, 6) == 2.948033
    assert d.k == 6


def test_tau2_is_dersimonian_laird_as_metafor_and_stata_give():
    a, b, c, d = (np.array(col, float) for col in zip(*BCG))
    y = np.log((a / (a + b)) / (c / (c + d)))                  # log relative risk
    v = 1 / a - 1 / (a + b) + 1 / c - 1 / (c + d)              # its variance
    w = 1 / v
    mu = (w * y).sum() / w.sum()                               # fixed-effect mean
    assert mu == pytest.approx(-0.4303, abs=5e-5)              # metafor line 16
    disp = dispersion((y - mu) / np.sqrt(v), np.sqrt(v), trim=0)
    assert disp.k * disp.phi == pytest.approx(152.2330, abs=5e-5)   # Q, line 20
    assert disp.tau2 == pytest.approx(0.3088, abs=5e-5)             # tau^2, line 45
    assert disp.found and disp.p_value < 1e-20


def test_winsorising_sets_the_tails_to_the_10th_and_90th_percentiles_by_hand():
    # z = 1..10: R's quantile(z, c(0.1, 0.9)) (type 7) is 1.9 and 9.1
    z = np.arange(1, 11, dtype=float)
    assert winsorise(z).tolist() == pytest.approx([1.9, *range(2, 10), 9.1])
    # phi = (1.9^2 + 2^2 + ... + 9^2 + 9.1^2) / 10 = (3.61 + 284 + 82.81) / 10
    assert dispersion(z, np.ones(10)).phi == pytest.approx(37.042)
    assert dispersion(z, np.ones(10), trim=0).phi == pytest.approx(38.5)   # 385 / 10
    # a wild outlier moves phi only as far as the 90th percentile allows
    wild = np.append(np.zeros(9), 100.0)
    assert dispersion(wild, np.ones(10)).phi == pytest.approx(10.0 ** 2 / 10)


@pytest.mark.parametrize("df, critical", [(1, 3.841), (5, 11.070), (12, 21.026),
                                          (31, 44.985), (100, 124.342)])
def test_chi2_upper_tail_at_the_published_5_percent_points(df, critical):
    assert chi2_upper(critical, df) == pytest.approx(0.05, abs=2e-4)
    assert chi2_upper(0, df) == 1.0
    assert chi2_upper(critical * 3, df) < 0.05 < chi2_upper(critical / 2, df)


def test_standard_errors_on_the_charts_scale():
    assert funnel_se(20, [400], kind="proportion", scale=100)[0] == pytest.approx(
        100 * np.sqrt(0.2 * 0.8 / 400))
    assert funnel_se(12, [50_000], kind="rate", scale=1000)[0] == pytest.approx(
        1000 * np.sqrt(0.012 / 50_000))
    with pytest.raises(ValueError):
        funnel_se(12, [10], kind="normal")


def overdispersed(seed: int = 7, k: int = 32, spread: float = 0.05):
    """Councils whose true proportions vary around 0.2 (sd `spread`), sizes 50-2,500."""
    rng = np.random.default_rng(seed)
    n = rng.integers(50, 2500, size=k).astype(float)
    p = np.clip(rng.normal(0.2, spread, size=k), 0.01, 0.99)
    return 100 * rng.binomial(n.astype(int), p) / n, n


def test_multiplicative_limits_are_widened_by_root_phi():
    values, n = overdispersed()
    f = adjusted_funnel(values, n, 20, kind="proportion", scale=100, method="multiplicative",
                        curve_n=[1000, 5000])
    d = f.dispersion
    assert d.found and d.phi > 1 and f.method == "multiplicative" and f.adjusted
    se = funnel_se(20, np.array([1000, 5000.0]), kind="proportion", scale=100)
    for level, tag in (("95%", "95"), ("99.8%", "998")):
        half = FUNNEL_Z[level] * np.sqrt(d.phi) * se
        assert f.curve[f"low{tag}"].tolist() == pytest.approx(np.maximum(20 - half, 0).tolist())
        assert f.curve[f"high{tag}"].tolist() == pytest.approx((20 + half).tolist())
    assert f.description.startswith("Limits widened for over-dispersion (multiplicative, "
                                    f"phi = {d.phi:.1f}, winsorised 10%)")


def test_additive_limits_add_the_between_council_variance():
    values, n = overdispersed()
    f = adjusted_funnel(values, n, 20, kind="proportion", scale=100, curve_n=[100, 1e7])
    d = f.dispersion
    assert f.method == "additive" and d.tau2 > 0
    se = funnel_se(20, np.array([100, 1e7]), kind="proportion", scale=100)
    half = FUNNEL_Z["95%"] * np.sqrt(se ** 2 + d.tau2)
    assert f.curve["high95"].tolist() == pytest.approx((20 + half).tolist())
    # a very large council's limits stay tau wide, however many children it has
    assert f.curve["high95"].iloc[1] == pytest.approx(20 + FUNNEL_Z["95%"] * np.sqrt(d.tau2),
                                                      rel=1e-3)
    assert (f"(additive random effects, phi = {d.phi:.1f}, tau = {np.sqrt(d.tau2):.1f}, "
            "winsorised 10%)") in f.description
    # fewer councils outside than against the exact limits
    exact = adjusted_funnel(values, n, 20, kind="proportion", scale=100, method="exact")
    outside = [sum(p not in ("within", "unknown") for p in x.positions) for x in (f, exact)]
    assert outside[0] < outside[1]
    assert "Exact limits, not adjusted for over-dispersion" in exact.description


def test_no_adjustment_when_the_spread_is_what_chance_gives():
    # every council exactly on target but for binomial noise of under a standard error
    n = np.array([100, 200, 400, 800, 1600] * 4, dtype=float)
    se = funnel_se(20, n, kind="proportion", scale=100)
    values = 20 + se * np.tile([-0.9, 0.4, 0.8, -0.3, 0.1], 4)
    f = adjusted_funnel(values, n, 20, kind="proportion", scale=100)
    assert not f.dispersion.found and f.dispersion.phi < 1
    assert f.method == "exact" and f.asked == "additive" and not f.adjusted
    assert f.description.startswith("No adjustment: the councils' spread is what chance "
                                    "gives (phi = ")
    low, high = funnel_limits(20, f.curve["n"], kind="proportion", scale=100)
    assert f.curve["low95"].tolist() == pytest.approx(low.tolist())
    assert f.curve["high95"].tolist() == pytest.approx(high.tolist())
    assert set(f.positions) == {"within"}


def test_exact_positions_are_funnel_position_and_missing_units_are_unknown():
    values, n = overdispersed(seed=3, k=12)
    values[0], n[1] = np.nan, 0
    f = adjusted_funnel(values, n, 20, kind="proportion", scale=100, method="exact")
    assert f.positions == tuple(funnel_position(v, m, 20, kind="proportion", scale=100)
                                for v, m in zip(values, n))
    assert f.positions[:2] == ("unknown", "unknown") and f.dispersion.k == 10


def test_rates_use_the_poisson_standard_error():
    rng = np.random.default_rng(11)
    n = rng.integers(4000, 110_000, size=32).astype(float)
    rate = np.clip(rng.normal(0.013, 0.004, size=32), 0.002, None)
    values = 1000 * rng.poisson(rate * n) / n
    f = adjusted_funnel(values, n, 13, kind="rate", scale=1000)
    z = (values - 13) / (1000 * np.sqrt(0.013 / n))
    assert f.dispersion.phi == pytest.approx(np.mean(winsorise(z) ** 2))
    assert f.method == "additive" and (f.curve["low998"] >= 0).all()


def test_too_few_councils_or_an_unknown_method():
    f = adjusted_funnel([20.0], [100], 20, kind="proportion", scale=100)
    assert f.method == "exact" and "too few councils" in f.description
    with pytest.raises(ValueError):
        adjusted_funnel([20.0], [100], 20, kind="proportion", scale=100, method="both")
