"""What every published comparator format shares: how a format is described, the
pandera rules common to the publishers, and the typing and checking that turns the
text of a file into clean records and quarantined rows.

The formats themselves are in `etl.comparators.lgbf`, `etl.comparators.scotpho` and
`etl.comparators.care_inspectorate`; `etl.comparators.readers` recognises a file and
hands its rows here.

A value the publisher marks as not available (``dna``, ``NA``, ``N/A``, ``*``, blank)
becomes missing (NULL): never zero, never a crash. Any other text where a number
belongs is quarantined. Each bad row is reported as an `etl.validate.Issue`: row
number (data rows counted from 1; for the workbook, council rows of the sheet),
column, the rule in words and the values as read.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from etl.schemas import _ok
from etl.validate import MAX_VALUE_CHARS, Issue

MISSING = frozenset({"", "dna", "na", "n/a", "*", ".", "..", "-", "x", "c"})
Float = Series[float]
Int = Series[pd.Int64Dtype]


# --- rules shared by the models ----------------------------------------------------

def year_label_ok(s: pd.Series) -> pd.Series:
    """A year like 2019-20, or a period of up to 9 years like 2010-14: the end follows the start."""
    parts = s.str.extract(r"^(\d{4})-(\d{2})$")
    first = pd.to_numeric(parts[0], errors="coerce")
    second = pd.to_numeric(parts[1], errors="coerce")
    span = (second - first % 100) % 100
    return _ok((span >= 1) & (span <= 9)) & parts[0].notna()


def non_blank(s: pd.Series) -> pd.Series:
    return s.fillna("").str.strip() != ""


def between(s: pd.Series, low: float, high: float) -> pd.Series:
    return _ok(s.isna() | ((s >= low) & (s <= high)))


class BaseModel(pa.DataFrameModel):
    class Config:
        strict = False
        coerce = False


class CouncilModel(BaseModel):
    council: Series[str] = pa.Field(nullable=False)

    @pa.check("council", error="council name must not be empty")
    def _council(cls, s):
        return non_blank(s)


class CouncilYearModel(CouncilModel):
    year: Series[str] = pa.Field(nullable=False)

    @pa.check("year", error="year must be like 2019-20 (or a period like 2010-14: a start year, then the end year in two digits)")
    def _year(cls, s):
        return year_label_ok(s)


# --- describing a format ---------------------------------------------------------------

@dataclass(frozen=True)
class Format:
    name: str
    table: str                                   # the warehouse table it loads into
    label: str                                   # what the file is, in words
    columns: dict[str, tuple[str, str]]          # file column -> (our column, kind)
    model: type[pa.DataFrameModel]
    constant: dict[str, str] = field(default_factory=dict)
    # whole-row rules of the model, by their error message -> the columns each is about
    rule_columns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # records are single cells of a sheet (the LGBF workbook), each knowing its sheet row
    # (`_row`) and column (`_column`), rather than the rows of a CSV
    cells: bool = False
    # what the publisher writes for a value it does not give (read as missing, never zero)
    missing: frozenset[str] = MISSING
    # keep each number's marker (the text read where it is missing, e.g. "c") beside it,
    # in a column `<ours>_marker`
    markers: bool = False
    # a reader of its own for the rows of the CSV: (file name, header, data rows, sha)
    reader: Callable | None = None


def cols(spec: str) -> dict[str, tuple[str, str]]:
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


def sql_type(kind: str) -> str:
    return {"float": "DOUBLE", "int": "BIGINT", "date": "DATE", "date_dmy": "DATE"}.get(
        kind, "VARCHAR")


def table_columns(fmt: Format) -> dict[str, str]:
    """Our column -> SQL type, for the warehouse table of one format."""
    out = {ours: sql_type(kind) for ours, kind in fmt.columns.values()}
    if fmt.markers:
        out.update({f"{ours}_marker": "VARCHAR" for ours, kind in fmt.columns.values()
                    if kind in ("float", "int")})
    out.update({k: "VARCHAR" for k in fmt.constant})
    return out


# --- what a read gives -----------------------------------------------------------------

@dataclass
class ComparatorTable:
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


# --- typing and checking --------------------------------------------------------------

def _number(s: pd.Series, markers: frozenset[str] = MISSING
            ) -> tuple[pd.Series, pd.Series, pd.Series]:
    """The numbers, which cells are neither a number nor a marker, and the markers read."""
    text = s.fillna("").astype(str).str.strip()
    missing = text.str.lower().isin(markers)
    values = pd.to_numeric(text.where(~missing), errors="coerce")
    marker = text.where(missing & (text != ""), None)
    return values, (~missing & values.isna()), marker


def _parse(fmt: Format, raw: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, pd.Series]]:
    typed, faults = {}, {}
    for ours, kind in fmt.columns.values():
        s = raw[ours]
        if kind == "str":
            typed[ours] = s.where(s.notna(), None).map(
                lambda v: v.strip() if isinstance(v, str) and v.strip() else None)
            continue
        if kind in ("float", "int"):
            values, bad, marker = _number(s, fmt.missing)
            if fmt.markers:
                typed[f"{ours}_marker"] = marker.astype(object).where(marker.notna(), None)
            if kind == "int":
                whole = values.isna() | (values == values.round())
                bad |= ~whole
                values = values.where(whole).astype("Float64").round().astype("Int64")
            else:              # a column of whole numbers is still a float column
                values = values.astype("float64")
            typed[ours], faults[ours] = values, bad
        else:
            text = s.fillna("").astype(str).str.strip()
            missing = text.str.lower().isin(fmt.missing)
            fmt_str = "%d/%m/%Y" if kind == "date_dmy" else "%Y-%m-%d"
            values = pd.to_datetime(text.where(~missing), format=fmt_str, errors="coerce")
            typed[ours] = values.astype("datetime64[us]")
            faults[ours] = ~missing & values.isna()
    return pd.DataFrame(typed, index=raw.index), faults


WORDS = {"float": "must be a number (or dna / NA for not available)",
         "int": "must be a whole number (or blank / dna / NA for not available)",
         "date": "must be a date like 2025-04-01 (or blank)",
         "date_dmy": "must be a date like 01/04/2025 (or blank)"}


def check(name: str, fmt: Format, raw: pd.DataFrame, issues: list[Issue], rows_read: int,
          sha: str, notes: list[str] | None = None) -> ComparatorTable:
    """Parse, run the pandera model, split clean records from quarantined ones."""
    kinds = {o: k for o, k in fmt.columns.values()}
    row_of = raw["_row"] if fmt.cells else pd.Series(raw.index, index=raw.index)
    col_of = ((lambda rec, col: raw.at[rec, "_column"]) if fmt.cells
              else (lambda rec, col: col))
    typed, faults = _parse(fmt, raw)
    bad: set[int] = set()

    def add(rec: int, columns: tuple[str, ...], rule: str) -> None:
        bad.add(rec)
        issues.append(Issue(int(row_of.at[rec]), col_of(rec, columns[0]), rule,
                            {col_of(rec, c): str(raw.at[rec, c])[:MAX_VALUE_CHARS]
                             for c in columns}))

    for col, mask in faults.items():
        for rec in mask[mask].index:
            add(rec, (col,), f"{col} {_number_words(fmt, kinds.get(col, 'int'))}")
    readable = typed.loc[~typed.index.isin(bad)]
    if not readable.empty:
        try:
            fmt.model.validate(readable, lazy=True)
        except pa.errors.SchemaErrors as err:
            seen = set()
            for case in err.failure_cases.itertuples(index=False):
                if case.index is None or pd.isna(case.index):
                    raise RuntimeError(f"{fmt.name}: a whole-column failure: {case.check}")
                rec, rule = int(case.index), str(case.check)
                column = str(case.column) if case.column in typed else None
                if (rec, rule) in seen:
                    continue
                seen.add((rec, rule))
                columns = fmt.rule_columns.get(rule, (column or "(row)",))
                add(rec, columns, _words(columns[0], rule))
    clean = typed.loc[~typed.index.isin(bad)].copy()
    clean["_source_row"] = row_of.loc[clean.index].astype("int64")
    for k, v in fmt.constant.items():
        clean[k] = v
    issues.sort(key=lambda i: (i.row, i.column))
    if fmt.cells:          # a record is one council-indicator-year value
        rows_q = len(bad)
    else:
        rows_q = len({i.row for i in issues})
    return ComparatorTable(name, fmt.table, fmt.name, clean, issues, rows_read, rows_q, sha,
                           notes or [])


def _number_words(fmt: Format, kind: str) -> str:
    if fmt.markers and kind in ("float", "int"):
        known = ", ".join(sorted(m for m in fmt.missing if m))
        return (f"must be a {'whole ' if kind == 'int' else ''}number (or blank, or one of "
                f"the publisher's markers: {known})")
    return WORDS[kind]


def rows_frame(header: list[str], numbered: list[tuple[int, list[str]]], fmt: Format
               ) -> tuple[pd.DataFrame, list[Issue]]:
    """The format's columns of the rows as text (index: the data row numbers), and an
    issue for each row with the wrong number of fields."""
    width = len(header)
    issues: list[Issue] = []
    good, numbers = [], []
    for n, row in numbered:
        if len(row) != width:
            issues.append(Issue(n, "(row)", f"row has {len(row)} fields but the header has "
                                f"{width} (truncated or malformed line)",
                                {"line": ",".join(row)[:MAX_VALUE_CHARS]}))
            continue
        good.append(row)
        numbers.append(n)
    frame = pd.DataFrame(good, columns=header, index=pd.Index(numbers, dtype="int64"), dtype=str)
    frame = frame.loc[:, ~frame.columns.duplicated()]
    raw = pd.DataFrame({ours: frame.get(col)
                        for col, (ours, _) in fmt.columns.items()}, index=frame.index)
    return raw, issues


def _words(col: str, rule: str) -> str:
    if rule == "not_nullable":
        return f"{col} is required but empty"
    if rule.startswith("isin("):
        return f"{col} must be one of: " + rule[5:-1].strip("[]")
    if rule.startswith("str_matches("):
        return f"{col} is not in the expected form ({rule[12:-1]})"
    bound = re.fullmatch(r"(greater|less)_than_or_equal_to\((.+)\)", rule)
    if bound:
        word = "at least" if bound[1] == "greater" else "at most"
        extra = " (a grade is 1 to 6)" if col.startswith(("kq_", "quality_", "min_g",
                                                          "max_g")) else ""
        return f"{col} must be {word} {bound[2]}{extra}"
    return rule if " " in rule else f"{col} breaks rule {rule}"
