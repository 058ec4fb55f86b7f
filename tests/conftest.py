from __future__ import annotations

from pathlib import Path

import pytest

from etl.load import run_load
from etl.settings import load_settings
from outcomes.catalogue import IDS

SHARED = Path(__file__).resolve().parents[2] / "shared"
REAL_DATA = SHARED / "real-data"


@pytest.fixture(scope="session")
def settings():
    return load_settings()


@pytest.fixture
def load(settings, tmp_path):
    """Load paths into a warehouse in tmp_path with the demo key; returns the LoadResult."""
    def _load(*paths: Path, db: Path | None = None, **kwargs):
        kwargs.setdefault("demo", True)
        return run_load(list(paths), db or tmp_path / "warehouse.duckdb", settings,
                        indicator_ids=IDS, **kwargs)
    return _load


def real_data(*parts: str) -> Path:
    """A file in ../shared/real-data, or a skip saying why it is absent."""
    path = REAL_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"real data not found at {path} (../shared/real-data is absent)")
    return path


