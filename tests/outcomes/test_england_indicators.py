"""England's own indicators (DfE's measures from the SSDA903 return), each checked at the
synthetic return's year (to 31 March 2018) against a figure worked out here from the CSV
files with plain csv and datetime, not with the code under test; and empty for a Scottish
warehouse, whose own figures these views leave alone.

Definitions (core/catalogue.py, etl/sql/15_placement_stability.sql and
45_care_leavers_england.sql): DfE, "Stability measures for children looked after in
England" (three or more placements during the year; under 16, looked after 2.5+ years,
same carer 2+ years) and "Children looked after in England including adoptions" (care
leavers now aged 17 to 18 and 19 to 21: in touch, in education, employment or training,
in suitable accommodation; died and returned home for 6+ months left out).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict

import pytest

from core.catalogue import BY_ID, for_country, for_point
from outcomes.query import indicators
from outcomes.query.db import Warehouse
from outcomes.query.filters import Filters
from tests.conftest import real_data
from tests.etl.test_ssda903 import YEAR_END, clean_episodes, day, rows

YEAR_START = dt.date(2017, 4, 1)
ENGLAND_ONLY = ("placements_three_plus_pct", "long_term_stability_pct",
                "leavers_in_touch_17_18_pct", "leavers_in_touch_19_21_pct",
                "leavers_eet_17_18_pct", "leavers_eet_19_21_pct",
                "leavers_suitable_accommodation_17_18_pct",
                "leavers_suitable_accommodation_19_21_pct", "review_participation_pct")
SHORT_BREAKS = ("V3", "V4")
NEW_CARER = ("S", "P", "B")                      # RNE: a new period of care or new carers
ADOPTION = ("A3", "A4", "A5", "A6")              # PLACE: placed for adoption
# DfE's OC3 code sets (the technical specification's lists)
IN_TOUCH = {"YES", "NO", "DIED", "REFU", "NREQ", "RHOM"}
ACTIV = {"F1", "P1", "F2", "P2", "F3", "P3", "F4", "P4", "F5", "P5", "G4", "G5", "G6", "0"}
EET = ACTIV - {"G4", "G5", "G6", "0"}
ACCOM = set("B1 B2 C1 C2 D1 D2 E1 E2 G1 G2 H1 H2 K1 K2 R1 R2 S2 T1 T2 U1 U2 V1 V2 W1 W2 "
            "X2 Y1 Y2 Z1 Z2 0".split())


@pytest.fixture(scope="module")
def wh903(tmp_path_factory, settings):
    from etl.load import run_load
    england = dataclasses.replace(settings, country="england", localities=("Testshire",))
    db = tmp_path_factory.mktemp("e903") / "wh.duckdb"
    run_load([real_data("ssda903-synthetic")], db, england, demo=True)
    return Warehouse(db)


def dfe_year(wh, indicator_id: str) -> tuple[int, int] | None:
    """(numerator, denominator) for the SSDA903 year to 31 March 2018, as pages read it."""
    frame = indicators.raw_series(wh, indicator_id, Filters(start=YEAR_END, end=YEAR_END),
                                  period_type="ssda903_year")
    if frame.empty:
        return None
    return int(frame["numerator"].iloc[0]), int(frame["denominator"].iloc[0])


def age_on(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def episodes_by_child():
    """Each child's loaded episodes (short breaks left out), in order of their start."""
    out = defaultdict(list)
    for e in clean_episodes(real_data("ssda903-synthetic")):
        if e["LS"] not in SHORT_BREAKS:
            out[e["CHILD"]].append(e)
    return {c: sorted(eps, key=lambda e: day(e["DECOM"])) for c, eps in out.items()}


def follows(eps, i) -> bool:
    """Whether episode i starts on the day the child's previous episode ended."""
    return i > 0 and eps[i - 1]["DEC"] == eps[i]["DECOM"]


def open_on(e, d) -> bool:
    return day(e["DECOM"]) <= d and (not e["DEC"] or day(e["DEC"]) > d)


def hand_three_plus():
    n = d = 0
    for eps in episodes_by_child().values():
        if not any(open_on(e, YEAR_END) for e in eps):
            continue
        d += 1
        placements = 0
        for i, e in enumerate(eps):
            if day(e["DECOM"]) > YEAR_END or (e["DEC"] and day(e["DEC"]) <= YEAR_START):
                continue                                    # not in the year
            first = placements == 0
            new_carer = not follows(eps, i) or e["RNE"] in NEW_CARER
            placements += 1 if (first or new_carer) else 0
        n += placements >= 3
    return n, d


def chain_start(eps, i, keeps) -> int:
    """Index of the first episode of the chain ending at i: back while each episode
    follows the one before and its RNE is in `keeps`."""
    while follows(eps, i) and eps[i]["RNE"] in keeps:
        i -= 1
    return i


def hand_long_term():
    born = {h["CHILD"]: day(h["DOB"]) for h in rows(real_data("ssda903-synthetic"), "header.csv")}
    cared_since = dt.date(2015, 9, 30)            # 31 March 2018 less 2.5 years
    same_since = dt.date(2016, 3, 31)             # 31 March 2018 less 2 years
    n = d = 0
    for child, eps in episodes_by_child().items():
        now = [i for i, e in enumerate(eps) if open_on(e, YEAR_END)]
        if not now or age_on(born[child], YEAR_END) >= 16:
            continue
        i = now[0]
        period = chain_start(eps, i, {"L", "T", "U", "P", "B"})
        if day(eps[period]["DECOM"]) > cared_since:
            continue
        d += 1
        carer = chain_start(eps, i, {"L", "T", "U"})
        since = carer
        if eps[i]["PLACE"] in ADOPTION and eps[carer]["PLACE"] in ADOPTION \
                and carer > period:                  # adopters new to the child
            since = chain_start(eps, carer - 1, {"L", "T", "U"})
        n += day(eps[since]["DECOM"]) <= same_since
    return n, d


def oc3_cohort():
    """OC3 rows as DfE counts them in the year: valid codes, a 17th-21st birthday in the
    year (validator rule 391), a child in the header; died or returned home left out."""
    folder = real_data("ssda903-synthetic")
    header = {h["CHILD"] for h in rows(folder, "header.csv")}
    out = []
    for r in rows(folder, "oc3.csv"):
        born = day(r["DOB"])
        ages = [a for a in range(17, 22)
                if YEAR_START <= dt.date(born.year + a, born.month,
                                         min(born.day, 28 if born.month == 2 else 31))
                <= YEAR_END]
        if (r["IN_TOUCH"] in IN_TOUCH and r["ACTIV"] in ACTIV and r["ACCOM"] in ACCOM
                and ages and r["CHILD"] in header and r["IN_TOUCH"] not in ("DIED", "RHOM")):
            out.append((ages[0], r))
    return out


def hand_leavers(lo: int, hi: int, counts) -> tuple[int, int] | None:
    group = [r for age, r in oc3_cohort() if lo <= age <= hi]
    return (sum(1 for r in group if counts(r)), len(group)) if group else None


def hand_reviews():
    """Reviews in the year of children 4 or over (PN0 out) whose code fits their age
    (validator rules 440, 441), once per child and date; PN1-PN6 took part."""
    folder = real_data("ssda903-synthetic")
    header = {h["CHILD"] for h in rows(folder, "header.csv")}
    seen, n, d = set(), 0, 0
    for r in rows(folder, "reviews.csv"):
        when, born, code = day(r["REVIEW"]), day(r["DOB"]), r["REVIEW_CODE"]
        if code not in {f"PN{i}" for i in range(8)} or r["CHILD"] not in header:
            continue
        under_4 = age_on(born, when) < 4
        if (code == "PN0") != under_4 or when > dt.date.today() or when < born:
            continue
        if (r["CHILD"], when) in seen:
            continue
        seen.add((r["CHILD"], when))
        if code != "PN0" and YEAR_START <= when <= YEAR_END:
            d += 1
            n += code != "PN7"
    return n, d


HAND = {
    "placements_three_plus_pct": hand_three_plus,
    "long_term_stability_pct": hand_long_term,
    "leavers_in_touch_17_18_pct": lambda: hand_leavers(17, 18, lambda r: r["IN_TOUCH"] == "YES"),
    "leavers_in_touch_19_21_pct": lambda: hand_leavers(19, 21, lambda r: r["IN_TOUCH"] == "YES"),
    "leavers_eet_17_18_pct": lambda: hand_leavers(17, 18, lambda r: r["ACTIV"] in EET),
    "leavers_eet_19_21_pct": lambda: hand_leavers(19, 21, lambda r: r["ACTIV"] in EET),
    "leavers_suitable_accommodation_17_18_pct":
        lambda: hand_leavers(17, 18, lambda r: r["ACCOM"].endswith("1")),
    "leavers_suitable_accommodation_19_21_pct":
        lambda: hand_leavers(19, 21, lambda r: r["ACCOM"].endswith("1")),
    "review_participation_pct": hand_reviews,
}


@pytest.mark.parametrize("indicator_id", ENGLAND_ONLY)
def test_each_england_indicator_matches_a_hand_count_for_the_year(wh903, indicator_id):
    expected = HAND[indicator_id]()
    assert dfe_year(wh903, indicator_id) == expected
    if indicator_id.endswith("19_21_pct"):
        assert expected is None         # the synthetic OC3 holds no one aged 19 to 21
    else:
        assert expected[0] > 0 and expected[1] > expected[0], expected


def test_the_hand_counts_are_not_trivial():
    # each measure's cohort is big enough that a wrong rule shows in the figure
    assert hand_three_plus()[1] > 1000 and hand_three_plus()[0] > 100
    assert hand_long_term()[1] > 50
    assert len(oc3_cohort()) >= 20


def test_whole_years_read_the_countrys_year(wh903, tiny_db):
    got = indicators.whole_years(wh903, "placements_three_plus_pct", threshold=1,
                                 country="england").data
    assert list(got["year"]) == ["2015-16", "2016-17", "2017-18"]
    assert tuple(got[["numerator", "denominator"]].iloc[-1]) == hand_three_plus()
    scot = indicators.whole_years(Warehouse(tiny_db), "lac_community_pct", threshold=1).data
    assert list(scot["year"]) == ["2018-19"]                 # 31 July 2019
    assert indicators.year_period("scotland") == "clas_year"
    assert indicators.year_period("england") == "ssda903_year"


def test_a_scottish_warehouse_has_no_england_figures(tiny_db):
    wh = Warehouse(tiny_db)
    everything = Filters(start=dt.date(1900, 1, 1), end=dt.date(9999, 12, 31))
    for ind in ENGLAND_ONLY:
        for kind in ("quarter", "clas_year", "ssda903_year"):
            assert indicators.raw_series(wh, ind, everything, period_type=kind).empty, ind


def test_england_indicators_are_shown_to_english_partnerships_only():
    assert {i.id for i in for_country("england")} >= set(ENGLAND_ONLY)
    assert not {i.id for i in for_country("scotland")} & set(ENGLAND_ONLY)
    assert [i.id for i in for_point("care_leavers")] == [
        i.id for i in for_point("care_leavers", "scotland")]
    assert "placements_three_plus_pct" in {i.id for i in for_point("corporate_parenting",
                                                                   "england")}
    assert "review_participation_pct" in {i.id for i in for_point("voice", "england")}
    for ind in ENGLAND_ONLY:
        entry = BY_ID[ind]
        assert entry.countries == ("england",) and entry.caveats, ind
        assert entry.official_twin or ind == "review_participation_pct", ind
