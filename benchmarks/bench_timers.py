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

  * the tray's reminder sweep (deadlines stored): reading the timers a reminder can be
    due for, against computing the same timers in the same process; whole sweeps.

    python benchmarks/bench_timers.py compute DB RUNS
    python benchmarks/bench_timers.py reminders DB RUNS
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


def child_reminders(db: str, runs: str) -> dict:
    """The tray's reminder sweep on the window's worker, deadlines stored (the window
    keeps them current): its read of the timers a reminder can be due for, against
    computing them (what every sweep did before), and whole sweeps after the first."""
    from datetime import timedelta

    from core.reminders import ReminderService, load_settings
    from core.reminders.service import longest_offset, reminder_timers
    from core.reminders.sweep import wants_reminders
    from core.service import Service
    from core.storage.reminders_store import ReminderStore

    service = Service.open(db)
    settings = load_settings(service.repo)
    now = service.clock.now()
    reminders = ReminderService(service, ReminderStore(service.db))
    reminders.sweep(now)  # the first sweep ever settles everything due (not timed)
    read, computed, sweeps = [], [], []
    for i in range(int(runs)):
        started = time.perf_counter()
        found = reminder_timers(service, settings, now)
        read.append(time.perf_counter() - started)
        started = time.perf_counter()  # the window's engine: its calendar warm, as it was
        within = longest_offset(service, settings)
        everything = [t for t in service.due(now, within=within) if wants_reminders(t)]
        computed.append(time.perf_counter() - started)
        if everything != found:
            raise RuntimeError("the stored timers differ from the computed ones")
        at = now + timedelta(seconds=30 * (i + 1))
        started = time.perf_counter()
        reminders.sweep(at)
        sweeps.append(time.perf_counter() - started)
    service.close()
    return {"read": read, "computed": computed, "sweeps": sweeps, "timers": len(found)}


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
    sweep = run_child("bench_timers.py", "reminders", db, runs)
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
        Figure(
            f"reminder sweep: timers a reminder can be due for ({sweep['timers']:,}), read from "
            "the stored deadlines",
            "s",
            sweep["read"],
            sweep["computed"],
            baseline="the same timers computed, as every sweep did before",
        ),
        Figure("  a whole reminder sweep after the first (30 s apart)", "s", sweep["sweeps"]),
    ]


def _runs(seconds: list[float]) -> str:
    return ", ".join(f"{s:.2f}" for s in seconds)


if __name__ == "__main__":
    child = child_compute if sys.argv[1] == "compute" else child_reminders
    print(json.dumps(child(*sys.argv[2:])))
