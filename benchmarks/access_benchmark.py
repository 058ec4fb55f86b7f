"""What access control costs: an audit entry (written on every page view and
download), verifying the chain, and a local sign-in (Argon2id, by design slow).

    python benchmarks/access_benchmark.py [--entries N]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from outcomes.access import audit
from outcomes.access.accounts import Accounts

PASSWORD = "correct horse battery staple"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=5000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="outcomes-access-") as tmp:
        log = Path(tmp) / "audit.log"
        times = []
        for i in range(args.entries):
            start = time.perf_counter()
            audit.append(log, "page_view", user="ruth", role="partnership_leader",
                         what="/care-leavers", filters={"from": "2019-03-31",
                                                        "to": "2026-09-30",
                                                        "locality": ["Hamilton"]})
            times.append(time.perf_counter() - start)
        ms = sorted(1000 * t for t in times)
        print(f"audit append ({args.entries:,} entries, fsync each): median "
              f"{statistics.median(ms):.2f} ms, 99th percentile {ms[int(0.99 * len(ms))]:.2f} ms; "
              f"{log.stat().st_size / args.entries:.0f} bytes an entry")
        start = time.perf_counter()
        entries, problems = audit.verify(log)
        print(f"audit verify: {entries:,} entries in {time.perf_counter() - start:.3f} s, "
              f"{len(problems)} problems")

        accounts = Accounts(Path(tmp) / "accounts.json")
        accounts.add("ruth", "board_member", PASSWORD)
        for name, password in (("ruth", PASSWORD), ("ruth", "wrong password"),
                               ("nobody", PASSWORD)):
            runs = []
            for _ in range(5):
                start = time.perf_counter()
                accounts.sign_in(name, password)
                runs.append(time.perf_counter() - start)
                accounts.unlock("ruth")
            print(f"sign-in, {'right' if password == PASSWORD and name == 'ruth' else 'wrong'}"
                  f" {'name' if name == 'nobody' else 'password'}: median "
                  f"{1000 * statistics.median(runs):.0f} ms")


if __name__ == "__main__":
    main()
