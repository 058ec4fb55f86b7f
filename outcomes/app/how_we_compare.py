"""How we compare: the page's charts and tables, drawn from `outcomes.query.comparators`."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from core.catalogue import BETTER_WORDS
from core.settings import load_settings
from outcomes.app import ui
from outcomes.app.cache import cached
from outcomes.draw import charts, funnel_plot
from outcomes.query import comparators
from outcomes.query.comparators import KQ, LGBF, POSITION_WORDS, council_key
from outcomes.query.disclosure import safe_number
from outcomes.stats.intervals import METHOD_WORDS

NEITHER = "neither higher nor lower is better in itself"     # a rate of children in care


def comparison(code: str) -> None:
    council = load_settings().council
    if "comparator_lgbf" not in cached(comparators.loaded_tables):
        st.info("Load the LGBF long CSV or workbook to compare the LGBF indicators.")
        return
    pub = cached(comparators.published, council, code)
    mine = cached(comparators.own, code, ui.threshold())
    words = LGBF[code].words
    long = pd.concat([
        pub.melt(id_vars="year", value_vars=["partnership", "family_group", "scotland"],
                 var_name="series", value_name="value"),
        mine.assign(series="ours")[["year", "value", "series"]]])
    labels = {"partnership": f"{council} (published)", "family_group": "Family group mean",
              "scotland": "Scotland", "ours": "Our data (this warehouse)"}
    latest = pub.dropna(subset=["partnership"]).tail(1)
    summary = (f"{code}, {words}: {council} {latest['partnership'].iloc[0]:.1f}% in "
               f"{latest['year'].iloc[0]}, against {latest['family_group'].iloc[0]:.1f}% for "
               f"its family group and {latest['scotland'].iloc[0]:.1f}% for Scotland; ranked "
               f"{int(latest['rank'].iloc[0])} of {int(latest['councils'].iloc[0])} councils "
               f"(1 is best)." if len(latest) else f"No published {code} figures for {council}.")
    fig = charts.lines(long, x="year", y="value", group="series", y_title="per cent",
                        labels=labels, zero_based=False, legend=True)
    # LGBF years ("2019-20") are labels, not dates
    fig.update_xaxes(type="category", categoryorder="category ascending", autorange=True)
    table = pub.merge(mine[["year", "value"]].rename(columns={"value": "ours"}), on="year",
                      how="outer").rename(columns={
                          "year": "Year", "partnership": f"{council} (published)",
                          "family_group": "Family group mean", "scotland": "Scotland",
                          "rank": "Rank (1 best)", "councils": "Councils",
                          "ours": "Our data"})
    ui.chart_block(f"{code}: {words}", summary, fig, table=table.round(1), topic=f"lgbf-{code}",
                   alt=f"Line chart of {code} by year for {council}, its LGBF family group "
                       f"and Scotland, with this warehouse's own figure. {summary}",
                   filters=ui.current(), key=f"compare_{code}",
                   note="Published figures: Local Government Benchmarking Framework "
                        "(Improvement Service). Our data: 31 July snapshots computed the "
                        "LGBF way from this warehouse (synthetic in the demo).")


def childrens_houses() -> None:
    council = load_settings().council
    if "comparator_care_services" not in cached(comparators.loaded_tables):
        st.info("Load the Care Inspectorate datastore CSV to see the council's registered "
                "children's care homes and their grades.")
        return
    frame = cached(comparators.care_homes, council)
    st.subheader("Children's houses and other registered care homes for children")
    if frame.empty:
        st.info(f"No registered children's care homes for {council} in the loaded "
                "Care Inspectorate datastore.")
        return
    grades = frame[list(KQ)].stack().dropna()
    good = int((frame[list(KQ)].min(axis=1, skipna=True) >= 4).sum())
    lowest = (f"the lowest grade given is {int(grades.min())}." if len(grades)
              else "none has been graded yet.")
    st.markdown(f"{len(frame)} registered care homes for children in {council}; {good} are "
                f"graded good (4) or better on every key question inspected. Grades run from "
                f"1 (unsatisfactory) to 6 (excellent); {lowest}")
    frame = frame.dropna(axis=1, how="all")          # a key question nobody was graded on
    shown = frame.rename(columns={"service_name": "Service", "service_type": "Provider",
                                  "last_inspection": "Last inspected", **KQ})
    shown["Last inspected"] = shown["Last inspected"].astype(str)
    st.table(ui.as_text(shown), hide_index=True,
             alt="Registered children's care homes with their latest key-question grades")
    st.caption("Source: Care Inspectorate datastore. Blank: key question not inspected.")


def _limits_sentence(drawn, choice: str, outside: int, placed: int) -> str:
    """How many councils lie outside the drawn 95% limits, and which limits they are."""
    count = f"{outside} of {placed} councils lie outside the"
    if drawn.adjusted:
        return (f"{count} 95% limits adjusted for over-dispersion: the councils differ by "
                "more than chance alone gives, so the limits are widened by the usual spread "
                f"between councils ({METHOD_WORDS[drawn.method]}).")
    if choice == "adjusted":
        return (f"{count} 95% limits. No adjustment for over-dispersion: the councils' "
                "spread is what chance gives.")
    if drawn.dispersion.found:
        return (f"{count} exact 95% limits, not adjusted for over-dispersion: the councils "
                "differ by more than chance alone gives, so more lie outside them than "
                "chance would put there.")
    return f"{count} exact 95% limits; the councils' spread is what chance gives."


def _funnel_chart(title: str, points: pd.DataFrame, limits: dict, target: float, *,
                  scale: float,
                  council: str, group: set[str], unit: str, x_title: str, topic: str,
                  source: str, better: str | None, extra: str = "") -> None:
    """One funnel plot with its sentence, table and downloads, against the limits chosen
    (`comparators.LIMITS`: adjusted for over-dispersion by default, or exact). Every
    council outside the drawn 95% limits is labelled; the sentence counts the table's
    rows. `better`: "higher", "lower" or None (neither is better in itself)."""
    choice = st.radio("Limits", list(comparators.LIMITS), format_func=comparators.LIMITS.get,
                      key=f"limits_{topic}", horizontal=True,
                      help="Councils often differ by more than chance alone would give "
                           "(over-dispersion), so that exact limits put many outside. The "
                           "adjusted limits allow for the usual spread between councils "
                           "(Spiegelhalter 2005); they are the exact ones when the spread "
                           "is what chance gives.")
    drawn = limits[choice]
    me = council_key(council)
    named = points.assign(name=np.where(points["key"] == me, council, points["name"]),
                          position=points[f"position_{choice}"])
    placed = named[named["position"] != "unknown"]
    outside = placed[placed["position"] != "within"]
    words = comparators.ADJUSTED_POSITION_WORDS if drawn.adjusted else POSITION_WORDS
    which = ("95% and 99.8% limits adjusted for over-dispersion" if drawn.adjusted
             else "exact 95% and 99.8% limits, no adjustment")
    percent = unit == "%"
    fig = funnel_plot.funnel(named, target=target, curve=drawn.curve, x_title=x_title,
                        y_title="per cent" if percent else f"per {scale:,.0f}",
                        highlight=council, group={n for n, k in zip(named["name"], named["key"])
                                                  if k in group}, percent=percent,
                        labelled=list(outside["name"]), limits_title=which.capitalize())
    mine = named[named["key"] == me]
    if len(mine):
        row = mine.iloc[0]
        summary = (f"{council}: {row['value']:.1f}{unit} of {row['n']:,.0f}, against "
                   f"{target:.1f}{unit} for Scotland; {words[row['position']]} "
                   f"({BETTER_WORDS[better] if better else NEITHER}).")
    else:
        summary = f"{council} is not in the published figures."
    summary += " " + _limits_sentence(drawn, choice, len(outside), len(placed)) + extra
    table = named.assign(family=named["key"].isin(group).map({True: "yes", False: ""}))
    table = table.sort_values("value", ascending=False)[
        ["name", "value", "n", "family", "position"]].rename(columns={
            "name": "Council", "value": f"Value ({unit.strip()})", "n": x_title,
            "family": "Family group", "position": "Against the funnel"})
    exact = ("The limits are exact binomial or Poisson ones around Scotland's figure, "
             "Spiegelhalter (2005).")
    method = ("Adjusted limits: Scotland's figure plus or minus 1.96 (95%) or 3.09 (99.8%) "
              "times the square root of a council's own variance plus the between-council "
              "variance (tau squared, on the chart's scale), estimated from z-scores "
              "winsorised at the 10th and 90th percentiles (Spiegelhalter 2005)."
              if drawn.adjusted else exact)
    ui.chart_block(title, summary, fig, table=table.round(1), topic=topic,
                   alt=f"Funnel plot: {title}, each council against its size, with {which} "
                       f"around Scotland's figure; the councils outside the 95% limits are "
                       f"named. {summary}",
                   filters=ui.current(), key=f"funnel_{topic}",
                   note=f"{source} {drawn.description} {method} A council outside the "
                        "99.8% limits differs from Scotland by more than chance"
                        f"{' and the usual spread between councils' if drawn.adjusted else ''}"
                        "; inside them, ranking it is not meaningful.")


def lgbf_funnel(code: str) -> None:
    council = load_settings().council
    found = cached(comparators.lgbf_funnel, code)
    if found is None:
        st.caption(f"No funnel plot for {code}: the LGBF does not publish its denominator "
                   "(the number of registrations)." if LGBF[code].funnel_column is None else
                   f"No funnel plot for {code}: load the LGBF looked-after children CSV.")
        return
    year, points, limits, target = found
    words = LGBF[code].words
    _funnel_chart(f"{code} across Scotland's councils, {year}", points, limits, target,
                  scale=100, council=council,
                  group=cached(comparators.family_group, council), unit="%",
                  x_title="Children looked after", topic=f"lgbf-{code}-funnel",
                  better=LGBF[code].better,
                  source=f"Local Government Benchmarking Framework, {year}: {words}.")


def own_rate(period: str, population: float) -> str:
    """This warehouse's looked-after count on the ScotPHO snapshot day, per 1,000."""
    year = "".join(ch for ch in period if ch.isdigit())[:4]
    if len(year) != 4 or not population:
        return ""
    n, threshold = cached(comparators.looked_after_on, int(year)), ui.threshold()
    if not n:
        return f" This warehouse has no 31 July {year} snapshot to set beside it."
    if n < threshold:
        return f" This warehouse: {safe_number(n, threshold)} looked after on 31 July {year}."
    return (f" This warehouse: {safe_number(n, threshold)} looked after on 31 July {year}, "
            f"{1000 * n / population:.1f} per 1,000 of the published population.")


def rate_funnel() -> None:
    council = load_settings().council
    found = cached(comparators.rate_funnel)
    if found is None:
        st.info("Load a ScotPHO profile CSV with the indicator \"Children looked after by "
                "local authority\" to compare the rate per 1,000 children.")
        return
    period, points, limits, target = found
    mine = points[points["name"].map(council_key) == council_key(council)]
    extra = own_rate(period, float(mine["n"].iloc[0])) if len(mine) else ""
    _funnel_chart(f"Children looked after per 1,000 aged 0-17, {period}", points, limits,
                  target, scale=1000, council=council, group=cached(comparators.family_group, council),
                  unit=" per 1,000", x_title="Children aged 0-17", topic="scotpho-lac-rate",
                  better=None,
                  source="ScotPHO council profiles (Public Health Scotland): crude rate per "
                         "1,000 children aged 0-17, July snapshot; population: mid-year "
                         "estimate aged under 18.", extra=extra)


def grade_history_block() -> None:
    council = load_settings().council
    frame = cached(comparators.grading_history, council)
    if frame.empty:
        st.caption("Grading history: load the Care Inspectorate grading history CSV to see "
                   "how each home's grades have moved.")
        return
    homes, weak = cached(comparators.latest_grades, council)     # from the same rows
    summary = (f"{homes} children's care homes in {council} have published grades from "
               f"{frame['year'].min()} to {frame['year'].max()}. At their latest grading, "
               f"{homes - weak} had no grade below 3 (adequate); {weak} had a grade of 2 "
               "(weak) or 1 (unsatisfactory).")
    fig = charts.grade_grid(frame, rows="service_name", cols="year", value="lowest")
    table = frame.pivot_table(index="service_name", columns="year", values="lowest",
                              aggfunc="last").reset_index().rename(
        columns={"service_name": "Service"})
    table.columns.name = None
    ui.chart_block("Grading history: each home's grade at its last grading of the year",
                   summary, fig,
                   table=table, topic="care-inspectorate-grades", filters=ui.current(),
                   key="grade_history",
                   alt=f"Grid of children's care homes by year, each cell the lowest grade "
                       f"given at the home's last Care Inspectorate grading that year. "
                       f"{summary}",
                   note="Source: Care Inspectorate grading history. Before 2018 homes were "
                        "graded on quality themes, since then on key questions; both run "
                        "from 1 (unsatisfactory) to 6 (excellent). A regrading replaces the "
                        "grade before it. Blank: no grading that year.")
