"""Groups compared on one outcome: each group's crude and adjusted percentage as a dot
with its 95% interval, side by side for each follow-up period. Colour-blind safe
(Okabe-Ito blue and vermillion) and told apart by marker shape too (circle: as
recorded; diamond: adjusted); a hidden figure is a labelled gap ("c")."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from outcomes.draw.style import FONT, PALETTE, UNCHECKED

SERIES = (("crude", "As recorded", "circle", PALETTE[0], -0.16),
          ("adjusted", "Adjusted for age and placement", "diamond", PALETTE[1], 0.16))


def group_intervals(frame: pd.DataFrame, *, groups: list[str], labels: dict[str, str],
                    panels: list[tuple[int, str]], x_title: str) -> go.Figure:
    """`frame`: one row per group and panel (`months`) with crude_pct/low/high and
    adjusted_pct/low/high (missing where hidden); `panels`: (months, title) in order."""
    fig = make_subplots(rows=1, cols=len(panels), shared_yaxes=True, horizontal_spacing=0.06,
                        subplot_titles=[t for _, t in panels])
    notes = []
    for col, (months, _) in enumerate(panels, start=1):
        part = frame.loc[frame["months"] == months].set_index("group").reindex(groups)
        for kind, name, symbol, colour, shift in SERIES:
            y = [i + shift for i in range(len(groups))]
            values = pd.to_numeric(part[f"{kind}_pct"], errors="coerce").astype(float)
            low = pd.to_numeric(part[f"{kind}_low"], errors="coerce").astype(float)
            high = pd.to_numeric(part[f"{kind}_high"], errors="coerce").astype(float)
            fig.add_trace(go.Scatter(
                **UNCHECKED, x=values, y=y, mode="markers", name=name, legendgroup=kind,
                showlegend=col == 1, marker=dict(symbol=symbol, size=13, color=colour),
                error_x=dict(type="data", symmetric=False, array=high - values,
                             arrayminus=values - low, color=colour, thickness=2, width=6),
                hovertemplate=name + ": %{x:.1f}%<extra></extra>"), row=1, col=col)
            for yy, v in zip(y, values):
                if pd.isna(v):
                    notes.append(dict(x=0, y=yy, xref=f"x{'' if col == 1 else col}",
                                      yref="y", text="c", showarrow=False, xanchor="left",
                                      font=dict(size=14, color="#5f6368")))
    fig.update_layout(font=FONT, height=120 + 70 * len(groups),
                      margin=dict(l=10, r=20, t=40, b=10), showlegend=True,
                      legend=dict(orientation="h", y=-0.25, x=0), annotations=[
                          *fig.layout.annotations, *notes])
    fig.update_xaxes(range=[0, 100], ticksuffix="%", title=x_title, gridcolor="#e5e5e5")
    fig.update_yaxes(tickvals=list(range(len(groups))), ticktext=[labels[g] for g in groups],
                     autorange="reversed", row=1, col=1)
    return fig
