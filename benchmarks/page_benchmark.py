"""Benchmark: server-side render time of every page on the national-size demo.

For each page of the app, with streamlit.testing.v1.AppTest (in this process,
OUTCOMES_DB pointing at the warehouse):

- cold: the page's first run in a fresh AppTest, with st.cache_data and
  st.cache_resource cleared and the warehouse connection closed just before it
  (so DuckDB reopens the file with an empty buffer pool, as after a new load;
  the operating system's file cache stays warm);
- warm: the same page run again (every cached query a hit);
- filter: the sidebar's Locality set to Hamilton (a cache miss for the new view);
- back: the Locality set back to all (a cache hit again).

Goal: every page under 1 second, a filter change under 0.3 seconds. Pages
that miss it are marked. Peak memory is the process's ru_maxrss (DuckDB's
buffers included), read after each page.

    .venv/bin/python benchmarks/page_benchmark.py [--db PATH] [--scale 20]
    .venv/bin/python benchmarks/page_benchmark.py --db PATH --queries   # the named queries too

With --db PATH the warehouse there is reused, or built there when the file
does not exist; without it one is built in a temporary folder (about 30 s at
scale 20) and removed afterwards unless --keep. --queries also times every
named query (outcomes/query/indicators.py over every ind_* view, breakdowns.py, the
uncached outcomes/query/ calls) directly, without Streamlit, slowest first.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
APP = str(ROOT / "app.py")
AS_AT = dt.date(2026, 9, 30)
TIMEOUT = 300
PAGES = ["overview", "action_plan", "care_leavers", "voice_and_feedback", "data_quality",
         "wellbeing_scores", "child_protection", "indicator_definitions",
         "accessibility_statement"]
PAGE_GOAL, FILTER_GOAL = 1.0, 0.3
LOCALITY = "Hamilton"


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def build(db: Path, scale: float, work: Path) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "cli", "demo", "--out", str(work / "demo"),
                    "--scale", f"{scale:g}", "--as-at", AS_AT.isoformat(), "--clean", "--load",
                    "--db", str(db)], check=True, capture_output=True, cwd=ROOT)
    shutil.rmtree(work / "demo", ignore_errors=True)
    return time.perf_counter() - started


def close_connections() -> None:
    """Close the app's open warehouse connections: the next query reopens the file."""
    from outcomes.query import db
    for wh in list(db._open.values()):
        wh.close()


def as_a_server_runs() -> None:
    """Make AppTest rerun app.py the way a running server does.

    AppTest resets PagesManager.uses_pages_directory before every run, and the
    app has a pages/ folder, so a rerun of a page whose URL path equals its
    file name runs that page's file alone, as a v1 multipage app would
    (the overview's file is now named unlike its URL, but this keeps the
    benchmark right whatever the names): without app.py and its sidebar. A server sets the flag to False
    at the app's first st.navigation call and keeps it so; this does the same
    at once. Without it the overview's warm run would be under-measured (no
    sidebar) and its Locality widget would not be there to change.
    """
    from streamlit.runtime import pages_manager

    original = pages_manager.PagesManager.__init__
    if getattr(original, "_as_a_server", False):
        return

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        pages_manager.PagesManager.uses_pages_directory = False

    init._as_a_server = True
    pages_manager.PagesManager.__init__ = init


def clear_caches() -> None:
    import streamlit as st
    st.cache_data.clear()
    st.cache_resource.clear()
    close_connections()


def timed(run) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def failed(at) -> str | None:
    if at.exception:
        return "; ".join(e.message for e in at.exception)[:300]
    return None


def measure_page(page: str, db: Path) -> dict:
    """One page: cold, warm, filter change and back, in a fresh AppTest."""
    from streamlit.testing.v1 import AppTest
    row: dict = {"page": page}
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    if page == "overview":                       # the default page
        clear_caches()
        row["cold"] = timed(at.run)
    else:
        # AppTest can switch pages only after a first run, which lands on the
        # default page. That run is made on a missing warehouse ("no data
        # yet", instant), so the measured run is the session's first with
        # data, sidebar included: as when someone opens the page's address.
        os.environ["OUTCOMES_DB"] = str(db.with_name(db.name + ".absent"))
        at.run()
        os.environ["OUTCOMES_DB"] = str(db)
        clear_caches()
        at.switch_page(f"pages/{page}.py")
        row["cold"] = timed(at.run)
    row["error"] = failed(at)
    row["peak_mb"] = peak_mb()
    row["warm"] = timed(at.run)
    try:
        at.multiselect(key="f_localities")
    except KeyError:
        row["error"] = row["error"] or "no Locality filter in the sidebar"
    else:
        row["filter"] = timed(
            lambda: at.multiselect(key="f_localities").set_value([LOCALITY]).run())
        row["error"] = row["error"] or failed(at)
        if at.session_state["f_localities"] != [LOCALITY]:
            row["error"] = row["error"] or "the Locality filter did not change"
        row["back"] = timed(lambda: at.multiselect(key="f_localities").set_value([]).run())
        row["error"] = row["error"] or failed(at)
    row["peak_mb"] = peak_mb()
    return row


def mark(value: float | None, goal: float, spread: tuple[float, float] | None = None) -> str:
    if value is None:
        return "-"
    text = f"{value:.2f}" + ("" if value < goal else " **x**")
    return text + (f" ({spread[0]:.2f}-{spread[1]:.2f})" if spread else "")


def median_rows(runs: list[list[dict]]) -> list[dict]:
    out = []
    for rows in zip(*runs):
        row = dict(rows[-1])
        for col in ("cold", "warm", "filter", "back"):
            values = [r[col] for r in rows if r.get(col) is not None]
            row[col] = statistics.median(values) if values else None
            row[f"{col}_range"] = (min(values), max(values)) if values else None
        row["error"] = next((r["error"] for r in rows if r.get("error")), None)
        out.append(row)
    return out


def print_table(rows: list[dict]) -> None:
    print("\n| page | cold s | warm s | filter change s | filter back s | peak RSS MB | goal |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for r in rows:
        misses = []
        if r["cold"] >= PAGE_GOAL:
            misses.append("cold")
        if r["warm"] >= PAGE_GOAL:
            misses.append("warm")
        if (r.get("filter") or 0) >= FILTER_GOAL:
            misses.append("filter")
        if (r.get("back") or 0) >= FILTER_GOAL:
            misses.append("back")
        verdict = "met" if not misses else "**missed** (" + ", ".join(misses) + ")"
        if r.get("error"):
            verdict += f"; EXCEPTION: {r['error']}"
        print(f"| {r['page']} | {mark(r['cold'], PAGE_GOAL, r.get('cold_range'))} | "
              f"{mark(r['warm'], PAGE_GOAL, r.get('warm_range'))} | "
              f"{mark(r.get('filter'), FILTER_GOAL, r.get('filter_range'))} | "
              f"{mark(r.get('back'), FILTER_GOAL, r.get('back_range'))} | "
              f"{r['peak_mb']:,.0f} | {verdict} |")
    cold_miss = [r["page"] for r in rows if r["cold"] >= PAGE_GOAL]
    filter_miss = [r["page"] for r in rows if (r.get("filter") or 0) >= FILTER_GOAL]
    print(f"\nGoal: every page under {PAGE_GOAL:g} s, a filter change under {FILTER_GOAL:g} s "
          f"(**x** marks a miss; with --repeat, medians with the range in brackets).")
    print(f"Pages over {PAGE_GOAL:g} s cold: {', '.join(cold_miss) or 'none'}")
    print(f"Pages over {FILTER_GOAL:g} s on a filter change: {', '.join(filter_miss) or 'none'}")


# ------------------------------------------------------------------ named queries

def query_timings(db: Path, repeat: int = 3) -> list[tuple[str, float, float]]:
    """(name, first run s, median of `repeat` further runs s) for every named query,
    on the default sidebar view (the last 8 years, everyone) and on Hamilton only."""
    from core.catalogue import IDS
    from core.settings import load_settings
    from outcomes.query import (
        action_plan,
        breakdowns,
        comparators,
        data_quality,
        indicators,
        warehouse_info,
    )
    from outcomes.query.db import Warehouse
    from outcomes.query.filters import Filters

    wh = Warehouse(db)
    quarters = warehouse_info.quarter_ends(wh)
    threshold = load_settings().disclosure_threshold
    default = Filters(start=quarters[max(0, len(quarters) - 32)], end=quarters[-1])
    whole = default.with_period(quarters[0], quarters[-1])
    latest = default.with_period(quarters[-1], quarters[-1])
    hamilton = Filters(start=default.start, end=default.end, localities=(LOCALITY,))

    calls: list[tuple[str, object]] = []
    for ind in IDS:
        calls.append((f"series {ind} (8 years)", lambda i=ind: indicators.raw_series(wh, i, default)))
        calls.append((f"series {ind} (whole history, overview)",
                      lambda i=ind: indicators.raw_series(wh, i, whole)))
        calls.append((f"series {ind} (8 years, Hamilton)",
                      lambda i=ind: indicators.raw_series(wh, i, hamilton)))
    for ind, by in (("wellbeing_improved_pct", "locality"),
                    ("wellbeing_assessed_recent_pct", "locality"),
                    ("wellbeing_assessed_recent_pct", "age_band")):
        calls.append((f"series {ind} by {by} (latest quarter)",
                      lambda i=ind, b=by: indicators.raw_series(wh, i, latest, b)))
    calls.append(("series aftercare_receiving_pct by leaver_age_band (8 years)",
                  lambda: indicators.raw_series(wh, "aftercare_receiving_pct", default,
                                                "leaver_age_band")))
    b = breakdowns
    for fn, extra in ((b.wellbeing_by_indicator, ()), (b.without_recent_assessment, ()),
                      (b.leavers_mix, ("accommodation",)),
                      (b.leavers_mix, ("economic_activity",)), (b.leavers_by_last_placement, ()),
                      (b.voice_coverage_by_group, ()), (b.views_by_service, ()),
                      (b.cp_on_register, ()), (b.cp_concerns, ()),
                      (b.cp_time_on_register, ())):
        label = f"breakdowns.{fn.__name__}" + (f"({extra[0]})" if extra else "")
        calls.append((label, lambda fn=fn, e=extra: fn(wh, default, threshold, *e)))
        calls.append((label + " (Hamilton)", lambda fn=fn, e=extra: fn(wh, hamilton, threshold, *e)))
    calls.append(("breakdowns.comments", lambda: breakdowns.comments(wh, default)))
    for fn in (warehouse_info.quarter_ends, warehouse_info.status, action_plan.targets,
               action_plan.actions, data_quality.completeness, data_quality.timeliness,
               data_quality.quarantine_by_rule, data_quality.quarantine_rows,
               data_quality.load_history, comparators.lgbf_funnel_points):
        args = ("CHN9",) if fn is comparators.lgbf_funnel_points else ()
        calls.append((f"{fn.__module__.rsplit('.', 1)[-1]}.{fn.__name__} (uncached)",
                      lambda fn=fn, a=args: fn(wh, *a)))

    out = []
    for label, call in calls:
        wh.close()                                   # first run on a fresh connection
        first = timed(call)
        again = statistics.median(timed(call) for _ in range(repeat))
        out.append((label, first, again))
    wh.close()
    return out


def print_queries(rows: list[tuple[str, float, float]]) -> None:
    rows = sorted(rows, key=lambda r: r[2], reverse=True)
    print("\n| named query | first run s (fresh connection) | again s (median) |")
    print("|---|---:|---:|")
    for label, first, again in rows:
        print(f"| {label} | {first:.3f} | {again:.3f} |")


# ------------------------------------------------------------------ main

def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, help="reuse this warehouse (built here if absent)")
    parser.add_argument("--scale", type=float, default=20)
    parser.add_argument("--keep", action="store_true", help="keep the temporary warehouse")
    parser.add_argument("--pages", nargs="*", default=PAGES, choices=PAGES)
    parser.add_argument("--repeat", type=int, default=1,
                        help="measure each page this many times and report the medians")
    parser.add_argument("--queries", action="store_true",
                        help="also time every named query directly against the warehouse")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="outcomes-pagebench-"))
    db = args.db.resolve() if args.db else work / "w.duckdb"
    try:
        if db.exists():
            print(f"reusing the warehouse at {db}")
        else:
            db.parent.mkdir(parents=True, exist_ok=True)
            seconds = build(db, args.scale, work)
            print(f"built the scale {args.scale:g} demo warehouse at {db} in {seconds:.0f} s")
        print(f"warehouse {db.stat().st_size / 1e6:,.0f} MB; {platform.platform()}; "
              f"{os.cpu_count()} cores; Python {platform.python_version()}; load average "
              + ", ".join(f"{x:.1f}" for x in os.getloadavg()))
        os.environ["OUTCOMES_DB"] = str(db)
        # the app records every page view: into a scratch log, not the project's
        os.environ["OUTCOMES_AUDIT_LOG"] = str(Path(work) / "audit.log")

        import streamlit
        import streamlit.config
        import streamlit.logger
        from streamlit.testing.v1 import AppTest
        streamlit.config.set_option("logger.level", "error")  # AppTest's "no runtime" warnings
        streamlit.logger.set_log_level("error")
        as_a_server_runs()
        print(f"streamlit {streamlit.__version__}; peak before the app: {peak_mb():,.0f} MB")

        # Prime: the first run in the process imports the app's modules (plotly,
        # pandas, ...). Counted apart, so that the overview's cold run is not an import.
        started = time.perf_counter()
        for module in ("action_plan", "definitions", "overview", "data_quality",
                       "care_leavers", "voice", "wellbeing", "child_protection", "ui"):
            importlib.import_module(f"outcomes.app.{module}")
        AppTest.from_file(str(ROOT / "pages" / "accessibility_statement.py"),
                          default_timeout=TIMEOUT).run()
        print(f"imports and a first script run: {time.perf_counter() - started:.1f} s")

        runs = []
        for n in range(args.repeat):
            rows = []
            for page in args.pages:
                row = measure_page(page, db)
                rows.append(row)
                print(f"  [{n + 1}/{args.repeat}] {page}: cold {row['cold']:.2f} s, "
                      f"warm {row['warm']:.2f} s, filter {row.get('filter', 0):.2f} s, "
                      f"back {row.get('back', 0):.2f} s, peak {row['peak_mb']:,.0f} MB"
                      + (f"  EXCEPTION {row['error']}" if row.get("error") else ""),
                      flush=True)
            runs.append(rows)
        rows = median_rows(runs) if args.repeat > 1 else runs[0]
        print_table(rows)
        print(f"\nPeak memory of this process (ru_maxrss): {peak_mb():,.0f} MB")
        print("load average (1, 5, 15 min) at the end: "
              + ", ".join(f"{x:.1f}" for x in os.getloadavg())
              + f" on {os.cpu_count()} cores (other processes slow every figure)")

        if args.queries:
            close_connections()
            print_queries(query_timings(db))
        return 1 if any(r.get("error") for r in rows) else 0
    finally:
        if args.keep and not args.db:
            print(f"warehouse kept at {db}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
