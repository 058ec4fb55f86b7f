"""The one DuckDB connection configuration, for the load and the read side alike."""

from __future__ import annotations

from pathlib import Path

import duckdb


def connect(path: Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """A connection that never tries to download an extension."""
    config = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}
    return duckdb.connect(str(path), read_only=read_only, config=config)
