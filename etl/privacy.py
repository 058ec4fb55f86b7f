"""Data minimisation on load: keyed pseudonyms, month-only birth dates,
grouped ethnicity, and contact details struck out of free text.

Nothing here is reversible without the key, and the key never enters the
warehouse: only a fingerprint of it does, so that a load with a different
key (which would break every join) can be refused.
"""

from __future__ import annotations

import hashlib
import hmac
import re

import pandas as pd

PSEUDONYM_CHARS = 20    # 80 bits of HMAC-SHA256: no collisions at national scale


class Pseudonymiser:
    def __init__(self, key: str):
        self._key = key.encode("utf-8")

    @property
    def fingerprint(self) -> str:
        """Identifies the key without revealing it."""
        return hmac.new(self._key, b"outcomes-monitor key fingerprint",
                        hashlib.sha256).hexdigest()[:16]

    def one(self, value: str) -> str:
        return hmac.new(self._key, value.encode("utf-8"), hashlib.sha256).hexdigest()[
            :PSEUDONYM_CHARS]

    def series(self, s: pd.Series) -> pd.Series:
        """Hash each distinct identifier once; missing stays missing."""
        present = s.dropna()
        mapping = {v: self.one(v) for v in present.unique()}
        return s.map(mapping).astype("str").where(s.notna(), pd.NA)


def month_only(dates: pd.Series) -> pd.Series:
    """A date of birth kept as year and month: the first of its month."""
    return dates.dt.to_period("M").dt.to_timestamp().astype("datetime64[us]")


ETHNIC_GROUPS = (
    # (group, words that place a free-text answer in it), tested in this order
    ("Not known", ("not known", "unknown", "not disclosed", "refused", "prefer not")),
    ("Mixed or multiple", ("mixed", "multiple")),
    ("Asian", ("asian", "pakistani", "indian", "bangladeshi", "chinese")),
    ("African, Caribbean or Black", ("african", "caribbean", "black")),
    ("White Scottish", ("white scottish", "scottish")),
    ("White other British", ("british", "english", "welsh", "northern irish")),
    ("White other", ("white", "polish", "irish", "gypsy", "traveller", "roma",
                     "european")),
)


def ethnic_group(text: object) -> str:
    """The Scottish census-style group of a free-text ethnicity."""
    if not isinstance(text, str) or not text.strip():
        return "Not known"
    low = text.lower()
    for group, words in ETHNIC_GROUPS:
        if any(w in low for w in words):
            return group
    return "Other ethnic group"


EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"(?:\+44\s?|\b0)\d(?:[\s-]?\d){8,9}\b")


def strike_contacts(text: object) -> object:
    """Email addresses and phone numbers replaced by [email] and [phone]."""
    if not isinstance(text, str):
        return text
    return PHONE.sub("[phone]", EMAIL.sub("[email]", text))
