"""The chart chosen for an indicator (outcomes.stats.chart_choice).

The rules are the partnership's (shared/statistics.md, "Choose the chart for the
data": XmR for continuous measures; p' (Laney) for proportions with varying
denominators; u or u' for rates; g or t for rare events; a run chart with Anhøj's
rules below 12 points). The units are those the catalogue uses
(core/catalogue.py: "%", "count", "score", "days", "rate per 1,000").
"""

from __future__ import annotations

import pytest

from outcomes.stats.chart_choice import CHARTS, ChartChoice, chart_for


@pytest.mark.parametrize("unit, n, rare, chart", [
    ("%", 20, False, "p_prime"),
    ("rate per 1,000", 20, False, "u_prime"),
    ("count", 20, False, "xmr"),
    ("score", 20, False, "xmr"),
    ("days", 20, False, "xmr"),
    ("%", 20, True, "g"),
    ("count", 20, True, "g"),
    ("days", 20, True, "t"),
    ("%", 11, False, "run"),
    ("days", 11, True, "run"),
    ("count", 0, False, "run"),
    ("%", 12, False, "p_prime"),
])
def test_chart_for(unit, n, rare, chart):
    choice = chart_for(unit, n, rare)
    assert isinstance(choice, ChartChoice) and choice.chart == chart and chart in CHARTS
    assert choice.reason and "\n" not in choice.reason


def test_reasons_say_why():
    assert "11 points" in chart_for("%", 11, False).reason
    assert "Laney" in chart_for("%", 30, False).reason
    assert "Anhøj" in chart_for("count", 5, False).reason
    assert "3.6" in chart_for("days", 30, True).reason
    assert len({chart_for(u, 30, r).reason for u in ("%", "rate per 1,000", "count", "score")
                for r in (False, True)}) == 5


@pytest.mark.parametrize("unit, n", [("£", 20), ("%", -1)])
def test_bad_arguments(unit, n):
    with pytest.raises(ValueError):
        chart_for(unit, n, False)
