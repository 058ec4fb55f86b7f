"""`outcomes`: the one command line (also `python -m cli`)."""

from __future__ import annotations

import argparse
import datetime as dt
import signal
import sys
from pathlib import Path

from core.settings import SettingsError, load_settings


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text}") from exc


def _no_wait(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--no-wait", action="store_true", help="if another load is "
                        "publishing this warehouse, stop (exit 2) instead of waiting for it")


def _waiting(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="outcomes", description=(
        "Outcomes Monitor: load a children's services partnership's data into the "
        "warehouse, and report on it."))
    p.add_argument("--settings", type=Path, help="partnership settings file "
                   "(default: partnership.toml, or OUTCOMES_SETTINGS)")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    load = sub.add_parser("load", help="validate files and publish a new warehouse")
    load.add_argument("paths", nargs="+", type=Path, metavar="PATH",
                      help="CSV or XLSX files, or folders of them")
    load.add_argument("--db", type=Path, help="warehouse file (default from settings)")
    load.add_argument("--mapping", type=Path, help="YAML column mapping for local exports")
    load.add_argument("--demo", action="store_true",
                      help="synthetic demo data: use the published demo key")
    _no_wait(load)

    report = sub.add_parser("report", help="what the latest load did")
    report.add_argument("--db", type=Path)
    report.add_argument("--json", action="store_true", help="machine-readable output")

    pack = sub.add_parser("board-pack", help="the board pack as a PDF")
    pack.add_argument("--db", type=Path)
    pack.add_argument("--period", help="quarter end, e.g. 2026-09-30 or 2026Q3 (default: latest)")
    pack.add_argument("--out", type=Path, help="PDF file (default: board-pack_<quarter>.pdf)")

    children = sub.add_parser("children-pack", help="'you said, we did' as a report "
                              "children can read (PDF)")
    children.add_argument("--db", type=Path)
    children.add_argument("--period", help="quarter end (default: latest); the report is "
                          "the year to it")
    children.add_argument("--out", type=Path,
                          help="PDF file (default: children-pack_<quarter>.pdf)")

    evidence = sub.add_parser("evidence-pack", help="the inspector evidence pack as a zip")
    evidence.add_argument("--db", type=Path)
    evidence.add_argument("--period", help="quarter end (default: latest)")
    evidence.add_argument("--out", type=Path, help="zip file (default: evidence-pack_<quarter>.zip)")

    comparators = sub.add_parser("comparators", help="published comparators (LGBF, "
                                 "ScotPHO, Care Inspectorate; DfE for England)")
    comparators_sub = comparators.add_subparsers(dest="comparators_command", required=True,
                                                 metavar="ACTION")
    cload = comparators_sub.add_parser("load", help="validate published comparator files "
                                       "and publish them into the warehouse")
    cload.add_argument("paths", nargs="+", type=Path, metavar="FILE",
                       help="LGBF CSV or workbook, ScotPHO CSV, Care Inspectorate CSV files; "
                       "DfE statistical neighbour groupings and local-authority tables "
                       "(or folders of them)")
    cload.add_argument("--db", type=Path, help="warehouse file (default from settings)")
    _no_wait(cload)

    from outcomes.access.audit import EVENTS
    from outcomes.access.roles import ROLES

    users = sub.add_parser("users", help="local accounts for the app's sign-in")
    users_sub = users.add_subparsers(dest="users_command", required=True, metavar="ACTION")
    add = users_sub.add_parser("add", help="add an account (asks for the password twice)")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--password-stdin", action="store_true",
                     help="read the password from standard input (for scripts)")
    passwd = users_sub.add_parser("password", help="set a new password (and unlock)")
    passwd.add_argument("name")
    passwd.add_argument("--password-stdin", action="store_true")
    users_sub.add_parser("list", help="the accounts, their roles and lock state")
    users_sub.add_parser("remove", help="remove an account").add_argument("name")
    users_sub.add_parser("unlock", help="end a lock-out now").add_argument("name")

    aud = sub.add_parser("audit", help="print the audit log (sign-ins, page views, "
                         "downloads, refusals)")
    aud.add_argument("--since", help="from this date (YYYY-MM-DD)")
    aud.add_argument("--user", help="only this user")
    aud.add_argument("--event", choices=EVENTS, help="only this event")
    aud.add_argument("--tail", type=int, help="only the last N entries")
    aud.add_argument("--json", action="store_true", help="one JSON object per line")
    aud.add_argument("--verify", action="store_true",
                     help="check that no entry was changed, removed or reordered")

    demo = sub.add_parser("demo", help="write a synthetic partnership's files")
    demo.add_argument("--out", type=Path, default=Path("data/demo"))
    demo.add_argument("--format", choices=("contract", "ssda903"), default="contract",
                      help="contract: a Scottish partnership's files in this product's "
                      "contract (the default); ssda903: an English council's SSDA903 "
                      "returns, one folder per collection year (use with settings whose "
                      "country is england, e.g. examples/england/partnership.toml)")
    demo.add_argument("--scale", type=float, default=1.0,
                      help="1 is South Lanarkshire's size, 20 is Scotland's (with "
                      "--format ssda903: 1 is Barnsley's size)")
    demo.add_argument("--years", type=int, default=5, help="with --format ssda903: how "
                      "many collection years' returns, to the last 31 March (default 5: enough quarters "
                      "for the SPC charts' verdicts)")
    demo.add_argument("--seed", type=int, default=2019)
    demo.add_argument("--as-at", type=_date, help="pretend today is this date")
    demo.add_argument("--clean", action="store_true", help="no deliberately bad rows")
    demo.add_argument("--load", action="store_true", help="then load them (with --demo)")
    demo.add_argument("--db", type=Path)
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = load_settings(args.settings)
    except SettingsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    handler = {"load": _cmd_load, "report": _cmd_report, "demo": _cmd_demo,
               "board-pack": _cmd_board_pack, "evidence-pack": _cmd_evidence_pack,
               "children-pack": _cmd_children_pack,
               "comparators": _cmd_comparators, "users": _cmd_users,
               "audit": _cmd_audit}[args.command]
    return handler(args, settings)


def _cmd_load(args, settings, paths=None, demo=None) -> int:
    from etl.load import LoadError, run_load
    from etl.progress import load_progress
    from etl.readers import MappingError

    db = args.db or settings.warehouse_path

    def load():
        with load_progress() as progress:
            return run_load(paths or args.paths, db, settings, mapping=args.mapping
                            if hasattr(args, "mapping") else None,
                            demo=args.demo if demo is None else demo,
                            progress=progress, wait=not getattr(args, "no_wait", False),
                            on_wait=_waiting)
    return _report_load(load, db, (LoadError, MappingError))


def _cmd_users(args, settings) -> int:
    from cli.admin import users
    return users(args, settings)


def _cmd_audit(args, settings) -> int:
    from cli.admin import audit_command
    return audit_command(args, settings)


def _cmd_comparators(args, settings) -> int:
    from etl.comparators.load import load_comparators
    from etl.load import LoadError

    db = args.db or settings.warehouse_path
    return _report_load(lambda: load_comparators(args.paths, db, wait=not args.no_wait,
                                                 on_wait=_waiting), db, (LoadError,))


def _report_load(load, db: Path, errors: tuple) -> int:
    """Run a load; print a line per file and a summary; return its exit status. A load
    stopped by SIGTERM (as by Ctrl-C) removes its staging file on the way out."""
    from etl.warehouse import Busy

    signal.signal(signal.SIGTERM, _stop)
    try:
        result = load()
    except (*errors, Busy) as exc:
        print(f"error: {exc}; the warehouse is unchanged", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"stopped: nothing published; {db} is unchanged", file=sys.stderr)
        return 130
    for note in result.notes:
        print(f"[note] {note}")
    for f in result.files:
        print(f"[{f.status}] {f.message}")
    print(_summary(result, db))
    return result.exit_code


def _stop(signum, frame) -> None:
    raise KeyboardInterrupt


def _summary(result, db: Path) -> str:
    if result.published:
        return f"Published {db} (load {result.load_id}). `outcomes report` shows the details."
    if result.exit_code == 2:
        return f"Every file was refused: nothing published; {db} is unchanged."
    return f"Nothing new to load; {db} is unchanged."


def _cmd_report(args, settings) -> int:
    from etl.report import NoWarehouse, as_json, as_text, latest_load

    try:
        report = latest_load(args.db or settings.warehouse_path)
    except NoWarehouse as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(as_json(report) if args.json else as_text(report))
    return 0


def _cmd_board_pack(args, settings) -> int:
    from outcomes.packs import board_pack

    return board_pack.run_command(args.db or settings.warehouse_path, args.period, args.out,
                                 settings=settings)


def _cmd_children_pack(args, settings) -> int:
    from outcomes.packs import children_pack

    return children_pack.run_command(args.db or settings.warehouse_path, args.period,
                                     args.out, settings=settings)


def _cmd_evidence_pack(args, settings) -> int:
    from outcomes.packs import evidence_pack

    return evidence_pack.run_command(args.db or settings.warehouse_path, args.out,
                                period=args.period, settings=settings)


def _cmd_demo(args, settings) -> int:
    from etl.demo import england, generate

    england.clear(args.out)                 # an earlier run's files, of either format
    if args.format == "ssda903":
        return _cmd_demo_903(args, settings)
    files = generate(args.out, scale=args.scale, seed=args.seed, as_at=args.as_at,
                     settings=settings, bad_rows=not args.clean)
    print(f"Wrote {len(files)} synthetic files to {args.out} (seed {args.seed}, "
          f"scale {args.scale:g}). They are made up: no real child is in them.")
    if not args.load:
        return 0
    code = _cmd_load(args, settings, paths=[args.out], demo=True)
    return 0 if code == 1 and not args.clean else code   # the demo's bad rows are on purpose


def _cmd_demo_903(args, settings) -> int:
    """An English council's SSDA903 returns; with --load, each year's loaded in turn,
    oldest first, as a council loads each return (a later one's records win)."""
    from etl.demo import england

    if args.years < 1:
        print("error: --years must be 1 or more", file=sys.stderr)
        return 2
    files = england.generate(args.out, scale=args.scale, seed=args.seed, as_at=args.as_at,
                             bad_rows=not args.clean, years=args.years)
    folders = england.year_folders(args.out)
    print(f"Wrote {len(files)} synthetic SSDA903 files to {args.out}, one folder per "
          f"collection year ({', '.join(f.name for f in folders)}; seed {args.seed}, scale "
          f"{args.scale:g}). They are made up: no real child is in them.")
    if settings.country != "england":
        print(f"[note] the settings ({settings.source}) say country = "
              f"{settings.country!r}: an English council's returns are counted in years to "
              "31 March with settings whose country is \"england\" (e.g. "
              "OUTCOMES_SETTINGS=examples/england/partnership.toml)", file=sys.stderr)
    if not args.load:
        return 0
    codes = []
    for folder in folders:
        print(f"Loading {folder.name}")
        codes.append(_cmd_load(args, settings, paths=[folder], demo=True))
        if codes[-1] == 2:
            break
    code = max(codes)
    return 0 if code == 1 and not args.clean else code   # the demo's bad rows are on purpose
