"""The synthetic partnership (etl/demo/): contract-shaped, calibrated, deterministic.

Everything is checked from the files as written, read back with pandas, the
way a partner's export would be.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from core import contract as c
from core.rules import RESIDENTIAL_PLACEMENTS
from etl.demo import CSV_FILES, WORKBOOK, generate, last_complete_quarter_end

AS_AT = dt.date(2026, 9, 30)
QEND = pd.Timestamp(2026, 9, 30)
SNAPSHOT = pd.Timestamp(2026, 7, 31)          # 31 July of the last complete CLAS year
YEAR_START = pd.Timestamp(2025, 8, 1)
OPEN = pd.Timestamp(2200, 1, 1)
ENCODING = {"feedback": "cp1252", "child_protection_registrations": "utf-8-sig"}
DATE_FORMAT = {"care_leavers": "%d/%m/%Y"}
DATES = {t.name: [col.name for col in t.columns if col.kind == c.DATE]
         for t in c.TABLES.values()}
PLANNED = {"due_date", "period_end"}           # plan dates may lie in the future


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("demo")
    generate(path, scale=1.0, as_at=AS_AT, bad_rows=False)
    return path


def read(out: Path, table: str) -> pd.DataFrame:
    if table in ("improvement_actions", "targets"):
        return pd.read_excel(out / WORKBOOK, sheet_name=table, dtype=object, engine="openpyxl")
    return pd.read_csv(out / CSV_FILES[table], dtype=str, keep_default_na=False,
                       encoding=ENCODING.get(table, "utf-8"))


@pytest.fixture(scope="module")
def tables(out) -> dict[str, pd.DataFrame]:
    return {t: read(out, t) for t in c.TABLES}


def dates(df: pd.DataFrame, col: str, table: str = "") -> pd.Series:
    """A date column parsed; empty cells (open episodes) as a far-future date."""
    if table in ("improvement_actions", "targets"):                 # real Excel dates
        return pd.to_datetime(df[col])
    text = df[col].replace("", "2200-01-01" if table not in DATE_FORMAT else "01/01/2200")
    return pd.to_datetime(text, format=DATE_FORMAT.get(table, "%Y-%m-%d"))


@pytest.fixture(scope="module")
def episodes(tables) -> pd.DataFrame:
    ep = tables["looked_after_episodes"]
    return ep.assign(start=dates(ep, "start_date"), end=dates(ep, "end_date"))


@pytest.fixture(scope="module")
def dob(tables) -> pd.Series:
    ch = tables["children"]
    return pd.Series(pd.to_datetime(ch["date_of_birth"]).to_numpy(), index=ch["child_id"])


def birthdays(dob: pd.Series, ids: pd.Series, years: int) -> pd.Series:
    born = pd.Series(dob.reindex(ids.to_numpy()).to_numpy(), index=ids.index)
    return born + pd.DateOffset(years=years)


def age_at(dob: pd.Series, ids: pd.Series, when) -> pd.Series:
    born = pd.Series(dob.reindex(ids.to_numpy()).to_numpy(), index=ids.index)
    return (pd.Series(when, index=ids.index) - born).dt.days / 365.25


# --------------------------------------------------------------------------- shape

def test_quarter_end_is_the_last_complete_quarter():
    assert last_complete_quarter_end(dt.date(2026, 9, 30)) == dt.date(2026, 9, 30)
    assert last_complete_quarter_end(dt.date(2026, 9, 29)) == dt.date(2026, 6, 30)
    assert last_complete_quarter_end(dt.date(2027, 1, 1)) == dt.date(2026, 12, 31)
    assert last_complete_quarter_end(dt.date(2024, 2, 29)) == dt.date(2023, 12, 31)
    assert last_complete_quarter_end() <= dt.date.today()


def test_writes_every_contract_table_with_its_columns(out, tables):
    assert sorted(p.name for p in out.iterdir()) == sorted([*CSV_FILES.values(), WORKBOOK])
    assert pd.ExcelFile(out / WORKBOOK, engine="openpyxl").sheet_names == [
        "improvement_actions", "targets"]
    for name, spec in c.TABLES.items():
        df = tables[name]
        assert len(df) > 0, name
        assert set(spec.required) <= set(df.columns), name
        assert list(df.columns) == spec.column_names, name


def test_identifiers_are_unique_and_children_exist(tables):
    children = set(tables["children"]["child_id"])
    assert tables["children"]["child_id"].is_unique
    assert tables["children"]["child_id"].str.fullmatch(r"C\d{7}").all()
    for name in c.CHILD_TABLES:
        ids = tables[name]["child_id"]
        assert set(ids[ids != ""]) <= children, name
    for name, key in (("looked_after_episodes", "episode_id"),
                      ("child_protection_registrations", "registration_id"),
                      ("feedback", "feedback_id"), ("improvement_actions", "action_id")):
        assert tables[name][key].is_unique, name
    wb = tables["wellbeing_assessments"]
    assert not wb.duplicated(["child_id", "assessment_date", "indicator"]).any()
    assert not tables["care_leavers"].duplicated(["child_id", "record_date"]).any()


def test_codes_are_the_contracts(tables):
    for name, spec in c.TABLES.items():
        for col in spec.columns:
            if col.kind == c.CODE and col.name in tables[name]:
                values = tables[name][col.name].astype(str).str.lower()
                allowed = set(col.codes) | set(col.aliases) | {""}
                assert set(values) <= allowed, (name, col.name, set(values) - allowed)
    concerns = tables["child_protection_registrations"]["concerns"].str.split(";").explode()
    assert set(concerns) <= set(c.CONCERNS)


def test_localities_differ_in_size_with_hamilton_and_east_kilbride_biggest(tables):
    counts = tables["children"]["locality"].value_counts()
    assert set(counts.index) == {"Clydesdale", "East Kilbride", "Hamilton",
                                 "Rutherglen & Cambuslang"}
    assert set(counts.index[:2]) == {"Hamilton", "East Kilbride"}


def test_all_dates_on_or_before_the_last_complete_quarter(tables):
    for name, cols in DATES.items():
        for col in cols:
            if col in PLANNED:
                continue
            parsed = dates(tables[name], col, name)
            assert (parsed[parsed < OPEN] <= QEND).all(), (name, col)


def test_history_is_six_years_or_from_the_year_before_the_inspection_baseline(tables,
                                                                              episodes):
    # baseline 2019-12-31: history runs from 2019 Q1, more than six years before QEND
    quarter_ends = pd.date_range(start="2019-03-31", end=QEND, freq="QE")
    assert len(quarter_ends) >= 24
    records = dates(tables["care_leavers"], "record_date", "care_leavers")
    assert sorted(records.unique()) == list(quarter_ends)
    received = dates(tables["feedback"], "received_date")
    assert set(received.dt.to_period("Q")) == set(quarter_ends.to_period("Q"))
    for q in quarter_ends:
        on = episodes[(episodes["start"] <= q) & (episodes["end"] >= q)]
        assert 600 < on["child_id"].nunique() < 1000, q


def test_file_formats_exercise_the_readers(out):
    raw = {name: (out / file).read_bytes() for name, file in CSV_FILES.items()}
    assert raw["child_protection_registrations"].startswith(b"\xef\xbb\xbf")
    text = raw["feedback"].decode("cp1252")
    assert not text.isascii()
    with pytest.raises(UnicodeDecodeError):
        raw["feedback"].decode("utf-8")
    assert any(ch in text for ch in "£é’")
    first = raw["care_leavers"].decode("utf-8").splitlines()[1]
    assert first.split(",")[1].count("/") == 2                  # 31/12/2020
    spellings = set()
    for name, cols in (("care_leavers", ["eligible_for_aftercare", "pathway_plan"]),
                       ("feedback", ["told_child_outcome", "can_quote"])):
        df = pd.read_csv(out / CSV_FILES[name], dtype=str, keep_default_na=False,
                         encoding=ENCODING.get(name, "utf-8"))
        for col in cols:
            spellings |= set(df[col])
    assert {"Y", "N", "1", "0", "Yes", "No", "TRUE", "FALSE"} <= spellings


def test_feedback_comments_are_children_s_own_words(tables):
    comments = tables["feedback"]["comment"]
    assert comments.nunique() >= 60
    joined = "\n".join(comments.unique())
    for fragment in ("07700 900123", "@example.com", "<b>", "**", "Karen"):
        assert fragment in joined
    assert comments.str.match(r"[=+]").any()
    assert (tables["feedback"]["child_id"] == "").mean() > 0.05     # some anonymous


# --------------------------------------------------------------------------- calibration

def test_about_780_looked_after_on_31_july(episodes):
    on = episodes[(episodes["start"] <= SNAPSHOT) & (episodes["end"] >= SNAPSHOT)]
    assert 780 * 0.85 <= on["child_id"].nunique() <= 780 * 1.15


def test_chn9_balance_of_care(episodes):
    on = episodes[(episodes["start"] <= SNAPSHOT) & (episodes["end"] >= SNAPSHOT)]
    residential = on[on["placement_type"].isin(RESIDENTIAL_PLACEMENTS)]["child_id"].nunique()
    total = on["child_id"].nunique()
    assert 86 <= 100 * (total - residential) / total <= 94


def test_chn23_more_than_one_placement_in_the_year(episodes):
    year = episodes[(episodes["start"] <= SNAPSHOT) & (episodes["end"] >= YEAR_START)]
    placements = year.groupby("child_id").size()
    assert 9 <= 100 * (placements > 1).mean() <= 22


def test_chn22_reregistrations_within_18_months(tables):
    cp = tables["child_protection_registrations"]
    cp = cp.assign(reg=dates(cp, "registration_date"), dereg=dates(cp, "deregistration_date"))
    recent = cp[(cp["reg"] > SNAPSHOT - pd.DateOffset(years=3)) & (cp["reg"] <= SNAPSHOT)]
    pairs = recent.reset_index().merge(cp[["child_id", "dereg"]], on="child_id",
                                       suffixes=("", "_before"))
    again = pairs[(pairs["dereg_before"] < pairs["reg"])
                  & (pairs["reg"] - pairs["dereg_before"] <= pd.Timedelta(days=548))]
    assert 3 <= 100 * again["index"].nunique() / len(recent) <= 14


def test_child_protection_register_and_concerns(tables):
    cp = tables["child_protection_registrations"]
    cp = cp.assign(reg=dates(cp, "registration_date"), dereg=dates(cp, "deregistration_date"))
    for q in pd.date_range(end=QEND, periods=24, freq="QE"):
        on = cp[(cp["reg"] <= q) & (cp["dereg"] > q)]["child_id"].nunique()
        assert 100 <= on <= 200, q
    ended = cp[cp["dereg"] < OPEN]
    months = (ended["dereg"] - ended["reg"]).dt.days / 30.44
    assert ((months >= 6) & (months < 12)).mean() > 0.5
    common = cp["concerns"].str.split(";").explode().value_counts().index[:4]
    assert set(common) == {"domestic_abuse", "neglect", "parental_substance_use",
                           "parental_mental_health"}


def test_children_are_0_to_17_while_looked_after(episodes, dob):
    start_age = age_at(dob, episodes["child_id"], episodes["start"])
    assert (start_age >= 0).all()
    closed = episodes[episodes["end"] < OPEN]
    assert (closed["end"] < birthdays(dob, closed["child_id"], 18)).all()


def test_care_leavers_left_at_16_or_over_and_get_aftercare_only_if_eligible(tables, dob):
    cl = tables["care_leavers"]
    ceased = dates(cl, "ceased_looked_after_date", "care_leavers")
    record = dates(cl, "record_date", "care_leavers")
    assert (ceased >= birthdays(dob, cl["child_id"], 16)).all()
    assert (ceased <= record).all()
    assert (record < birthdays(dob, cl["child_id"], 27)).all()
    eligible, receiving = cl["eligible_for_aftercare"] == "Y", cl["receiving_aftercare"] == "Y"
    assert not (receiving & ~eligible).any()
    assert 0.40 <= receiving[eligible].mean() <= 0.60
    latest = record == record.max()
    assert 0.40 <= receiving[eligible & latest].mean() <= 0.60


def test_care_leavers_do_worse_over_time(tables):
    cl = tables["care_leavers"]
    record = dates(cl, "record_date", "care_leavers")
    first, last = record.dt.year == record.dt.year.min(), record.dt.year == record.dt.year.max()
    homeless = cl["accommodation"] == "homeless"
    neet = cl["economic_activity"] == "not_in_education_employment_or_training"
    assert homeless[last].mean() > homeless[first].mean() + 0.03
    assert neet[last].mean() > neet[first].mean() + 0.05
    assert (cl["accommodation"] == "unknown").any()


def test_continuing_care_for_about_a_quarter_of_eligible_leavers(episodes, dob):
    ended = episodes[episodes["reason_ended"].isin(
        ["returned_home", "kinship_care_order", "continuing_care", "moved_on_to_independence",
         "other"])]
    at_16 = ended["end"] >= birthdays(dob, ended["child_id"], 16)
    eligible = ended[at_16 & ended["placement_type"].isin(
        ["kinship", "foster_la", "foster_purchased", "residential_la", "residential_voluntary",
         "residential_school", "other_residential"])]
    assert 0.18 <= (eligible["reason_ended"] == "continuing_care").mean() <= 0.38


def test_placement_changes_follow_on_the_same_or_next_day(episodes):
    ep = episodes.sort_values(["child_id", "start"])
    nxt = ep.groupby("child_id")["start"].shift(-1)
    changed = ep["reason_ended"] == "placement_change"
    assert changed.any()
    gap = (nxt[changed] - ep.loc[changed, "end"]).dt.days
    assert gap.isin([0, 1]).all()
    assert (ep.loc[ep["end_date"] == "", "reason_ended"] == "").all()


def test_wellbeing_improves_for_most_and_some_go_unassessed(tables, episodes):
    wb = tables["wellbeing_assessments"]
    assert (wb.groupby(["child_id", "assessment_date"]).size() == 8).all()
    score, top = wb["score"].astype(int), wb["scale_max"].astype(int)
    assert ((score >= 1) & (score <= top)).all()
    assert set(top) == {5, 10} and (top == 10).mean() > 0.6
    wb = wb.assign(frac=score / top, date=dates(wb, "assessment_date"))
    mean = wb.groupby(["child_id", "date"])["frac"].mean().reset_index().sort_values("date")
    ends = mean.groupby("child_id")["frac"].agg(["first", "last", "size"])
    ends = ends[ends["size"] > 1]
    assert 0.60 <= (ends["last"] > ends["first"]).mean() <= 0.85
    current = episodes.loc[episodes["end_date"] == "", "child_id"].unique()
    last = mean.groupby("child_id")["date"].max().reindex(current)
    recent = (last > QEND - pd.Timedelta(days=365)).mean()
    assert 0.6 < recent < 0.97                                    # a gap to show


def test_voice_is_heard_less_for_under_fives_and_disabled_children(tables, episodes, dob):
    year = episodes[(episodes["start"] <= SNAPSHOT) & (episodes["end"] >= YEAR_START)]
    kids = pd.DataFrame({"child_id": year["child_id"].unique()})
    fb = tables["feedback"]
    received = dates(fb, "received_date")
    heard = set(fb.loc[(received >= YEAR_START) & (received <= SNAPSHOT), "child_id"])
    kids["heard"] = kids["child_id"].isin(heard)
    under5 = age_at(dob, kids["child_id"], SNAPSHOT) < 5
    disabled = kids["child_id"].map(
        tables["children"].set_index("child_id")["disability"]) == "Yes"
    others = kids.loc[~under5 & ~disabled, "heard"].mean()
    assert kids.loc[under5, "heard"].mean() < others - 0.15
    assert kids.loc[disabled, "heard"].mean() < others - 0.1


def test_voice_coverage_improves_and_the_chain_shrinks(tables):
    fb = tables["feedback"]
    received = dates(fb, "received_date")
    first = fb.loc[received.dt.year == 2021, "child_id"]
    last = fb.loc[received.dt.year == 2025, "child_id"]
    assert last[last != ""].nunique() > first[first != ""].nunique()
    acted = (fb["action_taken"] != "").mean()
    told = (fb["told_child_outcome"] == "Yes").mean()
    used = (fb["used_in_planning"] == "Yes").mean()
    assert 1 > acted > told > used > 0.1
    action = dates(fb, "action_date")
    assert (action[action < OPEN] >= received[action < OPEN]).all()


def test_action_plan_and_targets(tables):
    ia, targets = tables["improvement_actions"], tables["targets"]
    assert 16 <= len(ia) <= 24
    assert {"corporate_parenting", "care_leavers", "data_and_outcomes",
            "voice"} <= set(ia["improvement_point"])
    due = pd.to_datetime(ia["due_date"])
    assert (due < pd.Timestamp(AS_AT)).any() and (due > pd.Timestamp(AS_AT)).any()
    overdue = (due < pd.Timestamp(AS_AT)) & (ia["status"] != "complete")
    assert overdue.any() and {"at_risk", "off_track"} <= set(ia["status"])
    assert 4 <= len(targets) <= 20
    period_end = pd.to_datetime(targets["period_end"])
    assert (period_end.dt.is_quarter_end | ((period_end.dt.month == 7)
                                            & (period_end.dt.day == 31))).all()


# --------------------------------------------------------------------------- determinism

def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path):
    a = generate(tmp_path / "a", scale=0.3, as_at=AS_AT, seed=11)
    b = generate(tmp_path / "b", scale=0.3, as_at=AS_AT, seed=11)
    other = generate(tmp_path / "c", scale=0.3, as_at=AS_AT, seed=12)
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]
    csvs = slice(0, len(CSV_FILES))
    assert all(x.read_bytes() != y.read_bytes() for x, y in zip(a[csvs], other[csvs]))


def test_regenerating_replaces_the_previous_files(tmp_path):
    generate(tmp_path, scale=0.3, as_at=AS_AT, bad_rows=True)
    (tmp_path / "keep.txt").write_text("not the demo's")
    paths = generate(tmp_path, scale=0.2, as_at=AS_AT, bad_rows=False)
    assert {p.name for p in paths} | {"keep.txt"} == {p.name for p in tmp_path.iterdir()}


# --------------------------------------------------------------------------- bad rows

def test_bad_rows_are_few_and_break_rules(tmp_path, tables):
    generate(tmp_path, scale=1.0, as_at=AS_AT, bad_rows=True)
    bad = {t: read(tmp_path, t) for t in c.TABLES}
    children = bad["children"]
    assert children["child_id"].duplicated().any()
    assert not children["locality"].isin(tables["children"]["locality"].unique()).all()
    known = set(children["child_id"])
    assert not bad["feedback"]["child_id"].replace("", None).dropna().isin(known).all()
    ep = bad["looked_after_episodes"]
    closed = ep[ep["end_date"] != ""]
    assert (closed["end_date"] < closed["start_date"]).any()        # ISO text sorts as dates
    wb = bad["wellbeing_assessments"]
    assert (pd.to_numeric(wb["score"]) > pd.to_numeric(wb["scale_max"])).any()
    cl = bad["care_leavers"]
    assert ((cl["receiving_aftercare"] == "Y") & (cl["eligible_for_aftercare"] == "N")).any()
    assert (cl["record_date"] == "31/02/2024").any()
    for name in CSV_FILES:
        extra = abs(len(bad[name]) - len(tables[name]))
        broken = extra or (bad[name] != tables[name]).any(axis=1).sum()
        assert 3 <= broken <= max(3, 0.005 * len(tables[name])), name
