"""g and t charts (outcomes.stats.rare_events) against published worked examples.

Sources:

* The qicharts2 vignette (github.com/anhoej/qicharts2, HEAD
  1b9487ecb3938d25a8a04578464f960d3a064f64, docs/articles/qicharts2.html lines
  684-719, "T and G charts for rare events"): surgeries (dd) and days (dt) between
  deaths in qicharts2's data/cabg.rda, by the vignette's code (cabg %>%
  mutate(x = row_number()) %>% filter(death) %>% mutate(dd = x - lag(x), dt = date -
  lag(date))); the vignette prints head(fatalities) (lines 694-699: dd 23, 39, 15, 34,
  1; dt 16, 20, 5, 13, 1). The charts are drawn in
  docs/articles/qicharts2_files/figure-html/unnamed-chunk-39-1.png (g chart: centre
  line 24.0, limits 0.0 and 128.2, death 25 above the upper limit) and
  unnamed-chunk-40-1.png (t chart: centre line 11.2, limits 0.0 and 97.3, death 25
  above the upper limit); "Deaths number 24 and 25 are unusually far apart".
* qicharts2 tests/testthat/test_montgomery.R lines 140-150, Montgomery Example 7.6
  (hours between failures, tbl_07.14, chart = 't'), reference ex_7.6_1.rds: cl
  430.04095178975825, ucl 6937.933488166575, lcl 0, no point beyond a limit (decoded
  from the .rds).
* Anhøj & Mohammed's book (github.com/anhoej/spc4hc, HEAD
  79bbb31fddad7c073f24065c9df9f013f0ff1001), 42_rare_events.Rmd: deliveries and days
  between cases of neonatal asphyxia in data/robson1_births.csv (lines 47, 106-109,
  138: sort by datetime, which(asphyxia), diff); line 119: "a 3-sigma signal would
  require at least 518 consecutive deliveries without asphyxia"; line 145: "about 190
  days ... must pass without any asphyxia before a signal".
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from outcomes.stats.control import variation
from outcomes.stats.rare_events import g_chart, t_chart

# qicharts2 cabg: surgeries (DD) and days (DT) between successive deaths, deaths 2 to 68.
DD = [23, 39, 15, 34, 1, 49, 98, 29, 27, 13, 45, 7, 10, 27, 24, 14, 20, 38, 44, 11, 10, 3, 113,
      183, 3, 47, 18, 18, 33, 15, 2, 38, 27, 27, 1, 52, 23, 7, 26, 82, 5, 49, 5, 17, 24, 44, 26,
      2, 27, 46, 55, 97, 22, 22, 20, 4, 60, 51, 7, 21, 66, 36, 25, 72, 15, 5, 3]
DT = [16, 20, 5, 13, 1, 26, 46, 12, 12, 5, 19, 4, 3, 15, 14, 9, 8, 15, 21, 6, 3, 1, 56, 117, 1,
      33, 9, 9, 19, 12, 1, 16, 13, 18, 1, 35, 16, 5, 21, 38, 3, 25, 3, 11, 13, 20, 9, 3, 8, 21,
      24, 38, 8, 13, 9, 1, 30, 23, 3, 7, 22, 19, 11, 31, 6, 1, 1]
DEATH_25 = 23  # DD[0] is the gap before death 2
# Montgomery Example 7.6 (qicharts2 ex_7.6_1.rds): hours between failures.
EX_7_6 = [286, 948, 536, 124, 816, 729, 4, 143, 431, 8, 2837, 596, 81, 227, 603, 492, 1199,
          1214, 2831, 96]
# spc4hc robson1_births.csv: deliveries and days (to 4 decimals) between asphyxia cases.
BIRTHS_G = [99, 64, 255, 68, 148, 73, 35, 63, 286, 24, 176, 33, 418, 139, 54]
BIRTHS_T = [17.766, 10.3764, 51.9444, 10.025, 26.5042, 12.2903, 5.9625, 8.7604, 41.5924, 3.9701,
            23.9139, 5.7521, 62.7799, 24.2, 6.5125]


def test_the_data_are_the_vignettes():
    assert DD[:5] == [23, 39, 15, 34, 1] and DT[:5] == [16, 20, 5, 13, 1]
    assert len(DD) == len(DT) == 67


# --- g chart --------------------------------------------------------------------------------------

def test_qicharts2_vignette_g_chart_surgeries_between_deaths():
    spc = g_chart(DD)
    row = spc.iloc[-1]
    assert (row["mean"], row["lcl"], row["ucl"]) == pytest.approx((24.0, 0.0, 128.2), abs=0.05)
    assert spc.attrs["centre"] == "median"
    assert [i for i, r in enumerate(spc["rules"]) if "beyond limit" in r] == [DEATH_25]
    assert spc.loc[DEATH_25, "side"] == "high"


def test_spc4hc_g_chart_deliveries_between_asphyxia():
    # "at least 518 consecutive deliveries": the upper limit lies between 517 and 518
    ucl = g_chart(BIRTHS_G)["ucl"].iloc[0]
    assert 517 < ucl <= 518


def test_g_chart_is_the_geometric_formula():
    # spc4hc 42_rare_events.Rmd lines 94-98: limits mean +/- 3 sqrt(mean (mean + 1)), the
    # lower clipped at 0; near band at 2 sigma. Mean of 1, 2, 3, 6 is 3: sigma = sqrt(12).
    spc = g_chart([1, 2, 3, 6])
    assert spc["ucl"].iloc[0] == pytest.approx(3 + 3 * math.sqrt(12))
    assert spc["upper_near"].iloc[0] == pytest.approx(3 + 2 * math.sqrt(12))
    assert spc["lcl"].iloc[0] == 0 and spc["lower_near"].iloc[0] == 0
    assert spc["mean"].iloc[0] == 2.5  # the median
    with pytest.raises(ValueError):
        g_chart([3, -1])


# --- t chart --------------------------------------------------------------------------------------

def test_qicharts2_vignette_t_chart_days_between_deaths():
    spc = t_chart(DT)
    row = spc.iloc[-1]
    assert (row["mean"], row["lcl"], row["ucl"]) == pytest.approx((11.2, 0.0, 97.3), abs=0.05)
    assert [i for i, r in enumerate(spc["rules"]) if "beyond limit" in r] == [DEATH_25]
    # screening the moving ranges (qicharts2's default, qic.screenedmr = TRUE) matters here:
    unscreened = t_chart(DT, screen_moving_ranges=False)
    assert unscreened["ucl"].iloc[0] > 100


def test_qicharts2_montgomery_example_7_6_t_chart():
    spc = t_chart(EX_7_6)
    assert spc["mean"].tolist() == pytest.approx([430.04095178975825] * 20, rel=1e-12)
    assert spc["ucl"].tolist() == pytest.approx([6937.933488166575] * 20, rel=1e-12)
    assert spc["lcl"].tolist() == [0.0] * 20
    assert not spc["rules"].str.contains("beyond limit").any()


def test_spc4hc_t_chart_days_between_asphyxia():
    # "about 190 days"
    assert round(t_chart(BIRTHS_T)["ucl"].iloc[0]) == 190


def test_t_chart_is_an_i_chart_on_the_transform():
    # spc4hc 42_rare_events.Rmd lines 128-134 and qicharts2 R/helper.functions.R lines 139-166
    # and 279-298 (qic.i, qic.t): x = y^(1/3.6), I chart limits mean(x) +/- 3 MR / 1.128,
    # back-transformed by ^3.6. By hand on y = 1, 8, 27, 64 (unscreened).
    y = [1.0, 8.0, 27.0, 64.0]
    x = [v ** (1 / 3.6) for v in y]
    m = sum(x) / 4
    sigma = sum(abs(b - a) for a, b in zip(x, x[1:])) / 3 / 1.128
    spc = t_chart(y, screen_moving_ranges=False)
    assert spc["mean"].iloc[0] == pytest.approx(m ** 3.6)
    assert spc["ucl"].iloc[0] == pytest.approx((m + 3 * sigma) ** 3.6)
    assert spc["upper_near"].iloc[0] == pytest.approx((m + 2 * sigma) ** 3.6)
    low = m - 3 * sigma
    assert spc["lcl"].iloc[0] == pytest.approx(low ** 3.6 if low > 0 else 0.0)
    for bad in ([1, 0, 2], [1, -2]):
        with pytest.raises(ValueError):
            t_chart(bad)


# --- rebase and the icons -----------------------------------------------------------------------

def test_rare_event_charts_rebase_and_judge_the_current_segment():
    spc = g_chart(DD + DD, rebase_at=[len(DD)])
    first, second = spc[spc["segment"] == 0], spc[spc["segment"] == 1]
    assert first["ucl"].tolist() == pytest.approx(second["ucl"].tolist())
    assert np.isnan(spc.loc[len(DD), "moving_range"])
    # longer gaps between deaths are better: the current process ends common cause
    assert variation(spc, "higher") == "common_cause"
    high_last = t_chart(DT + [150], fix_after_n_points=len(DT))
    assert variation(high_last, "higher") == "improvement_high"
    assert high_last["ucl"].iloc[0] == pytest.approx(t_chart(DT)["ucl"].iloc[0])


def test_missing_values_keep_their_rows():
    spc = t_chart([5.0, math.nan, 7.0, 2.0])
    assert len(spc) == 4 and math.isnan(spc["value"].iloc[1]) and spc["rules"].iloc[1] == ""
    assert list(spc.columns) == ["value", "mean", "ucl", "lcl", "upper_near", "lower_near",
                                 "moving_range", "special_cause", "rules", "side", "segment"]
    assert len(g_chart([])) == 0
