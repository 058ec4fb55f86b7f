"""Readers: partner files (CSV or XLSX) into frames of raw text, one per table.

A file becomes zero or more `RawTable`s (a CSV one, a workbook one per
sheet) or a `Refusal` naming the file and the cause. Every value stays text
here; etl/parse.py types it. Column names are matched case-insensitively,
with spaces around them ignored, after the optional mapping file's renames.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import math
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from core import contract as c

CSV_SUFFIXES = {".csv"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
MAPPING_NAMES = {"mapping.yaml", "mapping.yml", "column-mapping.yaml", "column_mapping.yaml"}
ENCODINGS = ("utf-8", "cp1252")


@dataclass
class RawTable:
    file: str                    # the file's name (what reloads are keyed on)
    table: str
    frame: pd.DataFrame          # text only, contract column names, index = data row from 1
    sha256: str
    notes: list[str] = field(default_factory=list)


@dataclass
class Refusal:
    file: str
    table: str | None
    message: str
    sha256: str = ""


class MappingError(ValueError):
    """The column mapping file cannot be used."""


def load_mapping(path: Path | None) -> dict[str, dict[str, str]]:
    """A YAML mapping: {local: contract} for all tables, or {table: {local: contract}}."""
    if path is None:
        return {}
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError, UnicodeDecodeError) as exc:
        raise MappingError(f"cannot read mapping file {path.name}: {exc}") from exc
    if not isinstance(raw, dict):
        raise MappingError(f"mapping file {path.name} must map local names to contract names")
    norm = lambda s: str(s).strip().lower()  # noqa: E731
    if all(isinstance(v, dict) for v in raw.values()):
        return {norm(t): {norm(k): norm(v) for k, v in m.items()} for t, m in raw.items()}
    if any(isinstance(v, dict) for v in raw.values()):
        raise MappingError(f"mapping file {path.name} mixes per-table and shared renames")
    return {"*": {norm(k): norm(v) for k, v in raw.items()}}


def discover(paths: list[Path]) -> tuple[list[Path], Path | None]:
    """Files to load, in the order given (folders in name order), and a mapping file."""
    files, mapping = [], None
    for path in paths:
        children = sorted(p for p in path.iterdir() if p.is_file()) if path.is_dir() else [path]
        for p in children:
            if p.name.lower() in MAPPING_NAMES:
                mapping = p
            elif not p.name.startswith((".", "~$")):
                files.append(p)
    return files, mapping


def read_path(path: Path, mapping: dict[str, dict[str, str]]) -> list[RawTable | Refusal]:
    """Every table in one file, or why it cannot be read."""
    name = path.name
    try:
        data = path.read_bytes()
    except OSError as exc:
        return [Refusal(name, None, f"cannot be opened: {exc.strerror or exc}")]
    sha = hashlib.sha256(data).hexdigest()
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        table = c.table_for_name(path.stem)
        if table is None:
            return [Refusal(name, None, "its name does not start with a table name ("
                            + ", ".join(c.TABLES) + ")", sha)]
        return [_from_csv(name, table, data, sha, mapping)]
    if suffix in XLSX_SUFFIXES:
        return _from_workbook(name, data, sha, mapping)
    return [Refusal(name, None, "is not a CSV file or an .xlsx workbook", sha)]


def _utf8(data: bytes) -> bytes | None:
    """The file's bytes as UTF-8 (BOM dropped), or None if it is neither encoding."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return data if encoding == "utf-8" else text.encode("utf-8")
    return None


def _from_csv(name, table, data, sha, mapping) -> RawTable | Refusal:
    utf8 = _utf8(data)
    if utf8 is None:
        return Refusal(name, table, "cannot be decoded as UTF-8 or Windows-1252 text", sha)
    if not utf8.strip():
        return Refusal(name, table, "is empty", sha)
    try:   # pyarrow's reader: multi-threaded, strict about ragged rows and open quotes
        frame = pd.read_csv(io.BytesIO(utf8), dtype=str, engine="pyarrow",
                            keep_default_na=False, na_values=[""])
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
        return Refusal(name, table, f"is not a well-formed CSV file: {exc}".strip(), sha)
    return _conform(name, table, frame.fillna(""), sha, mapping)


def _cell_text(value: object) -> str:
    """A workbook cell as the text a CSV export would hold."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _from_workbook(name, data, sha, mapping) -> list[RawTable | Refusal]:
    try:
        sheets = pd.read_excel(io.BytesIO(data), sheet_name=None, dtype=object,
                               header=0, engine="calamine")
    except Exception as exc:  # calamine raises its own error types for corrupt files
        return [Refusal(name, None, f"is not a readable .xlsx workbook ({exc})", sha)]
    out: list[RawTable | Refusal] = []
    for sheet, frame in sheets.items():
        table = sheet.strip().lower()
        if table not in c.TABLES:
            out.append(Refusal(name, None, f"sheet '{sheet}' is not named after a table ("
                               + ", ".join(c.TABLES) + ")", sha))
            continue
        frame = frame.map(_cell_text).astype(str)
        frame.columns = [_cell_text(col) for col in frame.columns]
        out.append(_conform(name, table, frame, sha, mapping))
    if not out:
        out.append(Refusal(name, None, "is an empty workbook", sha))
    return out


def _blank_rows(frame: pd.DataFrame) -> pd.Series:
    """Rows with nothing in any column (checked column by column only where needed)."""
    first = frame.iloc[:, 0].str.strip() == ""
    if not first.any():
        return first
    rest = frame.loc[first].apply(lambda s: s.str.strip() == "").all(axis=1)
    return rest.reindex(frame.index, fill_value=False)


def _conform(name, table, frame: pd.DataFrame, sha, mapping) -> RawTable | Refusal:
    """Contract column names, required columns present, rows numbered from 1."""
    renames = {**mapping.get("*", {}), **mapping.get(table, {})}
    cols = [renames.get(str(col).strip().lower(), str(col).strip().lower())
            for col in frame.columns]
    spec = c.TABLES[table]
    dupes = sorted({col for col in cols if cols.count(col) > 1 and col in spec.column_names})
    if dupes:
        return Refusal(name, table, "has more than one column named " + ", ".join(dupes), sha)
    frame.columns = cols
    missing = [col for col in spec.required if col not in cols]
    if missing:
        return Refusal(name, table, "is missing required column(s): " + ", ".join(missing), sha)
    ignored = [col for col in cols if col not in spec.column_names]
    keep = [col for col in spec.column_names if col in cols]
    frame = frame[keep]                                    # values are stripped by etl/parse.py
    frame = frame.loc[~_blank_rows(frame)]                 # blank lines, blank workbook rows
    if frame.empty:
        return Refusal(name, table, "has a header but no data rows", sha)
    for col in spec.column_names:
        if col not in frame:
            frame[col] = ""
    frame.index = frame.index + 1                          # data rows counted from 1
    notes = [f"ignored column(s) not in the contract: {', '.join(ignored)}"] if ignored else []
    return RawTable(name, table, frame[spec.column_names], sha, notes)
