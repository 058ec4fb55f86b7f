"""The words of "Did listening change anything?", on the page and in the board pack: the
groups' and outcomes' plain names, and each outcome's summary sentence, written from the
same protected rows as its chart and table (a hidden figure says "c")."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from outcomes.words.labels import quarter_label

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


def introduction(year_end: dt.date, observed_to: dt.date) -> str:
    """Who is compared, over which year, followed to when (markdown: the pack drops the
    bold)."""
    first = year_end + dt.timedelta(days=1)
    start = dt.date(first.year - 1, first.month, 1)
    return (f"Children looked after with a view recorded between {start.day} "
            f"{start:%B %Y} and {year_end.day} {year_end:%B %Y} ({quarter_label(year_end)}), "
            "placed by their first view of that year: **acted on** (an action recorded "
            "against it) or **not acted on**; and children looked after in the middle of that "
            "year with **no view recorded** in it. What happened in the 6 and 12 months after "
            "the view (after the year's middle, for those with none), up to "
            f"{quarter_label(observed_to)}: every child counted has had the full 12 months. "
            "Linked through the pseudonymised child key only.")


def one_decimal(v) -> str:
    """A table's percentage cell as the page and the pack print it: "c" stays "c"."""
    return "c" if v == "c" else ("" if v in ("", None) else f"{float(v):.1f}")


def interval(low, high) -> str:
    """A table's interval cell ("11.2 to 21.5"): "c" where either end is hidden."""
    if "c" in (low, high):
        return "c"
    if low in ("", None) or high in ("", None):
        return ""
    return f"{float(low):.1f} to {float(high):.1f}"


def _pct(v) -> str:
    return "c" if v is None or pd.isna(v) else f"{float(v):.0f}%"


def _n(v) -> str:
    return "c" if v is None or pd.isna(v) else f"{int(v):,}"


def _none(v) -> bool:
    """A group that is shown as holding no child (not one hidden)."""
    return v is not None and not pd.isna(v) and int(v) == 0


def summary(rows: pd.DataFrame, outcome: str, months: int, association: bool = True) -> str:
    """`rows`: the protected figures of one outcome (one row per group and months).
    `association`: end with the ASSOCIATION sentence (the pack says it once for all)."""
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
    return text + " " + ASSOCIATION if association else text


_THOSE = {"not_acted_on": "those whose view was not acted on",
          "no_view": "those with no view recorded"}


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
        (overlap if a[0] <= b[1] and b[0] <= a[1] else apart).append(_THOSE[g])
    if apart:
        return ("The intervals of children whose view was acted on and of "
                f"{' or of '.join(apart)} do not overlap: a difference larger than chance "
                "alone would usually give.")
    if overlap:
        return ("The intervals overlap: the difference between the groups could be chance.")
    return "The other groups' figures are hidden, so the groups cannot be compared."
