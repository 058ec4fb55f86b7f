"""Sign-in for the app: who is using it, in which role, and recording what they do.

Three ways in, chosen by [access] sign_in in partnership.toml:

* "auto": the synthetic demo needs no sign-in (a "view as" menu previews each
  role); a warehouse of real data is not shown until sign-in is configured;
* "local": the accounts file (`outcomes users add`), with lock-out;
* "oidc": Streamlit's st.login with an OpenID Connect provider (Microsoft
  Entra ID, Keycloak...), the role taken from a token claim.

Until someone is signed in, every page's address shows the sign-in form, so a
deep link still lands on its page afterwards. Roles and what they allow live
in outcomes.access; the log in outcomes.audit.
"""

from __future__ import annotations

import datetime as dt
import sys

import streamlit as st

from core.settings import load_settings
from outcomes.access import audit, roles
from outcomes.access.accounts import AccountError, Accounts, dummy_hash
from outcomes.access.roles import ANALYST, BOARD, INSPECTOR, LEADER, ROLE_LABELS, ROLES, User
from outcomes.access.settings import AccessSettings, access_settings

USER_KEY = "signed_in_user"
FAILED = ("Sign-in failed: the user name or password is wrong, or the account is locked "
          "after {n} wrong passwords in a row (for {minutes} minutes, or until an "
          "administrator unlocks it).")
DEMO_ROLE_KEY = "demo_role"
DEMO_ROLES = (BOARD, LEADER, INSPECTOR, ANALYST)
DEMO_NAME = "demo visitor"


def _settings() -> AccessSettings:
    return access_settings()


def record(user_name: str, role: str, event: str, what: str = "", filters: dict | None = None,
           detail: str = "") -> None:
    """Append to the audit log; if it cannot be written, nothing more is shown."""
    try:
        audit.append(_settings().audit_log, event, user=user_name, role=role, what=what,
                     filters=filters, detail=detail)
    except audit.AuditError as exc:
        st.error(f"The audit log cannot be written, so nothing can be shown: {exc}. "
                 "Ask the system administrator.")
        st.stop()


def record_for(user: User, event: str, what: str = "", filters: dict | None = None,
               detail: str = "") -> None:
    record(user.name, user.role, event, what, filters, detail)


# --- who is signed in --------------------------------------------------------------

def current_user(demo: bool) -> User | None:
    """The signed-in user, or None when the sign-in gate must be shown."""
    cfg = _settings()
    if cfg.sign_in == "auto":
        if not demo:
            return None
        role = st.session_state.setdefault(DEMO_ROLE_KEY, cfg.demo_opens_as)
        return User(DEMO_NAME, role if role in ROLES else cfg.demo_opens_as, "demo")
    if cfg.sign_in == "oidc":
        return _oidc_user(cfg)
    return _local_user(cfg)


def _local_user(cfg: AccessSettings) -> User | None:
    """The session's local account, while it still exists with the same role and has
    been used within idle_minutes; otherwise signed out (and recorded)."""
    user: User | None = st.session_state.get(USER_KEY)
    if user is None:
        return None
    now = dt.datetime.now(dt.timezone.utc)
    last = st.session_state.get("_last_seen", now)
    why = None
    if now - last > dt.timedelta(minutes=cfg.idle_minutes):
        why = f"signed out after {cfg.idle_minutes} minutes without use"
    elif Accounts(cfg.accounts_file).role_of(user.name) != user.role:
        why = "signed out: the account was removed or its role changed"
    if why:
        record_for(user, "sign_out", detail=why)
        st.session_state.pop(USER_KEY, None)
        st.session_state["_signed_out_why"] = why[0].upper() + why[1:] + "."
        return None
    st.session_state["_last_seen"] = now
    return user


def _oidc_claims() -> dict:
    try:
        return dict(st.user.to_dict())
    except Exception:       # no script context or no [auth] section: nobody is signed in
        return {}


def _oidc_user(cfg: AccessSettings) -> User | None:
    claims = _oidc_claims()
    if not claims.get("is_logged_in"):
        return None
    name = str(claims.get("email") or claims.get("preferred_username") or claims.get("name")
               or claims.get("sub") or "unknown")
    role = roles.role_from_claims(claims, cfg.role_claim, dict(cfg.claim_roles))
    if role is None:
        return None
    user = User(name, role, "oidc")
    if st.session_state.get(USER_KEY) != user:      # first run of this session signed in
        st.session_state[USER_KEY] = user
        record_for(user, "sign_in", detail="oidc")
    return user


# --- the gate: what someone not signed in sees --------------------------------------

def gate(paths: list[str]) -> None:
    """Show the sign-in (or the reason there is none) at every page's address."""
    pages = [st.Page(_gate_page, title="Sign in", icon=":material/lock:", url_path="sign-in",
                     default=True)]
    pages += [st.Page(_gate_page, title="Sign in", icon=":material/lock:", url_path=p)
              for p in {*paths, "overview"} if p]
    st.navigation(pages, position="hidden").run()


def _gate_page() -> None:
    cfg = _settings()
    st.title("Outcomes Monitor")
    st.markdown(f"*{load_settings().name}*")
    if cfg.sign_in == "auto":
        st.error("This warehouse holds real data about children, so it is shown only to "
                 "people who sign in, and sign-in is not configured. Set `sign_in` in the "
                 "`[access]` section of partnership.toml to `local` (and add accounts with "
                 "`outcomes users add NAME --role ROLE`) or `oidc` (see the README's "
                 "security section).")
    elif cfg.sign_in == "oidc":
        _oidc_gate(cfg)
    else:
        _local_form(cfg)


def _oidc_gate(cfg: AccessSettings) -> None:
    claims = _oidc_claims()
    if claims.get("is_logged_in"):
        name = claims.get("email") or claims.get("name") or "this account"
        if not st.session_state.get("_no_role_recorded"):
            st.session_state["_no_role_recorded"] = True
            record(str(name), "", "refused", what="sign-in",
                   detail=f"no role in claim {cfg.role_claim!r}")
        st.error(f"You are signed in as {name}, but your account has no role in Outcomes "
                 "Monitor. Ask the system administrator to give you one.")
        st.button("Sign out", on_click=st.logout, key="oidc_sign_out")
        return
    try:
        configured = "auth" in st.secrets
    except FileNotFoundError:
        configured = False
    if not configured:
        st.error("Sign-in with an identity provider is configured (`sign_in = \"oidc\"`), but "
                 ".streamlit/secrets.toml has no `[auth]` section. See the README's security "
                 "section.")
        return
    st.info("Sign in to see the partnership's figures.")
    st.button(f"Sign in with {cfg.oidc_label}", type="primary", key="oidc_sign_in",
              on_click=st.login, args=(cfg.oidc_provider or None,))


def _local_form(cfg: AccessSettings) -> None:
    dummy_hash()             # made now, so that the first wrong name costs one hash too
    why = st.session_state.pop("_signed_out_why", None)
    if why:
        st.warning(why)
    st.info("Sign in to see the partnership's figures.")
    with st.form("sign_in", enter_to_submit=True):
        name = st.text_input("User name", key="signin_name", autocomplete="username")
        password = st.text_input("Password", type="password", key="signin_password",
                                 autocomplete="current-password")
        submitted = st.form_submit_button("Sign in", type="primary")
    if submitted:
        _attempt(cfg, name, password)


def _attempt(cfg: AccessSettings, name: str, password: str) -> None:
    shown_name = name.strip().lower()[:64] or "(blank)"
    if not name.strip() or not password:
        st.error("Enter your user name and password.")
        return
    accounts = Accounts(cfg.accounts_file, cfg.max_failed, cfg.lockout_minutes)
    try:
        result = accounts.sign_in(name, password)
    except AccountError as exc:
        print(f"outcomes: sign-in unavailable: {exc}", file=sys.stderr)   # for the operator
        st.error("Sign-in is not available just now. Please tell the system administrator.")
        return
    if result.ok:
        user = User(shown_name, result.role, "local")
        st.session_state[USER_KEY] = user
        st.session_state["_last_seen"] = dt.datetime.now(dt.timezone.utc)
        record_for(user, "sign_in", detail="local")
        st.rerun()
    if result.locked_until is not None:
        until = result.locked_until.astimezone(dt.timezone.utc)
        record(shown_name, "", "locked_out" if result.just_locked else "sign_in_failed",
               detail=f"locked until {until:%Y-%m-%d %H:%M} UTC")
    else:
        record(shown_name, "", "sign_in_failed", detail="wrong name or password")
    # one message whatever went wrong, so that the form does not say which names exist
    st.error(FAILED.format(n=cfg.max_failed, minutes=cfg.lockout_minutes))


# --- the signed-in sidebar, refusals and page views ----------------------------------

def sidebar(user: User) -> None:
    with st.sidebar:
        if user.method == "demo":
            st.selectbox("Demo: view as", DEMO_ROLES, format_func=ROLE_LABELS.get,
                         key=DEMO_ROLE_KEY,
                         help="The synthetic demo needs no sign-in. Choose a role to see "
                              "what it may see.")
            return
        st.caption(f"Signed in as **{user.name}** ({user.label}).")
        st.button("Sign out", key="sign_out", on_click=_sign_out, args=(user,),
                  icon=":material/logout:")


def _sign_out(user: User) -> None:
    record_for(user, "sign_out")
    st.session_state.pop(USER_KEY, None)
    st.session_state.pop("_last_view", None)
    if user.method == "oidc":
        st.logout()


def refuse(user: User, what: str, kind: str = "page") -> None:
    """Say no, record it, stop the run."""
    record_for(user, "refused", what=what, detail=kind)
    st.title("Not available")
    st.error(f"Your role ({user.label}) does not include this {kind}. Ask the partnership's "
             "data team if you need it.")
    st.stop()


def record_view(user: User, url_path: str, filters: dict) -> None:
    """One page_view entry per page and filter combination (not one per rerun)."""
    key = (url_path, tuple(sorted((k, str(v)) for k, v in filters.items())))
    if st.session_state.get("_last_view") == key:
        return
    st.session_state["_last_view"] = key
    record_for(user, "page_view", what=f"/{url_path}", filters=filters)


def on_download(what: str, make, filters: dict | None = None):
    """A download button's data callable that records the download when it is made (the
    button's data is built only when clicked, outside the page's run: the user is taken
    now)."""
    who: User | None = st.session_state.get("_user")
    log = _settings().audit_log

    def _make():
        if who is not None:
            try:
                audit.append(log, "download", user=who.name, role=who.role, what=what,
                             filters=filters)
            except audit.AuditError as exc:
                raise RuntimeError(f"The download is refused: the audit log cannot record "
                                   f"it ({exc}). Ask the system administrator.") from None
        return make()
    return _make


def user() -> User:
    """The user of this run (set by app.py before the page runs)."""
    return st.session_state["_user"]
