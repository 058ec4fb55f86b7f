"""SSDA903 OC3, reviews and missing files into care_leavers (and DfE's own OC3 codes in
care_leaver_outcomes), review_participation and missing_episodes.

OC3 has no record date or leaving date: DfE collects it for young people whose 17th to
21st birthday falls in the collection year (validator rule 391), so the record date is
that birthday, and the date they ceased to be looked after comes from the return's
episodes (their last episode's DEC). A young person without either is quarantined from
care_leavers; care_leaver_outcomes (DfE's codes, for DfE's measures) needs only the
record date.
"""

from __future__ import annotations

import pandas as pd

from etl.ssda903.codes import code_set
from etl.ssda903.episodes import _overlaps
from etl.ssda903.rows import Problems, contract_frame, uk_date

OC3_AGES = (17, 18, 19, 20, 21)


def _iso(dates: pd.Series) -> pd.Series:
    return dates.dt.strftime("%Y-%m-%d").fillna("")


def _birthday_in_year(dob: pd.Series, year_end: pd.Timestamp) -> pd.Series:
    """The 17th to 21st birthday that falls in the year to `year_end` (NaT if none)."""
    year_start = year_end - pd.DateOffset(years=1) + pd.Timedelta(days=1)
    out = pd.Series(pd.NaT, index=dob.index, dtype="datetime64[us]")
    for age in OC3_AGES:
        day = (dob + pd.DateOffset(years=age)).astype("datetime64[us]")
        out = out.where(out.notna() | ~day.between(year_start, year_end), day)
    return out


def oc3(frame: pd.DataFrame, ceased: pd.Series, year_end: pd.Timestamp | None):
    """oc3 -> care_leavers and care_leaver_outcomes. `ceased`: CHILD -> the date the
    child's last episode in the return ended (children still looked after are absent)."""
    found = Problems(frame)
    for col in ("IN_TOUCH", "ACTIV", "ACCOM"):
        found.codes(col, blank_ok=False)
    if year_end is None:
        record = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[us]")
        found.add(pd.Series(True, index=frame.index), "DOB",
                  "the collection year is not known (no episodes file with this OC3 file): "
                  "the care leaver's record date cannot be set", ("CHILD",))
    else:
        record = _birthday_in_year(uk_date(frame["DOB"]), year_end)
        found.add(record.isna() & uk_date(frame["DOB"]).notna(), "DOB",
                  f"young person was not 17, 18, 19, 20 or 21 during the collection year to "
                  f"{year_end:%d/%m/%Y} (validator rule 391)", ("DOB", "CHILD"))
    # DfE's own OC3 codes need no leaving date: the young people the council returned are
    # DfE's cohort, whether or not this return's episodes reach back to their leaving care
    # (most 19 to 21 year olds left before the year the episodes file covers)
    for_outcomes = list(found.issues)
    left = frame["CHILD"].map(ceased)
    found.add(left.isna(), "CHILD", "no episode in the return's episodes file shows when "
              "this young person ceased to be looked after (their last episode has no DEC, "
              "or there is none)", ("CHILD",))
    touch = code_set("IN_TOUCH")
    leavers = contract_frame("care_leavers", {
        "child_id": frame["CHILD"], "record_date": _iso(record),
        "ceased_looked_after_date": _iso(left),
        "eligible_for_aftercare": pd.Series("yes", index=frame.index),
        "receiving_aftercare": touch.ours(frame["IN_TOUCH"], "receiving"),
        "in_touch": touch.ours(frame["IN_TOUCH"]),
        "accommodation": code_set("ACCOM").ours(frame["ACCOM"]),
        "economic_activity": code_set("ACTIV").ours(frame["ACTIV"]),
    }, frame.index)
    outcomes = contract_frame("care_leaver_outcomes", {
        "child_id": frame["CHILD"], "record_date": _iso(record),
        "in_touch_code": frame["IN_TOUCH"], "activity_code": frame["ACTIV"],
        "accommodation_code": frame["ACCOM"],
        "accommodation_suitable": code_set("ACCOM").ours(frame["ACCOM"], "suitable"),
    }, frame.index)
    return [(leavers, "care_leavers"), (outcomes, "care_leaver_outcomes", for_outcomes)], \
        found, []


def _age(dob: pd.Series, day: pd.Series) -> pd.Series:
    years = day.dt.year - dob.dt.year
    before = (day.dt.month < dob.dt.month) | ((day.dt.month == dob.dt.month)
                                              & (day.dt.day < dob.dt.day))
    return years - before.astype(int)


def reviews(frame: pd.DataFrame):
    """reviews -> review_participation (PN0 under 4: not counted; PN7: did not take part)."""
    found = Problems(frame)
    found.codes("REVIEW_CODE", blank_ok=False)
    age = _age(uk_date(frame["DOB"]), uk_date(frame["REVIEW"]))
    code = frame["REVIEW_CODE"].str.strip()
    found.add((code == "PN0") & (age >= 4), "REVIEW_CODE",
              "participation code PN0 says the child was under 4 at the review, but DOB "
              "and REVIEW say 4 or over (validator rule 440)", ("REVIEW_CODE", "REVIEW", "DOB"))
    found.add(code.isin([f"PN{i}" for i in range(1, 8)]) & (age < 4), "REVIEW_CODE",
              "participation code says the child was 4 or over at the review, but DOB and "
              "REVIEW say under 4 (validator rule 441)", ("REVIEW_CODE", "REVIEW", "DOB"))
    out = contract_frame("review_participation", {
        "child_id": frame["CHILD"], "review_date": frame["REVIEW"],
        "participation_code": code,
        "participated": code_set("REVIEW_CODE").ours(frame["REVIEW_CODE"]),
    }, frame.index)
    return [(out, "review_participation")], found, []


def missing(frame: pd.DataFrame):
    """missing -> missing_episodes (M missing, A away without authorisation)."""
    found = Problems(frame)
    found.codes("MISSING", blank_ok=False)
    start, end = uk_date(frame["MIS_START"]), uk_date(frame["MIS_END"])
    found.add(_overlaps(frame["CHILD"], start, end), "MIS_START",
              "missing or away periods overlap: this one starts before the child's previous "
              "one ended (validator rule 574)", ("CHILD", "MIS_START", "MIS_END"))
    out = contract_frame("missing_episodes", {
        "child_id": frame["CHILD"], "kind": code_set("MISSING").ours(frame["MISSING"]),
        "start_date": frame["MIS_START"], "end_date": frame["MIS_END"],
    }, frame.index)
    return [(out, "missing_episodes")], found, []
