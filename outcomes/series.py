"""Quarterly series for every indicator in the catalogue: one named query each.

Each query returns, per quarter end (and per breakdown group when asked),
the indicator's numerator and denominator, from a child-level fact view so
that every sidebar filter can narrow it. Values are computed here; counts and
rates pass through disclosure control before they leave (`indicator_series`).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from outcomes.catalogue import BY_ID
from outcomes.db import Warehouse
from outcomes.disclosure import Protected, protect
from outcomes.filters import Filters

ALL = ("locality", "age_band", "sex", "disability", "placement_type")
NO_PLACEMENT = ("locality", "age_band", "sex", "disability")


@dataclass(frozen=True)
class Source:
    sql: str                    # SELECT period_end, {by} numerator, denominator ... {where}
    columns: tuple[str, ...]    # filterable (and breakdown) columns of the fact view


def _snapshot(view: str, numerator: str, denominator: str = "count(*)",
              columns: tuple[str, ...] = ALL) -> Source:
    """A count of children on each quarter's last day (a fact view with period_end)."""
    return Source(f"""
        SELECT period_end, {{by}} {numerator} AS numerator, {denominator} AS denominator
        FROM {view}
        WHERE period_type = 'quarter' AND period_end BETWEEN ? AND ? AND {{where}}
        GROUP BY ALL""", columns)


def _rolling(view: str, date_col: str, numerator: str, denominator: str = "count(*)",
             columns: tuple[str, ...] = NO_PLACEMENT, months: int = 12) -> Source:
    """Events in the `months` to each quarter's end."""
    return Source(f"""
        SELECT p.period_end, {{by}} {numerator} AS numerator, {denominator} AS denominator
        FROM periods p JOIN {view} f
          ON f.{date_col} <= p.period_end
         AND f.{date_col} > p.period_end - INTERVAL {months} MONTH
        WHERE p.period_type = 'quarter' AND p.period_end BETWEEN ? AND ? AND {{where}}
        GROUP BY ALL""", columns)


LEAVERS = ("locality", "sex", "disability")
SOURCES: dict[str, Source] = {
    "lac_count": _snapshot("fact_looked_after", "count(*)", "NULL::BIGINT"),
    "lac_community_pct": _snapshot("fact_looked_after",
                                   "count(*) FILTER (WHERE setting = 'community')"),
    "placement_moves_pct": _snapshot("fact_looked_after",
                                     "count(*) FILTER (WHERE placements_in_year > 1)"),
    "cp_registrations": _rolling("fact_cp_registrations", "registration_date", "count(*)",
                                 "NULL::BIGINT", months=3),
    "cp_reregistration_pct": _rolling("fact_cp_registrations", "registration_date",
                                      "count(*) FILTER (WHERE reregistration_18m)"),
    "aftercare_receiving_pct": _snapshot(
        "fact_care_leavers", "count(*) FILTER (WHERE eligible_for_aftercare AND "
        "receiving_aftercare)", "count(*) FILTER (WHERE eligible_for_aftercare)", LEAVERS),
    "care_leavers_pathway_plan_pct": _snapshot(
        "fact_care_leavers", "count(*) FILTER (WHERE receiving_aftercare AND pathway_plan)",
        "count(*) FILTER (WHERE receiving_aftercare)", LEAVERS),
    "care_leavers_homeless_pct": _snapshot(
        "fact_care_leavers", "count(*) FILTER (WHERE receiving_aftercare AND homeless)",
        "count(*) FILTER (WHERE receiving_aftercare AND accommodation_known)", LEAVERS),
    "care_leavers_eet_pct": _snapshot(
        "fact_care_leavers", "count(*) FILTER (WHERE receiving_aftercare AND in_eet)",
        "count(*) FILTER (WHERE receiving_aftercare AND activity_known)", LEAVERS),
    "continuing_care_pct": _rolling(
        "fact_ceased_16_plus", "ceased_date",
        "count(*) FILTER (WHERE eligible_placement AND continuing_care)",
        "count(*) FILTER (WHERE eligible_placement)", ("locality", "sex", "disability",
                                                        "placement_type")),
    "wellbeing_improved_pct": _snapshot("fact_wellbeing_change",
                                        "count(*) FILTER (WHERE improved)"),
    "wellbeing_assessed_recent_pct": _snapshot("fact_wellbeing_recency",
                                               "count(*) FILTER (WHERE assessed_recently)"),
    "voice_coverage_pct": _snapshot("fact_voice_population", "count(*) FILTER (WHERE heard)"),
    "voice_acted_on_pct": _rolling("fact_feedback", "received_date",
                                   "count(*) FILTER (WHERE acted_on)"),
    "voice_told_outcome_pct": _rolling("fact_feedback", "received_date",
                                       "count(*) FILTER (WHERE told_outcome)"),
    "voice_used_in_planning_pct": _rolling("fact_feedback", "received_date",
                                           "count(*) FILTER (WHERE used_in_planning)"),
    "data_completeness_pct": Source("""
        SELECT (SELECT period_end FROM data_as_at) AS period_end, {by}
               sum(filled) AS numerator, sum(rows) AS denominator
        FROM dq_completeness WHERE NOT required AND ? IS NOT NULL AND ? IS NOT NULL
          AND {where} GROUP BY ALL""", ()),
}


def available(indicator_id: str) -> tuple[str, ...]:
    return SOURCES[indicator_id].columns


def raw_series(wh: Warehouse, indicator_id: str, filters: Filters,
               by: str | None = None) -> pd.DataFrame:
    """period_end, [by], numerator, denominator, value: not yet protected."""
    source = SOURCES[indicator_id]
    if by is not None and by not in source.columns:
        raise ValueError(f"{indicator_id} cannot be broken down by {by}")
    where, params = filters.where(source.columns)
    sql = source.sql.format(by=f"{by}, " if by else "", where=where)
    frame = wh.df(f"SELECT * FROM ({sql}) ORDER BY ALL",
                  [filters.start, filters.end, *params])
    frame["period_end"] = pd.to_datetime(frame["period_end"]).dt.date
    frame["value"] = value(indicator_id, frame)
    return frame


def value(indicator_id: str, frame: pd.DataFrame) -> pd.Series:
    num = frame["numerator"].astype("Float64")
    if BY_ID[indicator_id].unit != "%":
        return num
    den = frame["denominator"].astype("Float64")
    return (100 * num / den.where(den > 0)).round(1)


def indicator_series(wh: Warehouse, indicator_id: str, filters: Filters, threshold: int,
                     by: str | None = None) -> Protected:
    """The protected series: small counts hidden, rates on few children hidden."""
    frame = raw_series(wh, indicator_id, filters, by)
    rates = {"value": ("numerator", "denominator")} if BY_ID[indicator_id].unit == "%" else {}
    counts = ["numerator", "denominator"] if rates else ["numerator"]
    if not rates:
        frame["value"] = frame["numerator"]
        counts = ["numerator", "value"]
    return protect(frame, counts=counts, rates=rates, threshold=threshold, across=by)
