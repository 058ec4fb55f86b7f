"""The DuckDB warehouse file: its tables, and how a new one is published.

A load never writes to the published file. It copies it (or starts empty)
to a staging file beside it, writes there, and swaps the finished file in
with os.replace, which is atomic on one filesystem. A load that fails or is
killed leaves the published file exactly as it was; a reader that has it
open keeps reading the old one until it reopens.

Loads into one warehouse take turns: each holds an OS lock on `<db>.lock`
(flock) from the copy to the publish, so a second load waits for the first
and copies what it published (or, asked not to wait, refuses). The lock is
the kernel's: a load that is killed lets go of it at once.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd

from core import contract as c
from core.connection import connect
from core.catalogue import INDICATORS
from core.rules import rules_sql

SQL_DIR = Path(__file__).parent / "sql"
LINEAGE = "_source_file VARCHAR NOT NULL, _source_row INTEGER NOT NULL, _load_id INTEGER NOT NULL"

AUDIT_DDL = """
CREATE TABLE IF NOT EXISTS warehouse_info (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS load_audit (
    load_id INTEGER PRIMARY KEY, started_at TIMESTAMP, finished_at TIMESTAMP,
    status VARCHAR, files INTEGER, rows_read BIGINT, rows_loaded BIGINT,
    rows_quarantined BIGINT, rows_replaced BIGINT, demo BOOLEAN, tool_version VARCHAR);
CREATE TABLE IF NOT EXISTS file_audit (
    load_id INTEGER, file VARCHAR, table_name VARCHAR, sha256 VARCHAR, status VARCHAR,
    rows_read BIGINT, rows_loaded BIGINT, rows_quarantined BIGINT, rows_replaced BIGINT,
    message VARCHAR, loaded_at TIMESTAMP);
CREATE TABLE IF NOT EXISTS quarantine (
    load_id INTEGER, file VARCHAR, table_name VARCHAR, "row" INTEGER,
    column_name VARCHAR, rule VARCHAR, "values" VARCHAR);
"""


def table_ddl(spec: c.Table) -> str:
    cols = ", ".join(f'"{col.name}" {c.SQL_TYPES[col.kind]}' for col in spec.columns)
    return f"CREATE TABLE IF NOT EXISTS {spec.name} ({cols}, {LINEAGE})"


def staging_path(published: Path) -> Path:
    return published.with_name(f"{published.name}.tmp-{os.getpid()}")


class Busy(RuntimeError):
    """Another load is publishing this warehouse and this one was asked not to wait."""


def lock_path(published: Path) -> Path:
    return published.with_name(f"{published.name}.lock")


@contextmanager
def publish_lock(published: Path, *, wait: bool = True,
                 on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the warehouse's load lock: wait for a load that holds it (saying so through
    `on_wait`), or raise Busy when `wait` is False. Released on exit, or by the kernel
    when the process dies."""
    published.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_path(published), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip() or "another process"
            if not wait:
                raise Busy(f"another load ({holder}) is publishing {published}; "
                           "try again when it has finished") from None
            if on_wait:
                on_wait(f"waiting: another load ({holder}) is publishing {published}; "
                        "this one starts when it has finished (Ctrl-C stops waiting)")
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"process {os.getpid()}, since {dt.datetime.now():%H:%M:%S}".encode(), 0)
        yield
    finally:
        os.close(fd)                                  # lets go of the lock


def clear_stale_staging(published: Path) -> list[str]:
    """Staging files left by a killed load. Called with the load lock held, when no other
    load can be staging: every one found is stale. Returns the names removed."""
    removed = []
    for stale in sorted(published.parent.glob(f"{published.name}.tmp-*")):
        stale.unlink(missing_ok=True)
        removed.append(stale.name)
    return removed


def open_staging(published: Path, staging: Path) -> duckdb.DuckDBPyConnection:
    """A writable copy of the published warehouse (or a new one) at `staging`, with every
    table. The caller holds the load lock and has cleared old staging files (`staged`)."""
    if published.exists():
        shutil.copyfile(published, staging)
    con = connect(staging)
    con.execute(AUDIT_DDL)
    for spec in c.TABLES_ALL.values():
        con.execute(table_ddl(spec))
    add_missing_columns(con)
    return con


def add_missing_columns(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Add each contract column a table of an older warehouse lacks (an optional column
    added to the contract since, such as improvement_actions.status_note), empty for the
    rows already there. Returns the columns added, as table.column."""
    have = {(r[0], r[1]) for r in con.execute(
        "SELECT table_name, column_name FROM duckdb_columns()").fetchall()}
    added = []
    for spec in c.TABLES_ALL.values():
        for col in spec.columns:
            if (spec.name, col.name) not in have:
                con.execute(f'ALTER TABLE {spec.name} ADD COLUMN "{col.name}" '
                            f'{c.SQL_TYPES[col.kind]}')
                added.append(f"{spec.name}.{col.name}")
    return added


def rename_old_comparator_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Rename each ``bench_X`` table of a warehouse published before published
    comparators had that name to ``comparator_X`` (unless that exists already), with the
    audit and quarantine rows that name it. Returns the new names. Every load does it."""
    tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    renamed = []
    for old in sorted(t for t in tables if t.startswith("bench_")):
        new = "comparator_" + old.removeprefix("bench_")
        if new in tables:
            continue
        con.execute(f"ALTER TABLE {old} RENAME TO {new}")
        for audit in ("file_audit", "quarantine"):
            con.execute(f"UPDATE {audit} SET table_name = ? WHERE table_name = ?", [new, old])
        renamed.append(new)
    return renamed


def completeness_sql() -> str:
    """dq_completeness: for every contract column, how many rows hold a value."""
    parts = [f"SELECT '{spec.name}' AS table_name, '{col.name}' AS column_name, "
             f"{str(col.required).upper()} AS required, count(*) AS rows, "
             f'count("{col.name}") AS filled FROM {spec.name}'
             for spec in c.TABLES.values() for col in spec.columns]
    return "CREATE OR REPLACE VIEW dq_completeness AS\n" + "\nUNION ALL ".join(parts)


# Child-level facts that many queries read: computed once per load and kept as
# tables (in dependency order), so pages read them instead of recomputing.
FACTS = ("fact_looked_after", "fact_wellbeing_assessment", "fact_wellbeing_change",
         "fact_wellbeing_recency", "fact_voice_population", "fact_care_leavers",
         "fact_ceased_16_plus", "fact_cp_registrations", "fact_feedback")
# Then each indicator's numerators and denominators by period and breakdown (defined as
# the view ind_<id> in etl/sql/, kept as a table of the same name): a page's filter sums a
# few thousand rows instead of recomputing the view (17 series 0.5 s -> 0.05 s at scale 20,
# for 1.5 s more load).
MATERIALISED = FACTS + tuple(f"ind_{ind.id}" for ind in INDICATORS)


def has_views(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the indicator views and fact tables are built (the last one made is)."""
    return bool(con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = ?",
                            [MATERIALISED[-1]]).fetchone()[0])


def views_version() -> str:
    """A fingerprint of the tables and views this version of the code makes (the contract's
    tables, the rules, the completeness view and every file in etl/sql/): when it changes,
    the next load publishes even if every file is unchanged."""
    text = "".join(table_ddl(spec) for spec in c.TABLES_ALL.values()) + rules_sql() + \
        completeness_sql() + ",".join(MATERIALISED) + "".join(
        f.read_text(encoding="utf-8") for f in sorted(SQL_DIR.glob("*.sql")))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def views_current(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the warehouse's views were made by this version's definitions: after an
    upgrade they are not, and the next load rebuilds them even if no file changed."""
    row = con.execute("SELECT value FROM warehouse_info WHERE key = 'views_version'"
                      ).fetchone()
    return has_views(con) and bool(row) and row[0] == views_version()


def build_views(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)create the indicator views, in file name order, then materialise the facts."""
    tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    for name in MATERIALISED:
        if name in tables:
            con.execute(f"DROP TABLE {name}")
    con.execute(rules_sql())
    con.execute(completeness_sql())
    for sql_file in sorted(SQL_DIR.glob("*.sql")):
        try:
            con.execute(sql_file.read_text(encoding="utf-8"))
        except duckdb.Error as exc:
            raise RuntimeError(f"indicator views in {sql_file.name}: {exc}") from exc
    for name in MATERIALISED:
        con.execute(f"CREATE TABLE {name}__built AS SELECT * FROM {name}")
        con.execute(f"DROP VIEW {name}")
        con.execute(f"ALTER TABLE {name}__built RENAME TO {name}")
    con.execute("INSERT OR REPLACE INTO warehouse_info VALUES ('views_version', ?)",
                [views_version()])


def publish(staging: Path, con: duckdb.DuckDBPyConnection, published: Path) -> None:
    con.execute("CHECKPOINT")
    con.close()
    with open(staging, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(staging, published)
    dir_fd = os.open(published.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def abandon(staging: Path, con: duckdb.DuckDBPyConnection | None) -> None:
    if con is not None:
        try:
            con.close()
        except duckdb.Error:
            pass
    staging.unlink(missing_ok=True)
    Path(f"{staging}.wal").unlink(missing_ok=True)


# --------------------------------------------------------------- writes a load makes

def next_load_id(con: duckdb.DuckDBPyConnection) -> int:
    return con.execute("SELECT coalesce(max(load_id), 0) + 1 FROM load_audit").fetchone()[0]


def already_loaded(con: duckdb.DuckDBPyConnection, file: str, table: str, sha256: str) -> bool:
    """The newest load of this file's table had exactly this content."""
    last = con.execute("""
        SELECT sha256 FROM file_audit WHERE file = ? AND table_name = ? AND status <> 'refused'
        ORDER BY load_id DESC LIMIT 1""", [file, table]).fetchone()
    return bool(last) and last[0] == sha256


def insert_incoming(con: duckdb.DuckDBPyConnection, table: str, types: dict[str, str],
                    file: str, load_id: int) -> None:
    """Insert the registered frame `incoming` into `table`, cast to its types, with lineage."""
    names = ", ".join(f'"{n}"' for n in types)
    casts = ", ".join(f'CAST("{n}" AS {t})' for n, t in types.items())
    con.execute(f"INSERT INTO {table} ({names}, _source_file, _source_row, _load_id) "
                f"SELECT {casts}, ?, _source_row, ? FROM incoming", [file, load_id])


def write_quarantine(con: duckdb.DuckDBPyConnection, file: str, table: str, issues,
                     load_id: int) -> None:
    """One quarantine row per problem (row, column, rule in words, original values)."""
    if not issues:
        return
    rows = pd.DataFrame([{
        "load_id": load_id, "file": file, "table_name": table, "row": i.row,
        "column_name": i.column, "rule": i.rule,
        "values": json.dumps(i.values, ensure_ascii=False)} for i in issues])
    con.register("q", rows)
    con.execute('INSERT INTO quarantine SELECT load_id, file, table_name, "row", column_name, '
                'rule, "values" FROM q')
    con.unregister("q")


def staged(db: Path, work, *, wait: bool = True, on_wait: Callable[[str], None] | None = None):
    """Run `work(con)` on a staging copy of the warehouse; publish the copy if the result
    says so (``result.published``), else throw it away. Anything raised throws it away
    too, so the published warehouse is never touched by a failed load. The load lock is
    held from the copy to the publish (see `publish_lock`); staging files a killed load
    left are removed first and named in ``result.notes``."""
    with publish_lock(db, wait=wait, on_wait=on_wait):
        removed = clear_stale_staging(db)
        staging, con = staging_path(db), None
        try:                                     # a stop during the copy cleans up too
            con = open_staging(db, staging)
            result = work(con)
            result.db = db
            result.notes = [f"removed {name}, left by a load that was killed"
                            for name in removed] + result.notes
            if result.published:
                publish(staging, con, db)
            else:
                abandon(staging, con)
            return result
        except BaseException:
            abandon(staging, con)
            raise
