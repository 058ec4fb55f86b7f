"""The inspector evidence pack: the board pack, and behind every figure in it, its data.

One zip:

    board-pack.pdf                 the board pack, as `outcomes board-pack` writes it
    figures/<indicator-id>.csv     each figure's protected numbers, every quarter (the PDF
                                   prints the baseline and the last quarters of the same table)
    definitions/<indicator-id>.txt each figure's definition from the indicator catalogue
    definitions.csv                the same, one row per indicator
    provenance.csv                 per figure and source table: the files that loaded it
                                   (sha256, load, time), the rows it holds from each, and the
                                   rows quarantined from each
    since-the-inspection.csv       each indicator at the inspection baseline and now
    tables/*.csv                   the action plan and data quality tables in the PDF
    README.txt                     what all this is, and the disclosure control applied

Every number about children is the protected one the dashboard shows ("c" where
hidden). Written to a temporary file beside the target and moved into place
when complete. No Streamlit here.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import textwrap
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from core.contract import TABLES_ALL as TABLES
from core.settings import Settings, load_settings
from outcomes.packs import exports
from outcomes.packs.board_data import open_warehouse
from outcomes.stats import process, scorecard
from outcomes.stats.chart_choice import RULES
from outcomes.packs.board_pack import build_board_pack
from outcomes.packs.command import pack_command, parse_period, pack_bytes
from outcomes.packs.layout import (MARKING, PackError, PackFigure, PackSummary, claim_output,
                                   long_date, publish)
from core.catalogue import POINTS, Indicator, definition_fields
from outcomes.query.db import Warehouse
from outcomes.query.filters import quarter_label
from outcomes.words.labels import DEMO_BANNER


@dataclass
class EvidenceSummary:
    path: Path
    board: PackSummary
    files: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def period(self):
        return self.board.period


def definition_text(ind: Indicator, country: str = "scotland") -> str:
    lines = [ind.title, "=" * len(ind.title), "", ind.definition, ""]
    lines += [f"{label}: {text}" for label, text in
              [*definition_fields(ind, country), *scorecard.chart_fields(ind)]]
    return "\n".join(lines) + "\n"


def definitions_frame(figs: list[PackFigure]) -> pd.DataFrame:
    return pd.DataFrame([{
        "indicator_id": f.indicator.id, "title": f.indicator.title,
        "point": POINTS.get(f.indicator.point, f.indicator.point),
        "definition": f.indicator.definition, "numerator": f.indicator.numerator,
        "denominator": f.indicator.denominator, "unit": f.indicator.unit,
        "better": f.indicator.better, "source_tables": ";".join(f.indicator.sources),
        "official_twin": f.indicator.official_twin, "caveats": f.indicator.caveats,
    } for f in figs])


def since_the_inspection(board: PackSummary) -> pd.DataFrame:
    """Each indicator at the baseline quarter and at the pack's period, protected."""
    base, now = board.baseline_quarter, board.period
    return pd.DataFrame([{
        "indicator_id": f.indicator.id, "indicator": f.indicator.title,
        "point": POINTS.get(f.indicator.point, f.indicator.point), "unit": f.indicator.unit,
        "better": f.indicator.better,
        "baseline_quarter": quarter_label(base), "baseline_quarter_end": base.isoformat(),
        "baseline": f.baseline, "latest_quarter": quarter_label(now),
        "latest_quarter_end": now.isoformat(), "latest": f.latest,
        "change": "" if f.change is None else f.change,
        "direction_of_change": scorecard.direction(f.status),
        "spc_verdict": scorecard.verdict(f.status),
    } for f in board.figures], dtype=object)


def _file_lineage(wh: Warehouse, table: str) -> pd.DataFrame:
    """The files whose rows are in `table` now, with their audit and quarantine counts."""
    if table not in TABLES:
        raise PackError(f"the catalogue names a table the warehouse does not have: {table}")
    return wh.df(f"""
        WITH rows_from AS (
            SELECT _source_file AS file, _load_id AS load_id, count(*) AS rows_in_warehouse
            FROM {table} GROUP BY ALL),
        quarantined AS (
            SELECT file, load_id, count(DISTINCT "row") AS rows_quarantined
            FROM quarantine WHERE table_name = ? GROUP BY ALL)
        SELECT r.file, a.sha256, r.load_id, a.loaded_at, a.status AS file_status,
               a.rows_read, r.rows_in_warehouse,
               coalesce(q.rows_quarantined, 0) AS rows_quarantined
        FROM rows_from r
        LEFT JOIN file_audit a
          ON a.file = r.file AND a.load_id = r.load_id AND a.table_name = ?
        LEFT JOIN quarantined q ON q.file = r.file AND q.load_id = r.load_id
        ORDER BY r.file, r.load_id""", [table, table])


def provenance(wh: Warehouse, figs: list[PackFigure]) -> pd.DataFrame:
    """Per figure and source table: each file, its hash, load and time, rows and quarantine."""
    lineage: dict[str, pd.DataFrame] = {}
    rows = []
    for f in figs:
        for table in f.indicator.sources:
            if table not in lineage:
                lineage[table] = _file_lineage(wh, table)
            files = lineage[table]
            if files.empty:
                rows.append({"indicator_id": f.id, "indicator": f.indicator.title,
                             "source_table": table, "file": "", "sha256": "", "load_id": "",
                             "loaded_at": "", "file_status": "no rows loaded", "rows_read": "",
                             "rows_in_warehouse": 0, "rows_quarantined": 0})
            for r in files.itertuples(index=False):
                rows.append({
                    "indicator_id": f.id, "indicator": f.indicator.title,
                    "source_table": table, "file": r.file, "sha256": r.sha256 or "",
                    "load_id": int(r.load_id) if pd.notna(r.load_id) else "",
                    "loaded_at": str(r.loaded_at)[:19] if pd.notna(r.loaded_at) else "",
                    "file_status": r.file_status or "",
                    "rows_read": int(r.rows_read) if pd.notna(r.rows_read) else "",
                    "rows_in_warehouse": int(r.rows_in_warehouse),
                    "rows_quarantined": int(r.rows_quarantined)})
    return pd.DataFrame(rows)


def readme(board: PackSummary, threshold: int, files: list[str], year_words: str) -> str:
    base = board.baseline_quarter
    return f"""Inspector evidence pack
=======================

{board.partnership}
Period: {quarter_label(board.period)} (the quarter ending {long_date(board.period)})
Data as at: {long_date(board.as_at)}
Inspection baseline: {quarter_label(base)} (the quarter ending {long_date(base)})
Years: quarters are calendar quarters; a year is the {year_words}.
Built: {dt.datetime.now():%Y-%m-%d %H:%M} by Outcomes Monitor
{DEMO_BANNER if board.demo else ""}
Handling: {MARKING}. For the partnership and its inspectors; do not publish.

What is here
------------
board-pack.pdf
    The board pack for the period: summary of the inspection's points for improvement,
    a section per point with its charts, the overdue and at-risk actions, a data quality
    statement and the definitions of the indicators.
figures/<indicator-id>.csv
    Every figure in the board pack, as data: one row per quarter from the first quarter in
    the warehouse to the period. The PDF prints the baseline quarter and the last quarters
    of the same table, with the same numbers.
spc/<indicator-id>.csv
    Behind every verdict: each quarter's value, the process it belongs to (a new process
    starts only at a change the partnership declared), the mean and process limits it was
    judged by (from each process's first baseline_quarters quarters), and the
    special-cause rules it fired (Making Data Count; NHSRplotthedots' rules).
process-changes.csv
    The process changes the partnership declared (partnership.toml), with their reasons.
definitions/<indicator-id>.txt, definitions.csv
    Each indicator's definition, numerator, denominator, unit, source tables and the
    published statistic it is computed to match, from the indicator catalogue.
provenance.csv
    Where each figure came from: for each of its source tables, each file whose rows are in
    the warehouse now, its SHA-256, the load that loaded it and when, the rows it holds in
    the table, and the rows of that file that were quarantined (held back from every figure
    because they broke a rule; see the data quality statement in the PDF).
since-the-inspection.csv
    Each indicator at the inspection baseline ({quarter_label(base)}) and at the period, the
    change (percentage points for percentages) when both are shown, whether it is higher or
    lower, and the verdict of its statistical process control chart (which alone says
    whether a change is real, and better or worse).
tables/
    The action plan and data quality tables printed in the PDF.

How each chart is chosen
------------------------
""" + "\n".join(textwrap.fill(rule, 88, initial_indent="- ", subsequent_indent="  ")
                for rule in RULES) + f"""

Disclosure control
------------------
The numbers are exactly those the dashboard shows. Counts from 1 to {threshold - 1} are shown
as "c"; rates on fewer than {threshold} children, with a hidden numerator, with fewer than
{threshold} children without the attribute, or of 0% or 100% of fewer than {2 * threshold}
children, are shown as "c"; and a second cell is hidden wherever a total and the visible
cells would reveal a hidden one.
An empty cell means there is no figure (no children in the group, or no data that quarter).
Counts in the data quality tables and in provenance.csv are of rows and files, not children.

Text that a spreadsheet would run as a formula is prefixed with an apostrophe.

Files
-----
""" + "\n".join(files) + "\n"


def spc_table(fig: PackFigure, plan: process.SpcPlan) -> pd.DataFrame:
    """Behind a verdict: each quarter's shown value, its process (segment), the mean and
    limits it was judged by, and the special-cause rules it fired, so that an inspector
    can reproduce the verdict from the published figures."""
    spc = scorecard.spc_for(fig.protected, fig.indicator.id, plan)
    segment = spc["segment"] if "segment" in spc else 0
    return pd.DataFrame({
        "quarter_end": [d.isoformat() for d in fig.protected.data["period_end"]],
        "value": spc["value"].round(3), "process": segment,
        "mean": spc["mean"].round(3), "lower_limit": spc["lcl"].round(3),
        "upper_limit": spc["ucl"].round(3),
        "special_cause": spc["special_cause"].map({True: "yes", False: ""}),
        "rules": spc["rules"], "chart": spc.attrs["choice"].chart,
        "baseline_quarters": plan.baseline_quarters})


def _csv(frame: pd.DataFrame) -> bytes:
    return exports.to_csv(frame)


def _zip_add(zf: zipfile.ZipFile, name: str, data: bytes | str, when) -> None:
    info = zipfile.ZipInfo(name, date_time=when)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    zf.writestr(info, data.encode("utf-8") if isinstance(data, str) else data)


def build_evidence_pack(db: Path, out_zip: Path, *, period: dt.date | None = None,
                        settings: Settings | None = None) -> EvidenceSummary:
    """Write the evidence pack zip (board pack, figures' data, definitions, provenance)."""
    started = time.perf_counter()
    settings = settings or load_settings()
    out_zip = Path(out_zip)
    period = parse_period(period)
    wh = open_warehouse(Path(db))
    wh.close()
    tmp = claim_output(out_zip, "zip file")
    try:
        with tempfile.TemporaryDirectory(prefix="evidence-pack-") as work:
            board = build_board_pack(Path(db), period, Path(work) / "board-pack.pdf",
                                     settings=settings)
            pdf = board.path.read_bytes()
        entries: list[tuple[str, bytes | str]] = [("board-pack.pdf", pdf)]
        plan = process.spc_plan(settings)
        for f in board.figures:
            entries.append((f"figures/{f.id}.csv", _csv(f.table)))
            entries.append((f"spc/{f.id}.csv", _csv(spc_table(f, plan))))
        entries.append(("process-changes.csv", _csv(pd.DataFrame(
            [{"date": c.date.isoformat(), "reason": c.reason,
              "indicators": ";".join(c.indicators) or "all"} for c in plan.changes],
            columns=["date", "reason", "indicators"]))))
        for f in board.figures:
            entries.append((f"definitions/{f.id}.txt", definition_text(f.indicator,
                                                                          settings.country)))
        entries.append(("definitions.csv", _csv(definitions_frame(board.figures))))
        wh = open_warehouse(Path(db))
        try:
            entries.append(("provenance.csv", _csv(provenance(wh, board.figures))))
        finally:
            wh.close()
        entries.append(("since-the-inspection.csv", _csv(since_the_inspection(board))))
        if board.comparison is not None and len(board.comparison):
            entries.append(("tables/how-we-compare.csv", _csv(board.comparison)))
        if board.actions is not None:
            entries.append(("tables/action-plan-overdue-and-at-risk.csv", _csv(board.actions)))
        for name, frame in board.quality.items():
            entries.append((f"tables/data-quality-{name.replace('_', '-')}.csv",
                            _csv(frame)))
        names = ["README.txt"] + [n for n, _ in entries]
        entries.insert(0, ("README.txt", readme(board, settings.disclosure_threshold, names,
                                                settings.year_words)))
        when = dt.datetime.now().timetuple()[:6]
        with zipfile.ZipFile(tmp, "w") as zf:
            for name, data in entries:
                _zip_add(zf, name, data, when)
        publish(tmp, out_zip)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return EvidenceSummary(out_zip, board, names, time.perf_counter() - started)


def evidence_pack_bytes(db: Path, period: dt.date | None = None, *,
                        settings: Settings | None = None) -> tuple[bytes, str]:
    """The zip as bytes and a file name, for a download button."""
    return pack_bytes("evidence-pack", "zip", lambda out: build_evidence_pack(
        db, out, period=period, settings=settings))


def run_command(db: Path, out: Path | None, *, period: str | None = None,
                settings: Settings | None = None) -> int:
    """`outcomes evidence-pack`."""
    settings = settings or load_settings()
    return pack_command(
        db, period, out, "evidence-pack", "zip",
        lambda when, out: build_evidence_pack(Path(db), out, period=when, settings=settings),
        lambda s: (f"Wrote {s.path} ({len(s.files)} files: the board pack of "
                   f"{s.board.pages} pages and the data behind its {len(s.board.figures)} "
                   f"figures) in {s.seconds:.1f} s."))


__all__ = ["EvidenceSummary", "PackError", "build_evidence_pack", "evidence_pack_bytes",
           "run_command"]
