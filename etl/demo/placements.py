"""Looked-after children: care spells, split into placements (looked_after_episodes).

Spells are simulated from well before the window, then thinned so that about
LAC_PER_SCALE children are looked after at a time."""

from __future__ import annotations

import numpy as np
import pandas as pd

from core import contract as c
from core.rules import CONTINUING_CARE_PLACEMENTS, RESIDENTIAL_PLACEMENTS
from etl.demo.columns import codes, frame, source_ids
from etl.demo.dates import DAYS_PER_YEAR, NO_DATE, add_years, age, iso, no_leap_day
from etl.demo.sampling import lognormal_days, pick, pick_n
from etl.demo.window import Window

LAC_PER_SCALE = 780            # children looked after at a time, at scale 1
SIM_YEARS_BEFORE = 16          # care spells are simulated from this long before the window

PT = {name: i for i, name in enumerate(c.PLACEMENT_TYPES)}
RESIDENTIAL = np.array([p in RESIDENTIAL_PLACEMENTS for p in c.PLACEMENT_TYPES])
CONTINUING_CARE = np.array([p in CONTINUING_CARE_PLACEMENTS for p in c.PLACEMENT_TYPES])
_FAMILY_CARE = [PT["kinship"], PT["foster_la"], PT["foster_purchased"]]
_AT_HOME_OR_KIN = [PT["home_with_parents"], PT["kinship"]]

# Age bands at entry (national starting ages): under 1, 1-4, 5-11, 12-15, 16-17.
ENTRY_BANDS = np.array([[0.0, 1.0], [1.0, 5.0], [5.0, 12.0], [12.0, 16.0], [16.0, 17.8]])
ENTRY_BAND_P = np.array([0.14, 0.22, 0.29, 0.31, 0.04])
# First placement by age band, in PLACEMENT_TYPES order.
ENTRY_TYPE_P = np.array([
    [.15, .25, .42, .14, 0, .04, 0, 0, 0, 0, 0, 0],
    [.33, .27, .26, .12, 0, .02, 0, 0, 0, 0, 0, 0],
    [.42, .23, .20, .09, 0, .02, .025, .015, 0, 0, 0, 0],
    [.38, .12, .10, .07, 0, .02, .18, .07, .05, .015, .01, .03],
    [.30, .10, .08, .05, 0, .08, .20, .07, .03, .02, .02, .05],
])
# Length of a care spell by its first placement: median years, spread (lognormal sigma).
SPELL_MEDIAN = np.array([1.6, 3.5, 3.0, 2.8, 1.0, 1.0, 1.6, 1.6, 1.5, 0.5, 0.2, 1.0])
SPELL_SIGMA = np.array([.75, .85, .9, .9, .5, .8, .8, .8, .7, .6, .6, .8])
# Placement changes per year looked after, by first placement.
CHANGE_RATE = np.array([.07, .11, .25, .32, .15, .40, .60, .60, .55, 1.2, 3.0, .65])
# Where a child moves to on a placement change.
_MOVES = {
    "home_with_parents": {"kinship": .35, "foster_la": .35, "foster_purchased": .1,
                          "other_community": .05, "residential_la": .1,
                          "residential_voluntary": .05},
    "kinship": {"kinship": .2, "foster_la": .45, "foster_purchased": .15, "residential_la": .12,
                "residential_voluntary": .04, "home_with_parents": .04},
    "foster_la": {"foster_la": .4, "foster_purchased": .15, "kinship": .12,
                  "prospective_adopters": .1, "residential_la": .12,
                  "residential_voluntary": .04, "residential_school": .03,
                  "home_with_parents": .04},
    "foster_purchased": {"foster_purchased": .35, "foster_la": .2, "kinship": .08,
                         "prospective_adopters": .05, "residential_la": .15,
                         "residential_voluntary": .07, "residential_school": .05, "secure": .02,
                         "home_with_parents": .03},
    "prospective_adopters": {"foster_la": .7, "foster_purchased": .3},
    "other_community": {"foster_la": .4, "kinship": .2, "home_with_parents": .2,
                        "residential_la": .2},
    "residential_la": {"residential_la": .3, "residential_voluntary": .15,
                       "residential_school": .1, "secure": .08, "foster_purchased": .2,
                       "foster_la": .07, "other_residential": .05, "home_with_parents": .05},
    "residential_voluntary": {"residential_la": .3, "residential_voluntary": .2,
                              "residential_school": .1, "secure": .08,
                              "foster_purchased": .17, "foster_la": .05,
                              "other_residential": .05, "home_with_parents": .05},
    "residential_school": {"residential_la": .3, "residential_school": .2,
                           "residential_voluntary": .2, "secure": .05, "foster_purchased": .1,
                           "other_residential": .05, "home_with_parents": .1},
    "secure": {"residential_la": .35, "residential_voluntary": .25, "residential_school": .25,
               "other_residential": .1, "foster_purchased": .05},
    "crisis_care": {"foster_la": .4, "foster_purchased": .2, "residential_la": .25,
                    "kinship": .15},
    "other_residential": {"residential_la": .4, "residential_voluntary": .2,
                          "foster_purchased": .2, "home_with_parents": .1,
                          "other_residential": .1},
}
MOVES = np.array([[_MOVES[a].get(b, 0.0) for b in c.PLACEMENT_TYPES] for a in c.PLACEMENT_TYPES])


def spells_for(rng, child, dob, start) -> pd.DataFrame:
    """Care spells for given children and start dates: first placement and natural length."""
    band = np.clip(np.searchsorted(ENTRY_BANDS[:, 1], age(dob, start), side="right"), 0, 4)
    first = pick(rng, ENTRY_TYPE_P[band])
    natural = start + lognormal_days(rng, SPELL_MEDIAN[first], SPELL_SIGMA[first])
    end = _end_by_age(rng, dob, start, natural)
    return pd.DataFrame({"child": child, "dob": dob, "start": start, "end": end,
                         "first_type": first})


def _end_by_age(rng, dob, start, natural) -> np.ndarray:
    """Nobody is looked after past 18; many teenagers leave between 16 and 18."""
    b16, b18 = add_years(dob, 16), add_years(dob, 18) - 1
    leave = b16 + (rng.random(len(dob)) ** 0.9 * 730).astype(np.int64)
    end = np.minimum(natural, b18)
    teen = (start < b16) & (end > b16)
    end = np.where(teen, np.minimum(end, leave), end)
    return np.maximum(end, start + 1)


def _primary_spells(rng, n: int, lo: int, hi: int) -> pd.DataFrame:
    start = rng.integers(lo, hi, n)
    band = pick_n(rng, ENTRY_BAND_P, n)
    years = ENTRY_BANDS[band, 0] + rng.random(n) * (ENTRY_BANDS[band, 1] - ENTRY_BANDS[band, 0])
    dob = no_leap_day(start - (years * DAYS_PER_YEAR).astype(np.int64))
    return spells_for(rng, np.arange(n), dob, start)


def _adoptions(rng, sp: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Spells of young children in family care that end in adoption, and the day of the
    move to prospective adopters."""
    start, end = sp["start"].to_numpy(), sp["end"].to_numpy()
    young = age(sp["dob"].to_numpy(), start) < 3
    adopt = (young & np.isin(sp["first_type"], _FAMILY_CARE) & (end - start > 500)
             & (rng.random(len(sp)) < 0.3))
    a_spell = np.flatnonzero(adopt)
    return a_spell, end[a_spell] - rng.integers(180, 400, len(a_spell))


def _change_events(rng, sp: pd.DataFrame) -> pd.DataFrame:
    """Placement-change dates within each spell (sorted), and which are forced adoptions."""
    start, end = sp["start"].to_numpy(), sp["end"].to_numpy()
    dur = end - start
    moves = rng.poisson(CHANGE_RATE[sp["first_type"]] * dur / DAYS_PER_YEAR)
    k = np.where(dur < 14, 0, np.minimum(moves, 9))
    spell = np.repeat(np.arange(len(sp)), k)
    t = start[spell] + 2 + (rng.random(len(spell)) * (dur[spell] - 4)).astype(np.int64)
    a_spell, a_t = _adoptions(rng, sp)
    adopt_at = np.full(len(sp), NO_DATE)
    adopt_at[a_spell] = a_t
    keep = t < adopt_at[spell] - 3                     # the move to adopters comes last
    ev = pd.DataFrame({"spell": np.concatenate([spell[keep], a_spell]),
                       "t": np.concatenate([t[keep], a_t]),
                       "forced": np.concatenate([np.zeros(keep.sum(), bool),
                                                 np.ones(len(a_spell), bool)])})
    ev = ev.sort_values(["spell", "t"], kind="stable").reset_index(drop=True)
    gap = ev["t"].diff().fillna(999).to_numpy()
    same = ev["spell"].diff().fillna(1).to_numpy() == 0
    return ev.loc[~same | (gap >= 3)].reset_index(drop=True)


def _move_types(rng, sp: pd.DataFrame, ev: pd.DataFrame) -> np.ndarray:
    """The placement each change moves to, chained from the previous placement."""
    pos = ev.groupby("spell", sort=False).cumcount().to_numpy()
    spell, forced = ev["spell"].to_numpy(), ev["forced"].to_numpy()
    age_at = age(sp["dob"].to_numpy()[spell], ev["t"].to_numpy())
    current = sp["first_type"].to_numpy().copy()
    out = np.empty(len(ev), dtype=np.int64)
    for p in range(pos.max() + 1 if len(pos) else 0):
        idx = np.flatnonzero(pos == p)
        probs = MOVES[current[spell[idx]]].copy()
        probs[np.ix_(age_at[idx] < 6, RESIDENTIAL)] *= 0.05   # few young children in residential
        probs[age_at[idx] >= 6, PT["prospective_adopters"]] = 0.0
        probs[probs.sum(axis=1) == 0, PT["foster_la"]] = 1.0
        nxt = pick(rng, probs)
        nxt[forced[idx]] = PT["prospective_adopters"]
        out[idx] = nxt
        current[spell[idx]] = nxt
    return out


def _placements(rng, sp: pd.DataFrame) -> pd.DataFrame:
    """Split care spells into placement rows: each change ends one row and starts the next."""
    ev = _change_events(rng, sp)
    ev_type = _move_types(rng, sp, ev)
    n_seg = np.bincount(ev["spell"], minlength=len(sp)) + 1
    first = np.concatenate([[0], np.cumsum(n_seg)[:-1]])
    total = n_seg.sum()
    start, end, ptype = (np.empty(total, np.int64) for _ in range(3))
    start[first] = sp["start"].to_numpy()
    ptype[first] = sp["first_type"].to_numpy()
    pos = ev.groupby("spell", sort=False).cumcount().to_numpy()
    at = first[ev["spell"].to_numpy()] + pos
    gap = (rng.random(len(ev)) < 0.4).astype(np.int64)      # next day, or the same day
    end[at] = ev["t"].to_numpy()
    start[at + 1] = ev["t"].to_numpy() + gap
    ptype[at + 1] = ev_type
    last = first + n_seg - 1
    end[last] = sp["end"].to_numpy()
    seg_spell = np.repeat(np.arange(len(sp)), n_seg)
    final = np.zeros(total, bool)
    final[last] = True
    next_start = np.append(start[1:], NO_DATE)
    return pd.DataFrame({"spell": seg_spell, "child": sp["child"].to_numpy()[seg_spell],
                         "dob": sp["dob"].to_numpy()[seg_spell], "start": start, "end": end,
                         "type": ptype, "final": final, "next_start": next_start})


def _final_reasons(rng, ep: pd.DataFrame) -> np.ndarray:
    """Why each placement ended: a change, or how the care spell ended."""
    n = len(ep)
    r = {name: i for i, name in enumerate(c.REASONS_ENDED)}
    ptype, age_at = ep["type"].to_numpy(), age(ep["dob"].to_numpy(), ep["end"].to_numpy())
    u = rng.random(n)
    reason = np.full(n, r["returned_home"])
    reason[(ptype == PT["kinship"]) & (u < 0.45)] = r["kinship_care_order"]
    reason[~np.isin(ptype, _AT_HOME_OR_KIN) & (u < 0.15)] = r["kinship_care_order"]
    reason[u > 0.88] = r["other"]
    leaver = age_at >= 16
    v = rng.random(n)
    reason[leaver] = np.where(v[leaver] < 0.5, r["moved_on_to_independence"],
                              np.where(v[leaver] < 0.82, r["returned_home"], r["other"]))
    cc = leaver & CONTINUING_CARE[ptype] & (rng.random(n) < 0.28)
    reason[cc] = r["continuing_care"]
    reason[ptype == PT["prospective_adopters"]] = r["adopted"]
    return np.where(ep["final"].to_numpy(), reason, r["placement_change"])


def _reentries(rng, ep: pd.DataFrame) -> pd.DataFrame:
    """Some children who went home come back into care months or years later."""
    last = ep.loc[ep["final"]]
    went_home = (last["reason"].to_numpy() == c.REASONS_ENDED.index("returned_home"))
    young = age(last["dob"].to_numpy(), last["end"].to_numpy()) < 15
    back = went_home & young & (rng.random(len(last)) < 0.18)
    rows = last.loc[back]
    start = rows["end"].to_numpy() + rng.integers(60, 1000, len(rows))
    return spells_for(rng, rows["child"].to_numpy(), rows["dob"].to_numpy(), start)


def _with_reasons(rng, sp: pd.DataFrame) -> pd.DataFrame:
    ep = _placements(rng, sp)
    ep["reason"] = _final_reasons(rng, ep)
    return ep


def looked_after_on(ep: pd.DataFrame, days: np.ndarray) -> np.ndarray:
    """Boolean matrix: placement row i is current on day j."""
    return ((ep["start"].to_numpy()[:, None] <= days[None, :])
            & (ep["end"].to_numpy()[:, None] >= days[None, :]))


def _calibrate(rng, ep: pd.DataFrame, win: Window, target: float) -> np.ndarray:
    """Children kept so that about `target` are looked after at each snapshot."""
    days = np.concatenate([win.quarter_ends, win.snapshots])
    on = looked_after_on(ep, days)
    per_child = np.zeros(ep["child"].max() + 1)
    np.add.at(per_child, ep["child"].to_numpy(), on.sum(axis=1))
    mean = per_child.sum() / len(days)
    keep = rng.random(len(per_child)) < min(1.0, target / max(mean, 1.0))
    return keep


def looked_after(rng, win: Window, scale: float) -> pd.DataFrame:
    """Every placement row of every child kept, with its reason ended and legal reason.

    Spells starting in the year after the quarter end are simulated too, so that the
    child protection registrations that come before them are there; generate() drops
    them once those are drawn."""
    lo, hi = win.start - SIM_YEARS_BEFORE * 365, win.qend + 365
    n = int(LAC_PER_SCALE * scale * (SIM_YEARS_BEFORE + win.years + 1) / 1.7) + 50
    sp = _primary_spells(rng, n, lo, hi)
    ep = _with_reasons(rng, sp)
    again = _reentries(rng, ep)
    ep2 = _with_reasons(rng, again)
    ep2["spell"] += len(sp)
    ep = pd.concat([ep, ep2], ignore_index=True)
    ep = ep.loc[ep["start"] < hi].reset_index(drop=True)
    keep = _calibrate(rng, ep, win, LAC_PER_SCALE * scale)
    ep = ep.loc[keep[ep["child"].to_numpy()]].reset_index(drop=True)
    ep["legal"] = _legal_reasons(rng, ep)
    return ep


def _legal_reasons(rng, ep: pd.DataFrame) -> np.ndarray:
    lr = {name: i for i, name in enumerate(c.LEGAL_REASONS)}
    spell_u = rng.random(ep["spell"].max() + 1)[ep["spell"].to_numpy()]
    legal = pick(rng, np.broadcast_to([.25, .57, .08, .05, .05], (len(ep), 5)), spell_u)
    ptype = ep["type"].to_numpy()
    legal[ptype == PT["home_with_parents"]] = lr["compulsory_supervision_order"]
    adopters = ptype == PT["prospective_adopters"]
    legal[adopters] = np.where(rng.random(adopters.sum()) < 0.7, lr["permanence_order"],
                               lr["compulsory_supervision_order"])
    legal[RESIDENTIAL[ptype] & (legal == lr["permanence_order"])] = (
        lr["compulsory_supervision_order"])
    return legal


def episodes_frame(ep: pd.DataFrame, ids: pd.Series, win: Window) -> pd.DataFrame:
    """looked_after_episodes as written: placements current in the window."""
    ep = ep.loc[(ep["end"] >= win.keep_from) & (ep["start"] <= win.qend)].copy()
    ep["child_id"] = source_ids(ids, ep["child"])
    ep = ep.sort_values(["child_id", "start"], kind="stable").reset_index(drop=True)
    open_ = np.where(ep["final"], ep["end"] > win.qend, ep["next_start"] > win.qend)
    reasons = codes(c.REASONS_ENDED, ep["reason"])
    reasons[open_] = ""
    return frame({
        "episode_id": [f"LAC{i:07d}" for i in range(100_001, 100_001 + len(ep))],
        "child_id": ep["child_id"], "start_date": iso(ep["start"]),
        "end_date": iso(np.where(open_, NO_DATE, ep["end"])),
        "placement_type": codes(c.PLACEMENT_TYPES, ep["type"]),
        "legal_reason": codes(c.LEGAL_REASONS, ep["legal"]),
        "reason_ended": reasons})

