"""Partnership settings: read once from partnership.toml (or OUTCOMES_SETTINGS)."""

from __future__ import annotations

import datetime as dt
import functools
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SETTINGS = PROJECT_ROOT / "partnership.toml"

# The demo warehouse is pseudonymised with this published, non-secret key.
# It is only ever used by `outcomes load --demo`, and such a warehouse says so.
DEMO_KEY = "outcomes-monitor-demo-key-not-secret"


SIGN_IN_MODES = ("auto", "local", "oidc")


class SettingsError(ValueError):
    """The settings file is missing, unreadable or incomplete."""


@dataclass(frozen=True)
class AccessSettings:
    """Sign-in, accounts and the audit log (the [access] section)."""
    sign_in: str = "auto"          # auto: demo data needs none, real data needs local or oidc
    accounts_file: Path = PROJECT_ROOT / "data" / "accounts.json"
    audit_log: Path = PROJECT_ROOT / "data" / "audit.log"
    max_failed: int = 5            # wrong passwords in a row before the account locks
    lockout_minutes: int = 15
    idle_minutes: int = 30         # a local sign-in ends after this long without use
    oidc_provider: str = ""        # the [auth.<provider>] section of .streamlit/secrets.toml
    oidc_label: str = "your organisation's account"
    role_claim: str = "roles"      # the token claim holding roles or groups
    claim_roles: tuple[tuple[str, str], ...] = ()   # claim value -> role


@dataclass(frozen=True)
class Settings:
    name: str
    council: str
    localities: tuple[str, ...]
    report_published: dt.date
    baseline_date: dt.date
    disclosure_threshold: int
    key_env: str
    key_file: Path | None
    warehouse_path: Path
    source: Path
    access: AccessSettings = AccessSettings()

    def pseudonym_key(self) -> str | None:
        """The configured key, from the environment or the key file; None if neither."""
        key = os.environ.get(self.key_env, "").strip()
        if not key and self.key_file and self.key_file.is_file():
            key = self.key_file.read_text(encoding="utf-8").strip()
        return key or None


def _resolve(base: Path, value: str) -> Path:
    path = Path(value)
    return path if path.is_absolute() else (base / path)


def _access(raw: dict, base: Path) -> AccessSettings:
    """The [access] section, with OUTCOMES_SIGN_IN, OUTCOMES_ACCOUNTS and OUTCOMES_AUDIT_LOG
    overriding it (paths in the file are relative to the settings file)."""
    a = raw.get("access", {})
    oidc = a.get("oidc", {})
    sign_in = os.environ.get("OUTCOMES_SIGN_IN") or a.get("sign_in", "auto")
    if sign_in not in SIGN_IN_MODES:
        raise ValueError(f"sign_in {sign_in!r}: use one of {', '.join(SIGN_IN_MODES)}")

    def path(env: str, key: str, default: str) -> Path:
        return Path(os.environ[env]) if os.environ.get(env) else _resolve(
            base, a.get(key, default))

    return AccessSettings(
        sign_in=sign_in,
        accounts_file=path("OUTCOMES_ACCOUNTS", "accounts_file", "data/accounts.json"),
        audit_log=path("OUTCOMES_AUDIT_LOG", "audit_log", "data/audit.log"),
        max_failed=int(a.get("max_failed", 5)), lockout_minutes=int(a.get("lockout_minutes", 15)),
        idle_minutes=int(a.get("idle_minutes", 30)),
        oidc_provider=str(oidc.get("provider", "")),
        oidc_label=str(oidc.get("label", "your organisation's account")),
        role_claim=str(oidc.get("role_claim", "roles")),
        claim_roles=tuple((str(k), str(v)) for k, v in oidc.get("roles", {}).items()))


ENV_OVERRIDES = ("OUTCOMES_DB", "OUTCOMES_SIGN_IN", "OUTCOMES_ACCOUNTS", "OUTCOMES_AUDIT_LOG")


def load_settings(path: Path | str | None = None) -> Settings:
    """Read the settings file named, or OUTCOMES_SETTINGS, or partnership.toml.

    Parsed once and kept while the file (its modification time) and the environment
    overrides stay the same: the app asks for settings many times on every rerun."""
    path = Path(path or os.environ.get("OUTCOMES_SETTINGS") or DEFAULT_SETTINGS)
    try:
        info = path.stat()
    except OSError as exc:
        raise SettingsError(f"cannot read settings file {path}: {exc}") from exc
    return _parsed(path, (info.st_mtime_ns, info.st_size), tuple(os.environ.get(k) for k in ENV_OVERRIDES))


@functools.lru_cache(maxsize=8)
def _parsed(path: Path, stamp: tuple[int, int], env: tuple) -> Settings:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise SettingsError(f"cannot read settings file {path}: {exc}") from exc
    try:
        p, i, d, k = (raw["partnership"], raw["inspection"], raw["disclosure"],
                      raw["pseudonymisation"])
        base = path.resolve().parent
        db = os.environ.get("OUTCOMES_DB") or raw.get("warehouse", {}).get(
            "path", "data/warehouse.duckdb")
        return Settings(
            name=p["name"], council=p["council"], localities=tuple(p["localities"]),
            report_published=i["report_published"], baseline_date=i["baseline_date"],
            disclosure_threshold=int(d["threshold"]), key_env=k["key_env"],
            key_file=_resolve(base, k["key_file"]) if k.get("key_file") else None,
            warehouse_path=_resolve(base, db) if not os.environ.get("OUTCOMES_DB")
            else Path(db),
            source=path,
            access=_access(raw, base),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise SettingsError(f"settings file {path} is missing or has a bad {exc}") from exc
