"""The words of "Did listening change anything?", on the page and in the board pack: the
groups' and outcomes' plain names, and each outcome's summary sentence, written from the
same protected rows as its chart and table (a hidden figure says "c")."""

from __future__ import annotations

import pandas as pd

GROUP_LABELS = {"acted_on": "View acted on", "not_acted_on": "View not acted on",
                "no_view": "No view recorded", "all": "All children"}
OUTCOME_TITLES = {"moved": "Moved placement", "wellbeing": "Wellbeing score went up",
                  "missing": "Went missing", "homeless": "Care leavers who were homeless",
                  "eet": "Care leavers in education, training or work"}
OUTCOME_WORDS = {"moved": "moved placement", "wellbeing": "had a higher wellbeing score",
                 "missing": "went missing", "homeless": "were homeless",
                 "eet": "were in education, training or work"}
ASSOCIATION = ("This is an association, not a cause: children whose views are acted on "
               "differ in other ways too (age, placement, time in care), and the adjusted "
               "figure allows only for age and placement.")
METHOD = ("As recorded: the share in each group, with a 95% Wilson interval. Adjusted: "
          "directly standardised to the age band × placement mix of all the children "
          "compared, with a 95% Wilson interval on the effective number of children. No "
          "adjusted figure where a group holds too few of the kinds of children compared.")


def _pct(v) -> str:
    return "c" if v is None or pd.isna(v) else f"{float(v):.0f}%"


def _n(v) -> str:
    return "c" if v is None or pd.isna(v) else f"{int(v):,}"


def _none(v) -> bool:
    """A group that is shown as holding no child (not one hidden)."""
    return v is not None and not pd.isna(v) and int(v) == 0


def summary(rows: pd.DataFrame, outcome: str, months: int) -> str:
    """`rows`: the protected figures of one outcome (one row per group and months)."""
    part = rows.loc[rows["months"] == months].set_index("group")
    words = OUTCOME_WORDS[outcome]
    a, b, c = (part.loc[g] for g in ("acted_on", "not_acted_on", "no_view"))
    if _none(a["children"]) and _none(b["children"]):       # no view recorded at all
        return (f"No child's view was recorded in this year, so there is nothing to compare: "
                f"within {months} months, {_pct(c['crude_pct'])} of the children counted "
                f"{words} (n={_n(c['children'])}).")
    text = (f"Within {months} months, {_pct(a['crude_pct'])} of children whose view was "
            f"acted on {words} (n={_n(a['children'])}), against {_pct(b['crude_pct'])} of "
            f"those whose view was not acted on (n={_n(b['children'])}) and "
            f"{_pct(c['crude_pct'])} of those with no view recorded (n={_n(c['children'])}).")
    adjusted = [_pct(part.loc[g, "adjusted_pct"]) for g in ("acted_on", "not_acted_on",
                                                             "no_view")]
    if any(v != "c" for v in adjusted):
        allowed = "age" if outcome in ("homeless", "eet") else "age and placement"
        text += (f" Adjusted for {allowed}: " + ", ".join(adjusted) + ".")
    text += " " + _differs(part)
    return text + " " + ASSOCIATION


def _differs(part: pd.DataFrame) -> str:
    """Which groups' intervals (as recorded) do not overlap the acted-on group's."""
    def span(g):
        r = part.loc[g]
        return (r["crude_low"], r["crude_high"])
    a = span("acted_on")
    if any(pd.isna(v) for v in a):
        return "The acted-on group's figure is hidden, so the groups cannot be compared."
    apart, overlap = [], []
    for g in ("not_acted_on", "no_view"):
        b = span(g)
        if any(pd.isna(v) for v in b):
            continue
        (overlap if a[0] <= b[1] and b[0] <= a[1] else apart).append(
            GROUP_LABELS[g].lower())
    if apart:
        return ("The intervals of children whose view was acted on and of those with "
                f"{' or '.join(x.replace('view ', '') for x in apart)} do not overlap: a "
                "difference larger than chance alone would usually give.")
    if overlap:
        return ("The intervals overlap: the difference between the groups could be chance.")
    return "The other groups' figures are hidden, so the groups cannot be compared."
