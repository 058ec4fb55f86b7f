"""An English council's warehouse, loaded from its SSDA903 returns: every page, both packs
and the report for children work on it; each point's page shows England's own measures and
leaves out those an SSDA903 return does not hold; every page and pack says which year it
counts (the year to 31 March)."""

from __future__ import annotations

import io

import pypdf
import pytest

from core.catalogue import BY_ID, for_country
from tests.apptools import shown

PAGES = ["overview", "action_plan", "how_we_compare", "corporate_parenting", "care_leavers",
         "voice_and_feedback", "you_said", "listening_outcomes", "data_quality",
         "wellbeing_scores", "child_protection", "indicator_definitions", "data_loads"]
ENGLAND_ONLY = [i.id for i in for_country("england") if i.countries == ("england",)]
SCOTLAND_ONLY = [i.id for i in for_country("scotland") if i.countries == ("scotland",)]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_works_on_an_english_warehouse(app, england_db, in_england, page):
    at = app(england_db, page)
    text = shown(at)
    assert "a year is the year to 31 March (SSDA903 collection year)" in text
    assert "Barnsley" in text


def test_each_point_page_shows_englands_measures_and_not_scotlands(app, england_db,
                                                                    in_england):
    titles = set()
    for page in ("corporate_parenting", "care_leavers", "voice_and_feedback"):
        titles |= {s.value for s in app(england_db, page).subheader}
    assert {BY_ID[i].title for i in ENGLAND_ONLY} <= titles
    assert not {BY_ID[i].title for i in SCOTLAND_ONLY} & titles
    overview = app(england_db)
    grid = next(t.value for t in overview.table if "Real change? (SPC)" in t.value.columns)
    assert set(grid["Indicator"]) == {i.title for i in for_country("england")}
    # five years of returns: enough quarters for SPC verdicts on the looked-after count
    assert (grid["Real change? (SPC)"] != "Not yet judged").any()


def test_the_packs_work_on_an_english_warehouse(england_db, in_england):
    from core.settings import load_settings
    from outcomes.packs.board_pack import board_pack_bytes
    from outcomes.packs.children_pack import children_pack_bytes
    from outcomes.packs.evidence_pack import evidence_pack_bytes
    settings = load_settings()
    pdf, _ = board_pack_bytes(england_db, settings=settings)
    pages = [p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages]
    text = " ".join(" ".join(p.split()) for p in pages)
    assert "a year is the year to 31 March (SSDA903 collection year)" in text
    for ind in ENGLAND_ONLY:
        assert BY_ID[ind].title in text, ind
    # no section for a point England has no indicator for (SHANARRI wellbeing)
    assert "Children's houses and wellbeing" not in text
    zipped, _ = evidence_pack_bytes(england_db, settings=settings)
    import zipfile
    names = zipfile.ZipFile(io.BytesIO(zipped)).namelist()
    assert "provenance.csv" in names and f"figures/{ENGLAND_ONLY[0]}.csv" in names
    child, _ = children_pack_bytes(england_db, settings=settings)
    words = " ".join(" ".join(p.extract_text().split())
                     for p in pypdf.PdfReader(io.BytesIO(child)).pages)
    # the rights sentence fits England: the UNCRC is not a law of England's own
    assert "Children have rights" in words and "In Scotland" not in words


@pytest.fixture(scope="module")
def synthetic_903(tmp_path_factory):
    """The real-layout synthetic SSDA903 return (../shared/real-data) loaded as an English
    council loads it, and a settings file for that council."""
    from core.settings import load_settings as read
    from etl.load import run_load
    from tests.conftest import ENGLAND_SETTINGS, real_data
    root = tmp_path_factory.mktemp("synthetic903")
    db = root / "warehouse.duckdb"
    run_load([real_data("ssda903-synthetic")], db, read(ENGLAND_SETTINGS), demo=True)
    return db


def test_the_pages_show_the_hand_counts_of_the_synthetic_return(app, synthetic_903,
                                                                 in_england):
    """Children looked after at 31 March 2018, three or more placements in the year and
    care leavers aged 17-18 in touch, worked out by hand from the CSV files (plain csv, not
    the code under test), are what the overview and the care leavers' page show."""
    import datetime as dt

    from tests.etl.test_ssda903 import YEAR_END, clean_episodes, day
    from tests.outcomes.test_england_indicators import hand_leavers, hand_three_plus
    from tests.conftest import real_data
    eps = clean_episodes(real_data("ssda903-synthetic"))
    looked_after = {e["CHILD"] for e in eps if day(e["DECOM"]) <= YEAR_END and not e["DEC"]
                    and e["LS"] not in ("V3", "V4")}
    moves, of = hand_three_plus()
    touch, leavers = hand_leavers(17, 18, lambda r: r["IN_TOUCH"] == "YES")
    at = app(synthetic_903, query={"to": YEAR_END.isoformat()})
    grid = next(t.value for t in at.table if "Real change? (SPC)" in t.value.columns)
    row = grid.set_index("Indicator")
    assert row.loc["Children looked after", "Latest"] == f"{len(looked_after):,}"
    three = row.loc[BY_ID["placements_three_plus_pct"].title]
    assert (three["Latest"], three["Of"]) == (f"{100 * moves / of:.1f}%", f"{of:,}")
    page = app(synthetic_903, "care_leavers", query={"to": YEAR_END.isoformat()})
    title = BY_ID["leavers_in_touch_17_18_pct"].title
    said = next(m.value for m in page.markdown if m.value.startswith(f"{title}: "))
    assert f"{100 * touch / leavers:.1f}% ({touch} of {leavers}) in 2018 Q1" in said
    assert dt.date(2018, 3, 31) == YEAR_END
