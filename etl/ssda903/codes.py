"""The SSDA903 code sets (codes.toml) and the checks and maps made with them."""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

CODES_FILE = Path(__file__).with_name("codes.toml")


@dataclass(frozen=True)
class CodeSet:
    column: str                      # the 903 column, e.g. "PLACE"
    what: str                        # the data item in words, e.g. "placement type"
    codes: dict[str, dict[str, str]]  # code -> {"meaning": ..., "ours": ..., ...}

    def allowed(self) -> str:
        return ", ".join(self.codes)

    def ours(self, values: pd.Series, key: str = "ours") -> pd.Series:
        """Each value's mapping under `key` ("" for a blank or unknown code)."""
        table = {code: spec.get(key, "") for code, spec in self.codes.items()}
        return values.map(lambda v: table.get(v, "")).astype(str)

    def unknown(self, values: pd.Series, blank_ok: bool = True) -> pd.Series:
        """Where a value is not one of the set's codes (blank passes if `blank_ok`)."""
        bad = ~values.isin(list(self.codes))
        return bad & (values != "") if blank_ok else bad

    def rule(self, code: str) -> str:
        shown = code if code else "(blank)"
        return (f"{self.column} {shown!r} is not an SSDA903 {self.what} code "
                f"(allowed: {self.allowed()})")


@functools.cache
def code_sets() -> dict[str, CodeSet]:
    raw = tomllib.loads(CODES_FILE.read_text(encoding="utf-8"))
    return {col: CodeSet(col, spec.pop("what"), spec) for col, spec in raw.items()}


def code_set(column: str) -> CodeSet:
    return code_sets()[column]
