"""Load publishers' benchmark files (LGBF, ScotPHO, Care Inspectorate) into the warehouse.

The same rules as a partner load (etl/load.py): rows read = loaded + quarantined;
a file already loaded with the same content is skipped; a re-loaded file name
replaces what it loaded before; every file gets a `file_audit` row, every bad row
a `quarantine` row, the load a `load_audit` row; nothing is published when every
file is refused. Benchmark data is published aggregate data about councils and
services, never about a child, so nothing is pseudonymised and the warehouse's
key fingerprint is neither checked nor set: benchmarks load into any warehouse.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow as pa

from etl import warehouse as wh
from etl.benchmark_readers import FORMATS, BenchTable, read_benchmark, table_columns
from etl.load import FileResult, LoadError, LoadResult, file_message, write_audit
from etl.readers import Refusal
from etl.settings import Settings

BENCH_TABLES: dict[str, dict[str, str]] = {}
for _fmt in FORMATS.values():
    BENCH_TABLES.setdefault(_fmt.table, {}).update(table_columns(_fmt))


def bench_ddl(table: str) -> str:
    cols = ", ".join(f'"{n}" {t}' for n, t in BENCH_TABLES[table].items())
    return f"CREATE TABLE IF NOT EXISTS {table} ({cols}, {wh.LINEAGE})"


def load_benchmarks(paths: list[Path], db: Path, settings: Settings | None = None
                    ) -> LoadResult:
    """Read, check and store each benchmark file; publish a new warehouse if any loaded."""
    missing = [str(p) for p in paths if not Path(p).exists()]
    if missing:
        raise LoadError("no such file: " + ", ".join(missing))
    files = [f for p in map(Path, paths)
             for f in (sorted(x for x in p.iterdir() if x.is_file()) if p.is_dir() else [p])]
    items = [read_benchmark(f) for f in files]

    def work(con) -> LoadResult:
        for table in BENCH_TABLES:
            con.execute(bench_ddl(table))
        return _load_items(con, items)
    return wh.staged(db, work)


def _load_items(con, items: list[BenchTable | Refusal]) -> LoadResult:
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
        if not wh.has_views(con):      # the views read partner tables only: built once
            wh.build_views(con)
    return result



def _store(con, item: BenchTable, load_id: int) -> int:
    """Replace what a file of this name loaded before (in any benchmark table); insert."""
    replaced = 0
    for table in BENCH_TABLES:
        replaced += con.execute(f"DELETE FROM {table} WHERE _source_file = ?",
                                [item.file]).fetchone()[0]
    if item.clean.empty:
        return replaced
    cols = BENCH_TABLES[item.table]
    frame = item.clean.reindex(columns=[*cols, "_source_row"])
    con.register("incoming", pa.Table.from_pandas(frame, preserve_index=False))
    wh.insert_incoming(con, item.table, cols, item.file, load_id)
    con.unregister("incoming")
    return replaced

