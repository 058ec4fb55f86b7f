"""The 'You said, we did' page's sections: the themes children raised most in the year to
the sidebar's 'To quarter', what was done about them (chart, sentence, table), the same
quarter by quarter, examples of what was done, the plan's linked actions, and the report
for children."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.catalogue import POINTS
from core.settings import load_settings
from outcomes.app import ui
from outcomes.app.cache import cached, kept
from outcomes.draw.you_said import done_by_theme
from outcomes.query import you_said as query
from outcomes.query.filters import Filters, quarter_label
from outcomes.words import actions as action_words
from outcomes.words import themes
from outcomes.words.labels import escape_markdown

NAMES = {"theme": "Theme", "views": "Views raising it", "acted": "Action recorded",
         "told": "Child told the outcome", "open": "Still open (no action yet)"}


def data(f: Filters) -> query.YouSaid:
    return cached(query.you_said, f, ui.threshold())


def year_block(f: Filters) -> None:
    ui.show(kept(_year, f), f, key="yousaid")


def _year(f: Filters) -> ui.Block | str:
    d = data(f)
    year = d.year(everything=True)
    period = f"{quarter_label(d.start)} to {quarter_label(d.end)}"
    if year.empty:
        return (f"No view given in words from {period} raised a theme of the codebook, so "
                "there is nothing to pair with what was done.")
    summary = query.sentence(year)
    table = ui.renamed(year, NAMES).assign(
        **{"Actions in the plan": d.plan_actions(year["theme"])})
    return ui.Block(
        f"What children raised most, and what was done ({period})", summary,
        done_by_theme(year.iloc[:-1]),
        "Bar chart: for each of the themes children raised most this year, the views with "
        "an action recorded, those whose child was told the outcome, and those still open. "
        + summary, table, "you-said-we-did", d.table.note(), f.with_period(d.start, d.end))


def by_quarter(f: Filters) -> None:
    d = data(f)
    if not d.top:
        return
    shown = d.table.display()
    shown = shown.loc[shown["theme"].isin(d.top)].copy()
    shown["order"] = shown["theme"].map({t: i for i, t in enumerate(d.top)})
    shown = shown.sort_values("order", kind="stable")
    st.subheader("Quarter by quarter")
    st.markdown(f"The same themes in each quarter from {quarter_label(d.start)} to "
                f"{quarter_label(d.end)}; \"Total\" is the year. A view is counted in the "
                "quarter it was received; an action may have been recorded later.")
    table = ui.renamed(shown, {"theme": "Theme", "quarter": "Quarter", **{
        k: v for k, v in NAMES.items() if k != "theme"}})
    ui.table_block(table, alt="Themes by quarter: views raising each, with an action "
                   "recorded, child told the outcome, still open", topic="you-said-by-quarter",
                   filters=f.with_period(d.start, d.end), note=d.table.note(), key="byquarter")


def examples(f: Filters) -> None:
    """What was done, in staff's words: the commonest actions recorded for each theme,
    shown as plain text (never markdown or HTML), names and phone numbers taken out."""
    d = data(f)
    if not any(d.examples.values()):
        return
    st.subheader("What was done: examples")
    st.caption(f"The actions recorded most often for each theme, in staff's own words, "
               f"only where recorded for at least {ui.threshold()} views this year (a rare "
               "action could point to one child). Names, phone numbers and emails taken "
               "out; shown as plain text.")
    for theme in d.top:
        if d.examples.get(theme):
            st.markdown(f"**{escape_markdown(theme)}**")
            st.text("\n".join("• " + themes.safe_quote(a) for a in d.examples[theme]))


def plan_table(f: Filters) -> None:
    d = data(f)
    if d.plan.empty:
        return
    judged = action_words.judge(d.plan, action_words.today())
    judged["order"] = judged["theme"].map({t: i for i, t in enumerate(d.top)})
    judged = judged.sort_values(["order", "due_date"], kind="stable")
    st.subheader("The plan's actions on these themes")
    st.markdown("Actions in the partnership's plan on the same subject as a theme, from the "
                "links in `data/you_said.yaml`. A link says the plan has work on the "
                "subject, not that the work answered these views. Status as at "
                f"{action_words.long_day(action_words.today())}.")
    table = pd.DataFrame({
        "Theme": judged["theme"], "Action": judged["action_id"].astype(str) + " " +
        judged["action"].astype(str),
        "Point": judged["improvement_point"].map(lambda p: POINTS.get(p, p)),
        "Owner": judged["owner"].astype(str), "Due": judged["due_date"].map(action_words.day),
        "Status": judged["shown"].map(action_words.status_label)})
    ui.table_block(table, alt="Actions in the plan linked to each theme, with status",
                   topic="you-said-plan", filters=f, note="", key="plan")


def children_pack_button(f: Filters) -> None:
    """The report for children (PDF), built when clicked; recorded in the audit log."""
    if not ui.may_download("children_pack"):
        return
    from outcomes.access.signin import on_download
    from outcomes.packs import children_pack, command

    settings = load_settings()
    name = command.default_name("children-pack", f.end, "pdf")
    st.subheader("A report children can read")
    st.markdown("What children told us, what changed and what we are still working on, in "
                "large type and plain words, for the whole partnership, the year to the "
                "'To quarter'. Small numbers are never shown: it says \"a few\".")
    st.download_button(
        "Report for children (PDF)", on_download(name, lambda: children_pack.children_pack_bytes(
            ui.warehouse().path, f.end, settings=settings)[0], {"to": f.end.isoformat()}),
        file_name=name, mime="application/pdf", key="children_pack", on_click="ignore",
        icon=":material/picture_as_pdf:", help="Takes a few seconds.")
