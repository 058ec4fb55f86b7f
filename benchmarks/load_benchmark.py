"""Benchmark: the validated load of the national-size (--scale 20) demo.

Prints rows per second, wall time and peak memory of `outcomes load`, and the
time DuckDB's own read_csv takes to read the same CSV files into tables (the
floor), with the ratio. Goal: within 3x the floor and under 2 GB peak.

    .venv/bin/python benchmarks/load_benchmark.py [--scale 20] [--keep] [--stages]

--stages also runs the load once more in a child process with each stage's functions
timed (imports, reading files, parsing and pandera checks, minimising, writing to DuckDB,
building the fact tables and views, publishing). Reading and writing run in their own
threads beside validation, so the stages add up to more than the wall time.

Each measurement runs in its own process, so peak memory is that process's
alone. The Windows-1252 feedback file is transcoded to UTF-8 for the floor
(DuckDB's reader has no Windows-1252), outside the floor's timing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AS_AT = dt.date(2026, 9, 30)

FLOOR = r"""
import duckdb, json, sys, time
from pathlib import Path
con = duckdb.connect(sys.argv[2])
started = time.perf_counter()
rows = 0
for f in sorted(Path(sys.argv[1]).glob("*.csv")):
    con.execute(f"CREATE TABLE {f.stem} AS SELECT * FROM read_csv(?, header = true)", [str(f)])
    rows += con.execute(f"SELECT count(*) FROM {f.stem}").fetchone()[0]
con.close()
print(json.dumps({"seconds": time.perf_counter() - started, "rows": rows}))
"""


STAGES = r"""
import json, sys, time
started = time.perf_counter()
from collections import defaultdict
import etl.load as load, etl.warehouse as wh
from core.settings import load_settings
from pathlib import Path
spent = defaultdict(float)
spent["imports"] = time.perf_counter() - started

def timed(owner, name, stage):
    inner = getattr(owner, name)
    def run(*a, **k):
        t = time.perf_counter()
        try:
            return inner(*a, **k)
        finally:
            spent[stage] += time.perf_counter() - t
    setattr(owner, name, run)

for owner, name, stage in ((load, "read_path", "read files (reader thread)"),
                           (load, "validate", "parse and pandera checks"),
                           (load, "minimise", "pseudonymise and minimise"),
                           (load, "_write", "write to DuckDB (writer thread)"),
                           (wh, "build_views", "fact tables and views"),
                           (wh, "open_staging", "copy to staging"),
                           (wh, "publish", "checkpoint and publish")):
    timed(owner, name, stage)
t = time.perf_counter()
load.run_load([Path(sys.argv[1])], Path(sys.argv[2]), load_settings(), demo=True)
spent["whole load (after imports)"] = time.perf_counter() - t
print(json.dumps(spent))
"""


def run_measured(cmd: list[str]) -> tuple[float, int, subprocess.CompletedProcess]:
    """Wall seconds, peak RSS in MB (of this child alone), and the result."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if peak <= before:
        peak = before   # ru_maxrss is the max over children: only grows
    return wall, peak // 1024, done


def utf8_copies(src: Path, dst: Path) -> None:
    dst.mkdir(parents=True, exist_ok=True)
    for f in src.glob("*.csv"):
        data = f.read_bytes()
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            data = data.decode("cp1252").encode("utf-8")
        (dst / f.name).write_bytes(data)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=20)
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    parser.add_argument("--stages", action="store_true", help="also time the load by stage")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="outcomes-bench-"))
    demo, utf8 = work / "demo", work / "utf8"
    try:
        subprocess.run([sys.executable, "-m", "cli", "demo", "--out", str(demo), "--scale",
                        str(args.scale), "--as-at", AS_AT.isoformat(), "--clean"], check=True,
                       capture_output=True)
        utf8_copies(demo, utf8)
        size_mb = sum(f.stat().st_size for f in demo.iterdir()) / 1e6

        floor_wall, floor_peak, floor = run_measured(
            [sys.executable, "-c", FLOOR, str(utf8), str(work / "floor.duckdb")])
        floor_stats = json.loads(floor.stdout)

        load_wall, load_peak, load = run_measured(
            [sys.executable, "-m", "cli", "load", str(demo), "--db", str(work / "w.duckdb"),
             "--demo"])
        if load.returncode != 0:
            print(load.stdout, load.stderr)
            return 1
        rows = sum(int(line.split(" rows read")[0].rsplit(" ", 1)[-1])
                   for line in load.stdout.splitlines() if " rows read" in line)
        ratio = load_wall / floor_stats["seconds"]
        print(f"scale {args.scale:g}: {rows:,} rows in {len(list(demo.iterdir()))} files, "
              f"{size_mb:,.0f} MB")
        print(f"validated load (outcomes load, whole process): {load_wall:.1f} s, "
              f"{rows / load_wall:,.0f} rows/s, peak {load_peak:,} MB")
        print(f"floor (DuckDB read_csv into tables): {floor_stats['seconds']:.1f} s "
              f"(process {floor_wall:.1f} s, peak {floor_peak:,} MB)")
        print(f"ratio load / floor: {ratio:.1f}x (goal 3x); peak under 2 GB: "
              f"{'yes' if load_peak < 2048 else 'NO'}")
        if args.stages:
            staged = subprocess.run([sys.executable, "-c", STAGES, str(demo),
                                     str(work / "stages.duckdb")], capture_output=True,
                                    text=True, cwd=ROOT, check=True)
            print("by stage (seconds; threads overlap):")
            for stage, seconds in json.loads(staged.stdout.splitlines()[-1]).items():
                print(f"  {stage:34} {seconds:6.2f}")
        return 0
    finally:
        if args.keep:
            print(f"files kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
