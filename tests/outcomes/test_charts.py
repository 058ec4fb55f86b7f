"""Charts mark what disclosure control hid: a labelled gap, never a bar of no length."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import plotly.io as pio

from outcomes.draw import charts
from outcomes.stats import control


def _marks(fig) -> list[str]:
    return [a.text for a in fig.layout.annotations if a.text.startswith("c")]


def test_a_hidden_bar_says_c():
    frame = pd.DataFrame({"band": ["Under 6 months", "1 to under 2 years"],
                          "pct": [25.0, np.nan], "n": [1234, np.nan]})
    fig = charts.bars(frame, category="band", value="pct", n="n", x_title="%")
    assert _marks(fig) == [charts.HIDDEN_MARK]
    assert [a.y for a in fig.layout.annotations if a.text == charts.HIDDEN_MARK] == [
        "1 to under 2 years (n=c)"]
    # every bar names its n, so a share is never read without its base
    assert list(fig.data[0].y) == ["Under 6 months (n=1,234)", "1 to under 2 years (n=c)"]


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


def _luminance(hex_colour: str) -> float:
    rgb = [int(hex_colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _contrast(a: str, b: str) -> float:
    hi, lo = sorted([_luminance(a), _luminance(b)], reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_chart_text_is_dark_and_at_least_14px_and_every_line_colour_passes_on_white():
    layout = pio.templates["outcomes"].layout
    for axis in (layout.xaxis, layout.yaxis):
        assert axis.tickfont.size >= 14
        assert _contrast(axis.tickfont.color, "#ffffff") >= 4.5
    # a line or bar colour is a graphical object: WCAG 1.4.11 asks 3:1 against its ground
    assert all(_contrast(c, "#ffffff") >= 3 for c in charts.PALETTE)


def test_small_multiples_give_each_group_its_panel_titled_with_its_latest_value():
    days = [dt.date(2020, 3, 31), dt.date(2020, 6, 30)]
    frame = pd.DataFrame({"q": days * 2, "g": ["safe"] * 2 + ["healthy"] * 2,
                          "v": [60.0, 62.0, 55.0, np.nan]})
    fig = charts.small_multiples(frame, x="q", y="v", group="g", y_title="%",
                                 labels={"safe": "Safe", "healthy": "Healthy"}, columns=2)
    assert [t.name for t in fig.data] == ["Safe", "Healthy"]
    titles = [a.text for a in fig.layout.annotations][:2]
    assert titles == ["Safe: 62%", "Healthy: 55%"]
    # the hidden quarter is a labelled gap in its own panel
    assert [a.x for a in fig.layout.annotations if a.text == "c"] == [days[1]]


def _every_builder() -> dict:
    """One figure from every chart builder, with hidden values, dates and pandas columns."""
    from outcomes.draw import funnel_plot
    from outcomes.draw.neighbours import neighbour_bars
    days = [dt.date(2020, 3, 31) + dt.timedelta(days=91 * i) for i in range(14)]
    rng = np.random.default_rng(3)
    spc = control.xmr(list(rng.normal(50, 5, 14)), rebase_at=[8])
    spc.loc[4, "value"] = np.nan
    frame = pd.DataFrame({"q": days * 2, "g": ["safe"] * 14 + ["healthy"] * 14,
                          "v": list(rng.uniform(20, 80, 28))})
    frame.loc[3, "v"] = np.nan
    bars = pd.DataFrame({"band": ["Under 6 months", "1 to under 2 years", "Longer"],
                         "pct": [25.0, np.nan, 40.0], "n": [1234, np.nan, 80],
                         "low": [22.0, np.nan, 30.0], "high": [28.0, np.nan, 50.0]})
    grid = pd.DataFrame({"r": ["a", "a", "b", "b"], "c": ["x", "y", "x", "y"],
                         "v": [10.0, np.nan, 60.0, 90.0]})
    points = pd.DataFrame({"name": ["A", "B", "C"], "n": [100, 400, 900],
                           "value": [20.0, 35.0, 28.0]})
    curve = pd.DataFrame({"n": [50, 500, 1000], "low95": [15.0, 24.0, 25.0],
                          "high95": [45.0, 36.0, 35.0], "low998": [10.0, 22.0, 23.0],
                          "high998": [50.0, 38.0, 37.0]})
    return {
        "spc_chart": charts.spc_chart(days, spc, unit="%", better="higher", target=55.0,
                                      baseline=days[3], changes=[(days[8], "new team")]),
        "spc_chart_short": charts.spc_chart(days, spc, unit="count", better="lower",
                                            height=200, changes=[(days[8], "")]),
        "lines": charts.lines(frame, x="q", y="v", group="g", y_title="%", hidden=True),
        "lines_legend": charts.lines(frame, x="q", y="v", group="g", y_title="%",
                                     legend=True, zero_based=False, y_max=100),
        "small_multiples": charts.small_multiples(
            frame, x="q", y="v", group="g", y_title="%",
            labels={"safe": "Safe", "healthy": "Healthy"}, columns=2),
        "bars": charts.bars(bars, category="band", value="pct", n="n", x_title="%"),
        "bars_with_interval": charts.bars_with_interval(
            bars, category="band", value="pct", low="low", high="high", n="n", x_title="%"),
        "heatmap": charts.heatmap(grid, rows="r", cols="c", value="v", title="%"),
        "funnel_steps": charts.funnel_steps([("Acted on", 60.0), ("Told", None)],
                                            x_title="%"),
        "grade_grid": charts.grade_grid(grid.assign(v=[1, 2, np.nan, 6]), rows="r",
                                        cols="c", value="v"),
        "funnel": funnel_plot.funnel(points, target=30.0, curve=curve, x_title="children",
                                     y_title="%", highlight="B", group={"A"}),
        "neighbour_bars": neighbour_bars(
            pd.DataFrame({"name": ["Here", "A", "B"], "value": [14.0, np.nan, 9.0],
                          "marker": [None, "c", None],
                          "role": ["council", "neighbour", "neighbour"]}),
            unit="%", x_title="per cent", england=10.0, median=9.5),
    }


def test_figures_built_unchecked_are_the_figures_plotly_would_validate():
    """Builders skip Plotly's per-property checks for speed (issue 14): each figure must
    rebuild, with every check on, into exactly the same JSON the browser is sent."""
    import json

    import plotly.graph_objects as go
    for name, fig in _every_builder().items():
        sent = json.loads(pio.to_json(fig, validate=False))
        checked = go.Figure(fig.to_dict())          # raises on any invalid property
        assert json.loads(pio.to_json(checked)) == sent, name
        assert sent["data"], name


def test_the_england_and_median_labels_never_print_over_each_other():
    """However close England and the neighbours' median are, the lower line's label reads
    leftwards from it and the higher's rightwards."""
    from outcomes.draw.neighbours import neighbour_bars
    frame = pd.DataFrame({"name": ["Here", "A"], "value": [71.0, 90.0], "marker": [None, None],
                          "role": ["council", "neighbour"]})
    for england, median in ((67.0, 104.0), (104.0, 67.0), (80.0, 80.0)):
        fig = neighbour_bars(frame, unit="per 10,000", x_title="", england=england,
                             median=median)
        labels = {a.text.split(" ")[0]: a for a in fig.layout.annotations}
        low, high = sorted((labels["England"], labels["Neighbours'"]), key=lambda a: a.x)
        assert (low.xanchor, high.xanchor) == ("right", "left"), (england, median)
        assert min(a.font.size for a in fig.layout.annotations) >= 14
