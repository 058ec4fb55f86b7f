"""What `outcomes board-pack` and `outcomes evidence-pack` share: the period, the output
file's name, and one error line with exit status 2 instead of a traceback.

Each pack's own `run_command` (in board_pack and evidence_pack) calls `pack_command`.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import tempfile
from pathlib import Path

from outcomes.packs.board_data import open_warehouse, resolve_period
from outcomes.packs.layout import PackError


def parse_period(text: str | dt.date | None) -> dt.date | None:
    """A quarter from the command line: a quarter end date (2026-09-30) or 2026Q3 / 2026 Q3."""
    if text is None or isinstance(text, dt.date):
        return text
    cleaned = text.strip()
    match = re.fullmatch(r"(\d{4})\s*[-/ ]?\s*[Qq]([1-4])", cleaned)
    if match:
        year, q = int(match.group(1)), int(match.group(2))
        return (dt.date(year, 3 * q, 1) + dt.timedelta(days=32)).replace(day=1) \
            - dt.timedelta(days=1)
    try:
        return dt.date.fromisoformat(cleaned)
    except ValueError:
        raise PackError(f"not a quarter: {text!r} (give a quarter end such as 2026-09-30, "
                        "or 2026Q3)") from None


def default_name(kind: str, period: dt.date, ext: str) -> str:
    """board-pack_2026-q3.pdf, evidence-pack_2026-q3.zip."""
    return f"{kind}_{period.year}-q{(period.month - 1) // 3 + 1}.{ext}"


def period_and_output(db: Path, period: str | None, out: Path | None, kind: str,
                      ext: str) -> tuple[dt.date | None, Path]:
    """The command line's period and output file: without --out, the file is named after
    the quarter the pack will show (the latest unless --period says)."""
    when = parse_period(period)
    if out is None:
        wh = open_warehouse(Path(db))
        try:
            when = resolve_period(wh, when)[1]
        finally:
            wh.close()
        out = Path(default_name(kind, when, ext))
    return when, Path(out)


def pack_command(db: Path, period: str | None, out: Path | None, kind: str, ext: str,
                 build, describe) -> int:
    """A pack command: `build(period, out)` the pack, print `describe(summary)` or one
    error line, return the exit status (2 on error)."""
    try:
        when, out = period_and_output(db, period, out, kind, ext)
        summary = build(when, out)
    except PackError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(describe(summary))
    return 0


def pack_bytes(kind: str, ext: str, build) -> tuple[bytes, str]:
    """A pack for a download button: `build(out)` writes it into a temporary folder and
    returns its summary (with `path` and `period`); its bytes and its file name."""
    with tempfile.TemporaryDirectory(prefix=f"{kind}-") as tmp:
        summary = build(Path(tmp) / f"{kind}.{ext}")
        return summary.path.read_bytes(), default_name(kind, summary.period, ext)
