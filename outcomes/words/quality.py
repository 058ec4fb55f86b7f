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
            f"{_table(r.table_name)}: {r.column_name.replace('_', ' ')} ({r.pct_filled:.1f}%)"
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
            f"and loaded again. The most common problem: {reason(by_rule['rule'].iloc[0])} "
            f"({_table(by_rule['table_name'].iloc[0])}).")


# A quarantine rule in plain words for a board: (what the rule says, how to say it), the
# first match wins. The rules themselves stay on the data pages, for whoever corrects them.
REASONS = (
    ("duplicate", "the same record twice in one file"),
    ("is not a date", "a date missing or not readable as a date"),
    (" is before ", "dates in the wrong order (an end before its start)"),
    ("locality must be one of", "a locality that is not one of the partnership's"),
    ("must be one of", "a value not in the agreed list"),
    ("separated codes from", "a value not in the agreed list"),
    ("is not in the", "a record that refers to a child or indicator not in the files"),
    ("must be at most", "a value out of its range"),
    ("must be between", "a value out of its range"),
    ("above the scale", "a value out of its range"),
    ("not eligible", "answers that contradict each other"),
)


def reason(rule: str) -> str:
    """A rule broken, as a board member would say it."""
    text = str(rule)
    return next((plain for pattern, plain in REASONS if pattern in text), text)


def quarantine_by_reason(by_rule: pd.DataFrame) -> pd.DataFrame:
    """The quarantine by table and plain reason: table, reason, problems; most first."""
    if by_rule.empty:
        return pd.DataFrame(columns=["table", "reason", "problems"])
    frame = pd.DataFrame({"table": by_rule["table_name"].map(lambda t: TABLE_LABELS.get(t, t)),
                          "reason": by_rule["rule"].map(reason),
                          "problems": by_rule["problems"].astype(int)})
    out = frame.groupby(["table", "reason"], as_index=False, sort=False)["problems"].sum()
    return out.sort_values(["problems", "table"], ascending=[False, True],
                           ignore_index=True)
