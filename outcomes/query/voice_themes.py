"""Themes in children's own words, from the codebook (data/codebook.yaml): per quarter
for the voice page, and the words that may be quoted. The year's themes (the board pack,
the voice page's year table) are "You said, we did"'s protection (outcomes/query/you_said.py),
so that no two places hide differently."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from core.rules import percent
from outcomes.query import breakdowns
from outcomes.query.db import Warehouse
from outcomes.query.disclosure import Protected, protect
from outcomes.query.filters import Filters
from outcomes.words import themes


def theme_counts(wh: Warehouse, f: Filters, threshold: int
                 ) -> tuple[Protected, pd.DataFrame, list[str]]:
    """Views per theme and quarter with the share of that quarter's views in words
    (protected), the quotable words (newest first), and the five most frequent themes,
    ranked on the counts before any was hidden. A share, not a count: a theme's count
    rises with the number of views heard, its share only if children raise it more."""
    counts, quotes, top = _counts(wh, f)
    return (protect(counts, counts=["views", "in_words"], threshold=threshold,
                    rates={"pct": ("views", "in_words")}), quotes, top)


def _counts(wh: Warehouse, f: Filters) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """theme_counts before disclosure control (never shown as it is)."""
    codebook = themes.load_codebook()
    words = breakdowns.comments(wh, f)
    coded = themes.code_comments(words["comment"], codebook)
    coded["period_end"] = pd.to_datetime(words["period_end"]).dt.date
    written = coded.groupby("period_end").size().rename("in_words")
    counts = coded.groupby("period_end").sum().reset_index().melt(
        id_vars="period_end", var_name="theme", value_name="views")
    counts["theme"] = counts["theme"].map({t.id: t.label for t in codebook})
    counts = counts.merge(written.reset_index(), on="period_end", how="left")
    counts["pct"] = percent(counts["views"], counts["in_words"]).set_axis(counts.index)
    quotes = words.loc[words["can_quote"].fillna(False).astype(bool)].sort_values(
        "received_date", ascending=False).head(6)
    top = counts.groupby("theme")["views"].sum().nlargest(5)
    return counts, quotes, list(top[top > 0].index)


def year_start(quarters: list[dt.date], end: dt.date) -> dt.date:
    """The first of the four quarters ending `end` (fewer where the history is shorter):
    the year the board pack and the voice page count themes over."""
    upto = [q for q in quarters if q <= end]
    return upto[max(0, len(upto) - 4)] if upto else end
