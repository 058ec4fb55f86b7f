"""'You said, we did': the themes children raised most in the year to a quarter (from the
codebook's coding of their words), paired with what was done: per theme and quarter, the
views raising it, how many had an action recorded, how many the child was told the
outcome of, how many are still open; examples of what was done; and the actions of the
plan linked to each theme (data/you_said.yaml).

Disclosure control: one `protect` call over every count the page, the board pack and the
report for children show, so that no figure can be worked out from the others:
- a theme's four quarters and its year ("Total") are protected together (`across`), so
  the year minus the shown quarters never reveals a hidden one;
- views = action recorded + still open, and views = told + not told (`parts`), so the
  views minus a shown count never reveals a hidden one;
- none or all of a small group (under twice the threshold) is protected like a small
  count (attribute disclosure, statistics.md).
Themes overlap (a view can raise several), so themes do not add up to a total.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from core.rules import percent
from outcomes.query import action_plan
from outcomes.query.db import Warehouse
from outcomes.query.disclosure import Protected, protect
from outcomes.query.filters import Filters, quarter_label
from outcomes.query.voice_themes import theme_counts, year_start
from outcomes.query import warehouse_info
from outcomes.words import themes
from outcomes.words.you_said import load_links

TOTAL = "Total"
ALL = "All views in words"         # every view given in words, whatever its themes
COUNTS = ("views", "acted", "told", "open")
SHOWN = 8                    # themes shown: the most raised in the year


@dataclass(frozen=True)
class YouSaid:
    """What the page, the board pack and the report for children show."""
    table: Protected          # theme, quarter (a label, or "Total" for the year), COUNTS
    top: list[str]            # theme labels, most raised in the year first
    ids: dict[str, str]       # theme label -> codebook id
    start: dt.date            # the year's first quarter end
    end: dt.date
    examples: dict[str, list[str]]   # theme label -> what was done, as recorded (raw)
    plan: pd.DataFrame        # actions of the plan linked to a top theme: theme + its columns
    quotes: pd.DataFrame      # consented words in the year, newest first: comment, theme ids

    def plan_actions(self, themes: pd.Series) -> list[str]:
        """Each theme's linked plan actions ("IA-03, IA-20"), or "none linked"."""
        ids = self.plan.groupby("theme")["action_id"].agg(lambda a: ", ".join(map(str, a)))
        return list(themes.map(ids).astype(object).fillna("none linked"))

    def year(self, everything: bool = False) -> pd.DataFrame:
        """The protected Total rows of the top themes, most raised first (display form);
        with `everything`, then the row of all views in words."""
        shown = self.table.display()
        rows = shown.loc[shown["quarter"] == TOTAL].set_index("theme")
        order = [*self.top, *([ALL] if everything and self.top else [])]
        return rows.loc[[t for t in order if t in rows.index]].reset_index()


def you_said(wh: Warehouse, f: Filters, threshold: int) -> YouSaid:
    """The year of four quarters ending `f.end` (fewer where the history is shorter)."""
    start = year_start(warehouse_info.quarter_ends(wh), f.end)
    where, params = f.where(wh.columns("fact_feedback"), "f")
    rows = wh.df(f"""
        SELECT f.period_end, f.received_date, f.comment, f.can_quote, f.acted_on,
               f.told_outcome, fb.action_taken
        FROM fact_feedback f JOIN feedback fb USING (feedback_id)
        WHERE f.period_end BETWEEN ? AND ? AND f.comment IS NOT NULL AND {where}""",
                 [start, f.end, *params])
    rows["period_end"] = pd.to_datetime(rows["period_end"]).dt.date
    codebook = themes.load_codebook()
    coded = themes.code_comments(rows["comment"], codebook)
    quarters = [q for q in warehouse_info.quarter_ends(wh) if start <= q <= f.end]
    raw = _counts(rows, coded, codebook, quarters)
    year = raw.loc[(raw["quarter"] == TOTAL) & (raw["theme"] != ALL)].sort_values(["views", "theme"],
                                                        ascending=[False, True])
    top = list(year.loc[year["views"] > 0, "theme"].head(SHOWN))
    ids = {t.label: t.id for t in codebook}
    examples = {t: _examples(rows.loc[coded[ids[t]]], threshold) for t in top}
    quotes = rows.loc[rows["can_quote"].fillna(False).astype(bool)].sort_values(
        "received_date", ascending=False)
    quotes = pd.DataFrame({"comment": quotes["comment"],
                           "themes": [list(coded.columns[coded.loc[i].to_numpy()])
                                      for i in quotes.index]})
    return YouSaid(_protect(raw, threshold), top, ids, start, f.end, examples,
                   _plan(wh, top, ids), quotes.reset_index(drop=True))


def _counts(rows: pd.DataFrame, coded: pd.DataFrame, codebook, quarters) -> pd.DataFrame:
    """Per theme: a row per quarter and a Total row (the year), unprotected."""
    acted = rows["acted_on"].fillna(False).astype(bool).to_numpy()
    told = rows["told_outcome"].fillna(False).astype(bool).to_numpy()
    out = []
    everything = [(ALL, np.ones(len(rows), dtype=bool))]
    for label, hit in everything + [(t.label, coded[t.id].to_numpy()) for t in codebook]:
        for q in [*quarters, None]:
            sel = hit & ((rows["period_end"] == q).to_numpy() if q else True)
            views = int(sel.sum())
            out.append({"theme": label, "quarter": quarter_label(q) if q else TOTAL,
                        "views": views, "acted": int((sel & acted).sum()),
                        "told": int((sel & told).sum()),
                        "open": int((sel & ~acted).sum())})
    return pd.DataFrame(out, columns=["theme", "quarter", *COUNTS])


def _protect(raw: pd.DataFrame, threshold: int) -> Protected:
    """One protect call over every count (module docstring); two helper columns make
    'views = told + not told' a second sum of parts."""
    frame = raw.assign(views_again=raw["views"], not_told=raw["views"] - raw["told"])
    guarded = frame.copy()
    small_group = (frame["views"] > 0) & (frame["views"] < 2 * threshold)
    for col in ("acted", "told", "open", "not_told"):   # all of a small group: protected
        guarded.loc[small_group & (frame[col] == frame["views"]), col] = 1   # as if small
    # None of a small group is its complement's all (acted 0: open is all), hidden with it
    # by the parts; a zero is never guarded as 1, which would make the hidden cells seem
    # to add up to more than they do.
    p = protect(guarded, counts=list(COUNTS), threshold=threshold, across="quarter",
                parts={"views": ["acted", "open"], "views_again": ["told", "not_told"]})
    data = raw.copy()
    hidden = p.hidden[list(COUNTS)].copy()
    for col in COUNTS:                            # the true values, where not hidden
        data[col] = raw[col].astype("Int64").mask(hidden[col].to_numpy())
    return Protected(data=data, hidden=hidden, threshold=threshold)


def _examples(rows: pd.DataFrame, threshold: int, most: int = 3) -> list[str]:
    """What was done about views raising a theme, as recorded: the commonest actions only,
    and only those recorded for at least `threshold` of its views in the year (a rare
    action could point to one child)."""
    done = rows["action_taken"].dropna().astype(str).str.strip()
    counts = done[done != ""].value_counts()
    return list(counts[counts >= threshold].head(most).index)


def _plan(wh: Warehouse, top: list[str], ids: dict[str, str]) -> pd.DataFrame:
    """The actions of the plan linked to each top theme (data/you_said.yaml)."""
    links = load_links()
    actions = action_plan.actions(wh)
    parts = [links.linked(ids[t], actions).assign(theme=t) for t in top]
    columns = ["theme", *actions.columns]
    frames = [p[columns] for p in parts if len(p)]
    return (pd.concat(frames, ignore_index=True) if frames
            else pd.DataFrame(columns=columns))


def sentence(year: pd.DataFrame) -> str:
    """The summary sentence, from the protected year rows (`YouSaid.year()`): the same
    cells as the table beside it."""
    if year.empty:
        return "No view given in words in this year raised a theme of the codebook."
    r = year.iloc[0]
    theme = r["theme"].split(" (")[0]
    return (f"Children raised “{theme}” most often ({_n(r['views'])} "
            f"views this year); actions were recorded for {_n(r['acted'])} of them and "
            f"children were told the outcome of {_n(r['told'])}; {_n(r['open'])} "
            f"{'is' if _n(r['open']) == '1' else 'are'} still open.")


def _n(value) -> str:
    if isinstance(value, str):
        return value
    return f"{int(value):,}" if value is not None and not pd.isna(value) else "c"


# ---------------------------------------------------------------------------------------
# Every other place that shows theme counts hides at least what this protection hides, so
# that no page, pack or pair of them lets a hidden count be worked out (the voice page's
# quarters beside this page's year, the board pack's year of themes beside this section)
# ---------------------------------------------------------------------------------------

def year_themes(wh: Warehouse, start: dt.date, end: dt.date, threshold: int
                ) -> tuple[Protected, pd.DataFrame]:
    """The year's themes as this protection leaves them (the Total rows): theme, views
    raising it, views in words, per cent, most raised first; and the consented words."""
    said = you_said(wh, Filters(start=start, end=end), threshold)
    rows = (said.table.data["quarter"] == TOTAL).to_numpy()
    data = said.table.data.loc[rows, ["theme", "views"]].reset_index(drop=True)
    hidden = said.table.hidden.loc[rows, ["views"]].reset_index(drop=True)
    every = (data["theme"] == ALL).to_numpy()
    in_words, words_hidden = data.loc[every, "views"].iloc[0], bool(hidden.loc[every,
                                                                               "views"].iloc[0])
    keep = ~every & (data["theme"].isin(said.top) | hidden["views"]).to_numpy()
    order = [t for t in said.top] + [t for t in data.loc[keep, "theme"] if t not in said.top]
    data = data.loc[keep].set_index("theme").loc[order].reset_index()
    hidden = hidden.loc[keep].set_axis(data.index) if keep.any() else hidden.loc[keep]
    data["in_words"] = in_words
    data["pct"] = percent(data["views"].astype("Float64"),
                          pd.Series(in_words, index=data.index, dtype="Float64"))
    hide = pd.DataFrame({"views": hidden["views"].to_numpy(),
                         "in_words": words_hidden, "pct": hidden["views"].to_numpy()
                         | words_hidden}, index=data.index)
    for col in ("in_words", "pct"):
        data[col] = data[col].mask(hide[col])
    return Protected(data=data, hidden=hide, threshold=threshold), said.quotes


def voice_theme_counts(wh: Warehouse, f: Filters, threshold: int
                       ) -> tuple[Protected, pd.DataFrame, list[str]]:
    """The voice page's themes per quarter (voice_themes.theme_counts), with every cell
    hidden that this protection hides for the same theme and quarter."""
    p, quotes, top = theme_counts(wh, f, threshold)
    return _guard_quarters(p, wh, f, threshold), quotes, top


def _guard_quarters(p: Protected, wh: Warehouse, f: Filters, threshold: int) -> Protected:
    said = you_said(wh, f, threshold)
    rows = said.table.data["quarter"] != TOTAL
    hidden = {(t, q) for t, q, h in zip(said.table.data.loc[rows, "theme"],
                                        said.table.data.loc[rows, "quarter"],
                                        said.table.hidden.loc[rows, "views"]) if h}
    if not hidden:
        return p
    extra = pd.Series([(t, quarter_label(q)) in hidden
                       for t, q in zip(p.data["theme"], p.data["period_end"])],
                      index=p.data.index)
    data, hide = p.data.copy(), p.hidden.copy()
    for col in [c for c in ("views", "pct") if c in hide.columns]:
        hide[col] = hide[col] | extra
        data[col] = data[col].mask(hide[col])
    return Protected(data=data, hidden=hide, threshold=p.threshold)
