"""Roles, local accounts, the audit log and their commands, without the app."""

from __future__ import annotations

import io
import json
import os
import stat
import threading
from pathlib import Path

import pytest

from cli import main
from outcomes.access import audit, roles
from outcomes.access.accounts import AccountError, Accounts
from outcomes.access.roles import ANALYST, BOARD, INSPECTOR, LEADER, role_from_claims

PASSWORD = "correct horse battery staple"


# --- roles -------------------------------------------------------------------------

def test_role_matrix_as_the_issue_declares():
    themed = ["", "corporate-parenting", "action-plan", "compare", "care-leavers", "voice", "wellbeing",
              "child-protection", "definitions", "accessibility"]
    for role in roles.ROLES:
        assert all(roles.page_allowed(role, p) for p in themed)
        assert roles.download_allowed(role, "board_pack")
    # data quality's summary for every role; its rows and the loads for the analyst alone
    assert all(roles.page_allowed(r, "data-quality") for r in roles.ROLES)
    assert [r for r in roles.ROLES if roles.page_allowed(r, "data-loads")] == [ANALYST]
    assert not roles.can(BOARD, "locality") and roles.can(LEADER, "locality")
    assert roles.download_allowed(INSPECTOR, "evidence_pack")
    assert not roles.download_allowed(LEADER, "evidence_pack")
    assert not roles.download_allowed(BOARD, "evidence_pack")
    assert [r for r in roles.ROLES if roles.can(r, "quarantine_detail")] == [ANALYST]
    assert not roles.page_allowed(ANALYST, "no-such-page")


@pytest.mark.parametrize("claims, expected", [
    ({"roles": ["OutcomesMonitor.Board"]}, BOARD),
    ({"roles": "OutcomesMonitor.Leader"}, LEADER),
    ({"roles": ["OutcomesMonitor.Board", "OutcomesMonitor.Inspector"]}, INSPECTOR),
    ({"roles": ["inspector"]}, None),          # with a mapping, only the mapping counts
    ({"roles": ["Somebody.Else"]}, None),
    ({"groups": ["OutcomesMonitor.Board"]}, None),          # another claim: not read
    ({}, None),
])
def test_role_from_claims(claims, expected):
    mapping = {"OutcomesMonitor.Board": BOARD, "OutcomesMonitor.Leader": LEADER,
               "OutcomesMonitor.Inspector": INSPECTOR}
    assert role_from_claims(claims, "roles", mapping) == expected


def test_without_a_mapping_role_names_count_as_themselves():
    assert role_from_claims({"roles": ["inspector", "x"]}, "roles", {}) == INSPECTOR


def test_entra_group_ids_map_through_the_groups_claim():
    gid = "5f3c2a94-1b7e-4e51-9a0e-2c9d7c1b8f10"
    assert role_from_claims({"groups": [gid, "other"]}, "groups", {gid: ANALYST}) == ANALYST


# --- accounts ------------------------------------------------------------------------

@pytest.fixture
def store(tmp_path) -> Accounts:
    s = Accounts(tmp_path / "accounts.json", max_failed=3, lockout_minutes=15)
    s.add("ruth", LEADER, PASSWORD)
    return s


def test_the_file_holds_an_argon2id_hash_not_the_password(store):
    text = store.path.read_text()
    assert PASSWORD not in text and "$argon2id$" in text
    assert stat.S_IMODE(os.stat(store.path).st_mode) == 0o600


def test_sign_in_right_and_wrong(store):
    assert store.sign_in("ruth", PASSWORD).role == LEADER
    assert store.sign_in("RUTH ", PASSWORD).ok              # names are case-blind
    assert not store.sign_in("ruth", PASSWORD + "x").ok
    assert not store.sign_in("nobody", PASSWORD).ok


def test_lock_out_after_repeated_failures_then_unlock(store):
    assert not store.sign_in("ruth", "wrong").locked_until
    assert not store.sign_in("ruth", "wrong").locked_until
    third = store.sign_in("ruth", "wrong")
    assert third.just_locked and third.locked_until
    locked = store.sign_in("ruth", PASSWORD)                 # right password, still locked
    assert not locked.ok and locked.locked_until and not locked.just_locked
    assert store.list()[0]["locked"]
    store.unlock("ruth")
    assert store.sign_in("ruth", PASSWORD).ok


def test_a_success_resets_the_failure_count(store):
    store.sign_in("ruth", "wrong")
    store.sign_in("ruth", "wrong")
    assert store.sign_in("ruth", PASSWORD).ok
    assert not store.sign_in("ruth", "wrong").locked_until
    assert not store.sign_in("ruth", "wrong").locked_until


@pytest.mark.parametrize("name, role, password, message", [
    ("ruth", LEADER, PASSWORD, "already exists"),
    ("x", LEADER, PASSWORD, "user name"),
    ("new", "superuser", PASSWORD, "unknown role"),
    ("new", BOARD, "short", "at least 12"),
    ("newperson", BOARD, "newperson-2026-ok", "must not contain the user name"),
])
def test_bad_accounts_are_refused(store, name, role, password, message):
    with pytest.raises(AccountError, match=message):
        store.add(name, role, password)


def test_a_corrupt_accounts_file_is_a_clear_error(tmp_path):
    path = tmp_path / "accounts.json"
    path.write_text("{not json")
    with pytest.raises(AccountError, match="cannot read the accounts file"):
        Accounts(path).sign_in("ruth", PASSWORD)


# --- the audit log -------------------------------------------------------------------

def test_entries_chain_and_verify(tmp_path):
    log = tmp_path / "audit.log"
    for i in range(5):
        audit.append(log, "page_view", user="ruth", role=LEADER, what=f"/p{i}",
                     filters={"locality": ["Hamilton"]})
    entries = audit.read(log)
    assert [e["what"] for e in entries] == [f"/p{i}" for i in range(5)]
    assert entries[0]["prev"] == audit.GENESIS
    assert audit.verify(log)[:2] == (5, [])


@pytest.mark.parametrize("tamper, blamed", [("edit", "line 3"), ("delete", "line 2"),
                                            ("swap", "line 2")])
def test_a_rewritten_log_is_detected(tmp_path, tamper, blamed):
    log = tmp_path / "audit.log"
    for i in range(4):
        audit.append(log, "download", user="ruth", role=LEADER, what=f"f{i}.csv")
    lines = log.read_text().splitlines()
    if tamper == "edit":
        lines[1] = lines[1].replace('"ruth"', '"someone"')
    elif tamper == "delete":
        del lines[1]
    else:
        lines[1], lines[2] = lines[2], lines[1]
    log.write_text("\n".join(lines) + "\n")
    _, problems, _ = audit.verify(log)
    assert problems and problems[0].startswith(blamed + ":")


def test_a_missing_or_empty_log_fails_verification(tmp_path):
    log = tmp_path / "audit.log"
    assert audit.verify(log)[1] == [f"{log} does not exist"]
    log.write_bytes(b"")
    assert audit.verify(log)[1] == [f"{log} is empty"]


def test_the_last_hash_shows_a_cut_off_end(tmp_path):
    """Cutting the last lines leaves a chain that holds: the count and last hash, kept
    elsewhere, show it."""
    log = tmp_path / "audit.log"
    for i in range(5):
        audit.append(log, "page_view", user="ruth", role=LEADER, what=f"/p{i}")
    entries, problems, last = audit.verify(log)
    log.write_text("\n".join(log.read_text().splitlines()[:3]) + "\n")
    cut = audit.verify(log)
    assert cut[1] == [] and cut[0] == 3 and entries == 5 and cut[2] != last


def test_a_line_cut_short_by_a_crash_does_not_swallow_the_next(tmp_path):
    log = tmp_path / "audit.log"
    audit.append(log, "sign_in", user="ruth", role=LEADER)
    with open(log, "ab") as f:
        f.write(b'{"at": "2026-11-27T10:00:00')            # a write cut short
    audit.append(log, "sign_out", user="ruth", role=LEADER)
    entries = audit.read(log)
    assert "broken" in entries[1] and entries[2]["event"] == "sign_out"


def test_concurrent_appends_keep_the_chain(tmp_path):
    log = tmp_path / "audit.log"

    def write(n):
        for i in range(25):
            audit.append(log, "page_view", user=f"u{n}", role=BOARD, what=f"/{i}")
    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert audit.verify(log)[:2] == (100, [])


def test_the_log_survives_a_warehouse_swap(tmp_path):
    """The log is its own file beside the warehouse: publishing a new warehouse (two
    loads, two swaps) does not touch it."""
    from etl.comparators.load import load_comparators
    from tests.conftest import real_data
    db = tmp_path / "warehouse.duckdb"
    log = tmp_path / "audit.log"
    audit.append(log, "sign_in", user="ruth", role=LEADER)
    load_comparators([real_data("lgbf", "lgbf_looked_after_children_tidy.csv")], db)
    audit.append(log, "page_view", user="ruth", role=LEADER, what="/")
    before = log.read_bytes()
    load_comparators([real_data("scotpho", "scotpho_children_subset.csv")], db)
    assert log.read_bytes() == before
    assert audit.verify(log)[:2] == (2, [])


def test_an_unwritable_log_is_a_clear_error(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    (folder / "audit.log").mkdir()                 # a folder where the file should be
    with pytest.raises(audit.AuditError, match="cannot write the audit log"):
        audit.append(folder / "audit.log", "sign_in", user="x", role=BOARD)


# --- the commands --------------------------------------------------------------------

def run(args: list[str], stdin: str = "", monkeypatch=None) -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return main.main(args)


def test_users_add_list_unlock_remove(capsys, monkeypatch):
    assert run(["users", "add", "Ruth", "--role", LEADER, "--password-stdin"],
               PASSWORD + "\n", monkeypatch=monkeypatch) == 0
    assert "Added ruth as Partnership leader" in capsys.readouterr().out
    assert run(["users", "add", "ruth", "--role", LEADER, "--password-stdin"],
               PASSWORD + "\n", monkeypatch=monkeypatch) == 2
    assert "already exists" in capsys.readouterr().err
    assert run(["users", "add", "bob", "--role", BOARD, "--password-stdin"], "short\n",
               monkeypatch=monkeypatch) == 2
    assert main.main(["users", "list"]) == 0
    out = capsys.readouterr().out
    assert "ruth" in out and "bob" not in out
    assert main.main(["users", "unlock", "ruth"]) == 0
    assert main.main(["users", "remove", "ruth"]) == 0
    assert main.main(["users", "remove", "ruth"]) == 2
    events = [(e["event"], e["what"], e["detail"]) for e in audit.read(
        Path(os.environ["OUTCOMES_AUDIT_LOG"]))]
    assert events == [("account_change", "ruth", f"added as {LEADER}"),
                      ("account_change", "ruth", "unlocked"),
                      ("account_change", "ruth", "removed")]


def test_audit_command_prints_filters_and_verifies(capsys):
    log = Path(os.environ["OUTCOMES_AUDIT_LOG"])
    audit.append(log, "sign_in", user="ruth", role=LEADER, detail="local")
    audit.append(log, "page_view", user="ruth", role=LEADER, what="/care-leavers",
                 filters={"from": "2024-03-31", "locality": ["Hamilton"]})
    audit.append(log, "sign_in_failed", user="bob", role="", detail="wrong name or password")
    assert main.main(["audit"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 3
    assert "page_view" in out[1] and "/care-leavers" in out[1] and "locality=Hamilton" in out[1]
    assert main.main(["audit", "--user", "bob", "--json"]) == 0
    rows = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [r["event"] for r in rows] == ["sign_in_failed"]
    assert main.main(["audit", "--verify"]) == 0
    out = capsys.readouterr().out
    assert "3 entries, the chain is intact" in out and "Last entry's SHA-256: " in out
    audit.append(log, "sign_in_failed", user="evil\x1b[2Jname", role="")
    assert main.main(["audit", "--tail", "1"]) == 0
    assert "\x1b" not in capsys.readouterr().out                   # no escape reaches the terminal
    log.write_text(log.read_text().replace("Hamilton", "Clydesdale"))
    assert main.main(["audit", "--verify"]) == 1
