"""Plotly figure builders. Colour-blind-safe (Okabe-Ito), readable in greyscale
(dash patterns and markers differ, not only hue), lines labelled at their
ends rather than by a legend alone, large type for a projector.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.subplots import make_subplots

from outcomes.words.labels import natural_order

# Every figure starts from the white template. Set once as the default, it is copied
# into each new figure unvalidated; naming it in each update_layout instead validated
# and deep-copied it every time (a quarter of a chart-heavy page's drawing time).
# On top of it, type a projector can show: dark (at least 4.5:1 on white, WCAG AA) and at
# least 14 px, axis ticks and titles included. Pages draw with Streamlit's chart theme
# off (it would grey the axis text again).
INK, QUIET = "#1f1f1f", "#4d4d4d"   # 16:1 and 8.5:1 on white
pio.templates["outcomes"] = go.layout.Template(layout=dict(
    font=dict(family="Source Sans Pro, Arial, sans-serif", size=15, color=INK),
    xaxis=dict(tickfont=dict(size=14, color=INK), title=dict(font=dict(size=15, color=INK)),
               linecolor=QUIET, gridcolor="#e5e5e5"),
    yaxis=dict(tickfont=dict(size=14, color=INK), title=dict(font=dict(size=15, color=INK)),
               linecolor=QUIET, gridcolor="#e5e5e5"),
    legend=dict(font=dict(size=14, color=INK)),
    hoverlabel=dict(font=dict(size=14))))
pio.templates.default = "plotly_white+outcomes"

# Okabe & Ito (2008), with its orange, sky blue and yellow (2.2, 2.3 and 1.3 to 1 on
# white) swapped for darker hues: every line at least 3:1 on white (WCAG 1.4.11), and
# told apart by dash and marker as well as hue.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#000000", "#9A6700", "#5D3A9B",
           "#4D4D4D")
DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot", "solid", "dash")
MARKERS = ("circle", "square", "diamond", "triangle-up", "x", "star", "cross", "hexagon")
IMPROVING, CONCERN, COMMON = "#0072B2", "#D55E00", "#5f6368"
FONT = dict(family="Source Sans Pro, Arial, sans-serif", size=15, color="#1f1f1f")


def _layout(fig: go.Figure, y_title: str, height: int = 380, percent: bool = False) -> go.Figure:
    fig.update_layout(
        font=FONT, height=height, showlegend=False,
        margin=dict(l=10, r=150, t=30, b=10), hovermode="x unified")
    fig.update_yaxes(title=y_title, rangemode="tozero", gridcolor="#e5e5e5",
                     ticksuffix="%" if percent else "")
    fig.update_xaxes(gridcolor="#f0f0f0")
    return fig


def _end_label(fig: go.Figure, x, y, text: str, color: str) -> None:
    fig.add_annotation(x=x, y=y, text=text, showarrow=False, xanchor="left", xshift=8,
                       font=dict(color=color, size=14))


def _spread(ys: list[float], gap: float) -> list[float]:
    """Label heights nudged apart so that no two are closer than `gap`."""
    order = sorted(range(len(ys)), key=lambda i: ys[i])
    placed = list(ys)
    for before, after in zip(order, order[1:]):
        placed[after] = max(placed[after], placed[before] + gap)
    return placed


def _end_labels(fig: go.Figure, labels: list[tuple], y_span: float) -> None:
    """(x, y, text, colour) labels at line ends, kept from overlapping."""
    labels = [lab for lab in labels if lab[1] is not None and not pd.isna(lab[1])]
    heights = _spread([float(lab[1]) for lab in labels], y_span * 0.075)
    for (x, _, text, colour), y in zip(labels, heights):
        _end_label(fig, x, y, text, colour)


def _span(values: pd.Series) -> float:
    """The height a chart's labels are spread over (1 when nothing is shown)."""
    top = pd.to_numeric(values, errors="coerce").astype(float).max(skipna=True)
    return float(top) if top == top and top > 0 else 1.0


def _short(label: str) -> str:
    """A line label without its parenthesis: 'Where I live (moves)' -> 'Where I live'."""
    return label.split(" (")[0]


def spc_chart(periods: list[dt.date], spc: pd.DataFrame, *, unit: str, better: str,
              target: float | None = None, baseline: dt.date | None = None,
              changes: list[tuple[dt.date, str]] = ()) -> go.Figure:
    """An XmR chart: the values, mean and process limits, special causes marked; each
    declared process change (date, reason) a line, each process's limits its own."""
    percent = unit == "%"
    fig = go.Figure()
    x = list(periods)
    segment = (spc["segment"] if "segment" in spc else pd.Series(0, index=spc.index)).to_numpy()
    for col, name, dash in (("ucl", "Upper process limit", "dash"),
                            ("lcl", "Lower process limit", "dash"),
                            ("mean", spc.attrs.get("centre", "mean").capitalize(), "solid")):
        for k, s in enumerate(dict.fromkeys(segment)):      # each process its own limits
            rows = segment == s
            fig.add_trace(go.Scatter(x=[d for d, r in zip(x, rows) if r],
                                     y=spc[col][rows], name=name, mode="lines",
                                     showlegend=k == 0, legendgroup=col,
                                     line=dict(color="#9aa0a6", width=1.5, dash=dash),
                                     hoverinfo="skip"))
    for day, reason in changes:
        fig.add_vline(x=day, line=dict(color="#1f1f1f", width=1.5, dash="dash"))
        # near the top, above the inspection baseline's label (bottom)
        fig.add_annotation(x=day, yref="paper", y=0.86, yanchor="top", xanchor="left",
                           xshift=4, text=f"process change: {reason or day.isoformat()}",
                           showarrow=False, font=dict(size=14, color="#1f1f1f"),
                           bgcolor="rgba(255,255,255,0.8)")
    colours = [_point_colour(row, better) for row in spc.itertuples()]
    symbols = ["diamond" if c != COMMON else "circle" for c in colours]
    fig.add_trace(go.Scatter(
        x=x, y=spc["value"], name="Value", mode="lines+markers",
        line=dict(color="#1f1f1f", width=2.5), marker=dict(color=colours, size=10,
                                                            symbol=symbols),
        hovertemplate="%{y:.1f}" + ("%" if percent else "") + "<extra></extra>"))
    _mark_hidden_points(fig, [p for p, v in zip(x, spc["value"]) if pd.isna(v)])
    # the limits', the mean's and the target's names at the right, spread so none overprints
    labels, last = [], spc["ucl"].last_valid_index()
    if last is not None:
        labels = [(x[last], spc[col].iloc[last], name, "#5f6368") for col, name in
                  (("lcl", "lower limit"), ("mean", spc.attrs.get("centre", "mean")),
                   ("ucl", "upper limit"))]
    if target is not None:
        fig.add_hline(y=target, line=dict(color="#CC79A7", width=2, dash="dot"))
        labels.append((x[-1] if last is None else x[last], target,
                       f"target {target:g}{'%' if percent else ''}", "#8a3d6e"))
    if labels:
        _end_labels(fig, labels, _span(pd.concat([spc["ucl"], spc["value"],
                                                  pd.Series([target])])))
    if baseline is not None and x and x[0] <= baseline <= x[-1]:
        fig.add_vline(x=baseline, line=dict(color="#5f6368", width=1, dash="dot"))
        fig.add_annotation(x=baseline, yref="paper", y=0.02, yanchor="bottom", xanchor="left",
                           xshift=4, text="inspection baseline", showarrow=False,
                           font=dict(size=14, color="#5f6368"), bgcolor="rgba(255,255,255,0.8)")
    return _layout(fig, unit if not percent else "per cent", percent=percent)


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
    fig = go.Figure()
    labels = labels or {}
    ends = []
    for i, name in enumerate(natural_order(sorted(frame[group].dropna().unique(), key=str))):
        part = frame.loc[frame[group] == name].sort_values(x)
        label = labels.get(name, str(name))
        colour = PALETTE[i % len(PALETTE)]
        fig.add_trace(go.Scatter(
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
                        vertical_spacing=0.16)
    for i, name in enumerate(names):
        part = frame.loc[frame[group] == name].sort_values(x)
        values = pd.to_numeric(part[y], errors="coerce").astype(float)
        fig.add_trace(go.Scatter(
            x=part[x], y=values, mode="lines+markers", name=labels[name],
            line=dict(color=PALETTE[0], width=2.5), marker=dict(size=5),
            hovertemplate=f"{labels[name]}: %{{y:.1f}}{'%' if percent else ''}<extra></extra>"),
            row=i // columns + 1, col=i % columns + 1)
        for when in part.loc[values.isna().to_numpy(), x]:
            fig.add_annotation(x=when, y=0, yanchor="bottom", text="c", showarrow=False,
                               font=dict(size=14, color="#5f6368"),
                               row=i // columns + 1, col=i % columns + 1)
    for title in fig.layout.annotations[:len(titles)]:
        title.font = dict(size=15, color=INK)
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
    fig = go.Figure(go.Bar(
        y=names, x=frame[value], orientation="h", marker_color=PALETTE[0], error_x=error,
        text=[("" if pd.isna(v) else f"{v:.0f}%") for v in frame[value]],
        textposition="inside" if error else "outside", insidetextanchor="start",
        cliponaxis=False, hovertemplate="%{y}: %{x:.1f}%<extra></extra>"))
    _mark_hidden_bars(fig, [n for n, h in zip(names, hidden) if h])
    fig = _layout(fig, "", height=max(260, 60 + 42 * len(frame)), percent=False)
    fig.update_xaxes(title=x_title, range=[0, x_max], ticksuffix="%")
    fig.update_yaxes(title=None, autorange="reversed")
    fig.update_layout(margin=dict(l=10, r=40, t=20, b=10))
    return fig


def _count(value) -> str:
    """A bar's n as shown: "c" when hidden."""
    return "c" if value is None or pd.isna(value) else f"{int(value):,}"


HIDDEN_MARK = "c (hidden: too few children to show)"


def _mark_hidden_bars(fig: go.Figure, names: list[str]) -> None:
    """A hidden bar is a labelled gap: "c" at its foot, never a bar of no length."""
    for name in names:
        fig.add_annotation(x=0, y=name, text=HIDDEN_MARK, showarrow=False, xanchor="left",
                           xshift=4, font=dict(size=14, color="#5f6368"))


def _mark_hidden_points(fig: go.Figure, xs: list) -> None:
    """A hidden point of a line is a labelled gap: "c" on the axis at its place."""
    for x in xs:
        fig.add_annotation(x=x, yref="paper", y=0, yanchor="bottom", text="c",
                           showarrow=False, font=dict(size=14, color="#5f6368"))


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
    fig = go.Figure(go.Heatmap(
        z=grid.to_numpy(dtype=float), x=[str(c) for c in grid.columns],
        y=[str(r) for r in grid.index], text=text, texttemplate="%{text}",
        colorscale="Blues", zmin=0, zmax=100, colorbar=dict(title=title, ticksuffix="%"),
        hovertemplate="%{y} / %{x}: %{text}<extra></extra>", xgap=2, ygap=2))
    fig.update_layout(font=FONT,
                      height=max(280, 70 + 46 * len(grid)), margin=dict(l=10, r=10, t=20, b=10))
    fig.update_yaxes(autorange="reversed")
    return fig


def funnel_steps(steps: list[tuple[str, float | None]], *, x_title: str) -> go.Figure:
    """Heard -> acted on -> told -> used: one bar per step, in order."""
    names = [s for s, _ in steps]
    values = [v for _, v in steps]
    fig = go.Figure(go.Bar(
        y=names, x=values, orientation="h", marker_color=PALETTE[0],
        text=[("" if v is None or pd.isna(v) else f"{v:.0f}%") for v in values],
        textposition="outside", cliponaxis=False,
        hovertemplate="%{y}: %{x:.1f}%<extra></extra>"))
    _mark_hidden_bars(fig, [n for n, v in zip(names, values) if v is None or pd.isna(v)])
    fig = _layout(fig, "", height=260)
    fig.update_xaxes(title=x_title, range=[0, 100], ticksuffix="%")
    fig.update_yaxes(title=None, autorange="reversed")
    fig.update_layout(margin=dict(l=10, r=40, t=20, b=10))
    return fig


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
    fig = go.Figure()
    suffix = "%" if percent else ""
    for col, dash, name in (("low998", "dash", "99.8% limits"), ("high998", "dash", None),
                            ("low95", "dot", "95% limits"), ("high95", "dot", None)):
        fig.add_trace(go.Scatter(
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
        fig.add_trace(go.Scatter(
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


GRADE_SCALE = [[0.0, "#b35806"], [0.2, "#f1a340"], [0.4, "#fdd49e"], [0.6, "#bcbddc"],
               [0.8, "#8073ac"], [1.0, "#542788"]]  # PuOr, colour-blind safe, 1 -> 6; no
#                                                     near-white step, so 4 is not "blank"


def grade_grid(frame: pd.DataFrame, *, rows: str, cols: str, value: str) -> go.Figure:
    """Care Inspectorate grades (1-6) as a grid of services by year, each cell
    showing its grade as a number so the colour is never the only cue."""
    grid = frame.pivot_table(index=rows, columns=cols, values=value, aggfunc="min",
                             dropna=False).sort_index()
    text = [["" if pd.isna(v) else f"{v:.0f}" for v in row] for row in grid.to_numpy()]
    fig = go.Figure(go.Heatmap(
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
