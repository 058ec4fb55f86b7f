"""Which SPC chart an indicator uses, and why, in one line the catalogue can carry.

The rules (statistics.md, "Choose the chart for the data"):

* fewer than 12 points: a run chart with Anhøj's rules (``run_chart``), since
  limits from so few points are unreliable;
* rare events: a g chart of the opportunities between events
  (``rare_events.g_chart``), or a t chart when the gap is a time in days
  (``rare_events.t_chart``);
* a proportion ("%") with varying denominators: Laney's p' chart
  (``attribute_charts.p_prime_chart``);
* a rate ("rate per ..."): Laney's u' chart (``attribute_charts.u_prime_chart``);
* a count with no denominator, a score or a duration: XmR (``control.xmr``).

The prime charts are the default for proportions and rates, as Laney recommends:
when there is no over-dispersion (sigma_z near 1) they are the p and u charts.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass

CHARTS = ("xmr", "p_prime", "u_prime", "g", "t", "run")
RUN_CHART_BELOW = 12  # points: fewer than this and the chart is a run chart
XMR_UNITS = ("count", "score", "days")

REASONS = {
    "run": "{n} points (fewer than 12): too few for reliable control limits, so a run chart "
           "around the median with Anhøj's rules (unusually long runs, unusually few crossings).",
    "t": "Rare events: the days between events are skewed (exponential), so a t chart "
         "(XmR on days^(1/3.6), limits back-transformed).",
    "g": "Rare events: the number of opportunities between events is geometric, so a g chart "
         "(median centre line, limits mean +/- 3 sqrt(mean (mean + 1))).",
    "p_prime": "A proportion with a denominator that varies: Laney's p' chart (binomial limits "
               "for each period's base, widened or narrowed by the between-period variation).",
    "u_prime": "A rate with an exposure that varies: Laney's u' chart (Poisson limits for each "
               "period's exposure, widened or narrowed by the between-period variation).",
    "count": "A count with no denominator: XmR, limits from the series' own variation "
             "(no Poisson assumption).",
    "measure": "A continuous measure: XmR (individuals and moving range).",
}


# The rules as a reader needs them: the definitions page and the evidence pack print these.
RULES = (
    f"Fewer than {RUN_CHART_BELOW} quarters: a run chart around the median, judged by "
    "Anhøj's rules (an unusually long run on one side, unusually few crossings).",
    "A percentage: Laney's p′ chart, limits for each quarter's number of children, widened "
    "or narrowed by the variation between quarters (a p chart when there is none).",
    "A rate per head: Laney's u′ chart, on the same principle.",
    "A count, a score or a number of days: an XmR chart (individuals and moving range).",
    "Rare events (g and t charts): when events are so rare that most quarters read 0, the "
    "gap between events is charted instead. No indicator here uses them: each counts "
    "children, and a g or t chart draws one point per event, that is per child, which "
    "disclosure control forbids. Where a group is too small for a quarter's figure, the "
    "figure is shown as \"c\" and the chart leaves a gap.",
    "Limits come from each process's first quarters and are recalculated only at a process "
    "change the partnership declares; a rolling 12-month measure is not charted until its "
    "window is full.",
)


@dataclass(frozen=True)
class ChartChoice:
    chart: str   # one of CHARTS
    reason: str  # one line, for the catalogue and the chart's notes


def chart_for(unit: str, n_points: int, rare: bool = False) -> ChartChoice:
    """The chart for an indicator in ``unit`` ("%", "count", "score", "days",
    "rate per 1,000", ...) with ``n_points`` points; ``rare`` when the events are
    rare enough that most periods would read 0 (chart the gaps between them).
    """
    n = operator.index(n_points)
    if n < 0:
        raise ValueError("n_points cannot be negative")
    unit = unit.strip()
    known = unit == "%" or unit.startswith("rate") or unit in XMR_UNITS
    if not known:
        raise ValueError(f"no chart rule for unit {unit!r}")
    if n < RUN_CHART_BELOW:
        return ChartChoice("run", REASONS["run"].format(n=n))
    if rare:
        chart = "t" if unit == "days" else "g"
        return ChartChoice(chart, REASONS[chart])
    if unit == "%":
        return ChartChoice("p_prime", REASONS["p_prime"])
    if unit.startswith("rate"):
        return ChartChoice("u_prime", REASONS["u_prime"])
    return ChartChoice("xmr", REASONS["count" if unit == "count" else "measure"])
