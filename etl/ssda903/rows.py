"""What the 903 translators share: dates as the return writes them, the quarantine
entries they make, and the contract-shaped text frame they hand to validation."""

from __future__ import annotations

import pandas as pd

from core import contract as c
from etl.ssda903.codes import code_set
from etl.validate import Issue

# Columns whose values the quarantine never shows as written: identifiers are
# pseudonymised there, full dates of birth withheld (see etl/validate.py).
PRIVATE = {"CHILD": "id", "DOB": "withheld", "MC_DOB": "withheld", "UPN": "withheld",
           "MOTHER": "withheld", "HOME_POST": "withheld", "PL_POST": "withheld"}


def uk_date(s: pd.Series) -> pd.Series:
    """dd/mm/yyyy as the return writes it (anything else: NaT, left to the contract's
    date parser to quarantine with its own words)."""
    return pd.to_datetime(s.str.strip(), format="%d/%m/%Y", errors="coerce")


class Problems:
    """Quarantine entries for one file, in the validation's form (row, column, rule,
    the original values of the columns the rule is about)."""

    def __init__(self, frame: pd.DataFrame):
        self.frame = frame
        self.issues: list[Issue] = []

    def add(self, mask: pd.Series, column: str, rule, columns: tuple[str, ...] = ()) -> None:
        """Quarantine the rows where `mask` holds; `rule` is words or a function of the row."""
        for row in mask[mask.fillna(False).astype(bool)].index:
            words = rule(self.frame.loc[row]) if callable(rule) else rule
            cols = columns or (column,)
            values = {col: str(self.frame.at[row, col]) for col in cols if col in self.frame}
            self.issues.append(Issue(int(row), column, words, values))

    def codes(self, column: str, blank_ok: bool = True) -> None:
        """Quarantine codes outside the specification's set, naming the code and the set."""
        if column not in self.frame:
            return
        cs = code_set(column)
        self.add(cs.unknown(self.frame[column], blank_ok), column,
                 lambda r: cs.rule(r[column]), (column, "CHILD"))

    @property
    def rows(self) -> set[int]:
        return {i.row for i in self.issues}


def contract_frame(table: str, columns: dict[str, pd.Series], index: pd.Index) -> pd.DataFrame:
    """The contract's columns as text, in its order; columns not given are blank."""
    spec = c.TABLES_ALL[table]
    out = pd.DataFrame(index=index)
    for col in spec.column_names:
        value = columns.get(col, "")
        out[col] = value.fillna("").astype(str) if isinstance(value, pd.Series) else value
    return out
