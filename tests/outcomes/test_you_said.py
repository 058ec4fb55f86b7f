"""'You said, we did': the links file, the protected table (no count of 1-4, including by
subtraction between a theme's quarters and its year, and between its views and what
happened to them), the summary sentence against its table, and the report for children
(its pages, its reading age, no statistics words, no small numbers)."""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd
import pytest

from outcomes.packs import children_pack
from outcomes.packs.layout import PackError
from outcomes.query.db import Warehouse
from outcomes.query.filters import Filters
from outcomes.query.you_said import ALL, COUNTS, TOTAL, _protect, sentence, you_said
from outcomes.words import you_said as words

pypdf = pytest.importorskip("pypdf")
textstat = pytest.importorskip("textstat")

T = 5
END = dt.date(2026, 9, 30)


# ------------------------------------------------------------------ the disclosure check
def problems(shown: pd.DataFrame, threshold: int = T) -> list[str]:
    """Every way a reader could see or work out a count from 1 to threshold-1 in a
    displayed table (theme, quarter, views, acted, told, open; hidden cells "c"):
    a shown small count; none or all of a small group; within a row, views minus a shown
    count; across a theme's quarters and its Total, the Total minus the shown quarters
    (or one hidden cell alone in that sum)."""
    out = []

    def num(v):
        return None if isinstance(v, str) or pd.isna(v) else float(v)

    def small(x):
        return x is not None and 0 < x < threshold

    for i, r in shown.iterrows():
        where = f"{r['theme']} {r['quarter']}"
        views = num(r["views"])
        for col in COUNTS:
            v = num(r[col])
            if small(v):
                out.append(f"{where}: {col} shown as {v:g}")
            if col != "views" and v is not None and views is not None:
                if small(views - v):
                    out.append(f"{where}: views - {col} = {views - v:g}")
                if 0 < views < 2 * threshold and v in (0, views):
                    out.append(f"{where}: {col} is none or all of {views:g} views")
        acted, open_ = num(r["acted"]), num(r["open"])
        if views is None and acted is not None and open_ is not None:
            out.append(f"{where}: hidden views = acted + open")
    for (theme, col), group in shown.melt(id_vars=["theme", "quarter"], value_vars=list(
            COUNTS)).groupby(["theme", "variable"]):
        total = group.loc[group["quarter"] == TOTAL, "value"]
        parts = group.loc[group["quarter"] != TOTAL, "value"]
        hidden = [p for p in parts if num(p) is None]
        if total.empty or not len(parts):
            continue
        t = num(total.iloc[0])
        seen = sum(num(p) for p in parts if num(p) is not None)
        if t is None and not hidden:
            out.append(f"{theme} {col}: hidden Total = the sum of its quarters")
        if t is not None and len(hidden) == 1:
            out.append(f"{theme} {col}: the one hidden quarter = Total - the others")
        if t is not None and hidden and small(t - seen):
            out.append(f"{theme} {col}: the hidden quarters add up to {t - seen:g}")
    return out


def _raw(rng: np.random.Generator, quarters: int = 4) -> pd.DataFrame:
    rows = []
    for theme in ("A", "B", "C"):
        qs = []
        for q in range(quarters):
            views = int(rng.choice([0, 1, 2, 3, 4, 5, 6, 7, 9, 12, 20, 40]))
            acted = int(rng.integers(0, views + 1))
            told = int(rng.integers(0, views + 1))
            qs.append((views, acted, told))
            rows.append({"theme": theme, "quarter": f"2026 Q{q + 1}", "views": views,
                         "acted": acted, "told": told, "open": views - acted})
        v, a, t = (sum(x[i] for x in qs) for i in range(3))
        rows.append({"theme": theme, "quarter": TOTAL, "views": v, "acted": a, "told": t,
                     "open": v - a})
    return pd.DataFrame(rows)


def test_the_check_finds_what_an_unprotected_table_gives_away():
    raw = _raw(np.random.default_rng(1))
    assert problems(raw)                               # the check can fail


@pytest.mark.parametrize("seed", range(60))
def test_no_small_count_can_be_seen_or_worked_out(seed):
    raw = _raw(np.random.default_rng(seed), quarters=int(1 + seed % 4))
    shown = _protect(raw, T).display()
    assert problems(shown) == []
    visible = shown[list(COUNTS)].map(lambda v: not isinstance(v, str))
    assert (raw[list(COUNTS)].where(visible.to_numpy()).fillna(0).astype(int)
            == shown[list(COUNTS)].where(visible.to_numpy()).fillna(0)).all().all()


# ------------------------------------------------------------------ the links file
def test_the_links_file_names_only_themes_points_and_words_that_exist():
    links = words.load_links()
    from outcomes.words.themes import load_codebook
    assert set(links.themes) <= {t.id for t in load_codebook()}
    assert all(link.children for link in links.themes.values())


@pytest.mark.parametrize("bad, message", [
    ("themes:\n  no_such_theme: {points: [], children: x}\n", "not a theme of the codebook"),
    ("themes:\n  feeling_safe: {points: [safety], children: x}\n", "unknown improvement point"),
    ("themes:\n  feeling_safe: {points: [voice]}\n", "no words for children"),
    ("- a list\n", "needs a 'themes' mapping")])
def test_a_wrong_links_file_says_what_is_wrong(tmp_path, bad, message):
    path = tmp_path / "links.yaml"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        words.load_links(path)


def test_staff_words_are_made_safe_and_plain():
    links = words.load_links()
    said = links.plain("CAMHS contacted about it. Ring Karen on 07700 900123 <b>now</b>")
    assert "CAMHS" not in said and "mental health team" in said
    assert "Karen" not in said and "07700" not in said and "[phone]" in said
    assert "<b>" in said       # left as text: the PDF escapes it, the page shows st.text


@pytest.mark.parametrize("count, base, said", [
    (0, 100, None), (3, 100, "a few"), ("c", 100, "some"), (5, 100, "fewer than 1 in every 10"),
    (31, 100, "about 3 in every 10"), (96, 100, "almost all"), (50, "c", None)])
def test_shares_in_a_childs_words(count, base, said):
    assert words.in_every_ten(count, base, T) == said


# ------------------------------------------------------------------ on the warehouses
@pytest.fixture(scope="module")
def demo(demo_db):
    wh = Warehouse(demo_db)
    yield you_said(wh, Filters(start=dt.date(2019, 3, 31), end=END), T)
    wh.close()


def test_the_demo_pairs_the_most_raised_themes_with_what_was_done(demo):
    assert len(demo.top) == 8 and demo.start == dt.date(2025, 12, 31)
    year = demo.year(everything=True)
    assert list(year["theme"]) == [*demo.top, ALL]
    views = pd.to_numeric(year["views"].iloc[:-1])
    assert views.is_monotonic_decreasing
    assert demo.examples[demo.top[0]] and not demo.plan.empty
    assert problems(demo.table.display()) == []


def test_the_sentence_says_the_first_row_of_its_table(demo):
    year = demo.year()
    said = sentence(year)
    numbers = [int(n.replace(",", "")) for n in re.findall(r"\d[\d,]*", said)]
    r = year.iloc[0]
    assert numbers == [r["views"], r["acted"], r["told"], r["open"]], said
    assert said.startswith(f"Children raised “{r['theme'].split(' (')[0]}” most often")


def test_a_small_view_hides_its_small_counts(demo_db):
    wh = Warehouse(demo_db)
    try:
        d = you_said(wh, Filters(start=dt.date(2019, 3, 31), end=END,
                                 localities=("Clydesdale",), age_bands=("0-4",),
                                 disability=("Disabled",)), T)
    finally:
        wh.close()
    shown = d.table.display()
    assert problems(shown) == []
    if d.top:
        assert "c" in sentence(d.year()) or not d.table.any_hidden


def test_the_tiny_warehouse_shows_no_small_count(tiny_db):
    wh = Warehouse(tiny_db)
    try:
        from outcomes.query.warehouse_info import quarter_ends
        end = quarter_ends(wh)[-1]
        d = you_said(wh, Filters(start=end, end=end), T)
    finally:
        wh.close()
    assert problems(d.table.display()) == []


# ------------------------------------------------------------------ the report for children
BANNED = ("per cent", "percent", "%", "spc", "interval", "statistic", "significan",
          "denominator", "numerator", "suppress", "median", "average", "rate", "quartile",
          "data", "indicator", "disclosure", "confidence")


@pytest.fixture(scope="module")
def child_pack(demo_db, settings, tmp_path_factory):
    out = tmp_path_factory.mktemp("children") / "children.pdf"
    summary = children_pack.build_children_pack(demo_db, None, out, settings=settings)
    reader = pypdf.PdfReader(str(out))
    return summary, [p.extract_text() for p in reader.pages]


def test_the_report_for_children_is_short_and_in_large_type(child_pack):
    summary, pages = child_pack
    assert 4 <= summary.pages == len(pages) <= 6
    for heading in ("What you told us", "What we did", "What we are still working on",
                    "How we made this report"):
        assert any(heading in p for p in pages), heading
    assert children_pack.styles()["body"].fontSize >= 16
    assert "UNCRC (Incorporation) (Scotland) Act 2024" in " ".join(pages[0].split())


def test_the_report_for_children_reads_at_about_age_ten(child_pack):
    """Flesch-Kincaid grade 5 or under (US grade 5: ages 10-11) and Flesch reading ease 80
    or over ("easy": what an 11-year-old reads), on the PDF's own text."""
    summary, pages = child_pack
    text = "\n".join(pages)
    grade, ease = textstat.flesch_kincaid_grade(text), textstat.flesch_reading_ease(text)
    assert grade <= 5.0, grade
    assert ease >= 80, ease
    assert summary.grade <= children_pack.READING_GRADE


def test_the_reading_check_can_fail():
    hard = ("Disclosure-controlled aggregates of qualitative feedback, thematically coded, "
            "demonstrate considerable organisational responsiveness notwithstanding "
            "variability across operational localities.")
    assert textstat.flesch_kincaid_grade(hard) > 5.0


def test_the_report_for_children_has_no_statistics_words_and_no_small_numbers(child_pack):
    summary, pages = child_pack
    lowered = summary.text.lower()
    for word in BANNED:
        assert not re.search(rf"(?<!\w){re.escape(word)}", lowered), word
    for line in summary.text.splitlines():
        if line.startswith("“"):               # a child's own words, quoted with consent
            continue
        line = re.sub(r"^\d\. ", "", line)      # the numbered list of themes
        line = re.sub(r"\d+ (times )?in every 10", "", line)     # a share, not a count
        assert not re.search(r"(?<![\d,])[1-4](?![\d,])", line), line


def test_the_report_quotes_only_consented_words(child_pack, demo_db):
    summary, _ = child_pack
    wh = Warehouse(demo_db)
    try:
        words_ = wh.df("SELECT comment, can_quote FROM feedback WHERE comment IS NOT NULL")
    finally:
        wh.close()
    quoted = [line.strip("“”") for line in summary.text.splitlines() if line.startswith("“")]
    assert quoted
    from outcomes.words.themes import safe_quote
    allowed = {safe_quote(c, max_chars=140) for c in
               words_.loc[words_["can_quote"].fillna(False).astype(bool), "comment"]}
    assert all(q in allowed for q in quoted)


def test_the_report_for_children_on_the_tiny_warehouse(tiny_db, settings, tmp_path):
    try:
        summary = children_pack.build_children_pack(tiny_db, None, tmp_path / "c.pdf",
                                                    settings=settings)
    except PackError as exc:                    # nothing in words: says so in one line
        assert "\n" not in str(exc)
        return
    for line in summary.text.splitlines():
        if not line.startswith("“"):
            line = re.sub(r"^\d\. ", "", line)
            line = re.sub(r"\d+ (times )?in every 10", "", line)
            assert not re.search(r"(?<![\d,])[1-4](?![\d,])", line), line


def test_the_command_prints_one_line(demo_db, tmp_path, capsys):
    assert children_pack.run_command(demo_db, None, tmp_path / "c.pdf") == 0
    out = capsys.readouterr().out
    assert out.startswith("Wrote") and "reading grade" in out
    assert children_pack.run_command(demo_db, "2026-08-31", tmp_path / "d.pdf") == 2


def test_the_voice_page_and_the_board_pack_hide_what_you_said_hides(demo_db, tiny_db):
    """A theme's count hidden on "You said, we did" (primary or secondary) is hidden on the
    voice page's quarters too, and the year of themes (board pack, voice page) is this
    page's year: the year minus the quarters shown anywhere never reveals a hidden one."""
    from outcomes.query.db import Warehouse
    from outcomes.query.voice_themes import year_start
    from outcomes.query.warehouse_info import quarter_ends
    from outcomes.query.you_said import (TOTAL, voice_theme_counts, year_themes,
                                         you_said)
    from outcomes.words.labels import quarter_label
    for db in (demo_db, tiny_db):
        wh = Warehouse(db)
        try:
            end = quarter_ends(wh)[-1]
            f = Filters(start=quarter_ends(wh)[0], end=end)
            said = you_said(wh, f, 5)
            rows = said.table.data["quarter"] != TOTAL
            hidden_here = {(t, q) for t, q, h in zip(
                said.table.data.loc[rows, "theme"], said.table.data.loc[rows, "quarter"],
                said.table.hidden.loc[rows, "views"]) if h}
            voice, _, _ = voice_theme_counts(wh, f, 5)
            shown_there = {(t, quarter_label(q)) for t, q, h in zip(
                voice.data["theme"], voice.data["period_end"], voice.hidden["views"])
                if not h}
            assert not hidden_here & shown_there, hidden_here & shown_there
            year, _ = year_themes(wh, year_start(quarter_ends(wh), end), end, 5)
            totals = said.table.display().query("quarter == @TOTAL").set_index("theme")
            for theme, views in zip(year.display()["theme"], year.display()["views"]):
                assert totals.loc[theme, "views"] == views, theme
        finally:
            wh.close()
