"""The children table: everyone some other table refers to, with ids, sex, ethnicity,
disability and locality."""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.settings import Settings
from etl.demo.columns import frame
from etl.demo.dates import NO_DATE, iso
from etl.demo.sampling import pick_n
from etl.demo.window import Window
from etl.demo.wording import read

# Each sex code in its long and short spelling (12% of children get the short one).
SEX_SPELLINGS = {"female": ("female", "F"), "male": ("male", "M"), "unknown": ("unknown", "U"),
                 "other": ("other", "X")}
ETHNICITY: dict[str, float] = read("ethnicity.yaml")
LOCALITIES: dict[str, dict] = read("localities.yaml")


def locality_weights(localities: tuple[str, ...]) -> np.ndarray:
    """The share of children in each locality: known ones from localities.yaml, others
    from a falling scale."""
    fallback = np.linspace(1.4, 0.8, len(localities))
    w = np.array([LOCALITIES[loc]["share"] if loc in LOCALITIES
                  else fallback[i] / len(localities) for i, loc in enumerate(localities)])
    return w / w.sum()


def people(ep: pd.DataFrame, cp: pd.DataFrame, leavers: pd.DataFrame,
           win: Window) -> pd.DataFrame:
    """Every child some written table refers to, with when they first became known."""
    shown = ep.loc[(ep["end"] >= win.keep_from) & (ep["start"] <= win.qend)]
    frames = [shown[["child", "dob", "start"]].rename(columns={"start": "seen"}),
              cp[["child", "dob", "reg"]].rename(columns={"reg": "seen"}),
              leavers[["child", "dob", "ceased"]].rename(columns={"ceased": "seen"})]
    allp = pd.concat(frames, ignore_index=True)
    first_ep = ep.groupby("child")["start"].min()
    found = allp.groupby("child", sort=True).agg(dob=("dob", "first"), seen=("seen", "min"))
    found["first_seen"] = np.minimum(found["seen"],
                                     first_ep.reindex(found.index).fillna(NO_DATE)
                                     .astype(np.int64))
    return found.reset_index()


def child_records(rng, known: pd.DataFrame, settings: Settings) -> pd.DataFrame:
    """One row per child: ids in the order they became known, like a case system's."""
    known = known.sort_values(["first_seen", "child"], kind="stable").reset_index(drop=True)
    n = len(known)
    ids = 1_000_000 + np.cumsum(rng.integers(1, 40, n))
    sex = np.array(["female", "male", "unknown", "other"])[
        pick_n(rng, [.47, .52, .008, .002], n)]
    short = rng.random(n) < 0.12
    spelt = np.array([SEX_SPELLINGS[s][int(k)] for s, k in zip(sex, short)], dtype=object)
    disability = np.array(["Yes", "No", "Unknown"])[pick_n(rng, [.15, .76, .09], n)]
    eth = np.array(list(ETHNICITY), dtype=object)[pick_n(rng, list(ETHNICITY.values()), n)]
    loc = np.array(settings.localities, dtype=object)[
        pick_n(rng, locality_weights(settings.localities), n)]
    return pd.DataFrame({"child": known["child"].to_numpy(),
                         "child_id": np.array([f"C{i:07d}" for i in ids], dtype=object),
                         "dob": known["dob"].to_numpy(), "sex": spelt, "disability": disability,
                         "ethnicity": eth, "locality": loc})


def children_frame(kids: pd.DataFrame) -> pd.DataFrame:
    """children as written."""
    return frame({"child_id": kids["child_id"], "date_of_birth": iso(kids["dob"]),
                  "sex": kids["sex"], "disability": kids["disability"],
                  "ethnicity": kids["ethnicity"], "locality": kids["locality"]})
