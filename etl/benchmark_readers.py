"""Readers for the publishers' own benchmark formats, each checked by a pandera model.

Formats are recognised from the header row, never from the file name:

- ``lgbf_long``: the LGBF long CSV (Local Authority, Year, Indicator2, Title, Value,
  Domain, One is high, Family group (People), SIMDGROUP_2012) -> ``bench_lgbf``;
- ``lgbf_lac``: the tidy LGBF looked-after CSV (local_authority, year, n_lac_community,
  ...) -> ``bench_lgbf_lac``;
- ``lgbf_workbook``: the LGBF workbook (``new_bnch_data_*.xlsx``). Its "Raw Data" sheet
  holds formulas (``=(C2/D2)*1000``), one column per indicator-year ("CHN9 2019-20")
  followed by the columns they are computed from. We read the **cached values** Excel
  saved with the formulas, using python-calamine (which never evaluates a formula);
  nothing is recomputed here. Only the indicator-year columns are kept, tidied to
  one row per council, indicator and year -> ``bench_lgbf`` (source "workbook");
- ``scotpho``: ScotPHO profile CSVs -> ``bench_scotpho``;
- ``care_services``: the Care Inspectorate datastore CSV -> ``bench_care_services``;
- ``care_grades``: the Care Inspectorate grading history CSV -> ``bench_care_grades``.

A value the publisher marks as not available (``dna``, ``NA``, ``N/A``, ``*``, blank)
becomes missing (NULL): never zero, never a crash. Any other text where a number
belongs is quarantined. A row with the wrong number of fields (a file truncated
mid-row) is quarantined too. Each bad row is reported as an `etl.validate.Issue`:
row number (data rows counted from 1; for the workbook, council rows of the sheet),
column, the rule in words and the values as read.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from etl.readers import ENCODINGS, Refusal
from etl.schemas import _ok
from etl.validate import MAX_VALUE_CHARS, Issue

MISSING = {"", "dna", "na", "n/a", "*", ".", "..", "-", "x", "c"}
YEAR_LABEL = r"^\d{4}-\d{2}$"
Float = Series[float]
Int = Series[pd.Int64Dtype]
Date = Series["datetime64[us]"]


# --- rules shared by the models ----------------------------------------------------

def _year_label_ok(s: pd.Series) -> pd.Series:
    """A year like 2019-20, or a period of up to 9 years like 2010-14: the end follows the start."""
    parts = s.str.extract(r"^(\d{4})-(\d{2})$")
    first = pd.to_numeric(parts[0], errors="coerce")
    second = pd.to_numeric(parts[1], errors="coerce")
    span = (second - first % 100) % 100
    return _ok((span >= 1) & (span <= 9)) & parts[0].notna()


def _non_blank(s: pd.Series) -> pd.Series:
    return s.fillna("").str.strip() != ""


def _between(s: pd.Series, low: float, high: float) -> pd.Series:
    return _ok(s.isna() | ((s >= low) & (s <= high)))


# Whole-row rules, by their error message, and the columns each is about.
LGBF_PERCENT = "a percentage indicator must be between 0 and 100"
SCOTPHO_CI = ("confidence interval: lower <= measure <= upper must hold where all three "
              "are given")
SCOTPHO_PERCENT = ("a percentage (type_definition Percentage) must be between 0 and 100 "
                   "(-100 to 100 for a gap)")
GRADE_ORDER = "min_grade must not be above max_grade"
PUBLISHED_AFTER = "the grading cannot be published before the inspection"
RULE_COLUMNS = {
    LGBF_PERCENT: ("value", "title"),
    SCOTPHO_CI: ("measure", "lower_confidence_interval", "upper_confidence_interval"),
    SCOTPHO_PERCENT: ("measure", "type_definition"),
    GRADE_ORDER: ("min_grade", "max_grade"),
    PUBLISHED_AFTER: ("published", "last_inspection"),
}


class _Base(pa.DataFrameModel):
    class Config:
        strict = False
        coerce = False


class _Council(_Base):
    council: Series[str] = pa.Field(nullable=False)

    @pa.check("council", error="council name must not be empty")
    def _council(cls, s):
        return _non_blank(s)


class _CouncilYear(_Council):
    year: Series[str] = pa.Field(nullable=False)

    @pa.check("year", error="year must be like 2019-20 (or a period like 2010-14: a start year, then the end year in two digits)")
    def _year(cls, s):
        return _year_label_ok(s)


# Indicators published as percentages (their LGBF titles say %, Percentage or Proportion);
# the workbook has no titles, so the rule falls back on the indicator code.
PERCENT_INDICATORS = frozenset({"CHN4", "CHN5", "CHN6", "CHN7", "CHN9", "CHN10", "CHN11",
                                "CHN13a", "CHN13b", "CHN17", "CHN18", "CHN21", "CHN22",
                                "CHN23", "CHN24"})


class LgbfModel(_CouncilYear):
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


class LgbfLacModel(_CouncilYear):
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


class ScotphoModel(_Base):
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
        return _non_blank(s)

    @pa.check("indicator", error="indicator must not be empty")
    def _indicator(cls, s):
        return _non_blank(s)

    @pa.dataframe_check(error=SCOTPHO_CI)
    def _ci(cls, df):
        lo, m, hi = (df["lower_confidence_interval"], df["measure"],
                     df["upper_confidence_interval"])
        return _ok(lo.isna() | m.isna() | hi.isna() | ((lo <= m) & (m <= hi)))

    @pa.dataframe_check(error=SCOTPHO_PERCENT)
    def _percent(cls, df):
        pct = df["type_definition"].fillna("").str.strip().str.lower() == "percentage"
        gap = df["indicator"].fillna("").str.lower().str.contains("gap", regex=False)
        return _ok(~pct | _between(df["measure"], 0, 100) | (gap & _between(df["measure"],
                                                                           -100, 100)))


GRADE = {"nullable": True, "ge": 1, "le": 6}
class _CareBase(_Council):
    """What the datastore and the grading history share: the service and its key-question
    grades (1-6)."""
    cs_number: Series[str] = pa.Field(nullable=False, str_matches=r"^CS\d{10}$")
    service_name: Series[str] = pa.Field(nullable=False)
    kq_support_wellbeing: Int = pa.Field(**GRADE)
    kq_care_and_support_planning: Int = pa.Field(**GRADE)
    kq_setting: Int = pa.Field(**GRADE)
    kq_staff_team: Int = pa.Field(**GRADE)
    kq_leadership: Int = pa.Field(**GRADE)
    kq_care_play_and_learning: Int = pa.Field(**GRADE)

    @pa.check("service_name", error="service name must not be empty")
    def _name(cls, s):
        return _non_blank(s)


class CareServicesModel(_CareBase):
    min_grade: Int = pa.Field(**GRADE)
    max_grade: Int = pa.Field(**GRADE)
    registered_places: Float = pa.Field(nullable=True, ge=0)

    @pa.dataframe_check(error=GRADE_ORDER)
    def _min_max(cls, df):
        return _ok(df["min_grade"].isna() | df["max_grade"].isna()
                   | (df["min_grade"] <= df["max_grade"]))


class CareGradesModel(_CareBase):
    kq_covid19: Int = pa.Field(**GRADE)
    kq_cyp_wellbeing: Int = pa.Field(**GRADE)
    quality_of_information: Int = pa.Field(**GRADE)
    quality_of_care_and_support: Int = pa.Field(**GRADE)
    quality_of_environment: Int = pa.Field(**GRADE)
    quality_of_staffing: Int = pa.Field(**GRADE)
    quality_of_mgmt_and_lship: Int = pa.Field(**GRADE)

    @pa.dataframe_check(error=PUBLISHED_AFTER)
    def _dates(cls, df):
        a, b = df["published"], df["last_inspection"]
        return _ok(a.isna() | b.isna() | (a >= b))


# --- formats -------------------------------------------------------------------------

@dataclass(frozen=True)
class Format:
    name: str
    table: str
    label: str                                   # what the file is, in words
    columns: dict[str, tuple[str, str]]          # file column -> (our column, kind)
    model: type[pa.DataFrameModel]
    constant: dict[str, str] = field(default_factory=dict)


def _cols(spec: str) -> dict[str, tuple[str, str]]:
    """'File Column=ours:kind; ...' (ours defaults to the lower-case file column)."""
    out = {}
    for part in spec.split(";"):
        part = part.strip()
        if not part:
            continue
        name, _, rest = part.partition("=")
        ours, _, kind = rest.partition(":") if rest else ("", "", "")
        if not rest:
            name, _, kind = name.partition(":")
        out[name.strip()] = ((ours.strip() or name.strip().lower()), kind.strip() or "str")
    return out


LGBF_LONG = Format("lgbf_long", "bench_lgbf", "LGBF long CSV", _cols(
    "Local Authority=council; Year=year; Indicator2=indicator; Title=title; Value=value:float;"
    "Domain=domain; One is high=one_is_high; Family group (People)=family_group:int;"
    "SIMDGROUP_2012=simd_group"), LgbfModel, {"source": "LGBF long CSV"})
LGBF_LAC = Format("lgbf_lac", "bench_lgbf_lac", "LGBF looked-after children CSV", {
    "local_authority": ("council", "str"), "year": ("year", "str"),
    **{c: (c, "int") for c in LAC_COUNTS},
    **{c: (c.lower(), "float") for c in (
        "gross_cost_community_k", "gross_cost_residential_k", "CHN9_pct_lac_in_community",
        "CHN22_pct_cp_reregistrations_18m", "CHN23_pct_lac_more_than_one_placement",
        "CHN8a_cost_residential_per_child_week", "CHN8b_cost_community_per_child_week",
        "CHN19b_attendance_lac", "CHN20b_exclusions_per_1000_lac")}}, LgbfLacModel)
LGBF_BOOK = Format("lgbf_workbook", "bench_lgbf", "LGBF workbook (Raw Data sheet)", {
    "council": ("council", "str"), "year": ("year", "str"),
    "indicator": ("indicator", "str"), "value": ("value", "float"),
    "title": ("title", "str"), "family_group": ("family_group", "int"),
    "one_is_high": ("one_is_high", "str")}, LgbfModel,
    {"source": "LGBF workbook (cached values)"})
SCOTPHO = Format("scotpho", "bench_scotpho", "ScotPHO profile CSV", _cols(
    "area_code; area_type; area_name; year:int; period; type_definition; indicator;"
    "numerator:float; measure:float; upper_confidence_interval:float;"
    "lower_confidence_interval:float"), ScotphoModel)
CARE_SERVICES = Format("care_services", "bench_care_services",
                       "Care Inspectorate datastore CSV", _cols(
    "CSNumber=cs_number; ServiceName=service_name; CareService=care_service; Subtype=subtype;"
    "ServiceType=service_type; ServiceProvider=service_provider;"
    "Provided_by_Local_Authority=provided_by_local_authority; ServiceStatus=service_status;"
    "DateReg=date_registered:date_dmy; Council_Area_Name=council;"
    "Health_Board_Name=health_board; Registered_Places=registered_places:float;"
    "Client_group=client_group; MinGrade=min_grade:int; MaxGrade=max_grade:int;"
    "Publication_of_Latest_Grading=published:date_dmy;"
    "KQ_Support_Wellbeing=kq_support_wellbeing:int;"
    "KQ_Care_and_Support_Planning=kq_care_and_support_planning:int;"
    "KQ_Setting=kq_setting:int; KQ_Staff_Team=kq_staff_team:int;"
    "KQ_Leadership=kq_leadership:int; KQ_Care_Play_and_Learning=kq_care_play_and_learning:int;"
    "Last_inspection_Date=last_inspection:date_dmy"), CareServicesModel)
CARE_GRADES = Format("care_grades", "bench_care_grades",
                     "Care Inspectorate grading history CSV", _cols(
    "CSNumber=cs_number; ServiceName=service_name; Publication_of_Latest_Grading=published:date;"
    "Last_inspection_Date=last_inspection:date;"
    "KQ_Support_Wellbeing=kq_support_wellbeing:int;"
    "KQ_Care_and_Support_Planning=kq_care_and_support_planning:int;"
    "KQ_Setting=kq_setting:int; KQ_Staff_Team=kq_staff_team:int;"
    "KQ_Leadership=kq_leadership:int; KQ_Care_Play_and_Learning=kq_care_play_and_learning:int;"
    "KQ_COVID19=kq_covid19:int; KQ_CYP_Wellbeing=kq_cyp_wellbeing:int;"
    "Quality_of_Information=quality_of_information:int;"
    "Quality_of_Care_and_Support=quality_of_care_and_support:int;"
    "Quality_of_Environment=quality_of_environment:int;"
    "Quality_of_Staffing=quality_of_staffing:int;"
    "Quality_of_Mgmt_and_Lship=quality_of_mgmt_and_lship:int;"
    "CareService=care_service; Subtype=subtype; Council_Area_Name=council;"
    "ServiceType=service_type; Provided_by_Local_Authority=provided_by_local_authority"),
    CareGradesModel)

CSV_FORMATS = (LGBF_LONG, LGBF_LAC, SCOTPHO, CARE_GRADES, CARE_SERVICES)
FORMATS = {f.name: f for f in (*CSV_FORMATS, LGBF_BOOK)}
BOOK_HEADER = re.compile(r"^\s*([A-Z]+\d+[a-z]?)\s+(\d{4}-\d{2})\s*$")


def sql_type(kind: str) -> str:
    return {"float": "DOUBLE", "int": "BIGINT", "date": "DATE", "date_dmy": "DATE"}.get(
        kind, "VARCHAR")


def table_columns(fmt: Format) -> dict[str, str]:
    """Our column -> SQL type, for the warehouse table of one format."""
    out = {ours: sql_type(kind) for ours, kind in fmt.columns.values()}
    out.update({k: "VARCHAR" for k in fmt.constant})
    return out


def detect(header: list[str]) -> Format | None:
    """The format whose columns the header holds (all of them; extra columns are allowed)."""
    have = {h.strip().lstrip("\ufeff") for h in header}
    for fmt in CSV_FORMATS:
        if set(fmt.columns) <= have:
            return fmt
    return None


# --- reading -------------------------------------------------------------------------

@dataclass
class BenchTable:
    file: str
    table: str                       # the warehouse table
    format: str
    clean: pd.DataFrame              # typed; our columns + _source_row
    issues: list[Issue]
    rows_read: int
    rows_quarantined: int
    sha256: str
    notes: list[str] = field(default_factory=list)

    @property
    def rows_loaded(self) -> int:
        return len(self.clean)


def read_benchmark(path: Path) -> BenchTable | Refusal:
    """One publisher's file, recognised by its header, typed and checked; or why not."""
    name = path.name
    try:
        data = path.read_bytes()
    except OSError as exc:
        return Refusal(name, None, f"cannot be opened: {exc.strerror or exc}")
    sha = hashlib.sha256(data).hexdigest()
    if data[:4] == b"PK\x03\x04":
        return _from_workbook(name, data, sha)
    text = _decode(data)
    if text is None:
        return Refusal(name, None, "cannot be decoded as UTF-8 or Windows-1252 text", sha)
    rows = list(csv.reader(io.StringIO(text)))
    while rows and not any(c.strip() for c in rows[-1]):
        rows.pop()
    if not rows:
        return Refusal(name, None, "is empty", sha)
    header = [h.strip().lstrip("\ufeff") for h in rows[0]]
    fmt = detect(header)
    if fmt is None:
        return Refusal(name, None, "is not a benchmark file this tool recognises: its header "
                       f"({', '.join(header[:6])}{', ...' if len(header) > 6 else ''}) is "
                       "none of " + "; ".join(f.label for f in CSV_FORMATS)
                       + " (or an LGBF workbook with a 'Raw Data' sheet)", sha)
    body = rows[1:]
    if not body:
        return Refusal(name, fmt.table, f"({fmt.label}) has a header but no data rows", sha)
    width = len(header)
    issues: list[Issue] = []
    good, numbers = [], []
    for n, row in enumerate(body, start=1):
        if not any(c.strip() for c in row):
            continue
        if len(row) != width:
            issues.append(Issue(n, "(row)", f"row has {len(row)} fields but the header has "
                                f"{width} (truncated or malformed line)",
                                {"line": ",".join(row)[:MAX_VALUE_CHARS]}))
            continue
        good.append(row)
        numbers.append(n)
    frame = pd.DataFrame(good, columns=header, index=pd.Index(numbers, dtype="int64"), dtype=str)
    frame = frame.loc[:, ~frame.columns.duplicated()]
    raw = pd.DataFrame({ours: frame[col] for col, (ours, _) in fmt.columns.items()},
                       index=frame.index)
    rows_read = len(numbers) + len(issues)
    return _check(name, fmt, raw, issues, rows_read, sha, rows_read)


def _decode(data: bytes) -> str | None:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    for enc in ENCODINGS:
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return None


def _from_workbook(name: str, data: bytes, sha: str) -> BenchTable | Refusal:
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
    cols = [(i, m[1], m[2]) for i, h in enumerate(header) if (m := BOOK_HEADER.match(h))]
    if not header or header[0].lower() != "local authority" or not cols:
        return Refusal(name, None, "has a 'Raw Data' sheet, but not the LGBF layout (Local "
                       "Authority, then one column per indicator-year like 'CHN9 2019-20')",
                       sha)
    records, sources = [], []
    for n, row in enumerate(rows[1:], start=1):
        if not row or not str(row[0]).strip():
            continue
        council = str(row[0]).strip()
        for i, indicator, year in cols:
            value = row[i] if i < len(row) else ""
            text = repr(value) if isinstance(value, float) else str(value)
            records.append((council, year, indicator, text, f"{indicator} {year}"))
            sources.append(n)
    if not records:
        return Refusal(name, "bench_lgbf", "has a 'Raw Data' sheet with no council rows", sha)
    raw = pd.DataFrame(records, columns=["council", "year", "indicator", "value", "_column"])
    raw["_row"] = sources
    raw["title"] = pd.Series([None] * len(raw), dtype=object)
    raw["family_group"] = ""
    raw["one_is_high"] = pd.Series([None] * len(raw), dtype=object)
    raw.index = pd.RangeIndex(1, len(raw) + 1)
    return _check(name, LGBF_BOOK, raw, [], len(raw), sha, len(set(sources)),
                  notes=[("workbook: cached formula values of the 'Raw Data' sheet, "
                          f"{len(cols)} indicator-year columns")])


# --- typing and checking --------------------------------------------------------------

def _number(s: pd.Series) -> tuple[pd.Series, pd.Series]:
    text = s.fillna("").astype(str).str.strip()
    missing = text.str.lower().isin(MISSING)
    values = pd.to_numeric(text.where(~missing), errors="coerce")
    return values, (~missing & values.isna())


def _parse(fmt: Format, raw: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, pd.Series]]:
    typed, faults = {}, {}
    for ours, kind in fmt.columns.values():
        s = raw[ours]
        if kind == "str":
            typed[ours] = s.where(s.notna(), None).map(
                lambda v: v.strip() if isinstance(v, str) and v.strip() else None)
            continue
        if kind in ("float", "int"):
            values, bad = _number(s)
            if kind == "int":
                whole = values.isna() | (values == values.round())
                bad |= ~whole
                values = values.where(whole).astype("Float64").round().astype("Int64")
            typed[ours], faults[ours] = values, bad
        else:
            text = s.fillna("").astype(str).str.strip()
            missing = text.str.lower().isin(MISSING)
            fmt_str = "%d/%m/%Y" if kind == "date_dmy" else "%Y-%m-%d"
            values = pd.to_datetime(text.where(~missing), format=fmt_str, errors="coerce")
            typed[ours] = values.astype("datetime64[us]")
            faults[ours] = ~missing & values.isna()
    return pd.DataFrame(typed, index=raw.index), faults


WORDS = {"float": "must be a number (or dna / NA for not available)",
         "int": "must be a whole number (or blank / dna / NA for not available)",
         "date": "must be a date like 2025-04-01 (or blank)",
         "date_dmy": "must be a date like 01/04/2025 (or blank)"}


def _check(name: str, fmt: Format, raw: pd.DataFrame, issues: list[Issue], rows_read: int,
           sha: str, source_rows: int, notes: list[str] | None = None) -> BenchTable:
    """Parse, run the pandera model, split clean records from quarantined ones."""
    kinds = {o: k for o, k in fmt.columns.values()}
    is_book = fmt is LGBF_BOOK
    row_of = raw["_row"] if is_book else pd.Series(raw.index, index=raw.index)
    col_of = (lambda rec, col: raw.at[rec, "_column"]) if is_book else (lambda rec, col: col)
    typed, faults = _parse(fmt, raw)
    bad: set[int] = set()

    def add(rec: int, cols: tuple[str, ...], rule: str) -> None:
        bad.add(rec)
        issues.append(Issue(int(row_of.at[rec]), col_of(rec, cols[0]), rule,
                            {col_of(rec, c): str(raw.at[rec, c])[:MAX_VALUE_CHARS]
                             for c in cols}))

    for col, mask in faults.items():
        for rec in mask[mask].index:
            add(rec, (col,), f"{col} {WORDS[kinds.get(col, 'int')]}")
    readable = typed.loc[~typed.index.isin(bad)]
    if not readable.empty:
        try:
            fmt.model.validate(readable, lazy=True)
        except pa.errors.SchemaErrors as err:
            seen = set()
            for case in err.failure_cases.itertuples(index=False):
                if case.index is None or pd.isna(case.index):
                    raise RuntimeError(f"{fmt.name}: a whole-column failure: {case.check}")
                rec, check = int(case.index), str(case.check)
                column = str(case.column) if case.column in typed else None
                if (rec, check) in seen:
                    continue
                seen.add((rec, check))
                cols = _rule_columns(check, column)
                add(rec, cols, _words(cols[0], check))
    clean = typed.loc[~typed.index.isin(bad)].copy()
    clean["_source_row"] = row_of.loc[clean.index].astype("int64")
    for k, v in fmt.constant.items():
        clean[k] = v
    issues.sort(key=lambda i: (i.row, i.column))
    if is_book:          # a record is one council-indicator-year value
        rows_q = len(bad)
    else:
        rows_q = len({i.row for i in issues})
    return BenchTable(name, fmt.table, fmt.name, clean, issues, rows_read, rows_q, sha,
                      notes or [])


def _rule_columns(check: str, column: str | None) -> tuple[str, ...]:
    """The columns a whole-row rule is about (named by its error message)."""
    return RULE_COLUMNS.get(check, (column or "(row)",))


def _words(col: str, check: str) -> str:
    if check == "not_nullable":
        return f"{col} is required but empty"
    if check.startswith("isin("):
        return f"{col} must be one of: " + check[5:-1].strip("[]")
    if check.startswith("str_matches("):
        return f"{col} is not in the expected form ({check[12:-1]})"
    bound = re.fullmatch(r"(greater|less)_than_or_equal_to\((.+)\)", check)
    if bound:
        word = "at least" if bound[1] == "greater" else "at most"
        extra = " (a grade is 1 to 6)" if col.startswith(("kq_", "quality_", "min_g",
                                                          "max_g")) else ""
        return f"{col} must be {word} {bound[2]}{extra}"
    return check if " " in check else f"{col} breaks rule {check}"

