"""Child protection registrations: some before a child became looked after, most of
children who never did; about CP_PER_SCALE children on the register at a time."""

from __future__ import annotations

import numpy as np
import pandas as pd

from core import contract as c
from etl.demo.columns import frame, source_ids
from etl.demo.dates import DAYS_PER_YEAR, NO_DATE, add_years, age, iso, no_leap_day
from etl.demo.sampling import lognormal_days, pick_n
from etl.demo.window import Window

CP_PER_SCALE = 150             # children on the child protection register at a time
CP_AGE_BANDS = np.array([[0, 28 / DAYS_PER_YEAR], [28 / DAYS_PER_YEAR, 1], [1, 5], [5, 11],
                         [11, 16], [16, 17.5]])
CP_AGE_P = np.array([0.07, 0.15, 0.30, 0.30, 0.16, 0.02])
CONCERN_P = np.array([.46, .40, .33, .34, .18, .15, .05, .03, .03, .03, .05])


def _cp_independent(rng, n: int, lo: int, hi: int, first_child: int) -> pd.DataFrame:
    """Registrations of children who need not become looked after, with some earlier ones."""
    reg = rng.integers(lo, hi, n)
    band = pick_n(rng, CP_AGE_P, n)
    lo_age, hi_age = CP_AGE_BANDS[band, 0], CP_AGE_BANDS[band, 1]
    years = lo_age + rng.random(n) * (hi_age - lo_age)
    dob = no_leap_day(reg - (years * DAYS_PER_YEAR).astype(np.int64))
    child = first_child + np.arange(n)
    dereg = np.minimum(reg + _register_days(rng, n), add_years(dob, 18) - 1)
    main = pd.DataFrame({"child": child, "dob": dob, "reg": reg, "dereg": dereg})
    return pd.concat([main, _earlier_registrations(rng, main)], ignore_index=True)


def _register_days(rng, n: int) -> np.ndarray:
    """Time on the register: mostly 6 to 12 months."""
    return lognormal_days(rng, np.full(n, 0.72), np.full(n, 0.42))


def _earlier_registrations(rng, main: pd.DataFrame) -> pd.DataFrame:
    """Earlier registrations: within 18 months (so a re-registration) or longer ago."""
    u = rng.random(len(main))
    n = len(main)
    gap = np.where(u < 0.15, rng.integers(20, 540, n), rng.integers(600, 1500, n))
    has = u < 0.19
    dereg = main["reg"].to_numpy() - gap
    reg = dereg - lognormal_days(rng, np.full(len(main), 0.6), np.full(len(main), 0.45))
    ok = has & (reg > main["dob"].to_numpy() + 14)
    out = main.loc[ok].copy()
    out["reg"], out["dereg"] = reg[ok], dereg[ok]
    return out


def _cp_linked(rng, ep: pd.DataFrame, win: Window) -> pd.DataFrame:
    """Registrations that came before a child became looked after."""
    firsts = ep.loc[ep.groupby("spell", sort=False)["start"].idxmin().sort_values()]
    firsts = firsts.sort_values(["child", "start"], kind="stable").drop_duplicates("child")
    age_at = age(firsts["dob"].to_numpy(), firsts["start"].to_numpy())
    chosen = ((age_at > 0.15) & (age_at < 15) & (rng.random(len(firsts)) < 0.2)
              & (firsts["start"].to_numpy() > win.keep_from - 3 * 365))
    rows = firsts.loc[chosen]
    n = len(rows)
    start, dob = rows["start"].to_numpy(), rows["dob"].to_numpy()
    reg = start - np.minimum(rng.integers(20, 240, n), start - dob - 7)
    dereg = start + rng.integers(14, 200, n)
    return pd.DataFrame({"child": rows["child"].to_numpy(), "dob": rows["dob"].to_numpy(),
                         "reg": reg, "dereg": dereg})


def on_register(cp: pd.DataFrame, days: np.ndarray) -> np.ndarray:
    """Boolean matrix: registration i is current on day j."""
    return ((cp["reg"].to_numpy()[:, None] <= days[None, :])
            & (cp["dereg"].to_numpy()[:, None] > days[None, :]))


def registrations(rng, ep: pd.DataFrame, win: Window, scale: float) -> pd.DataFrame:
    """Every registration in the window (or making a re-registration in it), with concerns."""
    linked = _cp_linked(rng, ep, win)
    # Drawn on past the quarter end too, so that the earlier registrations of children
    # registered "later" keep the rate of registrations even up to the quarter end.
    lo, hi = win.keep_from - 4 * 365, win.qend + 5 * 365
    n = int(CP_PER_SCALE * scale * (hi - lo) / DAYS_PER_YEAR / 0.75 * 1.6) + 20
    pool = _cp_independent(rng, n, lo, hi, int(ep["child"].max()) + 1)
    days = win.quarter_ends
    have = on_register(linked, days).sum() / len(days)
    pool_mean = on_register(pool, days).sum() / len(days)
    share = max(0.0, CP_PER_SCALE * scale - have) / max(pool_mean, 1.0)
    kept_children = rng.random(n) < min(1.0, share)
    pool = pool.loc[kept_children[pool["child"].to_numpy() - pool["child"].min()]]
    cp = pd.concat([linked, pool], ignore_index=True)
    cp = _in_window(cp.loc[cp["reg"] <= win.qend], win)
    cp.loc[cp["dereg"] > win.qend, "dereg"] = NO_DATE
    cp["concerns"] = _concerns(rng, len(cp))
    return cp


def _in_window(cp: pd.DataFrame, win: Window) -> pd.DataFrame:
    """Registrations current in the window, and earlier ones that make a re-registration."""
    cp = cp.sort_values(["child", "reg"], kind="stable").reset_index(drop=True)
    next_reg = cp.groupby("child")["reg"].shift(-1).fillna(NO_DATE).astype(np.int64)
    current = cp["dereg"] >= win.keep_from
    before_rereg = ((next_reg >= win.keep_from) & (next_reg != NO_DATE)
                    & (next_reg - cp["dereg"] <= 548))
    cp = cp.loc[current | before_rereg]
    return cp.sort_values(["reg", "child"], kind="stable").reset_index(drop=True)


def _concerns(rng, n: int) -> np.ndarray:
    """`;`-separated concerns, at least one, the common four most often."""
    has = rng.random((n, len(c.CONCERNS))) < CONCERN_P
    none = ~has.any(axis=1)
    has[none, pick_n(rng, CONCERN_P, int(none.sum()))] = True
    names = np.array(c.CONCERNS, dtype=object)
    return np.array([";".join(names[row]) for row in has], dtype=object)


def registrations_frame(cp: pd.DataFrame, ids: pd.Series) -> pd.DataFrame:
    """child_protection_registrations as written."""
    return frame({
        "registration_id": [f"CPR-{i:06d}" for i in range(1, len(cp) + 1)],
        "child_id": source_ids(ids, cp["child"]),
        "registration_date": iso(cp["reg"]), "deregistration_date": iso(cp["dereg"]),
        "concerns": cp["concerns"]})
