"""The SSDA903 files' layouts: each recognised by its header row, whatever its name.

Columns as DfE's specification and Data to Insight's validator (lac_validator/config.py)
name them. A file is a 903 file when its header holds every column of one layout (a
council's export may add columns after them); the layout with most columns wins.
"""

from __future__ import annotations

LAYOUTS: dict[str, tuple[str, ...]] = {
    "header": ("CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"),
    "episodes": ("CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC",
                 "REC", "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN"),
    "reviews": ("CHILD", "DOB", "REVIEW", "REVIEW_CODE"),
    "uasc": ("CHILD", "SEX", "DOB", "DUC"),
    "oc2": ("CHILD", "DOB", "SDQ_SCORE", "SDQ_REASON", "CONVICTED", "HEALTH_CHECK",
            "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE",
            "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"),
    "oc3": ("CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"),
    "ad1": ("CHILD", "DOB", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR",
            "SEX_ADOPTR", "LS_ADOPTR"),
    "placed_for_adoption": ("CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED",
                            "REASON_PLACED_CEASED"),
    "previous_permanence": ("CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM"),
    "missing": ("CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"),
}

# What each file is, in DfE's words (for the load's messages).
TITLES = {
    "header": "header (one row per child)", "episodes": "episodes",
    "reviews": "reviews", "uasc": "UASC (unaccompanied asylum-seeking children)",
    "oc2": "OC2 (children looked after for 12 months: health, offending, SDQ)",
    "oc3": "OC3 (care leavers)", "ad1": "AD1 (adoptions)",
    "placed_for_adoption": "placed for adoption (decisions to place)",
    "previous_permanence": "previous permanence", "missing": "missing or away from placement",
}

# Files this product reads, and the table each becomes.
USED = {"header": "children", "episodes": "looked_after_episodes",
        "oc3": "care_leavers", "reviews": "review_participation",
        "missing": "missing_episodes"}


def normalise(name: str) -> str:
    return name.strip().lstrip("\ufeff").strip('"').strip().upper()


def recognise(header: list[str]) -> str | None:
    """The 903 layout whose columns the header row holds, or None."""
    have = {normalise(h) for h in header}
    fits = [k for k, cols in LAYOUTS.items() if set(cols) <= have]
    return max(fits, key=lambda k: len(LAYOUTS[k])) if fits else None


def recognise_bytes(data: bytes) -> str | None:
    """recognise() on a CSV's first line (bytes as read; any encoding with ASCII names)."""
    first = data[:4096].split(b"\n", 1)[0].decode("latin-1")
    return recognise(first.rstrip("\r").split(","))
