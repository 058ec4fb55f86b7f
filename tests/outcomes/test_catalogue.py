"""The catalogue is the one registry: every shown indicator is in it, every entry is shown."""

import re
from pathlib import Path

from core.catalogue import (
    BY_ID,
    IMPROVEMENT_POINTS,
    INDICATORS,
    POINTS,
    STRENGTHS,
    for_point,
)
from outcomes.query import indicators

ROOT = Path(__file__).resolve().parents[2]


def test_every_indicator_has_a_complete_entry():
    for ind in INDICATORS:
        assert ind.title and ind.definition and ind.numerator and ind.unit, ind.id
        assert ind.better in ("higher", "lower", "neither"), ind.id
        assert ind.point in POINTS, ind.id
        assert ind.unit != "%" or ind.denominator, ind.id


def test_every_indicator_has_a_view_and_every_view_an_indicator():
    sql = "\n".join(p.read_text() for p in (ROOT / "etl" / "sql").glob("*.sql"))
    views = set(re.findall(r"CREATE OR REPLACE VIEW (ind_\w+) AS", sql))
    assert views == {indicators.view(i) for i in BY_ID}


def test_every_point_has_indicators_on_the_overview():
    for point in POINTS:
        assert for_point(point), point


def test_indicators_named_on_pages_are_in_the_catalogue():
    text = "\n".join(p.read_text() for p in [*ROOT.glob("pages/*.py"),
                                             *ROOT.glob("outcomes/app/*.py")])
    named = set(re.findall(r'(?:trend|breakdown|indicator)\(\s*"([a-z0-9_]+)"', text))
    named |= set(re.findall(r'\("(voice_[a-z_]+_pct)", "', text))
    assert named and named <= set(BY_ID), named - set(BY_ID)


def test_every_catalogue_entry_is_shown_somewhere():
    # the overview shows every indicator of every point for the partnership's country
    # (outcomes/app/overview.py: for_point)
    overview = (ROOT / "outcomes" / "app" / "overview.py").read_text()
    assert "for_point(point, load_settings().country)" in overview and "(*IMPROVEMENT_POINTS, *STRENGTHS)" in overview
    points_shown = {i.point for i in INDICATORS}
    assert points_shown <= set(POINTS)
    # and the overview's loop covers every point there is
    assert set(POINTS) == {*IMPROVEMENT_POINTS, *STRENGTHS}
