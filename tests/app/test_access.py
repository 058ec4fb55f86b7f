"""AppTest: the role matrix. For each role, each page and each download is allowed or
refused as outcomes.access declares, including a page reached directly; sign-in with a
local account and with an identity provider's claims; everything in the audit log."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from outcomes.access import audit, roles
from outcomes.access.accounts import Accounts
from outcomes.access.roles import ROLES, User
from outcomes.access.settings import access_settings
from outcomes.access.signin import USER_KEY
from core.settings import SettingsError
from tests.apptools import shown

# page script -> URL path (app.py's table)
PAGE_FILES = {"partnership_overview": "", "action_plan": "action-plan", "how_we_compare": "compare",
              "care_leavers": "care-leavers", "voice_and_feedback": "voice",
              "listening_outcomes": "listening",
              "you_said": "you-said-we-did",
              "data_quality": "data-quality", "data_loads": "data-loads",
              "corporate_parenting": "corporate-parenting", "wellbeing_scores": "wellbeing",
              "child_protection": "child-protection", "indicator_definitions": "definitions",
              "accessibility_statement": "accessibility"}
PASSWORD = "correct horse battery staple"


def log() -> list[dict]:
    return audit.read(Path(os.environ["OUTCOMES_AUDIT_LOG"]))


def signed_in(role: str) -> dict:
    """Session state of someone already signed in with a local account of this role."""
    store = Accounts(Path(os.environ["OUTCOMES_ACCOUNTS"]))
    name = f"test-{role}".replace("_", "-")
    if name not in {u["name"] for u in store.list()}:
        store.add(name, role, PASSWORD)
    return {USER_KEY: User(name, role, "local")}


@pytest.fixture
def local(monkeypatch):
    monkeypatch.setenv("OUTCOMES_SIGN_IN", "local")


def test_the_matrix_covers_every_page_of_the_app():
    app_py = (Path(__file__).resolve().parents[2] / "app.py").read_text()
    for script, path in PAGE_FILES.items():
        assert f'"pages/{script}.py"' in app_py and path in roles.PAGES


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("script", list(PAGE_FILES))
def test_each_role_each_page_by_direct_switch(app, demo_db, local, role, script):
    at = app(demo_db, script, state=signed_in(role))
    text = shown(at)
    path = PAGE_FILES[script]
    if roles.page_allowed(role, path):
        assert "Not available" not in text, f"{role} refused /{path}"
        assert log()[-1]["event"] == "page_view" and log()[-1]["what"] == f"/{path}"
    else:
        assert "Not available" in text and "does not include this page" in text
        last = log()[-1]
        assert (last["event"], last["what"], last["role"]) == ("refused", f"/{path}", role)


def _downloads(at) -> set[str]:
    return {b.proto.id.rsplit("-", 1)[-1] for b in at.get("download_button")}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_each_download(app, demo_db, local, role):
    at = app(demo_db, "overview", state=signed_in(role))
    keys = _downloads(at)
    assert ("board_pack" in keys) == roles.download_allowed(role, "board_pack")
    assert ("evidence_pack" in keys) == roles.download_allowed(role, "evidence_pack")
    at.switch_page("pages/care_leavers.py").run()
    chart_data = any(k.startswith(("csv_", "xlsx_")) for k in _downloads(at))
    assert chart_data == roles.download_allowed(role, "chart_data")


@pytest.mark.parametrize("role", ROLES)
def test_locality_breakdowns_only_for_roles_that_have_them(app, demo_db, local, role):
    at = app(demo_db, "wellbeing_scores", query={"locality": "Hamilton"},
             state=signed_in(role))
    labels = [m.label for m in at.sidebar.multiselect]
    allowed = roles.can(role, "locality")
    assert ("Locality" in labels) == allowed
    # a locality in the address is ignored for a role without locality breakdowns
    assert ("Hamilton" in at.sidebar.multiselect(key="f_localities").value) if allowed \
        else "Hamilton" not in shown(at)
    assert ("across localities" in shown(at)) == allowed      # the breakdown by locality


@pytest.mark.parametrize("role", [roles.BOARD, roles.LEADER])
def test_voice_heat_map_has_locality_rows_only_for_roles_with_localities(app, demo_db, local,
                                                                         role):
    at = app(demo_db, "voice_and_feedback", state=signed_in(role))
    text = shown(at)
    assert "Age: " in text                                      # the other groups stay
    assert ("Locality: Hamilton" in text) == roles.can(role, "locality")
    # views by service: a service's place names its locality, so only kinds of service
    assert ("Social work - Hamilton" in text) == roles.can(role, "locality")
    assert "Social work" in text


def test_quarantine_detail_and_load_history_for_the_analyst(app, demo_db, local):
    at = app(demo_db, "data_loads", state=signed_in(roles.ANALYST))
    text = shown(at)
    assert "Load history" in text
    assert any("quarantined rows" in e.label for e in at.expander)


def test_demo_needs_no_sign_in_and_can_view_as_each_role(app, demo_db):
    at = app(demo_db, "overview")
    assert "Synthetic demo data" in shown(at)
    assert "Sign in" not in [b.label for b in at.button]
    at.sidebar.selectbox(key="demo_role").set_value(roles.BOARD).run()
    at.switch_page("pages/data_loads.py").run()
    assert "Not available" in shown(at)
    assert log()[-1]["user"] == "demo visitor" and log()[-1]["event"] == "refused"


def test_the_demo_opens_as_a_board_member_who_sees_a_page_for_every_point(app, demo_db):
    at = app(demo_db, "overview", role=None)
    assert at.sidebar.selectbox(key="demo_role").value == roles.BOARD
    for page, words in [("corporate_parenting", "Children looked after"),
                        ("care_leavers", "Care leavers receiving aftercare"),
                        ("data_quality", "Completeness"),
                        ("voice_and_feedback", "Children whose views were recorded")]:
        at.switch_page(f"pages/{page}.py").run()
        text = shown(at)
        assert "Not available" not in text and words in text, page
    # data quality for a board: the summary, never the rows or the loads
    at.switch_page("pages/data_quality.py").run()
    text = shown(at)
    assert "Load history" not in text and not at.dataframe
    assert not any("quarantined rows" in e.label for e in at.expander)


def test_a_demo_can_open_as_another_role(app, demo_db, monkeypatch):
    """OUTCOMES_DEMO_OPENS_AS (or [access] demo_opens_as): an analysts' training demo opens
    with the analyst's pages and filters; the menu still offers every role."""
    monkeypatch.setenv("OUTCOMES_DEMO_OPENS_AS", roles.ANALYST)
    at = app(demo_db, "data_loads", role=None)
    assert at.sidebar.selectbox(key="demo_role").value == roles.ANALYST
    assert "Load history" in shown(at)
    monkeypatch.setenv("OUTCOMES_DEMO_OPENS_AS", "superuser")
    with pytest.raises(SettingsError, match="demo_opens_as 'superuser': use one of"):
        access_settings()


def test_real_data_without_sign_in_configured_shows_nothing(app, tiny_db, tmp_path):
    """A warehouse that is not the demo, with sign_in = "auto": no figures, a clear reason."""
    import shutil

    from core.connection import connect
    real = tmp_path / "real.duckdb"
    shutil.copyfile(tiny_db, real)
    con = connect(real)
    con.execute("UPDATE warehouse_info SET value = 'false' WHERE key = 'demo'")
    con.close()
    at = app(real, "overview")
    text = shown(at)
    assert "sign-in is not configured" in text
    assert "Children looked after" not in text


# --- local accounts ------------------------------------------------------------------

@pytest.fixture
def accounts(local) -> Accounts:
    store = Accounts(Path(os.environ["OUTCOMES_ACCOUNTS"]))
    store.add("ruth", roles.LEADER, PASSWORD)
    return store


def _sign_in(at, name: str, password: str):
    at.text_input(key="signin_name").input(name)
    at.text_input(key="signin_password").input(password)
    at.button[0].click().run()
    return at


def test_sign_in_form_then_the_page_asked_for(app, demo_db, accounts):
    at = app(demo_db, "overview")
    assert "Sign in to see the partnership's figures" in shown(at)
    assert "Where we stand" not in shown(at)
    _sign_in(at, "ruth", PASSWORD)
    assert not at.exception
    assert "Signed in as **ruth** (Partnership leader)" in shown(at)
    events = [(e["event"], e["user"]) for e in log()]
    assert ("sign_in", "ruth") in events


def test_wrong_password_then_lock_out(app, demo_db, accounts):
    at = app(demo_db, "overview")
    for _ in range(5):
        _sign_in(at, "ruth", "wrong password 123")
        assert "Sign-in failed: the user name or password is wrong, or the account is " \
               "locked after 5 wrong passwords" in shown(at)
    _sign_in(at, "ruth", PASSWORD)                # the right password, but locked
    assert "Sign-in failed" in shown(at) and "Signed in as" not in shown(at)
    events = [e["event"] for e in log()]
    assert events.count("sign_in_failed") == 5 and events.count("locked_out") == 1
    # an unknown name gets the very same message: the form does not say who exists
    _sign_in(at, "nobody", PASSWORD)
    assert "Sign-in failed: the user name or password is wrong" in shown(at)
    accounts.unlock("ruth")
    _sign_in(at, "ruth", PASSWORD)
    assert "Signed in as **ruth**" in shown(at)


def test_removing_an_account_or_changing_its_role_ends_its_session(app, demo_db, accounts):
    at = app(demo_db, "overview")
    _sign_in(at, "ruth", PASSWORD)
    assert "Signed in as **ruth**" in shown(at)
    accounts.remove("ruth")
    accounts.add("ruth", roles.BOARD, PASSWORD)          # same name, another role
    at.run()
    assert "the account was removed or its role changed" in shown(at)
    assert "Signed in as" not in shown(at)
    assert log()[-1]["event"] == "sign_out"


def test_idle_session_ends(app, demo_db, accounts):
    import datetime as dt
    at = app(demo_db, "overview")
    _sign_in(at, "ruth", PASSWORD)
    at.session_state["_last_seen"] = dt.datetime.now(dt.timezone.utc) - dt.timedelta(hours=1)
    at.run()
    assert "Signed out after 30 minutes without use" in shown(at)
    assert (log()[-1]["event"], log()[-1]["detail"]) == (
        "sign_out", "signed out after 30 minutes without use")


def test_a_refused_page_keeps_the_filters(app, demo_db, local):
    """Refusing a page must not lose the sidebar's period (it used to collapse)."""
    at = app(demo_db, "overview", state=signed_in(roles.BOARD))
    start, end = at.sidebar.selectbox(key="f_from").value, at.sidebar.selectbox(key="f_to").value
    at.switch_page("pages/data_loads.py").run()
    at.switch_page("pages/wellbeing_scores.py").run()
    assert (at.sidebar.selectbox(key="f_from").value,
            at.sidebar.selectbox(key="f_to").value) == (start, end)


def test_sign_out(app, demo_db, accounts):
    at = app(demo_db, "overview")
    _sign_in(at, "ruth", PASSWORD)
    at.sidebar.button(key="sign_out").click().run()
    assert "Sign in to see the partnership's figures" in shown(at)
    assert log()[-1]["event"] == "sign_out"


# --- an identity provider (OIDC) ------------------------------------------------------

@pytest.fixture
def oidc(monkeypatch):
    monkeypatch.setenv("OUTCOMES_SIGN_IN", "oidc")


@pytest.mark.parametrize("claims, role", [
    ({"roles": ["OutcomesMonitor.Board"]}, roles.BOARD),
    ({"roles": ["OutcomesMonitor.Inspector"]}, roles.INSPECTOR),
    ({"roles": ["OutcomesMonitor.Board", "OutcomesMonitor.Analyst"]}, roles.ANALYST),
    ({"roles": "OutcomesMonitor.Leader"}, roles.LEADER),
])
def test_role_from_the_identity_providers_claims(app, demo_db, oidc, claims, role):
    user = {"is_logged_in": True, "email": "a.person@council.example", "name": "A Person",
            **claims}
    at = app(demo_db, "data_loads", user=user)
    text = shown(at)
    assert f"Signed in as **a.person@council.example** ({roles.ROLE_LABELS[role]})" in text
    assert ("Not available" in text) != roles.page_allowed(role, "data-loads")
    assert ("sign_in", "a.person@council.example", role) in [
        (e["event"], e["user"], e["role"]) for e in log()]


def test_a_person_without_a_role_sees_nothing(app, demo_db, oidc):
    at = app(demo_db, "overview", user={"is_logged_in": True, "email": "x@council.example",
                                        "roles": ["Somebody.Else"]})
    text = shown(at)
    assert "has no role in Outcomes Monitor" in text
    assert "Children looked after" not in text
    assert log()[-1]["event"] == "refused"


def test_oidc_without_auth_secrets_says_what_is_missing(app, demo_db, oidc):
    at = app(demo_db, "overview", user={})
    text = shown(at)
    assert "has no `[auth]` section" in text
    assert "The inspection's points" not in text


ENTRA = {"redirect_uri": "https://outcomes.example/oauth2callback",
         "cookie_secret": "test-only-cookie-secret",
         "microsoft": {"client_id": "00000000-0000-0000-0000-000000000000",
                       "client_secret": "test-only",
                       "server_metadata_url": "https://login.microsoftonline.com/common/v2.0/"
                                              ".well-known/openid-configuration"}}


def test_oidc_not_signed_in_gets_the_sign_in_button(app, demo_db, oidc):
    at = app(demo_db, "overview", user={"is_logged_in": False}, secrets={"auth": ENTRA})
    labels = [b.label for b in at.button]
    assert "Sign in with your council account" in labels
    assert "The inspection's points" not in shown(at)
