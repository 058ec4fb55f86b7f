"""AppTest: "Report against" in the sidebar narrows the overview, the action plan and the
definitions to one inspection question or one of The Promise's foundations, from the URL
too (a board paper's link), and shows everything again by default."""

from __future__ import annotations

from core import frameworks
from core.catalogue import BY_ID, for_country


def _grid(at):
    return next(t.value for t in at.table if "Real change? (SPC)" in t.value.columns)


def test_the_overview_reports_against_the_promise_from_the_url(app, demo_db):
    scottish = {i.id for i in for_country("scotland")}
    every = app(demo_db)
    assert len(_grid(every)) == len(scottish)
    voice = app(demo_db, None, query={"framework": "promise:voice"})
    titles = set(_grid(voice)["Indicator"])
    expected = {BY_ID[i].title for i, t in frameworks.INDICATOR_TAGS.items()
                if "voice" in t.promise and i in scottish}
    assert titles == expected and len(titles) < len(scottish)
    assert any("Reporting against The Promise, Voice" in i.value for i in voice.info)
    assert voice.query_params["framework"] in ("promise:voice", ["promise:voice"])


def test_the_action_plan_and_definitions_narrow_to_an_inspection_question(app, demo_db):
    at = app(demo_db, "action_plan")
    every = len(at.table[0].value)
    at.selectbox(key="f_framework").set_value("kq1").run()
    assert not at.exception
    narrowed = at.table[0].value
    assert 0 < len(narrowed) < every
    assert set(narrowed["Point"]) <= {"Child protection (strength to sustain)",
                                      "Corporate parenting oversight",
                                      "Care leavers' transitions to adulthood",
                                      "Data on outcomes",
                                      "Hearing and acting on children's voices"}
    defs = app(demo_db, "indicator_definitions", query={"framework": "kq1"})
    said = next(m.value for m in defs.markdown if m.value.endswith("indicators."))
    scottish = {i.id for i in for_country("scotland")}
    kq1 = [i for i, t in frameworks.INDICATOR_TAGS.items()
           if "kq1" in t.key_questions and i in scottish]
    assert said == f"{len(kq1)} of {len(scottish)} indicators."
