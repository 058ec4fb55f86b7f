"""Downloads: a chart's protected figures as CSV or XLSX, safe to open in Excel."""

from __future__ import annotations

import io
import re

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """Text cells that a spreadsheet would run as a formula get a leading apostrophe."""
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(
                lambda v: "'" + v if isinstance(v, str) and v.startswith(FORMULA_STARTS) else v)
    return out


def to_csv(frame: pd.DataFrame) -> bytes:
    """UTF-8 with a byte-order mark, so Excel reads £ and é correctly."""
    return neutralise(frame).to_csv(index=False).encode("utf-8-sig")


def to_xlsx(frame: pd.DataFrame, sheet: str = "data", notes: list[str] | None = None) -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="xlsxwriter",
                        engine_kwargs={"options": {"strings_to_formulas": False,
                                                   "strings_to_urls": False}}) as xl:
        neutralise(frame).to_excel(xl, sheet_name=sheet[:31], index=False)
        if notes:
            pd.DataFrame({"notes": notes}).to_excel(xl, sheet_name="notes", index=False)
    return buffer.getvalue()


def file_stem(topic: str, period: str, area: str) -> str:
    """e.g. care-leavers-homeless_2019-Q1-to-2026-Q3_south-lanarkshire."""
    def slug(text: str) -> str:
        return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return "_".join(slug(part) for part in (topic, period, area) if part)
