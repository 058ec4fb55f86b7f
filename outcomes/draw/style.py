"""The look every chart shares: the Plotly template (dark type of at least 14 px for a
projector), the colour-blind-safe palette with its dashes and markers, the common
layout, and line-end labels kept from overlapping.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

# Every figure starts from the white template. Set once as the default, it is copied
# into each new figure unvalidated; naming it in each update_layout instead validated
# and deep-copied it every time (a quarter of a chart-heavy page's drawing time). The
# default is one template merged here once: a default named "plotly_white+outcomes" is
# merged again for every new figure (30-90 ms each, most of a filter change's drawing).
# On top of it, type a projector can show: dark (at least 4.5:1 on white, WCAG AA) and at
# least 14 px, axis ticks and titles included. Pages draw with Streamlit's chart theme
# off (it would grey the axis text again).
INK, QUIET = "#1f1f1f", "#4d4d4d"   # 16:1 and 8.5:1 on white
_OURS = go.layout.Template(layout=dict(
    font=dict(family="Source Sans Pro, Arial, sans-serif", size=15, color=INK),
    xaxis=dict(tickfont=dict(size=14, color=INK), title=dict(font=dict(size=15, color=INK)),
               linecolor=QUIET, gridcolor="#e5e5e5"),
    yaxis=dict(tickfont=dict(size=14, color=INK), title=dict(font=dict(size=15, color=INK)),
               linecolor=QUIET, gridcolor="#e5e5e5"),
    legend=dict(font=dict(size=14, color=INK)),
    hoverlabel=dict(font=dict(size=14))))
pio.templates["outcomes"] = pio.templates.merge_templates(pio.templates["plotly_white"], _OURS)
pio.templates.default = "outcomes"

# Okabe & Ito (2008), with its orange, sky blue and yellow (2.2, 2.3 and 1.3 to 1 on
# white) swapped for darker hues: every line at least 3:1 on white (WCAG 1.4.11), and
# told apart by dash and marker as well as hue.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#000000", "#9A6700", "#5D3A9B",
           "#4D4D4D")
DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot", "solid", "dash")
MARKERS = ("circle", "square", "diamond", "triangle-up", "x", "star", "cross", "hexagon")
IMPROVING, CONCERN, COMMON = "#0072B2", "#D55E00", "#5f6368"
FONT = dict(family="Source Sans Pro, Arial, sans-serif", size=15, color="#1f1f1f")


# Figures are built without Plotly's per-property validation (a third of a chart's
# drawing time): every builder's figure is checked in the tests to rebuild, validated,
# into the same JSON (tests/outcomes/test_charts.py), and Streamlit serialises a figure
# as built. Pass **UNCHECKED to go.Figure and to each trace.
UNCHECKED = {"_validate": False}


CHART_PX = 380          # a chart's height on screen, CSS pixels


def _layout(fig: go.Figure, y_title: str, height: int = CHART_PX,
            percent: bool = False) -> go.Figure:
    fig.update_layout(
        font=FONT, height=height, showlegend=False,
        margin=dict(l=10, r=150, t=30, b=10), hovermode="x unified")
    fig.update_yaxes(title=y_title, rangemode="tozero", gridcolor="#e5e5e5",
                     ticksuffix="%" if percent else "")
    fig.update_xaxes(gridcolor="#f0f0f0")
    return fig


def _annotate(fig: go.Figure, notes: list[dict], shapes: list[dict] = ()) -> None:
    """Annotations and shapes added in one layout update each: Plotly's add_annotation,
    add_vline and add_hline re-validate the layout on every call (5-15 ms each)."""
    if notes:                  # += keeps those already there as they are (passing them
        fig.layout.annotations += tuple(notes)      # back to update_layout re-validates
    if shapes:                                      # every one: 0.2 s under subplot titles)
        fig.layout.shapes += tuple(shapes)


def _vline(x, line: dict) -> dict:
    """A vertical line across the plot at x (as add_vline draws it)."""
    return dict(type="line", xref="x", yref="paper", x0=x, x1=x, y0=0, y1=1, line=line)


def _hline(y, line: dict) -> dict:
    """A horizontal line across the plot at y (as add_hline draws it)."""
    return dict(type="line", xref="paper", yref="y", x0=0, x1=1, y0=y, y1=y, line=line)


def _end_label(x, y, text: str, color: str) -> dict:
    return dict(x=x, y=y, text=text, showarrow=False, xanchor="left", xshift=8,
                font=dict(color=color, size=14))


def _spread(ys: list[float], gap: float) -> list[float]:
    """Label heights nudged apart so that no two are closer than `gap`."""
    order = sorted(range(len(ys)), key=lambda i: ys[i])
    placed = list(ys)
    for before, after in zip(order, order[1:]):
        placed[after] = max(placed[after], placed[before] + gap)
    return placed


def _end_labels(fig: go.Figure, labels: list[tuple], y_span: float,
                height: int = CHART_PX) -> None:
    """(x, y, text, colour) labels at line ends, kept from overlapping."""
    _annotate(fig, _end_label_notes(labels, y_span, height))


def _end_label_notes(labels: list[tuple], y_span: float, height: int = CHART_PX) -> list[dict]:
    """The end labels as annotations: 7.5% of the span apart on a chart of the screen's
    height, further apart on a shorter one."""
    labels = [lab for lab in labels if lab[1] is not None and not pd.isna(lab[1])]
    heights = _spread([float(lab[1]) for lab in labels], y_span * 0.075 * CHART_PX / height)
    return [_end_label(x, y, text, colour) for (x, _, text, colour), y in zip(labels, heights)]


def _span(values: pd.Series) -> float:
    """The height a chart's labels are spread over (1 when nothing is shown)."""
    top = pd.to_numeric(values, errors="coerce").astype(float).max(skipna=True)
    return float(top) if top == top and top > 0 else 1.0


def _short(label: str) -> str:
    """A line label without its parenthesis: 'Where I live (moves)' -> 'Where I live'."""
    return label.split(" (")[0]
