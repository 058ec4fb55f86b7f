"""Each action's status as shown: one status per action, judged at a stated date.

The action plan page, the overview's per-point summary and the board pack all show an
action's status through `judge`, so they use the same words. An action is judged at a
date the reader is told (today on screen; the day the board pack is built), never at
the data's as-at date: an action due in October is overdue at a December board.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from outcomes.words.labels import STATUS_WORDS, escape_markdown

NBSP = "\u00a0"


def today() -> dt.date:
    """The date the screen judges actions at (a function, so that tests can set it)."""
    return dt.date.today()


def shown_status(status: str, due: dt.date | None, on: dt.date) -> str:
    """The one status shown for an action at `on` (a STATUS_WORDS key): complete when the
    partnership says so; overdue when its due date has passed and it is not complete;
    otherwise the partnership's own status (on track, at risk, off track, not started)."""
    if status == "complete":
        return "complete"
    if due is not None and not pd.isna(due) and pd.Timestamp(due).date() < on:
        return "overdue"
    return status


def judge(actions: pd.DataFrame, on: dt.date | None = None) -> pd.DataFrame:
    """The action plan with `shown` (the status shown), `overdue` and `judged_at` (`on`,
    default today), the most pressing first (overdue, off track, at risk, not started,
    on track, complete), then by due date."""
    on = on or today()
    shown = [shown_status(s, d, on) for s, d in zip(actions["status"], actions["due_date"])]
    rank = {code: i for i, code in enumerate(STATUS_WORDS)}
    out = actions.assign(shown=shown, judged_at=on)
    out = out.assign(overdue=out["shown"] == "overdue",
                     _rank=out["shown"].map(lambda s: rank.get(s, len(rank))))
    return out.sort_values(["_rank", "due_date"], kind="stable").drop(columns="_rank")


def status_label(code: str) -> str:
    """'Off track': a shown status as a table cell."""
    return STATUS_WORDS.get(code, str(code)).capitalize()


def day(value) -> str:
    """'31 Mar 2027', with non-breaking spaces so that a table cell never wraps it; ''
    when there is no date."""
    if value is None or value == "" or pd.isna(value):
        return ""
    d = pd.Timestamp(value)
    return NBSP.join([str(d.day), f"{d:%b}", str(d.year)])


def update(on, note, markdown: bool = False) -> str:
    """'12 Nov 2026: Panel meets monthly.': an action's last update as a table cell; with
    `markdown`, for a cell that renders Markdown (the screen's), the note's marks escaped
    so that it shows as written."""
    text = "" if note is None or pd.isna(note) else str(note).strip()
    text = escape_markdown(text) if markdown else text
    when = day(on)
    return f"{when}: {text}" if when and text else when or text


def long_day(d: dt.date) -> str:
    """'3 December 2026': how a sentence gives the judging date."""
    return f"{d.day} {d:%B %Y}"


def counts(actions: pd.DataFrame, point: str | None = None) -> dict[str, int]:
    """How many actions (of one improvement point, or all) show each status, in
    STATUS_WORDS order; `actions` as `judge` gives them."""
    mine = actions if point is None else actions.loc[actions["improvement_point"] == point]
    found = mine["shown"].value_counts()
    return {code: int(found[code]) for code in STATUS_WORDS if code in found}
