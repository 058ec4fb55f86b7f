"""Reading a publisher's file: recognise its format, split it into rows, check them.

Formats are recognised from the header row (or, for the LGBF workbook, from being
an .xlsx workbook), never from the file name. Each is checked by its pandera model:

- the LGBF's (`etl.comparators.lgbf`): the long CSV and the workbook ->
  ``comparator_lgbf``, the looked-after children CSV -> ``comparator_lgbf_lac``;
- ScotPHO's (`etl.comparators.scotpho`): profile CSVs -> ``comparator_scotpho``;
- the Care Inspectorate's (`etl.comparators.care_inspectorate`): the datastore CSV ->
  ``comparator_care_services``, the grading history CSV -> ``comparator_care_grades``;
- the Department for Education's (`etl.comparators.dfe`): the statistical neighbour
  groupings and the local-authority tables (children looked after, care leavers,
  placement stability, child protection plans) -> ``comparator_dfe_*``.

What is shared (typing, missing values, quarantine) is in
`etl.comparators.validation`. A row with the wrong number of fields (a file
truncated mid-row) is quarantined here, before the model sees it.
"""

from __future__ import annotations

import csv
import hashlib
import io
from pathlib import Path

from etl.comparators.care_inspectorate import CARE_GRADES, CARE_SERVICES
from etl.comparators.dfe import DFE_FORMATS, closeness_columns, dfe_columns
from etl.comparators.lgbf import LGBF_BOOK, LGBF_LAC, LGBF_LONG, read_workbook
from etl.comparators.scotpho import SCOTPHO
from etl.comparators.validation import ComparatorTable, Format, check, rows_frame
from etl.readers import NotText, Refusal, utf8_text

CSV_FORMATS = (LGBF_LONG, LGBF_LAC, SCOTPHO, CARE_GRADES, CARE_SERVICES, *DFE_FORMATS)
FORMATS = {f.name: f for f in (*CSV_FORMATS, LGBF_BOOK)}


def detect(header: list[str]) -> Format | None:
    """The format whose columns the header holds (all of them; extra columns are allowed)."""
    have = {h.strip().lstrip("\ufeff") for h in header}
    for fmt in CSV_FORMATS:       # "(name)": a column the format's reader adds
        if {c for c in fmt.columns if not c.startswith("(")} <= have:
            return fmt
    return None


def read_comparator(path: Path) -> ComparatorTable | Refusal:
    """One publisher's file, recognised by its header, typed and checked; or why not."""
    name = path.name
    try:
        data = path.read_bytes()
    except OSError as exc:
        return Refusal(name, None, f"cannot be opened: {exc.strerror or exc}")
    sha = hashlib.sha256(data).hexdigest()
    if data[:4] == b"PK\x03\x04":
        return read_workbook(name, data, sha)
    try:
        text = utf8_text(data).decode("utf-8")
    except NotText as exc:
        return Refusal(name, None, str(exc), sha)
    try:       # newline="": the csv module sees every line ending as written
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        return Refusal(name, None, f"is not a well-formed CSV file: {exc}", sha)
    while rows and not any(c.strip() for c in rows[-1]):
        rows.pop()
    if not rows:
        return Refusal(name, None, "is empty", sha)
    header = closeness_columns([h.strip().lstrip("\ufeff") for h in rows[0]])
    fmt = detect(header)
    if fmt is None and {"time_period", "geographic_level"} <= set(header):
        return Refusal(name, None, "is a DfE statistics table, but not one this tool "
                       f"compares (its own columns: {', '.join(dfe_columns(header))}); "
                       "it reads "
                       + "; ".join(f.label for f in DFE_FORMATS), sha)
    if fmt is None:
        return Refusal(name, None, "is not a published comparator file this tool recognises: "
                       f"its header ({', '.join(header[:6])}"
                       f"{', ...' if len(header) > 6 else ''}) is "
                       "none of " + "; ".join(f.label for f in CSV_FORMATS
                                              if f not in DFE_FORMATS)
                       + " (or an LGBF workbook with a 'Raw Data' sheet), nor one of DfE's "
                       "(statistical neighbour groupings, children looked after, care "
                       "leavers, placement stability, child protection plans)", sha)
    body = rows[1:]
    if not body:
        return Refusal(name, fmt.table, f"({fmt.label}) has a header but no data rows", sha)
    if fmt.reader is not None:
        return fmt.reader(name, header, body, sha)
    numbered = [(n, row) for n, row in enumerate(body, start=1) if any(c.strip() for c in row)]
    raw, issues = rows_frame(header, numbered, fmt)
    return check(name, fmt, raw, issues, len(raw) + len(issues), sha)

