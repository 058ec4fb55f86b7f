"""How we compare: the partnership's figures beside published Scottish comparators.

Reads the benchmark tables loaded by `outcomes benchmarks load` (LGBF, Care
Inspectorate). The partnership is the council named in partnership.toml, so
any Scottish council can use the page. Published figures are about councils,
not children; the partnership's own figures still pass disclosure control.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from etl.settings import load_settings
from outcomes import figures, ui
from outcomes.db import get_warehouse
from outcomes.disclosure import protect

LGBF = {"CHN9": ("lac_community_pct", "% looked after in the community", "community",
                 "looked_after", "ind_looked_after"),
        "CHN22": ("cp_reregistration_pct", "% of registrations that are re-registrations "
                  "within 18 months", "reregistrations_18m", "registrations",
                  "ind_child_protection"),
        "CHN23": ("placement_moves_pct", "% looked after with more than one placement in the "
                  "year", "more_than_one_placement", "looked_after", "ind_looked_after")}
KQ = {"kq_support_wellbeing": "Wellbeing", "kq_care_and_support_planning": "Care planning",
      "kq_setting": "Setting", "kq_staff_team": "Staff team", "kq_leadership": "Leadership",
      "kq_care_play_and_learning": "Care, play and learning"}


def has_benchmarks(wh) -> bool:
    tables = set(wh.df("SELECT table_name FROM duckdb_tables()")["table_name"])
    return "bench_lgbf" in tables


def published(wh, council: str, code: str) -> pd.DataFrame:
    """Per LGBF year: the council, its family group's mean, Scotland, and its rank."""
    return wh.df("""
        WITH ind AS (
            SELECT council, year, value, family_group, one_is_high FROM bench_lgbf
            WHERE indicator = ? AND source = 'LGBF long CSV'
        ),
        grp AS (SELECT any_value(family_group) AS fg FROM ind WHERE council = ?),
        ranked AS (
            SELECT year, council,
                   rank() OVER (PARTITION BY year ORDER BY CASE WHEN one_is_high = 'Yes'
                                THEN -value ELSE value END) AS rank,
                   count(*) OVER (PARTITION BY year) AS councils
            FROM ind WHERE council <> 'Scotland' AND value IS NOT NULL
        )
        SELECT i.year,
               max(i.value) FILTER (WHERE i.council = ?) AS partnership,
               avg(i.value) FILTER (WHERE i.family_group = (SELECT fg FROM grp)
                                    AND i.council NOT IN ('Scotland', ?)) AS family_group,
               max(i.value) FILTER (WHERE i.council = 'Scotland') AS scotland,
               max(r.rank) FILTER (WHERE r.council = ?) AS rank,
               max(r.councils) AS councils
        FROM ind i LEFT JOIN ranked r ON r.year = i.year AND r.council = i.council
        GROUP BY i.year ORDER BY i.year""", [code, council, council, council, council])


def own(wh, code: str, threshold: int) -> pd.DataFrame:
    """The partnership's own figure per 31 July year, computed the LGBF way."""
    _, _, num, den, view = LGBF[code]
    frame = wh.df(f"""
        SELECT p.label AS year, sum(v.{num}) AS numerator, sum(v.{den}) AS denominator
        FROM {view} v JOIN periods p USING (period_end, period_type)
        WHERE v.period_type = 'clas_year' GROUP BY ALL ORDER BY 1""")
    frame["value"] = (100 * frame["numerator"] / frame["denominator"].where(
        frame["denominator"] > 0)).round(1)
    return protect(frame, counts=["numerator", "denominator"], threshold=threshold,
                   rates={"value": ("numerator", "denominator")}).data


def comparison(code: str) -> None:
    wh, council = get_warehouse(), load_settings().council
    pub = published(wh, council, code)
    mine = own(wh, code, ui.threshold())
    _, words, *_ = LGBF[code]
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
    fig = figures.lines(long, x="year", y="value", group="series", y_title="per cent",
                        labels=labels, zero_based=False)
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


def care_homes_summary(wh, council: str) -> str:
    """One sentence on the council's children's care homes' grades, or "" without data."""
    if "bench_care_services" not in set(wh.df("SELECT table_name FROM duckdb_tables()")[
            "table_name"]):
        return ""
    row = wh.df(f"""
        SELECT count(*) AS homes,
               count(*) FILTER (WHERE least({", ".join(KQ)}) >= 4) AS good
        FROM bench_care_services
        WHERE council = ? AND care_service = 'Care Home Service'
          AND subtype = 'Children & Young People'""", [council]).iloc[0]
    if not row["homes"]:
        return ""
    return (f"Care Inspectorate: {int(row['good'])} of {int(row['homes'])} registered care "
            "homes for children graded good (4) or better on every key question inspected "
            "(see How we compare).")


def childrens_houses() -> None:
    wh, council = get_warehouse(), load_settings().council
    frame = wh.df(f"""
        SELECT service_name, service_type, last_inspection, {", ".join(KQ)}
        FROM bench_care_services
        WHERE council = ? AND care_service = 'Care Home Service'
          AND subtype = 'Children & Young People'
        ORDER BY service_type, service_name""", [council])
    st.subheader("Children's houses and other registered care homes for children")
    if frame.empty:
        st.info(f"No registered children's care homes for {council} in the loaded "
                "Care Inspectorate datastore.")
        return
    grades = frame[list(KQ)].stack()
    good = int((frame[list(KQ)].min(axis=1, skipna=True) >= 4).sum())
    st.markdown(f"{len(frame)} registered care homes for children in {council}; {good} are "
                f"graded good (4) or better on every key question inspected. Grades run from "
                f"1 (unsatisfactory) to 6 (excellent); the lowest grade given is "
                f"{int(grades.min())}.")
    shown = frame.rename(columns={"service_name": "Service", "service_type": "Provider",
                                  "last_inspection": "Last inspected", **KQ})
    shown["Last inspected"] = shown["Last inspected"].astype(str)
    st.table(ui.as_text(shown), hide_index=True,
             alt="Registered children's care homes with their latest key-question grades")
    st.caption("Source: Care Inspectorate datastore. Blank: key question not inspected.")
