"""Tiny contract files built by code: a valid baseline that tests bend one rule at a time."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

from core.connection import connect

TODAY_SAFE = "2025-06-30"      # every baseline date is on or before this

BASELINE: dict[str, list[dict[str, str]]] = {
    "children": [
        {"child_id": "C001", "date_of_birth": "2008-05-14", "sex": "female", "disability": "N",
         "ethnicity": "White Scottish", "locality": "Hamilton"},
        {"child_id": "C002", "date_of_birth": "2015-11-02", "sex": "M", "disability": "Y",
         "ethnicity": "Polish", "locality": "East Kilbride"},
        {"child_id": "C003", "date_of_birth": "2003-01-20", "sex": "male", "disability": "unknown",
         "ethnicity": "", "locality": "Clydesdale"},
    ],
    "looked_after_episodes": [
        {"episode_id": "E1", "child_id": "C001", "start_date": "2019-03-01",
         "end_date": "2020-01-15", "placement_type": "foster_la",
         "legal_reason": "compulsory_supervision_order", "reason_ended": "placement_change"},
        {"episode_id": "E2", "child_id": "C001", "start_date": "2020-01-15", "end_date": "",
         "placement_type": "residential_la", "legal_reason": "compulsory_supervision_order",
         "reason_ended": ""},
        {"episode_id": "E3", "child_id": "C003", "start_date": "2015-06-01",
         "end_date": "2020-02-01", "placement_type": "kinship", "legal_reason": "s25_voluntary",
         "reason_ended": "moved_on_to_independence"},
    ],
    "child_protection_registrations": [
        {"registration_id": "R1", "child_id": "C002", "registration_date": "2019-04-01",
         "deregistration_date": "2019-10-01", "concerns": "neglect;domestic_abuse"},
        {"registration_id": "R2", "child_id": "C002", "registration_date": "2020-06-01",
         "deregistration_date": "", "concerns": "neglect"},
    ],
    "wellbeing_assessments": [
        {"child_id": "C001", "assessment_date": "2019-06-01", "indicator": "safe", "score": "4",
         "scale_max": "10", "completed_with": "child"},
        {"child_id": "C001", "assessment_date": "2020-06-01", "indicator": "safe", "score": "7",
         "scale_max": "10", "completed_with": "jointly"},
        {"child_id": "C002", "assessment_date": "2020-06-01", "indicator": "healthy",
         "score": "3", "scale_max": "5", "completed_with": "carer"},
    ],
    "care_leavers": [
        {"child_id": "C003", "record_date": "2020-03-31", "ceased_looked_after_date": "2020-02-01",
         "eligible_for_aftercare": "Y", "receiving_aftercare": "Y", "pathway_plan": "Yes",
         "pathway_coordinator": "No", "in_touch": "TRUE", "accommodation": "own_tenancy",
         "economic_activity": "education"},
        {"child_id": "C003", "record_date": "2020-06-30", "ceased_looked_after_date": "2020-02-01",
         "eligible_for_aftercare": "Y", "receiving_aftercare": "N", "pathway_plan": "1",
         "pathway_coordinator": "0", "in_touch": "false", "accommodation": "homeless",
         "economic_activity": "not_in_education_employment_or_training"},
    ],
    "feedback": [
        {"feedback_id": "F1", "child_id": "C001", "received_date": "2020-02-01",
         "service": "Children's house - Blantyre", "channel": "review_meeting", "topic": "contact",
         "rating": "4", "comment": "I want to see my gran more", "action_taken": "Contact increased",
         "action_date": "2020-02-20", "told_child_outcome": "Y", "used_in_planning": "N",
         "can_quote": "Y"},
        {"feedback_id": "F2", "child_id": "", "received_date": "2020-03-01", "service": "Education",
         "channel": "survey", "topic": "", "rating": "", "comment": "", "action_taken": "",
         "action_date": "", "told_child_outcome": "", "used_in_planning": "", "can_quote": ""},
    ],
    "improvement_actions": [
        {"action_id": "A1", "improvement_point": "care_leavers",
         "action": "Pathway coordinator for every care leaver", "owner": "Throughcare Manager",
         "due_date": "2021-03-31", "status": "on_track", "status_date": "2020-06-30",
         "indicators": "care_leavers_pathway_plan_pct;aftercare_receiving_pct"},
    ],
    "targets": [
        {"indicator": "aftercare_receiving_pct", "period_end": "2021-03-31", "target": "60"},
    ],
}


def rows(table: str, **changes_by_index) -> list[dict[str, str]]:
    """The baseline rows of a table (copies)."""
    return [dict(r) for r in BASELINE[table]]


def write_csv(path: Path, records: list[dict[str, str]], encoding: str = "utf-8",
              columns: list[str] | None = None) -> Path:
    columns = columns or list(records[0])
    with open(path, "w", newline="", encoding=encoding) as fh:
        writer = csv.DictWriter(fh, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(records)
    return path


def write_baseline(folder: Path, **overrides: list[dict[str, str]]) -> Path:
    """Every table as <table>.csv in folder, with any table's rows replaced."""
    folder.mkdir(parents=True, exist_ok=True)
    for table, records in BASELINE.items():
        write_csv(folder / f"{table}.csv", overrides.get(table, records))
    return folder


def q(db: Path, sql: str, params=()) -> list[tuple]:
    """Rows of a read-only query on a warehouse file (opened as the app opens it: DuckDB
    refuses a second connection to a file with another configuration in one process)."""
    con = connect(db, read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
