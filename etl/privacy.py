"""Data minimisation on load: keyed pseudonyms, month-only birth dates,
grouped ethnicity, and contact details struck out of free text.

Nothing here is reversible without the key, and the key never enters the
warehouse: only a fingerprint of it does, so that a load with a different
key (which would break every join) can be refused.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np
import pandas as pd
import phonenumbers

PSEUDONYM_CHARS = 20    # 80 bits: no collisions at national scale


class Pseudonymiser:
    """Keyed BLAKE2b (a keyed hash designed as a MAC, faster than HMAC-SHA256).

    The configured key is stretched to BLAKE2b's 64-byte key with SHA-512,
    so any length of key works. Each distinct identifier is hashed once.
    """

    def __init__(self, key: str):
        self._key = hashlib.sha512(key.encode("utf-8")).digest()
        self._cache: dict[str, str] = {}

    @property
    def fingerprint(self) -> str:
        """Identifies the key without revealing it."""
        return self.one("outcomes-monitor key fingerprint")[:16]

    def one(self, value: str) -> str:
        hashed = self._cache.get(value)
        if hashed is None:
            hashed = hashlib.blake2b(value.encode("utf-8"), key=self._key,
                                     digest_size=PSEUDONYM_CHARS // 2).hexdigest()
            self._cache[value] = hashed
        return hashed

    def series(self, s: pd.Series) -> pd.Series:
        """Hash each distinct identifier once; missing stays missing."""
        return map_distinct(s, self.one)


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
SEVEN_DIGITS = re.compile(r"(?:\d\D{0,6}){7}")    # fewer digits than this: no phone number
LINE_BREAK = re.compile(r"[\r\n]")


def phone_spans(text: str) -> list[tuple[int, int]]:
    """Where phone numbers are, found by libphonenumber's matcher (Google's, via the
    `phonenumbers` package) as dialled from the UK: national, +44, 0044, with spaces,
    brackets, dots or dashes, in words and across line breaks. A match counts when it is a
    valid number or a possible one of 9 or more national digits (Ofcom's drama numbers,
    07700 900xxx, are not 'valid' but are still someone's number in a story); dates and
    short figures are not."""
    if not SEVEN_DIGITS.search(text):
        return []
    flat = LINE_BREAK.sub(" ", text)                   # same length: spans fit the text
    spans = []
    for match in phonenumbers.PhoneNumberMatcher(flat, "GB",
                                                 leniency=phonenumbers.Leniency.POSSIBLE):
        number = match.number
        if phonenumbers.is_valid_number(number) or (
                phonenumbers.is_possible_number(number) and len(str(number.national_number)) >= 9):
            spans.append((match.start, match.end))
    return spans


def strike_contacts(text: object) -> object:
    """Email addresses and phone numbers replaced by [email] and [phone]."""
    if not isinstance(text, str):
        return text
    text = EMAIL.sub("[email]", text)
    for start, end in reversed(phone_spans(text)):
        text = text[:start] + "[phone]" + text[end:]
    return text


def strike_contacts_series(s: pd.Series) -> pd.Series:
    """strike_contacts for a column, run once per distinct text."""
    return map_distinct(s, strike_contacts)


def map_distinct(s: pd.Series, fn) -> pd.Series:
    """`fn` applied once per distinct value of a text column; missing stays missing."""
    codes, uniques = pd.factorize(s)            # missing -> code -1
    mapped = np.array([fn(v) for v in uniques.tolist()] + [None], dtype=object)
    return pd.Series(mapped[codes], index=s.index, dtype="str")
