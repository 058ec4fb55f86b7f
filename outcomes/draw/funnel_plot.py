"""The funnel plot of How we compare: each council's value against its size, inside
control limits around the national figure, with outlying councils named where
their names cover nothing else.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from outcomes.draw.style import PALETTE, UNCHECKED, _layout


def funnel(points: pd.DataFrame, *, target: float, curve: pd.DataFrame, x_title: str,
           y_title: str, highlight: str, group: set[str] | frozenset = frozenset(),
           percent: bool = True, target_label: str = "Scotland",
           labelled: list[str] | tuple[str, ...] = (), limits_title: str = "") -> go.Figure:
    """A funnel plot: each council's value against its size, with 95% and 99.8%
    limits around the target. `points` has name, n, value; `curve` has n and
    low95, high95, low998, high998. The highlighted council is labelled, and so is
    every council named in `labelled` (those outside the limits drawn); its family
    group is drawn as open diamonds, the others as grey dots. `limits_title` says
    which limits are drawn (exact, or adjusted for over-dispersion), over the legend."""
    fig = go.Figure(**UNCHECKED)
    suffix = "%" if percent else ""
    for col, dash, name in (("low998", "dash", "99.8% limits"), ("high998", "dash", None),
                            ("low95", "dot", "95% limits"), ("high95", "dot", None)):
        fig.add_trace(go.Scatter(**UNCHECKED,
            x=curve["n"], y=curve[col], mode="lines", name=name or col,
            showlegend=name is not None, hoverinfo="skip",
            line=dict(color="#5f6368", width=1.5, dash=dash)))
    fig.add_hline(y=target, line=dict(color="#1f1f1f", width=1.5))
    fig.add_annotation(x=1, xref="paper", y=target, text=f"{target_label} {target:.1f}{suffix}",
                       showarrow=False, xanchor="left", xshift=8, font=dict(size=14))
    kinds = [("Other councils", ~points["name"].isin(group | {highlight}), "#8c8c8c",
              "circle", 8),
             ("Family group", points["name"].isin(group - {highlight}), PALETTE[0],
              "diamond-open", 11),
             (highlight, points["name"] == highlight, PALETTE[1], "square", 14)]
    for label, mask, colour, symbol, size in kinds:
        part = points[mask]
        fig.add_trace(go.Scatter(**UNCHECKED,
            x=part["n"], y=part["value"], mode="markers", name=label,
            marker=dict(color=colour, symbol=symbol, size=size,
                        line=dict(width=2 if "open" in symbol else 1, color=colour)),
            customdata=part["name"],
            hovertemplate=f"%{{customdata}}: %{{y:.1f}}{suffix} (%{{x:,.0f}})<extra></extra>"))
    # the councils set the scale; the limits for the smallest sizes run off it
    values = pd.concat([points["value"], pd.Series([target])]).astype(float)
    pad = max(float(values.max() - values.min()), 1.0) * 0.15
    low, high = float(values.min()) - pad, float(values.max()) + pad
    y_range = [max(low, 0), min(high, 100) if percent else high]
    # each council outside the limits by name, where its name covers no council and no
    # other name (on a plot area of about 700 by 300 pixels): away from the centre line
    # first, then beside, then further out
    x_top = float(pd.concat([curve["n"], points["n"]]).max()) * 1.04 or 1.0
    y_span = (y_range[1] - y_range[0]) or 1.0

    def pixels(n, value):
        return 700 * float(n) / x_top, 300 * (y_range[1] - float(value)) / y_span

    taken = [(x - 6, y - 6, x + 6, y + 6) for x, y in
             (pixels(n, v) for n, v in zip(points["n"], points["value"]) if pd.notna(v))]
    mine = points[points["name"] == highlight]
    if len(mine):
        x, y = pixels(mine["n"].iloc[0], mine["value"].iloc[0])
        half = 4.2 * len(highlight)
        taken.append((x + 40 - half, y + 28, x + 40 + half, y + 44))

    def clash(box):
        inside = 0 if box[0] >= 0 and box[2] <= 760 and box[1] >= -10 and box[3] <= 310 else 1e6
        return inside + sum(max(0, min(box[2], t[2]) - max(box[0], t[0]))
                            * max(0, min(box[3], t[3]) - max(box[1], t[1])) for t in taken)

    outside = points[points["name"].isin(set(labelled) - {highlight})
                     & points["value"].notna()]
    outside = outside.iloc[(outside["value"] - target).abs().argsort()[::-1]]
    for name, n, value in zip(outside["name"], outside["n"], outside["value"]):
        x, y = pixels(n, value)
        away, half = (-1 if value >= target else 1), 3.7 * len(name) + 6
        tries = [(0, 26 * away), (48, 22 * away), (-48, 22 * away), (half + 14, 0),
                 (-half - 14, 0), (0, 48 * away), (70, 42 * away), (-70, 42 * away),
                 (0, -26 * away), (48, -22 * away), (-48, -22 * away), (0, 70 * away)]
        boxes = [(x + ax - half, y + ay - 10, x + ax + half, y + ay + 10) for ax, ay in tries]
        best = min(range(len(tries)), key=lambda i: (clash(boxes[i]), i))
        taken.append(boxes[best])
        fig.add_annotation(x=n, y=value, text=name, showarrow=True, arrowhead=0,
                           arrowwidth=1, arrowcolor="#8c8c8c", ax=tries[best][0],
                           ay=tries[best][1], font=dict(color="#1f1f1f", size=14),
                           bgcolor="rgba(255,255,255,0.8)")
    if len(mine):
        fig.add_annotation(x=mine["n"].iloc[0], y=mine["value"].iloc[0], text=highlight,
                           showarrow=True, arrowhead=0, ax=40, ay=36,
                           font=dict(color=PALETTE[1], size=14), bgcolor="rgba(255,255,255,0.85)")
    fig = _layout(fig, y_title, height=430, percent=percent)
    fig.update_layout(showlegend=True, hovermode="closest",
                      legend=dict(orientation="h", y=-0.2, x=0),
                      margin=dict(l=10, r=150, t=30, b=10))
    if limits_title:
        fig.update_layout(legend_title_text=f"{limits_title}:")
    fig.update_yaxes(range=y_range)
    fig.update_xaxes(title=x_title, rangemode="tozero", separatethousands=True)
    return fig
