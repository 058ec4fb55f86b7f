"""The Local Government Benchmarking Framework's formats (Improvement Service):

- ``lgbf_long``: the LGBF long CSV (Local Authority, Year, Indicator2, Title, Value,
  Domain, One is high, Family group (People), SIMDGROUP_2012) -> ``comparator_lgbf``;
- ``lgbf_lac``: the tidy LGBF looked-after CSV (local_authority, year, n_lac_community,
  ...) -> ``comparator_lgbf_lac``;
- ``lgbf_workbook``: the LGBF workbook (``new_bnch_data_*.xlsx``). Its "Raw Data" sheet
  holds formulas (``=(C2/D2)*1000``), one column per indicator-year ("CHN9 2019-20")
  followed by the columns they are computed from. We read the **cached values** Excel
  saved with the formulas, using python-calamine (which never evaluates a formula);
  nothing is recomputed here. Only the indicator-year columns are kept, tidied to
  one row per council, indicator and year -> ``comparator_lgbf`` (source "workbook").
"""

from __future__ import annotations

import io
import re

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from etl.comparators.validation import (
    ComparatorTable,
    CouncilYearModel,
    Float,
    Format,
    Int,
    check,
    cols,
)
from etl.readers import Refusal
from etl.schemas import _ok

LGBF_PERCENT = "a percentage indicator must be between 0 and 100"

# Indicators published as percentages (their LGBF titles say %, Percentage or Proportion);
# the workbook has no titles, so the rule falls back on the indicator code.
PERCENT_INDICATORS = frozenset({"CHN4", "CHN5", "CHN6", "CHN7", "CHN9", "CHN10", "CHN11",
                                "CHN13a", "CHN13b", "CHN17", "CHN18", "CHN21", "CHN22",
                                "CHN23", "CHN24"})


class LgbfModel(CouncilYearModel):
    indicator: Series[str] = pa.Field(nullable=False, str_matches=r"^[A-Z]+\d+[a-z]?(-Real)?$")
    title: Series[str] = pa.Field(nullable=True)
    value: Float = pa.Field(nullable=True)
    family_group: Int = pa.Field(nullable=True, isin=[0, 1, 2, 3, 4])
    one_is_high: Series[str] = pa.Field(nullable=True, isin=["Yes", "No"])

    @pa.dataframe_check(error=LGBF_PERCENT)
    def _percent(cls, df):
        pct = df["title"].fillna("").str.contains(r"%|Percentage|Proportion", regex=True)
        pct &= ~df["title"].fillna("").str.contains("Gap", regex=False)
        pct |= df["indicator"].isin(PERCENT_INDICATORS)
        return _ok(~pct | df["value"].isna() | ((df["value"] >= 0) & (df["value"] <= 100)))


LAC_COUNTS = ("n_lac_community", "n_lac_residential")


class LgbfLacModel(CouncilYearModel):
    n_lac_community: Int = pa.Field(nullable=True, ge=0)
    n_lac_residential: Int = pa.Field(nullable=True, ge=0)
    gross_cost_community_k: Float = pa.Field(nullable=True, ge=0)
    gross_cost_residential_k: Float = pa.Field(nullable=True, ge=0)
    chn9_pct_lac_in_community: Float = pa.Field(nullable=True, ge=0, le=100)
    chn22_pct_cp_reregistrations_18m: Float = pa.Field(nullable=True, ge=0, le=100)
    chn23_pct_lac_more_than_one_placement: Float = pa.Field(nullable=True, ge=0, le=100)
    chn8a_cost_residential_per_child_week: Float = pa.Field(nullable=True, ge=0)
    chn8b_cost_community_per_child_week: Float = pa.Field(nullable=True, ge=0)
    chn19b_attendance_lac: Float = pa.Field(nullable=True, ge=0, le=100)
    chn20b_exclusions_per_1000_lac: Float = pa.Field(nullable=True, ge=0)


LGBF_RULES = {LGBF_PERCENT: ("value", "title")}
LGBF_LONG = Format("lgbf_long", "comparator_lgbf", "LGBF long CSV", cols(
    "Local Authority=council; Year=year; Indicator2=indicator; Title=title; Value=value:float;"
    "Domain=domain; One is high=one_is_high; Family group (People)=family_group:int;"
    "SIMDGROUP_2012=simd_group"), LgbfModel, {"source": "LGBF long CSV"}, LGBF_RULES)
LGBF_LAC = Format("lgbf_lac", "comparator_lgbf_lac", "LGBF looked-after children CSV", {
    "local_authority": ("council", "str"), "year": ("year", "str"),
    **{c: (c, "int") for c in LAC_COUNTS},
    **{c: (c.lower(), "float") for c in (
        "gross_cost_community_k", "gross_cost_residential_k", "CHN9_pct_lac_in_community",
        "CHN22_pct_cp_reregistrations_18m", "CHN23_pct_lac_more_than_one_placement",
        "CHN8a_cost_residential_per_child_week", "CHN8b_cost_community_per_child_week",
        "CHN19b_attendance_lac", "CHN20b_exclusions_per_1000_lac")}}, LgbfLacModel)
LGBF_BOOK = Format("lgbf_workbook", "comparator_lgbf", "LGBF workbook (Raw Data sheet)", {
    "council": ("council", "str"), "year": ("year", "str"),
    "indicator": ("indicator", "str"), "value": ("value", "float"),
    "title": ("title", "str"), "family_group": ("family_group", "int"),
    "one_is_high": ("one_is_high", "str")}, LgbfModel,
    {"source": "LGBF workbook (cached values)"}, LGBF_RULES, cells=True)
BOOK_HEADER = re.compile(r"^\s*([A-Z]+\d+[a-z]?)\s+(\d{4}-\d{2})\s*$")


def read_workbook(name: str, data: bytes, sha: str) -> ComparatorTable | Refusal:
    """The LGBF workbook: cached values of the Raw Data sheet, via python-calamine."""
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - calamine raises its own types for corrupt files
        return Refusal(name, None, f"is not a readable .xlsx workbook ({exc})", sha)
    sheet = next((s for s in book.sheet_names if s.strip().lower() == "raw data"), None)
    if sheet is None:
        return Refusal(name, None, "is a workbook but not the LGBF workbook: it has no "
                       "'Raw Data' sheet (sheets: " + ", ".join(book.sheet_names) + ")", sha)
    rows = book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    header = [str(h).strip() for h in rows[0]] if rows else []
    columns = [(i, m[1], m[2]) for i, h in enumerate(header) if (m := BOOK_HEADER.match(h))]
    if not header or header[0].lower() != "local authority" or not columns:
        return Refusal(name, None, "has a 'Raw Data' sheet, but not the LGBF layout (Local "
                       "Authority, then one column per indicator-year like 'CHN9 2019-20')",
                       sha)
    records, sources = [], []
    for n, row in enumerate(rows[1:], start=1):
        if not row or not str(row[0]).strip():
            continue
        council = str(row[0]).strip()
        for i, indicator, year in columns:
            value = row[i] if i < len(row) else ""
            text = repr(value) if isinstance(value, float) else str(value)
            records.append((council, year, indicator, text, f"{indicator} {year}"))
            sources.append(n)
    if not records:
        return Refusal(name, LGBF_BOOK.table, "has a 'Raw Data' sheet with no council rows",
                       sha)
    raw = pd.DataFrame(records, columns=["council", "year", "indicator", "value", "_column"])
    raw["_row"] = sources
    raw["title"] = pd.Series([None] * len(raw), dtype=object)
    raw["family_group"] = ""
    raw["one_is_high"] = pd.Series([None] * len(raw), dtype=object)
    raw.index = pd.RangeIndex(1, len(raw) + 1)
    return check(name, LGBF_BOOK, raw, [], len(raw), sha,
                 notes=[("workbook: cached formula values of the 'Raw Data' sheet, "
                         f"{len(columns)} indicator-year columns")])
