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
import json
from pathlib import Path

import pandas as pd
import pyarrow as pa

from etl import warehouse as wh
from etl.benchmark_readers import FORMATS, BenchTable, read_benchmark, table_columns
from etl.load import FileResult, LoadError, LoadResult, _audit, _message
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
    staging, con = wh.open_staging(db)
    try:
        for table in BENCH_TABLES:
            con.execute(bench_ddl(table))
        result = _load_items(con, items)
        result.db = db
        if result.published:
            wh.publish(staging, con, db)
        else:
            wh.abandon(staging, con)
        return result
    except BaseException:
        wh.abandon(staging, con)
        raise


def _load_items(con, items: list[BenchTable | Refusal]) -> LoadResult:
    load_id = con.execute("SELECT coalesce(max(load_id), 0) + 1 FROM load_audit").fetchone()[0]
    started = dt.datetime.now()
    result = LoadResult(load_id=load_id)
    for item in items:
        if isinstance(item, Refusal):
            result.files.append(FileResult(item.file, item.table, "refused",
                                           message=f"{item.file} {item.message}"))
            continue
        if _unchanged(con, item):
            result.files.append(FileResult(
                item.file, item.table, "unchanged", item.rows_read, 0, 0, 0,
                f"{item.file}: already loaded with identical content; nothing changed"))
            continue
        fr = FileResult(item.file, item.table,
                        "quarantined" if item.rows_quarantined else "loaded",
                        item.rows_read, item.rows_loaded, item.rows_quarantined)
        fr.rows_replaced = _store(con, item, load_id)
        _quarantine(con, item, load_id)
        notes = [f"{FORMATS[item.format].label}", *item.notes]
        if fr.rows_replaced:
            notes.append(f"replaced {fr.rows_replaced} row(s) loaded before from this file")
        fr.message = _message(item.file, fr, {}, notes)
        result.files.append(fr)
    result.published = any(f.status in ("loaded", "quarantined") for f in result.files)
    if result.published:
        demo = con.execute("SELECT value FROM warehouse_info WHERE key = 'demo'").fetchone()
        _audit(con, result, load_id, started, bool(demo and demo[0] == "true"), items)
        con.execute("INSERT OR REPLACE INTO warehouse_info VALUES ('published_at', ?)",
                    [dt.datetime.now().isoformat(timespec="seconds")])
        wh.build_views(con)
    return result


def _unchanged(con, item: BenchTable) -> bool:
    last = con.execute("""
        SELECT sha256 FROM file_audit WHERE file = ? AND table_name = ? AND status <> 'refused'
        ORDER BY load_id DESC LIMIT 1""", [item.file, item.table]).fetchone()
    return bool(last) and last[0] == item.sha256


def _store(con, item: BenchTable, load_id: int) -> int:
    """Replace what a file of this name loaded before (in any benchmark table); insert."""
    replaced = 0
    for table in BENCH_TABLES:
        replaced += con.execute(f"SELECT count(*) FROM {table} WHERE _source_file = ?",
                                [item.file]).fetchone()[0]
        con.execute(f"DELETE FROM {table} WHERE _source_file = ?", [item.file])
    if item.clean.empty:
        return replaced
    cols = BENCH_TABLES[item.table]
    frame = item.clean.reindex(columns=[*cols, "_source_row"])
    con.register("incoming", pa.Table.from_pandas(frame, preserve_index=False))
    names = ", ".join(f'"{n}"' for n in cols)
    casts = ", ".join(f'CAST("{n}" AS {t})' for n, t in cols.items())
    con.execute(f"INSERT INTO {item.table} ({names}, _source_file, _source_row, _load_id) "
                f"SELECT {casts}, ?, _source_row, ? FROM incoming", [item.file, load_id])
    con.unregister("incoming")
    return replaced


def _quarantine(con, item: BenchTable, load_id: int) -> None:
    if not item.issues:
        return
    rows = pd.DataFrame([{
        "load_id": load_id, "file": item.file, "table_name": item.table, "row": i.row,
        "column_name": i.column, "rule": i.rule,
        "values": json.dumps(i.values, ensure_ascii=False)} for i in item.issues])
    con.register("q", rows)
    con.execute('INSERT INTO quarantine SELECT load_id, file, table_name, "row", column_name, '
                'rule, "values" FROM q')
    con.unregister("q")
