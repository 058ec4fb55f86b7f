"""The theme codebook, key-word coding, and redaction of children's words."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from etl.demo import COMMENTS
from outcomes.words.themes import (
    CODEBOOK,
    Theme,
    code_comment,
    code_comments,
    load_codebook,
    redact,
    safe_quote,
)
from tests.conftest import real_data

REAL_COMMENTS = ("feedback-text", "v6framework_230831_CYP_CAMHS_subset.csv")

# our theme -> the human codes (pxtextmining framework v6) that mean the same thing
HUMAN_CODES = {
    "listened_to": ["Staff listening, understanding & involving patients"],
    "staff_kindness": ["Staff manner & personal attributes"],
    "information": ["Information directly from staff during care", "Information provision & guidance",
                    "Being kept informed, clarity & consistency of information"],
    "waiting": ["Timeliness of care"],
    "feeling_safe": ["Feeling safe"],
    "activities": ["Activities & access to fresh air"],
    "workers": ["Staff continuity"],
    "environment_food": ["Environment & Facilities", "Food & drink provision & facilities"],
}


@pytest.fixture(scope="module")
def codebook():
    return load_codebook()


def _write(tmp_path, text: str) -> Path:
    path = tmp_path / "codebook.yaml"
    path.write_text(text, encoding="utf-8")
    return path


# ------------------------------------------------------------------ the codebook
def test_codebook_loads(codebook):
    assert 10 <= len(codebook) <= 14
    assert len({t.id for t in codebook}) == len(codebook)
    for t in codebook:
        assert isinstance(t, Theme)
        assert t.label and t.description and t.phrases, t.id
        assert all(p == p.lower() for p in t.phrases), t.id
    assert load_codebook(CODEBOOK) == codebook


@pytest.mark.parametrize("yaml_text, message", [
    ("- {id: a, label: A, phrases: [x]}\n- {id: a, label: B, phrases: [y]}\n", "duplicate theme id 'a'"),
    ("- {id: a, label: A, phrases: []}\n", "theme 'a' has no phrases"),
    ("- {id: a, label: A}\n", "theme 'a' has no phrases"),
    ("- {label: A, phrases: [x]}\n", "theme 1 has no id"),
    ("- {id: a, phrases: [x]}\n", "theme 'a' has no label"),
    ("- {id: a, label: A, phrases: ['list*en']}\n", "* is allowed only at the end"),
    ("- {id: Bad Id, label: A, phrases: [x]}\n", "must be lower case"),
    ("themes: none\n", "non-empty list of themes"),
    ("- [unclosed\n", "not valid YAML"),
])
def test_bad_codebook_is_refused_with_a_clear_message(tmp_path, yaml_text, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        load_codebook(_write(tmp_path, yaml_text))


def test_matching_rules(tmp_path):
    cb = load_codebook(_write(tmp_path, """
- {id: listen, label: L, phrases: ["listen*"]}
- {id: safe, label: S, phrases: [safe]}
- {id: house, label: H, phrases: ["Children’s house", "setting up"]}
"""))
    assert code_comment("Nobody LISTENS", cb) == ["listen"]
    assert code_comment("safeguarding is everyone's job", cb) == []      # whole words only
    assert code_comment("unsafe", cb) == []
    assert code_comment("I feel safe.", cb) == ["safe"]
    for text in ["the children's house", "the children’s house", "the childrenÃ¢â‚¬â„¢s house",
                 "a setting-up grant", "setting\n up"]:
        assert code_comment(text, cb) == ["house"], text
    assert code_comment("I feel safe, they listen", cb) == ["listen", "safe"]   # codebook order
    assert code_comment(None, cb) == [] and code_comment(float("nan"), cb) == []


# ------------------------------------------------------------------ demo comments
def test_every_demo_comment_gets_a_theme(codebook):
    uncoded = [text for _, _, _, text in COMMENTS if not code_comment(text, codebook)]
    assert not uncoded, f"demo comments with no theme: {uncoded}"


def test_demo_comments_get_the_theme_of_their_topic(codebook):
    expected = {"Contact with family": "family_contact", "Being listened to": "listened_to",
                "Social worker": "workers", "School": "school_learning",
                "Feeling safe": "feeling_safe", "Moving placement": "placement_home",
                "Health": "health_wellbeing", "Children's hearing": "meetings_hearings",
                "Activities": "activities", "Leaving care": "leaving_care",
                "Housing": "leaving_care", "Money": "leaving_care"}
    pairs = [(expected[topic], text) for topic, _, _, text in COMMENTS if topic in expected]
    missed = [(theme, text) for theme, text in pairs if theme not in code_comment(text, codebook)]
    share = 1 - len(missed) / len(pairs)
    print(f"\ndemo comments coded with their own topic's theme: {share:.0%}; missed: {missed}")
    assert share >= 0.85


# ------------------------------------------------------------------ real human-coded comments
def test_agreement_with_human_coding_of_real_comments(codebook):
    real = pd.read_csv(real_data(*REAL_COMMENTS))
    real = real[real["FFT answer"].notna() & (real["Labelling not possible"] != 1)]
    ours = code_comments(real["FFT answer"], codebook)
    tp = fp = fn = 0
    print(f"\n{len(real)} real comments; theme: human-coded / ours / precision / recall")
    for theme, codes in HUMAN_CODES.items():
        human = (real[codes] == 1).any(axis=1)
        t, f, n = (human & ours[theme]).sum(), (~human & ours[theme]).sum(), (human & ~ours[theme]).sum()
        precision = t / (t + f) if t + f else float("nan")
        recall = t / (t + n) if t + n else float("nan")
        print(f"  {theme:16} {human.sum():3} / {ours[theme].sum():3} / {precision:.2f} / {recall:.2f}")
        if human.sum() >= 10:
            assert precision >= 0.55 and recall >= 0.7, theme
        tp, fp, fn = tp + t, fp + f, fn + n
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    print(f"  overall precision {precision:.2f}, recall {recall:.2f}")
    assert precision >= 0.7 and recall >= 0.8
    assert ours.equals(pd.DataFrame([[t.id in code_comment(x, codebook) for t in codebook]
                                     for x in real["FFT answer"]],
                                    index=real.index, columns=ours.columns))


# ------------------------------------------------------------------ the vectorised path
def test_code_comments_agrees_with_code_comment(codebook):
    rng = np.random.default_rng(7)
    texts = np.array([c[3] for c in COMMENTS] + ["", "I’m SAFE now", "nothing\tat all"], dtype=object)
    picked = texts[rng.integers(0, len(texts), 5000)]
    suffix = rng.choice(["", " Thanks.", " CAMHS", " 07700 900123", " — waiting!"], 5000)
    series = pd.Series([t + s for t, s in zip(picked, suffix)], index=np.arange(5000) * 3,
                       dtype=object)
    series.iloc[[5, 50, 500]] = [None, np.nan, 42]
    coded = code_comments(series, codebook)
    assert list(coded.columns) == [t.id for t in codebook]
    assert coded.index.equals(series.index) and (coded.dtypes == bool).all()
    assert not coded.iloc[[5, 50, 500]].any(axis=None)
    for i in rng.choice(len(series), 500, replace=False):
        assert list(coded.columns[coded.iloc[i]]) == code_comment(series.iloc[i], codebook)
    assert code_comments(pd.Series([], dtype=object), codebook).shape == (0, len(codebook))


# ------------------------------------------------------------------ redaction and quotes
@pytest.mark.parametrize("text, expected", [
    ("email me: jay.b1999@example.com please", "email me: [email] please"),
    ("Nobody phones me back. 07700 900123", "Nobody phones me back. [phone]"),
    ("ring 01698 123456", "ring [phone]"),
    ("or +44 7700 900123.", "or [phone]."),
    ("My social worker Karen never phones back.", "My social worker [name] never phones back."),
    ("my worker Sarah is great", "my worker [name] is great"),
    ("she is called Aisha Khan.", "she is called [name]."),
    ("Mrs Brown shouted", "Mrs [name] shouted"),
    ("Jamie my worker helped me", "[name] my worker helped me"),
    ("Thank you to Zoé for all her help", "Thank you to [name] for all her help"),
])
def test_redact(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize("text", [
    "I want to see my mum more than once a month.", "I miss my little sister.",
    "I'm 15 not 5", "I miss Gran", "£50 a week doesn't cover food, 2021 2022", "=1+1 <b>x</b>",
])
def test_redact_leaves_text_without_personal_data_unchanged(text):
    assert redact(text) == text


def test_safe_quote():
    assert safe_quote("  My worker  Karen\n\nis great ") == "My worker [name] is great"
    long = "word " * 100
    quote = safe_quote(long, max_chars=42)
    assert len(quote) <= 42 and quote.endswith("…") and quote[:-1].split() == ["word"] * 8
    assert safe_quote("x" * 300, max_chars=20) == "x" * 19 + "…"
    assert safe_quote(None) == "" and safe_quote(float("nan")) == ""
