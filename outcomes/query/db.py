"""Read-only access to the published warehouse, that follows an atomic swap.

A load publishes a new file with os.replace. An open connection keeps
reading the old file (its inode) until it is reopened, so each query checks
the file's identity and reopens when it changed. DuckDB connections are not
shared across threads: every query gets its own cursor.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import duckdb
import pandas as pd

from core.connection import connect
from core.settings import load_settings


class NoWarehouseYet(FileNotFoundError):
    """There is no published warehouse at the configured path."""


def warehouse_path() -> Path:
    """OUTCOMES_DB, or the settings file's warehouse path."""
    env = os.environ.get("OUTCOMES_DB")
    return Path(env) if env else load_settings().warehouse_path


class Warehouse:
    def __init__(self, path: Path):
        self.path = Path(path)
        self._lock = threading.Lock()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._identity: tuple[int, int] | None = None
        self._columns: dict[tuple, tuple[str, ...]] = {}     # (identity, table) -> names

    def _current_identity(self) -> tuple[int, int]:
        try:
            st = self.path.stat()
        except FileNotFoundError as exc:
            raise NoWarehouseYet(f"no warehouse at {self.path}") from exc
        return st.st_ino, st.st_mtime_ns

    def cursor(self) -> duckdb.DuckDBPyConnection:
        identity = self._current_identity()
        with self._lock:
            if self._con is None or identity != self._identity:
                if self._con is not None:
                    self._con.close()
                self._con = connect(self.path, read_only=True)
                self._identity = identity
            return self._con.cursor()

    @property
    def identity(self) -> tuple[int, int]:
        """Changes whenever a new warehouse is published: a cache key for results."""
        return self._current_identity()

    def df(self, sql: str, params: list | dict | None = None) -> pd.DataFrame:
        cur = self.cursor()
        try:
            return cur.execute(sql, params or []).df()
        finally:
            cur.close()

    def columns(self, table: str) -> tuple[str, ...]:
        """A table's or view's column names (the filters apply to those it has), read once
        per published warehouse."""
        key = (self._current_identity(), table)
        if key not in self._columns:
            frame = self.df("SELECT column_name FROM duckdb_columns() WHERE table_name = ? "
                            "ORDER BY column_index", [table])
            if len(self._columns) > 4096:
                self._columns.clear()
            self._columns[key] = tuple(frame["column_name"])
        return self._columns[key]

    def close(self) -> None:
        with self._lock:
            if self._con is not None:
                self._con.close()
                self._con = None


_open: dict[Path, Warehouse] = {}
_open_lock = threading.Lock()


def get_warehouse(path: Path | None = None) -> Warehouse:
    """One Warehouse per file path, for the whole process."""
    path = Path(path or warehouse_path()).resolve()
    with _open_lock:
        if path not in _open:
            _open[path] = Warehouse(path)
        return _open[path]
