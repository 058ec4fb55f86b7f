"""Publishing: a killed load leaves the published warehouse exactly as it was,
and a reader keeps its warehouse until a new one is swapped in."""

import datetime as dt
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from etl.demo import generate
from outcomes.query.db import Warehouse
from tests.factories import sha

AS_AT = dt.date(2026, 9, 30)


@pytest.fixture(scope="module")
def template(tmp_path_factory, settings):
    """A published demo warehouse, and a second (different) demo to load over it."""
    root = tmp_path_factory.mktemp("publish")
    first, second = root / "first", root / "second"
    generate(first, seed=1, as_at=AS_AT, settings=settings, bad_rows=False)
    generate(second, seed=2, as_at=AS_AT, settings=settings, bad_rows=False)
    db = root / "warehouse.duckdb"
    subprocess.run([sys.executable, "-m", "cli", "load", str(first), "--db", str(db), "--demo"],
                   check=True, capture_output=True)
    return db, second


@pytest.fixture
def published(template, tmp_path):
    """A private copy of the published warehouse for one test."""
    db = tmp_path / "warehouse.duckdb"
    shutil.copyfile(template[0], db)
    return db, template[1]


def _start_load(db: Path, folder: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "cli", "load", str(folder), "--db", str(db),
                             "--demo"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


@pytest.mark.parametrize("kill_after", [0.3, 1.0, 2.0])
def test_a_killed_load_leaves_the_published_warehouse_unchanged(published, kill_after):
    db, second = published
    before = sha(db)
    proc = _start_load(db, second)
    time.sleep(kill_after)
    if proc.poll() is not None:
        pytest.skip(f"the load finished within {kill_after}s; nothing to kill")
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    wh = Warehouse(db)
    loads = wh.df("SELECT count(*) AS n FROM load_audit")["n"].iloc[0]
    wh.close()
    if sha(db) == before:
        assert loads == 1                     # killed before the swap: exactly as it was
    else:                                     # killed after the swap: the whole new one
        assert loads == 2 and not list(db.parent.glob(f"{db.name}.tmp-*.wal"))


def test_a_reader_keeps_the_old_warehouse_until_the_swap_then_follows_it(published):
    db, second = published
    wh = Warehouse(db)
    old_cursor = wh.cursor()
    loads_before = old_cursor.execute("SELECT count(*) FROM load_audit").fetchone()[0]
    done = subprocess.run([sys.executable, "-m", "cli", "load", str(second), "--db", str(db),
                           "--demo"], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    # the cursor opened before the swap still reads the old file, unharmed
    assert old_cursor.execute("SELECT count(*) FROM load_audit").fetchone()[0] == loads_before
    # a new query notices the swap and reads the new warehouse
    assert wh.df("SELECT count(*) AS n FROM load_audit")["n"].iloc[0] == loads_before + 1
    assert not list(db.parent.glob(f"{db.name}.tmp-*"))       # staging left by kills cleared
    wh.close()


# ---------------------------------------------------------------- two loads at once

def _extra_actions(second: Path, folder: Path) -> Path:
    """A file the other load does not hold: the demo's actions under new ids and name."""
    import pandas as pd
    folder.mkdir()
    actions = pd.read_excel(second / "action_plan.xlsx", sheet_name="improvement_actions", engine="calamine",
                            dtype=str, keep_default_na=False)
    actions["action_id"] = "EXTRA-" + actions["action_id"]
    path = folder / "improvement_actions_extra.csv"
    actions.to_csv(path, index=False)
    return path


def _cli_load(db: Path, path: Path, *flags: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "cli", "load", str(path), "--db", str(db),
                             "--demo", *flags], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def test_two_loads_at_once_both_land(published, tmp_path):
    """The issue's case: load A, then 0.3 s later load B into the same warehouse. Before the
    lock, the later os.replace won and A's or B's rows were gone though both said
    'Published'."""
    db, second = published
    extra = _extra_actions(second, tmp_path / "extra")
    a = _cli_load(db, second)
    time.sleep(0.3)
    b = _cli_load(db, extra)
    outs = [p.communicate(timeout=300) for p in (a, b)]
    assert [p.returncode for p in (a, b)] == [0, 0], outs
    wh = Warehouse(db)
    assert wh.df("SELECT count(*) AS n FROM load_audit")["n"].iloc[0] == 3
    files = set(wh.df("SELECT DISTINCT _source_file AS f FROM improvement_actions")["f"])
    assert {"action_plan.xlsx", "improvement_actions_extra.csv"} <= files
    children = wh.df("SELECT count(*) AS n FROM children WHERE _load_id > 1")["n"].iloc[0]
    wh.close()
    assert children > 0                                      # A's files are there too
    assert not list(db.parent.glob(f"{db.name}.tmp-*"))


def test_a_second_load_waits_or_with_no_wait_refuses(published, tmp_path):
    from etl.warehouse import publish_lock
    db, second = published
    extra = _extra_actions(second, tmp_path / "extra")
    before = sha(db)
    with publish_lock(db):                                  # a load that is publishing
        refused = subprocess.run([sys.executable, "-m", "cli", "load", str(extra), "--db",
                                  str(db), "--demo", "--no-wait"], capture_output=True, text=True)
        assert refused.returncode == 2
        assert f"another load (process {os.getpid()}" in refused.stderr
        assert "warehouse is unchanged" in refused.stderr and sha(db) == before
        waiting = _cli_load(db, extra)
        first_line = waiting.stderr.readline()                # printed while it waits
        assert first_line.startswith("waiting: another load") and waiting.poll() is None
        assert sha(db) == before
    out, err = waiting.communicate(timeout=120)
    assert waiting.returncode == 0, out + err
    assert "Published" in out and sha(db) != before


def test_a_load_stopped_by_sigterm_removes_its_staging_copy(published):
    db, second = published
    before = sha(db)
    proc = _cli_load(db, second)
    deadline = time.time() + 60
    while not list(db.parent.glob(f"{db.name}.tmp-*")) and time.time() < deadline:
        time.sleep(0.05)                                  # staging has begun
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=60)
    if proc.returncode == 0:
        pytest.skip("the load published before the signal arrived")
    assert proc.returncode == 130 and "nothing published" in err
    assert sha(db) == before and not list(db.parent.glob(f"{db.name}.tmp-*"))
