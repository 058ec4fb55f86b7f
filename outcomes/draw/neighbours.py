"""A council against each of its statistical neighbours: horizontal bars, the council's
in its own colour, England and the neighbours' median as labelled lines. A figure DfE
did not publish is a labelled gap with its marker ("c"), never a bar of no length."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from outcomes.draw.style import INK, PALETTE, UNCHECKED, _annotate, _layout, _vline

MARKER_NOTE = {"c": "c (suppressed)", "x": "x (not available)", "z": "z (not applicable)",
               "u": "u (low reliability)", "k": "k (rounds to zero)",
               "low": "low (rounds to zero)", ":": ": (not available)"}


def _text(value: float, unit: str) -> str:
    value = round(float(value), 1)
    shown = f"{value:,.0f}" if value.is_integer() else f"{value:,.1f}"
    return f"{shown}%" if unit == "%" else shown


def neighbour_bars(frame: pd.DataFrame, *, unit: str, x_title: str,
                   england: float | None, median: float | None) -> go.Figure:
    """`frame`: name, value, marker, role ("council" or "neighbour"), in the order drawn
    (top first)."""
    colours = [PALETTE[1] if r == "council" else PALETTE[0] for r in frame["role"]]
    fig = go.Figure(**UNCHECKED, data=go.Bar(
        **UNCHECKED, y=list(frame["name"]), x=frame["value"], orientation="h", marker_color=colours,
        marker_pattern_shape=["/" if r == "council" else "" for r in frame["role"]],
        text=["" if pd.isna(v) else _text(v, unit) for v in frame["value"]],
        textposition="outside", cliponaxis=False,
        hovertemplate="%{y}: %{x}<extra></extra>"))
    notes = [dict(x=0, y=name, text=MARKER_NOTE.get(str(m), f"{m} (not published)"),
                  showarrow=False, xanchor="left", xshift=4,
                  font=dict(size=14, color="#5f6368"))
             for name, v, m in zip(frame["name"], frame["value"], frame["marker"])
             if pd.isna(v)]
    shapes = []
    lines = [(v, label, dash) for v, label, dash in ((england, "England", "dash"),
                                                      (median, "Neighbours' median", "dot"))
             if v is not None and not pd.isna(v)]
    # the lower line's label reads leftwards from it, the higher's rightwards, so the two
    # never print over each other however close the lines are
    lines.sort(key=lambda line: line[0])
    for i, (value, label, dash) in enumerate(lines):
        lower = len(lines) == 2 and i == 0
        shapes.append(_vline(value, dict(color=INK, width=2, dash=dash)))
        notes.append(dict(x=value, yref="paper", y=1, yanchor="bottom", showarrow=False,
                          text=f"{label} {_text(value, unit)}", font=dict(size=14),
                          xanchor="right" if lower else "left"))
    _annotate(fig, notes, shapes)
    top = max([v for v in (*frame["value"].dropna(), england, median)
               if v is not None and not pd.isna(v)] or [1])
    fig = _layout(fig, "", height=max(300, 80 + 34 * len(frame)))
    fig.update_xaxes(title=x_title, range=[0, top * 1.15],
                     ticksuffix="%" if unit == "%" else "")
    fig.update_yaxes(title_text="", autorange="reversed", tickvals=list(frame["name"]),
                     ticktext=[f"<b>{n}</b>" if r == "council" else n     # the council
                               for n, r in zip(frame["name"], frame["role"])])
    fig.update_layout(margin=dict(l=10, r=40, t=40, b=10))
    return fig
