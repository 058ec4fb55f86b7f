"""Where each indicator stands: latest value, change since the inspection
baseline, target, and whether the change is real (SPC), in words a board
reads in ten seconds. Pure functions: the pages and the board pack share them.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from core.catalogue import BY_ID, Indicator
from outcomes.stats import control
from outcomes.words.labels import STATUS_WORDS, quarter_label

if TYPE_CHECKING:                       # statistics sit below the query layer
    from outcomes.query.disclosure import Protected


@dataclass(frozen=True)
class Status:
    indicator: Indicator
    latest_period: dt.date | None
    latest: float | None
    baseline_period: dt.date | None
    baseline: float | None
    target: float | None
    variation: str | None        # control.variation code, None if too few points
    assurance: str | None
    points: int

    @property
    def change(self) -> float | None:
        if self.latest is None or self.baseline is None:
            return None
        return self.latest - self.baseline


def _num(v) -> float | None:
    return None if v is None or pd.isna(v) else float(v)


def baseline_quarter(baseline: dt.date) -> dt.date:
    """The quarter end on or before the inspection baseline date."""
    q_end_month = ((baseline.month - 1) // 3 + 1) * 3
    end = (dt.date(baseline.year, q_end_month, 1) + dt.timedelta(days=32)).replace(day=1) \
        - dt.timedelta(days=1)
    if end <= baseline:
        return end
    start = dt.date(baseline.year, q_end_month - 2, 1)
    return start - dt.timedelta(days=1)


def spc_for(protected: Protected) -> pd.DataFrame:
    """XmR over the series' visible values (hidden ones are gaps)."""
    values = protected.data["value"].astype("Float64").to_numpy(dtype=float, na_value=math.nan)
    return control.xmr(values)


def status(indicator_id: str, series: Protected, baseline: dt.date,
           target: float | None) -> Status:
    """The status of one indicator from its (protected, whole-partnership) series."""
    ind = BY_ID[indicator_id]
    data = series.data.dropna(subset=["value"])
    if data.empty:
        return Status(ind, None, None, None, None, target, None, None, 0)
    latest = data.iloc[-1]
    base_q = baseline_quarter(baseline)
    base = data.loc[data["period_end"] == base_q]
    variation = assurance = None
    if control.enough_points(len(data)) and ind.unit in ("%", "count"):
        spc = spc_for(series)
        better = ind.better
        variation = control.variation(spc.dropna(subset=["value"]), better)
        assurance = control.assurance(spc.dropna(subset=["value"]), target, better)
    return Status(ind, latest["period_end"], _num(latest["value"]),
                  base_q if len(base) else None,
                  _num(base["value"].iloc[0]) if len(base) else None,
                  target, variation, assurance, len(data))


def fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "not available"
    return f"{value:.1f}%" if unit == "%" else f"{value:,.0f}"


def change_words(s: Status) -> str:
    """'up 2.3 points since the inspection baseline (2019 Q4)' and the like."""
    if s.change is None:
        return "no baseline value to compare with"
    unit = "points" if s.indicator.unit == "%" else ""
    if abs(s.change) < 0.05:
        return f"unchanged since the inspection baseline ({quarter_label(s.baseline_period)})"
    direction = "up" if s.change > 0 else "down"
    return (f"{direction} {abs(s.change):.1f}{' ' + unit if unit else ''} since the inspection "
            f"baseline ({quarter_label(s.baseline_period)}, {fmt(s.baseline, s.indicator.unit)})")


def better_or_worse(s: Status) -> str:
    if s.change is None or s.indicator.better == "neither" or abs(s.change) < 0.05:
        return ""
    improved = (s.change > 0) == (s.indicator.better == "higher")
    return "better" if improved else "worse"


def sentence(s: Status) -> str:
    """One plain-English sentence a board member understands."""
    if s.latest is None:
        return (f"{s.indicator.title}: no figure can be shown for this view (no data, "
                "or too few children to show safely).")
    text = (f"{s.indicator.title}: {fmt(s.latest, s.indicator.unit)} in "
            f"{quarter_label(s.latest_period)}, {change_words(s)}")
    judged = better_or_worse(s)
    text += f" ({judged})." if judged else "."
    if s.variation:
        text += " " + control.VARIATION_TEXT[s.variation]
    elif s.points:
        text += " Too few quarters to tell a real change from chance."
    if s.target is not None:
        text += f" Target {fmt(s.target, s.indicator.unit)}"
        text += f": {control.ASSURANCE_TEXT[s.assurance]}" if s.assurance else "."
    return text


def action_summary(actions: pd.DataFrame, point: str) -> str:
    """'Action plan: 4 actions (1 off track, 3 on track); 1 overdue.' for one point."""
    mine = actions.loc[actions["improvement_point"] == point]
    if mine.empty:
        return "No actions in the action plan."
    counts = mine["status"].value_counts()
    parts = [f"{counts[s]} {STATUS_WORDS[s]}" for s in STATUS_WORDS if s in counts]
    overdue = int(mine["overdue"].sum())
    text = (f"Action plan: {len(mine)} action{'s' if len(mine) != 1 else ''} "
            f"({', '.join(parts)})")
    return text + (f"; {overdue} overdue." if overdue else ".")


def target_of(targets: pd.DataFrame, indicator_id: str) -> float | None:
    """The indicator's target from the action plan's targets (the last one given)."""
    rows = targets.loc[targets["indicator"] == indicator_id]
    return None if rows.empty else float(rows["target"].iloc[-1])
