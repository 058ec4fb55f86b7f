"""A synthetic partnership: contract files that look like South Lanarkshire's.

`generate()` writes the eight contract tables for a made-up partnership of
about 780 looked-after children (at scale 1), calibrated to the published
LGBF series for South Lanarkshire (CHN9 about 90%, CHN22 about 6-10%, CHN23
about 12-18%) and to the national children's social work statistics
(placement mix, ages, aftercare 49%, continuing care 29%). It carries the
patterns the dashboard must be able to show: care leavers doing worse over
time, wellbeing improving for most looked-after children, children's views
heard unevenly and acted on less and less along the chain.

The files exercise the real readers: UTF-8, UTF-8 with a BOM and
Windows-1252; ISO and UK day-first dates; every yes/no spelling; a workbook
with two sheets; and, with `bad_rows`, a few rows that break the contract.

Everything is drawn from one seed (numpy's default_rng), so the same seed,
scale and as-at date give byte-identical files. Dates are handled as int64
day numbers (days since 1970-01-01) so that the national-size run (scale 20)
stays vectorised.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from etl import contract as c
from etl.settings import Settings, load_settings

YEARS = 6                      # years of quarterly history, at least (see Window.build)
LAC_PER_SCALE = 780            # children looked after at a time, at scale 1
CP_PER_SCALE = 150             # children on the child protection register at a time
SIM_YEARS_BEFORE = 16          # care spells are simulated from this long before the window
DAY = 365.25

CSV_FILES = {t: f"{t}.csv" for t in ("children", "looked_after_episodes",
                                     "child_protection_registrations",
                                     "wellbeing_assessments", "care_leavers", "feedback")}
WORKBOOK = "action_plan.xlsx"
FILES = (*CSV_FILES.values(), WORKBOOK)

_EPOCH = dt.date(1970, 1, 1)
_NA = np.iinfo(np.int64).max   # an open date (no end yet)
_PT = {name: i for i, name in enumerate(c.PLACEMENT_TYPES)}
_RESIDENTIAL = np.array([p in c.RESIDENTIAL_PLACEMENTS for p in c.PLACEMENT_TYPES])
_CC_ELIGIBLE = np.array([p in ("kinship", "foster_la", "foster_purchased", "residential_la",
                               "residential_voluntary", "residential_school",
                               "other_residential") for p in c.PLACEMENT_TYPES])


# --------------------------------------------------------------------------- dates

def _day(d: dt.date) -> int:
    return (d - _EPOCH).days


def _date(n: int) -> dt.date:
    return _EPOCH + dt.timedelta(days=int(n))


def _month_end(year: int, month: int) -> dt.date:
    first_next = dt.date(year + month // 12, month % 12 + 1, 1)
    return first_next - dt.timedelta(days=1)


def last_complete_quarter_end(as_at: dt.date | None = None) -> dt.date:
    """The end of the last calendar quarter that is complete on `as_at` (today by default)."""
    as_at = as_at or dt.date.today()
    end = _month_end(as_at.year, (as_at.month - 1) // 3 * 3 + 3)
    if end <= as_at:
        return end
    return dt.date(as_at.year, (as_at.month - 1) // 3 * 3 + 1, 1) - dt.timedelta(days=1)


def _quarter_ends(qend: dt.date, n: int) -> list[dt.date]:
    """The n quarter ends up to and including qend, oldest first."""
    out, y, m = [], qend.year, qend.month
    for _ in range(n):
        out.append(_month_end(y, m))
        y, m = (y, m - 3) if m > 3 else (y - 1, m + 9)
    return out[::-1]


def _add_years(days: np.ndarray, years) -> np.ndarray:
    """Day numbers moved on by whole years (birthdays); no 29 February is ever generated."""
    d = np.asarray(days, dtype=np.int64).astype("datetime64[D]")
    month = d.astype("datetime64[M]")
    dom = (d - month.astype("datetime64[D]")).astype(np.int64)
    return (month + np.asarray(years) * 12).astype("datetime64[D]").astype(np.int64) + dom


def _no_leap_day(days: np.ndarray) -> np.ndarray:
    d = days.astype("datetime64[D]")
    month = d.astype("datetime64[M]")
    leap = ((month.astype(np.int64) % 12) == 1) & ((d - month.astype("datetime64[D]"))
                                                    .astype(np.int64) == 28)
    return days - leap


def _age(dob: np.ndarray, on: np.ndarray) -> np.ndarray:
    """Age in years (fractional, good enough for bands and probabilities)."""
    return (on - dob) / DAY


def _date_text(days, fmt: str) -> np.ndarray:
    """Dates as text in `fmt`; open or missing dates (the _NA sentinel) as ''.

    Formatted once per distinct day: a few thousand, even at national size."""
    days = np.asarray(days, dtype=np.int64)
    uniq, inverse = np.unique(days, return_inverse=True)
    text = np.array(["" if d == _NA else _date(d).strftime(fmt) for d in uniq], dtype=object)
    return text[inverse]


def _iso(days) -> np.ndarray:
    return _date_text(days, "%Y-%m-%d")


def _uk(days) -> np.ndarray:
    return _date_text(days, "%d/%m/%Y")


@dataclass(frozen=True)
class Window:
    """The years the demo covers, as day numbers: six, or from the start of the year
    before the inspection baseline if that is earlier, so that "since the
    inspection" always has its baseline quarter and the year before it."""
    qend: int                  # last complete quarter end
    start: int                 # first day of the first quarter
    keep_from: int             # 1 August on or before `start` (a whole CLAS year)
    quarter_ends: np.ndarray   # 24 quarter ends, oldest first
    snapshots: np.ndarray      # 31 July snapshots within the window
    baseline: int              # the inspection baseline (trends are measured from it)

    @classmethod
    def build(cls, as_at: dt.date, baseline: dt.date) -> Window:
        qend = last_complete_quarter_end(as_at)
        since_baseline = (qend.year - baseline.year + 1) * 4 + (qend.month - 12) // 3
        ends = _quarter_ends(qend, max(YEARS * 4, since_baseline))
        start = _day(_quarter_ends(ends[0], 2)[0]) + 1
        first = _date(start)
        clas = dt.date(first.year if first >= dt.date(first.year, 8, 1) else first.year - 1, 8, 1)
        snaps = [_day(dt.date(y, 7, 31)) for y in range(first.year, qend.year + 1)
                 if start <= _day(dt.date(y, 7, 31)) <= _day(qend)]
        return cls(_day(qend), start, _day(clas), np.array([_day(d) for d in ends]),
                   np.array(snaps), _day(baseline))

    @property
    def years(self) -> float:
        return len(self.quarter_ends) / 4

    @property
    def quarter_starts(self) -> np.ndarray:
        return np.concatenate([[self.start], self.quarter_ends[:-1] + 1])

    def years_since_baseline(self, days: np.ndarray) -> np.ndarray:
        return (np.asarray(days) - self.baseline) / DAY


# --------------------------------------------------------------------------- sampling

def _pick(rng: np.random.Generator, probs: np.ndarray, u: np.ndarray | None = None) -> np.ndarray:
    """One category per row of `probs` (rows need not be normalised), or per draw of a 1-D p."""
    probs = np.atleast_2d(np.asarray(probs, dtype=float))
    cum = np.cumsum(probs, axis=1)
    cum /= cum[:, -1:]
    n = len(u) if u is not None else probs.shape[0]
    u = rng.random(n) if u is None else u
    return np.minimum((u[:, None] >= cum).sum(axis=1), probs.shape[1] - 1)


def _pick_n(rng, p, n) -> np.ndarray:
    return _pick(rng, np.broadcast_to(np.asarray(p, dtype=float), (n, len(p))))


def _lognormal_days(rng, median_years: np.ndarray, sigma: np.ndarray) -> np.ndarray:
    years = median_years * np.exp(sigma * rng.standard_normal(len(median_years)))
    return np.maximum(1, np.rint(years * DAY)).astype(np.int64)


def _sticky_u(rng, person: np.ndarray, n_people: int, wobble: float = 0.15) -> np.ndarray:
    """Uniforms that persist per person from row to row (so snapshots do not churn)."""
    base = rng.random(n_people)[person]
    return (base + wobble * rng.random(len(person))) % 1.0


def _logistic(x):
    return 1.0 / (1.0 + np.exp(-x))


def _locality_weights(localities: tuple[str, ...]) -> np.ndarray:
    known = {"Hamilton": 0.31, "East Kilbride": 0.27, "Rutherglen & Cambuslang": 0.22,
             "Clydesdale": 0.20}
    fallback = np.linspace(1.4, 0.8, len(localities))
    w = np.array([known.get(loc, fallback[i] / len(localities))
                  for i, loc in enumerate(localities)])
    return w / w.sum()


# --------------------------------------------------------------------------- care spells
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


def _spells_for(rng, child, dob, start) -> pd.DataFrame:
    """Care spells for given children and start dates: first placement and natural length."""
    age = _age(dob, start)
    band = np.clip(np.searchsorted(ENTRY_BANDS[:, 1], age, side="right"), 0, 4)
    first = _pick(rng, ENTRY_TYPE_P[band])
    natural = start + _lognormal_days(rng, SPELL_MEDIAN[first], SPELL_SIGMA[first])
    end = _end_by_age(rng, dob, start, natural)
    return pd.DataFrame({"child": child, "dob": dob, "start": start, "end": end,
                         "first_type": first})


def _end_by_age(rng, dob, start, natural) -> np.ndarray:
    """Nobody is looked after past 18; many teenagers leave between 16 and 18."""
    b16, b18 = _add_years(dob, 16), _add_years(dob, 18) - 1
    leave = b16 + (rng.random(len(dob)) ** 0.9 * 730).astype(np.int64)
    end = np.minimum(natural, b18)
    teen = (start < b16) & (end > b16)
    end = np.where(teen, np.minimum(end, leave), end)
    return np.maximum(end, start + 1)


def _primary_spells(rng, n: int, lo: int, hi: int) -> pd.DataFrame:
    start = rng.integers(lo, hi, n)
    band = _pick_n(rng, ENTRY_BAND_P, n)
    years = ENTRY_BANDS[band, 0] + rng.random(n) * (ENTRY_BANDS[band, 1] - ENTRY_BANDS[band, 0])
    dob = _no_leap_day(start - (years * DAY).astype(np.int64))
    return _spells_for(rng, np.arange(n), dob, start)


def _change_events(rng, sp: pd.DataFrame) -> pd.DataFrame:
    """Placement-change dates within each spell (sorted), and which are forced adoptions."""
    start, end = sp["start"].to_numpy(), sp["end"].to_numpy()
    dur = end - start
    moves = rng.poisson(CHANGE_RATE[sp["first_type"]] * dur / DAY)
    k = np.where(dur < 14, 0, np.minimum(moves, 9))
    spell = np.repeat(np.arange(len(sp)), k)
    t = start[spell] + 2 + (rng.random(len(spell)) * (dur[spell] - 4)).astype(np.int64)
    young = _age(sp["dob"].to_numpy(), start) < 3
    adopt = (young & np.isin(sp["first_type"], [1, 2, 3]) & (dur > 500)
             & (rng.random(len(sp)) < 0.3))
    a_spell = np.flatnonzero(adopt)
    a_t = end[a_spell] - rng.integers(180, 400, len(a_spell))
    adopt_at = np.full(len(sp), _NA)
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
    age = _age(sp["dob"].to_numpy()[spell], ev["t"].to_numpy())
    current = sp["first_type"].to_numpy().copy()
    out = np.empty(len(ev), dtype=np.int64)
    for p in range(pos.max() + 1 if len(pos) else 0):
        idx = np.flatnonzero(pos == p)
        probs = MOVES[current[spell[idx]]].copy()
        probs[age[idx] < 6, 6:] *= 0.05                      # few young children in residential
        probs[age[idx] >= 6, _PT["prospective_adopters"]] = 0.0
        probs[probs.sum(axis=1) == 0, _PT["foster_la"]] = 1.0
        nxt = _pick(rng, probs)
        nxt[forced[idx]] = _PT["prospective_adopters"]
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
    next_start = np.append(start[1:], _NA)
    return pd.DataFrame({"spell": seg_spell, "child": sp["child"].to_numpy()[seg_spell],
                         "dob": sp["dob"].to_numpy()[seg_spell], "start": start, "end": end,
                         "type": ptype, "final": final, "next_start": next_start})


def _final_reasons(rng, ep: pd.DataFrame) -> np.ndarray:
    """Why each placement ended: a change, or how the care spell ended."""
    n = len(ep)
    r = {name: i for i, name in enumerate(c.REASONS_ENDED)}
    ptype, age = ep["type"].to_numpy(), _age(ep["dob"].to_numpy(), ep["end"].to_numpy())
    u = rng.random(n)
    reason = np.full(n, r["returned_home"])
    reason[(ptype == _PT["kinship"]) & (u < 0.45)] = r["kinship_care_order"]
    reason[~np.isin(ptype, [0, 1]) & (u < 0.15)] = r["kinship_care_order"]
    reason[u > 0.88] = r["other"]
    leaver = age >= 16
    v = rng.random(n)
    reason[leaver] = np.where(v[leaver] < 0.5, r["moved_on_to_independence"],
                              np.where(v[leaver] < 0.82, r["returned_home"], r["other"]))
    cc = leaver & _CC_ELIGIBLE[ptype] & (rng.random(n) < 0.28)
    reason[cc] = r["continuing_care"]
    reason[ptype == _PT["prospective_adopters"]] = r["adopted"]
    return np.where(ep["final"].to_numpy(), reason, r["placement_change"])


def _reentries(rng, sp: pd.DataFrame, ep: pd.DataFrame) -> pd.DataFrame:
    """Some children who went home come back into care months or years later."""
    last = ep.loc[ep["final"]]
    went_home = (last["reason"].to_numpy() == c.REASONS_ENDED.index("returned_home"))
    young = _age(last["dob"].to_numpy(), last["end"].to_numpy()) < 15
    back = went_home & young & (rng.random(len(last)) < 0.18)
    rows = last.loc[back]
    start = rows["end"].to_numpy() + rng.integers(60, 1000, len(rows))
    return _spells_for(rng, rows["child"].to_numpy(), rows["dob"].to_numpy(), start)


def _with_reasons(rng, sp: pd.DataFrame) -> pd.DataFrame:
    ep = _placements(rng, sp)
    ep["reason"] = _final_reasons(rng, ep)
    return ep


def _looked_after_on(ep: pd.DataFrame, days: np.ndarray) -> np.ndarray:
    """Boolean matrix: placement row i is current on day j."""
    return ((ep["start"].to_numpy()[:, None] <= days[None, :])
            & (ep["end"].to_numpy()[:, None] >= days[None, :]))


def _calibrate(rng, ep: pd.DataFrame, win: Window, target: float) -> np.ndarray:
    """Children kept so that about `target` are looked after at each snapshot."""
    days = np.concatenate([win.quarter_ends, win.snapshots])
    on = _looked_after_on(ep, days)
    per_child = np.zeros(ep["child"].max() + 1)
    np.add.at(per_child, ep["child"].to_numpy(), on.sum(axis=1))
    mean = per_child.sum() / len(days)
    keep = rng.random(len(per_child)) < min(1.0, target / max(mean, 1.0))
    return keep


def _looked_after(rng, win: Window, scale: float) -> pd.DataFrame:
    """Every placement row of every child kept, with its reason ended and legal reason.

    Spells starting in the year after the quarter end are simulated too, so that the
    child protection registrations that come before them are there; generate() drops
    them once those are drawn."""
    lo, hi = win.start - SIM_YEARS_BEFORE * 365, win.qend + 365
    n = int(LAC_PER_SCALE * scale * (SIM_YEARS_BEFORE + win.years + 1) / 1.7) + 50
    sp = _primary_spells(rng, n, lo, hi)
    ep = _with_reasons(rng, sp)
    again = _reentries(rng, sp, ep)
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
    legal = _pick(rng, np.broadcast_to([.25, .57, .08, .05, .05], (len(ep), 5)), spell_u)
    ptype = ep["type"].to_numpy()
    legal[ptype == _PT["home_with_parents"]] = lr["compulsory_supervision_order"]
    adopters = ptype == _PT["prospective_adopters"]
    legal[adopters] = np.where(rng.random(adopters.sum()) < 0.7, lr["permanence_order"],
                               lr["compulsory_supervision_order"])
    legal[_RESIDENTIAL[ptype] & (legal == lr["permanence_order"])] = (
        lr["compulsory_supervision_order"])
    return legal


# --------------------------------------------------------------------------- child protection
CP_AGE_BANDS = np.array([[0, 28 / DAY], [28 / DAY, 1], [1, 5], [5, 11], [11, 16], [16, 17.5]])
CP_AGE_P = np.array([0.07, 0.15, 0.30, 0.30, 0.16, 0.02])
CONCERN_P = np.array([.46, .40, .33, .34, .18, .15, .05, .03, .03, .03, .05])


def _cp_independent(rng, n: int, lo: int, hi: int, first_child: int) -> pd.DataFrame:
    """Registrations of children who need not become looked after, with some earlier ones."""
    reg = rng.integers(lo, hi, n)
    band = _pick_n(rng, CP_AGE_P, n)
    lo_age, hi_age = CP_AGE_BANDS[band, 0], CP_AGE_BANDS[band, 1]
    years = lo_age + rng.random(n) * (hi_age - lo_age)
    dob = _no_leap_day(reg - (years * DAY).astype(np.int64))
    child = first_child + np.arange(n)
    dereg = np.minimum(reg + _register_days(rng, n), _add_years(dob, 18) - 1)
    main = pd.DataFrame({"child": child, "dob": dob, "reg": reg, "dereg": dereg})
    return pd.concat([main, _earlier_registrations(rng, main)], ignore_index=True)


def _register_days(rng, n: int) -> np.ndarray:
    """Time on the register: mostly 6 to 12 months."""
    return _lognormal_days(rng, np.full(n, 0.72), np.full(n, 0.42))


def _earlier_registrations(rng, main: pd.DataFrame) -> pd.DataFrame:
    """Earlier registrations: within 18 months (so a re-registration) or longer ago."""
    u = rng.random(len(main))
    n = len(main)
    gap = np.where(u < 0.15, rng.integers(20, 540, n), rng.integers(600, 1500, n))
    has = u < 0.19
    dereg = main["reg"].to_numpy() - gap
    reg = dereg - _lognormal_days(rng, np.full(len(main), 0.6), np.full(len(main), 0.45))
    ok = has & (reg > main["dob"].to_numpy() + 14)
    out = main.loc[ok].copy()
    out["reg"], out["dereg"] = reg[ok], dereg[ok]
    return out


def _cp_linked(rng, ep: pd.DataFrame, win: Window) -> pd.DataFrame:
    """Registrations that came before a child became looked after."""
    firsts = ep.loc[ep.groupby("spell", sort=False)["start"].idxmin().sort_values()]
    firsts = firsts.sort_values(["child", "start"], kind="stable").drop_duplicates("child")
    age = _age(firsts["dob"].to_numpy(), firsts["start"].to_numpy())
    pick = ((age > 0.15) & (age < 15) & (rng.random(len(firsts)) < 0.2)
            & (firsts["start"].to_numpy() > win.keep_from - 3 * 365))
    rows = firsts.loc[pick]
    n = len(rows)
    start, dob = rows["start"].to_numpy(), rows["dob"].to_numpy()
    reg = start - np.minimum(rng.integers(20, 240, n), start - dob - 7)
    dereg = start + rng.integers(14, 200, n)
    return pd.DataFrame({"child": rows["child"].to_numpy(), "dob": rows["dob"].to_numpy(),
                         "reg": reg, "dereg": dereg})


def _on_register(cp: pd.DataFrame, days: np.ndarray) -> np.ndarray:
    return ((cp["reg"].to_numpy()[:, None] <= days[None, :])
            & (cp["dereg"].to_numpy()[:, None] > days[None, :]))


def _child_protection(rng, ep: pd.DataFrame, win: Window, scale: float) -> pd.DataFrame:
    linked = _cp_linked(rng, ep, win)
    # Drawn on past the quarter end too, so that the earlier registrations of children
    # registered "later" keep the rate of registrations even up to the quarter end.
    lo, hi = win.keep_from - 4 * 365, win.qend + 5 * 365
    n = int(CP_PER_SCALE * scale * (hi - lo) / DAY / 0.75 * 1.6) + 20
    pool = _cp_independent(rng, n, lo, hi, int(ep["child"].max()) + 1)
    days = win.quarter_ends
    have = _on_register(linked, days).sum() / len(days)
    pool_mean = _on_register(pool, days).sum() / len(days)
    share = max(0.0, CP_PER_SCALE * scale - have) / max(pool_mean, 1.0)
    kept_children = rng.random(n) < min(1.0, share)
    pool = pool.loc[kept_children[pool["child"].to_numpy() - pool["child"].min()]]
    cp = pd.concat([linked, pool], ignore_index=True)
    cp = _in_window(cp.loc[cp["reg"] <= win.qend], win)
    cp.loc[cp["dereg"] > win.qend, "dereg"] = _NA
    cp["concerns"] = _concerns(rng, len(cp))
    return cp


def _in_window(cp: pd.DataFrame, win: Window) -> pd.DataFrame:
    """Registrations current in the window, and earlier ones that make a re-registration."""
    cp = cp.sort_values(["child", "reg"], kind="stable").reset_index(drop=True)
    next_reg = cp.groupby("child")["reg"].shift(-1).fillna(_NA).astype(np.int64)
    current = cp["dereg"] >= win.keep_from
    before_rereg = ((next_reg >= win.keep_from) & (next_reg != _NA)
                    & (next_reg - cp["dereg"] <= 548))
    cp = cp.loc[current | before_rereg]
    return cp.sort_values(["reg", "child"], kind="stable").reset_index(drop=True)


def _concerns(rng, n: int) -> np.ndarray:
    """`;`-separated concerns, at least one, the common four most often."""
    has = rng.random((n, len(c.CONCERNS))) < CONCERN_P
    none = ~has.any(axis=1)
    has[none, _pick_n(rng, CONCERN_P, int(none.sum()))] = True
    names = np.array(c.CONCERNS, dtype=object)
    return np.array([";".join(names[row]) for row in has], dtype=object)


# --------------------------------------------------------------------------- children

SEX_SPELLINGS = {"female": ("female", "F"), "male": ("male", "M"), "unknown": ("unknown", "U"),
                 "other": ("other", "X")}
ETHNICITY = {
    "White Scottish": .74, "White - other British": .07, "Scottish": .03, "Polish": .015,
    "White - Polish": .01, "White - other": .012, "Gypsy/Traveller": .006, "Pakistani": .01,
    "Indian": .004, "Chinese": .003, "African": .01, "Caribbean or Black": .003, "Mixed": .025,
    "Mixed or multiple ethnic groups": .008, "Other": .004, "Not known": .04, "": .01,
}


def _children(rng, people: pd.DataFrame, settings: Settings) -> pd.DataFrame:
    """One row per child: ids in the order they became known, like a case system's."""
    people = people.sort_values(["first_seen", "child"], kind="stable").reset_index(drop=True)
    n = len(people)
    ids = 1_000_000 + np.cumsum(rng.integers(1, 40, n))
    sex = np.array(["female", "male", "unknown", "other"])[
        _pick_n(rng, [.47, .52, .008, .002], n)]
    short = rng.random(n) < 0.12
    spelt = np.array([SEX_SPELLINGS[s][int(k)] for s, k in zip(sex, short)], dtype=object)
    disability = np.array(["Yes", "No", "Unknown"])[_pick_n(rng, [.15, .76, .09], n)]
    eth = np.array(list(ETHNICITY), dtype=object)[_pick_n(rng, list(ETHNICITY.values()), n)]
    loc = np.array(settings.localities, dtype=object)[
        _pick_n(rng, _locality_weights(settings.localities), n)]
    return pd.DataFrame({"child": people["child"].to_numpy(),
                         "child_id": np.array([f"C{i:07d}" for i in ids], dtype=object),
                         "dob": people["dob"].to_numpy(), "sex": spelt, "disability": disability,
                         "ethnicity": eth, "locality": loc})


# --------------------------------------------------------------------------- wellbeing
INDICATOR_SHIFT = np.array([.08, .05, -.07, .03, .02, 0.0, -.02, -.04])
ASSESS_EVERY = 182


def _assessment_dates(rng, spells: pd.DataFrame, win: Window) -> pd.DataFrame:
    """About every six months while looked after; some children's reviews lapse."""
    start, end = spells["start"].to_numpy(), np.minimum(spells["end"].to_numpy(), win.qend)
    first = start + rng.integers(28, 100, len(spells))
    behind = np.maximum(0, win.start - first)
    first = first + np.ceil(behind / ASSESS_EVERY).astype(np.int64) * ASSESS_EVERY
    k = np.arange(int(win.years * 2) + 3)
    dates = (first[:, None] + k[None, :] * ASSESS_EVERY
             + rng.integers(-21, 22, (len(spells), len(k))))
    lapse_p = np.where(start < win.baseline + 2 * 365, 0.22, 0.12)
    lapse = np.where(rng.random(len(spells)) < lapse_p,
                     first + (rng.random(len(spells)) * (end - first + 400)).astype(np.int64),
                     _NA)
    ok = (dates <= end[:, None]) & (dates >= win.start) & (dates < lapse[:, None])
    row, _ = np.nonzero(ok)
    return pd.DataFrame({"child": spells["child"].to_numpy()[row],
                         "dob": spells["dob"].to_numpy()[row], "date": dates[ok]})


def _wellbeing(rng, ep: pd.DataFrame, win: Window) -> pd.DataFrame:
    spells = ep.groupby("spell", sort=True).agg(child=("child", "first"), dob=("dob", "first"),
                                                start=("start", "min"), end=("end", "max"))
    spells = spells.loc[spells["end"] >= win.start]
    a = _assessment_dates(rng, spells, win).drop_duplicates(["child", "date"])
    a = a.sort_values(["child", "date"], kind="stable").reset_index(drop=True)
    kids, who = np.unique(a["child"].to_numpy(), return_inverse=True)
    m = len(kids)
    scale_max = np.where(rng.random(m) < 0.8, 10, 5)
    base = rng.normal(0.47, 0.10, m)
    improver = rng.random(m) < 0.72
    slope = np.where(improver, rng.uniform(0.05, 0.14, m), rng.uniform(-0.09, 0.0, m))
    first_date = a.groupby("child")["date"].transform("min").to_numpy()
    t = (a["date"].to_numpy() - first_date) / DAY
    level = np.clip(base[who] + slope[who] * t, 0.1, 0.95)
    n = len(a)
    child_ind = rng.normal(0, 0.06, (m, 8))
    frac = (level[:, None] + INDICATOR_SHIFT[None, :] + child_ind[who]
            + rng.normal(0, 0.06, (n, 8)))
    smax = scale_max[who]
    score = np.clip(np.rint(frac * smax[:, None]), 1, smax[:, None]).astype(np.int64)
    age = _age(a["dob"].to_numpy(), a["date"].to_numpy())
    with_p = np.where((age < 5)[:, None], [[0, .45, .3, .25]],
                      np.where((age < 10)[:, None], [[.15, .3, .2, .35]], [[.3, .1, .2, .4]]))
    completed = np.array(c.COMPLETED_WITH, dtype=object)[_pick(rng, with_p)]
    return pd.DataFrame({
        "child": np.repeat(a["child"].to_numpy(), 8), "date": np.repeat(a["date"].to_numpy(), 8),
        "indicator": np.tile(np.array(c.SHANARRI, dtype=object), n), "score": score.ravel(),
        "scale_max": np.repeat(smax, 8), "completed_with": np.repeat(completed, 8)})


# --------------------------------------------------------------------------- care leavers
_ACC = {name: i for i, name in enumerate(c.ACCOMMODATION)}
# Accommodation by age band (16-18, 19-21, 22-25), before the homeless trend is applied.
ACC_P = np.array([
    [.18, .12, 0, .12, .25, .12, 0, .02, .03, .08],
    [.15, .12, 0, .04, .15, .30, 0, .03, .03, .10],
    [.12, .12, 0, .00, .06, .40, 0, .03, .04, .15],
])
# Economic activity by age band, before the NEET trend.
ACT_P = np.array([[.38, .15, .12, .03, 0, .08], [.22, .12, .22, .03, 0, .10],
                  [.12, .08, .32, .03, 0, .14]])


def _leavers(ep: pd.DataFrame, win: Window) -> pd.DataFrame:
    """Young people whose care ended on or after their 16th birthday."""
    last = ep.loc[ep["final"] & (ep["end"] <= win.qend)]
    last = last.loc[last["end"].to_numpy() >= _add_years(last["dob"].to_numpy(), 16)]
    last = last.sort_values(["child", "end"], kind="stable").drop_duplicates("child", keep="last")
    return pd.DataFrame({"child": last["child"].to_numpy(), "dob": last["dob"].to_numpy(),
                         "ceased": last["end"].to_numpy(),
                         "cc": last["reason"].to_numpy()
                         == c.REASONS_ENDED.index("continuing_care")})


def _care_leavers(rng, ep: pd.DataFrame, win: Window) -> pd.DataFrame:
    lv = _leavers(ep, win).reset_index(drop=True)
    q = win.quarter_ends
    b26 = _add_years(lv["dob"].to_numpy(), 26)
    on = (lv["ceased"].to_numpy()[:, None] <= q[None, :]) & (b26[:, None] > q[None, :])
    person, qi = np.nonzero(on)
    rec = pd.DataFrame({"person": person, "child": lv["child"].to_numpy()[person],
                        "dob": lv["dob"].to_numpy()[person], "date": q[qi],
                        "ceased": lv["ceased"].to_numpy()[person]})
    age = _age(rec["dob"].to_numpy(), rec["date"].to_numpy())
    band = np.digitize(age, [19, 22])
    stay = rng.uniform(1.5, 5.0, len(lv))[person]
    in_cc = (lv["cc"].to_numpy()[person] & (age < 21)
             & ((rec["date"] - rec["ceased"]).to_numpy() / DAY < stay))
    rec["eligible"] = (age < 19) | (_sticky_u(rng, person, len(lv), 0.05) > 0.13)
    recv_p = np.where(in_cc, 0.9, np.array([.78, .52, .28])[band])
    rec["receiving"] = rec["eligible"] & (_sticky_u(rng, person, len(lv), 0.2) < recv_p)
    rec["accommodation"] = _accommodation(rng, rec, band, in_cc, win, len(lv))
    rec["activity"] = _activity(rng, rec, band, win, len(lv))
    _pathway(rng, rec)
    return rec


def _accommodation(rng, rec, band, in_cc, win, n_people) -> np.ndarray:
    """Homelessness among care leavers rises over the years (the pattern to show)."""
    t = win.years_since_baseline(rec["date"].to_numpy())
    p = ACC_P[band].copy()
    p[:, _ACC["homeless"]] = 0.04 + 0.014 * t
    p[~rec["receiving"].to_numpy(), _ACC["unknown"]] += 0.06
    acc = _pick(rng, p, _sticky_u(rng, rec["person"].to_numpy(), n_people))
    acc[in_cc] = _ACC["continuing_care"]
    return acc


def _activity(rng, rec, band, win, n_people) -> np.ndarray:
    """More care leavers not in education, employment or training as the years go on."""
    t = win.years_since_baseline(rec["date"].to_numpy())
    p = ACT_P[band].copy()
    p[:, 4] = 0.27 + 0.025 * t
    return _pick(rng, p, _sticky_u(rng, rec["person"].to_numpy(), n_people))


def _pathway(rng, rec: pd.DataFrame) -> None:
    n, recv = len(rec), rec["receiving"].to_numpy()
    rec["pathway_plan"] = rng.random(n) < np.where(recv, 0.86, 0.38)
    rec["coordinator"] = rng.random(n) < np.where(recv, 0.74, 0.25)
    rec["in_touch"] = rng.random(n) < np.where(recv, 0.95, 0.52)
    rec["coordinator_missing"] = rng.random(n) < 0.03
    rec["in_touch_missing"] = rng.random(n) < 0.05


# --------------------------------------------------------------------------- feedback
# (topic, who can say it, rating it suggests, the child's own words)
COMMENTS = [
    ("Contact with family", "any", 2, "I want to see my mum more than once a month."),
    ("Contact with family", "any", 4, "Contact with my gran is every Saturday now and I love it."),
    ("Contact with family", "any", 1,
     "They cancelled contact with my brother again and nobody said why."),
    ("Contact with family", "any", 3, "Contact is ok but the room at the centre is boring."),
    ("Contact with family", "any", 5,
     "I got to stay over at my dad’s for the first time. Best weekend ever."),
    ("Contact with family", "any", 2, "I miss my little sister. Can we live together?"),
    ("Contact with family", "teen", 3,
     "I want to decide myself when I see my family, I'm 15 not 5."),
    ("Being listened to", "any", 5, "My social worker actually listened to me this time."),
    ("Being listened to", "any", 1, "Nobody listens to me at my meetings."),
    ("Being listened to", "any", 2,
     "Too many adults at my review. I didn't want to talk in front of them all."),
    ("Being listened to", "any", 4, "I liked that I could write my views down before the meeting."),
    ("Being listened to", "teen", 1, "**Nobody** reads what I put in the app"),
    ("Being listened to", "any", 4, "The panel asked me what I thought and they wrote it down."),
    ("Being listened to", "teen", 3,
     "I said the same thing three times. Will anything happen this time?"),
    ("Being listened to", "any", 5, "=) happy that they let me choose my new bedroom colour"),
    ("Social worker", "any", 1,
     "I've had four social workers in two years. I'm sick of telling my story again."),
    ("Social worker", "any", 4, "My new worker is sound, she comes when she says she will."),
    ("Social worker", "any", 2, "My social worker Karen never phones back."),
    ("Social worker", "any", 3, "I don't know who my social worker is right now."),
    ("Social worker", "any", 5, "Jamie my worker helped me sort out my phone and my bus pass."),
    ("Social worker", "teen", 2, "Please don't change my worker again."),
    ("School", "school", 4, "School is better now I have a base to go to when it gets too much."),
    ("School", "school", 1, "I got excluded and nobody asked me what happened first."),
    ("School", "school", 3, "I moved school when I moved placement and I don't know anyone."),
    ("School", "school", 5, "I got a merit certificate for maths!!"),
    ("School", "school", 2, "The teachers know I'm in care and everyone else finds out."),
    ("School", "school", 4, "My guidance teacher checks in with me every Monday."),
    ("Feeling safe", "any", 5, "I feel safe here. I can sleep now."),
    ("Feeling safe", "any", 2, "I don't feel safe walking home from the bus stop."),
    ("Feeling safe", "any", 4, "The staff stayed up with me when I had bad dreams."),
    ("Feeling safe", "teen", 1, "Some of the older ones in the house scare me."),
    ("Feeling safe", "any", 5, "I like that there is always someone here at night."),
    ("Moving placement", "any", 1,
     "I had to move with two days' notice and leave my stuff behind."),
    ("Moving placement", "any", 2, "Why do I have to move when I didn't do anything wrong?"),
    ("Moving placement", "any", 4, "The move was scary but my new carers are kind."),
    ("Moving placement", "any", 3, "I got to visit the new house before I moved, that helped."),
    ("Moving placement", "any", 1, "My stuff came in bin bags <b>AGAIN</b>"),
    ("Children's house", "teen", 5, "Staff here are like family. Best place I've lived."),
    ("Children's house", "teen", 3, "The food is good but I hate the rules about phones."),
    ("Children's house", "teen", 4,
     "We went to the café in Lanark for my birthday and I picked the cake."),
    ("Children's house", "teen", 2, "Too many staff changes, I don't know who is on shift."),
    ("Health", "any", 4, "The CAMHS worker is helping me with my anxiety."),
    ("Health", "any", 1, "I've been on the CAMHS waiting list for a year."),
    ("Health", "any", 3, "I want to see the same nurse every time."),
    ("Health", "teen", 2, "Nobody explained what my medication is for."),
    ("Children's hearing", "any", 2, "The hearing was scary and I didn't understand the words."),
    ("Children's hearing", "any", 4,
     "My advocate came to the hearing with me and said what I wanted."),
    ("Children's hearing", "teen", 3, "I want to be at my hearing, not just a report."),
    ("Activities", "any", 5, "I started football at the weekend, it's brilliant. 😊"),
    ("Activities", "any", 4, "Can we go on more trips? The summer trip to Ayr was great."),
    ("Activities", "teen", 2, "There's nothing to do here at night."),
    ("Police", "teen", 2, "The police came to the house and treated me like I was the problem."),
    ("Police", "teen", 4, "The officer who came to school was nice and explained things."),
    ("Leaving care", "leaver", 2, "I'm 17 and nobody has talked to me about what happens next."),
    ("Leaving care", "leaver", 5, "I'm staying on with my carers under continuing care. Relieved."),
    ("Leaving care", "leaver", 1, "They said I had to leave at 18. I wasn't ready."),
    ("Leaving care", "leaver", 3, "My pathway plan is ok but it's all written by adults."),
    ("Leaving care", "leaver", 4, "My throughcare worker helped me fill in the college forms."),
    ("Housing", "leaver", 1, "I've been in the homeless unit for four months. It's not safe."),
    ("Housing", "leaver", 2, "My flat has no carpets and no cooker yet."),
    ("Housing", "leaver", 4, "Got the keys to my own place!! Thank you to my worker."),
    ("Housing", "leaver", 1, "Sofa surfing at my pal's. Nobody phones me back. 07700 900123"),
    ("Money", "leaver", 1, "£50 a week doesn't cover food and electric."),
    ("Money", "leaver", 2,
     "I didn't know I could get a setting-up home grant until it was too late."),
    ("Money", "leaver", 3, "+ more help with budgeting please, I ran out of money by Wednesday"),
    ("Money", "teen", 3, "My pocket money is less than my mates' and it's embarrassing."),
    ("Money", "leaver", 4, "The bursary helped me stay at college."),
    ("Other", "any", 3, "Can someone email me about my review? jay.b1999@example.com"),
    ("Other", "any", 4, "I'd like to join the champions board."),
    ("Other", "teen", 2, "Why do I need permission for a sleepover when my pals don't?"),
    ("Other", "any", 5, "Thank you to Zoé for all her help, she's the best."),
    ("Being listened to", "under5", 4, "Observed at contact: settled, played happily with mum."),
    ("Feeling safe", "under5", 5,
     "Observed: reaches for foster carer when upset and is soothed quickly."),
    ("Contact with family", "under5", 2,
     "Observed: unsettled and crying after contact, slow to settle at bedtime."),
    ("Health", "under5", 4, "Health visitor reports good weight gain, happy and babbling."),
    ("Moving placement", "under5", 3,
     "Carer reports child clingy since the move, sleeping better this week."),
    ("Being listened to", "under5", 4,
     "Drew a picture of 'my house' with carers and the dog in it."),
]
FEEDBACK_ACTIONS = {
    "Contact with family": ["Contact plan reviewed with family", "Extra sibling contact arranged",
                            "Raised at child's plan review"],
    "Being listened to": ["Review format changed to smaller meeting", "Advocacy offered",
                          "Views added to child's plan"],
    "Social worker": ["Team manager met the young person", "Worker allocated and introduced"],
    "School": ["Meeting with guidance teacher", "Support for learning plan updated"],
    "Feeling safe": ["Safety plan updated", "Raised with house manager"],
    "Moving placement": ["Matching process reviewed", "Transition plan agreed"],
    "Children's house": ["Discussed at house meeting", "House rules reviewed with young people"],
    "Health": ["Referred to school nurse", "CAMHS contacted about waiting time"],
    "Children's hearing": ["Reporter informed", "Advocacy arranged for next hearing"],
    "Activities": ["Activity funding agreed", "Added to summer programme"],
    "Police": ["Passed to police liaison officer"],
    "Leaving care": ["Pathway plan reviewed", "Continuing care discussed with carers"],
    "Housing": ["Housing options meeting held", "Referred to housing support"],
    "Money": ["Setting-up home grant paid", "Referred to money advice"],
    "Other": ["Passed to participation team"],
}
_SERVICES_COMMON = ("Education", "Health", "Police", "Children's Reporter", "Advocacy")
_HOUSES = {"Hamilton": "Blantyre", "East Kilbride": "East Kilbride", "Clydesdale": "Lanark",
           "Rutherglen & Cambuslang": "Cambuslang"}


def _voice_population(ep, cp, leavers, kids, win) -> pd.DataFrame:
    """Child-quarters in which a view could be heard: looked after, registered, or a care leaver."""
    mid = win.quarter_starts + (win.quarter_ends - win.quarter_starts) // 2
    i, qi = np.nonzero(_looked_after_on(ep, mid))
    lac = pd.DataFrame({"child": ep["child"].to_numpy()[i], "q": qi,
                        "group": np.where(ep["type"].to_numpy()[i] == 0, "home",
                                          np.where(_RESIDENTIAL[ep["type"].to_numpy()[i]],
                                                   "residential", "community"))})
    j, qj = np.nonzero(_on_register(cp, mid))
    reg = pd.DataFrame({"child": cp["child"].to_numpy()[j], "q": qj, "group": "cp"})
    qk = np.searchsorted(win.quarter_ends, leavers["date"].to_numpy())
    lv = pd.DataFrame({"child": leavers["child"].to_numpy(), "q": qk, "group": "leaver"})
    pop = pd.concat([lac, reg, lv], ignore_index=True).drop_duplicates(["child", "q"])
    pop = pop.merge(kids[["child", "dob", "disability", "locality"]], on="child", how="left")
    pop["mid"] = mid[pop["q"].to_numpy()]
    return pop.sort_values(["q", "child"], kind="stable").reset_index(drop=True)


def _heard(rng, pop: pd.DataFrame, win: Window) -> pd.DataFrame:
    """Whose views were heard: fewer for under-fives, disabled children, children at home."""
    age = _age(pop["dob"].to_numpy(), pop["mid"].to_numpy())
    t = win.years_since_baseline(pop["mid"].to_numpy())
    logit = (-1.75 + 0.2 * t - 1.5 * (age < 5) - 0.9 * (pop["disability"].to_numpy() == "Yes")
             - 0.8 * (pop["group"].to_numpy() == "home") + 0.4 * (age >= 12)
             - 0.3 * (pop["group"].to_numpy() == "leaver"))
    p = _logistic(logit)
    n = (rng.random(len(pop)) < p).astype(np.int64) + (rng.random(len(pop)) < p * 0.25)
    out = pop.loc[np.repeat(np.arange(len(pop)), n)].reset_index(drop=True)
    out["age"] = _age(out["dob"].to_numpy(), out["mid"].to_numpy())
    return out


def _anonymous(rng, n: int, win: Window, settings: Settings) -> pd.DataFrame:
    """Anonymous views from surveys and participation groups."""
    q = rng.integers(0, len(win.quarter_ends), n)
    loc = np.array(settings.localities, dtype=object)[
        _pick_n(rng, _locality_weights(settings.localities), n)]
    return pd.DataFrame({"child": -1, "q": q, "group": "anonymous", "dob": _NA,
                         "disability": "", "locality": loc, "mid": win.quarter_ends[q],
                         "age": rng.uniform(8, 20, n)})


def _services(rng, fb: pd.DataFrame) -> np.ndarray:
    n = len(fb)
    group, loc = fb["group"].to_numpy(), fb["locality"].to_numpy()
    social = np.array([f"Social work - {x}" for x in loc], dtype=object)
    house = np.array([f"Children's house - {_HOUSES.get(x, x)}" for x in loc], dtype=object)
    common = np.array(_SERVICES_COMMON, dtype=object)[_pick_n(rng, [.35, .3, .07, .13, .15], n)]
    u = rng.random(n)
    out = np.where(u < 0.5, social, common)
    out = np.where((group == "residential") & (u < 0.55), house, out)
    out = np.where((group == "leaver") & (u < 0.45), "Throughcare and aftercare", out)
    return out


def _channels(rng, fb: pd.DataFrame) -> np.ndarray:
    n = len(fb)
    ch = _pick_n(rng, [.45, .12, .15, .08, .08, .05, .07], n)
    ch[fb["service"].to_numpy() == "Advocacy"] = c.CHANNELS.index("advocacy")
    anon = fb["group"].to_numpy() == "anonymous"
    ch[anon] = np.where(rng.random(anon.sum()) < 0.6, c.CHANNELS.index("survey"),
                        c.CHANNELS.index("participation_group"))
    return np.array(c.CHANNELS, dtype=object)[ch]


def _comments(rng, fb: pd.DataFrame) -> np.ndarray:
    """A comment each, from those that fit the child's age and situation."""
    audience = np.array([a for _, a, _, _ in COMMENTS])
    age, group = fb["age"].to_numpy(), fb["group"].to_numpy()
    kind = np.select([age < 5, group == "leaver", age >= 12, age >= 5], [0, 1, 2, 3], 4)
    pools = [audience == "under5", np.isin(audience, ["any", "teen", "leaver"]),
             np.isin(audience, ["any", "teen", "school"]), np.isin(audience, ["any", "school"]),
             np.isin(audience, ["any"])]
    out = np.zeros(len(fb), dtype=np.int64)
    for k, pool in enumerate(pools):
        rows, ids = np.flatnonzero(kind == k), np.flatnonzero(pool)
        out[rows] = ids[rng.integers(0, len(ids), len(rows))]
    return out


def _feedback(rng, ep, cp, leavers, kids, win: Window, settings: Settings) -> pd.DataFrame:
    heard = _heard(rng, _voice_population(ep, cp, leavers, kids, win), win)
    fb = pd.concat([heard, _anonymous(rng, int(len(heard) * 0.15), win, settings)],
                   ignore_index=True)
    n = len(fb)
    qs, qe = win.quarter_starts[fb["q"].to_numpy()], win.quarter_ends[fb["q"].to_numpy()]
    fb["received"] = qs + (rng.random(n) * (qe - qs + 1)).astype(np.int64)
    fb["service"] = _services(rng, fb)
    fb["channel"] = _channels(rng, fb)
    which = _comments(rng, fb)
    fb["topic"] = np.array([x[0] for x in COMMENTS], dtype=object)[which]
    fb["comment"] = np.array([x[3] for x in COMMENTS], dtype=object)[which]
    suggested = np.array([x[2] for x in COMMENTS])[which]
    rating = np.clip(suggested + _pick_n(rng, [.2, .6, .2], n) - 1, 1, 5)
    no_rating = (rng.random(n) < 0.12) | (fb["age"].to_numpy() < 5)   # observed, not rated
    fb["rating"] = pd.array(rating, dtype="Int64")
    fb.loc[no_rating, "rating"] = pd.NA
    _follow_up(rng, fb, win)
    fb["can_quote"] = (rng.random(n) < np.where(fb["age"].to_numpy() < 8, 0.0, 0.42))
    return fb.sort_values(["received", "child"], kind="stable").reset_index(drop=True)


def _follow_up(rng, fb: pd.DataFrame, win: Window) -> None:
    """Heard -> acted on -> told the outcome -> used in planning: fewer at each step."""
    n = len(fb)
    t = win.years_since_baseline(fb["received"].to_numpy())
    acted = rng.random(n) < _logistic(0.35 + 0.18 * t)
    told = acted & (rng.random(n) < _logistic(0.0 + 0.15 * t))
    used = rng.random(n) < np.where(told, _logistic(-0.5 + 0.12 * t),
                                    np.where(acted, 0.1, 0.02))
    pick = rng.integers(0, 3, n)
    fb["action_taken"] = [FEEDBACK_ACTIONS[tp][k % len(FEEDBACK_ACTIONS[tp])] if a else ""
                          for tp, k, a in zip(fb["topic"], pick, acted)]
    action_date = np.minimum(fb["received"].to_numpy() + rng.integers(0, 75, n), win.qend)
    fb["action_date"] = np.where(acted, action_date, _NA)
    fb["told"], fb["used"] = told, used


# --------------------------------------------------------------------------- action plan
# (improvement point, action, owner, due date in days from as_at, status, indicators)
ACTIONS_PLAN = [
    ("corporate_parenting",
     "Corporate parenting board reviews the outcomes dashboard every quarter",
     "Chief Social Work Officer", -420, "complete", "lac_community_pct;placement_moves_pct"),
    ("corporate_parenting", "Each corporate parent agrees and publishes a corporate parenting plan",
     "Corporate Parenting Lead", -200, "on_track", "lac_community_pct"),
    ("corporate_parenting", "Reduce placement moves through a matching and stability panel",
     "Head of Children and Justice Services", -60, "off_track",
     "placement_moves_pct;lac_community_pct"),
    ("corporate_parenting", "Champions board meets elected members twice a year",
     "Corporate Parenting Lead", 120, "on_track", "voice_used_in_planning_pct"),
    ("care_leavers", "Every care leaver has a pathway plan and a named pathway coordinator",
     "Throughcare and Aftercare Team Manager", -150, "at_risk",
     "care_leavers_pathway_plan_pct;aftercare_receiving_pct"),
    ("care_leavers", "Extend continuing care to all eligible young people in foster, kinship "
     "and residential care",
     "Head of Children and Justice Services", -300, "complete", "continuing_care_pct"),
    ("care_leavers", "Care leaver housing protocol agreed with Housing Services",
     "Head of Housing Services", -90, "off_track", "care_leavers_homeless_pct"),
    ("care_leavers",
     "Employability pathway with ring-fenced modern apprenticeships for care leavers",
     "Employability Manager", 60, "at_risk", "care_leavers_eet_pct"),
    ("care_leavers", "Aftercare offered to every eligible young person up to 26",
     "Throughcare and Aftercare Team Manager", 240, "on_track", "aftercare_receiving_pct"),
    ("data_and_outcomes", "Build an outcomes dashboard for looked-after children and care leavers",
     "Performance and Intelligence Manager", -360, "complete", "data_completeness_pct"),
    ("data_and_outcomes", "Record wellbeing (SHANARRI) scores at every child's plan review",
     "Performance and Intelligence Manager", -120, "on_track",
     "wellbeing_assessed_recent_pct;wellbeing_improved_pct"),
    ("data_and_outcomes", "Data quality audit of the case recording system each quarter",
     "Performance and Intelligence Manager", 30, "on_track", "data_completeness_pct"),
    ("data_and_outcomes", "Share outcome data across health, education and social work",
     "Partnership Planning Officer", 180, "not_started", "data_completeness_pct"),
    ("voice", "Use Mind Of My Own (app) in every locality team",
     "Participation and Engagement Officer", -240, "complete", "voice_coverage_pct"),
    ("voice", "Gather the views of under-fives and disabled children through observation "
     "and adapted tools",
     "Principal Educational Psychologist", -30, "at_risk", "voice_coverage_pct"),
    ("voice", "'You said, we did' feedback to every child who gives a view",
     "Participation and Engagement Officer", 90, "on_track",
     "voice_acted_on_pct;voice_told_outcome_pct"),
    ("voice", "Children's views summarised for the children's services plan each year",
     "Partnership Planning Officer", 300, "not_started", "voice_used_in_planning_pct"),
    ("child_protection", "Sustain timely multi-agency response to child protection concerns",
     "Chair of the Child Protection Committee", 150, "on_track",
     "cp_registrations;cp_reregistration_pct"),
    ("child_protection",
     "Review re-registrations within 18 months at the Child Protection Committee",
     "Child Protection Lead Officer", -45, "complete", "cp_reregistration_pct"),
    ("childrens_houses", "Keep children's houses small, warm and stable: staff retention plan",
     "Residential Services Manager", 210, "on_track", "lac_community_pct;placement_moves_pct"),
]
TARGETS = [  # (indicator, which period end, target)
    ("lac_community_pct", "july", 90.0), ("lac_community_pct", "next_july", 91.0),
    ("placement_moves_pct", "july", 14.0), ("cp_reregistration_pct", "july", 8.0),
    ("aftercare_receiving_pct", "quarter", 60.0), ("aftercare_receiving_pct", "next_year", 65.0),
    ("care_leavers_pathway_plan_pct", "quarter", 90.0), ("care_leavers_eet_pct", "quarter", 65.0),
    ("care_leavers_homeless_pct", "quarter", 5.0), ("voice_coverage_pct", "quarter", 75.0),
    ("wellbeing_assessed_recent_pct", "quarter", 95.0), ("data_completeness_pct", "quarter", 98.0),
]


def _improvement_actions(win: Window, as_at: dt.date) -> pd.DataFrame:
    rows = []
    for i, (point, action, owner, due, status, inds) in enumerate(ACTIONS_PLAN, start=1):
        due_date = as_at + dt.timedelta(days=due)
        review = _date(win.qend) - dt.timedelta(days=(i * 11) % 60)
        status_date = min(due_date, review) if status == "complete" else review
        rows.append({"action_id": f"IA-{i:02d}", "improvement_point": point, "action": action,
                     "owner": owner, "due_date": pd.Timestamp(due_date), "status": status,
                     "status_date": pd.Timestamp(status_date), "indicators": inds})
    return pd.DataFrame(rows)


def _targets(win: Window) -> pd.DataFrame:
    q = _date(win.qend)
    july = _date(win.snapshots[-1]) if len(win.snapshots) else dt.date(q.year - 1, 7, 31)
    ends = {"july": july, "next_july": dt.date(july.year + 1, 7, 31), "quarter": q,
            "next_year": _month_end(q.year + 1, q.month)}
    return pd.DataFrame([{"indicator": ind, "period_end": pd.Timestamp(ends[when]),
                          "target": target} for ind, when, target in TARGETS])


# --------------------------------------------------------------------------- table frames

def _yn(mask, yes: str, no: str, missing=None) -> np.ndarray:
    out = np.where(np.asarray(mask, bool), yes, no).astype(object)
    if missing is not None:
        out[np.asarray(missing, bool)] = ""
    return out


def _frame(columns: dict) -> pd.DataFrame:
    """A table to write: every column positional and held as Python objects (fast to CSV)."""
    return pd.DataFrame({k: np.asarray(v, dtype=object) for k, v in columns.items()},
                        dtype=object)


def _codes(codes: tuple[str, ...], index) -> np.ndarray:
    return np.array(codes, dtype=object)[np.asarray(index)]


def _ids(ids: pd.Series, child) -> np.ndarray:
    """Source-system child ids for internal child numbers."""
    return ids.reindex(np.asarray(child)).to_numpy(dtype=object)


def _children_frame(kids: pd.DataFrame) -> pd.DataFrame:
    return _frame({"child_id": kids["child_id"], "date_of_birth": _iso(kids["dob"]),
                   "sex": kids["sex"], "disability": kids["disability"],
                   "ethnicity": kids["ethnicity"], "locality": kids["locality"]})


def _episodes_frame(ep: pd.DataFrame, ids: pd.Series, win: Window) -> pd.DataFrame:
    ep = ep.loc[(ep["end"] >= win.keep_from) & (ep["start"] <= win.qend)].copy()
    ep["child_id"] = _ids(ids, ep["child"])
    ep = ep.sort_values(["child_id", "start"], kind="stable").reset_index(drop=True)
    open_ = np.where(ep["final"], ep["end"] > win.qend, ep["next_start"] > win.qend)
    reasons = _codes(c.REASONS_ENDED, ep["reason"])
    reasons[open_] = ""
    return _frame({
        "episode_id": [f"LAC{i:07d}" for i in range(100_001, 100_001 + len(ep))],
        "child_id": ep["child_id"], "start_date": _iso(ep["start"]),
        "end_date": _iso(np.where(open_, _NA, ep["end"])),
        "placement_type": _codes(c.PLACEMENT_TYPES, ep["type"]),
        "legal_reason": _codes(c.LEGAL_REASONS, ep["legal"]),
        "reason_ended": reasons})


def _registrations_frame(cp: pd.DataFrame, ids: pd.Series) -> pd.DataFrame:
    return _frame({
        "registration_id": [f"CPR-{i:06d}" for i in range(1, len(cp) + 1)],
        "child_id": _ids(ids, cp["child"]),
        "registration_date": _iso(cp["reg"]), "deregistration_date": _iso(cp["dereg"]),
        "concerns": cp["concerns"]})


def _wellbeing_frame(wb: pd.DataFrame, ids: pd.Series) -> pd.DataFrame:
    return _frame({"child_id": _ids(ids, wb["child"]),
                   "assessment_date": _iso(wb["date"]), "indicator": wb["indicator"],
                   "score": wb["score"], "scale_max": wb["scale_max"],
                   "completed_with": wb["completed_with"]})


def _care_leavers_frame(cl: pd.DataFrame, ids: pd.Series) -> pd.DataFrame:
    cl = cl.assign(child_id=_ids(ids, cl["child"]))
    cl = cl.sort_values(["date", "child_id"], kind="stable")
    return _frame({
        "child_id": cl["child_id"], "record_date": _uk(cl["date"]),
        "ceased_looked_after_date": _uk(cl["ceased"]),
        "eligible_for_aftercare": _yn(cl["eligible"], "Y", "N"),
        "receiving_aftercare": _yn(cl["receiving"], "Y", "N"),
        "pathway_plan": _yn(cl["pathway_plan"], "1", "0"),
        "pathway_coordinator": _yn(cl["coordinator"], "1", "0", cl["coordinator_missing"]),
        "in_touch": _yn(cl["in_touch"], "Y", "N", cl["in_touch_missing"]),
        "accommodation": _codes(c.ACCOMMODATION, cl["accommodation"]),
        "economic_activity": _codes(c.ECONOMIC_ACTIVITY, cl["activity"]),
    })


def _feedback_frame(fb: pd.DataFrame, ids: pd.Series) -> pd.DataFrame:
    known = fb["child"].to_numpy() >= 0
    child_id = np.where(known, _ids(ids, fb["child"]), "")
    year = (fb["received"].to_numpy().astype("datetime64[D]").astype("datetime64[Y]")
            .astype(np.int64) + 1970)
    seq = pd.Series(year).groupby(year).cumcount().to_numpy() + 1
    return _frame({
        "feedback_id": [f"FB-{y}-{s:05d}" for y, s in zip(year, seq)], "child_id": child_id,
        "received_date": _iso(fb["received"]), "service": fb["service"],
        "channel": fb["channel"], "topic": fb["topic"], "rating": fb["rating"],
        "comment": fb["comment"], "action_taken": fb["action_taken"],
        "action_date": _iso(fb["action_date"]),
        "told_child_outcome": _yn(fb["told"], "Yes", "No"),
        "used_in_planning": _yn(fb["used"], "Yes", "No"),
        "can_quote": _yn(fb["can_quote"], "TRUE", "FALSE")})


# --------------------------------------------------------------------------- bad rows
# Each breaker bends one copied row so that it breaks one contract rule. Copies get a
# fresh identifier (so only the rule meant is broken) unless the rule is the duplicate id;
# tables keyed by child and date have their rows bent in place instead.

def _bad_count(n: int) -> int:
    return max(3, int(round(n * 0.002)))


def _set(col: str, value):
    def breaker(rng, bad, rows):
        bad.loc[rows, col] = value(rng, len(rows)) if callable(value) else value
    return breaker


def _both(*breakers):
    def breaker(rng, bad, rows):
        for b in breakers:
            b(rng, bad, rows)
    return breaker


def _ends_before_starts(start: str, end: str):
    def breaker(rng, bad, rows):
        began = pd.to_datetime(bad.loc[rows, start], format="%Y-%m-%d")
        ended = began - pd.to_timedelta(rng.integers(1, 90, len(rows)), unit="D")
        bad.loc[rows, end] = ended.dt.strftime("%Y-%m-%d").to_numpy(dtype=object)
    return breaker


def _not_a_child(rng, k: int) -> list[str]:
    return [f"C{x:07d}" for x in rng.integers(1, 999_999, k)]   # real ids start at 1,000,001


DUPLICATE = "duplicate"
BREAKERS = {
    "children": [_set("locality", "Larkhall"), DUPLICATE, _set("date_of_birth", "2015-02-30"),
                 _set("sex", "boy")],
    "looked_after_episodes": [_ends_before_starts("start_date", "end_date"),
                              _set("child_id", _not_a_child), _set("placement_type", "foster"),
                              DUPLICATE],
    "child_protection_registrations": [
        _ends_before_starts("registration_date", "deregistration_date"),
        _set("concerns", "neglect;bullying"), _set("child_id", _not_a_child),
        _set("registration_date", "31/02/2024")],
    "wellbeing_assessments": [_both(_set("scale_max", 10), _set("score", 11)),
                              _set("indicator", "happy"), _set("assessment_date", "2023-13-01"),
                              _both(_set("scale_max", 5), _set("score", 6))],
    "care_leavers": [_both(_set("eligible_for_aftercare", "N"), _set("receiving_aftercare", "Y")),
                     _set("record_date", "31/02/2024"), _set("accommodation", "sofa_surfing"),
                     _set("child_id", _not_a_child)],
    "feedback": [_set("rating", 7), _set("channel", "phone"), _set("child_id", _not_a_child),
                 _set("action_date", "2019-01-01"), DUPLICATE],
}
ID_COLUMNS = {  # a copy's fresh identifier: never one of the real ones
    "children": ("child_id", "C9{:07d}"), "looked_after_episodes": ("episode_id", "LAC9{:07d}"),
    "child_protection_registrations": ("registration_id", "CPR-9{:05d}"),
    "feedback": ("feedback_id", "FB-9999-{:05d}")}


def _with_bad_rows(rng, table: str, df: pd.DataFrame) -> pd.DataFrame:
    """A few rule-breaking rows (about 0.2%, at least 3), at random places in the file."""
    k, breakers = min(_bad_count(len(df)), len(df)), BREAKERS[table]
    src = np.sort(rng.choice(len(df), k, replace=False))
    bad = df.iloc[src].reset_index(drop=True).astype(object)
    id_col = ID_COLUMNS.get(table)
    for j, breaker in enumerate(breakers):
        rows = np.arange(j, k, len(breakers))
        if breaker is DUPLICATE or not len(rows):
            continue
        if id_col:
            bad.loc[rows, id_col[0]] = [id_col[1].format(i + 1) for i in rows]
        breaker(rng, bad, rows)
    out = df.astype(object)
    if id_col is None:                                   # keyed by child and date: bend in place
        out.iloc[src] = bad.to_numpy()
        return out
    where = np.concatenate([np.arange(len(df), dtype=float), rng.uniform(0, len(df), k)])
    out = pd.concat([out, bad], ignore_index=True)
    return out.iloc[np.argsort(where, kind="stable")].reset_index(drop=True)


# --------------------------------------------------------------------------- writing

ENCODINGS = {"feedback": "cp1252", "child_protection_registrations": "utf-8-sig"}


def _write_csv(df: pd.DataFrame, path: Path, encoding: str = "utf-8") -> Path:
    df.to_csv(path, index=False, encoding=encoding, errors="replace")
    return path


def _write_workbook(actions: pd.DataFrame, targets: pd.DataFrame, path: Path,
                    as_at: dt.date, bad: bool) -> Path:
    if bad:
        actions = pd.concat([actions, actions.iloc[[2]].assign(action_id="IA-99", status="done")],
                            ignore_index=True)
        targets = pd.concat([targets, targets.iloc[[0]].assign(indicator="happiness_pct")],
                            ignore_index=True)
    with pd.ExcelWriter(path, engine="xlsxwriter", date_format="yyyy-mm-dd",
                        datetime_format="yyyy-mm-dd") as xl:
        xl.book.set_properties({"created": dt.datetime.combine(as_at, dt.time())})
        actions.to_excel(xl, sheet_name="improvement_actions", index=False)
        targets.to_excel(xl, sheet_name="targets", index=False)
    return path


def _clear(out_dir: Path) -> None:
    for name in FILES:
        (out_dir / name).unlink(missing_ok=True)


def _people(ep: pd.DataFrame, cp: pd.DataFrame, leavers: pd.DataFrame,
            win: Window) -> pd.DataFrame:
    """Every child some written table refers to, with when they first became known."""
    shown = ep.loc[(ep["end"] >= win.keep_from) & (ep["start"] <= win.qend)]
    frames = [shown[["child", "dob", "start"]].rename(columns={"start": "seen"}),
              cp[["child", "dob", "reg"]].rename(columns={"reg": "seen"}),
              leavers[["child", "dob", "ceased"]].rename(columns={"ceased": "seen"})]
    allp = pd.concat(frames, ignore_index=True)
    first_ep = ep.groupby("child")["start"].min()
    people = allp.groupby("child", sort=True).agg(dob=("dob", "first"), seen=("seen", "min"))
    people["first_seen"] = np.minimum(people["seen"],
                                      first_ep.reindex(people.index).fillna(_NA).astype(np.int64))
    return people.reset_index()


def generate(out_dir: Path, scale: float = 1.0, seed: int = 2019,
             as_at: dt.date | None = None, settings: Settings | None = None,
             bad_rows: bool = True) -> list[Path]:
    """Write the demo partnership's contract files into out_dir; return their paths."""
    out_dir = Path(out_dir)
    as_at = as_at or dt.date.today()
    settings = settings or load_settings()
    win = Window.build(as_at, settings.baseline_date)
    rng = {name: np.random.default_rng(s) for name, s in zip(
        ("lac", "cp", "kids", "wb", "cl", "fb", "bad"), np.random.SeedSequence(seed).spawn(7))}

    ep = _looked_after(rng["lac"], win, scale)
    cp = _child_protection(rng["cp"], ep, win, scale)
    ep = ep.loc[ep["start"] <= win.qend].reset_index(drop=True)      # nothing in the future
    cl = _care_leavers(rng["cl"], ep, win)
    kids = _children(rng["kids"], _people(ep, cp, cl.drop_duplicates("child"), win), settings)
    ids = pd.Series(kids["child_id"].to_numpy(dtype=object), index=kids["child"].to_numpy(),
                    dtype=object)
    kids = kids.sort_values("child_id", kind="stable")
    wb = _wellbeing(rng["wb"], ep, win)
    fb = _feedback(rng["fb"], ep, cp, cl, kids, win, settings)

    frames = {  # built, bent and written one at a time, to keep memory down at scale
        "children": lambda: _children_frame(kids),
        "looked_after_episodes": lambda: _episodes_frame(ep, ids, win),
        "child_protection_registrations": lambda: _registrations_frame(cp, ids),
        "wellbeing_assessments": lambda: _wellbeing_frame(wb, ids),
        "care_leavers": lambda: _care_leavers_frame(cl, ids),
        "feedback": lambda: _feedback_frame(fb, ids),
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    _clear(out_dir)
    paths = []
    for table, build in frames.items():
        df = build()
        if bad_rows:
            df = _with_bad_rows(rng["bad"], table, df)
        paths.append(_write_csv(df, out_dir / CSV_FILES[table], ENCODINGS.get(table, "utf-8")))
        del df
    paths.append(_write_workbook(_improvement_actions(win, as_at), _targets(win),
                                 out_dir / WORKBOOK, as_at, bad_rows))
    return paths
