"""Read one SSDA903 return: its files recognised by their headers, translated together.

The files depend on each other (episodes are checked against the header's dates of
birth; OC3's leaving dates and collection year come from the episodes), so a return's
files are read as a set. Each file the product uses becomes one or two tables for
validation (etl/validate.py), carrying the rows the 903 rules already quarantined;
each file it does not use is reported as recognised and skipped, with why.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

from etl.readers import RawTable, Refusal, Skipped, blank_rows, csv_frame
from etl.ssda903 import episodes as ep
from etl.ssda903 import leavers
from etl.ssda903.layouts import LAYOUTS, TITLES, USED, normalise, recognise_bytes
from etl.ssda903.rows import PRIVATE, uk_date

Item = RawTable | Refusal | Skipped


def is_903(path: Path) -> bool:
    """Whether a CSV's header row is one of the SSDA903 layouts (whatever its name)."""
    if path.suffix.lower() != ".csv":
        return False
    try:
        with path.open("rb") as fh:
            return recognise_bytes(fh.read(4096)) is not None
    except OSError:
        return False


def read_return(paths: list[Path], localities: tuple[str, ...]) -> list[Item]:
    """Every item of one return: tables to validate, files skipped, files refused."""
    items: list[Item] = []
    files: dict[str, tuple[str, pd.DataFrame, str]] = {}     # kind -> (name, frame, sha)
    for path in paths:
        data = path.read_bytes()
        sha = hashlib.sha256(data).hexdigest()
        kind = recognise_bytes(data)
        frame = csv_frame(path.name, USED.get(kind), data, sha)
        if isinstance(frame, Refusal):
            items.append(frame)
        elif kind in files:
            items.append(Refusal(path.name, USED.get(kind), f"is a second SSDA903 "
                                 f"{TITLES[kind]} file (the first is {files[kind][0]}): "
                                 "load one return's files at a time", sha))
        elif kind not in USED:
            items.append(Skipped(path.name, None, f"recognised as the SSDA903 {TITLES[kind]} "
                                 f"file ({len(frame)} rows): not used by this product, so "
                                 "nothing was loaded from it", sha))
        else:
            files[kind] = (path.name, _tidy(frame, kind), sha)
    return items + _translate(files, localities)


def _tidy(frame: pd.DataFrame, kind: str) -> pd.DataFrame:
    """The layout's columns by their 903 names, values stripped, rows numbered from 1."""
    frame.columns = [normalise(c) for c in frame.columns]
    frame = frame.loc[:, ~frame.columns.duplicated()]
    frame = frame[list(LAYOUTS[kind])].apply(lambda s: s.str.strip())
    frame = frame.loc[~blank_rows(frame)]
    frame.index = frame.index + 1
    return frame


def _year_end(episodes: pd.DataFrame | None) -> pd.Timestamp | None:
    """The 31 March ending the collection year: the first on or after the latest DECOM."""
    if episodes is None:
        return None
    latest = uk_date(episodes["DECOM"]).max()
    if pd.isna(latest):
        return None
    end = pd.Timestamp(latest.year, 3, 31)
    return end if latest <= end else pd.Timestamp(latest.year + 1, 3, 31)


def _ceased(episodes: pd.DataFrame | None) -> pd.Series:
    """CHILD -> the end of the child's last episode, for children no longer looked after."""
    if episodes is None:
        return pd.Series(dtype="datetime64[us]")
    df = pd.DataFrame({"child": episodes["CHILD"], "start": uk_date(episodes["DECOM"]),
                       "end": uk_date(episodes["DEC"])}).sort_values(["child", "start"])
    last = df.groupby("child").tail(1).set_index("child")["end"]
    return last.dropna()


def _translate(files, localities) -> list[Item]:
    def frame(kind):
        return files[kind][1] if kind in files else None

    header, episodes = frame("header"), frame("episodes")
    births = (pd.Series(uk_date(header["DOB"]).to_numpy(), index=header["CHILD"])
              .groupby(level=0).first() if header is not None else pd.Series(dtype=object))
    year_end = _year_end(episodes)
    out: list[Item] = []
    for kind, (name, df, sha) in files.items():
        load_notes: list[str] = []
        if kind == "header":
            made, found, notes = ep.header(df, localities)
            tables, deps = [(made, "children")], ()
        elif kind == "episodes":
            tables, found, notes, load_notes = ep.episodes(df, births, year_end)
            deps = ("header",)
        elif kind == "oc3":
            tables, found, notes = leavers.oc3(df, _ceased(episodes), year_end)
            deps = ("episodes",)
        elif kind == "reviews":
            tables, found, notes = leavers.reviews(df)
            deps = ()
        else:
            tables, found, notes = leavers.missing(df)
            deps = ()
        # a table made with another file's facts is new when that file changes
        key = hashlib.sha256("".join([sha, *(files[d][2] for d in deps if d in files)])
                             .encode()).hexdigest()
        for made, table, *own in tables:      # a table may carry its own rule breaks
            issues = own[0] if own else found.issues
            out.append(RawTable(name, table, made, key, list(notes), list(issues),
                                dict(PRIVATE), list(load_notes) if table == tables[0][1]
                                else []))
    return out
