"""Plotly figure builders. Colour-blind-safe (Okabe-Ito), readable in greyscale
(dash patterns and markers differ, not only hue), lines labelled at their
ends rather than by a legend alone, large type for a projector.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go
from plotly.colors import get_colorscale
from plotly.subplots import make_subplots

from outcomes.draw.style import (CHART_PX, COMMON, CONCERN, DASHES, FONT, IMPROVING, INK, MARKERS,
                                 UNCHECKED,
                                 PALETTE, _annotate, _end_label_notes, _end_labels, _hline,
                                 _layout, _short, _span, _vline)
from outcomes.words.labels import natural_order


def spc_chart(periods: list[dt.date], spc: pd.DataFrame, *, unit: str, better: str,
              target: float | None = None, baseline: dt.date | None = None,
              changes: list[tuple[dt.date, str]] = (), height: int = CHART_PX) -> go.Figure:
    """An XmR chart: the values, mean and process limits, special causes marked; each
    declared process change (date, reason) a line, each process's limits its own. `height`
    in CSS pixels (the packs draw shorter charts: their end labels are spread further)."""
    percent = unit == "%"
    fig = go.Figure(**UNCHECKED)
    x = list(periods)
    segment = (spc["segment"] if "segment" in spc else pd.Series(0, index=spc.index)).to_numpy()
    for col, name, dash in (("ucl", "Upper process limit", "dash"),
                            ("lcl", "Lower process limit", "dash"),
                            ("mean", spc.attrs.get("centre", "mean").capitalize(), "solid")):
        for k, s in enumerate(dict.fromkeys(segment)):      # each process its own limits
            rows = segment == s
            fig.add_trace(go.Scatter(**UNCHECKED, x=[d for d, r in zip(x, rows) if r],
                                     y=spc[col][rows], name=name, mode="lines",
                                     showlegend=k == 0, legendgroup=col,
                                     line=dict(color="#9aa0a6", width=1.5, dash=dash),
                                     hoverinfo="skip"))
    notes, shapes = [], []                       # added at the end, in one update each
    # a process change's name near the top (the inspection baseline's is at the bottom);
    # above the plot on a chart shorter than the screen's, where points fill the top
    above = height < CHART_PX
    for day, reason in changes:
        shapes.append(_vline(day, dict(color="#1f1f1f", width=1.5, dash="dash")))
        notes.append(dict(x=day, yref="paper", y=1.0 if above else 0.86,
                          yanchor="bottom" if above else "top", xanchor="left", xshift=4,
                          text=f"process change: {reason or day.isoformat()}",
                          showarrow=False, font=dict(size=14, color="#1f1f1f"),
                          bgcolor="rgba(0,0,0,0)" if above else "rgba(255,255,255,0.8)"))
    colours = [_point_colour(row, better) for row in spc.itertuples()]
    symbols = ["diamond" if c != COMMON else "circle" for c in colours]
    fig.add_trace(go.Scatter(**UNCHECKED,
        x=x, y=spc["value"], name="Value", mode="lines+markers",
        line=dict(color="#1f1f1f", width=2.5), marker=dict(color=colours, size=10,
                                                            symbol=symbols),
        hovertemplate="%{y:.1f}" + ("%" if percent else "") + "<extra></extra>"))
    notes += _hidden_point_notes([p for p, v in zip(x, spc["value"]) if pd.isna(v)])
    # the limits', the mean's and the target's names at the right, spread so none overprints
    labels, last = [], spc["ucl"].last_valid_index()
    if last is not None:
        labels = [(x[last], spc[col].iloc[last], name, "#5f6368") for col, name in
                  (("lcl", "lower limit"), ("mean", spc.attrs.get("centre", "mean")),
                   ("ucl", "upper limit"))]
    if target is not None:
        shapes.append(_hline(target, dict(color="#CC79A7", width=2, dash="dot")))
        labels.append((x[-1] if last is None else x[last], target,
                       f"target {target:g}{'%' if percent else ''}", "#8a3d6e"))
    if labels:
        notes += _end_label_notes(labels, _span(pd.concat([spc["ucl"], spc["value"],
                                                           pd.Series([target])])), height)
    if baseline is not None and x and x[0] <= baseline <= x[-1]:
        shapes.append(_vline(baseline, dict(color="#5f6368", width=1, dash="dot")))
        notes.append(dict(x=baseline, yref="paper", y=0.02, yanchor="bottom", xanchor="left",
                          xshift=4, text="inspection baseline", showarrow=False,
                          font=dict(size=14, color="#5f6368"), bgcolor="rgba(255,255,255,0.8)"))
    _annotate(fig, notes, shapes)
    return _layout(fig, unit if not percent else "per cent", height=height, percent=percent)


def _point_colour(row, better: str) -> str:
    if not getattr(row, "special_cause", False):
        return COMMON
    if better == "neither":
        return "#E69F00"
    good_side = "high" if better == "higher" else "low"
    return IMPROVING if row.side == good_side else CONCERN


def lines(frame: pd.DataFrame, *, x: str, y: str, group: str, y_title: str,
          percent: bool = True, labels: dict[str, str] | None = None,
          y_max: float | None = None, zero_based: bool = True,
          legend: bool = False, hidden: bool = False) -> go.Figure:
    """Several lines, each with its own colour, dash and marker, labelled at the end (or,
    with `legend`, in a legend below: for lines that end at different places, where an
    end label would sit on top of a longer line)."""
    fig = go.Figure(**UNCHECKED)
    labels = labels or {}
    ends = []
    for i, name in enumerate(natural_order(sorted(frame[group].dropna().unique(), key=str))):
        part = frame.loc[frame[group] == name].sort_values(x)
        label = labels.get(name, str(name))
        colour = PALETTE[i % len(PALETTE)]
        fig.add_trace(go.Scatter(**UNCHECKED,
            x=part[x], y=part[y], name=label, mode="lines+markers",
            line=dict(color=colour, width=2.5, dash=DASHES[i % len(DASHES)]),
            marker=dict(symbol=MARKERS[i % len(MARKERS)], size=7),
            hovertemplate=f"{label}: %{{y:.1f}}{'%' if percent else ''}<extra></extra>"))
        valid = part.dropna(subset=[y])
        if len(valid):
            ends.append((valid[x].iloc[-1], valid[y].iloc[-1], _short(label), colour))
    # `hidden`: a missing value is one disclosure control hid (not merely unpublished)
    hidden_x = frame.groupby(x)[y].apply(lambda s: s.isna().any()) if hidden and len(
        frame) else None
    if hidden_x is not None:
        _mark_hidden_points(fig, list(hidden_x[hidden_x].index))
    values = pd.to_numeric(frame[y], errors="coerce").astype(float)
    span = y_max or (_span(values) if zero_based else
                     max(float(values.max() - values.min()), 1.0) if values.notna().any() else 1)
    if not legend:
        _end_labels(fig, ends, span)
    fig = _layout(fig, y_title, percent=percent)
    if not zero_based:
        fig.update_yaxes(rangemode="normal")
    if len(frame):
        fig.update_xaxes(range=[frame[x].min(), frame[x].max()])
        fig.update_layout(margin=dict(l=10, r=20 if legend else 230, t=30, b=10))
    if legend:
        fig.update_layout(showlegend=True, legend=dict(orientation="h", y=-0.3, x=0))
    if y_max is not None:
        fig.update_yaxes(range=[0, y_max])
    return fig


def small_multiples(frame: pd.DataFrame, *, x: str, y: str, group: str, y_title: str,
                    labels: dict[str, str], y_max: float = 100, columns: int = 4,
                    percent: bool = True) -> go.Figure:
    """One small panel per group (in `labels` order), the same axes in each, so that
    lines which sit close together are read one at a time, not as a tangle. Each panel's
    title carries the group's latest value; a hidden point is a labelled gap."""
    names = [g for g in labels if (frame[group] == g).any()]
    rows = -(-len(names) // columns) or 1
    titles = []
    for name in names:
        part = frame.loc[frame[group] == name]
        valid = part.loc[pd.to_numeric(part[y], errors="coerce").notna()].sort_values(x)
        last = f": {float(valid[y].iloc[-1]):.0f}{'%' if percent else ''}" if len(valid) else ""
        titles.append(_wrap(f"{labels[name]}{last}"))
    fig = make_subplots(rows=rows, cols=columns, shared_xaxes=True, shared_yaxes=True,
                        subplot_titles=titles, horizontal_spacing=0.03,
                        vertical_spacing=0.16, figure=go.Figure(**UNCHECKED))
    traces, hidden = [], []                     # added in one call each: see _annotate
    for i, name in enumerate(names):
        part = frame.loc[frame[group] == name].sort_values(x)
        values = pd.to_numeric(part[y], errors="coerce").astype(float)
        traces.append(go.Scatter(**UNCHECKED,
            x=part[x], y=values, mode="lines+markers", name=labels[name],
            line=dict(color=PALETTE[0], width=2.5), marker=dict(size=5),
            hovertemplate=f"{labels[name]}: %{{y:.1f}}{'%' if percent else ''}<extra></extra>"))
        axis = "" if i == 0 else str(i + 1)     # panel i's axes: x, y, then x2, y2...
        hidden += [dict(x=when, y=0, xref=f"x{axis}", yref=f"y{axis}", yanchor="bottom",
                        text="c", showarrow=False, font=dict(size=14, color="#5f6368"))
                   for when in part.loc[values.isna().to_numpy(), x]]
    if traces:
        fig.add_traces(traces, rows=[i // columns + 1 for i in range(len(traces))],
                       cols=[i % columns + 1 for i in range(len(traces))])
    for title in fig.layout.annotations[:len(titles)]:
        title.font = dict(size=15, color=INK)
    _annotate(fig, hidden)
    fig.update_yaxes(range=[0, y_max], ticksuffix="%" if percent else "", nticks=4,
                     gridcolor="#e5e5e5")
    fig.update_yaxes(title=y_title, col=1)
    fig.update_xaxes(nticks=4, gridcolor="#f0f0f0")
    fig.update_layout(font=FONT, showlegend=False, height=150 + 210 * rows,
                      margin=dict(l=10, r=10, t=40, b=10), hovermode="x unified")
    return fig


def _wrap(text: str, width: int = 26) -> str:
    """A title on two lines (at the space nearest its middle) when longer than `width`."""
    if len(text) <= width or " " not in text:
        return text
    middle = len(text) // 2
    cut = min((i for i, ch in enumerate(text) if ch == " "), key=lambda i: abs(i - middle))
    return text[:cut] + "<br>" + text[cut + 1:]


def bars(frame: pd.DataFrame, *, category: str, value: str, n: str, x_title: str,
         labels: dict[str, str] | None = None, x_max: float = 100) -> go.Figure:
    """Horizontal bars of percentages, each labelled with its n (the column `n`); hidden
    groups a labelled gap."""
    return _bars(frame, category, value, n, x_title, labels, x_max, error=None)


def bars_with_interval(frame: pd.DataFrame, *, category: str, value: str, low: str,
                       high: str, n: str, x_title: str, labels: dict[str, str] | None = None,
                       x_max: float = 100) -> go.Figure:
    """Horizontal bars with 95% Wilson intervals; hidden groups left blank."""
    error = dict(type="data", symmetric=False, array=frame[high] - frame[value],
                 arrayminus=frame[value] - frame[low], color="#1f1f1f", thickness=1.5)
    return _bars(frame, category, value, n, x_title, labels, x_max, error=error)


def _bars(frame: pd.DataFrame, category: str, value: str, n: str, x_title: str,
          labels: dict[str, str] | None, x_max: float, error: dict | None) -> go.Figure:
    labels = labels or {}
    names = [f"{labels.get(c, str(c))} (n={_count(k)})" for c, k in zip(frame[category],
                                                                      frame[n])]
    hidden = frame[value].isna()
    fig = go.Figure(**UNCHECKED, data=go.Bar(**UNCHECKED,
        y=names, x=frame[value], orientation="h", marker_color=PALETTE[0], error_x=error,
        text=[("" if pd.isna(v) else f"{v:.0f}%") for v in frame[value]],
        textposition="inside" if error else "outside", insidetextanchor="start",
        cliponaxis=False, hovertemplate="%{y}: %{x:.1f}%<extra></extra>"))
    _mark_hidden_bars(fig, [n for n, h in zip(names, hidden) if h])
    fig = _layout(fig, "", height=max(260, 60 + 42 * len(frame)), percent=False)
    fig.update_xaxes(title=x_title, range=[0, x_max], ticksuffix="%")
    fig.update_yaxes(title_text="", autorange="reversed")
    fig.update_layout(margin=dict(l=10, r=40, t=20, b=10))
    return fig


def _count(value) -> str:
    """A bar's n as shown: "c" when hidden."""
    return "c" if value is None or pd.isna(value) else f"{int(value):,}"


HIDDEN_MARK = "c (hidden: too few children to show)"


def _mark_hidden_bars(fig: go.Figure, names: list[str]) -> None:
    """A hidden bar is a labelled gap: "c" at its foot, never a bar of no length."""
    _annotate(fig, [dict(x=0, y=name, text=HIDDEN_MARK, showarrow=False, xanchor="left",
                         xshift=4, font=dict(size=14, color="#5f6368")) for name in names])


def _mark_hidden_points(fig: go.Figure, xs: list) -> None:
    """A hidden point of a line is a labelled gap: "c" on the axis at its place."""
    _annotate(fig, _hidden_point_notes(xs))


def _hidden_point_notes(xs: list) -> list[dict]:
    return [dict(x=x, yref="paper", y=0, yanchor="bottom", text="c", showarrow=False,
                 font=dict(size=14, color="#5f6368")) for x in xs]


def heatmap(frame: pd.DataFrame, *, rows: str, cols: str, value: str, title: str,
            row_order: list | None = None, col_order: list | None = None) -> go.Figure:
    """A grid of percentages; darker is higher; hidden cells say "c"."""
    grid = frame.pivot_table(index=rows, columns=cols, values=value, aggfunc="first",
                             dropna=False)
    if row_order:
        grid = grid.reindex([r for r in row_order if r in grid.index])
    if col_order:
        grid = grid.reindex(columns=[c for c in col_order if c in grid.columns])
    text = [["c" if pd.isna(v) else f"{v:.0f}%" for v in row] for row in grid.to_numpy()]
    fig = go.Figure(**UNCHECKED, data=go.Heatmap(**UNCHECKED,
        z=grid.to_numpy(dtype=float), x=[str(c) for c in grid.columns],
        y=[str(r) for r in grid.index], text=text, texttemplate="%{text}",
        colorscale=get_colorscale("Blues"), zmin=0, zmax=100,
        colorbar=dict(title=dict(text=title), ticksuffix="%"),
        hovertemplate="%{y} / %{x}: %{text}<extra></extra>", xgap=2, ygap=2))
    fig.update_layout(font=FONT,
                      height=max(280, 70 + 46 * len(grid)), margin=dict(l=10, r=10, t=20, b=10))
    fig.update_yaxes(autorange="reversed")
    return fig


def funnel_steps(steps: list[tuple[str, float | None]], *, x_title: str) -> go.Figure:
    """Heard -> acted on -> told -> used: one bar per step, in order."""
    names = [s for s, _ in steps]
    values = [v for _, v in steps]
    fig = go.Figure(**UNCHECKED, data=go.Bar(**UNCHECKED,
        y=names, x=values, orientation="h", marker_color=PALETTE[0],
        text=[("" if v is None or pd.isna(v) else f"{v:.0f}%") for v in values],
        textposition="outside", cliponaxis=False,
        hovertemplate="%{y}: %{x:.1f}%<extra></extra>"))
    _mark_hidden_bars(fig, [n for n, v in zip(names, values) if v is None or pd.isna(v)])
    fig = _layout(fig, "", height=260)
    fig.update_xaxes(title=x_title, range=[0, 100], ticksuffix="%")
    fig.update_yaxes(title_text="", autorange="reversed")
    fig.update_layout(margin=dict(l=10, r=40, t=20, b=10))
    return fig


GRADE_SCALE = [[0.0, "#b35806"], [0.2, "#f1a340"], [0.4, "#fdd49e"], [0.6, "#bcbddc"],
               [0.8, "#8073ac"], [1.0, "#542788"]]  # PuOr, colour-blind safe, 1 -> 6; no
#                                                     near-white step, so 4 is not "blank"


def grade_grid(frame: pd.DataFrame, *, rows: str, cols: str, value: str) -> go.Figure:
    """Care Inspectorate grades (1-6) as a grid of services by year, each cell
    showing its grade as a number so the colour is never the only cue."""
    grid = frame.pivot_table(index=rows, columns=cols, values=value, aggfunc="min",
                             dropna=False).sort_index()
    text = [["" if pd.isna(v) else f"{v:.0f}" for v in row] for row in grid.to_numpy()]
    fig = go.Figure(**UNCHECKED, data=go.Heatmap(**UNCHECKED,
        z=grid.to_numpy(dtype=float), x=[str(c) for c in grid.columns],
        y=[str(r) for r in grid.index], text=text, texttemplate="%{text}",
        colorscale=GRADE_SCALE, zmin=1, zmax=6, xgap=2, ygap=2,
        colorbar=dict(title=dict(text="Lowest grade", side="top"), tickvals=[1, 2, 3, 4, 5, 6],
                      ticktext=["1 unsatisfactory", "2 weak", "3 adequate", "4 good",
                                "5 very good", "6 excellent"]),
        hovertemplate="%{y}, %{x}: lowest grade %{text}<extra></extra>"))
    fig.update_layout(font=FONT,
                      height=max(280, 80 + 30 * len(grid)), margin=dict(l=10, r=10, t=20, b=10))
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(type="category")
    return fig
