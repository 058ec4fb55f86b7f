"""Named queries behind the themed pages' charts beside the indicator trends, each
returning a Protected frame (small counts hidden, rates on few children hidden,
secondary suppression across the groups a reader could add up).

A breakdown of a catalogue indicator reads the indicator layer
(outcomes/query/indicators.py); the others are descriptive counts from the
child-level fact tables that no indicator defines."""

from __future__ import annotations

import pandas as pd

from core.rules import RESIDENTIAL_PLACEMENTS, percent
from outcomes.query import indicators
from outcomes.query.db import Warehouse
from outcomes.query.disclosure import Protected, protect
from outcomes.query.filters import Filters
from outcomes.words.labels import natural_order


def _run(wh: Warehouse, sql: str, view: str, filters: Filters, extra: list | None = None,
         alias: str = "") -> pd.DataFrame:
    where, params = filters.where(wh.columns(view), alias)
    return wh.df(sql.format(where=where), [*(extra or []), *params])


def _rate(frame: pd.DataFrame, num: str, den: str, out: str = "pct") -> pd.DataFrame:
    frame[out] = percent(frame[num], frame[den]).set_axis(frame.index)
    return frame


def _share(frame: pd.DataFrame, count: str) -> pd.DataFrame:
    """Each row's share of the column's total (as "pct"), and the total (as "all")."""
    frame["all"] = frame[count].sum()
    return _rate(frame, count, "all")


def wellbeing_by_indicator(wh: Warehouse, f: Filters, threshold: int) -> Protected:
    """Mean SHANARRI score (% of the scale) per quarter and indicator."""
    frame = _run(wh, """
        SELECT period_end, indicator, count(DISTINCT child_id) AS children,
               round(avg(score_pct), 1) AS mean_score_pct
        FROM fact_wellbeing WHERE period_end BETWEEN ? AND ? AND {where}
        GROUP BY ALL ORDER BY ALL""", "fact_wellbeing", f, [f.start, f.end])
    frame["period_end"] = pd.to_datetime(frame["period_end"]).dt.date
    return protect(frame, counts=["children"], threshold=threshold,
                   rates={"mean_score_pct": ("children", "children")})


def without_recent_assessment(wh: Warehouse, f: Filters, threshold: int) -> Protected:
    """Looked-after children at the period's end with no wellbeing assessment in 12 months,
    by placement: the complement of the indicator wellbeing_assessed_recent_pct."""
    frame = indicators.raw_series(wh, "wellbeing_assessed_recent_pct",
                                  f.with_period(f.end, f.end), by="placement_type")
    frame = pd.DataFrame({"placement_type": frame["placement_type"],
                          "looked_after": frame["denominator"],
                          "assessed": frame["numerator"],
                          "without_recent_assessment": frame["denominator"] - frame["numerator"]})
    frame = frame.sort_values("without_recent_assessment", ascending=False,
                              kind="stable").reset_index(drop=True)
    # the total from the data, before anything is hidden (never a sum of visible cells)
    frame.loc[len(frame)] = ["all", *frame[["looked_after", "assessed",
                                             "without_recent_assessment"]].sum()]
    frame = _rate(frame, "without_recent_assessment", "looked_after")
    return protect(frame, counts=["looked_after", "assessed", "without_recent_assessment"],
                   threshold=threshold, across="placement_type",
                   parts={"looked_after": ["assessed", "without_recent_assessment"]},
                   rates={"pct": ("without_recent_assessment", "looked_after")})


def leavers_mix(wh: Warehouse, f: Filters, threshold: int, column: str) -> Protected:
    """Care leavers receiving aftercare at the period's end by accommodation or activity."""
    if column not in ("accommodation", "economic_activity"):
        raise ValueError(column)
    frame = _run(wh, f"""
        SELECT {column} AS category, count(*) AS young_people
        FROM fact_care_leavers
        WHERE period_type = 'quarter' AND period_end = ? AND receiving_aftercare AND {{where}}
        GROUP BY ALL ORDER BY young_people DESC""", "fact_care_leavers", f, [f.end])
    frame = _share(frame, "young_people")
    return protect(frame, counts=["young_people"], threshold=threshold, across="category",
                   rates={"pct": ("young_people", "all")})


# The last placement before leaving care, in the few groups a board reads (the national
# statistics' residential / community split, with home and kinship care apart).
LAST_PLACEMENT_GROUPS = {
    "home_with_parents": "At home with parents", "kinship": "Kinship care",
    "foster_la": "Foster care or adopters", "foster_purchased": "Foster care or adopters",
    "prospective_adopters": "Foster care or adopters",
    **{p: "Residential or secure care" for p in RESIDENTIAL_PLACEMENTS},
}
OTHER_PLACEMENT = "Other or not known"


def leavers_by_last_placement(wh: Warehouse, f: Filters, threshold: int) -> Protected:
    """Where care leavers (receiving or eligible for aftercare) live at the period's end,
    by the last placement before they left care (grouped): one row per group and place,
    with each group's total (place "all") and the share of that total ("pct")."""
    frame = _run(wh, """
        WITH now AS (
            SELECT child_id, accommodation FROM fact_care_leavers
            WHERE period_type = 'quarter' AND period_end = ? AND {where}
        )
        SELECT coalesce(c.placement_type, 'not_known') AS placement,
               n.accommodation, count(*) AS young_people
        FROM now n LEFT JOIN fact_ceased_16_plus c USING (child_id)
        GROUP BY ALL""", "fact_care_leavers", f, [f.end])
    frame["placement"] = frame["placement"].map(LAST_PLACEMENT_GROUPS).fillna(OTHER_PLACEMENT)
    # every group and place, 0 where none: a missing cell would read as hidden
    frame = (frame.groupby(["placement", "accommodation"])["young_people"].sum()
             .unstack(fill_value=0).stack().rename("young_people").reset_index())
    totals = frame.groupby("placement", as_index=False)["young_people"].sum()
    frame = pd.concat([totals.assign(accommodation="all"), frame], ignore_index=True)
    frame = frame.merge(totals.rename(columns={"young_people": "placed"}), on="placement")
    groups = [*dict.fromkeys(LAST_PLACEMENT_GROUPS.values()), OTHER_PLACEMENT]
    frame = frame.sort_values(["placement", "accommodation"], kind="stable", key=lambda s: (
        s.map(groups.index) if s.name == "placement" else s.ne("all"))).reset_index(drop=True)
    frame = frame[["placement", "accommodation", "young_people", "placed"]]
    frame = _rate(frame, "young_people", "placed")
    protected = protect(frame, counts=["young_people"], threshold=threshold,
                        across="accommodation", rates={"pct": ("young_people", "placed")})
    # each group's size is its "all" row, protected there: not a column of its own
    return Protected(data=protected.data.drop(columns="placed"), hidden=protected.hidden,
                     threshold=threshold)


VOICE_GROUPS = ("age_band", "disability", "placement_type", "locality", "sex")


def voice_coverage_by_group(wh: Warehouse, f: Filters, threshold: int,
                            quarters: int = 8) -> Protected:
    """Coverage (the indicator voice_coverage_pct) per group (rows) and quarter (columns),
    for the last `quarters` quarters of the period."""
    first = (pd.Timestamp(f.end) - pd.offsets.QuarterEnd(quarters - 1)).date()
    recent = f.with_period(max(f.start, first), f.end)
    parts = []
    for group in VOICE_GROUPS:
        frame = indicators.raw_series(wh, "voice_coverage_pct", recent, by=group)
        parts.append(pd.DataFrame({
            "period_end": frame["period_end"], "grouping": group,
            "grp": frame[group].astype(str), "population": frame["denominator"],
            "heard": frame["numerator"]}))
    frame = pd.concat(parts, ignore_index=True)
    rank = {v: i for i, v in enumerate(natural_order(frame["grp"]))}
    frame = frame.sort_values(["period_end", "grouping", "grp"], key=lambda s: s.map(rank)
                              if s.name == "grp" else s, kind="stable").reset_index(drop=True)
    frame = _rate(frame, "heard", "population")
    return protect(frame, counts=["population", "heard"], threshold=threshold, across="grp",
                   rates={"pct": ("heard", "population")})


def views_by_service(wh: Warehouse, f: Filters, threshold: int,
                     by_type: bool = False) -> Protected:
    """Views received in the 12 months to the period's end, per service, and what happened.
    `by_type`: per kind of service ("Social work - Hamilton" counts as "Social work"), for
    roles without locality breakdowns (a service's place names its locality)."""
    service = r"regexp_replace(service, '\s+-\s+.*$', '')" if by_type else "service"
    frame = _run(wh, f"""
        SELECT {service} AS service, count(*) AS views, count(*) FILTER (WHERE acted_on) AS acted_on,
               count(*) FILTER (WHERE told_outcome) AS told_outcome
        FROM fact_feedback
        WHERE received_date <= ? AND received_date > ?::DATE - INTERVAL 1 YEAR AND {{where}}
        GROUP BY ALL ORDER BY views DESC""", "fact_feedback", f, [f.end, f.end])
    frame = _rate(frame, "acted_on", "views", "acted_pct")
    frame = _rate(frame, "told_outcome", "views", "told_pct")
    return protect(frame, counts=["views", "acted_on", "told_outcome"], threshold=threshold,
                   across="service", rates={"acted_pct": ("acted_on", "views"),
                                            "told_pct": ("told_outcome", "views")})


def comments(wh: Warehouse, f: Filters) -> pd.DataFrame:
    """Children's words in the period (for theme counts; quotes only where can_quote)."""
    return _run(wh, """
        SELECT period_end, comment, can_quote, received_date, service
        FROM fact_feedback
        WHERE period_end BETWEEN ? AND ?
          AND comment IS NOT NULL AND {where}""", "fact_feedback", f, [f.start, f.end])


def cp_on_register(wh: Warehouse, f: Filters, threshold: int) -> Protected:
    frame = _run(wh, """
        SELECT p.period_end, count(DISTINCT r.child_id) AS on_register
        FROM periods p JOIN fact_cp_registrations r
          ON r.registration_date <= p.period_end
         AND (r.deregistration_date IS NULL OR r.deregistration_date > p.period_end)
        WHERE p.period_type = 'quarter' AND p.period_end BETWEEN ? AND ? AND {where}
        GROUP BY ALL ORDER BY ALL""", "fact_cp_registrations", f, [f.start, f.end], alias="r")
    frame["period_end"] = pd.to_datetime(frame["period_end"]).dt.date
    return protect(frame, counts=["on_register"], threshold=threshold)


def cp_concerns(wh: Warehouse, f: Filters, threshold: int) -> Protected:
    """Concerns recorded at registration in the 12 months to the period's end."""
    frame = _run(wh, """
        SELECT concern, count(DISTINCT registration_id) AS registrations
        FROM fact_cp_concerns
        WHERE registration_date <= ? AND registration_date > ?::DATE - INTERVAL 1 YEAR
          AND {where}
        GROUP BY ALL ORDER BY registrations DESC""", "fact_cp_concerns", f, [f.end, f.end])
    regs = _run(wh, """
        SELECT count(*) AS n FROM fact_cp_registrations
        WHERE registration_date <= ? AND registration_date > ?::DATE - INTERVAL 1 YEAR
          AND {where}""", "fact_cp_registrations", f, [f.end, f.end])["n"].iloc[0]
    frame["all_registrations"] = regs
    frame = _rate(frame, "registrations", "all_registrations")
    frame["concern"] = frame["concern"].str.replace("_", " ").str.capitalize()
    return protect(frame, counts=["registrations"], threshold=threshold,
                   rates={"pct": ("registrations", "all_registrations")})


def cp_time_on_register(wh: Warehouse, f: Filters, threshold: int) -> Protected:
    """De-registrations in the 12 months to the period's end, by time on the register."""
    frame = _run(wh, """
        SELECT time_on_register_band AS band, count(*) AS deregistrations
        FROM fact_cp_registrations
        WHERE deregistration_date <= ? AND deregistration_date > ?::DATE - INTERVAL 1 YEAR
          AND {where}
        GROUP BY ALL""", "fact_cp_registrations", f, [f.end, f.end])
    order = ["Under 6 months", "6 months to under 1 year", "1 to under 2 years",
             "2 years or more"]
    frame["band"] = pd.Categorical(frame["band"], categories=order, ordered=True)
    frame = frame.sort_values("band").reset_index(drop=True)
    frame["band"] = frame["band"].astype(str)
    frame = _share(frame, "deregistrations")
    return protect(frame, counts=["deregistrations"], threshold=threshold, across="band",
                   rates={"pct": ("deregistrations", "all")})
