"""The data quality statement's sentences, one wording for the page and the board pack."""

from __future__ import annotations

import pandas as pd

from outcomes.words.labels import TABLE_LABELS

GAP = 95            # a column less than this % complete is named
BEHIND_DAYS = 31    # a table whose latest record is older than this is behind


def _table(name: str) -> str:
    return TABLE_LABELS.get(name, name).lower()


def completeness(overall: str, frame: pd.DataFrame) -> str:
    """`overall`: the data completeness indicator as shown; `frame`: every column's %."""
    gaps = frame.loc[frame["pct_filled"] < GAP]
    return (f"Across all tables, {overall} of optional cells hold a value. " + (
        f"Columns less than {GAP}% complete: " + "; ".join(
            f"{_table(r.table_name)} {r.column_name} ({r.pct_filled:.1f}%)"
            for r in gaps.itertuples()) + "."
        if len(gaps) else f"Every column is at least {GAP}% complete."))


def timeliness(frame: pd.DataFrame) -> str:
    behind = frame.loc[frame["days_behind"] > BEHIND_DAYS]
    return ("How current each table is: its latest record against the end of the last "
            "complete quarter. " + (
                "Behind by more than a month: " + ", ".join(
                    f"{_table(r.table_name)} ({r.days_behind} days)"
                    for r in behind.itertuples()) + "." if len(behind)
                else "Every table is up to date within a month."))


def quarantine(by_rule: pd.DataFrame) -> str:
    """`by_rule`: the current quarantine's problems by table and rule, most common first."""
    if by_rule.empty:
        return "No rows are in quarantine."
    return (f"{int(by_rule['rows_affected'].sum()):,} rows are held back from the figures, for "
            f"{int(by_rule['problems'].sum()):,} problems, until they are corrected at source "
            f"and loaded again. The most common problem: {by_rule['rule'].iloc[0]} "
            f"({_table(by_rule['table_name'].iloc[0])}).")
