"""Where each indicator stands: latest value, change since the inspection
baseline, target, and whether the change is real (SPC), in words a board
reads in ten seconds. Pure functions: the pages and the board pack share them.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from core.catalogue import BY_ID, Indicator
from outcomes.stats import attribute_charts, control, run_chart
from outcomes.stats.chart_choice import RUN_CHART_BELOW, ChartChoice, chart_for
from outcomes.stats.process import SpcPlan
from outcomes.words import actions as action_words
from outcomes.words.labels import (ASSURANCE_WORDS, STATUS_WORDS, VARIATION_LABEL,
                                   quarter_label)

if TYPE_CHECKING:                       # statistics sit below the query layer
    from outcomes.query.disclosure import Protected


ASSURANCE_TEXT = {
    **control.ASSURANCE_TEXT,
    "not_judged": "Not judged while the process is changing: the latest quarter is a special "
                  "cause, outside the limits the target was judged by, until the partnership "
                  "declares the change and the limits are recalculated.",
}


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
    hidden: bool = False         # the latest period has a figure, hidden to protect children
    of: tuple[str, str] | None = None   # the latest numerator and denominator, as shown

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


def spc_for(protected: Protected, indicator_id: str, plan: SpcPlan = SpcPlan()
            ) -> pd.DataFrame:
    """XmR over the series' visible values (hidden ones are gaps): each process's limits
    from its first `plan.baseline_quarters` quarters, a new process at each change the
    partnership declared for this indicator, and never elsewhere."""
    data = protected.data
    values = data["value"].astype("Float64").to_numpy(dtype=float, na_value=math.nan)
    periods = list(data["period_end"])
    choice = chart_choice(indicator_id, int((~np.isnan(values)).sum()))
    kwargs = dict(rebase_at=plan.rebase_at(indicator_id, periods),
                  fix_after_n_points=plan.baseline_quarters)
    if choice.chart == "p_prime":
        # a hidden rate stays hidden: its numerator and denominator go with it
        num = np.where(np.isnan(values), np.nan, _floats(data["numerator"]))
        den = np.where(np.isnan(values), np.nan, _floats(data["denominator"]))
        spc = attribute_charts.p_prime_chart(num, den, scale=100, **kwargs)
        spc["value"] = values       # drawn as shown in the table (one decimal), judged unrounded
    elif choice.chart == "run":
        spc = run_chart.run_chart(values, **kwargs)
    else:
        spc = control.xmr(values, **kwargs)
    spc.attrs["choice"] = choice
    spc.attrs["changes"] = [(c.date, c.reason) for c in plan.changes_for(indicator_id)
                            if periods and periods[0] < c.date <= periods[-1]]
    return spc


def chart_choice(indicator_id: str, points: int) -> ChartChoice:
    """Which SPC chart the indicator is drawn and judged on, and why (statistics.md): a
    run chart below 12 quarters, Laney's p' for a proportion, XmR for a count."""
    return chart_for(BY_ID[indicator_id].unit, points)


CHART_NAMES = {"xmr": "XmR chart", "p_prime": "Laney p′ chart", "u_prime": "Laney u′ chart",
               "g": "g chart", "t": "t chart", "run": "run chart"}


def chart_fields(ind: Indicator) -> list[tuple[str, str]]:
    """The SPC chart an indicator is judged on, and why, for every place that prints its
    definition (the definitions page, the board pack, the evidence pack)."""
    choice = chart_for(ind.unit, RUN_CHART_BELOW)
    return [("SPC chart", f"{CHART_NAMES[choice.chart]}. {choice.reason} While there are "
                          f"fewer than {RUN_CHART_BELOW} quarters, a run chart.")]


def _floats(series: pd.Series) -> np.ndarray:
    return pd.to_numeric(series, errors="coerce").astype("Float64").to_numpy(
        dtype=float, na_value=math.nan)


def status(indicator_id: str, series: Protected, baseline: dt.date,
           target: float | None, period: dt.date | None = None,
           plan: SpcPlan = SpcPlan()) -> Status:
    """The status of one indicator from its protected series, at `period` (default: the
    series' last quarter). The headline is that period's figure: when it is hidden or
    missing, the status says so and never falls back to an older quarter."""
    ind = BY_ID[indicator_id]
    data = series.data.dropna(subset=["value"])
    rows = series.data
    if period is None:
        period = rows["period_end"].max() if len(rows) else None
    at = rows.index[rows["period_end"] == period] if period is not None else []
    hidden = bool(len(at)) and pd.isna(rows.loc[at[0], "value"])
    of = None
    if len(at) and ind.unit == "%":
        shown = series.display().loc[at[0]]
        of = (str(count_text(shown["numerator"])), str(count_text(shown["denominator"])))
    if data.empty:
        return Status(ind, period, None, None, None, target, None, None, 0, hidden, of)
    latest = rows.loc[at[0]] if len(at) else None
    base_q = baseline_quarter(baseline)
    base = data.loc[data["period_end"] == base_q]
    variation = assurance = None
    if control.enough_points(len(data)) and ind.unit in ("%", "count"):
        spc = spc_for(series, indicator_id, plan)
        better = ind.better
        variation = control.variation(spc, better)
        assurance = control.assurance(spc, target, better)
        latest_signal = spc.dropna(subset=["value"])["special_cause"]
        if assurance and len(latest_signal) and latest_signal.iloc[-1]:
            assurance = "not_judged"     # the process has moved away from its limits
    return Status(ind, period, None if latest is None else _num(latest["value"]),
                  base_q if len(base) else None,
                  _num(base["value"].iloc[0]) if len(base) else None,
                  target, variation, assurance, len(data), hidden, of)


def count_text(value) -> str:
    """A count as shown: "c" stays "c", a number gets thousands separators."""
    if isinstance(value, str):
        return value
    return f"{int(value):,}" if value is not None and not pd.isna(value) else ""


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
    size = f"{abs(s.change):.1f} points" if unit else f"{abs(s.change):,.0f}"
    return (f"{direction} {size} since the inspection "
            f"baseline ({quarter_label(s.baseline_period)}, {fmt(s.baseline, s.indicator.unit)})")


def direction(s: Status) -> str:
    """'higher', 'lower' or 'unchanged' than at the baseline: a fact, not a verdict (whether
    the change is real, and good or bad, is the SPC verdict's to say)."""
    if s.change is None:
        return ""
    return "unchanged" if abs(s.change) < 0.05 else "higher" if s.change > 0 else "lower"


def verdict(s: Status) -> str:
    """The SPC verdict in the words every page and pack use for it."""
    if s.variation is None:
        words = "Too few quarters to judge" if s.points else "No figure to judge"
    else:
        words = VARIATION_LABEL[s.variation]
    if s.assurance:
        words += f"; target {ASSURANCE_WORDS[s.assurance]}"
    return words


def point_summary(statuses: list[Status]) -> str:
    """'2 improving, 1 getting worse, 3 no significant change; 1 target will be missed':
    the verdicts of a point's indicators counted, in the badges' own words."""
    counts: dict[str, int] = {}
    for s in statuses:
        label = VARIATION_LABEL[s.variation].lower() if s.variation else "not yet judged"
        counts[label] = counts.get(label, 0) + 1
    order = ["improving", "getting worse", "significant rise", "significant fall",
             "no significant change", "not yet judged"]
    text = ", ".join(f"{counts[k]} {k}" for k in order if k in counts)
    missed = sum(s.assurance == "fail" for s in statuses)
    at_risk = sum(s.assurance == "hit_and_miss" for s in statuses)
    targets = [f"{missed} target{'s' if missed != 1 else ''} will be missed"] if missed else []
    targets += [f"{at_risk} target{'s' if at_risk != 1 else ''} hit and miss"] if at_risk else []
    return text + ("; " + ", ".join(targets) if targets else "")


def sentence(s: Status) -> str:
    """One plain-English sentence a board member understands."""
    if s.latest is None:
        when = f" in {quarter_label(s.latest_period)}" if s.latest_period else ""
        text = (f"{s.indicator.title}: hidden{when} to protect children's privacy (too few "
                "children in this view, or a figure that would reveal one)." if s.hidden
                else f"{s.indicator.title}: no figure{when} for this view.")
        if s.variation:
            text += " Over the quarters that can be shown: " + control.VARIATION_TEXT[
                s.variation][0].lower() + control.VARIATION_TEXT[s.variation][1:]
        return text
    base = f" ({s.of[0]} of {s.of[1]})" if s.of and s.of[1] else ""
    text = (f"{s.indicator.title}: {fmt(s.latest, s.indicator.unit)}{base} in "
            f"{quarter_label(s.latest_period)}, {change_words(s)}")
    text += "."
    if s.variation:
        text += " " + control.VARIATION_TEXT[s.variation]
    elif s.points:
        text += " Too few quarters to tell a real change from chance."
    if s.target is not None:
        text += f" Target {fmt(s.target, s.indicator.unit)}"
        text += f": {ASSURANCE_TEXT[s.assurance]}" if s.assurance else "."
    return text


def action_summary(actions: pd.DataFrame, point: str) -> str:
    """'Action plan at 3 December 2026: 4 actions; 1 overdue, 1 off track, 1 on track and 1
    complete.' for one point: one status per action, as `outcomes.words.actions.judge`
    shows it (`actions` judged already, e.g. at the board pack's date, or as read: then
    judged today)."""
    if "shown" not in actions:
        actions = action_words.judge(actions)
    counts = action_words.counts(actions, point)
    total = sum(counts.values())
    if not total:
        return "No actions in the action plan."
    parts = [f"{n} {STATUS_WORDS[code]}" for code, n in counts.items()]
    listed = parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
    on = action_words.long_day(actions["judged_at"].iloc[0])
    return (f"Action plan at {on}: {total} action{'s' if total != 1 else ''}; {listed}.")


def target_of(targets: pd.DataFrame, indicator_id: str) -> float | None:
    """The indicator's target from the action plan's targets (the last one given)."""
    rows = targets.loc[targets["indicator"] == indicator_id]
    return None if rows.empty else float(rows["target"].iloc[-1])
