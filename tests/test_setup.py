"""The README's commands on a bare machine: `make test` gets Chromium where it can, and
otherwise stops with one line saying what to install, before any test runs."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOOLS = ("sh", "make", "id", "python3", "cat", "env")      # a machine with no Chromium, no apt


def _bare_path(tmp_path: Path) -> str:
    bindir = tmp_path / "bin"
    bindir.mkdir()
    for tool in TOOLS:
        found = shutil.which(tool)
        if found:
            (bindir / tool).symlink_to(found)
    return str(bindir)


def test_make_test_without_chromium_stops_first_with_one_clear_line(tmp_path):
    venv = tmp_path / "fresh-venv"
    done = subprocess.run(["make", "--no-print-directory", "test", f"VENV={venv}"], cwd=ROOT,
                          env={"PATH": _bare_path(tmp_path), "HOME": str(tmp_path)},
                          capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    said = [line for line in done.stderr.splitlines() if not line.startswith("make")]
    assert said == ["error: Chromium is needed (the packs draw their charts with it; the "
                    "browser tests drive it): install it (sudo apt-get install chromium on "
                    "Debian or Ubuntu) or set BROWSER_PATH to a Chrome or Chromium"], done.stderr
    assert not venv.exists()                           # stopped before setting anything up
    assert "pytest" not in done.stdout + done.stderr and "passed" not in done.stdout


def test_make_run_without_chromium_says_the_packs_need_it_and_goes_on(tmp_path):
    done = subprocess.run(["sh", "scripts/ensure-chromium", "--warn"], cwd=ROOT,
                          env={"PATH": _bare_path(tmp_path)}, capture_output=True, text=True)
    assert done.returncode == 0
    assert done.stderr.startswith("note: no Chromium, so the board and evidence packs cannot")


def test_a_chromium_named_by_browser_path_is_enough(tmp_path):
    fake = tmp_path / "my-chrome"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    done = subprocess.run(["sh", "scripts/ensure-chromium"], cwd=ROOT, capture_output=True,
                          env={"PATH": _bare_path(tmp_path), "BROWSER_PATH": str(fake)},
                          text=True)
    assert done.returncode == 0 and done.stderr == ""
    missing = subprocess.run(["sh", "scripts/ensure-chromium"], cwd=ROOT, capture_output=True,
                             env={"PATH": str(tmp_path / "bin"),
                                  "BROWSER_PATH": str(tmp_path / "nothing")}, text=True)
    assert missing.returncode == 1 and "is not a program" in missing.stderr
