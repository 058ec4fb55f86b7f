"""The board pack's voice section after its charts. "What children told us": the themes of
the year's views in words, as a share with its n; consented words, redacted and escaped;
and what was done with them. "You said, we did": the themes raised most and what became
of them. "Did listening change anything?": the page's figures for the pack's quarter
(views acted on or not, and what happened next), an association and not a cause."""

from __future__ import annotations

import pandas as pd
from reportlab.platypus import KeepTogether, Spacer, Table, TableStyle

from outcomes.packs.board_data import PackData
from outcomes.query import linkage as listening
from outcomes.query.you_said import sentence
from outcomes.packs.layout import (LIGHT, NOT_AVAILABLE, TEXT_W, dataframe_table, fmt_cell, para,
                                   table_style_commands)
from outcomes.query.filters import quarter_label
from outcomes.stats import scorecard
from outcomes.words import listening as said_words
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
    frame = pd.DataFrame({"Theme": year["theme"].str.split(" (", regex=False).str[0],
                          "Views": year["views"], "Action recorded": year["acted"],
                          "Child told": year["told"], "Still open": year["open"],
                          "Plan actions": d.plan_actions(year["theme"])})
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


LISTENING_MONTHS = 12        # the page's summary sentences' months: the pack shows those


def did_listening_change_anything(data: PackData, styles) -> list:
    """'Did listening change anything?': for the year of views the page reads for the pack's
    quarter (linkage.for_quarter), each outcome's crude and adjusted percentages per group
    within 12 months, with their intervals, in one table; the page's summary sentences;
    and that this is an association, not a cause. The same protected figures as the page
    (nothing when no child in the cohorts was looked after or a care leaver)."""
    result = data.listening
    if result is None or not result.outcomes:
        return []
    figures = result.figures.data
    everyone = figures.loc[figures["group"] == listening.ALL, "children"]
    if everyone.notna().all() and (everyone == 0).all():
        return []
    shown = result.figures.display()
    shown = shown.loc[shown["months"] == LISTENING_MONTHS]
    head = ["Group", "Children", "Per cent as recorded", "95% interval", "Per cent adjusted",
            "95% interval (adjusted)"]
    numeric = set(head[1:])
    rows = [[para(h, styles["cell_head_num"] if h in numeric else styles["cell_head"])
             for h in head]]
    cmds = table_style_commands(zebra=False, compact=True)
    for outcome in result.outcomes:
        r = len(rows)
        rows.append([para(said_words.OUTCOME_TITLES[outcome], styles["cell_point"]),
                     "", "", "", "", ""])
        cmds += [("SPAN", (0, r), (-1, r)), ("BACKGROUND", (0, r), (-1, r), LIGHT)]
        for g in (*listening.GROUPS, listening.ALL):
            row = shown.loc[(shown["outcome"] == outcome) & (shown["group"] == g)].iloc[0]
            cells = [fmt_cell(row["children"]), said_words.one_decimal(row["crude_pct"]),
                     said_words.interval(row["crude_low"], row["crude_high"]),
                     said_words.one_decimal(row["adjusted_pct"]),
                     said_words.interval(row["adjusted_low"], row["adjusted_high"])]
            rows.append([para(said_words.GROUP_LABELS[g], styles["cell"])]
                        + [para(c or NOT_AVAILABLE, styles["cell_num"]) for c in cells])
    table = Table(rows, colWidths=[0.27 * TEXT_W, 0.11 * TEXT_W, 0.14 * TEXT_W,
                                   0.17 * TEXT_W, 0.14 * TEXT_W, 0.17 * TEXT_W],
                  repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle(cmds))
    opening = [para("Did listening change anything?", styles["h2"]),
               para(said_words.introduction(result.year_end, result.observed_to)
                    .replace("**", ""), styles["body"]),
               para(said_words.ASSOCIATION, styles["body"]),
               para(said_words.METHOD, styles["small"])]
    block = [para(f"Within {LISTENING_MONTHS} months (the page also shows 6 months):",
                  styles["body"]), table]
    if result.figures.note():
        block.append(para(result.figures.note() + ".", styles["small"]))
    story = [Spacer(1, 6), KeepTogether(opening), KeepTogether(block), Spacer(1, 4)]
    for outcome in result.outcomes:
        rows_of = figures.loc[figures["outcome"] == outcome]
        story.append(para(said_words.summary(rows_of, outcome, LISTENING_MONTHS,
                                             association=False), styles["body"]))
    return story
