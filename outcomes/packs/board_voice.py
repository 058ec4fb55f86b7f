"""The board pack's "What children told us": the themes of the year's views in words, as
a share with its n; consented words, redacted and escaped; and what was done with them."""

from __future__ import annotations

import pandas as pd
from reportlab.platypus import KeepTogether, Spacer

from outcomes.packs.board_data import PackData
from outcomes.query.you_said import sentence
from outcomes.packs.layout import TEXT_W, dataframe_table, para
from outcomes.query.filters import quarter_label
from outcomes.stats import scorecard
from outcomes.words import themes

QUOTES = 4
THEMES = 8
DONE = ("voice_acted_on_pct", "voice_told_outcome_pct", "voice_used_in_planning_pct")


def what_children_told_us(data: PackData, styles) -> list:
    """The section's flowables (nothing when no view was given in words)."""
    shares, quotes, year_start = data.voice_words
    if shares.data.empty:
        return []
    year = f"{quarter_label(year_start)} to {quarter_label(data.period)}"
    shown = shares.display()
    in_words = scorecard.count_text(shown["in_words"].iloc[0])     # "c" stays "c"
    block: list = [para("What children told us", styles["h2"]), para(
        f"In the year {year}, {in_words} views were given in the child's own words. The "
        "themes they raise, from the partnership's codebook of key phrases, as a share of "
        "those views (a view can raise several themes):", styles["body"])]
    frame = pd.DataFrame({"Theme": shown["theme"].head(THEMES),
                          "Views raising it": shown["views"].head(THEMES),
                          "Per cent": shown["pct"].head(THEMES)})
    block.append(dataframe_table(frame, [0.6 * TEXT_W, 0.2 * TEXT_W, 0.2 * TEXT_W], styles,
                                 {"Views raising it", "Per cent"}, {"Per cent": "%"},
                                 compact=True))
    if shares.note():
        block.append(para(shares.note() + ".", styles["small"]))
    story = block + [Spacer(1, 6)]
    words = [themes.safe_quote(t) for t in quotes["comment"].head(QUOTES)]
    if words:
        story += [para("In their own words (only views the child agreed may be quoted; "
                       "names, phone numbers and emails taken out):", styles["body"])]
        story += [para("“" + w + "”", styles["body"]) for w in words]      # escaped
    done = [f for f in data.figures if f.indicator.id in DONE]
    if done:
        story.append(para("What was done with what they said, in "
                          f"{quarter_label(data.period)}: " + "; ".join(
                              _done(f) for f in done) + ".", styles["body"]))
    return [KeepTogether(story)]           # on one page: no line left alone on the next


def _done(figure) -> str:
    s = figure.status
    value = "c" if s.hidden else scorecard.fmt(s.latest, figure.indicator.unit)
    of = f" ({s.of[0]} of {s.of[1]})" if s.of else ""
    return f"{figure.indicator.title.lower()} {value}{of}"


def you_said_we_did(data: PackData, styles) -> list:
    """'You said, we did': the themes raised most in the year, what was done about them,
    and the plan's actions on the same subject (as the page, the same protected cells)."""
    d = data.you_said
    if d is None or not d.top:
        return []
    year = d.year(everything=True)
    plan = d.plan.groupby("theme")["action_id"].agg(lambda ids: ", ".join(map(str, ids)))
    frame = pd.DataFrame({"Theme": year["theme"].str.split(" (", regex=False).str[0],
                          "Views": year["views"], "Action recorded": year["acted"],
                          "Child told": year["told"], "Still open": year["open"],
                          "Plan actions": year["theme"].map(plan).astype(object).fillna("none linked").to_numpy()})
    counts = {"Views", "Action recorded", "Child told", "Still open"}
    block = [para("You said, we did", styles["h2"]),
             para(f"{sentence(year)} The themes raised most in the year "
                  f"{quarter_label(d.start)} to {quarter_label(d.end)}, with what happened to "
                  "the views raising them, and the actions in the plan on the same subject "
                  "(linked in data/you_said.yaml: same subject, not proof that the action "
                  "answered these views).", styles["body"]),
             dataframe_table(frame, [0.34 * TEXT_W, 0.1 * TEXT_W, 0.13 * TEXT_W,
                                     0.11 * TEXT_W, 0.11 * TEXT_W, 0.21 * TEXT_W], styles,
                             counts, compact=True)]
    if d.table.note():
        block.append(para(d.table.note() + ".", styles["small"]))
    return [Spacer(1, 6), KeepTogether(block)]
