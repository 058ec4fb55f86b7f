"""The Department for Education's published local-authority tables (England):

- ``dfe_neighbours``: the statistical neighbour groupings (each council's ten
  statistical neighbours, closest first, April 2021) -> ``comparator_dfe_neighbours``;
- ``dfe_cla``: children looked after, number and rate per 10,000 children, at 31 March
  (and starting and ceasing during the year) -> ``comparator_dfe_cla``;
- ``dfe_care_leavers``: care leavers' activity (in education, employment or training)
  and accommodation (suitable or not), ages 17-18 and 19-21. The two files have the same
  columns; their ``breakdown`` values tell them apart -> ``comparator_dfe_care_leavers``;
- ``dfe_placement_stability``: looked-after children with three or more placements in
  the year, and the long-term stability measure -> ``comparator_dfe_stability``;
- ``dfe_cpp``: child protection plans at 31 March by length -> ``comparator_dfe_cpp``.

The tables are DfE's "explore education statistics" layout: ``time_period`` (the year
ending 31 March, as 2025; a ``202425`` form is accepted too), ``geographic_level``
(National, Regional, Local authority), region and council codes (``old_la_code``, the
three-digit number the neighbour groupings use; ``new_la_code``, E06000001...) and
``la_name``. England's and the regions' rows are kept: England is a comparator.

DfE marks a figure it does not give (GSS symbols): ``c`` confidential (suppressed),
``k`` rounds to zero but is not zero (``low`` in older files), ``u`` low reliability,
``x`` not available, ``z`` not applicable, ``:`` not available (older files). Each
is read as missing (NULL), never zero, and the marker is kept in ``<column>_marker``.
"""

from __future__ import annotations

import re

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from etl.comparators.validation import (
    MISSING,
    BaseModel,
    ComparatorTable,
    Float,
    Format,
    Int,
    check,
    cols,
    non_blank,
    rows_frame,
)
from etl.schemas import _ok

DFE_MARKERS = MISSING | {"z", "u", "k", "low", ":"}
MARKER_WORDS = {"c": "suppressed to protect confidentiality",
                "k": "rounds to zero but is not zero", "low": "rounds to zero but is not zero",
                "u": "low reliability", "x": "not available", ":": "not available",
                "z": "not applicable"}
LEVELS = ["National", "Regional", "Local authority"]
LA_ROW = ("a Local authority row must give its three-digit old_la_code and its la_name")
PERIOD = ("time_period must be a year like 2025 (the year ending 31 March) or a "
          "reporting year like 202425")
GEOGRAPHY = ("time_period=time_period:int; time_identifier; geographic_level;"
             "country_code; country_name; region_code; region_name; old_la_code;"
             "new_la_code; la_name;")
PERCENT = {"nullable": True, "ge": 0, "le": 100}
COUNT = {"nullable": True, "ge": 0}


def dfe_columns(header: list[str], most: int = 6) -> list[str]:
    """A DfE table's own columns (not the time and geography every table has), for words."""
    common = {c.partition("=")[0].strip() for c in GEOGRAPHY.split(";")}
    own = [h for h in header if h and h not in common]
    return own[:most] + (["..."] if len(own) > most else [])


def period_ok(s: pd.Series) -> pd.Series:
    """2025, or 202425 (two consecutive years)."""
    short = (s >= 2000) & (s <= 2100)
    start, end = s // 100, s % 100
    long = (s >= 200001) & (s <= 210099) & ((start + 1) % 100 == end)
    return _ok(short | long)


class DfeModel(BaseModel):
    time_period: Int = pa.Field(nullable=False)
    geographic_level: Series[str] = pa.Field(nullable=False, isin=LEVELS)

    @pa.check("time_period", error=PERIOD)
    def _period(cls, s):
        return period_ok(s)

    @pa.dataframe_check(error=LA_ROW)
    def _la(cls, df):
        la = df["geographic_level"] == "Local authority"
        code = df["old_la_code"].fillna("").str.fullmatch(r"\d{3}")
        return _ok(~la | (code & non_blank(df["la_name"])))


class ClaModel(DfeModel):
    population_type: Series[str] = pa.Field(nullable=False)
    population_estimate: Int = pa.Field(**COUNT)
    children_count: Int = pa.Field(**COUNT)
    rate_per_10000: Float = pa.Field(**COUNT)


class CareLeaversModel(DfeModel):
    care_leaver_age: Series[str] = pa.Field(nullable=False)
    breakdown: Series[str] = pa.Field(nullable=False)
    care_leaver_count: Int = pa.Field(**COUNT)
    care_leaver_percent: Float = pa.Field(**PERCENT)


class StabilityModel(DfeModel):
    cla_group: Series[str] = pa.Field(nullable=False)
    placement_stability: Series[str] = pa.Field(nullable=False)
    children_count: Int = pa.Field(**COUNT)
    children_percent: Float = pa.Field(**PERCENT)


CPP_BANDS = {"3_months_or_less": "months_3_or_less",
             "more_than_3_months_6_months": "months_3_to_6",
             "more_than_6_months_less_than_1_year": "months_6_to_12",
             "1_year_less_than_2_years": "years_1_to_2",
             "2_years_or_more": "years_2_or_more"}


class CppModel(DfeModel):
    cpp_at31: Int = pa.Field(**COUNT)
    months_3_or_less: Int = pa.Field(**COUNT)
    months_3_to_6: Int = pa.Field(**COUNT)
    months_6_to_12: Int = pa.Field(**COUNT)
    years_1_to_2: Int = pa.Field(**COUNT)
    years_2_or_more: Int = pa.Field(**COUNT)
    months_3_or_less_percent: Float = pa.Field(**PERCENT)
    months_3_to_6_percent: Float = pa.Field(**PERCENT)
    months_6_to_12_percent: Float = pa.Field(**PERCENT)
    years_1_to_2_percent: Float = pa.Field(**PERCENT)
    years_2_or_more_percent: Float = pa.Field(**PERCENT)


def dfe_format(name: str, table: str, label: str, spec: str, model) -> Format:
    return Format(name, table, label, cols(GEOGRAPHY + spec), model,
                  rule_columns={LA_ROW: ("old_la_code", "la_name", "geographic_level")},
                  missing=DFE_MARKERS, markers=True)


DFE_CLA = dfe_format(
    "dfe_cla", "comparator_dfe_cla", "DfE children looked after number and rate CSV",
    "population_type; population_estimate:int; children_count:int; rate_per_10000:float",
    ClaModel)
DFE_CARE_LEAVERS = dfe_format(
    "dfe_care_leavers", "comparator_dfe_care_leavers",
    "DfE care leavers' activity or accommodation CSV",
    "care_leaver_age; breakdown; care_leaver_count:int; care_leaver_percent:float",
    CareLeaversModel)
DFE_STABILITY = dfe_format(
    "dfe_placement_stability", "comparator_dfe_stability",
    "DfE looked-after children placement stability CSV",
    "cla_group; placement_stability; children_count:int; children_percent:float",
    StabilityModel)
DFE_CPP = dfe_format(
    "dfe_cpp", "comparator_dfe_cpp", "DfE child protection plans at 31 March by length CSV",
    "category; CPP_At31=cpp_at31:int;"
    + "".join(f"{k}={v}:int; {k}_percent={v}_percent:float;" for k, v in CPP_BANDS.items()),
    CppModel)


# --- the statistical neighbour groupings --------------------------------------------

SECTION = "(section)"                 # not a column of the file: which part a row is in
CLOSENESS = ["Extremely Close", "Very Close", "Close", "Somewhat close", "Not Close"]
CODE = {"nullable": False, "str_matches": r"^\d{3}$"}


class NeighboursModel(BaseModel):
    la_number: Series[str] = pa.Field(**CODE)
    la_name: Series[str] = pa.Field(nullable=False)
    region_number: Int = pa.Field(nullable=True, ge=1, le=9)
    region: Series[str] = pa.Field(nullable=True)
    section: Series[str] = pa.Field(nullable=False, isin=["current", "old"])
    sn1: Series[str] = pa.Field(**CODE)
    sn2: Series[str] = pa.Field(**CODE)
    sn3: Series[str] = pa.Field(**CODE)
    sn4: Series[str] = pa.Field(**CODE)
    sn5: Series[str] = pa.Field(**CODE)
    sn6: Series[str] = pa.Field(**CODE)
    sn7: Series[str] = pa.Field(**CODE)
    sn8: Series[str] = pa.Field(**CODE)
    sn9: Series[str] = pa.Field(**CODE)
    sn10: Series[str] = pa.Field(**CODE)

    @pa.check("la_name", error="LA Name must not be empty")
    def _name(cls, s):
        return non_blank(s)

    @pa.dataframe_check(error="closeness (SNP) must be one of: " + ", ".join(CLOSENESS))
    def _closeness(cls, df):
        ok = pd.Series(True, index=df.index)
        for n in range(1, 11):
            s = df[f"snp{n}"]
            ok &= _ok(s.isna() | s.str.lower().isin([c.lower() for c in CLOSENESS]))
        return ok


def closeness_columns(header: list[str]) -> list[str]:
    """The groupings name every closeness column "SNP": each becomes SNP1..SNP10 after
    the neighbour column it follows (SN1..SN10), so that none is lost."""
    out = []
    for i, h in enumerate(header):
        before = re.fullmatch(r"SN(\d+)", header[i - 1]) if i else None
        out.append(f"SNP{before[1]}" if h == "SNP" and before else h)
    return out


def heading(row: list[str]) -> str | None:
    """A section heading of the groupings ("Old SNs:"): one cell of text, ending ':'."""
    cells = [c.strip() for c in row if c.strip()]
    return cells[0] if len(cells) == 1 and cells[0].endswith(":") else None


def read_neighbours(name: str, header: list[str], body: list[list[str]], sha: str
                    ) -> ComparatorTable:
    """The groupings: one row per council; the rows after a heading "Old SNs:" are the
    groupings of councils since reorganised, kept with section "old"."""
    section, numbered, sections, notes = "current", [], [], []
    for n, row in enumerate(body, start=1):
        if not any(c.strip() for c in row):
            continue
        title = heading(row)
        if title is not None:
            section = "old" if "old" in title.lower() else title
            notes.append(f"row {n} is the heading {title!r}: the rows after it are "
                         f"loaded with section {section!r}")
            continue
        numbered.append((n, row))
        sections.append(section)
    raw, issues = rows_frame(header, numbered, NEIGHBOURS)
    by_row = dict(zip((n for n, _ in numbered), sections))
    raw["section"] = [by_row[n] for n in raw.index]
    return check(name, NEIGHBOURS, raw, issues, len(raw) + len(issues), sha, notes)


NEIGHBOURS = Format(
    "dfe_neighbours", "comparator_dfe_neighbours", "DfE statistical neighbour groupings CSV",
    {**cols("LA num=la_number; LA Name=la_name; GOInd=region_number:int; GOReg=region"),
     SECTION: ("section", "str"),
     **{f"SN{n}": (f"sn{n}", "str") for n in range(1, 11)},
     **{f"SNP{n}": (f"snp{n}", "str") for n in range(1, 11)}},
    NeighboursModel, reader=read_neighbours)

DFE_FORMATS = (NEIGHBOURS, DFE_CLA, DFE_CARE_LEAVERS, DFE_STABILITY, DFE_CPP)
