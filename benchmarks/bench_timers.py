"""Running timers for a big shop: the engine alone, and `shopclock due --json` end to end.

Run by benchmarks/run.py (``measure``) on a database holding core.demo's shop with
100,000 cases (and the 150,000 orders they need), swept like the window would.
  * compute: a fresh interpreter reads the facts once (not timed), then times
    ``Service._timers`` over all of them — what board(), todo() and due() call — with
    a fresh Engine (fresh working-day calendar) for every run;
  * ``due()`` in that process (reads the database too), for information;
  * the command: ``python -m core.cli --db DB due --json > /dev/null`` as a real
    subprocess, process start to exit; one unmeasured warm-up run first (it may
    write the day's backup, warms the page cache and stores the deadlines,
    core.deadlines), then the measured runs, which read the stored deadlines;
  * the first command after the data was written (a copy of the database as
    build_db left it, nothing stored yet): every timer computed and stored.

    python benchmarks/bench_timers.py compute DB RUNS
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

from common import CODE_ROOT, Figure, child_env, copy_db, run_child, say

COMPUTE_TARGET_S = 1.0
DUE_TARGET_S = 1.0


def child_compute(db: str, runs: str) -> dict:
    from core.service import Service

    service = Service.open(db)
    orders, cases = service._timed_records()  # exactly what due() and todo() compute from
    shops = service._shops()
    compute, due, timers = [], [], []
    for _ in range(int(runs)):
        service.reload_calendar()
        started = time.perf_counter()
        timers = service._timers(orders, cases, shops)
        compute.append(time.perf_counter() - started)
    for _ in range(int(runs)):
        service.reload_calendar()
        started = time.perf_counter()
        service.due()
        due.append(time.perf_counter() - started)
    total = service.repo.counts()["cases"]
    service.close()
    return {
        "compute": compute,
        "due": due,
        "cases": total,
        "cases_read": len(cases),
        "open_cases": sum(1 for c in cases if c.is_open),
        "orders_read": len(orders),
        "timers": len(timers),
    }


def due_command(db: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "core.cli", "--db", str(db), "due", "--json"],
        cwd=CODE_ROOT,
        env=child_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        check=True,
        timeout=600,
    )
    return time.perf_counter() - started


def make_db(workdir: Path, now: datetime, cases: int) -> Path:
    import bench_data as data

    demo = data.demo_data(now, 0, cases)
    db = workdir / "timers.sqlite3"
    counts = data.build_db(db, demo.shops, demo.orders, demo.cases, now)
    say(
        f"  timers database: {counts['orders']:,} orders, {counts['cases']:,} cases "
        f"({counts['open_cases']:,} open after the sweep), built in {counts['seconds']} s"
    )
    return db


def measure(workdir: Path, now: datetime, cases: int, runs: int) -> list[Figure]:
    db = make_db(workdir, now, cases)
    found = run_child("bench_timers.py", "compute", db, runs)
    label = (
        f"{found['cases']:,} cases: {found['cases_read']:,} cases and "
        f"{found['orders_read']:,} orders read"
    )
    say(f"  compute runs: {', '.join(f'{s:.2f}' for s in found['compute'])} s")
    written = workdir / "timers-as-written.sqlite3"  # no deadline stored yet
    copy_db(db, written)
    due_command(db)  # warm-up, unmeasured: the day's backup, the page cache, the store
    first = []
    for _ in range(runs):
        fresh = workdir / "timers-first.sqlite3"
        copy_db(written, fresh)
        first.append(due_command(fresh))
    say(f"  first due --json after the data was written: {_runs(first)} s")
    command = [due_command(db) for _ in range(runs)]
    say(f"  due --json runs: {_runs(command)} s")
    return [
        Figure(
            f"compute all running timers ({label}; {found['timers']:,} timers)",
            "s",
            found["compute"],
            limit=COMPUTE_TARGET_S,
        ),
        Figure("  Service.due() in-process, incl. reading the database", "s", found["due"]),
        Figure(
            f"`python -m core.cli --db … due --json > /dev/null` ({found['cases']:,} cases, "
            "deadlines stored)",
            "s",
            command,
            limit=DUE_TARGET_S,
        ),
        Figure(
            "  the first `due --json` after the data was written (every timer computed and stored)",
            "s",
            first,
        ),
    ]


def _runs(seconds: list[float]) -> str:
    return ", ".join(f"{s:.2f}" for s in seconds)


if __name__ == "__main__":
    print(json.dumps(child_compute(*sys.argv[2:])))
