from __future__ import annotations

from pathlib import Path

import pytest

from core.settings import load_settings
from etl.load import run_load

SHARED = Path(__file__).resolve().parents[2] / "shared"
REAL_DATA = SHARED / "real-data"


@pytest.fixture(scope="session")
def settings():
    return load_settings()


@pytest.fixture(autouse=True)
def _private_access_files(tmp_path_factory, monkeypatch):
    """Every test gets its own audit log and accounts file, never the project's data/."""
    folder = tmp_path_factory.mktemp("access")
    monkeypatch.setenv("OUTCOMES_AUDIT_LOG", str(folder / "audit.log"))
    monkeypatch.setenv("OUTCOMES_ACCOUNTS", str(folder / "accounts.json"))
    monkeypatch.delenv("OUTCOMES_SIGN_IN", raising=False)
    return folder


@pytest.fixture
def load(settings, tmp_path):
    """Load paths into a warehouse in tmp_path with the demo key; returns the LoadResult."""
    def _load(*paths: Path, db: Path | None = None, **kwargs):
        kwargs.setdefault("demo", True)
        return run_load(list(paths), db or tmp_path / "warehouse.duckdb", settings,
                        **kwargs)
    return _load


def real_data(*parts: str) -> Path:
    """A file in ../shared/real-data, or a skip saying why it is absent."""
    path = REAL_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"real data not found at {path} (../shared/real-data is absent)")
    return path




DEMO_AS_AT = __import__("datetime").date(2026, 9, 30)


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory, settings) -> Path:
    """A published demo warehouse (scale 0.5, pinned date), built once per test session."""
    from etl.demo import generate
    root = tmp_path_factory.mktemp("demo")
    generate(root / "files", scale=0.5, seed=2019, as_at=DEMO_AS_AT, settings=settings)
    db = root / "warehouse.duckdb"
    run_load([root / "files"], db, settings, demo=True)
    return db


@pytest.fixture(scope="session")
def tiny_db(tmp_path_factory, settings) -> Path:
    """A warehouse from the tiny baseline files: almost every count is small."""
    from tests.factories import write_baseline
    root = tmp_path_factory.mktemp("tiny")
    db = root / "warehouse.duckdb"
    run_load([write_baseline(root / "files")], db, settings, demo=True)
    return db


COMPARATOR_FILES = ("lgbf/lgbf_CHN_indicators_long_2010-11_to_2020-21.csv",
                    "lgbf/lgbf_looked_after_children_tidy.csv",
                    "scotpho/scotpho_children_subset.csv",
                    "care-inspectorate/datastore_2026-05-31_children_services.csv",
                    "care-inspectorate/inspection_series_children_services.csv")


@pytest.fixture(scope="session")
def compare_db(tmp_path_factory, demo_db, settings) -> Path:
    """The demo warehouse with the real published comparators loaded (from ../shared)."""
    import shutil

    from etl.comparators.load import load_comparators
    files = [REAL_DATA / f for f in COMPARATOR_FILES]
    if not all(f.exists() for f in files):
        pytest.skip(f"real comparator files not found under {REAL_DATA}")
    db = tmp_path_factory.mktemp("compare") / "warehouse.duckdb"
    shutil.copyfile(demo_db, db)
    load_comparators(files, db)
    return db


ENGLAND_SETTINGS = Path(__file__).resolve().parents[1] / "examples" / "england" / "partnership.toml"
DFE_FILES = ("New_Statistical_Neighbour_Groupings_April_2021.csv",
             "cla_number_and_rate_per_10k_children.csv", "la_care_leavers_activity.csv",
             "la_care_leavers_accommodation_suitability.csv", "la_cla_placement_stability.csv",
             "d5_cpps_at31march_by_duration_2013_to_2025.csv")


@pytest.fixture(scope="session")
def england_db(tmp_path_factory) -> Path:
    """The England demo (examples/england/partnership.toml): five synthetic SSDA903 returns
    (scale 0.5, pinned date) loaded year by year, oldest first, as a council loads them,
    and DfE's published tables when ../shared has them. Built once per test session."""
    from core.settings import load_settings as read
    from etl.demo import england
    root = tmp_path_factory.mktemp("england")
    settings = read(ENGLAND_SETTINGS)
    england.generate(root / "files", scale=0.5, seed=2019, as_at=DEMO_AS_AT, bad_rows=False,
                     years=5)
    db = root / "warehouse.duckdb"
    for folder in england.year_folders(root / "files"):
        run_load([folder], db, settings, demo=True)
    dfe = [REAL_DATA / "dfe-england" / f for f in DFE_FILES]
    if all(f.exists() for f in dfe):
        from etl.comparators.load import load_comparators
        load_comparators(dfe, db)
    return db


@pytest.fixture
def in_england(monkeypatch):
    """The app and packs read the England demo's settings (country = "england")."""
    monkeypatch.setenv("OUTCOMES_SETTINGS", str(ENGLAND_SETTINGS))
    return ENGLAND_SETTINGS
