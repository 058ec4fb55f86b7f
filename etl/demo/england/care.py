"""An English council's looked-after children, simulated in SSDA903's own terms: each
child's periods of care (spells) split into episodes, with DfE's legal statuses (LS),
placement types (PLACE) and providers, reasons for new episodes (RNE) and reasons
episodes ceased (REC).

Spells are drawn from 18 years before the first collection year, so that every child
looked after in it has their whole history, then thinned child by child so that about
LAC_PER_SCALE children are looked after at each 31 March. Calibrated to DfE's
published figures for Barnsley and England (children looked after 2021-2025): about
70 looked after per 10,000 under-18s, one in ten of them with three or more placements
in the year, starting ages as DfE's national starters, three quarters in foster care.

A spell is simulated event by event (placement moves, legal status changes, the move
from short-term to long-term fostering, the adoption path), a few thousand at scale 1,
with one random stream, so the same seed gives the same children.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from etl.demo.dates import DAYS_PER_YEAR, add_years, day, no_leap_day

LAC_PER_SCALE = 370            # looked after at 31 March at scale 1 (Barnsley 2021-25: 329-404)
SIM_YEARS_BEFORE = 18          # spells are simulated from this long before the first year
K3_FROM = day(dt.date(2024, 4, 1))     # registered supported accommodation (K3) from 2024-25
Z1_SPLIT_FROM = day(dt.date(2025, 4, 1))   # Z1 split into Z11-Z14 from 2025-26

# Starting ages (DfE, children starting to be looked after): under 1, 1-4, 5-9, 10-15, 16-17.
ENTRY_BANDS = np.array([[0.0, 1.0], [1.0, 5.0], [5.0, 10.0], [10.0, 16.0], [16.0, 17.9]])
ENTRY_BAND_P = np.array([0.19, 0.14, 0.15, 0.38, 0.14])
# Natural length of a spell by starting age: median years and spread; some stays are short.
SPELL_MEDIAN = np.array([2.2, 2.4, 2.8, 2.2, 1.5])
SPELL_SIGMA = np.array([0.8, 0.9, 0.9, 1.0, 0.6])
SHORT_STAY = 0.14              # share of spells that last days or weeks
# Placement moves per year looked after: the mean, spread between children (gamma shape).
MOVE_RATE = np.array([0.36, 0.40, 0.45, 0.70, 0.70])
MOVE_SHAPE = 0.7

# Placement on entry and on a move, by age at the time (0-4, 5-11, 12-15, 16-17).
PLACES = ("U1", "U3", "U4", "U5", "U6", "P1", "R3", "K2", "K1", "S1", "H5", "P2", "R5",
          "Z1", "R1")
_PLACE_P = {
    "0-4": {"U3": .16, "U1": .03, "U4": .04, "U5": .03, "U6": .58, "P1": .10, "R3": .06},
    "5-11": {"U3": .13, "U1": .06, "U4": .12, "U6": .52, "P1": .08, "K2": .07, "S1": .01,
             "Z1": .01},
    "12-15": {"U3": .08, "U1": .04, "U4": .08, "U6": .41, "P1": .06, "K2": .27, "K1": .015,
              "S1": .02, "R5": .005, "Z1": .01},
    "16-17": {"U3": .05, "U1": .02, "U4": .04, "U6": .22, "P1": .04, "K2": .17, "K1": .01,
              "S1": .01, "H5": .42, "P2": .05, "R5": .01, "Z1": .01, "R1": .02},
}
PLACE_P = np.array([[_PLACE_P[b].get(p, 0.0) for p in PLACES] for b in _PLACE_P])
AGE_EDGES = np.array([5.0, 12.0, 16.0])
# Providers by placement type: (codes, probabilities).
PROVIDERS = {
    "P1": (("PR0",), (1.0,)), "U1": (("PR1", "PR2"), (.95, .05)),
    "U3": (("PR1", "PR2"), (.95, .05)), "U2": (("PR1",), (1.0,)),
    "U4": (("PR1", "PR4", "PR5"), (.6, .35, .05)), "U5": (("PR1", "PR4"), (.7, .3)),
    "U6": (("PR1", "PR4", "PR5"), (.55, .4, .05)), "K2": (("PR1", "PR4", "PR5"), (.2, .75, .05)),
    "K1": (("PR1", "PR2"), (.2, .8)), "S1": (("PR4", "PR5", "PR3"), (.6, .3, .1)),
    "H5": (("PR1", "PR4"), (.4, .6)), "K3": (("PR1", "PR4"), (.4, .6)),
    "P2": (("PR1", "PR4"), (.5, .5)), "R1": (("PR3",), (1.0,)), "R3": (("PR3", "PR4"), (.5, .5)),
    "R5": (("PR3",), (1.0,)), "Z1": (("PR4",), (1.0,)),
    "A5": (("PR1", "PR5"), (.6, .4)), "A6": (("PR1", "PR5"), (.6, .4)),
}
# Why a placement ended (REASON_PLACE_CHANGE, on the episode that ends with X1).
PLACE_CHANGE = (("LAREQ", "CARPL", "CREQB", "CREQO", "PLACE", "CLOSE", "ALLEG", "STAND",
                 "OTHER"), (.36, .2, .1, .05, .08, .05, .03, .02, .11))
# Category of need (CIN), fixed per spell.
NEEDS = (("N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8"),
         (.64, .03, .04, .14, .05, .01, .01, .08))
# Legal status at the start of a spell.
START_LS = (("V2", "C1", "L1", "L2", "J1"), (.30, .59, .04, .05, .02))
FOSTER = {"U1", "U2", "U3", "U4", "U5", "U6"}
KIN = {"U1", "U2", "U3"}
LONG_TERM = {"U6": "U4", "U3": "U1"}        # short-term to long-term fostering, same carers


def _choice(rng, codes_p):
    """One code of (codes, probabilities) (a plain loop: the spells are drawn one by one)."""
    codes, p = codes_p
    u, total = rng.random() * sum(p), 0.0
    for code, w in zip(codes, p):
        total += w
        if u < total:
            return code
    return codes[-1]


def _age_band(years: float) -> int:
    return int(np.searchsorted(AGE_EDGES, years, side="right"))


class _Spell:
    """One spell's episodes, built event by event."""

    def __init__(self, rng, child: int, dob: int, start: int, band: int):
        self.rng, self.child, self.dob = rng, child, dob
        self.b18 = int(add_years(np.array([dob]), 18)[0])
        self.cin = _choice(rng, NEEDS)
        ls = _choice(rng, START_LS)
        if ls == "J1" and self._age(start) < 10:
            ls = "V2"
        self.rows: list[dict] = []
        self._open(start, "S", ls, self._place(start))

    def _age(self, t: int) -> float:
        return (t - self.dob) / DAYS_PER_YEAR

    def _place(self, t: int, avoid: str = "") -> str:
        p = PLACE_P[_age_band(self._age(t))].copy()
        if avoid in PLACES and avoid != "U6":
            p[PLACES.index(avoid)] *= 0.3
        place = _choice(self.rng, (PLACES, p))
        if place == "H5" and t >= K3_FROM and self.rng.random() < 0.7:
            place = "K3"
        if place == "Z1" and t >= Z1_SPLIT_FROM:
            place = "Z11"
        return place

    def _provider(self, place: str) -> str:
        return _choice(self.rng, PROVIDERS.get(place, PROVIDERS.get(place[:2], (("PR4",), (1,)))))

    def _open(self, t: int, rne: str, ls: str, place: str, provider: str | None = None):
        self.rows.append({"child": self.child, "start": t, "end": None, "rne": rne, "ls": ls,
                          "place": place, "provider": provider or self._provider(place),
                          "cin": self.cin, "rec": "", "rpc": ""})

    @property
    def now(self) -> dict:
        return self.rows[-1]

    def event(self, t: int, legal: str | None = None, move: bool = False,
              place: str | None = None, same_carer: bool = False) -> None:
        """A new episode from day t: a legal status change, a move, or both."""
        cur = self.now
        if t <= cur["start"]:
            return
        ls = legal or cur["ls"]
        changed_ls = ls != cur["ls"]
        if move:
            place = place or self._place(t, avoid=cur["place"])
        if not move and not changed_ls:
            return
        rne = ({(True, False): "P", (False, True): "L", (True, True): "B"}
               [(move, changed_ls)])
        if move and same_carer:
            rne = "U" if changed_ls else "T"
        cur["end"], cur["rec"] = t, "X1"
        if move:
            cur["rpc"] = "PLACE" if same_carer else _choice(self.rng, PLACE_CHANGE)
        kept = not move or (same_carer and place in FOSTER)
        provider = cur["provider"] if kept else None
        self._open(t, rne, ls, place if move else cur["place"], provider)

    def close(self, t: int, rec: str) -> None:
        self.now["end"], self.now["rec"] = t, rec


def _leaving_reason(rng, spell: _Spell, end: int) -> str:
    """REC for the spell's last episode, by age and placement at the end."""
    age, place = spell._age(end), spell.now["place"]
    if end >= spell.b18:
        if place in FOSTER and rng.random() < 0.3:
            return "E17"                                   # staying put
        return _choice(rng, (("E5", "E6", "E13", "E4A", "E7", "E8"),
                             (.62, .06, .12, .07, .03, .10)))
    if age >= 16:
        return _choice(rng, (("E5", "E6", "E4A", "E13", "E8", "E9", "E3"),
                             (.33, .05, .30, .16, .10, .03, .03)))
    if place in KIN:
        return _choice(rng, (("E45", "E47", "E41", "E4A", "E8"), (.55, .1, .1, .2, .05)))
    if place in FOSTER:
        sgo = "E46" if rng.random() < 0.5 else "E48"
        return _choice(rng, ((sgo, "E4A", "E4B", "E13", "E41", "E8", "E3", "E16"),
                             (.12, .50, .08, .08, .05, .09, .06, .02)))
    return _choice(rng, (("E4A", "E4B", "E13", "E8", "E3", "E16"), (.56, .1, .1, .14, .08, .02)))


def _simulate_spell(rng, child: int, dob: int, start: int, band: int, hi: int) -> _Spell:
    sp = _Spell(rng, child, dob, start, band)
    if rng.random() < SHORT_STAY:
        natural = start + int(rng.integers(1, 60))
    else:
        natural = start + max(2, int(SPELL_MEDIAN[band] * DAYS_PER_YEAR
                                     * np.exp(SPELL_SIGMA[band] * rng.standard_normal())))
    end = min(natural, sp.b18)
    if start < add_years(np.array([dob]), 16)[0] < end and rng.random() < 0.25:
        end = min(end, int(add_years(np.array([dob]), 16)[0]) + int(rng.integers(30, 700)))
    adopt = (band <= 1 and sp._age(start) < 3.5 and end - start > 500 and rng.random() < 0.3)
    events: list[tuple[int, str]] = []
    # legal status: emergency orders give way within days; interim care orders become full
    # ones within the year; some section 20 accommodation becomes care proceedings
    ls = sp.now["ls"]
    if ls in ("L1", "L2"):
        events.append((start + int(rng.integers(1, 8)), "to_C1"))
        ls = "C1"
    if ls == "V2" and rng.random() < 0.3:
        events.append((start + int(rng.integers(30, 240)), "to_C1"))
        ls = "C1"
    first_c1 = min([t for t, k in events if k == "to_C1"], default=start)
    if ls == "C1":
        events.append((first_c1 + int(rng.integers(150, 330)), "to_C2"))
    placed_for_adoption = None
    if adopt:
        order = start + int(rng.integers(300, 520))
        placed_for_adoption = order + int(rng.integers(40, 200))
        end = placed_for_adoption + int(rng.integers(120, 300))     # adopted within the year
        events += [(order, "to_E1"), (placed_for_adoption, "adopters")]
    # moves, at the child's own rate (a few children move often)
    rate = MOVE_RATE[band] * rng.gamma(MOVE_SHAPE, 1 / MOVE_SHAPE)
    stop = placed_for_adoption if adopt else end
    n = rng.poisson(rate * max(0, stop - start) / DAYS_PER_YEAR)
    events += [(int(t), "move") for t in start + 1 + rng.random(n) * max(0, stop - start - 2)]
    if rng.random() < 0.25 and end - start > 400:
        events.append((start + int(rng.integers(300, 700)), "long_term"))
    for t, kind in sorted(events):
        if t >= end or t >= hi:
            continue
        if kind == "to_C1":
            sp.event(t, legal="C1", move=rng.random() < 0.4)
        elif kind == "to_C2" and sp.now["ls"] == "C1":
            sp.event(t, legal="C2")
        elif kind == "to_E1":
            sp.event(t, legal="E1")
        elif kind == "adopters":
            with_carers = sp.now["place"] in FOSTER and rng.random() < 0.2
            sp.event(t, move=True, place="A5" if with_carers else "A6", same_carer=with_carers)
        elif kind == "move" and not sp.now["place"].startswith("A"):
            sp.event(t, move=True)
        elif kind == "long_term" and sp.now["place"] in LONG_TERM:
            sp.event(t, move=True, place=LONG_TERM[sp.now["place"]], same_carer=True)
    if sp.now["place"].startswith("A"):
        rec = "E11" if rng.random() < 0.85 else "E12"
    else:
        rec = _leaving_reason(rng, sp, end)
    sp.close(end, rec)
    return sp


def _children(rng, n: int, lo: int, hi: int) -> pd.DataFrame:
    start = np.sort(rng.integers(lo, hi, n))
    band = rng.choice(len(ENTRY_BAND_P), n, p=ENTRY_BAND_P)
    years = ENTRY_BANDS[band, 0] + rng.random(n) * (ENTRY_BANDS[band, 1] - ENTRY_BANDS[band, 0])
    dob = no_leap_day(start - (years * DAYS_PER_YEAR).astype(np.int64))
    return pd.DataFrame({"child": np.arange(n), "dob": dob, "start": start, "band": band})


def looked_after(rng, first_year_start: int, last_year_end: int, scale: float
                 ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(children, episodes): every kept child's dob, and every episode of theirs that
    starts on or before `last_year_end` (an end after it is an episode still open then)."""
    lo = first_year_start - int(SIM_YEARS_BEFORE * DAYS_PER_YEAR)
    hi = last_year_end + 1
    target = LAC_PER_SCALE * scale
    n = int(target * (hi - lo) / DAYS_PER_YEAR / 1.55) + 30
    kids = _children(rng, n, lo, hi)
    rows: list[dict] = []
    spell_no = 0
    again: list[tuple[int, int, int]] = []
    for child, dob, start, band in kids.itertuples(index=False):
        sp = _simulate_spell(rng, child, dob, start, band, hi)
        for r in sp.rows:
            r["spell"] = spell_no
        rows += sp.rows
        spell_no += 1
        last = sp.now
        if (last["rec"] in ("E4A", "E4B", "E13") and sp._age(last["end"]) < 14
                and rng.random() < 0.12):
            again.append((child, dob, last["end"] + int(rng.integers(60, 1000))))
    for child, dob, start in again:                       # some come back into care
        if start >= hi:
            continue
        age = (start - dob) / DAYS_PER_YEAR
        band = int(np.searchsorted(ENTRY_BANDS[:, 1], age, side="right"))
        sp = _simulate_spell(rng, child, dob, start, min(band, 4), hi)
        for r in sp.rows:
            r["spell"] = spell_no
        rows += sp.rows
        spell_no += 1
    ep = pd.DataFrame(rows)
    ep = ep.loc[ep["start"] < hi].reset_index(drop=True)
    ep["end"] = ep["end"].astype(np.int64)
    keep = _calibrate(rng, ep, kids, first_year_start, last_year_end, target)
    ep = ep.loc[keep[ep["child"].to_numpy()]].reset_index(drop=True)
    kids = kids.loc[keep[kids["child"].to_numpy()]].reset_index(drop=True)
    ep["dob"] = kids.set_index("child")["dob"].reindex(ep["child"]).to_numpy()
    return kids, ep


def year_ends_between(first_year_start: int, last_year_end: int) -> np.ndarray:
    """Every 31 March from the one ending the first collection year to the last."""
    first = dt.date(1970, 1, 1) + dt.timedelta(days=int(first_year_start))
    last = dt.date(1970, 1, 1) + dt.timedelta(days=int(last_year_end))
    return np.array([day(dt.date(y, 3, 31)) for y in range(first.year + 1, last.year + 1)])


def _calibrate(rng, ep: pd.DataFrame, kids: pd.DataFrame, first_year_start: int,
               last_year_end: int, target: float) -> np.ndarray:
    """Children kept so that about `target` are looked after at each 31 March."""
    days = year_ends_between(first_year_start, last_year_end)
    on = ((ep["start"].to_numpy()[:, None] <= days[None, :])
          & (ep["end"].to_numpy()[:, None] > days[None, :]))
    mean = on.sum() / len(days)
    return rng.random(len(kids)) < min(1.0, target / max(mean, 1.0))
