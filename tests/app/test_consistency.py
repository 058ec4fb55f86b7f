"""Every number in every sentence, on every page and in the board pack, on the demo
(with its comparators) and the tiny warehouse, is a number the reader can find: in a table
on the page, or in the warehouse's protected figures (statistics.md: compute, then
protect; one source for a figure and its words).

A sentence's number passes when it is
- a cell of a table on the page (as shown, or rounded as a sentence rounds it), a count
  of a table's rows or of a value in a column, or the sum of a column no cell of which
  is hidden (a sum over a column with a "c" is exactly the mistake this test exists for);
- the latest quarter's change from the baseline quarter in a table's rows;
- for the overview and the pack, which summarise the pages: anything above on any page;
- a protected figure of the warehouse: an indicator's value, numerator or denominator
  in a quarter, or a published comparator of the council or Scotland;
- part of the method, not of the data: a setting, a catalogue definition's own words, the
  statistical constants the method notes name (STATED below).
Dates, times, years and quarters are read as dates, not as figures.

The evidence is a set of numbers, so a small whole number can be matched by chance (a
wrong 28 passes if some table has 28 rows). The sentences whose mistake would be a small
number are held to their own rows by name in test_sentences.py (the wellbeing total, the
register's rate, every trend's share); this test is the net under all the rest.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from core.catalogue import BY_ID
from core.settings import load_settings
from outcomes.stats import scorecard
from outcomes.query import action_plan, comparators
from outcomes.query.db import get_warehouse
from outcomes.query.filters import Filters
from outcomes.query.indicators import indicator_series
from tests.apptools import APP, TIMEOUT

PAGES = ["overview", "corporate_parenting", "care_leavers", "voice_and_feedback", "data_quality",
         "data_loads", "you_said", "listening_outcomes",
         "wellbeing_scores", "child_protection", "how_we_compare", "action_plan",
         "indicator_definitions"]          # the accessibility statement states no figure
SUMMARIES = {"overview"}

# The method's own constants, as the method notes state them.
STATED = {
    1.96, 3.09, 2.5, 97.5, 99.8, 0.001, 95, 99, 100, 3, 2,   # limits, quantiles, winsorising
    2.66,                                                      # XmR: 3 / d2
    1000,                                                      # "per 1,000 children"
}
DATES = re.compile(
    r"\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?)?(?: UTC)?"    # 2026-12-03 08:43
    r"|\b\d{1,2} (?:January|February|March|April|May|June|July|August|September|October"
    r"|November|December)(?: \d{4})?"                                          # 30 September
    r"|\b(?:19|20)\d{2}(?:-\d{2})?(?: Q[1-4])?\b"                              # 2019-20, 2026 Q3
    r"|\bQ[1-4]\b|\b\d+ (?:months?|quarters?|days?|years?|weeks?)\b"           # 12 months
    r"|\b(?:WCAG|AA) \d(?:\.\d)?")
# the pack's own furniture: page numbers, section numbers, the contents' dot leaders
STRUCTURE = re.compile(r"^Page \d+ of \d+$|^\s*\d+\. [A-Z]|(?:\.\s+){3,}\d+\s*$")
NUMBER = re.compile(r"(?<![\w.])-?\d[\d,]*(?:\.\d+)?(?![\w])")


def numbers(text: str) -> list[float]:
    text = DATES.sub(" ", str(text))
    found = []
    for raw in NUMBER.findall(text):
        raw = raw.rstrip(",")
        try:
            found.append(abs(float(raw.replace(",", ""))))
        except ValueError:
            continue
    return found


def _key(x: float) -> float:
    return round(x + 1e-9, 1)


def _add(into: set, values: Iterable[float]) -> None:
    for v in values:
        if v is None or pd.isna(v):
            continue
        into.update({_key(abs(v)), _key(round(abs(v) + 1e-9)), _key(round(abs(v) + 1e-9, 1))})


def table_evidence(table: pd.DataFrame, baseline: dt.date) -> set:
    found: set = set()
    frame = table.astype(str)
    for value in frame.to_numpy().ravel():
        _add(found, numbers(value))
    _add(found, [len(frame)])
    for col in frame.columns:
        _add(found, frame[col].value_counts().to_numpy())
        shown = pd.to_numeric(frame[col].str.replace(",", ""), errors="coerce")
        if "c" not in set(frame[col]) and shown.notna().any():
            _add(found, [shown.sum()])
        if shown.notna().sum() >= 2:
            first = frame.iloc[:, 0]
            base = shown[first == baseline.isoformat()]
            if len(base) == 1:     # the latest row against the baseline quarter's row
                _add(found, [shown.dropna().iloc[-1] - base.iloc[0]])
    return found


def warehouse_evidence(db: Path) -> set:
    settings = load_settings()
    baseline = scorecard.baseline_quarter(settings.baseline_date)
    wh = get_warehouse(db)
    found: set = set()
    everything = Filters(start=dt.date(1900, 1, 1), end=dt.date(9999, 12, 31))
    for ind in BY_ID.values():
        frame = indicator_series(wh, ind.id, everything, settings.disclosure_threshold).display()
        at = frame["period_end"].astype(str)
        ends = {baseline.isoformat(), at.iloc[-1] if len(at) else ""}
        for col in ("numerator", "denominator", "value"):   # every other quarter: in a table
            if col in frame:
                _add(found, pd.to_numeric(frame.loc[at.isin(ends), col], errors="coerce"))
        _add(found, changes(frame, baseline))
        _add(found, [float(n.replace(",", "")) for n in
                     NUMBER.findall(" ".join(str(v) for v in vars(ind).values()))])
        _add(found, [len(BY_ID)])
    targets = action_plan.targets(wh)["target"]
    _add(found, targets)
    _add(found, targets * 100)
    for table in wh.df("SELECT table_name FROM information_schema.tables "
                       "WHERE table_name LIKE 'comparator_%'")["table_name"]:
        frame = wh.df(f"SELECT * FROM {table}")
        area = [c for c in frame.columns if c in ("council", "area_name")]
        if area:
            frame = frame[frame[area[0]].astype(str).str.contains(
                "South Lanarkshire|Scotland", na=False)]
        for col in frame.select_dtypes("number").columns:
            _add(found, frame[col])
    _add(found, numbers(" ".join(f"{k} {v}" for k, v in _flat(settings.raw))))
    for funnel in [comparators.rate_funnel(wh), *(comparators.lgbf_funnel(wh, code)
                                                  for code in comparators.LGBF)]:
        for limits in (funnel[2].values() if funnel else ()):   # the method's estimates
            d = limits.dispersion
            _add(found, [d.k, d.phi, d.tau2, d.tau2 ** 0.5, d.trim * 100])
    rates = comparators.register_rates(wh, settings.council) or {}
    _add(found, [v for k, v in rates.items() if k not in ("year", "period")])
    _add(found, [settings.disclosure_threshold - 1])     # "counts from 1 to 4"
    _add(found, STATED)
    return found


def changes(frame: pd.DataFrame, baseline: dt.date) -> list[float]:
    """The latest quarter's change from the baseline quarter, the quarter before and the
    year before, as the cards and status sentences state them."""
    if "value" not in frame or len(frame) < 2:
        return []
    value = pd.to_numeric(frame["value"], errors="coerce").astype(float)
    base = value[frame["period_end"].astype(str) == baseline.isoformat()]
    out = [value.iloc[-1] - value.iloc[-2]] + ([value.iloc[-1] - value.iloc[-5]]
                                               if len(value) > 4 else [])
    return out + ([value.iloc[-1] - base.iloc[0]] if len(base) == 1 else [])


def _flat(raw, prefix=""):
    if isinstance(raw, dict):
        for k, v in raw.items():
            yield from _flat(v, f"{prefix}{k}.")
    elif isinstance(raw, list):
        for v in raw:
            yield from _flat(v, prefix)
    else:
        yield prefix, raw


def render(page: str) -> AppTest:
    """The page as a reader first sees it (OUTCOMES_DB names the warehouse)."""
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.session_state["demo_role"] = "data_analyst"       # every page and its detail
    at.run()
    if page != "overview":
        at.switch_page(f"pages/{page}.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def sentences(at: AppTest) -> list[str]:
    return [e.value for kind in ("markdown", "caption", "info", "warning", "success", "error")
            for e in getattr(at, kind)]


def choices(box) -> list:
    """A select box's values. The pages label them with a dict's `get`, whose dict holds
    them (AppTest knows only the labels, and its select_index sets a label as the value)."""
    labels = getattr(box.format_func, "__self__", None)
    if isinstance(labels, dict):
        return [k for option in box.options for k, v in labels.items() if v == option]
    return list(box.options)


def evidence_on(at: AppTest, baseline: dt.date) -> set:
    own: set = set()
    for t in [*at.table, *at.dataframe]:
        own |= table_evidence(t.value, baseline)
    for m in at.metric:
        _add(own, numbers(m.value))
    return own


@pytest.fixture(scope="module", params=["compare_db", "tiny_db"])
def rendered(request):
    db = request.getfixturevalue(request.param)
    baseline = scorecard.baseline_quarter(load_settings().baseline_date)
    pages = {}
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("OUTCOMES_DB", str(db))
        for page in PAGES:
            at = render(page)
            texts, own = sentences(at), evidence_on(at, baseline)
            for key, values in [(c.key, choices(c)) for c in at.main.selectbox]:
                for value in values:             # every view a reader can choose on the page
                    at.selectbox(key=key).set_value(value).run()
                    assert not at.exception, [e.message for e in at.exception]
                    texts += sentences(at)
                    own |= evidence_on(at, baseline)
            pages[page] = (texts, own)
    return pages, warehouse_evidence(db), db


def unmatched(texts: list[str], evidence: set) -> list[tuple[float, str]]:
    return [(n, around(t, n)) for t in texts for n in numbers(t) if _key(n) not in evidence]


def around(text: str, n: float) -> str:
    """The words around the first place `n` is written in `text`."""
    for m in NUMBER.finditer(text):
        if _key(abs(float(m.group().rstrip(",").replace(",", "") or 0))) == _key(n):
            return text[max(0, m.start() - 80):m.end() + 40]
    return text[:160]


def report(bad: list[tuple[float, str]]) -> str:
    return "numbers found nowhere:\n" + "\n".join(f"  {n:g} in: {t}" for n, t in bad)


@pytest.mark.parametrize("page", PAGES)
def test_every_number_in_every_sentence_is_on_the_page_or_in_the_warehouse(rendered, page):
    pages, warehouse, _ = rendered
    texts, own = pages[page]
    evidence = own | warehouse
    if page in SUMMARIES:
        for _, other in pages.values():
            evidence |= other
    assert texts, f"{page} says nothing"
    bad = unmatched(texts, evidence)
    assert not bad, report(bad)


def test_every_number_in_the_board_pack_is_on_a_page_or_in_the_warehouse(rendered, tmp_path):
    from pypdf import PdfReader

    from outcomes.packs.board_pack import build_board_pack
    pages, warehouse, db = rendered
    evidence = set(warehouse)
    for _, own in pages.values():
        evidence |= own
    build_board_pack(db, None, tmp_path / "pack.pdf")
    text = [page.extract_text() for page in PdfReader(tmp_path / "pack.pdf").pages]
    lines = [" ".join(line for line in page.splitlines() if not STRUCTURE.search(line))
             for page in text]       # a page's text as one, so no date breaks at a line end
    Path(f"/tmp/dump-{db.parent.name}.txt").write_text("\n".join(lines))
    assert len(lines) > 10
    bad = unmatched(lines, evidence)
    assert not bad, report(bad)
