"""Care leavers: a record each quarter for every young person who left care at 16 or
over, until 26, with homelessness and NEET rising over the years."""

from __future__ import annotations

import numpy as np
import pandas as pd

from core import contract as c
from etl.demo.columns import codes, frame, source_ids, yes_no
from etl.demo.dates import DAYS_PER_YEAR, add_years, age, uk
from etl.demo.sampling import pick, sticky_u
from etl.demo.window import Window

_ACC = {name: i for i, name in enumerate(c.ACCOMMODATION)}
_NEET = c.ECONOMIC_ACTIVITY.index("not_in_education_employment_or_training")
# The demo's own age bands for care leavers' circumstances: 16-18, 19-21, 22-25.
SIM_BAND_STARTS = [19, 22]
# Accommodation by age band, in ACCOMMODATION order, before the homeless trend is applied.
ACC_P = np.array([
    [.18, .12, 0, .12, .25, .12, 0, .02, .03, .08],
    [.15, .12, 0, .04, .15, .30, 0, .03, .03, .10],
    [.12, .12, 0, .00, .06, .40, 0, .03, .04, .15],
])
# Economic activity by age band, in ECONOMIC_ACTIVITY order, before the NEET trend.
ACT_P = np.array([[.38, .15, .12, .03, 0, .08], [.22, .12, .22, .03, 0, .10],
                  [.12, .08, .32, .03, 0, .14]])


def _leavers(ep: pd.DataFrame, win: Window) -> pd.DataFrame:
    """Young people whose care ended on or after their 16th birthday."""
    last = ep.loc[ep["final"] & (ep["end"] <= win.qend)]
    last = last.loc[last["end"].to_numpy() >= add_years(last["dob"].to_numpy(), 16)]
    last = last.sort_values(["child", "end"], kind="stable").drop_duplicates("child", keep="last")
    return pd.DataFrame({"child": last["child"].to_numpy(), "dob": last["dob"].to_numpy(),
                         "ceased": last["end"].to_numpy(),
                         "cc": last["reason"].to_numpy()
                         == c.REASONS_ENDED.index("continuing_care")})


def _quarterly_records(lv: pd.DataFrame, win: Window) -> pd.DataFrame:
    """A row per care leaver per quarter end from leaving care to their 26th birthday."""
    q = win.quarter_ends
    b26 = add_years(lv["dob"].to_numpy(), 26)
    on = (lv["ceased"].to_numpy()[:, None] <= q[None, :]) & (b26[:, None] > q[None, :])
    person, qi = np.nonzero(on)
    return pd.DataFrame({"person": person, "child": lv["child"].to_numpy()[person],
                         "dob": lv["dob"].to_numpy()[person], "date": q[qi],
                         "ceased": lv["ceased"].to_numpy()[person]})


def care_leavers(rng, ep: pd.DataFrame, win: Window) -> pd.DataFrame:
    """Care leavers' quarterly records: aftercare, pathway plans, accommodation, activity."""
    lv = _leavers(ep, win).reset_index(drop=True)
    rec = _quarterly_records(lv, win)
    person = rec["person"].to_numpy()
    age_at = age(rec["dob"].to_numpy(), rec["date"].to_numpy())
    band = np.digitize(age_at, SIM_BAND_STARTS)
    stay = rng.uniform(1.5, 5.0, len(lv))[person]
    in_cc = (lv["cc"].to_numpy()[person] & (age_at < 21)
             & ((rec["date"] - rec["ceased"]).to_numpy() / DAYS_PER_YEAR < stay))
    rec["eligible"] = (age_at < 19) | (sticky_u(rng, person, len(lv), 0.05) > 0.13)
    recv_p = np.where(in_cc, 0.9, np.array([.78, .52, .28])[band])
    rec["receiving"] = rec["eligible"] & (sticky_u(rng, person, len(lv), 0.2) < recv_p)
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
    acc = pick(rng, p, sticky_u(rng, rec["person"].to_numpy(), n_people))
    acc[in_cc] = _ACC["continuing_care"]
    return acc


def _activity(rng, rec, band, win, n_people) -> np.ndarray:
    """More care leavers not in education, employment or training as the years go on."""
    t = win.years_since_baseline(rec["date"].to_numpy())
    p = ACT_P[band].copy()
    p[:, _NEET] = 0.27 + 0.025 * t
    return pick(rng, p, sticky_u(rng, rec["person"].to_numpy(), n_people))


def _pathway(rng, rec: pd.DataFrame) -> None:
    n, recv = len(rec), rec["receiving"].to_numpy()
    rec["pathway_plan"] = rng.random(n) < np.where(recv, 0.86, 0.38)
    rec["coordinator"] = rng.random(n) < np.where(recv, 0.74, 0.25)
    rec["in_touch"] = rng.random(n) < np.where(recv, 0.95, 0.52)
    rec["coordinator_missing"] = rng.random(n) < 0.03
    rec["in_touch_missing"] = rng.random(n) < 0.05


def care_leavers_frame(cl: pd.DataFrame, ids: pd.Series) -> pd.DataFrame:
    """care_leavers as written (dates day first, yes/no spelt three ways)."""
    cl = cl.assign(child_id=source_ids(ids, cl["child"]))
    cl = cl.sort_values(["date", "child_id"], kind="stable")
    return frame({
        "child_id": cl["child_id"], "record_date": uk(cl["date"]),
        "ceased_looked_after_date": uk(cl["ceased"]),
        "eligible_for_aftercare": yes_no(cl["eligible"], "Y", "N"),
        "receiving_aftercare": yes_no(cl["receiving"], "Y", "N"),
        "pathway_plan": yes_no(cl["pathway_plan"], "1", "0"),
        "pathway_coordinator": yes_no(cl["coordinator"], "1", "0", cl["coordinator_missing"]),
        "in_touch": yes_no(cl["in_touch"], "Y", "N", cl["in_touch_missing"]),
        "accommodation": codes(c.ACCOMMODATION, cl["accommodation"]),
        "economic_activity": codes(c.ECONOMIC_ACTIVITY, cl["activity"]),
    })
