"""AppTest: How we compare, with and without the published comparators."""

import json
import re

import pandas as pd

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
    assert "Grading history: each home's grade at its last grading of the year" in text
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


def funnel_parts(at) -> tuple[str, pd.DataFrame, dict, str]:
    """The funnel plot's sentence, its table, its figure and its note."""
    table = next(t.value for t in at.table if "Against the funnel" in t.value.columns)
    fig = next(json.loads(c.proto.spec) for c in at.get("plotly_chart")
               if "95% limits" in c.proto.spec)
    sentence = next(m.value for m in at.markdown if "councils lie outside the" in m.value)
    note = next(c.value for c in at.caption if "ranking it is not meaningful" in c.value)
    return sentence, table, fig, note


def check_counts_and_labels(at) -> tuple[str, str]:
    """The sentence's "N of M councils lie outside" counts the table's rows, and every
    council outside the drawn 95% limits is named on the chart."""
    sentence, table, fig, note = funnel_parts(at)
    outside, placed = (int(x) for x in re.search(
        r"(\d+) of (\d+) councils lie outside the", sentence).groups())
    positions = table["Against the funnel"]
    assert placed == len(table) == (positions != "unknown").sum()
    assert outside == positions.isin(["above 95%", "below 95%", "above 99.8%",
                                      "below 99.8%"]).sum()
    labels = {a["text"] for a in fig["layout"]["annotations"]}
    named = set(table.loc[~positions.isin(["within", "unknown"]), "Council"])
    assert named and named <= labels
    # and no council within the limits is named, but the highlighted one
    within = set(table.loc[positions == "within", "Council"]) - {"South Lanarkshire"}
    assert not within & labels
    return sentence, note


def test_funnel_plot_places_the_council_against_scotland(app, compare_db):
    at = app(compare_db, "how_we_compare")
    at.selectbox(key="compare_code").set_value("CHN23").run()
    text = shown(at)
    # LGBF 2019-20: South Lanarkshire 12.0% of 711 + 75 = 786 children, Scotland 16.7%
    assert "CHN23 across Scotland's councils, 2019-20" in text
    assert "South Lanarkshire: 12.0% of 786, against 16.7% for Scotland" in text
    # councils differ by more than chance: the limits drawn by default allow for it, and
    # South Lanarkshire is within the spread councils usually show (10.2% is the limit)
    sentence, note = check_counts_and_labels(at)
    assert "within the 95% limits allowing for over-dispersion" in sentence
    assert "5 of 32 councils lie outside the 95% limits adjusted for over-dispersion" in \
        sentence and "(additive random effects)" in sentence
    assert "Limits widened for over-dispersion (additive random effects, phi = 3.7, " \
           "tau = 3.0, winsorised 10%)" in note
    _, _, fig, _ = funnel_parts(at)
    assert "adjusted for over-dispersion" in fig["layout"]["legend"]["title"]["text"]
    # the exact limits, unadjusted, are a click away: there it is below the 99.8% limit
    at.radio(key="limits_lgbf-CHN23-funnel").set_value("exact").run()
    assert not at.exception
    sentence, note = check_counts_and_labels(at)
    assert "below the 99.8% limit" in sentence
    assert "14 of 32 councils lie outside the exact 95% limits, not adjusted for " \
           "over-dispersion" in sentence
    assert "Exact limits, not adjusted for over-dispersion (phi = 3.7" in note
    _, _, fig, _ = funnel_parts(at)
    assert fig["layout"]["legend"]["title"]["text"].startswith("Exact 95% and 99.8% limits")


def test_every_funnel_says_its_limits_and_names_the_councils_outside(app, compare_db):
    at = app(compare_db, "how_we_compare")
    for code in ("CHN9", "rate"):
        at.selectbox(key="compare_code").set_value(code).run()
        assert not at.exception
        sentence, note = check_counts_and_labels(at)
        assert "adjusted for over-dispersion" in sentence
        assert "Limits widened for over-dispersion (additive random effects" in note
    # ScotPHO's rates differ far more than chance: 5 outside the adjusted limits, 25 the exact
    assert "5 of 32 councils lie outside the 95% limits adjusted" in sentence
    at.radio(key="limits_scotpho-lac-rate").set_value("exact").run()
    sentence, _ = check_counts_and_labels(at)
    assert "25 of 32 councils lie outside the exact 95% limits" in sentence


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


def test_the_grading_sentence_agrees_with_its_grid_and_the_homes_table(app, compare_db):
    """A regrading replaces the grade before it: Crawford House was graded 2 in 2025 and
    regraded 4 on 30 April 2026 (Care Inspectorate grading history), so 2026 shows 4; the
    sentence's count of homes graded 2 or 1 at their latest grading is read off the same
    grid, and agrees with the register's current grades in the table above it."""
    at = app(compare_db, "how_we_compare")
    grid = next(t.value for t in at.table if "Service" in t.value.columns
                and "2026" in t.value.columns)
    crawford = grid.loc[grid["Service"] == "Crawford House"].iloc[0]
    assert str(crawford["2026"]) == "4" and str(crawford["2025"]) == "2"
    sentence = next(m.value for m in at.markdown if "At their latest grading" in m.value)
    homes, fine, weak = map(int, re.search(
        r"(\d+) children's care homes .* latest grading, (\d+) had no grade below 3 "
        r"\(adequate\); (\d+) had a grade of 2", sentence).groups())
    last = [next(v for v in reversed(row.tolist()[1:]) if str(v) not in ("", "nan"))
            for _, row in grid.iterrows()]
    assert homes == len(grid) and weak == sum(int(float(v)) <= 2 for v in last)
    assert fine + weak == homes
    homes_table = next(t.value for t in at.table if "Wellbeing" in t.value.columns)
    grades = homes_table[[c for c in homes_table.columns if c in (
        "Wellbeing", "Care planning", "Setting", "Staff team", "Leadership",
        "Care, play and learning")]].apply(pd.to_numeric, errors="coerce")
    assert weak == int((grades.min(axis=1) < 3).sum())
