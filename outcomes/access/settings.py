"""Who may sign in and how, the accounts file and the audit log: the [access] section of
the settings file (core.settings reads the file; the read side alone uses this)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from outcomes.access.roles import BOARD, ROLES
from core.settings import PROJECT_ROOT, Settings, SettingsError, load_settings, resolve

SIGN_IN_MODES = ("auto", "local", "oidc")


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
    demo_opens_as: str = "board_member"   # the role the synthetic demo opens as



def access_settings(settings: Settings | None = None) -> AccessSettings:
    """The [access] section, with OUTCOMES_SIGN_IN, OUTCOMES_ACCOUNTS, OUTCOMES_AUDIT_LOG and
    OUTCOMES_DEMO_OPENS_AS overriding it (paths in the file are relative to the settings file)."""
    settings = settings or load_settings()
    try:
        return _access(settings.raw, settings.source.resolve().parent)
    except (TypeError, ValueError) as exc:
        raise SettingsError(f"settings file {settings.source}: [access] {exc}") from exc


def _access(raw: dict, base: Path) -> AccessSettings:
    a = raw.get("access", {})
    oidc = a.get("oidc", {})
    sign_in = os.environ.get("OUTCOMES_SIGN_IN") or a.get("sign_in", "auto")
    if sign_in not in SIGN_IN_MODES:
        raise ValueError(f"sign_in {sign_in!r}: use one of {', '.join(SIGN_IN_MODES)}")

    opens_as = os.environ.get("OUTCOMES_DEMO_OPENS_AS") or a.get("demo_opens_as", BOARD)
    if opens_as not in ROLES:
        raise ValueError(f"demo_opens_as {opens_as!r}: use one of {', '.join(ROLES)}")

    def path(env: str, key: str, default: str) -> Path:
        return Path(os.environ[env]) if os.environ.get(env) else resolve(
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
        claim_roles=tuple((str(k), str(v)) for k, v in oidc.get("roles", {}).items()),
        demo_opens_as=opens_as)
