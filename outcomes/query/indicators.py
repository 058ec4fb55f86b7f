"""Every indicator in the catalogue, read from its one definition: the warehouse
view `ind_<id>` (etl/sql/), which holds per period and per combination of its
breakdown columns the indicator's numerator and denominator.

One query serves them all: it narrows the view with the sidebar's filters
(bound parameters), sums it per period (and per group when asked), computes
the value with the one percentage rule, and protects the result before it
leaves (small counts hidden, rates on few children hidden).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from core.catalogue import BY_ID
from core.rules import percent
from outcomes.query.db import Warehouse
from outcomes.query.disclosure import Protected, protect
from outcomes.query.filters import Filters
from outcomes.words.labels import natural_order

NOT_BREAKDOWNS = ("period_end", "period_type", "numerator", "denominator")


def view(indicator_id: str) -> str:
    """The warehouse view that defines the indicator."""
    return f"ind_{BY_ID[indicator_id].id}"


def dimensions(wh: Warehouse, indicator_id: str) -> tuple[str, ...]:
    """The columns the indicator can be narrowed and broken down by: its view's own."""
    return tuple(c for c in wh.columns(view(indicator_id)) if c not in NOT_BREAKDOWNS)


def raw_series(wh: Warehouse, indicator_id: str, filters: Filters, by: str | None = None,
               period_type: str = "quarter") -> pd.DataFrame:
    """period_end, [by], numerator, denominator, value: not yet protected."""
    columns = dimensions(wh, indicator_id)
    if by is not None and by not in columns:
        raise ValueError(f"{indicator_id} cannot be broken down by {by}")
    where, params = filters.where(columns)
    group = f"{by}, " if by else ""
    frame = wh.df(f"""
        SELECT period_end, {group}sum(numerator)::BIGINT AS numerator,
               sum(denominator)::BIGINT AS denominator
        FROM {view(indicator_id)}
        WHERE period_type = ? AND period_end BETWEEN ? AND ? AND {where}
        GROUP BY ALL ORDER BY ALL""", [period_type, filters.start, filters.end, *params])
    frame["period_end"] = pd.to_datetime(frame["period_end"]).dt.date
    if by:                                  # groups in their natural order, not by name
        rank = {v: i for i, v in enumerate(natural_order(frame[by]))}
        frame = frame.sort_values(["period_end", by], key=lambda s: s.map(rank)
                                  if s.name == by else s, kind="stable").reset_index(drop=True)
    frame["value"] = value(indicator_id, frame)
    return frame


def value(indicator_id: str, frame: pd.DataFrame) -> pd.Series:
    if BY_ID[indicator_id].unit == "%":
        return percent(frame["numerator"], frame["denominator"]).set_axis(frame.index)
    return frame["numerator"].astype("Float64")


def protected(frame: pd.DataFrame, indicator_id: str, threshold: int,
              by: str | None = None) -> Protected:
    """A raw series with small counts hidden and rates on few children hidden."""
    if BY_ID[indicator_id].unit == "%":
        return protect(frame, counts=["numerator", "denominator"], threshold=threshold,
                       rates={"value": ("numerator", "denominator")}, across=by)
    frame = frame.assign(value=frame["numerator"])
    return protect(frame, counts=["numerator", "value"], threshold=threshold, across=by)


def indicator_series(wh: Warehouse, indicator_id: str, filters: Filters, threshold: int,
                     by: str | None = None) -> Protected:
    """The protected quarterly series (per group of `by` when given)."""
    return protected(raw_series(wh, indicator_id, filters, by), indicator_id, threshold, by)


# The statistical year each country's national statistics count (periods in 00_periods.sql)
YEAR_PERIODS = {"scotland": "clas_year", "england": "ssda903_year"}


def year_period(country: str) -> str:
    """The period type of a country's statistical year: Scotland's to 31 July (Children
    Looked After Statistics, LGBF), England's to 31 March (SSDA903, DfE)."""
    return YEAR_PERIODS[country]


def whole_years(wh: Warehouse, indicator_id: str, threshold: int,
                country: str = "scotland") -> Protected:
    """The protected series at the end of each of the country's statistical years (31 July
    in Scotland, the national statistics' snapshot; 31 March in England, the SSDA903
    year), labelled by year ("2019-20"): how the LGBF computes CHN9, CHN22 and CHN23 and
    DfE its local authority tables."""
    everything = Filters(start=dt.date(1900, 1, 1), end=dt.date(9999, 12, 31))
    frame = raw_series(wh, indicator_id, everything, period_type=year_period(country))
    frame.insert(0, "year", [f"{d.year - 1}-{str(d.year)[2:]}" for d in frame["period_end"]])
    return protected(frame.drop(columns="period_end"), indicator_id, threshold)
