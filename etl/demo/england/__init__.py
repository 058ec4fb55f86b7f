"""A synthetic English council's SSDA903 returns (`outcomes demo --format ssda903`).

`generate()` simulates an English council's looked-after children in the 903's own
terms (care.py: spells, episodes, legal statuses, placements, reasons), then cuts one
return per collection year (returns.py) for the `years` years to the last 31 March on
or before the as-at date, each in its own folder with every 903 file:

    <out>/ssda903_2023-24/header_2023-24.csv, episodes_2023-24.csv, ...

A year's files carry the year in their names because the warehouse keys what it loaded
by file name: loading the years oldest first (one `outcomes load` per folder, as a
council loads each year's return) keeps every year, a later return's record of the same
episode replacing the earlier one. The files are recognised by their header rows, as a
council's own are. At scale 1 the council is about Barnsley's size (370 looked after at
31 March); Barnsley is the demo's council (examples/england/partnership.toml) because
DfE publishes its ten statistical neighbours.

With `bad_rows`, each year's return has a few rows that break the 903's rules
(faults.py). Same seed, scale, years and as-at date: the same bytes.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np

from etl.demo import files as contract_files
from etl.demo.dates import day
from etl.demo.england import care, faults, returns

KINDS = ("header", "episodes", "reviews", "missing", "oc3", "oc2", "uasc", "ad1",
         "placed_for_adoption", "previous_permanence")
PREFIX = "ssda903_"
YEARS = 5
STREAMS = ("care", "people", "returns", "bad")


def last_year_end(as_at: dt.date) -> dt.date:
    """The last 31 March on or before `as_at`: the end of the latest complete year."""
    end = dt.date(as_at.year, 3, 31)
    return end if end <= as_at else dt.date(as_at.year - 1, 3, 31)


def year_label(year_end: dt.date) -> str:
    """DfE's name for the collection year ending on `year_end`: 2023-24."""
    return f"{year_end.year - 1}-{year_end.year % 100:02d}"


def year_folders(out_dir: Path) -> list[Path]:
    """The return folders in `out_dir`, oldest first."""
    return sorted(p for p in Path(out_dir).glob(PREFIX + "*") if p.is_dir())


def clear(out_dir: Path) -> None:
    """Remove an earlier run's demo files (either format); anything else is left alone."""
    contract_files.clear(out_dir)
    for folder in year_folders(out_dir):
        label = folder.name[len(PREFIX):]
        for kind in KINDS:
            (folder / f"{kind}_{label}.csv").unlink(missing_ok=True)
        if not any(folder.iterdir()):
            folder.rmdir()


def generate(out_dir: Path, scale: float = 1.0, seed: int = 2019, as_at: dt.date | None = None,
             bad_rows: bool = True, years: int = YEARS) -> list[Path]:
    """Write the council's returns into out_dir; return the paths, oldest year first."""
    out_dir = Path(out_dir)
    as_at = as_at or dt.date.today()
    last = last_year_end(as_at)
    ends = [dt.date(last.year - k, 3, 31) for k in range(years - 1, -1, -1)]
    rng = {name: np.random.default_rng(s) for name, s in
           zip(STREAMS, np.random.SeedSequence(seed).spawn(len(STREAMS)))}
    first_start = day(dt.date(ends[0].year - 1, 4, 1))
    kids, ep = care.looked_after(rng["care"], first_start, day(last), scale)
    kids = returns.people(rng["people"], kids, ep)
    out_dir.mkdir(parents=True, exist_ok=True)
    clear(out_dir)
    paths = []
    for end in ends:
        label = year_label(end)
        folder = out_dir / f"{PREFIX}{label}"
        folder.mkdir(exist_ok=True)
        made = returns.year_return(rng["returns"], kids, ep, day(end))
        if bad_rows:
            made = faults.with_faults(rng["bad"], made)
        for kind in KINDS:
            path = folder / f"{kind}_{label}.csv"
            made[kind].to_csv(path, index=False, encoding="utf-8")
            paths.append(path)
    return paths


__all__ = ["KINDS", "YEARS", "clear", "generate", "last_year_end", "year_folders",
           "year_label"]
