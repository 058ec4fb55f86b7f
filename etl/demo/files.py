"""The demo's files: their names and encodings, and writing them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

CSV_FILES = {t: f"{t}.csv" for t in ("children", "looked_after_episodes",
                                     "child_protection_registrations",
                                     "wellbeing_assessments", "care_leavers", "feedback")}
WORKBOOK = "action_plan.xlsx"
FILES = (*CSV_FILES.values(), WORKBOOK)
ENCODINGS = {"feedback": "cp1252", "child_protection_registrations": "utf-8-sig"}


def write_csv(df: pd.DataFrame, out_dir: Path, table: str) -> Path:
    """One table's CSV, in its encoding (UTF-8 unless ENCODINGS says otherwise)."""
    path = out_dir / CSV_FILES[table]
    df.to_csv(path, index=False, encoding=ENCODINGS.get(table, "utf-8"), errors="replace")
    return path


def write_workbook(actions: pd.DataFrame, targets: pd.DataFrame, out_dir: Path,
                   as_at: dt.date) -> Path:
    """The action plan workbook: improvement_actions and targets sheets, real Excel dates."""
    path = out_dir / WORKBOOK
    with pd.ExcelWriter(path, engine="xlsxwriter", date_format="yyyy-mm-dd",
                        datetime_format="yyyy-mm-dd") as xl:
        xl.book.set_properties({"created": dt.datetime.combine(as_at, dt.time())})
        actions.to_excel(xl, sheet_name="improvement_actions", index=False)
        targets.to_excel(xl, sheet_name="targets", index=False)
    return path


def clear(out_dir: Path) -> None:
    """Remove the demo's files from an earlier run."""
    for name in FILES:
        (out_dir / name).unlink(missing_ok=True)
