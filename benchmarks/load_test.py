"""Load test: many people using the dashboard at once, driven the way browsers drive it.

Each simulated person is one Streamlit session over the server's own websocket protocol
(the `BackMsg` and `ForwardMsg` protocol buffers that ship in the streamlit package):

1. GET the page's address, as a browser does (the server's XSRF cookie; behind nginx, the
   cookie that keeps the session on one server);
2. open the websocket `/_stcore/stream` with those cookies and ask for the page
   (`rerun_script` with its address) - timed until the server says the script finished;
3. change a sidebar filter (`From quarter`, which every role has) as the select box does,
   sending the widget's new value - timed until the script finished again.

Sessions start together (the worst case: everyone clicks in the same second) or, with
`--spread S`, one after another evenly over S seconds (people arriving at a meeting), and
run concurrently (asyncio), one page each, in turn over the pages. Reports p50, p95 and max per page and per step, errors, and the load average.
Bounded: at most 200 sessions, a timeout per step, and only against this machine
(127.0.0.1 or localhost): it is a benchmark, not a tool against other people's servers.

    .venv/bin/python benchmarks/load_test.py --url http://127.0.0.1:8501 --sessions 10
    .venv/bin/python benchmarks/load_test.py --url ... --sessions 1 10 25 50 --json out.json
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import time
from dataclasses import dataclass, field
from urllib.parse import urlparse

import httpx
import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

PAGES = ("", "care-leavers", "voice", "wellbeing", "child-protection", "corporate-parenting",
         "action-plan", "compare")
FILTER = "From quarter"
MAX_SESSIONS = 200
STEP_TIMEOUT = 120.0
LOCAL = {"127.0.0.1", "localhost", "::1"}
FINISHED = {ForwardMsg.FINISHED_SUCCESSFULLY}


@dataclass
class Run:
    """What the server sent for one script run."""
    seconds: float = 0.0
    page_hash: str = ""
    selects: dict[str, tuple[str, list[str]]] = field(default_factory=dict)  # label->(id, opts)
    errors: list[str] = field(default_factory=list)


@dataclass
class Session:
    page: str
    open_s: float | None = None
    filter_s: float | None = None
    error: str | None = None


def _rerun(*, page_name: str = "", page_hash: str = "", widgets=()) -> bytes:
    msg = BackMsg()
    state = msg.rerun_script
    state.query_string = ""
    state.page_name = page_name
    state.page_script_hash = page_hash
    state.widget_states.widgets.extend(widgets)
    state.context_info.timezone = "Europe/London"
    return msg.SerializeToString()


async def _until_finished(ws, run: Run) -> Run:
    """Read messages until the script run ends; note select boxes, the page, exceptions."""
    started = time.perf_counter()
    while True:
        raw = await asyncio.wait_for(ws.recv(), STEP_TIMEOUT)
        msg = ForwardMsg.FromString(raw)
        kind = msg.WhichOneof("type")
        if kind == "new_session" and msg.new_session.page_script_hash:
            run.page_hash = msg.new_session.page_script_hash
        elif kind == "navigation" and msg.navigation.page_script_hash:
            run.page_hash = msg.navigation.page_script_hash
        elif kind == "page_not_found":
            run.errors.append("page not found")
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            element = msg.delta.new_element
            what = element.WhichOneof("type")
            if what == "selectbox":
                box = element.selectbox
                run.selects[box.label] = (box.id, list(box.options))
            elif what == "exception":
                run.errors.append(element.exception.message[:200])
        elif kind == "script_finished" and msg.script_finished in FINISHED:
            run.seconds = time.perf_counter() - started
            return run


async def one_session(base: str, page: str, delay: float = 0.0) -> Session:
    result = Session(page or "overview")
    url = urlparse(base)
    await asyncio.sleep(delay)
    try:
        async with httpx.AsyncClient(timeout=STEP_TIMEOUT) as http:
            got = await http.get(f"{base}/{page}")
            got.raise_for_status()
            cookies = dict(http.cookies.items())
        xsrf = cookies.get("_streamlit_xsrf")
        headers = {"Origin": base,
                   "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
        ws_url = f"ws://{url.netloc}{url.path.rstrip('/')}/_stcore/stream"
        async with websockets.connect(ws_url, subprotocols=["streamlit", xsrf] if xsrf
                                      else ["streamlit"], additional_headers=headers,
                                      max_size=None, open_timeout=STEP_TIMEOUT) as ws:
            await ws.send(_rerun(page_name=page))
            opened = await _until_finished(ws, Run())
            result.open_s = opened.seconds
            if opened.errors:
                raise RuntimeError("; ".join(opened.errors))
            box_id, options = opened.selects[FILTER]
            await ws.send(_rerun(page_hash=opened.page_hash, widgets=[
                WidgetState(id=box_id, string_value=options[len(options) // 2])]))
            changed = await _until_finished(ws, Run())
            if changed.errors:
                raise RuntimeError("; ".join(changed.errors))
            result.filter_s = changed.seconds
    except Exception as exc:             # a failed session is counted and reported, not raised
        result.error = f"{type(exc).__name__}: {exc}"[:300]
    return result


async def run_sessions(base: str, n: int, pages=PAGES, spread: float = 0.0) -> list[Session]:
    return list(await asyncio.gather(*(one_session(base, pages[i % len(pages)], spread * i / n)
                                       for i in range(n))))


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def summarise(sessions: list[Session], spread: float = 0.0) -> dict:
    """p50, p95 and max per page and step (seconds), and all pages together."""
    out: dict = {"sessions": len(sessions), "spread_s": spread,
                 "errors": [s.error for s in sessions if s.error],
                 "load_average": os.getloadavg()[0], "pages": {}}
    for page in sorted({s.page for s in sessions}) + ["all"]:
        mine = [s for s in sessions if (page == "all" or s.page == page) and not s.error]
        row = {"n": len(mine)}
        for step in ("open_s", "filter_s"):
            values = [getattr(s, step) for s in mine if getattr(s, step) is not None]
            if values:
                row[step] = {"p50": statistics.median(values), "p95": _pct(values, 0.95),
                             "max": max(values)}
        out["pages"][page] = row
    return out


def _print(summary: dict) -> None:
    print(f"\n{summary['sessions']} sessions over {summary['spread_s']:g} s, "
          f"{len(summary['errors'])} failed, "
          f"load average {summary['load_average']:.2f}")
    print(f"{'page':22} {'n':>3}  {'open p50':>8} {'p95':>6} {'max':>6}  "
          f"{'filter p50':>10} {'p95':>6} {'max':>6}")
    for page, row in summary["pages"].items():
        cells = []
        for step in ("open_s", "filter_s"):
            s = row.get(step)
            cells.append("      -      -      -" if not s else
                         f"{s['p50']:8.2f} {s['p95']:6.2f} {s['max']:6.2f}")
        print(f"{page:22} {row['n']:>3}  {cells[0]}  {'  ' + cells[1]}")
    for error in summary["errors"][:5]:
        print("  error:", error)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8501")
    parser.add_argument("--sessions", type=int, nargs="+", default=[10])
    parser.add_argument("--spread", type=float, default=0.0, help="start the sessions "
                        "evenly over this many seconds (default: all at once)")
    parser.add_argument("--json", help="write every summary to this file")
    args = parser.parse_args(argv)
    host = urlparse(args.url).hostname
    if host not in LOCAL:
        print(f"refused: {host} is not this machine; the load test only runs against "
              "127.0.0.1 or localhost", file=sys.stderr)
        return 2
    if any(not 1 <= n <= MAX_SESSIONS for n in args.sessions) or not 0 <= args.spread <= 600:
        print(f"refused: sessions must be 1 to {MAX_SESSIONS}, spread 0 to 600 s",
              file=sys.stderr)
        return 2
    summaries = []
    for n in args.sessions:
        summary = summarise(asyncio.run(run_sessions(args.url.rstrip("/"), n,
                                                     spread=args.spread)), args.spread)
        summaries.append(summary)
        _print(summary)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(summaries, fh, indent=1)
    return 1 if any(s["errors"] for s in summaries) else 0


if __name__ == "__main__":
    sys.exit(main())
