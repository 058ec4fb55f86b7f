"""The overview's cards: one per improvement point and per strength to sustain."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from core.catalogue import IMPROVEMENT_POINTS, POINTS, STRENGTHS, for_point
from core.settings import load_settings
from outcomes.app import ui
from outcomes.app.cache import cached
from outcomes.app.indicator_charts import target_for
from outcomes.query import action_plan, comparators, warehouse_info
from outcomes.query.filters import Filters
from outcomes.stats import scorecard
from outcomes.stats.scorecard import action_summary
from outcomes.words.labels import (ASSURANCE_ICON, ASSURANCE_WORDS, VARIATION_ICON,
                                   VARIATION_LABEL, quarter_label)



@dataclass
class Card:
    point: str
    title: str
    strength: bool
    statuses: list[scorecard.Status]
    actions: str
    evidence: str = ""          # published evidence beside our own figures


def intro(filters: Filters) -> str:
    base = scorecard.baseline_quarter(load_settings().baseline_date)
    return (f"Each card is one of the inspection's points for improvement, or a strength it "
            f"asked the partnership to sustain. Figures are for {filters.describe()} in "
            f"{quarter_label(filters.end)}, compared with the inspection baseline "
            f"({quarter_label(base)}). A change counts as real only when the statistical "
            f"process control chart says so.")




def cards(filters: Filters) -> list[Card]:
    actions = cached(action_plan.actions)
    whole = filters.with_period(cached(warehouse_info.quarter_ends)[0], filters.end)
    out = []
    for point in (*IMPROVEMENT_POINTS, *STRENGTHS):
        statuses = [scorecard.status(i.id, ui.indicator(i.id, whole),
                                     load_settings().baseline_date, target_for(i.id),
                                     period=filters.end, plan=ui.spc_plan())
                    for i in for_point(point)]
        evidence = (cached(comparators.care_homes_summary, load_settings().council)
                    if point == "childrens_houses" else "")
        out.append(Card(point, POINTS[point], point in STRENGTHS, statuses,
                        action_summary(actions, point), evidence))
    return out


def _metric(s: scorecard.Status) -> None:
    """The latest value and its change; the change's colour is the SPC verdict's (grey
    when the change is within normal variation), never the sign of the change."""
    unit = s.indicator.unit
    delta = None
    if s.change is not None:
        delta = (f"{s.change:+.1f} pts since baseline" if unit == "%"
                 else f"{s.change:+,.0f} since baseline")
    colour = VARIATION_ICON[s.variation][0] if s.variation else "gray"
    st.metric(s.indicator.title, scorecard.fmt(s.latest, unit), delta, delta_color=colour,
              help=s.indicator.definition, border=False)
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
    with st.container(border=True):
        kind = "Strength to sustain" if card.strength else "Point for improvement"
        st.subheader(card.title)
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
    for column, (kind, label, name, mime, icon, build, help_text) in zip(
            st.columns([1, 1, 2]), packs):
        if not ui.may_download(kind):
            continue
        column.download_button(
            label, on_download(name, lambda build=build: build(
                ui.warehouse().path, filters.end, settings=settings)[0], where),
            file_name=name, mime=mime, key=kind, on_click="ignore", icon=icon, help=help_text)
