"""Local accounts, for a deployment without an identity provider.

A JSON file (path in partnership.toml's [access] section) holding, per user,
a role and an Argon2id hash of the password (argon2-cffi, the OWASP-first
choice), never the password. There is no default account or password: the
first account is added with `outcomes users add NAME --role ROLE`. After
`max_failed` wrong passwords in a row the account locks for `lockout_minutes`
(`outcomes users unlock NAME` ends it early). Writes are atomic (a temporary
file, then rename) under a lock, and the file is readable by its owner only.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import functools
import json
import os
import re
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from outcomes.access.roles import ROLES, check_role

MIN_PASSWORD = 12
NAME_RULE = re.compile(r"^[a-z0-9][a-z0-9._@-]{1,63}$")
HASHER = PasswordHasher()           # Argon2id, RFC 9106 low-memory profile
@functools.cache
def dummy_hash() -> str:
    """Checked against when the name is unknown, so a wrong name takes as long as a wrong
    password. Made on first use (a hash takes a fraction of a second; not at import)."""
    return HASHER.hash("not-a-password-anyone-uses")


class AccountError(ValueError):
    """An account cannot be added, changed or found: the message is one line."""


@dataclass(frozen=True)
class SignIn:
    """The outcome of one attempt: ok, or why not (wrong / locked), and the role."""
    ok: bool
    role: str | None = None
    locked_until: dt.datetime | None = None
    just_locked: bool = False


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def check_name(name: str) -> str:
    name = name.strip().lower()
    if not NAME_RULE.match(name):
        raise AccountError(f"user name {name!r}: use 2-64 lower-case letters, digits and . _ @ -")
    return name


def check_password(password: str, name: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"the password must have at least {MIN_PASSWORD} characters")
    if name in password.lower():
        raise AccountError("the password must not contain the user name")


class Accounts:
    """The accounts file: read, change under a lock, write atomically."""

    def __init__(self, path: Path, max_failed: int = 5, lockout_minutes: int = 15):
        self.path = Path(path)
        self.max_failed = max_failed
        self.lockout = dt.timedelta(minutes=lockout_minutes)

    # -- storage -------------------------------------------------------------------
    def _read(self) -> dict:
        if not self.path.exists():
            return {"users": {}}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise AccountError(f"cannot read the accounts file {self.path}: {exc}") from exc
        if not isinstance(data, dict) or not isinstance(data.get("users"), dict):
            raise AccountError(f"the accounts file {self.path} is not an accounts file")
        return data

    def _write(self, data: dict) -> None:
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(data, f, indent=1, sort_keys=True)
                f.flush()
                os.fsync(f.fileno())
            os.chmod(tmp, 0o600)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    @contextmanager
    def _changing(self):
        """The accounts, locked against other writers; written back on leaving."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            lock = open(self.path.with_name(f".{self.path.name}.lock"), "a")
        except OSError as exc:
            raise AccountError(f"cannot write beside {self.path}: {exc.strerror}") from exc
        with lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            data = self._read()
            yield data
            self._write(data)

    # -- administration ------------------------------------------------------------
    def add(self, name: str, role: str, password: str) -> None:
        name = check_name(name)
        try:
            check_role(role)
        except ValueError as exc:
            raise AccountError(str(exc)) from exc
        check_password(password, name)
        with self._changing() as data:
            if name in data["users"]:
                raise AccountError(f"user {name} already exists (use `outcomes users "
                                   "password` or `remove`)")
            data["users"][name] = {"role": role, "hash": HASHER.hash(password), "failed": 0,
                                   "locked_until": None, "created": _now().isoformat()}

    def set_password(self, name: str, password: str) -> None:
        name = check_name(name)
        check_password(password, name)
        with self._changing() as data:
            user = self._get(data, name)
            user.update(hash=HASHER.hash(password), failed=0, locked_until=None)

    def remove(self, name: str) -> None:
        with self._changing() as data:
            self._get(data, check_name(name))
            del data["users"][check_name(name)]

    def unlock(self, name: str) -> None:
        with self._changing() as data:
            self._get(data, check_name(name)).update(failed=0, locked_until=None)

    def list(self) -> list[dict]:
        now = _now()
        return [{"name": n, "role": u["role"], "created": u.get("created", ""),
                 "failed": u.get("failed", 0),
                 "locked": bool(u.get("locked_until")
                                and dt.datetime.fromisoformat(u["locked_until"]) > now)}
                for n, u in sorted(self._read()["users"].items())]

    def _get(self, data: dict, name: str) -> dict:
        if name not in data["users"]:
            raise AccountError(f"no user {name}")
        return data["users"][name]

    # -- signing in ----------------------------------------------------------------
    def sign_in(self, name: str, password: str) -> SignIn:
        """Check a password, counting failures and locking after max_failed in a row.

        The slow hash check runs outside the file lock (so one sign-in does not hold up
        the others); only the count is updated under it. Every path checks one hash, so
        an unknown name, a locked account and a wrong password take the same time."""
        name = name.strip().lower()
        user = self._read()["users"].get(name)
        if user is None or user.get("role") not in ROLES:
            _verify(dummy_hash(), password)
            return SignIn(ok=False)
        right = _verify(user["hash"], password)
        with self._changing() as data:
            user = data["users"].get(name)
            if user is None:                                  # removed meanwhile
                return SignIn(ok=False)
            now = _now()
            locked = user.get("locked_until")
            if locked and dt.datetime.fromisoformat(locked) > now:
                return SignIn(ok=False, locked_until=dt.datetime.fromisoformat(locked))
            if right:
                if HASHER.check_needs_rehash(user["hash"]):
                    user["hash"] = HASHER.hash(password)
                user.update(failed=0, locked_until=None, last_sign_in=now.isoformat())
                return SignIn(ok=True, role=user["role"])
            user["failed"] = int(user.get("failed", 0)) + 1
            if user["failed"] >= self.max_failed:
                until = now + self.lockout
                user.update(failed=0, locked_until=until.isoformat())
                return SignIn(ok=False, locked_until=until, just_locked=True)
            user["locked_until"] = None
            return SignIn(ok=False)

    def role_of(self, name: str) -> str | None:
        """The account's role now (None if it was removed): a signed-in session checks
        this on every page, so removing an account or changing its role takes effect."""
        try:
            user = self._read()["users"].get(name)
        except AccountError:
            return None
        return user.get("role") if user else None


def _verify(hashed: str, password: str) -> bool:
    try:
        return HASHER.verify(hashed, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
