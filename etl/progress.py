"""A progress bar for long loads, on the terminal only (never in logs or CI)."""

from __future__ import annotations

import sys
from contextlib import contextmanager

from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn


@contextmanager
def load_progress():
    """Yields a callback(file, rows) for run_load, or None when not on a terminal."""
    if not sys.stderr.isatty():
        yield None
        return
    bar = Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.fields[rows]:,} rows"),
                   TimeElapsedColumn(), transient=True, console=None)
    with bar:
        task = bar.add_task("Loading", total=None, rows=0)

        def advance(file: str, rows: int) -> None:
            done = bar.tasks[task].fields["rows"] + rows
            bar.update(task, description=f"Loaded {file}", rows=done, advance=1)

        yield advance
