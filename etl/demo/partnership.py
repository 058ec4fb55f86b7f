"""generate(): the whole synthetic partnership, drawn table by table and written."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

from core.settings import Settings, load_settings
from etl.demo import (
    children,
    faults,
    files,
    leavers,
    placements,
    plan,
    protection,
    voice,
    wellbeing,
)
from etl.demo.window import Window

STREAMS = ("lac", "cp", "kids", "wb", "cl", "fb", "bad")   # one random stream per part


def _streams(seed: int) -> dict[str, np.random.Generator]:
    return {name: np.random.default_rng(s)
            for name, s in zip(STREAMS, np.random.SeedSequence(seed).spawn(len(STREAMS)))}


def _source_ids(kids: pd.DataFrame) -> pd.Series:
    """Case-system child ids by internal child number."""
    return pd.Series(kids["child_id"].to_numpy(dtype=object), index=kids["child"].to_numpy(),
                     dtype=object)


def generate(out_dir: Path, scale: float = 1.0, seed: int = 2019,
             as_at: dt.date | None = None, settings: Settings | None = None,
             bad_rows: bool = True) -> list[Path]:
    """Write the demo partnership's contract files into out_dir; return their paths."""
    out_dir = Path(out_dir)
    as_at = as_at or dt.date.today()
    settings = settings or load_settings()
    win = Window.build(as_at, settings.baseline_date)
    rng = _streams(seed)

    ep = placements.looked_after(rng["lac"], win, scale)
    cp = protection.registrations(rng["cp"], ep, win, scale)
    ahead = ep                   # every placement drawn: what followed a view (voice)
    ep = ep.loc[ep["start"] <= win.qend].reset_index(drop=True)      # nothing in the future
    cl = leavers.care_leavers(rng["cl"], ep, win)
    known = children.people(ep, cp, cl.drop_duplicates("child"), win)
    kids = children.child_records(rng["kids"], known, settings)
    ids = _source_ids(kids)
    kids = kids.sort_values("child_id", kind="stable")
    wb = wellbeing.assessments(rng["wb"], ep, win)
    fb = voice.feedback(rng["fb"], ep, cp, cl, kids, win, settings, wb=wb, ahead=ahead)

    frames = {  # built, bent and written one at a time, to keep memory down at scale
        "children": lambda: children.children_frame(kids),
        "looked_after_episodes": lambda: placements.episodes_frame(ep, ids, win),
        "child_protection_registrations": lambda: protection.registrations_frame(cp, ids),
        "wellbeing_assessments": lambda: wellbeing.wellbeing_frame(wb, ids),
        "care_leavers": lambda: leavers.care_leavers_frame(cl, ids),
        "feedback": lambda: voice.feedback_frame(fb, ids),
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    files.clear(out_dir)
    paths = []
    for table, build in frames.items():
        df = build()
        if bad_rows:
            df = faults.with_bad_rows(rng["bad"], table, df)
        paths.append(files.write_csv(df, out_dir, table))
        del df
    actions, targets = plan.improvement_actions(win, as_at), plan.targets(win)
    if bad_rows:
        actions, targets = faults.with_bad_plan_rows(actions, targets)
    paths.append(files.write_workbook(actions, targets, out_dir, as_at))
    return paths
