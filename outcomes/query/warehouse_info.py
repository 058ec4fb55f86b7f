"""What the published warehouse is: whose, demo or real, when published, as at when,
and the quarter ends its periods cover."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from outcomes.query.db import Warehouse


@dataclass(frozen=True)
class WarehouseStatus:
    partnership: str
    demo: bool
    published_at: str
    data_as_at: dt.date | None
    period_end: dt.date | None
    loads: int


def status(wh: Warehouse) -> WarehouseStatus:
    info = dict(wh.df("SELECT key, value FROM warehouse_info").itertuples(index=False))
    as_at = wh.df("SELECT as_at, period_end FROM data_as_at")
    loads = int(wh.df("SELECT count(*) AS n FROM load_audit")["n"].iloc[0])
    first = as_at.iloc[0] if len(as_at) else None
    return WarehouseStatus(
        partnership=info.get("partnership", ""), demo=info.get("demo") == "true",
        published_at=info.get("published_at", ""),
        data_as_at=_date(first["as_at"]) if first is not None else None,
        period_end=_date(first["period_end"]) if first is not None else None, loads=loads)


def _date(value) -> dt.date | None:
    return None if pd.isna(value) else pd.Timestamp(value).date()


def quarter_ends(wh: Warehouse) -> list[dt.date]:
    frame = wh.df("SELECT period_end FROM periods WHERE period_type = 'quarter' ORDER BY 1")
    return [pd.Timestamp(d).date() for d in frame["period_end"]]
