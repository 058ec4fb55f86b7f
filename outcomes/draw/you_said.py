"""'You said, we did' as a chart: per theme, three bars side by side (views with an action
recorded, views whose child was told the outcome, views still open), each labelled with
its count; a hidden count is a labelled gap ("c"), never a bar of no length. The bars
differ in pattern as well as colour, so greyscale print keeps them apart."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from outcomes.draw.style import FONT, PALETTE, UNCHECKED, _annotate

SERIES = (("acted", "Action recorded", PALETTE[0], ""),
          ("told", "Child told the outcome", PALETTE[2], "/"),
          ("open", "Still open (no action yet)", PALETTE[1], "x"))
WIDTH = 0.26


def done_by_theme(frame: pd.DataFrame, *, theme: str = "theme") -> go.Figure:
    """`frame`: one row per theme, most raised first, with the protected counts `acted`,
    `told` and `open` (NA or "c" where hidden) and `views`."""
    names = [f"{_short(t)} ({_count(v)} views)" for t, v in zip(frame[theme], frame["views"])]
    fig = go.Figure(**UNCHECKED)
    notes = []
    for i, (col, label, colour, pattern) in enumerate(SERIES):
        values = pd.to_numeric(frame[col], errors="coerce")
        offset = (i - 1.5) * WIDTH
        fig.add_trace(go.Bar(**UNCHECKED, name=label, y=names, x=values, orientation="h",
                             offset=offset, width=WIDTH, marker_color=colour,
                             marker_pattern_shape=pattern, marker_line_color="#1f1f1f",
                             marker_line_width=0.5,
                             text=["" if pd.isna(v) else f"{int(v):,}" for v in values],
                             textposition="outside", cliponaxis=False,
                             hovertemplate=f"%{{y}}: %{{x:,}} {label.lower()}<extra></extra>"))
        notes += [dict(x=0, y=row + offset + WIDTH / 2, xanchor="left", xshift=4,
                       text="c (hidden)", showarrow=False,
                       font=dict(size=13, color="#5f6368"))
                  for row, v in enumerate(values) if pd.isna(v)]
    _annotate(fig, notes)
    fig.update_layout(font=FONT, barmode="overlay", height=max(300, 90 + 78 * len(frame)),
                      margin=dict(l=10, r=40, t=10, b=10), showlegend=True,
                      legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0),
                      hovermode="closest")
    fig.update_xaxes(title="Views given in words this year", rangemode="tozero",
                     gridcolor="#f0f0f0")
    fig.update_yaxes(title_text="", autorange="reversed", type="category")
    return fig


def _short(label: str) -> str:
    return str(label).split(" (")[0]


def _count(value) -> str:
    if isinstance(value, str):
        return value
    return "c" if value is None or pd.isna(value) else f"{int(value):,}"
