"""Benchmark: the board pack (PDF) and the inspector evidence pack (zip) from the demo.

Goal (board pack issue): the pack for the demo warehouse builds in under 20 seconds,
offline. Builds a scale-1 demo warehouse (as at 2026-09-30) unless --db names one, then:

- board pack, cold: a fresh Python process, as `outcomes board-pack` runs: imports,
  queries, Chromium started for the charts, the PDF written;
- evidence pack, cold: a fresh process again (it builds the board pack inside);
- both again in one process (Chromium already running, as in the app after its first
  pack).

    .venv/bin/python benchmarks/pack_benchmark.py [--db PATH] [--runs 3] [--keep]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
AS_AT = "2026-09-30"
GOAL = 20.0

COLD = """
import sys, time
started = time.perf_counter()
from pathlib import Path
from outcomes.packs import board_pack
from outcomes.packs import evidence_pack
kind, db, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
if kind == "board":
    s = board_pack.build_board_pack(db, None, out)
    info = f"{s.pages} pages, {s.charts} charts"
else:
    s = evidence_pack.build_evidence_pack(db, out)
    info = f"{len(s.files)} files, board pack {s.board.pages} pages"
print(f"{time.perf_counter() - started:.2f} {info}")
"""


def build_demo(work: Path) -> Path:
    db = work / "w.duckdb"
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "cli", "demo", "--out", str(work / "files"),
                    "--as-at", AS_AT, "--load", "--db", str(db)], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    print(f"demo warehouse (scale 1) built in {time.perf_counter() - started:.1f} s: {db}")
    return db


def cold(kind: str, db: Path, out: Path) -> tuple[float, str, float]:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", COLD, kind, str(db), str(out)], cwd=ROOT,
                          check=True, capture_output=True, text=True)
    wall = time.perf_counter() - started
    seconds, info = done.stdout.strip().splitlines()[-1].split(" ", 1)
    return float(seconds), info, wall


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="an existing warehouse (default: build one)")
    parser.add_argument("--runs", type=int, default=3, help="cold runs of each pack")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="pack-bench-"))
    try:
        db = args.db or build_demo(work)
        print(f"\n{'what':44} {'seconds':>8}  (process wall time)  detail")
        results: dict[str, list[float]] = {"board": [], "evidence": []}
        for run in range(args.runs):
            for kind, name in (("board", "board.pdf"), ("evidence", "evidence.zip")):
                seconds, info, wall = cold(kind, db, work / name)
                results[kind].append(wall)
                label = f"{kind} pack, cold process, run {run + 1}"
                print(f"{label:44} {seconds:8.2f}  ({wall:5.2f} s)          {info}")

        from outcomes.packs import board_pack

        from outcomes.packs import evidence_pack
        board_pack.build_board_pack(db, None, work / "warm-board.pdf")       # start Chromium
        started = time.perf_counter()
        summary = board_pack.build_board_pack(db, None, work / "warm-board.pdf")
        warm_board = time.perf_counter() - started
        started = time.perf_counter()
        evidence_pack.build_evidence_pack(db, work / "warm-evidence.zip")
        warm_evidence = time.perf_counter() - started
        print(f"{'board pack, warm (Chromium running)':44} {warm_board:8.2f}  "
              f"{'':20} {summary.pages} pages")
        print(f"{'evidence pack, warm (Chromium running)':44} {warm_evidence:8.2f}")

        worst = max(max(v) for v in results.values())
        print(f"\nmedian cold: board {statistics.median(results['board']):.2f} s, evidence "
              f"{statistics.median(results['evidence']):.2f} s; worst {worst:.2f} s "
              f"(goal < {GOAL:.0f} s: {'met' if worst < GOAL else 'NOT met'})")
        return 0 if worst < GOAL else 1
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
