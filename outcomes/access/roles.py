"""Who may see what: the roles, declared once.

Every page, download and capability the app offers is listed here with the
roles allowed to use it. The app's menu, its refusal of a page reached by URL,
its download buttons, its locality filters and the quarantine detail all ask
this module, and the role-matrix tests read the same tables.

Roles (the issue's words):

* board member: the overview, a page for every point (data quality: its summary) and the
  board pack, all suppressed; no quarantined rows, no load history, no locality
  breakdowns;
* partnership leader: as board member, plus locality breakdowns (the action
  plan is read-only: its status comes from the partnership's action-plan file);
* inspector: read-only, everything a leader sees plus the evidence pack;
* data analyst: everything, including the loads and quarantine page (the quarantined
  rows and the load history) (loads run from the command line, not the app).
"""

from __future__ import annotations

from dataclasses import dataclass

BOARD, LEADER, INSPECTOR, ANALYST = ("board_member", "partnership_leader", "inspector",
                                     "data_analyst")
# When an identity provider gives a person several roles, the first here wins.
ROLES = (ANALYST, INSPECTOR, LEADER, BOARD)
ROLE_LABELS = {BOARD: "Board member", LEADER: "Partnership leader", INSPECTOR: "Inspector",
               ANALYST: "Data analyst"}
EVERYONE = frozenset(ROLES)

# Pages by URL path ("" is the overview).
PAGES: dict[str, frozenset[str]] = {
    "": EVERYONE,
    "action-plan": EVERYONE,
    "compare": EVERYONE,
    "corporate-parenting": EVERYONE,
    "care-leavers": EVERYONE,
    "voice": EVERYONE,
    "listening": EVERYONE,                    # as the voice page: views linked to outcomes
    "you-said-we-did": EVERYONE,              # as the voice page
    "data-quality": EVERYONE,                 # its summary: counts of rows, never rows
    "data-loads": frozenset({ANALYST}),       # the quarantined rows and the load history
    "wellbeing": EVERYONE,
    "child-protection": EVERYONE,
    "definitions": EVERYONE,
    "accessibility": EVERYONE,
}

# Downloads.
DOWNLOADS: dict[str, frozenset[str]] = {
    "chart_data": EVERYONE,                       # each chart's CSV and Excel (suppressed)
    "board_pack": EVERYONE,
    "children_pack": EVERYONE,                    # the report for children: for publishing
    "evidence_pack": frozenset({INSPECTOR, ANALYST}),
}

# What a role may see within a page.
CAPABILITIES: dict[str, frozenset[str]] = {
    "locality": frozenset({LEADER, INSPECTOR, ANALYST}),     # locality filter and breakdowns
    "quarantine_detail": frozenset({ANALYST}),
    "load_history": frozenset({ANALYST}),
}


class UnknownRole(ValueError):
    """A role name that is not one of ROLES."""


def check_role(role: str) -> str:
    if role not in ROLES:
        raise UnknownRole(f"unknown role {role!r}: use one of {', '.join(ROLES)}")
    return role


def page_allowed(role: str, url_path: str) -> bool:
    return role in PAGES.get(url_path, frozenset())


def download_allowed(role: str, what: str) -> bool:
    return role in DOWNLOADS.get(what, frozenset())


def can(role: str, capability: str) -> bool:
    return role in CAPABILITIES.get(capability, frozenset())


@dataclass(frozen=True)
class User:
    """The person using the app: a name for the audit log, a role, and how they signed in
    ("local", "oidc" or "demo")."""
    name: str
    role: str
    method: str

    @property
    def label(self) -> str:
        return ROLE_LABELS[self.role]


def role_from_claims(claims: dict, role_claim: str, mapping: dict[str, str]) -> str | None:
    """The role an identity provider's token gives: the values of `role_claim` (a string
    or a list, e.g. Entra ID's "roles" or "groups"), each mapped through `mapping` (claim
    value -> role; without a mapping, a value that is itself a role name counts as that
    role). With several, the one with most access wins (ROLES order); None when nothing
    maps."""
    values = claims.get(role_claim)
    if values is None:
        return None
    if isinstance(values, str):
        values = [values]
    found = set()
    for value in values:
        role = mapping.get(str(value)) if mapping else str(value)
        if role in ROLES:
            found.add(role)
    return next((r for r in ROLES if r in found), None)
