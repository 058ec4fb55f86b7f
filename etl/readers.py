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
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from core import contract as c

CSV_SUFFIXES = {".csv"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
MAPPING_NAMES = {"mapping.yaml", "mapping.yml", "column-mapping.yaml", "column_mapping.yaml"}


@dataclass
class RawTable:
    file: str                    # the file's name (what reloads are keyed on)
    table: str
    frame: pd.DataFrame          # text only, contract column names, index = data row from 1
    sha256: str
    notes: list[str] = field(default_factory=list)
    # rows a reader of a national return already found breaking that return's rules
    # (etl.validate.Issue, values as written) and how to keep their values private
    issues: list = field(default_factory=list)
    private: dict[str, str] = field(default_factory=dict)
    # said once in the load's result (LoadResult.notes), not only in the file's message
    load_notes: list[str] = field(default_factory=list)


@dataclass
class Skipped:
    """A file recognised but not used by this product: nothing is loaded from it."""
    file: str
    table: str | None
    message: str
    sha256: str = ""


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


def files_in(paths: list[Path]) -> tuple[list[Path], list[Refusal]]:
    """The files named, then each named folder's files in name order. Inside a folder,
    hidden files and Excel's `~$` lock files are passed over; a subfolder or a symbolic
    link is not followed but refused by name, so nothing is skipped without a word."""
    files: list[Path] = []
    refused: list[Refusal] = []
    for path in paths:
        if not path.is_dir():
            files.append(path)
            continue
        for p in sorted(path.iterdir()):
            if p.name.startswith((".", "~$")):
                continue
            if p.is_symlink():
                refused.append(Refusal(p.name, None, "is a symbolic link inside a folder: "
                                       "links are not followed; name the file itself"))
            elif p.is_dir():
                refused.append(Refusal(p.name, None, "is a folder inside a folder: folders "
                                       "are not searched; name it to load its files"))
            elif p.is_file():
                files.append(p)
            else:
                refused.append(Refusal(p.name, None, "is not a regular file"))
    return files, refused


def discover(paths: list[Path]) -> tuple[list[Path], Path | None, list[Refusal]]:
    """Files to load (see `files_in`), the mapping file among them, and what was refused."""
    found, refused = files_in(paths)
    files, mapping = [], None
    for p in found:
        if p.name.lower() in MAPPING_NAMES:
            mapping = p
        else:
            files.append(p)
    return files, mapping, refused


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


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"        # Office's old container (.xls, encrypted .xlsx)
# What a file that is not text usually is, by its first bytes.
SIGNATURES = (
    (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "an Excel workbook or a zip file (name a workbook .xlsx)"),
    (OLE, "an Excel 97-2003 workbook or another Office file"),
)
ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
MAX_RECORD_MB = 1                                  # the most one row of a CSV may hold
SAVE_AS = "save it from Excel as 'CSV UTF-8 (Comma delimited)' and load it again"


class NotText(ValueError):
    """The bytes are not a text file we read; the message says what they are."""


def _kind_of_bytes(data: bytes) -> str | None:
    """Why these bytes are not a text CSV, or None if they may be one."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return f"is UTF-16 text (Excel's 'Unicode Text'): {SAVE_AS}"
    head = data[:4096]
    if head and head.count(0) * 4 >= len(head):     # ASCII as UTF-16: every other byte NUL
        return f"looks like UTF-16 text without its byte order mark: {SAVE_AS}"
    for magic, what in SIGNATURES:
        if data.startswith(magic):
            return f"is not a text file: it looks like {what}"
    controls = sum(head.count(b) for b in (*range(0, 9), 11, 12, *range(14, 32)))
    if controls * 20 > len(head):                   # more than 5% control bytes
        return "is not a text file (it holds binary data)"
    return None


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def utf8_text(data: bytes) -> bytes:
    """The file's text as UTF-8 bytes (BOM dropped). UTF-8 throughout is taken as it is; a
    file with no UTF-8 character outside ASCII is read as Windows-1252 (Excel's 'CSV' on
    Windows). A file that mixes the two is refused, naming the line, never half-converted.
    Raises NotText."""
    why = _kind_of_bytes(data)
    if why:
        raise NotText(why)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        data.decode("utf-8")
        return data
    except UnicodeDecodeError as exc:
        bad = exc.start
    lines = data.split(b"\n")
    utf8_line = next((i for i, line in enumerate(lines, 1)
                      if not line.isascii() and _is_utf8(line)), None)
    if utf8_line is not None:
        raise NotText(f"mixes two encodings: line {_line_of(data, bad)} has a byte (0x"
                      f"{data[bad]:02X}) that is not UTF-8, though line {utf8_line} is UTF-8; "
                      f"nothing was loaded from it, so no text was changed: {SAVE_AS}")
    try:
        return data.decode("cp1252").encode("utf-8")
    except UnicodeDecodeError as exc:
        raise NotText(f"cannot be read as UTF-8 or Windows-1252 text (line "
                      f"{_line_of(data, exc.start)}): {SAVE_AS}") from None


def _is_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


BLANK_LINE = re.compile(rb"(?m)^[ \t]+(\r?)$")      # spaces only: a blank line


def csv_frame(name, table, data, sha) -> pd.DataFrame | Refusal:
    """A CSV's cells as text under its header row as written, or why it cannot be read."""
    try:
        utf8 = utf8_text(data)
    except NotText as exc:
        return Refusal(name, table, str(exc), sha)
    if not utf8.strip():
        return Refusal(name, table, "is empty", sha)
    utf8 = BLANK_LINE.sub(rb"\1", utf8)
    try:   # pyarrow's reader: multi-threaded, strict about ragged rows and open quotes
        frame = pd.read_csv(io.BytesIO(utf8), dtype=str, engine="pyarrow", header=None,
                            keep_default_na=False, na_values=[""])
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
        return Refusal(name, table, _csv_fault(utf8, exc), sha)
    return _header_row(frame.fillna(""))


def _from_csv(name, table, data, sha, mapping) -> RawTable | Refusal:
    frame = csv_frame(name, table, data, sha)
    if isinstance(frame, Refusal):
        return frame
    return _conform(name, table, frame, sha, mapping)


def _csv_fault(utf8: bytes, exc: Exception) -> str:
    """A parser's error in words: a row too long for the reader, or a malformed file."""
    if "straddl" in str(exc):
        limit = MAX_RECORD_MB << 20
        at = next((i for i, line in enumerate(utf8.split(b"\n"), 1) if len(line) > limit), None)
        where = f" at line {at}" if at else ""
        return (f"has a row longer than {MAX_RECORD_MB} MB{where}, the most one row may hold "
                "(is a quotation mark left open?)")
    return f"is not a well-formed CSV file: {exc}".strip()


def _header_row(frame: pd.DataFrame) -> pd.DataFrame:
    """The first row as column names, as written (no pandas renaming of repeats)."""
    body = frame.iloc[1:].reset_index(drop=True)
    body.columns = [str(v) for v in frame.iloc[0].tolist()] if len(frame) else []
    return body


def _cell_text(value: object) -> str:
    """A workbook cell as the text a CSV export would hold."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):      # a date cell with a time: the date is what counts
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _not_a_workbook(data: bytes) -> str | None:
    """Why these bytes cannot be an .xlsx workbook, in words, or None."""
    if data.startswith(OLE):
        if ENCRYPTED in data:
            return ("is protected with a password: open it in Excel, clear the password "
                    "(File > Info > Protect Workbook > Encrypt with Password), save, and "
                    "load it again")
        return "is an Excel 97-2003 workbook (.xls): save it as .xlsx and load it again"
    if not data.startswith(b"PK\x03\x04"):
        return ("is not an .xlsx workbook (it looks like text: if it is a CSV file, name "
                "it .csv)" if _kind_of_bytes(data) is None else "is not an .xlsx workbook")
    return None


def _from_workbook(name, data, sha, mapping) -> list[RawTable | Refusal]:
    why = _not_a_workbook(data)
    if why:
        return [Refusal(name, None, why, sha)]
    try:
        sheets = pd.read_excel(io.BytesIO(data), sheet_name=None, dtype=object,
                               header=None, engine="calamine")
    except Exception as exc:  # calamine raises its own error types for corrupt files
        return [Refusal(name, None, f"is not a readable .xlsx workbook ({exc})", sha)]
    out: list[RawTable | Refusal] = []
    for sheet, frame in sheets.items():
        table = sheet.strip().lower()
        if table not in c.TABLES:
            out.append(Refusal(name, None, f"sheet '{sheet}' is not named after a table ("
                               + ", ".join(c.TABLES) + ")", sha))
            continue
        if frame.empty:
            out.append(Refusal(name, table, f"sheet '{sheet}' is empty", sha))
            continue
        frame = _header_row(frame.map(_cell_text).astype(str))
        out.append(_conform(name, table, frame, sha, mapping))
    if not out:
        out.append(Refusal(name, None, "is an empty workbook", sha))
    return out


def blank_rows(frame: pd.DataFrame) -> pd.Series:
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
        return Refusal(name, table, "has the column " + ", ".join(f"'{d}'" for d in dupes)
                       + " more than once: keep one and load it again", sha)
    frame.columns = cols
    missing = [col for col in spec.required if col not in cols]
    if missing:
        return Refusal(name, table, "is missing required column(s): " + ", ".join(missing), sha)
    ignored = [col for col in cols if col not in spec.column_names]
    keep = [col for col in spec.column_names if col in cols]
    frame = frame[keep]                                    # values are stripped by etl/parse.py
    frame = frame.loc[~blank_rows(frame)]                 # blank lines, blank workbook rows
    if frame.empty:
        return Refusal(name, table, "has a header but no data rows", sha)
    for col in spec.column_names:
        if col not in frame:
            frame[col] = ""
    frame.index = frame.index + 1                          # data rows counted from 1
    notes = [f"ignored column(s) not in the contract: {', '.join(ignored)}"] if ignored else []
    return RawTable(name, table, frame[spec.column_names], sha, notes)
