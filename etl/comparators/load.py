"""Load publishers' published comparator files (LGBF, ScotPHO, Care Inspectorate) into
the warehouse.

The same rules as a partner load (etl/load.py): rows read = loaded + quarantined;
a file already loaded with the same content is skipped; a re-loaded file name
replaces what it loaded before; every file gets a `file_audit` row, every bad row
a `quarantine` row, the load a `load_audit` row; nothing is published when every
file is refused. Published comparators are aggregate data about councils and
services, never about a child, so nothing is pseudonymised and the warehouse's
key fingerprint is neither checked nor set: comparators load into any warehouse.

A warehouse published before the tables were called ``comparator_*`` holds them as
``bench_*``: a load renames each to its new name (where the new one does not exist
yet), with the audit and quarantine rows that name it, so nothing loaded before is
lost (etl/warehouse.py), and publishes the renamed copy unless every file was refused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa

from etl import warehouse as wh
from etl.comparators.readers import FORMATS, read_comparator
from etl.comparators.validation import ComparatorTable, table_columns
from etl.load import FileResult, LoadError, LoadResult, file_message, write_audit
from etl.readers import Refusal, files_in

COMPARATOR_TABLES: dict[str, dict[str, str]] = {}
for _fmt in FORMATS.values():
    COMPARATOR_TABLES.setdefault(_fmt.table, {}).update(table_columns(_fmt))


def comparator_ddl(table: str) -> str:
    cols = ", ".join(f'"{n}" {t}' for n, t in COMPARATOR_TABLES[table].items())
    return f"CREATE TABLE IF NOT EXISTS {table} ({cols}, {wh.LINEAGE})"


def load_comparators(paths: list[Path], db: Path, *, wait: bool = True,
                     on_wait: Callable[[str], None] | None = None) -> LoadResult:
    """Read, check and store each comparator file; publish a new warehouse if any loaded."""
    missing = [str(p) for p in paths if not Path(p).exists()]
    if missing:
        raise LoadError("no such file: " + ", ".join(missing))
    files, refused = files_in([Path(p) for p in paths])
    items = [*refused, *(read_comparator(f) for f in files)]

    def work(con) -> LoadResult:
        renamed = wh.rename_old_comparator_tables(con)
        for table in COMPARATOR_TABLES:
            con.execute(comparator_ddl(table))
        result = _load_items(con, items)
        if renamed and not all(f.status == "refused" for f in result.files):
            result.published = True        # the renamed tables, even if nothing new loaded
        return result
    return wh.staged(db, work, wait=wait, on_wait=on_wait)


def _load_items(con, items: list[ComparatorTable | Refusal]) -> LoadResult:
    load_id = wh.next_load_id(con)
    started = dt.datetime.now()
    result = LoadResult(load_id=load_id)
    for item in items:
        if isinstance(item, Refusal):
            result.files.append(FileResult(item.file, item.table, "refused",
                                           message=f"{item.file} {item.message}"))
            continue
        if wh.already_loaded(con, item.file, item.table, item.sha256):
            result.files.append(FileResult(
                item.file, item.table, "unchanged", item.rows_read, 0, 0, 0,
                f"{item.file}: already loaded with identical content; nothing changed"))
            continue
        fr = FileResult(item.file, item.table,
                        "quarantined" if item.rows_quarantined else "loaded",
                        item.rows_read, item.rows_loaded, item.rows_quarantined)
        fr.rows_replaced = _store(con, item, load_id)
        wh.write_quarantine(con, item.file, item.table, item.issues, load_id)
        notes = [f"{FORMATS[item.format].label}", *item.notes]
        if fr.rows_replaced:
            notes.append(f"replaced {fr.rows_replaced} row(s) loaded before from this file")
        fr.message = file_message(item.file, fr, {}, notes)
        result.files.append(fr)
    result.published = any(f.status in ("loaded", "quarantined") for f in result.files)
    if result.published:
        demo = con.execute("SELECT value FROM warehouse_info WHERE key = 'demo'").fetchone()
        write_audit(con, result, load_id, started, bool(demo and demo[0] == "true"),
                    {(i.file, i.table): i.sha256 for i in items})
        con.execute("INSERT OR REPLACE INTO warehouse_info VALUES ('published_at', ?)",
                    [dt.datetime.now().isoformat(timespec="seconds")])
        if not wh.views_current(con):  # the views read partner tables only: built once
            wh.build_views(con)
    return result


def _store(con, item: ComparatorTable, load_id: int) -> int:
    """Replace what a file of this name loaded before (in any comparator table); insert."""
    replaced = 0
    for table in COMPARATOR_TABLES:
        replaced += con.execute(f"DELETE FROM {table} WHERE _source_file = ?",
                                [item.file]).fetchone()[0]
    if item.clean.empty:
        return replaced
    cols = COMPARATOR_TABLES[item.table]
    frame = item.clean.reindex(columns=[*cols, "_source_row"])
    con.register("incoming", pa.Table.from_pandas(frame, preserve_index=False))
    wh.insert_incoming(con, item.table, cols, item.file, load_id)
    con.unregister("incoming")
    return replaced

