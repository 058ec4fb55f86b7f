"""AppTest: How we compare, with and without the published comparators."""

from tests.apptools import shown


def test_without_comparators_it_says_how_to_load_them(app, demo_db):
    at = app(demo_db, "how_we_compare")
    assert "No published comparators loaded yet" in shown(at)
    assert "outcomes benchmarks load" in shown(at)


def test_published_figures_beside_the_family_group_and_scotland(app, compare_db):
    at = app(compare_db, "how_we_compare")
    text = shown(at)
    assert "South Lanarkshire 90.5% in 2019-20" in text          # LGBF CHN9, published
    assert "family group" in text and "Scotland" in text and "ranked" in text
    assert "registered care homes for children in South Lanarkshire" in text


def test_choosing_an_indicator_changes_the_page(app, compare_db):
    at = app(compare_db, "how_we_compare")
    before = shown(at)
    at.selectbox(key="compare_code").set_value("CHN22").run()
    assert not at.exception
    after = shown(at)
    assert after != before and "South Lanarkshire 5.7% in 2019-20" in after


def test_the_overview_strengths_card_shows_the_care_inspectorate_grades(app, compare_db):
    at = app(compare_db, "overview")
    assert "registered care homes for children graded good (4) or better" in shown(at)
