"""Themes in children's own words: a transparent key-word codebook, and quotes made safe to show.

The codebook (data/codebook.yaml) lists themes with plain-English labels and the
words or phrases that signal them. Matching is case-insensitive, on whole words,
with curly and straight apostrophes treated alike; a phrase ending in `*` matches
any word starting with it. It is deliberately simple so that staff can read and
edit it; it misses what is said in other words.

Name redaction is heuristic: it catches capitalised names after cues ("my worker",
"called", "Mrs", ...) and a short list of first names, not every name. Quotes are
only shown where the child agreed to be quoted (`can_quote`); redaction is a second
line of defence, not a licence to show words without that consent.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

CODEBOOK = Path(__file__).resolve().parents[2] / "data" / "codebook.yaml"
_ID = re.compile(r"[a-z][a-z0-9_]*\Z")
_APOSTROPHES = "Ã¢â‚¬â„¢|â€™|[’‘ʼ`´]"       # incl. the UTF-8-read-as-1252 forms of ’
_SEP = r"[\s\-]+"                                  # between the words of a phrase


def _normalise(text: str) -> str:
    return re.sub(_APOSTROPHES, "'", unicodedata.normalize("NFC", text)).lower()


def _alternatives(phrases: tuple[str, ...], word: str) -> str:
    """The phrases as one regex alternation; `word` is the dialect's word character."""
    alts = []
    for p in sorted(phrases, key=len, reverse=True):
        words = re.split(_SEP, p.rstrip("*"))
        alts.append(_SEP.join(re.escape(w) for w in words) + (word + "*" if p.endswith("*") else ""))
    return "|".join(alts)


@dataclass(frozen=True)
class Theme:
    id: str
    label: str
    description: str
    phrases: tuple[str, ...]
    regex: re.Pattern = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        alts = _alternatives(self.phrases, r"\w")
        object.__setattr__(self, "regex", re.compile(rf"(?<!\w)(?:{alts})(?!\w)"))

    @property
    def re2_pattern(self) -> str:
        """The same pattern for pyarrow's RE2 engine (no look-arounds: it eats the boundary)."""
        alts = _alternatives(self.phrases, r"[\pL\pN_]")
        return rf"(?:^|[^\pL\pN_])(?:{alts})(?:$|[^\pL\pN_])"


def _theme(i: int, item, seen: set[str], where: str) -> Theme:
    if not isinstance(item, dict):
        raise ValueError(f"{where}: theme {i + 1} is not a mapping (id, label, description, phrases)")
    tid = item.get("id")
    if not isinstance(tid, str) or not tid.strip():
        raise ValueError(f"{where}: theme {i + 1} has no id")
    if not _ID.match(tid):
        raise ValueError(f"{where}: theme id {tid!r} must be lower case letters, digits and _")
    if tid in seen:
        raise ValueError(f"{where}: duplicate theme id {tid!r}")
    label = item.get("label")
    if not isinstance(label, str) or not label.strip():
        raise ValueError(f"{where}: theme {tid!r} has no label")
    phrases = item.get("phrases")
    if not isinstance(phrases, list) or not phrases:
        raise ValueError(f"{where}: theme {tid!r} has no phrases")
    clean = []
    for p in phrases:
        if not isinstance(p, str) or not p.strip("* \t"):
            raise ValueError(f"{where}: theme {tid!r} has an empty or non-text phrase: {p!r}")
        p = " ".join(_normalise(p).split())
        if "*" in p[:-1] or not re.match(r"\w", p) or not re.search(r"\w\*?\Z", p):
            raise ValueError(f"{where}: theme {tid!r} phrase {p!r} must start and end with a "
                             "letter or digit; * is allowed only at the end")
        clean.append(p)
    return Theme(tid, label.strip(), str(item.get("description") or "").strip(),
                 tuple(dict.fromkeys(clean)))


def load_codebook(path: str | Path | None = None) -> list[Theme]:
    """Read and check the codebook; a ValueError names the problem and the theme. Read
    again only when the file changes."""
    path = Path(path) if path is not None else CODEBOOK
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        stamp = None
    return list(_read_codebook(path, stamp))


@functools.lru_cache(maxsize=8)
def _read_codebook(path: Path, stamp: int | None) -> tuple[Theme, ...]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as e:
        raise ValueError(f"{path}: not valid YAML: {e}") from e
    if not isinstance(data, list) or not data:
        raise ValueError(f"{path}: the codebook must be a non-empty list of themes")
    themes: list[Theme] = []
    for i, item in enumerate(data):
        themes.append(_theme(i, item, {t.id for t in themes}, str(path)))
    return tuple(themes)


def code_comment(text, codebook: list[Theme]) -> list[str]:
    """The ids of the themes present in one comment, in codebook order."""
    if not isinstance(text, str) or not text:
        return []
    norm = _normalise(text)
    return [t.id for t in codebook if t.regex.search(norm)]


CODED_MAX = 500_000          # comments remembered per codebook (a national year's worth)
_CODED: dict[tuple, dict[str, np.ndarray]] = {}


def code_comments(series: pd.Series, codebook: list[Theme]) -> pd.DataFrame:
    """One boolean column per theme id, same index; each distinct comment is coded once,
    and remembered, so a page's next filter codes only comments it has not seen.

    Uses pyarrow's RE2 engine (linear time, in C++) where available, else Python's re.
    """
    series = pd.Series(series)
    codes, uniques = pd.factorize(series.where(series.map(lambda x: isinstance(x, str)), None))
    uniques = list(uniques)
    memo = _CODED.setdefault(tuple((t.id, t.re2_pattern) for t in codebook), {})
    todo = [u for u in uniques if u not in memo]
    if len(memo) + len(todo) > CODED_MAX:
        memo.clear()
        todo = uniques
    for text, row in zip(todo, _code(todo, codebook)):
        memo[text] = row
    none = np.zeros(len(codebook), dtype=bool)
    matrix = np.array([memo[u] for u in uniques] + [none]).reshape(-1, len(codebook))
    return pd.DataFrame(matrix[codes], index=series.index,       # code -1 (missing) -> none
                        columns=[t.id for t in codebook])


def _code(texts: list[str], codebook: list[Theme]) -> np.ndarray:
    """A row of booleans (one per theme) for each text."""
    if not texts:
        return np.zeros((0, len(codebook)), dtype=bool)
    try:
        import pyarrow as pa
        import pyarrow.compute as pc
    except ImportError:                            # pragma: no cover - pyarrow is a dependency
        pa = None
    if pa is not None:
        arr = pc.utf8_normalize(pa.array(texts, type=pa.string()), "NFC")
        arr = pc.utf8_lower(pc.replace_substring_regex(arr, _APOSTROPHES, "'"))
        hits = [pc.match_substring_regex(arr, t.re2_pattern).to_numpy(zero_copy_only=False)
                for t in codebook]
    else:
        norm = [_normalise(u) for u in texts]
        hits = [np.fromiter((t.regex.search(u) is not None for u in norm), bool, len(norm))
                for t in codebook]
    return np.column_stack([h.astype(bool) for h in hits])


# ------------------------------------------------------------------ redaction and quotes
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<![\w+])(?:\+44\s?(?:\(0\)\s?)?|\(?0)\d{2,4}\)?[\s-]?\d{3,4}[\s-]?\d{3,4}(?!\d)")
_CAP = r"[A-ZÀ-ÖØ-Þ][^\W\d_]*(?:-[A-ZÀ-ÖØ-Þ][^\W\d_]*)?"
NAME_CUES = ("my social worker", "my worker", "my key worker", "my keyworker", "my carer",
             "my foster carer", "my teacher", "called", "named", "i'm", "i’m", "i am",
             "miss", "mrs", "mr", "ms")
FIRST_NAMES = ("Karen", "Jamie", "Zoé", "Zoe", "Jay")       # the names in the demo comments
_NOT_NAMES = {"I", "A", "An", "The", "And", "But", "Not", "So", "Very", "Really", "Just",
              "Mum", "Mam", "Mummy", "Dad", "Daddy", "Gran", "Granny", "Grandma", "Grandad",
              "Nana", "Papa", "Auntie", "Uncle", "Ok", "OK", "Okay", "Happy", "Sad", "Sorry",
              "Fine", "Good", "School", "Home", "Christmas", "Scottish", "British", "English"}
_CUED = re.compile(rf"(?i:\b(?:{'|'.join(map(re.escape, NAME_CUES))})\b\.?)(\s+)({_CAP})(\s+{_CAP})?")
_KNOWN = re.compile(rf"(?<!\w)(?:{'|'.join(FIRST_NAMES)}|Zoe\u0301)(?!\w)")


def _phone(m: re.Match) -> str:
    digits = re.sub(r"\D", "", m.group())
    if m.group().startswith("+44"):
        digits = "0" + digits[2:].lstrip("0")
    return "[phone]" if len(digits) in (10, 11) else m.group()


def _cued(m: re.Match) -> str:
    first, second = m.group(2), m.group(3)
    if first in _NOT_NAMES:
        return m.group()
    keep = m.group()[: m.start(2) - m.start()]
    if second and second.strip() not in _NOT_NAMES:
        return keep + "[name]"
    return keep + "[name]" + (second or "")


def redact(text) -> str:
    """Replace emails, UK phone numbers and (heuristically) names with [email], [phone], [name]."""
    if not isinstance(text, str):
        return ""
    text = _EMAIL.sub("[email]", text)
    text = _PHONE.sub(_phone, text)
    text = _CUED.sub(_cued, text)
    return _KNOWN.sub("[name]", text)


def safe_quote(text, max_chars: int = 280) -> str:
    """Redacted, whitespace collapsed, trimmed on a word boundary with "…".

    Show the result as plain text only (st.text / st.table); escaping for exports
    (formulas) is the export code's job.
    """
    quote = " ".join(redact(text).split())
    if len(quote) <= max_chars:
        return quote
    cut = quote[: max_chars - 1]
    if not quote[max_chars - 1].isspace() and " " in cut[max_chars // 2:]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:-") + "…"
