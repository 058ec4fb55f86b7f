"""The audit trail: who did what, when, with which filters.

One JSON object per line in a file of its own (not in the warehouse, so a
warehouse swap never touches it). The app only ever opens it to append
(O_APPEND, never truncating), under an exclusive lock so that sessions and
the command line do not interleave. Each entry carries the SHA-256 of the line
before it, so an edited, deleted or reordered line breaks the chain and
`outcomes audit --verify` says where. For protection against a rewrite by the
app's own operating-system user as well, make the file append-only at the
operating-system level (see the README's security section).

Events: sign_in, sign_in_failed, locked_out, sign_out, page_view, download,
refused (a page, download or sign-in a role does not allow), account_change
(`outcomes users ...`, recorded with the operating-system user who ran it).
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import os
from pathlib import Path

GENESIS = "0" * 64
EVENTS = ("sign_in", "sign_in_failed", "locked_out", "sign_out", "page_view", "download",
          "refused", "account_change")
TAIL_BYTES = 64 * 1024


class AuditError(RuntimeError):
    """The audit log cannot be written or read: the message is one line for the user."""


def _digest(line: bytes) -> str:
    return hashlib.sha256(line.rstrip(b"\n")).hexdigest()


def _last_line(fd: int) -> bytes | None:
    size = os.fstat(fd).st_size
    if size == 0:
        return None
    start = max(0, size - TAIL_BYTES)
    while True:
        os.lseek(fd, start, os.SEEK_SET)
        chunk = os.read(fd, size - start)
        lines = chunk.rstrip(b"\n").split(b"\n")
        if len(lines) > 1 or start == 0:
            return lines[-1]
        start = max(0, start - TAIL_BYTES)


def append(path: Path, event: str, *, user: str, role: str, what: str = "",
           filters: dict | None = None, detail: str = "") -> dict:
    """Add one entry; returns it. Raises AuditError when the log cannot be written."""
    if event not in EVENTS:
        raise ValueError(f"unknown audit event {event!r}")
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o640)
    except OSError as exc:
        raise AuditError(f"cannot write the audit log {path}: {exc.strerror}") from exc
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        last = _last_line(fd)
        if last is not None and _ends_unfinished(fd):
            os.write(fd, b"\n")       # a write cut short (a crash): keep the next line whole
        entry = {"at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds"),
                 "event": event, "user": user, "role": role, "what": what,
                 "filters": filters or {}, "detail": detail,
                 "prev": _digest(last) if last else GENESIS}
        line = json.dumps(entry, ensure_ascii=False, sort_keys=True).encode("utf-8") + b"\n"
        os.write(fd, line)
        os.fsync(fd)
        return entry
    except OSError as exc:
        raise AuditError(f"cannot write the audit log {path}: {exc.strerror}") from exc
    finally:
        os.close(fd)


def _ends_unfinished(fd: int) -> bool:
    size = os.fstat(fd).st_size
    os.lseek(fd, size - 1, os.SEEK_SET)
    return os.read(fd, 1) != b"\n"


def read(path: Path) -> list[dict]:
    """Every entry, oldest first (an unreadable line is returned as {"broken": text})."""
    path = Path(path)
    if not path.exists():
        return []
    entries = []
    for raw in path.read_bytes().splitlines():
        try:
            entries.append(json.loads(raw))
        except ValueError:
            entries.append({"broken": raw.decode("utf-8", "replace")})
    return entries


def verify(path: Path) -> tuple[int, list[str], str]:
    """Check the chain: (entries, problems, the last line's SHA-256).

    No problems: no line was edited, removed or reordered, except possibly at the end:
    cutting the last lines off, or rewriting the whole file with a new chain, leaves a
    chain that still holds. Compare the count and last hash with ones kept elsewhere
    (`outcomes audit --verify` prints them) and make the file append-only at the
    operating-system level to rule those out. A missing or empty log is a problem: the
    app writes to it on every page view."""
    path = Path(path)
    if not path.exists():
        return 0, [f"{path} does not exist"], GENESIS
    lines = path.read_bytes().splitlines()
    if not lines:
        return 0, [f"{path} is empty"], GENESIS
    problems, prev = [], GENESIS
    for number, raw in enumerate(lines, start=1):
        try:
            entry = json.loads(raw)
        except ValueError:
            problems.append(f"line {number}: not a JSON entry")
            prev = _digest(raw)
            continue
        if entry.get("prev") != prev:
            where = "the start of the log" if number == 1 else f"line {number - 1}"
            problems.append(f"line {number}: the hash it holds of {where} does not match "
                            f"({where} was changed, or lines were removed or reordered "
                            "here)")
        prev = _digest(raw)
    return len(lines), problems, prev
