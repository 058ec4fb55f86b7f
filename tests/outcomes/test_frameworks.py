"""The frameworks a partnership reports against: every indicator tagged with the
inspection's questions and The Promise's foundations, actions tagged through their point
and indicators, and the "Report against" choice narrowing what is shown."""

from __future__ import annotations

from core import frameworks
from core.catalogue import BY_ID, POINTS, definition_fields


def test_every_indicator_and_point_is_tagged_with_known_questions_and_foundations():
    for ind in BY_ID.values():
        tags = frameworks.INDICATOR_TAGS.get(ind.id)
        assert tags and tags.key_questions and tags.promise, ind.id
        assert set(tags.key_questions) <= set(frameworks.KEY_QUESTIONS), ind.id
        assert set(tags.promise) <= set(frameworks.PROMISE), ind.id
    assert set(frameworks.INDICATOR_TAGS) <= set(BY_ID)          # nothing tagged twice over
    assert set(frameworks.POINT_TAGS) == set(POINTS)
    # every question and foundation has something to show
    shown = {k for t in frameworks.INDICATOR_TAGS.values() for k in t.key_questions}
    assert shown == set(frameworks.KEY_QUESTIONS)
    assert {k for t in frameworks.INDICATOR_TAGS.values() for k in t.promise} == \
        set(frameworks.PROMISE)


def test_an_action_takes_its_points_tags_and_its_indicators():
    tags = frameworks.action_tags("data_and_outcomes", ["voice_coverage_pct"])
    assert "kq5" in tags.key_questions and "kq3" in tags.key_questions
    assert tags.promise == ("scaffolding", "voice")
    assert frameworks.meets(tags, "promise:voice")
    assert not frameworks.meets(tags, "promise:family")
    assert frameworks.meets(frameworks.action_tags("voice"), frameworks.DEFAULT)
    assert not frameworks.meets(frameworks.action_tags("voice"), "kq1")


def test_definitions_print_the_tags():
    fields = dict(definition_fields(BY_ID["voice_acted_on_pct"]))
    assert fields["The Promise foundations"] == "Voice"
    assert fields["Inspection questions"].startswith("5. Collaborative leadership")


def test_every_choice_has_a_label_and_the_points_come_first():
    labels = frameworks.choices()
    assert next(iter(labels)) == frameworks.DEFAULT
    assert len(labels) == 1 + len(frameworks.KEY_QUESTIONS) + len(frameworks.PROMISE)
