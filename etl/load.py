"""One load: read files, validate, minimise, write a new warehouse, publish it.

Rules that a partnership can rely on (README, "Loading your own exports"):
- rows read = rows loaded + rows quarantined, for every file;
- a file already loaded with the same content is skipped ("unchanged");
- a file with the same name as one loaded before replaces what it loaded;
- two files that hold the same record (same key): the file loaded later wins,
  and the load says how many records it replaced and from which files;
- nothing is published when every file is refused.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa

from core import contract as c
from core.settings import DEMO_KEY, Settings
from etl import warehouse as wh
from etl.privacy import Pseudonymiser, ethnic_group, month_only, strike_contacts_series
from etl.readers import (
    XLSX_SUFFIXES,
    RawTable,
    Refusal,
    Skipped,
    discover,
    load_mapping,
    read_path,
)
from etl.ssda903.read import is_903, read_return
from etl.validate import Context, Validated, validate

TOOL_VERSION = "0.1.0"
FREE_TEXT = ("comment", "action_taken", "topic")


class LoadError(RuntimeError):
    """The load cannot run at all (no key, wrong key, unusable mapping)."""


@dataclass
class FileResult:
    file: str
    table: str | None
    status: str                  # loaded | quarantined | refused | unchanged | skipped
    rows_read: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    rows_replaced: int = 0
    message: str = ""


@dataclass
class LoadResult:
    files: list[FileResult] = field(default_factory=list)
    published: bool = False
    load_id: int | None = None
    db: Path | None = None
    notes: list[str] = field(default_factory=list)     # said once, not per file

    @property
    def exit_code(self) -> int:
        if not self.published and any(f.status == "refused" for f in self.files):
            return 2
        if any(f.status in ("refused", "quarantined") for f in self.files):
            return 1
        return 0


Progress = Callable[[str, int], None]     # (file name, rows) after each table


def run_load(paths: list[Path], db: Path, settings: Settings, *, mapping: Path | None = None,
             demo: bool = False, progress: Progress | None = None, wait: bool = True,
             on_wait: Callable[[str], None] | None = None) -> LoadResult:
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise LoadError("no such file or folder: " + ", ".join(missing))
    files, found_mapping, refused = discover(paths)
    renames = load_mapping(mapping or found_mapping)
    pseudonymiser = Pseudonymiser(_key(settings, demo))
    items = itertools.chain(refused, _read_in_table_order(files, renames, settings.localities))
    return wh.staged(db, lambda con: _load_items(con, items, settings, pseudonymiser, demo,
                                                 progress), wait=wait, on_wait=on_wait)


def _key(settings: Settings, demo: bool) -> str:
    if demo:
        return DEMO_KEY
    key = settings.pseudonym_key()
    if not key:
        raise LoadError(f"no pseudonymisation key: set the environment variable "
                        f"{settings.key_env} or key_file in {settings.source.name} "
                        f"(or use --demo for synthetic demo data)")
    return key


def _read_in_table_order(files: list[Path], renames, localities: tuple[str, ...] = ()
                         ) -> Iterator[RawTable | Refusal | Skipped]:
    """Every table in every file, children first (the others are checked against them).

    A CSV's table is known from its name, so CSVs are read in table order by a
    worker thread while the tables before them are validated; workbooks, whose
    tables are only known once opened, are read first. England's SSDA903 files are
    known by their header rows and read together first (etl/ssda903), since they
    depend on each other; the files of theirs this product does not use come first.
    """
    rank = {t: i for i, t in enumerate(c.LOAD_ORDER)}
    last = len(c.LOAD_ORDER)
    return_files = [f for f in files if is_903(f)]
    files = [f for f in files if f not in return_files]
    from_return = read_return(return_files, localities) if return_files else []
    yield from (i for i in from_return if not isinstance(i, RawTable))
    books = [f for f in files if f.suffix.lower() in XLSX_SUFFIXES]
    book_items = [i for i in from_return if isinstance(i, RawTable)]
    flat = sorted((f for f in files if f not in books),
                  key=lambda f: rank.get(c.table_for_name(f.stem), last))
    book_items += [item for f in books for item in read_path(f, renames)]
    with ThreadPoolExecutor(max_workers=1) as pool:
        pending = [(rank.get(c.table_for_name(f.stem), last), pool.submit(read_path, f, renames))
                   for f in flat]
        for r in range(last + 1):
            yield from (i for i in book_items if rank.get(i.table, last) == r)
            for table_rank, future in pending:
                if table_rank == r:
                    yield from future.result()


def _load_items(con, items, settings, pseudonymiser, demo, progress):
    """Validate tables in order; a writer thread stores each while the next is checked."""
    _check_key(con, pseudonymiser)
    wh.rename_old_comparator_tables(con)     # a warehouse from before the rename
    load_id = wh.next_load_id(con)
    started = dt.datetime.now()
    result = LoadResult(load_id=load_id)
    ctx = Context(pseudonymiser, settings.localities)
    known = _known_children(con)
    ctx.children_dob = _birth_dates(known)
    sha: dict[tuple[str, str | None], str] = {}        # all the audit keeps of each item
    writes: list[tuple[FileResult, str, list[str], Future]] = []
    writer_con = con.cursor()
    with ThreadPoolExecutor(max_workers=1) as writer:
        for item in items:
            sha[(item.file, item.table)] = item.sha256
            if isinstance(item, Refusal):
                result.files.append(FileResult(item.file, item.table, "refused",
                                               message=f"{item.file} {item.message}"))
                continue
            if isinstance(item, Skipped):
                result.files.append(FileResult(item.file, item.table, "skipped",
                                               message=f"{item.file}: {item.message}"))
                continue
            if item.table == "children":                 # this file's earlier rows give way
                known = known.loc[known["_source_file"] != item.file]
                ctx.children_dob = _birth_dates(known)
            fr, checked, stored = _check_one(con, item, ctx)
            result.files.append(fr)
            if fr.status != "unchanged":
                result.notes += [n for n in item.load_notes if n not in result.notes]
            if stored is not None:
                writes.append((fr, _label(item), item.notes, writer.submit(
                    _write, writer_con, item, checked, stored, load_id)))
            if item.table == "children" and stored is not None:
                fresh = stored[["child_id", "date_of_birth"]].assign(_source_file=item.file)
                known = pd.concat([known.loc[~known["child_id"].isin(fresh["child_id"])], fresh])
                ctx.children_dob = _birth_dates(known)
            if progress:
                progress(item.file, fr.rows_read)
        for fr, label, notes, done in writes:
            replaced = done.result()
            fr.rows_replaced = sum(replaced.values())
            fr.message = file_message(label, fr, replaced, notes)
    writer_con.close()
    result.published = any(f.status in ("loaded", "quarantined") for f in result.files)
    # a warehouse made by an older version's views is rebuilt by any load that is not
    # refused, even when no file changed (the figures follow the code's definitions)
    outdated = any(f.status == "unchanged" for f in result.files) and not wh.views_current(con)
    result.published = result.published or outdated
    if result.published:
        write_audit(con, result, load_id, started, demo, sha)
        _set_info(con, pseudonymiser, demo, settings)
        wh.build_views(con)
    return result


def _check_key(con, pseudonymiser: Pseudonymiser) -> None:
    row = con.execute("SELECT value FROM warehouse_info WHERE key = 'key_fingerprint'").fetchone()
    if row and row[0] != pseudonymiser.fingerprint:
        was = con.execute("SELECT value FROM warehouse_info WHERE key = 'demo'").fetchone()
        hint = (" (it holds demo data: load demo files with --demo, or use a new --db)"
                if was and was[0] == "true" else "")
        raise LoadError("this warehouse was built with a different pseudonymisation key; "
                        "loading with this one would break every link between tables" + hint)


def _known_children(con) -> pd.DataFrame:
    """Children already in the warehouse: pseudonym, birth month, the file they came from."""
    return con.execute("SELECT child_id, date_of_birth, _source_file FROM children").df()


def _birth_dates(known: pd.DataFrame) -> pd.Series:
    """Each known child's birth month, by child id (for the cross-table date rules)."""
    return pd.Series(known["date_of_birth"].to_numpy(dtype="datetime64[us]"),
                     index=known["child_id"].to_numpy())


def _label(raw: RawTable) -> str:
    """The file's name, and the sheet's table where a workbook holds several."""
    same = raw.table == c.table_for_name(Path(raw.file).stem)
    return raw.file if same else f"{raw.file} [{raw.table}]"


def _check_one(con, raw: RawTable, ctx: Context
               ) -> tuple[FileResult, Validated | None, pd.DataFrame | None]:
    if wh.already_loaded(con, raw.file, raw.table, raw.sha256):
        return FileResult(raw.file, raw.table, "unchanged", len(raw.frame), 0, 0, 0,
                          f"{_label(raw)}: already loaded with identical content; "
                          "nothing changed"), None, None
    checked = validate(raw, ctx)
    stored = minimise(checked, ctx.pseudonymiser)
    q = len(checked.quarantined_rows)
    fr = FileResult(raw.file, raw.table, "quarantined" if q else "loaded", checked.rows_read,
                    len(stored), q)
    return fr, checked, stored


def _write(con, raw: RawTable, checked: Validated, stored: pd.DataFrame,
           load_id: int) -> dict[str, int]:
    replaced = _store(con, raw, stored, load_id)
    wh.write_quarantine(con, raw.file, raw.table, checked.issues, load_id)
    return replaced



def minimise(checked: Validated, pseudonymiser: Pseudonymiser) -> pd.DataFrame:
    """The clean rows as the warehouse keeps them: no raw identifier, no full birth date."""
    df = checked.clean.copy()
    for col in c.PSEUDONYMISED.get(checked.table, ()):
        df[col] = pseudonymiser.series(df[col])
    if checked.table == "children":
        df["date_of_birth"] = month_only(df["date_of_birth"])
        said = df["ethnicity"].fillna("")
        df["ethnicity"] = said.map({v: ethnic_group(v) for v in said.unique()})
    if checked.table == "feedback":
        df["can_quote"] = df["can_quote"].fillna(False)
    for col in FREE_TEXT:
        if col in df:
            df[col] = strike_contacts_series(df[col])
    df["_source_row"] = df.index.astype("int64")
    return df


def _store(con, raw: RawTable, stored: pd.DataFrame, load_id: int) -> dict[str, int]:
    """Replace what this file loaded before and any record it supersedes; insert."""
    spec = c.TABLES_ALL[raw.table]
    con.execute(f"DELETE FROM {spec.name} WHERE _source_file = ?", [raw.file])
    con.register("incoming", pa.Table.from_pandas(stored, preserve_index=False))
    keys = " AND ".join(f't."{k}" = i."{k}"' for k in spec.key)
    replaced = dict(con.execute(f"""
        SELECT _source_file, count(*) FROM {spec.name} t
        WHERE EXISTS (SELECT 1 FROM incoming i WHERE {keys}) GROUP BY ALL""").fetchall())
    con.execute(f"DELETE FROM {spec.name} t WHERE EXISTS (SELECT 1 FROM incoming i WHERE {keys})")
    wh.insert_incoming(con, spec.name, {col.name: c.SQL_TYPES[col.kind] for col in spec.columns},
                       raw.file, load_id)
    con.unregister("incoming")
    return replaced



def file_message(label: str, fr: FileResult, replaced: dict[str, int], notes: list[str]) -> str:
    parts = [f"{label}: {fr.rows_read} rows read, {fr.rows_loaded} loaded, "
             f"{fr.rows_quarantined} quarantined"]
    parts += [f"{n} record(s) replaced those loaded from {f}"
              for f, n in sorted(replaced.items()) if f != fr.file]
    return "; ".join(parts + notes)


def write_audit(con, result: LoadResult, load_id: int, started: dt.datetime, demo: bool,
                sha: dict[tuple[str, str | None], str]) -> None:
    """One row per file (with its sha256, keyed by file and table) and one for the load."""
    now = dt.datetime.now()
    for f in result.files:
        con.execute("INSERT INTO file_audit VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [
            load_id, f.file, f.table, sha.get((f.file, f.table), ""), f.status, f.rows_read,
            f.rows_loaded, f.rows_quarantined, f.rows_replaced, f.message, now])
    totals = [sum(getattr(f, a) for f in result.files)
              for a in ("rows_read", "rows_loaded", "rows_quarantined", "rows_replaced")]
    status = "clean" if result.exit_code == 0 else "with problems"
    con.execute("INSERT INTO load_audit VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [load_id, started, now, status, len(result.files), *totals, demo, TOOL_VERSION])


def _set_info(con, pseudonymiser: Pseudonymiser, demo: bool, settings: Settings) -> None:
    info = {"key_fingerprint": pseudonymiser.fingerprint, "demo": "true" if demo else "false",
            "partnership": settings.name, "council": settings.council,
            "published_at": dt.datetime.now().isoformat(timespec="seconds")}
    for k, v in info.items():
        con.execute("INSERT OR REPLACE INTO warehouse_info VALUES (?, ?)", [k, v])
