"""What the latest load did, from the warehouse's own audit and quarantine."""

from __future__ import annotations

import json
from pathlib import Path

from core.connection import connect


class NoWarehouse(FileNotFoundError):
    pass


def latest_load(db: Path) -> dict:
    """{"load": {...} | None, "files": [...], "quarantine": [...]} for the newest load."""
    if not db.exists():
        raise NoWarehouse(f"no warehouse at {db}: run `outcomes load` (or `outcomes demo --load`)")
    con = connect(db, read_only=True)
    try:
        load = con.execute("SELECT * FROM load_audit ORDER BY load_id DESC LIMIT 1").df()
        if load.empty:
            return {"load": None, "files": [], "quarantine": []}
        load_id = int(load["load_id"].iloc[0])
        files = con.execute("""
            SELECT file, table_name AS "table", status, rows_read, rows_loaded,
                   rows_quarantined, message
            FROM file_audit WHERE load_id = ? ORDER BY rowid""", [load_id]).df()
        quarantine = con.execute("""
            SELECT file, table_name AS "table", "row", column_name AS "column", rule, "values"
            FROM quarantine WHERE load_id = ? ORDER BY rowid""", [load_id]).df()
    finally:
        con.close()
    head = load.iloc[0]
    return {
        "load": {"load_id": load_id, "finished_at": head["finished_at"].isoformat(),
                 "status": head["status"], "demo": bool(head["demo"])},
        "files": [_plain(r) for r in files.to_dict("records")],
        "quarantine": [{**_plain(r), "values": json.loads(r["values"])}
                       for r in quarantine.to_dict("records")],
    }


def _plain(record: dict) -> dict:
    """numpy scalars and missing values as JSON's own types."""
    out = {}
    for k, v in record.items():
        if hasattr(v, "item"):
            v = v.item()
        out[k] = None if v != v else v      # NaN -> None
    return out


def as_json(report: dict) -> str:
    return json.dumps({"files": report["files"], "quarantine": report["quarantine"]},
                      indent=2, ensure_ascii=False)


def as_text(report: dict, max_quarantine: int = 50) -> str:
    if report["load"] is None:
        return "The warehouse has no loads yet."
    load = report["load"]
    lines = [f"Load {load['load_id']} finished {load['finished_at']} ({load['status']})"
             + (" - synthetic demo data" if load["demo"] else ""), ""]
    lines += [f"  [{f['status']}] {f['message']}" for f in report["files"]]
    q = report["quarantine"]
    if q:
        lines += ["", f"Quarantined: {len(q)} problem(s) in "
                  f"{len({(x['file'], x['row']) for x in q})} row(s)"]
        for x in q[:max_quarantine]:
            values = ", ".join(f"{k}={v!r}" for k, v in x["values"].items())
            lines.append(f"  {x['file']} row {x['row']}: {x['rule']} ({values})")
        if len(q) > max_quarantine:
            lines.append(f"  ... and {len(q) - max_quarantine} more (use --json for all)")
    return "\n".join(lines)
