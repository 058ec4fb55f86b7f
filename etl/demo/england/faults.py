"""A few rows in each year's return that break the 903's rules (`bad_rows=True`), so
that the quarantine has something to show: each is one that DfE's validator names.

- episodes: a placement code outside the specification's set (U7), and a copy of a
  closed episode restarted a day into it (episodes of one child that overlap);
- reviews: PN0 ("under 4") for a child of 4 or over (validator rule 440);
- oc3: accommodation S1 ("homeless; suitable": not a pair the specification allows).

Nothing else in the return is touched, so exactly these rows are quarantined.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

# file -> how many rows each year's return breaks in it
FAULTS = {"episodes": 2, "reviews": 1, "oc3": 1}


def _uk(s: pd.Series) -> pd.Series:
    return pd.to_datetime(s, format="%d/%m/%Y", errors="coerce")


def _fmt(t: pd.Timestamp) -> str:
    return t.strftime("%d/%m/%Y")


def with_faults(rng, files: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    out = dict(files)
    ep = files["episodes"].copy()
    start, end = _uk(ep["DECOM"]), _uk(ep["DEC"])
    # a bad placement code on an episode in the year (the last DECOM falls in it)
    recent = np.flatnonzero((start > start.max() - pd.Timedelta(days=300)).to_numpy())
    ep.iloc[int(rng.choice(recent)), ep.columns.get_loc("PLACE")] = "U7"
    # an overlapping copy: starts a day after a closed episode did, ends a day later,
    # inside it, so that only the copy breaks the rule
    long = np.flatnonzero(((end - start).dt.days >= 5).to_numpy()
                          & (ep["PLACE"] != "U7").to_numpy())
    i = int(rng.choice(long))
    copy = ep.iloc[[i]].copy()
    copy["DECOM"] = _fmt(start.iloc[i] + pd.Timedelta(days=1))
    copy["DEC"] = _fmt(start.iloc[i] + pd.Timedelta(days=2))
    copy["RNE"], copy["REC"], copy["REASON_PLACE_CHANGE"] = "P", "X1", "OTHER"
    ep = pd.concat([ep.iloc[:i + 1], copy, ep.iloc[i + 1:]], ignore_index=True)
    out["episodes"] = ep
    # PN0 for a child aged 4 or over
    rev = files["reviews"].copy()
    older = np.flatnonzero((rev["REVIEW_CODE"] != "PN0").to_numpy())
    rev.iloc[int(rng.choice(older)), rev.columns.get_loc("REVIEW_CODE")] = "PN0"
    out["reviews"] = rev
    # accommodation outside the allowed pairs
    oc3 = files["oc3"].copy()
    if len(oc3):
        oc3.iloc[int(rng.integers(len(oc3))), oc3.columns.get_loc("ACCOM")] = "S1"
    out["oc3"] = oc3
    return out
