"""'You said, we did' in words: the links from the codebook's themes to the action plan
(data/you_said.yaml), plain words for the report for children, and a share said the way
a 10-year-old reads it ("about 3 in every 10").

The links file is the partnership's, read by a person: a theme links to every action under
the improvement points it names, and to the actions it names by id. Nothing in the data
links a child's view to an action in the plan; the file says which work in the plan is on
the same subject, no more.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from core.catalogue import POINTS
from outcomes.words import themes

LINKS = Path(__file__).resolve().parents[2] / "data" / "you_said.yaml"


@dataclass(frozen=True)
class ThemeLink:
    points: tuple[str, ...]
    actions: tuple[str, ...]
    children: str                 # the theme in a child's words


@dataclass(frozen=True)
class Links:
    themes: dict[str, ThemeLink]
    plain_actions: dict[str, str]
    plain_words: tuple[tuple[re.Pattern, str], ...]

    def linked(self, theme_id: str, actions: pd.DataFrame) -> pd.DataFrame:
        """The actions of the plan (improvement_actions rows) linked to a theme."""
        link = self.themes.get(theme_id)
        if link is None or actions.empty:
            return actions.iloc[0:0]
        keep = (actions["improvement_point"].isin(link.points)
                | actions["action_id"].astype(str).isin(link.actions))
        return actions.loc[keep]

    def children_words(self, theme_id: str, label: str) -> str:
        link = self.themes.get(theme_id)
        return link.children if link else label.split(" (")[0].lower()

    def plain(self, text) -> str:
        """Staff words made safe (names, phones, emails out; as a quote) and plain."""
        out = themes.safe_quote(text, max_chars=120)
        for pattern, words in self.plain_words:
            out = pattern.sub(lambda m, w=words: _same_case(m.group(), w), out)
        return out

    def plain_action(self, action_id, text) -> str:
        """An action of the plan in a child's words: the file's, else its own made plain."""
        return self.plain_actions.get(str(action_id)) or self.plain(text)


def _same_case(found: str, words: str) -> str:
    return words[:1].upper() + words[1:] if found[:1].isupper() else words


def _strings(value, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValueError(f"{where} must be a list of names")
    return tuple(v.strip() for v in value)


def load_links(path: str | Path | None = None) -> Links:
    """Read and check the links file against the codebook and the improvement points; a
    ValueError names the problem. Read again only when the file changes."""
    path = Path(path) if path is not None else LINKS
    try:
        stamp = path.stat().st_mtime_ns
    except OSError as exc:
        raise ValueError(f"{path}: cannot read the 'you said, we did' links file") from exc
    return _read(path, stamp, tuple(t.id for t in themes.load_codebook()))


@functools.lru_cache(maxsize=8)
def _read(path: Path, stamp: int, theme_ids: tuple[str, ...]) -> Links:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as e:
        raise ValueError(f"{path}: not valid YAML: {e}") from e
    if not isinstance(data, dict) or not isinstance(data.get("themes"), dict):
        raise ValueError(f"{path}: needs a 'themes' mapping (theme id -> its links)")
    links = {}
    for tid, item in data["themes"].items():
        where = f"{path}: theme {tid!r}"
        if tid not in theme_ids:
            raise ValueError(f"{where} is not a theme of the codebook")
        if not isinstance(item, dict):
            raise ValueError(f"{where} needs points, actions and children")
        points = _strings(item.get("points"), f"{where} points")
        unknown = [p for p in points if p not in POINTS]
        if unknown:
            raise ValueError(f"{where}: unknown improvement point(s) {unknown}; use "
                             f"{', '.join(POINTS)}")
        children = item.get("children")
        if not isinstance(children, str) or not children.strip():
            raise ValueError(f"{where} has no words for children ('children')")
        links[tid] = ThemeLink(points, _strings(item.get("actions"), f"{where} actions"),
                               " ".join(children.split()))
    plain_actions = {str(k): " ".join(str(v).split())
                     for k, v in (data.get("plain_actions") or {}).items()}
    words = data.get("plain_words") or {}
    if not isinstance(words, dict):
        raise ValueError(f"{path}: plain_words must be a mapping (staff words -> plain words)")
    plain_words = tuple(
        (re.compile(rf"(?<!\w){re.escape(str(k))}(?!\w)", re.IGNORECASE), str(v))
        for k, v in sorted(words.items(), key=lambda kv: -len(str(kv[0]))))
    return Links(links, plain_actions, plain_words)


# ------------------------------------------------------------------ shares in a child's words
def in_every_ten(count, base, threshold: int) -> str | None:
    """A share as a 10-year-old reads it: "about 3 in every 10", "almost all", "a few";
    None when there is nothing to say (no base, or none of it).

    `count` and `base` are the shown (protected) figures: a hidden count ("c" or NA) is
    "some" (it may be small, or hidden because it would reveal a small one: the words
    must not tell which), and a hidden base says nothing. A count from 1 to threshold-1
    (never shown) is "a few"."""
    if _hidden(base):
        return None
    if _hidden(count):
        return "some"
    count, base = float(count), float(base)
    if base <= 0 or count <= 0:
        return None
    if count < threshold:
        return "a few"
    tenths = round(10 * count / base)
    if tenths <= 0:
        return "fewer than 1 in every 10"
    if tenths >= 10:
        return "almost all"
    return f"about {tenths} in every 10"


def _hidden(value) -> bool:
    return value is None or isinstance(value, str) or pd.isna(value)
