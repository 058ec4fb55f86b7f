"""Validate one raw table: parse cells, run its pandera schema, split good from bad.

Two passes, so that no fault hides another: cells that cannot be read as
their kind (a date like 31/02/2024, "ten" for a score) are quarantined first;
the schema then checks every rule on the rows that remain. A row can break
several rules and each is reported; it is quarantined once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pandera.pandas as pa

from core import contract as c
from core.catalogue import IDS
from etl.parse import PARSE_RULES, parse_column
from etl.privacy import Pseudonymiser, strike_contacts
from etl.readers import RawTable
from etl.schemas import MODELS, RULE_COLUMNS

MAX_VALUE_CHARS = 120


@dataclass
class Context:
    """What a table is checked against beyond itself."""
    pseudonymiser: Pseudonymiser
    localities: tuple[str, ...]
    children_dob: pd.Series = field(  # pseudonymised child_id -> birth month
        default_factory=lambda: pd.Series(dtype="datetime64[us]"))


@dataclass
class Issue:
    row: int
    column: str
    rule: str
    values: dict[str, str]


@dataclass
class Validated:
    table: str
    clean: pd.DataFrame                          # typed; index = data row from 1
    issues: list[Issue]
    rows_read: int

    @property
    def quarantined_rows(self) -> set[int]:
        return {i.row for i in self.issues}


def validate(raw: RawTable, ctx: Context) -> Validated:
    spec = c.TABLES_ALL[raw.table]
    typed, issues = _parse(raw, spec, ctx)
    issues += [_private(i, raw, ctx) for i in raw.issues]   # the source format's own rules
    readable = typed.loc[~typed.index.isin({i.row for i in issues})]
    issues += _check(raw, _with_context(readable, raw.table, ctx), ctx)
    bad = {i.row for i in issues}
    clean = typed.loc[~typed.index.isin(bad)]
    issues.sort(key=lambda i: (i.row, i.column))
    return Validated(raw.table, clean, issues, len(raw.frame))


def _parse(raw: RawTable, spec: c.Table, ctx: Context) -> tuple[pd.DataFrame, list[Issue]]:
    typed, issues = {}, []
    for col in spec.columns:
        values, faults = parse_column(col, raw.frame[col.name])
        typed[col.name] = values
        for row in faults[faults].index:
            issues.append(Issue(int(row), col.name, f"{col.name} {PARSE_RULES[col.kind]}",
                                _safe_values(raw, row, (col.name,), ctx)))
    frame = pd.DataFrame(typed, index=raw.frame.index)
    if raw.table == "children":
        canonical = {loc.lower(): loc for loc in ctx.localities}
        frame["locality"] = frame["locality"].map(
            lambda v: canonical.get(v.lower(), v) if isinstance(v, str) else v)
    return frame, issues


def _with_context(frame: pd.DataFrame, table: str, ctx: Context) -> pd.DataFrame:
    if table not in c.CHILD_TABLES_ALL:
        return frame
    codes, uniques = pd.factorize(frame["child_id"])
    pids = pd.Index([ctx.pseudonymiser.one(v) for v in uniques.tolist()])
    position = ctx.children_dob.index.get_indexer(pids)            # -1: not a known child
    at = np.append(position, -1)[codes]
    dob = np.append(ctx.children_dob.to_numpy(dtype="datetime64[us]"),
                    np.datetime64("NaT", "us"))
    out = frame.copy()
    out["_child_known"] = at >= 0
    out["_dob"] = pd.Series(dob[at], index=frame.index)
    return out


def _schema(table: str, ctx: Context) -> pa.DataFrameSchema:
    schema = MODELS[table].to_schema()
    schema.report_duplicates = "exclude_first"
    if table == "children":
        schema = schema.update_column("locality", checks=[pa.Check.isin(
            ctx.localities, error="locality must be one of the partnership's localities: "
            + ", ".join(ctx.localities))])
    if table == "targets":
        schema = schema.update_column("indicator", checks=[pa.Check.isin(
            IDS, error="indicator is not in the indicator catalogue")])
    if table == "improvement_actions":
        known = set(IDS)
        schema = schema.update_column("indicators", checks=[pa.Check(
            lambda s: s.map(lambda v: set(v.split(";")) <= known),
            element_wise=False, ignore_na=True,
            error="indicators must be ;-separated ids from the indicator catalogue")])
    return schema


def _check(raw: RawTable, frame: pd.DataFrame, ctx: Context) -> list[Issue]:
    if frame.empty:
        return []
    try:
        _schema(raw.table, ctx).validate(frame, lazy=True)
        return []
    except pa.errors.SchemaErrors as err:
        cases = err.failure_cases
    issues: dict[tuple[int, str], Issue] = {}
    for case in cases.itertuples(index=False):
        if case.index is None or pd.isna(case.index):
            raise RuntimeError(f"{raw.table}: a whole-column failure: {case.check}")
        columns = _rule_columns(raw.table, str(case.column), str(case.check))
        rule = _plain_words(raw.table, columns, str(case.check))
        row = int(case.index)
        issues.setdefault((row, rule), Issue(row, columns[0], rule,
                                             _safe_values(raw, row, columns, ctx)))
    return list(issues.values())


def _rule_columns(table: str, column: str, check: str) -> tuple[str, ...]:
    if check in RULE_COLUMNS:
        return RULE_COLUMNS[check]
    if check == "multiple_fields_uniqueness":
        return c.TABLES_ALL[table].key
    return (column,)


def _plain_words(table: str, columns: tuple[str, ...], check: str) -> str:
    col = columns[0]
    if check == "not_nullable":
        return f"{col} is required but empty"
    if check in ("field_uniqueness", "multiple_fields_uniqueness"):
        return ("duplicate: an earlier row in this file has the same "
                + " and ".join(columns))
    if check.startswith("isin("):
        codes = c.TABLES_ALL[table].column(col).codes
        return f"{col} must be one of: " + ", ".join(str(x) for x in codes or
                                                     re.findall(r"\d+", check))
    bound = re.fullmatch(r"(greater|less)_than_or_equal_to\((.+)\)", check)
    if bound:
        return f"{col} must be {'at least' if bound[1] == 'greater' else 'at most'} {bound[2]}"
    return check if check in RULE_COLUMNS or " " in check else f"{col} breaks rule {check}"


def _private(issue: Issue, raw: RawTable, ctx: Context) -> Issue:
    """A reader's quarantine entry with identifiers pseudonymised and private values
    (full birth dates, postcodes) withheld, as `raw.private` says."""
    values = {col: _shown(value, raw.private.get(col), ctx)
              for col, value in issue.values.items()}
    return Issue(issue.row, issue.column, issue.rule, values)


def _safe_values(raw: RawTable, row, columns, ctx: Context) -> dict[str, str]:
    """The original values, with identifiers pseudonymised and birth dates withheld."""
    ids = c.PSEUDONYMISED.get(raw.table, ())
    return {col: _shown(str(raw.frame.at[row, col]),
                        "id" if col in ids else "withheld" if col == "date_of_birth" else None,
                        ctx)
            for col in columns}


def _shown(value: str, how: str | None, ctx: Context) -> str:
    """A value as the quarantine keeps it: an identifier ("id") as its pseudonym, a private
    value ("withheld") withheld, anything else with phone numbers and emails struck."""
    if how == "id" and value:
        return "pseudonym " + ctx.pseudonymiser.one(value)
    if how == "withheld" and value:
        return "(withheld)"
    return strike_contacts(value)[:MAX_VALUE_CHARS]
