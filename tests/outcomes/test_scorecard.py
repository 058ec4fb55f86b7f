"""Where an indicator stands, in words: the latest period or a plain statement that it is
hidden, never an older quarter; a percentage with its base."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from outcomes.query.disclosure import protect
from outcomes.stats import scorecard

QUARTERS = [dt.date(2025, 3, 31), dt.date(2025, 6, 30), dt.date(2025, 9, 30),
            dt.date(2025, 12, 31), dt.date(2026, 3, 31), dt.date(2026, 6, 30)]


def _series(nums, dens):
    frame = pd.DataFrame({"period_end": QUARTERS[:len(nums)], "numerator": nums,
                          "denominator": dens})
    frame["value"] = 100 * frame["numerator"] / frame["denominator"]
    return protect(frame, counts=["numerator", "denominator"], threshold=5,
                   rates={"value": ("numerator", "denominator")})


def test_a_hidden_latest_quarter_is_said_not_replaced_by_an_older_one():
    # the care leavers of one locality, sex and disability: 2 of 5 now (hidden), earlier
    # quarters shown; the headline must not fall back to 2025 Q2's figure
    series = _series([6, 6, 7, 8, 7, 2], [10, 11, 12, 12, 12, 5])
    s = scorecard.status("aftercare_receiving_pct", series, dt.date(2019, 12, 31), 65.0,
                         period=QUARTERS[5])
    assert s.latest is None and s.hidden and s.latest_period == QUARTERS[5]
    text = scorecard.sentence(s)
    assert "hidden in 2026 Q2" in text
    assert "2025" not in text and "%" not in text.split("Target")[0]


def test_a_missing_latest_quarter_is_said():
    series = _series([6, 6, 7], [10, 11, 12])
    s = scorecard.status("aftercare_receiving_pct", series, dt.date(2019, 12, 31), None,
                         period=QUARTERS[5])
    assert s.latest is None and not s.hidden
    assert "no figure in 2026 Q2" in scorecard.sentence(s)


def test_a_percentage_says_how_many_it_is_out_of():
    series = _series([600, 620, 1234], [1200, 1210, 2415])
    s = scorecard.status("aftercare_receiving_pct", series, dt.date(2019, 12, 31), None)
    assert "51.1% (1,234 of 2,415) in 2025 Q3" in scorecard.sentence(s)


def test_a_proportion_is_judged_on_a_p_prime_chart_and_hidden_stays_hidden():
    import numpy as np
    nums = [50 + (i % 3) for i in range(16)] + [3]
    dens = [100 + 5 * (i % 4) for i in range(16)] + [6]
    frame = pd.DataFrame({"period_end": [dt.date(2020, 3, 31) + dt.timedelta(days=91 * i)
                                         for i in range(17)],
                          "numerator": nums, "denominator": dens})
    frame["value"] = 100 * frame["numerator"] / frame["denominator"]
    series = protect(frame, counts=["numerator", "denominator"], threshold=5,
                     rates={"value": ("numerator", "denominator")})
    spc = scorecard.spc_for(series, "aftercare_receiving_pct")
    assert spc.attrs["choice"].chart == "p_prime"
    assert np.isnan(spc["value"].iloc[-1])           # 3 of 6: hidden, not drawn from 3/6
    short = scorecard.spc_for(_series([6, 6, 7], [10, 11, 12]), "aftercare_receiving_pct")
    assert short.attrs["choice"].chart == "run"      # fewer than 12 quarters
    lac = pd.DataFrame({"period_end": frame["period_end"], "numerator": nums})
    lac["value"] = lac["numerator"]
    counts = protect(lac, counts=["numerator", "value"], threshold=5)
    assert scorecard.spc_for(counts, "lac_count").attrs["choice"].chart == "xmr"
