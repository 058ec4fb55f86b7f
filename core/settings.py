"""Partnership settings: read once from partnership.toml (or OUTCOMES_SETTINGS)."""

from __future__ import annotations

import datetime as dt
import functools
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SETTINGS = PROJECT_ROOT / "partnership.toml"

# The demo warehouse is pseudonymised with this published, non-secret key.
# It is only ever used by `outcomes load --demo`, and such a warehouse says so.
DEMO_KEY = "outcomes-monitor-demo-key-not-secret"



# The statistical year each country's national statistics count (issue 15).
YEAR_ENDS = {"scotland": (7, 31), "england": (3, 31)}
YEAR_WORDS = {"scotland": "year to 31 July (Children Looked After Statistics)",
              "england": "year to 31 March (SSDA903 collection year)"}


class SettingsError(ValueError):
    """The settings file is missing, unreadable or incomplete."""


@dataclass(frozen=True)
class Settings:
    name: str
    council: str
    localities: tuple[str, ...]
    report_published: dt.date
    baseline_date: dt.date
    disclosure_threshold: int
    key_env: str
    key_file: Path | None
    warehouse_path: Path
    source: Path
    # "scotland": the Children Looked After Statistics year, to 31 July; "england": the
    # SSDA903 collection year, 1 April to 31 March, and DfE's published comparisons
    country: str = "scotland"
    # the whole file, for the sections other parts read themselves ([access])
    raw: dict = field(default_factory=dict, compare=False, hash=False, repr=False)

    @property
    def year_end(self) -> tuple[int, int]:
        """(month, day) on which the partnership's statistical year ends."""
        return YEAR_ENDS[self.country]

    @property
    def year_words(self) -> str:
        """Which year a yearly figure counts, in words ("year to 31 July")."""
        return YEAR_WORDS[self.country]

    def pseudonym_key(self) -> str | None:
        """The configured key, from the environment or the key file; None if neither."""
        key = os.environ.get(self.key_env, "").strip()
        if not key and self.key_file and self.key_file.is_file():
            key = self.key_file.read_text(encoding="utf-8").strip()
        return key or None


def _country(value: str, path: Path) -> str:
    country = str(value).strip().lower()
    if country not in YEAR_ENDS:
        raise SettingsError(f"settings file {path}: country must be one of "
                            f"{', '.join(YEAR_ENDS)}, not {value!r}")
    return country


def resolve(base: Path, value: str) -> Path:
    path = Path(value)
    return path if path.is_absolute() else (base / path)


ENV_OVERRIDES = ("OUTCOMES_DB",)


def load_settings(path: Path | str | None = None) -> Settings:
    """Read the settings file named, or OUTCOMES_SETTINGS, or partnership.toml.

    Parsed once and kept while the file (its modification time) and the environment
    overrides stay the same: the app asks for settings many times on every rerun."""
    path = Path(path or os.environ.get("OUTCOMES_SETTINGS") or DEFAULT_SETTINGS)
    try:
        info = path.stat()
    except OSError as exc:
        raise SettingsError(f"cannot read settings file {path}: {exc}") from exc
    return _parsed(path, (info.st_mtime_ns, info.st_size), tuple(os.environ.get(k) for k in ENV_OVERRIDES))


@functools.lru_cache(maxsize=8)
def _parsed(path: Path, stamp: tuple[int, int], env: tuple) -> Settings:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise SettingsError(f"cannot read settings file {path}: {exc}") from exc
    try:
        p, i, d, k = (raw["partnership"], raw["inspection"], raw["disclosure"],
                      raw["pseudonymisation"])
        base = path.resolve().parent
        db = os.environ.get("OUTCOMES_DB") or raw.get("warehouse", {}).get(
            "path", "data/warehouse.duckdb")
        return Settings(
            name=p["name"], council=p["council"], localities=tuple(p["localities"]),
            report_published=i["report_published"], baseline_date=i["baseline_date"],
            disclosure_threshold=int(d["threshold"]), key_env=k["key_env"],
            key_file=resolve(base, k["key_file"]) if k.get("key_file") else None,
            warehouse_path=resolve(base, db) if not os.environ.get("OUTCOMES_DB")
            else Path(db),
            source=path,
            country=_country(p.get("country", "scotland"), path),
            raw=raw,
        )
    except SettingsError:
        raise
    except (KeyError, TypeError, ValueError) as exc:
        raise SettingsError(f"settings file {path} is missing or has a bad {exc}") from exc
