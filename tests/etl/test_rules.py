"""Every rule in the data contract, each with one failing row on a valid baseline."""

import pytest

from etl.report import latest_load
from tests.factories import BASELINE, rows, write_baseline

FUTURE = "2199-01-01"

KID = dict(BASELINE["children"][0], child_id="C900")
EPI = dict(BASELINE["looked_after_episodes"][0], episode_id="E900")
REG = dict(BASELINE["child_protection_registrations"][0], registration_id="R900")
WB = dict(BASELINE["wellbeing_assessments"][0], assessment_date="2019-07-01")
CL = dict(BASELINE["care_leavers"][0], record_date="2020-09-30")
FB = dict(BASELINE["feedback"][0], feedback_id="F900")
ACT = dict(BASELINE["improvement_actions"][0], action_id="A900")
TGT = dict(BASELINE["targets"][0], period_end="2022-03-31")

CASES = [
    # (table, bad row, column reported, words in the rule)
    ("children", dict(KID, child_id=""), "child_id", "required"),
    ("children", dict(KID, child_id="C001"), "child_id", "duplicate"),
    ("children", dict(KID, date_of_birth=FUTURE), "date_of_birth", "future"),
    ("children", dict(KID, date_of_birth="31/02/2010"), "date_of_birth", "not a date"),
    ("children", dict(KID, sex="boy"), "sex", "must be one of"),
    ("children", dict(KID, disability="maybe"), "disability", "yes, no or unknown"),
    ("children", dict(KID, locality="Glasgow"), "locality", "localities"),
    ("looked_after_episodes", dict(EPI, episode_id="E1"), "episode_id", "duplicate"),
    ("looked_after_episodes", dict(EPI, child_id="C404"), "child_id", "not in the children"),
    ("looked_after_episodes", dict(EPI, start_date="2001-01-01", end_date=""), "start_date",
     "before the child's date of birth"),
    ("looked_after_episodes", dict(EPI, end_date="2019-02-01"), "start_date",
     "end date is before start date"),
    ("looked_after_episodes", dict(EPI, placement_type="hotel"), "placement_type", "one of"),
    ("looked_after_episodes", dict(EPI, legal_reason="court"), "legal_reason", "one of"),
    ("looked_after_episodes", dict(EPI, reason_ended="ran"), "reason_ended", "one of"),
    ("looked_after_episodes", dict(EPI, start_date=FUTURE, end_date=""), "start_date", "future"),
    ("child_protection_registrations", dict(REG, registration_id="R1"), "registration_id",
     "duplicate"),
    ("child_protection_registrations", dict(REG, child_id="C404"), "child_id", "not in the"),
    ("child_protection_registrations", dict(REG, deregistration_date="2019-01-01"),
     "registration_date", "deregistration date is before"),
    ("child_protection_registrations", dict(REG, concerns="neglect;bad_vibes"), "concerns",
     "codes from"),
    ("child_protection_registrations", dict(REG, registration_date=FUTURE,
                                            deregistration_date=""), "registration_date",
     "future"),
    ("wellbeing_assessments", dict(WB, indicator="happy"), "indicator", "one of"),
    ("wellbeing_assessments", dict(WB, score="0"), "score", "at least 1"),
    ("wellbeing_assessments", dict(WB, score="11"), "score", "above the scale"),
    ("wellbeing_assessments", dict(WB, score="6", scale_max="5"), "score", "above the scale"),
    ("wellbeing_assessments", dict(WB, scale_max="7"), "scale_max", "one of"),
    ("wellbeing_assessments", dict(WB, score="ten"), "score", "whole number"),
    ("wellbeing_assessments", dict(WB, completed_with="robot"), "completed_with", "one of"),
    ("wellbeing_assessments", dict(WB, assessment_date=FUTURE), "assessment_date", "future"),
    ("wellbeing_assessments", dict(WB, assessment_date="2008-04-01"), "assessment_date",
     "before the child's date of birth"),
    ("wellbeing_assessments", dict(WB, assessment_date="2019-06-01"), "child_id", "duplicate"),
    ("wellbeing_assessments", dict(WB, child_id="C404"), "child_id", "not in the"),
    ("care_leavers", dict(CL, record_date="2030-06-30"), "record_date", "aged 15 to 26"),
    ("care_leavers", dict(CL, ceased_looked_after_date="2018-12-01"), "ceased_looked_after_date",
     "16th birthday"),
    ("care_leavers", dict(CL, ceased_looked_after_date="2020-12-01"), "ceased_looked_after_date",
     "after the record date"),
    ("care_leavers", dict(CL, eligible_for_aftercare="N", receiving_aftercare="Y"),
     "eligible_for_aftercare", "not eligible"),
    ("care_leavers", dict(CL, eligible_for_aftercare="perhaps"), "eligible_for_aftercare",
     "yes or no"),
    ("care_leavers", dict(CL, receiving_aftercare=""), "receiving_aftercare", "required"),
    ("care_leavers", dict(CL, accommodation="tent"), "accommodation", "one of"),
    ("care_leavers", dict(CL, economic_activity="gaming"), "economic_activity", "one of"),
    ("care_leavers", dict(CL, record_date="2020-03-31"), "child_id", "duplicate"),
    ("care_leavers", dict(CL, child_id="C404"), "child_id", "not in the"),
    ("feedback", dict(FB, feedback_id="F1"), "feedback_id", "duplicate"),
    ("feedback", dict(FB, child_id="C404"), "child_id", "not in the"),
    ("feedback", dict(FB, received_date=FUTURE, action_date=""), "received_date", "future"),
    ("feedback", dict(FB, action_date="2020-01-01"), "received_date", "action date is before"),
    ("feedback", dict(FB, rating="6"), "rating", "at most 5"),
    ("feedback", dict(FB, channel="pigeon"), "channel", "one of"),
    ("feedback", dict(FB, service=""), "service", "required"),
    ("feedback", dict(FB, can_quote="sure"), "can_quote", "yes or no"),
    ("improvement_actions", dict(ACT, action_id="A1"), "action_id", "duplicate"),
    ("improvement_actions", dict(ACT, improvement_point="vibes"), "improvement_point", "one of"),
    ("improvement_actions", dict(ACT, status="done-ish"), "status", "one of"),
    ("improvement_actions", dict(ACT, owner=""), "owner", "required"),
    ("improvement_actions", dict(ACT, due_date="soon"), "due_date", "not a date"),
    ("improvement_actions", dict(ACT, indicators="lac_community_pct;made_up"), "indicators",
     "indicator catalogue"),
    ("targets", dict(TGT, indicator="made_up"), "indicator", "indicator catalogue"),
    ("targets", dict(TGT, target="lots"), "target", "not a number"),
    ("targets", dict(TGT, period_end="2021-03-31"), "indicator", "duplicate"),
]


@pytest.mark.parametrize("table,bad,column,words", CASES,
                         ids=[f"{t}-{col}-{w}" for t, _, col, w in CASES])
def test_rule_quarantines_the_bad_row_and_loads_the_rest(tmp_path, load, table, bad, column,
                                                         words):
    folder = write_baseline(tmp_path / "in", **{table: rows(table) + [bad]})
    result = load(folder)
    by_table = {f.table: f for f in result.files}
    f = by_table[table]
    assert (f.rows_read, f.rows_loaded, f.rows_quarantined) == (
        len(BASELINE[table]) + 1, len(BASELINE[table]), 1), f.message
    assert result.exit_code == 1
    others = [x for x in result.files if x.table != table]
    assert all(x.rows_quarantined == 0 for x in others), [x.message for x in others]
    report = latest_load(tmp_path / "warehouse.duckdb")
    issues = [q for q in report["quarantine"] if q["table"] == table]
    assert issues and all(q["row"] == len(BASELINE[table]) + 1 for q in issues)
    assert any(q["column"] == column and words in q["rule"] for q in issues), issues


def test_baseline_is_clean(tmp_path, load):
    result = load(write_baseline(tmp_path / "in"))
    assert result.exit_code == 0, [f.message for f in result.files]
    assert all(f.rows_quarantined == 0 for f in result.files)


def test_failures_of_coercion_and_of_range_in_one_column_are_all_reported(tmp_path, load):
    """pandera hides a column's other faults when coercion fails: we must not."""
    bad = [dict(WB, assessment_date=f"2019-0{m}-01", score=s)
           for m, s in ((7, "ten"), (8, "12"), (9, "0"), (3, "7.5"))]
    folder = write_baseline(tmp_path / "in",
                            wellbeing_assessments=rows("wellbeing_assessments") + bad)
    result = load(folder)
    f = next(x for x in result.files if x.table == "wellbeing_assessments")
    assert (f.rows_loaded, f.rows_quarantined) == (3, 4)
    issues = {q["row"]: q["rule"] for q in latest_load(tmp_path / "warehouse.duckdb")["quarantine"]}
    assert "whole number" in issues[4] and "whole number" in issues[7]
    assert "above the scale" in issues[5]
    assert "at least 1" in issues[6]


def test_a_row_breaking_two_rules_reports_both_and_counts_once(tmp_path, load):
    bad = dict(EPI, placement_type="hotel", end_date="2019-01-01")
    folder = write_baseline(tmp_path / "in",
                            looked_after_episodes=rows("looked_after_episodes") + [bad])
    result = load(folder)
    f = next(x for x in result.files if x.table == "looked_after_episodes")
    assert f.rows_quarantined == 1 and f.rows_read == f.rows_loaded + f.rows_quarantined
    rules = [q["rule"] for q in latest_load(tmp_path / "warehouse.duckdb")["quarantine"]]
    assert len(rules) == 2


def test_quarantine_never_holds_a_raw_identifier_or_birth_date(tmp_path, load):
    bad = dict(KID, child_id="RAW-ID-77", date_of_birth="2199-05-17")
    folder = write_baseline(tmp_path / "in", children=rows("children") + [bad])
    load(folder)
    text = str(latest_load(tmp_path / "warehouse.duckdb")["quarantine"])
    assert "RAW-ID-77" not in text and "2199-05-17" not in text and "withheld" in text
