"""`outcomes users ...` and `outcomes audit`: accounts and the audit trail from the
command line (the app itself cannot add accounts or change the log)."""

from __future__ import annotations

import datetime as dt
import getpass
import json
import sys

from core.settings import Settings
from outcomes.access import audit
from outcomes.access.accounts import AccountError, Accounts
from outcomes.access.roles import ROLE_LABELS
from outcomes.access.settings import access_settings

COLUMNS = ("at", "event", "user", "role", "what", "filters", "detail")


def _accounts(settings: Settings) -> Accounts:
    a = access_settings(settings)
    return Accounts(a.accounts_file, a.max_failed, a.lockout_minutes)


def _password(from_stdin: bool) -> str:
    """From standard input (one line, for scripts), or asked for twice without echo."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("New password: ")
    if getpass.getpass("Again: ") != first:
        raise AccountError("the two passwords differ")
    return first


def _record(settings: Settings, what: str, detail: str) -> None:
    try:
        operator = getpass.getuser()
    except (KeyError, OSError):
        operator = "unknown"
    audit.append(access_settings(settings).audit_log, "account_change", user=f"os:{operator}",
                 role="", what=what, detail=detail)


def users(args, settings: Settings) -> int:
    store = _accounts(settings)
    try:
        if args.users_command == "add":
            store.add(args.name, args.role, _password(args.password_stdin))
            _record(settings, args.name.strip().lower(), f"added as {args.role}")
            print(f"Added {args.name.strip().lower()} as {ROLE_LABELS[args.role]} to "
                  f"{store.path}.")
        elif args.users_command == "password":
            store.set_password(args.name, _password(args.password_stdin))
            _record(settings, args.name.strip().lower(), "password changed")
            print(f"Changed the password of {args.name.strip().lower()} (and unlocked it).")
        elif args.users_command == "remove":
            store.remove(args.name)
            _record(settings, args.name.strip().lower(), "removed")
            print(f"Removed {args.name.strip().lower()}.")
        elif args.users_command == "unlock":
            store.unlock(args.name)
            _record(settings, args.name.strip().lower(), "unlocked")
            print(f"Unlocked {args.name.strip().lower()}.")
        else:
            rows = store.list()
            if not rows:
                print(f"No accounts in {store.path}. Add one with "
                      "`outcomes users add NAME --role ROLE`.")
            for r in rows:
                state = "locked" if r["locked"] else (
                    f"{r['failed']} failed" if r["failed"] else "")
                print(f"{r['name']:<24} {ROLE_LABELS[r['role']]:<20} {state}")
    except (AccountError, audit.AuditError, EOFError, KeyboardInterrupt) as exc:
        print(f"error: {exc or 'cancelled'}", file=sys.stderr)
        return 2
    return 0


def _printable(text: str) -> str:
    """What a visitor typed (a user name) cannot send escape sequences to the terminal."""
    return "".join(ch if ch.isprintable() else "?" for ch in text)


def _since(text: str | None) -> str:
    if not text:
        return ""
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise AccountError(f"--since {text!r}: give a date, YYYY-MM-DD") from None


def audit_command(args, settings: Settings) -> int:
    path = access_settings(settings).audit_log
    if args.verify:
        entries, problems, last = audit.verify(path)
        for p in problems:
            print(p)
        if problems:
            print(f"{path}: {len(problems)} problem(s) in {entries} entries: the log was "
                  "changed after it was written, or is missing.", file=sys.stderr)
            return 1
        print(f"{path}: {entries} entries, the chain is intact. Last entry's SHA-256: "
              f"{last}. Keep these two elsewhere: a later check that finds fewer entries, "
              "or no entry with this hash, means the end of the log was cut or rewritten.")
        return 0
    try:
        since = _since(args.since)
    except AccountError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    rows = [e for e in audit.read(path)
            if (not since or e.get("at", "") >= since)
            and (not args.user or e.get("user") == args.user.lower())
            and (not args.event or e.get("event") == args.event)]
    if args.tail:
        rows = rows[-args.tail:]
    if args.json:
        for e in rows:
            print(json.dumps(e, ensure_ascii=False, sort_keys=True))
        return 0
    if not rows:
        print(f"No audit entries in {path}" + (" match." if any(
            (args.since, args.user, args.event)) else "."))
        return 0
    for e in rows:
        if "broken" in e:
            print(_printable(f"(unreadable line) {e['broken'][:120]}"))
            continue
        filters = " ".join(f"{k}={','.join(v) if isinstance(v, list) else v}"
                           for k, v in (e.get("filters") or {}).items())
        role = ROLE_LABELS.get(e.get("role", ""), e.get("role", "") or "-")
        print(_printable(f"{e['at'][:19].replace('T', ' ')}  {e['event']:<14} "
                         f"{e['user']:<24} {role:<18} {e.get('what', '')} {filters} "
                         f"{e.get('detail', '')}".rstrip()))
    return 0
