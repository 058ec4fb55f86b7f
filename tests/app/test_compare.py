"""AppTest: How we compare, with and without the published comparators."""

from tests.apptools import shown
from tests.conftest import real_data


def test_without_comparators_it_says_how_to_load_them(app, demo_db):
    at = app(demo_db, "how_we_compare")
    assert "No published comparators loaded yet" in shown(at)
    assert "outcomes comparators load" in shown(at)


def test_published_figures_beside_the_family_group_and_scotland(app, compare_db):
    at = app(compare_db, "how_we_compare")
    text = shown(at)
    assert "South Lanarkshire 90.5% in 2019-20" in text          # LGBF CHN9, published
    assert "family group" in text and "Scotland" in text and "ranked" in text
    assert "registered care homes for children in South Lanarkshire" in text
    # the grading history, on the same page: 31 homes by Care Inspectorate number (two
    # were renamed: not 33 by name)
    assert "Grading history: the lowest grade each year" in text
    assert "31 children's care homes in South Lanarkshire have published grades from 2016" in text


def test_choosing_an_indicator_changes_the_page(app, compare_db):
    at = app(compare_db, "how_we_compare")
    before = shown(at)
    at.selectbox(key="compare_code").set_value("CHN22").run()
    assert not at.exception
    after = shown(at)
    assert after != before and "South Lanarkshire 5.7% in 2019-20" in after
    # no funnel plot: the LGBF does not publish CHN22's denominator (registrations)
    assert "No funnel plot for CHN22" in after


def test_the_overview_strengths_card_shows_the_care_inspectorate_grades(app, compare_db):
    at = app(compare_db, "overview")
    assert "registered care homes for children graded good (4) or better" in shown(at)


def test_funnel_plot_places_the_council_against_scotland(app, compare_db):
    at = app(compare_db, "how_we_compare")
    at.selectbox(key="compare_code").set_value("CHN23").run()
    text = shown(at)
    # LGBF 2019-20: South Lanarkshire 12.0% of 711 + 75 = 786 children, Scotland 16.7%
    assert "CHN23 across Scotland's councils, 2019-20" in text
    assert "South Lanarkshire: 12.0% of 786, against 16.7% for Scotland" in text
    assert "below the 99.8% limit" in text


def test_rate_per_1000_from_scotpho_with_our_own_rate(app, compare_db):
    at = app(compare_db, "how_we_compare")
    at.selectbox(key="compare_code").set_value("rate").run()
    assert not at.exception
    text = shown(at)
    # ScotPHO 2021 July snapshot: South Lanarkshire 752 looked after, 12.0 per 1,000 of 62,492
    assert "South Lanarkshire: 12.0 per 1,000 of 62,492" in text
    assert "This warehouse:" in text and "per 1,000 of the published population" in text


def test_each_comparator_is_optional(app, demo_db, settings, tmp_path):
    """Only ScotPHO loaded: the rate works, the LGBF and Care Inspectorate parts say what
    to load instead of failing."""
    import shutil

    from etl.comparators.load import load_comparators
    db = tmp_path / "warehouse.duckdb"
    shutil.copyfile(demo_db, db)
    load_comparators([real_data("scotpho/scotpho_children_subset.csv")], db)
    at = app(db, "how_we_compare")                  # app() fails on any exception
    text = shown(at)
    assert "Load the LGBF long CSV" in text and "Load the Care Inspectorate datastore" in text
    at.selectbox(key="compare_code").set_value("rate").run()
    assert not at.exception and "per 1,000 of 62,492" in shown(at)


def test_data_quality_names_the_comparator_tables(app, compare_db):
    """Quarantined comparator rows (ScotPHO's percentages above 100) and their files are
    listed under their table's name, not a blank."""
    at = app(compare_db, "data_quality")
    quarantine = next(t.value for t in at.table if "Rule broken" in t.value.columns)
    assert "ScotPHO profiles" in set(quarantine["Table"])
    assert (quarantine["Table"].str.strip() != "").all()
