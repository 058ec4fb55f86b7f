"""Cell parsers: raw text from a file into typed columns, one kind at a time.

Each parser takes a column of strings (missing values as ""), strips them, and
returns the typed column and a mask of cells that could not be read as that
kind. Those cells are quarantined by etl/validate.py before the pandera
schema sees the rest, so one bad cell cannot hide its column's other faults.

Columns repeat themselves (a few thousand dates, eight indicator codes across
millions of rows), so every parser works on a column's distinct values and
spreads the result back: the work grows with the variety, not the length.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from core import contract as c

TRUE_WORDS = frozenset({"y", "yes", "true", "1"})
FALSE_WORDS = frozenset({"n", "no", "false", "0"})
UNKNOWN_WORDS = frozenset({"u", "unknown", "not known", "dk"})

ISO = r"\d{4}-\d{2}-\d{2}(?:[ T]00:00(?::00(?:\.0+)?)?)?"
UK = r"\d{1,2}/\d{1,2}/\d{4}"

# The rule a cell breaks when it cannot be read, in plain words.
PARSE_RULES = {
    c.DATE: "is not a date from 1900 to 2200 (write 2026-03-31 or 31/03/2026)",
    c.YESNO: "is not yes or no (use Y/N, Yes/No, TRUE/FALSE or 1/0)",
    c.YESNO_UNKNOWN: "is not yes, no or unknown",
    c.INT: "is not a whole number",
    c.NUMBER: "is not a number",
    c.TEXT: "holds a control character (such as NUL) that no text holds",
    c.ID: "holds a control character (such as NUL) that no identifier holds",
}
CONTROL = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"       # tabs and line breaks are text

Parsed = tuple[pd.Series, pd.Series]


def by_distinct(parse: Callable[[pd.Series], Parsed]) -> Callable[[pd.Series], Parsed]:
    """Run a parser on a column's distinct values and spread the result back."""
    def run(s: pd.Series) -> Parsed:
        codes, uniques = pd.factorize(s, use_na_sentinel=False)
        out, bad = parse(pd.Series(uniques, dtype="str").str.strip())
        return (pd.Series(out.array.take(codes), index=s.index, dtype=out.dtype),
                pd.Series(bad.to_numpy(dtype=bool)[codes], index=s.index))
    run.__doc__ = parse.__doc__
    return run


@by_distinct
def parse_date(s: pd.Series) -> Parsed:
    """ISO 2026-03-31 or UK day-first 31/03/2026, never month-first."""
    iso = s.str.fullmatch(ISO)
    uk = s.str.fullmatch(UK)
    out = pd.Series(pd.NaT, index=s.index, dtype="datetime64[us]")
    out[iso] = pd.to_datetime(s[iso].str.slice(0, 10), format="%Y-%m-%d", errors="coerce")
    out[uk] = pd.to_datetime(s[uk], format="%d/%m/%Y", errors="coerce")
    out[(out.dt.year < 1900) | (out.dt.year > 2200)] = pd.NaT   # typos like 0202 or 20226
    return out, (s != "") & out.isna()


def _yesno(s: pd.Series, allow_unknown: bool) -> Parsed:
    low = s.str.lower()
    out = pd.Series(pd.NA, index=s.index, dtype="boolean")
    out[low.isin(TRUE_WORDS)] = True
    out[low.isin(FALSE_WORDS)] = False
    known = low.isin(TRUE_WORDS | FALSE_WORDS | (UNKNOWN_WORDS if allow_unknown else set()))
    return out, (s != "") & ~known


def parse_yesno(s: pd.Series, allow_unknown: bool = False) -> Parsed:
    return by_distinct(lambda u: _yesno(u, allow_unknown))(s)


@by_distinct
def parse_int(s: pd.Series) -> Parsed:
    ok = s.str.fullmatch(r"[+-]?\d{1,9}(?:\.0*)?")
    out = pd.Series(pd.NA, index=s.index, dtype="Int64")
    out[ok] = pd.to_numeric(s[ok]).astype("Int64")
    return out, (s != "") & ~ok


@by_distinct
def parse_number(s: pd.Series) -> Parsed:
    out = pd.to_numeric(s.str.replace(",", "", regex=False).replace("", None),
                        errors="coerce").astype("Float64")
    return out, (s != "") & out.isna()


def _no_faults(s: pd.Series) -> pd.Series:
    return pd.Series(np.zeros(len(s), dtype=bool), index=s.index)


def normalise_code(s: pd.Series, aliases: dict[str, str]) -> pd.Series:
    """Lower case, spaces and hyphens as underscores, aliases mapped; "" -> NA."""
    def one(u: pd.Series) -> Parsed:
        low = u.str.strip().str.lower().str.replace(r"[\s\-]+", "_", regex=True)
        if aliases:
            low = low.replace(aliases)
        return low.replace("", pd.NA), _no_faults(u)
    return by_distinct(one)(s)[0]


def normalise_codelist(s: pd.Series) -> pd.Series:
    """`;`-separated codes, each normalised, rejoined in a stable form."""
    def one(u: pd.Series) -> Parsed:
        parts = u.str.lower().str.replace(r"[\s\-]+", "_", regex=True).str.split(";")
        joined = parts.map(lambda xs: ";".join(x.strip("_") for x in xs if x.strip("_")))
        return joined.astype("str").replace("", pd.NA), _no_faults(u)
    return by_distinct(one)(s)[0]


def parse_column(col: c.Column, s: pd.Series) -> Parsed:
    """The typed column and the mask of unreadable cells, for one contract column."""
    if col.kind == c.DATE:
        return parse_date(s)
    if col.kind in (c.YESNO, c.YESNO_UNKNOWN):
        return parse_yesno(s, allow_unknown=col.kind == c.YESNO_UNKNOWN)
    if col.kind == c.INT:
        return parse_int(s)
    if col.kind == c.NUMBER:
        return parse_number(s)
    if col.kind == c.CODE:
        return normalise_code(s, col.aliases), _no_faults(s)
    if col.kind == c.CODELIST:
        return normalise_codelist(s), _no_faults(s)
    return by_distinct(_text)(s)


def _text(s: pd.Series) -> Parsed:
    """Text as written (stripped); a control character is a fault, never dropped quietly."""
    return s.replace("", pd.NA), s.str.contains(CONTROL, regex=True)
