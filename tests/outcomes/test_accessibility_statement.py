"""The accessibility statement: the model's sections, from the settings, refused when a
person could not reach anyone."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from core.settings import SettingsError, load_settings
from outcomes.words import accessibility


def _with(section: dict):
    s = load_settings()
    return dataclasses.replace(s, raw={**s.raw, "accessibility": section})


BASE = {"contact": "the P&I team", "email": "pi@example.gov.uk", "prepared": dt.date(2026, 1, 5),
        "last_reviewed": dt.date(2026, 2, 1), "last_tested": dt.date(2026, 1, 20),
        "next_review": dt.date(2026, 8, 1)}


def test_the_statement_names_the_contact_the_dates_and_the_idle_time():
    s = load_settings()
    sections = dict(accessibility.statement(_with({**BASE, "phone": "01698 000000"})))
    assert "[pi@example.gov.uk](mailto:pi@example.gov.uk)" in sections[
        "Feedback and contact information"]
    assert "call 01698 000000" in sections["Reporting accessibility problems with this app"]
    prep = sections["Preparation of this accessibility statement"]
    assert "prepared on 5 January 2026" in prep and "last reviewed on 1 February 2026" in prep
    assert "last tested on 20 January 2026" in prep
    assert "(1 August 2026)" in sections["What we're doing to improve accessibility"]
    idle = s.raw["access"]["idle_minutes"]
    assert f"after {idle} minutes without use" in sections["Non-accessible content"]
    assert s.name in sections[""]


def test_northern_ireland_is_referred_to_the_ecni_not_the_eass():
    text = dict(accessibility.statement(_with({**BASE, "regulator": "ECNI"})))[
        "Enforcement procedure"]
    assert "Equality Commission for Northern Ireland" in text and "EASS" not in text
    assert "EASS" in dict(accessibility.statement(_with(BASE)))["Enforcement procedure"]


@pytest.mark.parametrize("change, message", [
    ({"email": "", "phone": ""}, "needs an email or a phone"),
    ({"prepared": None}, "prepared is missing"),
    ({"last_tested": "6 Dec"}, "Invalid isoformat"),
    ({"regulator": "ico"}, "regulator must be one of ehrc, ecni"),
])
def test_a_statement_that_would_mislead_is_refused_with_the_reason(change, message):
    section = {k: v for k, v in {**BASE, **change}.items() if v is not None}
    with pytest.raises(SettingsError, match=message):
        accessibility.statement(_with(section))
