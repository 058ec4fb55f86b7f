"""ScotPHO's format (Public Health Scotland): the profile CSVs -> ``comparator_scotpho``."""

from __future__ import annotations

import pandera.pandas as pa
from pandera.typing import Series

from etl.comparators.validation import (
    BaseModel,
    Float,
    Format,
    Int,
    between,
    cols,
    non_blank,
)
from etl.schemas import _ok

SCOTPHO_CI = ("confidence interval: lower <= measure <= upper must hold where all three "
              "are given")
SCOTPHO_PERCENT = ("a percentage (type_definition Percentage) must be between 0 and 100 "
                   "(-100 to 100 for a gap)")


class ScotphoModel(BaseModel):
    area_code: Series[str] = pa.Field(nullable=False, str_matches=r"^S\d{8}$")
    area_type: Series[str] = pa.Field(nullable=False)
    area_name: Series[str] = pa.Field(nullable=False)
    year: Int = pa.Field(nullable=False, ge=1990, le=2100)
    period: Series[str] = pa.Field(nullable=True)
    type_definition: Series[str] = pa.Field(nullable=True)
    indicator: Series[str] = pa.Field(nullable=False)
    numerator: Float = pa.Field(nullable=True, ge=0)
    measure: Float = pa.Field(nullable=True)
    upper_confidence_interval: Float = pa.Field(nullable=True)
    lower_confidence_interval: Float = pa.Field(nullable=True)

    @pa.check("area_name", error="area name must not be empty")
    def _area(cls, s):
        return non_blank(s)

    @pa.check("indicator", error="indicator must not be empty")
    def _indicator(cls, s):
        return non_blank(s)

    @pa.dataframe_check(error=SCOTPHO_CI)
    def _ci(cls, df):
        lo, m, hi = (df["lower_confidence_interval"], df["measure"],
                     df["upper_confidence_interval"])
        return _ok(lo.isna() | m.isna() | hi.isna() | ((lo <= m) & (m <= hi)))

    @pa.dataframe_check(error=SCOTPHO_PERCENT)
    def _percent(cls, df):
        pct = df["type_definition"].fillna("").str.strip().str.lower() == "percentage"
        gap = df["indicator"].fillna("").str.lower().str.contains("gap", regex=False)
        return _ok(~pct | between(df["measure"], 0, 100) | (gap & between(df["measure"],
                                                                         -100, 100)))


SCOTPHO = Format("scotpho", "comparator_scotpho", "ScotPHO profile CSV", cols(
    "area_code; area_type; area_name; year:int; period; type_definition; indicator;"
    "numerator:float; measure:float; upper_confidence_interval:float;"
    "lower_confidence_interval:float"), ScotphoModel, rule_columns={
        SCOTPHO_CI: ("measure", "lower_confidence_interval", "upper_confidence_interval"),
        SCOTPHO_PERCENT: ("measure", "type_definition")})
