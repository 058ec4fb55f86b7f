"""The board pack's SPC charts as PNGs: the app's charts, restyled for greyscale print.

Chromium draws them (`outcomes.draw.images`): `start_browser` starts it in the background
while the queries run, and `render_chart_pngs` queues each chart as soon as it is built.
`CHART_KEY` explains the printed markers, so it lives beside `spc_for_print`, which draws
them. A browser that cannot start is a `PackError`.
"""

from __future__ import annotations

import datetime as dt

from outcomes.draw import charts
from outcomes.packs.board_data import PackData
from outcomes.packs.layout import PackError
from outcomes.stats import process, scorecard

CHART_HEIGHT = 200           # CSS pixels, 780 wide: the chart spans the text width, two a page

CHART_KEY = ("How to read the charts: the black line is the value each quarter; the grey solid "
             "line is the mean and the grey dashed lines the process limits. A filled diamond "
             "marks a real improvement, an open diamond a real concern, a square a real change "
             "where neither direction is better; plain dots are ordinary variation. A dotted "
             "black line is the target. A gap is a quarter whose figure is hidden to protect "
             "children's privacy.")


def start_browser() -> None:
    """Start Chromium in the background while the queries run (it takes a few seconds)."""
    from outcomes.draw import images

    try:
        images.start()
    except images.ChartRenderError as exc:
        raise PackError(str(exc)) from exc


def spc_for_print(spec: dict, periods: list[dt.date]) -> dict:
    """Greyscale-safe special-cause markers (on the figure's dict): filled diamond = improving,
    open diamond = concern, square = a real change where neither direction is better."""
    for trace in spec.get("data", []):
        name = trace.get("name")
        if name == "Value":
            colours = list((trace.get("marker") or {}).get("color") or [])
            looks = {charts.IMPROVING: ("diamond", 15), charts.CONCERN: ("diamond-open", 16),
                     charts.COMMON: ("circle", 8)}
            shapes = [looks.get(c, ("square", 13)) for c in colours]
            trace["marker"] = {"symbol": [s for s, _ in shapes], "size": [z for _, z in shapes],
                               "color": ["#505050" if c == charts.COMMON else "#000000"
                                         for c in colours],
                               "line": {"width": 2.5, "color": "#000000"}}
            trace["line"] = {**(trace.get("line") or {}), "color": "#000000"}
        elif name in ("Upper process limit", "Lower process limit", "Mean", "Median"):
            trace["line"] = {**(trace.get("line") or {}), "color": "#6f6f6f",
                             "width": 2 if name == "Mean" else 1.8}
    layout = spec.setdefault("layout", {})
    for shape in layout.get("shapes") or ():
        line = shape.get("line") or {}
        if line.get("color") == "#CC79A7":            # the target
            shape["line"] = {**line, "color": "#000000", "width": 2}
    for ann in layout.get("annotations") or ():
        font = ann.get("font") or {}
        if font.get("color") in ("#8a3d6e", "#5f6368"):
            ann["font"] = {**font, "color": "#000000"}
    layout["margin"] = {"l": 10, "r": 140, "t": 30, "b": 10}
    if periods:   # the data's span: plotly would stretch it to fit the end labels
        xaxis = dict(layout.get("xaxis") or {})
        xaxis["range"] = [(min(periods) - dt.timedelta(days=50)).isoformat(),
                          (max(periods) + dt.timedelta(days=50)).isoformat()]
        layout["xaxis"] = xaxis
    return spec


def render_chart_pngs(data: PackData) -> dict[str, bytes]:
    """PNG of each charted figure's SPC chart, by indicator id. Each is queued as soon as it
    is built, so the browser draws one while Python builds the next."""
    from outcomes.draw import images

    todo = [f for f in data.figures if f.charted]
    if not todo:
        return {}
    try:
        futures = []
        for f in todo:
            ind = f.indicator
            spc = scorecard.spc_for(f.protected, ind.id, process.spc_plan(data.settings))
            fig = charts.spc_chart(list(f.protected.data["period_end"]), spc, unit=ind.unit,
                                   better=ind.better, target=f.target,
                                   baseline=data.baseline_q, changes=spc.attrs["changes"],
                                   height=CHART_HEIGHT)
            spec = spc_for_print(images.for_print(fig), list(f.protected.data["period_end"]))
            futures.append(images.submit(spec, height=CHART_HEIGHT))
        pngs = images.collect(futures, grey=True)
    except images.ChartRenderError as exc:
        raise PackError(str(exc)) from exc
    return {f.id: png for f, png in zip(todo, pngs)}
