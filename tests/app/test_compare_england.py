"""AppTest: How we compare for an English council (country = "england"): DfE's figures
beside its ten statistical neighbours' median and England, with the sentence checked
against the table beside it."""

from __future__ import annotations

import re
import shutil

import pytest

from core.settings import DEFAULT_SETTINGS
from tests.apptools import shown
from tests.conftest import REAL_DATA

DFE_FILES = ("New_Statistical_Neighbour_Groupings_April_2021.csv",
             "cla_number_and_rate_per_10k_children.csv", "la_care_leavers_activity.csv",
             "la_care_leavers_accommodation_suitability.csv", "la_cla_placement_stability.csv",
             "d5_cpps_at31march_by_duration_2013_to_2025.csv")


@pytest.fixture(scope="module")
def england_db(tmp_path_factory, demo_db):
    """The demo warehouse with DfE's real published tables loaded."""
    from etl.comparators.load import load_comparators
    files = [REAL_DATA / "dfe-england" / f for f in DFE_FILES]
    if not all(f.exists() for f in files):
        pytest.skip("real DfE files not found under ../shared/real-data/dfe-england")
    db = tmp_path_factory.mktemp("england") / "warehouse.duckdb"
    shutil.copyfile(demo_db, db)
    load_comparators(files, db)
    return db


def england_settings(tmp_path, monkeypatch, council: str = "Barnsley"):
    """partnership.toml as it is, but for an English council."""
    text = DEFAULT_SETTINGS.read_text(encoding="utf-8")
    text = re.sub(r'(?m)^council = ".*?"', f'council = "{council}"', text, count=1)
    text = re.sub(r'(?m)^country = ".*?"', 'country = "england"', text, count=1)
    path = tmp_path / "partnership.toml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("OUTCOMES_SETTINGS", str(path))
    return path


def numbers(text: str) -> list[str]:
    return re.findall(r"\d+(?:\.\d+)?%?", text)


def test_england_page_compares_with_the_statistical_neighbours(app, england_db, tmp_path,
                                                                monkeypatch):
    england_settings(tmp_path, monkeypatch)
    at = app(england_db, "how_we_compare")
    text = shown(at)
    assert "compare with similar councils and with England?" in text
    assert "LGBF" not in text and "Scotland" not in text       # not the Scottish sections
    summary = next(t.value for t in at.table if "Neighbours' median" in t.value.columns
                   and "Measure" in t.value.columns)
    assert len(summary) == 9
    at.selectbox(key="dfe_measure").set_value("placements_3plus").run()
    assert not at.exception
    sentence = next(m.value for m in at.markdown if m.value.startswith("In 2024-25, "))
    assert sentence.startswith(
        "In 2024-25, 14% of Barnsley's looked-after children had three or more placements; "
        "its ten statistical neighbours' median was 9% (all ten published) and England's "
        "10%. Lower is better. Barnsley ranks 11th of 11")
    # the sentence's figures are the last row of the table beside it
    years = next(t.value for t in at.table if "Year (to 31 March)" in t.value.columns)
    last = years.iloc[-1]
    assert last["Year (to 31 March)"] == "2024-25"
    assert (last["Barnsley"], last["Neighbours' median"], last["England"]) == (
        "14%", "9%", "10%")
    assert last["Neighbours published"] == "10 of 10" and last["Rank"] == "11th of 11"
    said = numbers(sentence)
    for cell in ("Barnsley", "Neighbours' median", "England"):
        assert last[cell] in said
    # the chart: Barnsley and its ten neighbours, England and the median marked
    chart = next(t.value for t in at.table if "Closeness (DfE)" in t.value.columns)
    assert len(chart) == 11 and "Redcar and Cleveland" in set(chart["Council"])
    spec = next(c.proto.spec for c in at.get("plotly_chart"))
    assert "England 10%" in spec and "Neighbours' median 9%" in spec


def test_a_suppressed_figure_is_c_on_the_page_not_zero(app, england_db, tmp_path,
                                                       monkeypatch):
    england_settings(tmp_path, monkeypatch)
    at = app(england_db, "how_we_compare")
    at.selectbox(key="dfe_measure").set_value("cpp_2_years").run()
    assert not at.exception
    text = shown(at)
    assert "Barnsley's figure was not published (c: suppressed to protect " \
           "confidentiality)" in text
    years = next(t.value for t in at.table if "Year (to 31 March)" in t.value.columns)
    assert years.iloc[-1]["Barnsley"] == "c" and years.iloc[-1]["Rank"] == "not ranked"
    chart = next(t.value for t in at.table if "Closeness (DfE)" in t.value.columns)
    assert (chart.loc[chart["Council"] == "Barnsley"].iloc[0, 1]) == "c"
    assert "c (suppressed)" in next(c.proto.spec for c in at.get("plotly_chart"))


def test_a_council_dfe_does_not_name_is_told_how_to_set_it(app, england_db, tmp_path,
                                                           monkeypatch):
    england_settings(tmp_path, monkeypatch, council="South Lanarkshire")
    at = app(england_db, "how_we_compare")
    assert "do not name the council 'South Lanarkshire'" in shown(at)


def test_without_dfe_files_it_says_how_to_load_them(app, demo_db, tmp_path, monkeypatch):
    england_settings(tmp_path, monkeypatch)
    at = app(demo_db, "how_we_compare")
    assert "No DfE comparators loaded yet" in shown(at)


def test_english_board_pack_compares_with_the_statistical_neighbours(england_db, tmp_path,
                                                                      monkeypatch):
    """The board pack's How we compare page, for an English council: DfE's figures beside
    the neighbours' median and England, the same cells as the page's table."""
    import io

    import pypdf

    from core.settings import load_settings
    from outcomes.packs.board_pack import board_pack_bytes
    england_settings(tmp_path, monkeypatch)
    pdf, _ = board_pack_bytes(england_db, settings=load_settings())
    pages = [p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages]
    compare = next(p for p in pages if "How we compare" in p and "statistical" in p)
    words = " ".join(compare.split())
    assert "median of its ten statistical neighbours and England" in words
    assert "LGBF" not in words and "Scotland" not in words
    # the placements row as the page's table has it: Barnsley 14%, median 9%, England 10%
    row = re.search(r"3 or more placements in the year 2024-25 (\S+) (\S+) (\d+ of \d+) "
                    r"(\S+) (\d+\w\w of \d+)", words)
    assert row and row.groups() == ("14%", "9%", "10 of 10", "10%", "11th of 11"), words
