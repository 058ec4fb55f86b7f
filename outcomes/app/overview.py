"""The overview's cards: one per improvement point and per strength to sustain."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import pandas as pd

import streamlit as st

from core import frameworks
from core.catalogue import IMPROVEMENT_POINTS, POINTS, STRENGTHS, for_point
from core.settings import load_settings
from outcomes.app import ui
from outcomes.app.cache import cached, kept
from outcomes.app.indicator_charts import target_for
from outcomes.draw import icons
from outcomes.query import action_plan, comparators, warehouse_info
from outcomes.query.filters import Filters
from outcomes.stats import scorecard
from outcomes.stats.scorecard import action_summary
from outcomes.words import actions as action_words
from outcomes.words.labels import (ASSURANCE_ICON, ASSURANCE_WORDS, VARIATION_ICON,
                                   VARIATION_LABEL, quarter_label)



# each point's own page
POINT_PAGES = {"corporate_parenting": "pages/corporate_parenting.py",
               "care_leavers": "pages/care_leavers.py",
               "data_and_outcomes": "pages/data_quality.py",
               "voice": "pages/voice_and_feedback.py",
               "child_protection": "pages/child_protection.py",
               "childrens_houses": "pages/wellbeing_scores.py"}
SPARK_QUARTERS = 12


@dataclass
class Card:
    point: str
    title: str
    strength: bool
    statuses: list[scorecard.Status]
    actions: str                # the action plan's summary sentence for the point
    overdue: int = 0            # its actions overdue today
    evidence: str = ""          # published evidence beside our own figures
    trends: dict = field(default_factory=dict)   # indicator id -> last quarters, as shown


def intro(filters: Filters) -> str:
    base = scorecard.baseline_quarter(load_settings().baseline_date)
    return (f"Every indicator, for {filters.describe()} in "
            f"{quarter_label(filters.end)}, compared with the inspection baseline "
            f"({quarter_label(base)}). A change counts as real only when the statistical "
            f"process control chart says so.")




def cards(filters: Filters, framework: str = frameworks.DEFAULT) -> list[Card]:
    """Every point's card for this view (kept per view: see cache.kept), narrowed to the
    indicators that speak to the sidebar's "Report against" choice (a point with none of
    them is left out)."""
    every = kept(_cards, filters)
    if framework == frameworks.DEFAULT:
        return every
    out = []
    for card in every:
        statuses = [s for s in card.statuses
                    if frameworks.meets(frameworks.indicator_tags(s.indicator.id), framework)]
        if statuses:
            out.append(replace(card, statuses=statuses))
    return out


def framework_note(framework: str) -> str:
    """What the overview shows under a "Report against" choice other than the points."""
    if framework == frameworks.DEFAULT:
        return ""
    return (f"Reporting against {frameworks.choices()[framework]}: only the indicators that "
            "speak to it are shown, under the inspection point each belongs to (the actions "
            "columns still count all of a point's actions). The sidebar's \"Report against\" "
            "shows them all again.")


def _cards(filters: Filters) -> list[Card]:
    actions = action_words.judge(cached(action_plan.actions))
    whole = filters.with_period(cached(warehouse_info.quarter_ends)[0], filters.end)
    out = []
    for point in (*IMPROVEMENT_POINTS, *STRENGTHS):
        series = {i.id: ui.indicator(i.id, whole)
                  for i in for_point(point, load_settings().country)}
        if not series:              # a point with no indicator for the partnership's country
            continue
        statuses = [scorecard.status(i, p, load_settings().baseline_date, target_for(i),
                                     period=filters.end, plan=ui.spc_plan())
                    for i, p in series.items()]
        evidence = (cached(comparators.care_homes_summary, load_settings().council)
                    if point == "childrens_houses" and load_settings().country == "scotland"
                    else "")
        trends = {i: _last_quarters(p.display()) for i, p in series.items()}
        out.append(Card(point, POINTS[point], point in STRENGTHS, statuses,
                        action_summary(actions, point),
                        action_words.counts(actions, point).get("overdue", 0), evidence,
                        trends))
    return out


def _last_quarters(shown: pd.DataFrame) -> list[float | None]:
    """The last quarters' values as the tables show them (a hidden one is a gap)."""
    if "value" not in shown:
        return []
    values = pd.to_numeric(shown["value"].astype(str).str.replace(",", ""), errors="coerce")
    return [None if pd.isna(v) else float(v) for v in values.tail(SPARK_QUARTERS)]


def point_lines(cards: list[Card]) -> None:
    """One line per point, the answer at a glance."""
    st.table(pd.DataFrame({
        "Point": [c.title for c in cards],
        "The charts and targets": [scorecard.point_summary(c.statuses) for c in cards],
        "Actions overdue": [str(c.overdue) for c in cards]}),
        hide_index=True, alt="Each point: its indicators' verdicts and overdue actions")


def grid(cards: list[Card]) -> None:
    """Every indicator: its latest value and n, the change since the baseline, Making Data
    Count's icons and the last quarters as a sparkline (a table, so that it wraps on a
    projector and a screen reader reads every cell)."""
    rows = []
    for card in cards:
        for s in card.statuses:
            trend = card.trends.get(s.indicator.id, [])
            rows.append({
                "Indicator": s.indicator.title,
                "Latest": "c" if s.hidden else scorecard.fmt(s.latest, s.indicator.unit),
                "Of": s.of[1] if s.of else "",
                "Change since baseline": _change(s),
                "Real change? (SPC)": _verdict(s),
                "Target": _target(s),
                f"Last {SPARK_QUARTERS} quarters": _image(
                    icons.sparkline_svg(trend), f"Trend over the last {len(trend)} quarters"),
            })
    st.table(pd.DataFrame(rows), hide_index=True,
             alt="Every indicator: latest value, how many it is of, change since the "
                 "inspection baseline, the SPC verdict, the target's assurance and the trend")
    st.caption("Icons (Making Data Count): filled circle, improving (H higher, L lower); thick "
               "ring, getting worse; thin grey ring, no significant change; P, F or ?: the "
               "target will be met, will be missed, or is hit and miss. \"c\": hidden to "
               "protect children's privacy.")


def _image(svg_text: str, alt: str) -> str:
    return f"![{alt}]({icons.as_data_url(svg_text)})" if svg_text else ""


def _verdict(s: scorecard.Status) -> str:
    if not s.variation:
        return "Not yet judged"
    words = VARIATION_LABEL[s.variation]
    return f"{_image(icons.svg(icons.variation_icon(s.variation)), words)} {words}"


def _target(s: scorecard.Status) -> str:
    if not s.assurance:
        return ""
    words = ASSURANCE_WORDS[s.assurance]
    icon = icons.assurance_icon(s.assurance)
    return (f"{_image(icons.svg(icon), 'Target ' + words)} " if icon else "") + words.capitalize()


def _change(s: scorecard.Status) -> str:
    if s.change is None:
        return ""
    return f"{s.change:+.1f} pts" if s.indicator.unit == "%" else f"{s.change:+,.0f}"


def _metric(s: scorecard.Status) -> None:
    """The latest value and its change; the change's colour is the SPC verdict's (grey
    when the change is within normal variation), never the sign of the change."""
    unit = s.indicator.unit
    delta = None
    if s.change is not None:
        delta = (f"{s.change:+.1f} pts since baseline" if unit == "%"
                 else f"{s.change:+,.0f} since baseline")
    colour = VARIATION_ICON[s.variation][0] if s.variation else "gray"
    # the title above, where it wraps: a metric's own label is cut off with an ellipsis
    st.markdown(f"**{s.indicator.title}**", help=s.indicator.definition)
    st.metric(s.indicator.title, scorecard.fmt(s.latest, unit), delta, delta_color=colour,
              label_visibility="collapsed", border=False)
    st.markdown(" ".join(badges(s)))
    st.caption(scorecard.sentence(s))


def badges(s: scorecard.Status) -> list[str]:
    """The verdict's Making Data Count icons as badges: colour and shape."""
    out = []
    if s.variation:
        colour, icon = VARIATION_ICON[s.variation]
        out.append(f":{colour}-badge[{icon} {VARIATION_LABEL[s.variation]}]")
    if s.assurance:
        colour, icon = ASSURANCE_ICON[s.assurance]
        out.append(f":{colour}-badge[{icon} Target: {ASSURANCE_WORDS[s.assurance]}]")
    return out


def render_card(card: Card) -> None:
    with st.expander(f"Details: {card.title}"):
        kind = "Strength to sustain" if card.strength else "Point for improvement"
        st.page_link(POINT_PAGES[card.point], label=f"Open the page: {card.title}",
                     icon=":material/arrow_forward:")
        st.caption(f"{kind}. The charts: {scorecard.point_summary(card.statuses)}. "
                   f"{card.actions}")
        if card.evidence:
            st.markdown(card.evidence)
        columns = st.columns(min(3, max(1, len(card.statuses))))
        for i, s in enumerate(card.statuses):
            with columns[i % len(columns)]:
                _metric(s)


def pack_buttons(filters: Filters) -> None:
    """The board pack and the inspector evidence pack, built when clicked, for the roles
    that may have them (outcomes.access); each download is recorded in the audit log."""
    from outcomes.access.signin import on_download
    from outcomes.packs import board_pack, command, evidence_pack

    settings = load_settings()
    where = {"to": filters.end.isoformat()}
    packs = (
        ("board_pack", "Board pack (PDF)",
         command.default_name("board-pack", filters.end, "pdf"), "application/pdf",
         ":material/picture_as_pdf:", board_pack.board_pack_bytes,
         "The overview, each point's charts, how we compare, overdue actions, data quality "
         "and definitions, as at the 'To quarter' in the sidebar. Takes a few seconds."),
        ("evidence_pack", "Evidence pack (ZIP)", command.default_name("evidence-pack", filters.end, "zip"),
         "application/zip", ":material/folder_zip:", evidence_pack.evidence_pack_bytes,
         "The board pack with every figure's data, definition and provenance."))
    row = st.container(horizontal=True)
    for kind, label, name, mime, icon, build, help_text in packs:
        if not ui.may_download(kind):
            continue
        row.download_button(
            label, on_download(name, lambda build=build: build(
                ui.warehouse().path, filters.end, settings=settings)[0], where),
            file_name=name, mime=mime, key=kind, on_click="ignore", icon=icon, help=help_text)
