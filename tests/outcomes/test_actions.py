"""An action's status as shown: one status each, judged at a stated date."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from outcomes.stats.scorecard import action_summary
from outcomes.words import actions as action_words
from outcomes.words.labels import escape_markdown

DECEMBER_BOARD = dt.date(2026, 12, 3)


def plan() -> pd.DataFrame:
    rows = [  # action_id, point, status, due, last update, note
        ("A1", "care_leavers", "on_track", "2026-10-31", "2026-09-30", "On track in September"),
        ("A2", "care_leavers", "complete", "2026-01-31", "2026-01-15", None),
        ("A3", "care_leavers", "at_risk", "2027-03-31", "2026-09-30", "Two posts vacant"),
        ("A4", "voice", "off_track", "2026-12-03", "2026-11-01", ""),
        ("A5", "voice", "not_started", "2025-06-30", None, None),
    ]
    return pd.DataFrame({
        "action_id": [r[0] for r in rows], "improvement_point": [r[1] for r in rows],
        "action": [f"Action {r[0]}" for r in rows], "owner": "Head of service",
        "status": [r[2] for r in rows], "due_date": pd.to_datetime([r[3] for r in rows]),
        "status_date": pd.to_datetime([r[4] for r in rows]),
        "status_note": [r[5] for r in rows], "indicators": None})


def test_each_action_has_one_status_judged_at_the_stated_date():
    judged = action_words.judge(plan(), DECEMBER_BOARD).set_index("action_id")
    # due in October, on track in September: overdue at a December board, and only that
    assert judged.at["A1", "shown"] == "overdue"
    assert judged.at["A2", "shown"] == "complete"          # done: never overdue
    assert judged.at["A3", "shown"] == "at_risk"           # not yet due: the partnership's own
    assert judged.at["A4", "shown"] == "off_track"         # due today is not yet overdue
    assert judged.at["A5", "shown"] == "overdue"
    assert (judged["judged_at"] == DECEMBER_BOARD).all()
    # the same plan judged at the data's as-at date (30 September) flags less
    early = action_words.judge(plan(), dt.date(2026, 9, 30)).set_index("action_id")
    assert early.at["A1", "shown"] == "on_track"


def test_the_most_pressing_first_then_by_due_date():
    order = action_words.judge(plan(), DECEMBER_BOARD)["action_id"].tolist()
    assert order == ["A5", "A1", "A4", "A3", "A2"]


def test_the_summary_sentence_counts_each_action_once_and_says_the_date():
    judged = action_words.judge(plan(), DECEMBER_BOARD)
    assert action_summary(judged, "care_leavers") == (
        "Action plan at 3 December 2026: 3 actions; 1 overdue, 1 at risk and 1 complete.")
    assert action_summary(judged, "voice") == (
        "Action plan at 3 December 2026: 2 actions; 1 overdue and 1 off track.")
    assert action_summary(judged, "corporate_parenting") == "No actions in the action plan."
    assert sum(action_words.counts(judged).values()) == len(judged)


def test_dates_never_wrap_and_updates_read_as_written():
    assert action_words.day(pd.Timestamp("2027-03-31")) == "31\u00a0Mar\u00a02027"
    assert action_words.day(None) == action_words.day(pd.NaT) == ""
    assert action_words.update(pd.Timestamp("2026-11-12"), "Panel meets monthly.") == (
        "12\u00a0Nov\u00a02026: Panel meets monthly.")
    assert action_words.update(pd.NaT, "Only a note") == "Only a note"
    assert action_words.update(pd.Timestamp("2026-11-12"), None) == "12\u00a0Nov\u00a02026"
    cell = action_words.update(pd.Timestamp("2026-11-12"), "**Done** [see](http://x) :smile:",
                               markdown=True)
    assert cell.endswith(r"\*\*Done\*\* \[see\](http\://x) \:smile\:")


def test_markdown_escaping_leaves_numbers_alone():
    assert escape_markdown("2.5% of 1,000 (as at 31 March)") == "2.5% of 1,000 (as at 31 March)"
    assert escape_markdown("<img src=x>") == r"\<img src=x\>"
