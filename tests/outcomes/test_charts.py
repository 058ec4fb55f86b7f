"""Charts mark what disclosure control hid: a labelled gap, never a bar of no length."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from outcomes.draw import charts
from outcomes.stats import control


def _marks(fig) -> list[str]:
    return [a.text for a in fig.layout.annotations if a.text.startswith("c")]


def test_a_hidden_bar_says_c():
    frame = pd.DataFrame({"band": ["Under 6 months", "1 to under 2 years"],
                          "pct": [25.0, np.nan]})
    fig = charts.bars(frame, category="band", value="pct", x_title="%")
    assert _marks(fig) == [charts.HIDDEN_MARK]
    assert [a.y for a in fig.layout.annotations if a.text == charts.HIDDEN_MARK] == [
        "1 to under 2 years"]


def test_a_hidden_step_says_c():
    fig = charts.funnel_steps([("Acted on", 60.0), ("Told", None)], x_title="%")
    assert [a.y for a in fig.layout.annotations if a.text == charts.HIDDEN_MARK] == ["Told"]


def test_a_hidden_point_is_a_labelled_gap_on_lines_and_spc_charts():
    days = [dt.date(2020, 3, 31), dt.date(2020, 6, 30), dt.date(2020, 9, 30)]
    frame = pd.DataFrame({"q": days, "v": [10.0, np.nan, 12.0], "g": "a"})
    fig = charts.lines(frame, x="q", y="v", group="g", y_title="%", hidden=True)
    assert [a.x for a in fig.layout.annotations if a.text == "c"] == [days[1]]
    # a published series that simply ends is not "hidden"
    fig = charts.lines(frame, x="q", y="v", group="g", y_title="%")
    assert not [a for a in fig.layout.annotations if a.text == "c"]
    spc = control.xmr([10.0, np.nan, 12.0])
    fig = charts.spc_chart(days, spc, unit="%", better="higher")
    assert [a.x for a in fig.layout.annotations if a.text == "c"] == [days[1]]


def test_age_bands_are_in_age_order_not_alphabetical():
    from outcomes.words.labels import natural_order
    assert natural_order(["12-15", "16-17", "5-11", "Under 5"]) == [
        "Under 5", "5-11", "12-15", "16-17"]
    frame = pd.DataFrame({"q": [dt.date(2020, 3, 31)] * 3, "v": [1.0, 2.0, 3.0],
                          "g": ["5-11", "Under 5", "12-15"]})
    fig = charts.lines(frame, x="q", y="v", group="g", y_title="%")
    assert [t.name for t in fig.data] == ["Under 5", "5-11", "12-15"]
