"""DfE's published figures in words: a council beside its statistical neighbours'
median and England. Figures arrive here computed (`outcomes.query.england`); this
module only says them. A figure DfE did not publish is said to be missing, with DfE's
reason (its marker), never as zero."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

# DfE's markers (GSS symbols) in words
MARKERS = {"c": "suppressed to protect confidentiality", "k": "rounds to zero, not zero",
           "low": "rounds to zero, not zero", "u": "low reliability", "x": "not available",
           ":": "not available", "z": "not applicable"}
NUMBERS = {0: "none", 1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six",
           7: "seven", 8: "eight", 9: "nine", 10: "ten"}
ORDINAL = {1: "st", 2: "nd", 3: "rd"}
BETTER = {"higher": "Higher is better.", "lower": "Lower is better.",
          "neither": "Neither higher nor lower is better in itself."}


def missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or \
        str(value) in ("nan", "<NA>", "None")


def period(year: int) -> str:
    """DfE's reporting year ending 31 March `year`, as 2024-25."""
    return f"{year - 1}-{year % 100:02d}"


def number(value: float) -> str:
    """A published figure: whole numbers as such, otherwise one decimal place."""
    value = float(Decimal(str(float(value))).quantize(Decimal("0.1"), ROUND_HALF_UP))
    return f"{value:,.0f}" if value.is_integer() else f"{value:,.1f}"


def value_text(value: float, unit: str) -> str:
    return f"{number(value)}%" if unit == "%" else f"{number(value)} per 10,000 children"


def shown(value, marker, unit: str) -> str:
    """A table cell: the figure with its unit, or DfE's marker ("c") when missing."""
    if missing(value):
        return str(marker) if not missing(marker) else "x"
    return f"{number(value)}%" if unit == "%" else number(value)


def ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else ORDINAL.get(n % 10, 'th')}"


def rank_text(rank, ranked: int, better: str) -> str:
    if missing(rank):
        return "not ranked"
    return f"{ordinal(int(rank))} of {ranked}" + (" (1 highest)" if better == "neither" else "")


def published_text(published: int, neighbours: int) -> str:
    if published == neighbours:
        return f"all {NUMBERS.get(neighbours, neighbours)} published"
    return f"{NUMBERS.get(published, published)} of {NUMBERS.get(neighbours, neighbours)} published"


def why(marker) -> str:
    marker = "x" if missing(marker) else str(marker)
    return f"{marker}: {MARKERS.get(marker.lower(), 'not published')}"


def sentence(measure, council: str, row) -> str:
    """The latest year: the council, its neighbours' median, England, which way is
    better, and its rank among itself and its neighbours."""
    unit, n = measure.unit, int(row["neighbours"])
    if missing(row["council"]):
        start = (f"In {row['period']}, {council}'s figure was not published "
                 f"({why(row['council_marker'])})")
    else:
        start = f"In {row['period']}, " + measure.says.format(
            value=value_text(row["council"], unit), council=council)
    if n == 0:
        group = ("; it has no statistical neighbours in the loaded groupings (DfE, "
                 "April 2021);")
    elif missing(row["median"]):
        group = f"; none of its {NUMBERS.get(n, n)} statistical neighbours' figures was published"
    else:
        group = (f"; its {NUMBERS.get(n, n)} statistical neighbours' median was "
                 f"{value_text(row['median'], unit)} "
                 f"({published_text(int(row['published']), n)})")
    england = ("England's was not published" if missing(row["england"])
               else f"England's {value_text(row['england'], unit)}")
    text = f"{start}{group}{'' if n == 0 else ' and'} {england}. {BETTER[measure.better]}"
    if not missing(row["rank"]) and n:
        best = "1 is the highest" if measure.better == "neither" else "1 is best"
        text += (f" {council} ranks {ordinal(int(row['rank']))} of {int(row['ranked'])} "
                 f"(itself and its neighbours with a published figure; {best}).")
    return text


def nothing(measure, council: str) -> str:
    return f"DfE's loaded tables hold no figures for {measure.title.lower()}."
