"""The shared filters: what they hold, how they become SQL, and their URL form.

A `Filters` value is plain data, so queries and tests use it without
Streamlit. The sidebar (outcomes/sidebar.py) builds one from the widgets and
keeps it in the page's URL query parameters, so a link in a board paper
opens the same view.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from core.contract import SEX
from core.rules import CHILD_AGE_BANDS
from outcomes.words.labels import PLACEMENT_LABELS, quarter_label  # noqa: F401 (re-exported)

AGE_BANDS = tuple(label for _, label in CHILD_AGE_BANDS)
SEXES = SEX
DISABILITY = ("Disabled", "Not disabled", "Not known")

# Which filter narrows which column; a fact view offers the columns it has.
COLUMNS = {"localities": "locality", "age_bands": "age_band", "sexes": "sex",
           "disability": "disability", "placement_types": "placement_type"}
URL_KEYS = {"localities": "locality", "age_bands": "age", "sexes": "sex",
            "disability": "disability", "placement_types": "placement"}


@dataclass(frozen=True)
class Filters:
    start: dt.date                     # first quarter end shown
    end: dt.date                       # last quarter end shown
    localities: tuple[str, ...] = ()   # empty: all
    age_bands: tuple[str, ...] = ()
    sexes: tuple[str, ...] = ()
    disability: tuple[str, ...] = ()
    placement_types: tuple[str, ...] = ()

    def where(self, available: tuple[str, ...], alias: str = "") -> tuple[str, list]:
        """SQL conditions (AND-joined, bound parameters) for the columns a view has."""
        prefix = f"{alias}." if alias else ""
        parts, params = [], []
        for name, column in COLUMNS.items():
            chosen = getattr(self, name)
            if chosen and column in available:
                parts.append(f"list_contains(?, {prefix}{column})")
                params.append(list(chosen))
        return (" AND ".join(parts) or "TRUE"), params

    def ignored(self, available: tuple[str, ...]) -> list[str]:
        """Filters that are set but do not apply to a view (to say so on the page)."""
        return [URL_KEYS[n] for n, col in COLUMNS.items() if getattr(self, n)
                and col not in available]

    def with_period(self, start: dt.date, end: dt.date) -> Filters:
        return replace(self, start=start, end=end)

    def describe(self) -> str:
        """The view in words, for captions and file names."""
        bits = [", ".join(PLACEMENT_LABELS.get(v, v) for v in getattr(self, n))
                for n in COLUMNS if getattr(self, n)]
        return "; ".join(bits) if bits else "all children"

    def area(self, partnership: str) -> str:
        return " & ".join(self.localities) if self.localities else partnership

    def to_query(self) -> dict[str, str | list[str]]:
        out: dict[str, str | list[str]] = {"from": self.start.isoformat(),
                                           "to": self.end.isoformat()}
        for name, key in URL_KEYS.items():
            if getattr(self, name):
                out[key] = list(getattr(self, name))
        return out
