"""Every number in a sentence agrees with the table beside it and with the warehouse
(statistics.md: compute, then protect; one source for a figure and its words)."""

from __future__ import annotations

import re

import pytest

from tests.factories import q


def _sentence(at, words: str) -> str:
    found = [m.value for m in at.markdown if words in m.value]
    assert found, f"no sentence with {words!r}"
    return found[0]


def _table(at, column: str):
    return next(t.value for t in at.table if column in t.value.columns)


@pytest.mark.parametrize("warehouse", ["demo_db", "tiny_db"])
def test_children_without_a_recent_assessment_are_counted_from_the_data(app, request,
                                                                        warehouse):
    db = request.getfixturevalue(warehouse)
    at = app(db, "wellbeing_scores")
    text = _sentence(at, "had no wellbeing assessment")
    table = _table(at, "No assessment in 12 months")
    total = table.loc[table["Placement type"] == "All placements"].iloc[0]
    without, of, pct = re.match(r"(\S+) of the (\S+) looked-after children \((\S+?)%?\)",
                                text).groups()
    assert (without, of, pct) == (total["No assessment in 12 months"], total["Looked after"],
                                  total["Per cent"])
    end = q(db, "SELECT max(period_end) FROM periods WHERE period_type = 'quarter'")[0][0]
    want = q(db, "SELECT count(*) FILTER (WHERE NOT assessed_recently), count(*) "
                 "FROM fact_wellbeing_recency WHERE period_type = 'quarter' AND period_end = ?",
             [end])[0]
    shown_without = None if without == "c" else int(without.replace(",", ""))
    if shown_without is not None:
        assert shown_without == want[0]           # not the sum of the visible cells
    else:                          # hidden: few children, or none or all of a small group
        assert 0 < want[0] < 5 or want[1] < 10
    assert of == "c" or int(of.replace(",", "")) == want[1]


def test_overview_colours_come_from_the_verdict_not_the_sign_of_the_change(app, demo_db):
    from streamlit.proto.Metric_pb2 import Metric
    at = app(demo_db, "overview")
    sentences = {c.value.split(":")[0]: c.value for c in at.caption if ":" in c.value}
    colours = {m.label: Metric.MetricColor.Name(m.proto.color) for m in at.metric}
    checked = 0
    for title, colour in colours.items():
        sentence = sentences[title]
        assert "(better)" not in sentence and "(worse)" not in sentence
        if "Common cause variation" in sentence:
            assert colour == "GRAY", (title, colour)
            checked += 1
        assert colour not in ("RED", "GREEN"), (title, colour)
    assert checked


def test_the_register_is_also_a_rate_per_1000_children_aged_0_15(app, compare_db):
    """The Scottish Government's measure: children on the register per 1,000 aged 0-15, on
    the council's published population (ScotPHO: South Lanarkshire 55,700 in 2021; 116 on
    the register on 31 July 2021, 2.1 per 1,000)."""
    at = app(compare_db, "child_protection")
    text = _sentence(at, "on the child protection register at the end of")
    count, rate = re.search(r"([\d,]+) children were on the child protection register .*?: "
                            r"([\d.]+) per 1,000 children aged 0-15", text).groups()
    assert float(rate) == round(1000 * int(count.replace(",", "")) / 55700, 1)
    assert "of 55,700" in text and "South Lanarkshire 2.1 per 1,000 (116 children)" in text
    table = _table(at, "Per 1,000 aged 0-15")
    assert str(table["Per 1,000 aged 0-15"].iloc[-1]) == rate


TREND_PAGES = ["overview", "care_leavers", "voice_and_feedback", "data_quality",
               "wellbeing_scores", "child_protection"]
SHARE = re.compile(r"(\d+(?:\.\d)?)% \(([\d,]+) of ([\d,]+)\) in (\d{4}) Q([1-4])")


@pytest.mark.parametrize("page", TREND_PAGES)
def test_every_headline_share_is_its_base_and_a_row_of_its_table(app, demo_db, page):
    """Every "58.3% (550 of 944) in 2026 Q3" on a page: the share is the count over its
    base by the one percentage rule, and (on the indicator pages) the same three numbers
    stand in that quarter's row of a table on the page."""
    at = app(demo_db, page)
    texts = [e.value for kind in ("markdown", "caption") for e in getattr(at, kind)]
    rows = set()
    for t in at.table:
        frame = t.value.astype(str)
        for r in frame.itertuples(index=False):
            rows.add(tuple(str(v) for v in r))
    found = 0
    for text in texts:
        for pct, num, den, year, quarter in SHARE.findall(text):
            n, d = int(num.replace(",", "")), int(den.replace(",", ""))
            assert float(pct) == round(100 * n / d + 1e-9, 1), text
            found += 1
            if page != "overview":
                end = {"1": "03-31", "2": "06-30", "3": "09-30", "4": "12-31"}[quarter]
                assert any(r[0] == f"{year}-{end}" and num in r and den in r
                           and (pct in r or pct.rstrip("0").rstrip(".") in r)
                           for r in rows), (text, f"{year}-{end}")
    assert found, f"no headline share on {page}"


@pytest.mark.parametrize("page", ["wellbeing_scores", "data_quality"])
def test_a_breakdowns_range_is_the_range_of_its_table(app, demo_db, page):
    at = app(demo_db, page)
    ranges = [re.search(r"ranged from (\d+)% to (\d+)%", m.value) for m in at.markdown]
    ranges = [r for r in ranges if r]
    tables = [t.value for t in at.table if "95% interval low" in t.value.columns]
    assert ranges and len(ranges) == len(tables)
    for found, table in zip(ranges, tables):
        shown = table["Per cent"].map(lambda v: None if str(v) in ("c", "") else float(v))
        shown = shown.dropna()
        assert (int(found.group(1)), int(found.group(2))) == (
            int(f"{shown.min():.0f}"), int(f"{shown.max():.0f}"))


def test_the_voice_chain_sentence_is_its_table(app, demo_db):
    at = app(demo_db, "voice_and_feedback")
    text = _sentence(at, "Of the views received in the 12 months to")
    table = _table(at, "Step")
    for step, pct in zip(table["Step"], table["Per cent"]):
        said = re.search(rf"{step.lower()} (c|\d+%)", text).group(1)
        assert said == ("c" if str(pct) == "c" else f"{float(pct):.0f}%"), (step, said, pct)
    values = [float(v) for v in table["Per cent"] if str(v) != "c"]
    assert ("Each step loses views" in text) == (
        len(values) == 3 and values == sorted(values, reverse=True))
