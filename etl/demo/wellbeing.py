"""Wellbeing assessments: SHANARRI scores about every six months while a child is
looked after, improving for most children."""

from __future__ import annotations

import numpy as np
import pandas as pd

from core import contract as c
from etl.demo.columns import frame, source_ids
from etl.demo.dates import DAYS_PER_YEAR, NO_DATE, age, iso
from etl.demo.sampling import pick
from etl.demo.window import Window

INDICATOR_SHIFT = np.array([.08, .05, -.07, .03, .02, 0.0, -.02, -.04])   # SHANARRI order
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
                     NO_DATE)
    ok = (dates <= end[:, None]) & (dates >= win.start) & (dates < lapse[:, None])
    row, _ = np.nonzero(ok)
    return pd.DataFrame({"child": spells["child"].to_numpy()[row],
                         "dob": spells["dob"].to_numpy()[row], "date": dates[ok]})


def _completed_with(rng, a: pd.DataFrame) -> np.ndarray:
    """Who completed each assessment: mostly carers for the youngest, more children later."""
    age_at = age(a["dob"].to_numpy(), a["date"].to_numpy())
    with_p = np.where((age_at < 5)[:, None], [[0, .45, .3, .25]],
                      np.where((age_at < 10)[:, None], [[.15, .3, .2, .35]], [[.3, .1, .2, .4]]))
    return np.array(c.COMPLETED_WITH, dtype=object)[pick(rng, with_p)]


def assessments(rng, ep: pd.DataFrame, win: Window) -> pd.DataFrame:
    """Eight indicator rows per assessment."""
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
    t = (a["date"].to_numpy() - first_date) / DAYS_PER_YEAR
    level = np.clip(base[who] + slope[who] * t, 0.1, 0.95)
    n = len(a)
    child_ind = rng.normal(0, 0.06, (m, 8))
    frac = (level[:, None] + INDICATOR_SHIFT[None, :] + child_ind[who]
            + rng.normal(0, 0.06, (n, 8)))
    smax = scale_max[who]
    score = np.clip(np.rint(frac * smax[:, None]), 1, smax[:, None]).astype(np.int64)
    completed = _completed_with(rng, a)
    return pd.DataFrame({
        "child": np.repeat(a["child"].to_numpy(), 8), "date": np.repeat(a["date"].to_numpy(), 8),
        "indicator": np.tile(np.array(c.SHANARRI, dtype=object), n), "score": score.ravel(),
        "scale_max": np.repeat(smax, 8), "completed_with": np.repeat(completed, 8)})


def wellbeing_frame(wb: pd.DataFrame, ids: pd.Series) -> pd.DataFrame:
    """wellbeing_assessments as written."""
    return frame({"child_id": source_ids(ids, wb["child"]),
                  "assessment_date": iso(wb["date"]), "indicator": wb["indicator"],
                  "score": wb["score"], "scale_max": wb["scale_max"],
                  "completed_with": wb["completed_with"]})
