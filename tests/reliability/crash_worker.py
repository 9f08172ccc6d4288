"""A ShopClock process that test_crash.py kills with SIGKILL at random moments.

It opens the database the way the app does (``open_database`` + ``Service``, a daily
backup at start) and then loops until it is killed:

- import a freshly generated orders file, then that batch's cases file (CSV or XLSX
  written by core.exporters with ``reveal=True``, 1–``MAX_ROWS`` rows, so
  ``Service.import_plan`` also makes its pre-import backup each time);
- apply an action to a stored case (``Service.act``), the note naming the operation;
- now and then a sweep.

Two append-only files record what happened, each line written and fsynced on its own:

- ``intents``: ``begin import <batch> <kind> <rows>`` BEFORE an import starts;
- ``journal``: ``import <batch> <kind> <rows>`` / ``act <op> <platform> <case_no>
  <action>`` / ``sweep <op> <n>`` only AFTER the call RETURNED — what the operator was
  told was saved. The test checks that every journal line is in the database.

Every order title of batch B ends with `` #B:<B>#`` and every case reason of that
batch with the same marker, and a batch's numbers contain B, so the test can count
each file's rows in the database: all of them, or (an import the kill interrupted)
none. Batch ids contain the run number, so a restart never reuses one.

Run: ``python -m tests.reliability.crash_worker DB WORKDIR RUN SEED`` (a cold start, ~2 s
of imports); test_crash.py instead forks ``run`` from a forkserver that has this module
preloaded, so a restart costs milliseconds and the kill loop stays short.
"""

from __future__ import annotations

import dataclasses
import os
import random
import sys
import traceback
from datetime import UTC, datetime
from pathlib import Path

# Imported here (not lazily) so a forkserver preloading this module pays for them once.
import openpyxl  # noqa: F401  (the XLSX writer and reader)
from sqlalchemy import text

from core.backups import ensure_daily_backup
from core.clock import SystemClock
from core.demo import SHOPS, generate
from core.exporters import export_cases, export_orders
from core.importers import read_file
from core.rules.loader import load_rulebook
from core.rules.transitions import Action, ActionRefused
from core.service import Service
from core.storage import open_database

MAX_ROWS = 150
BOOK = load_rulebook()
# actions the worker may pick when the case allows them; all take a note, none a parcel
SAFE_ACTIONS = (
    Action.AGREE,
    Action.REJECT,
    Action.BUYER_RESUBMIT,
    Action.BUYER_CANCEL,
    Action.CONFIRM_REFUND,
    Action.REJECT_RETURN,
    Action.EXCHANGE_RESHIP,
    Action.PLATFORM_FOR_BUYER,
    Action.PLATFORM_FOR_MERCHANT,
    Action.CONFIRM_OUTCOME,
    Action.BUYER_SHIP_RETURN,
    Action.NOTE,
)


def marker(batch: str) -> str:
    return f"#B:{batch}#"


class Log:
    """An append-only file; each line is on disk before ``write`` returns."""

    def __init__(self, path: Path) -> None:
        self.fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)

    def write(self, line: str) -> None:
        os.write(self.fd, (line + "\n").encode())
        os.fsync(self.fd)


def make_batch(batch: str, rng: random.Random, now: datetime):
    """Orders and cases of one batch: demo data renumbered and marked with the batch id."""
    n = rng.randint(1, MAX_ROWS)
    data = generate(now, orders=n, cases=max(1, n // 3), seed=rng.randrange(2**31))
    numbers = {o.order_no: f"{batch}-{i:04d}" for i, o in enumerate(data.orders)}
    orders = [
        dataclasses.replace(o, order_no=numbers[o.order_no], title=f"{o.title} {marker(batch)}")
        for o in data.orders
    ]
    cases = [
        dataclasses.replace(
            c,
            case_no=f"{batch}-C{i:04d}",
            order_no=numbers[c.order_no],
            reason=f"{c.reason} {marker(batch)}",
        )
        for i, c in enumerate(data.cases)
    ]
    return orders, cases


class Worker:
    def __init__(self, db: Path, workdir: Path, run: int, seed: int) -> None:
        self.workdir = workdir
        self.run = run
        self.rng = random.Random(seed)
        self.intents = Log(workdir / "intents")
        self.journal = Log(workdir / "journal")
        self.files = workdir / "files"
        self.files.mkdir(exist_ok=True)
        self.service = Service(open_database(db), book=BOOK, clock=SystemClock())
        ensure_daily_backup(self.service.db)
        self.cases: list[tuple[str, str]] = self._some_cases()
        self.op = 0

    def _some_cases(self) -> list[tuple[str, str]]:
        query = text("SELECT platform, case_no FROM cases ORDER BY random() LIMIT 200")
        with self.service.db.read_engine.connect() as conn:
            return [(r[0], r[1]) for r in conn.execute(query)]

    def loop(self) -> None:
        while True:
            self.op += 1
            roll = self.rng.random()
            if roll < 0.45 or not self.cases:
                self.import_batch()
            elif roll < 0.97:
                self.act()
            else:
                self.sweep()

    def op_id(self) -> str:
        return f"R{self.run:04d}N{self.op:05d}"

    def import_batch(self) -> None:
        batch = self.op_id()
        now = datetime.now(UTC)
        orders, cases = make_batch(batch, self.rng, now)
        for kind, rows in (("orders", orders), ("cases", cases)):
            suffix = self.rng.choice((".csv", ".csv", ".xlsx"))
            path = self.files / f"{batch}-{kind}{suffix}"
            if kind == "orders":
                export_orders(rows, path, shops=SHOPS, reveal=True)
            else:
                export_cases(rows, path, reveal=True)
            plan = read_file(path)
            if plan.errors or plan.rows_valid != len(rows):
                raise AssertionError(f"generated file {path.name} does not import: {plan.errors}")
            self.intents.write(f"begin import {batch} {kind} {len(rows)}")
            self.service.import_plan(plan)
            self.journal.write(f"import {batch} {kind} {len(rows)}")
            path.unlink()
        self.cases.extend((c.platform.value, c.case_no) for c in cases)

    def act(self) -> None:
        platform, case_no = self.rng.choice(self.cases)
        detail = self.service.case_detail(case_no, platform)
        allowed = [a for a in SAFE_ACTIONS if a in detail.allowed] or [Action.NOTE]
        action = self.rng.choice(allowed)
        op = self.op_id()
        try:
            self.service.act(
                case_no, action, platform=platform, note=op, tracking_no=f"SF{self.op:010d}"
            )
        except ActionRefused:  # e.g. the clock has not passed the state's start yet
            action = Action.NOTE
            self.service.act(case_no, action, platform=platform, note=op)
        self.journal.write(f"act {op} {platform} {case_no} {action.value}")

    def sweep(self) -> None:
        events = self.service.sweep()
        self.journal.write(f"sweep {self.op_id()} {len(events)}")


def run(db: str, workdir: str, run_no: int, seed: int) -> None:
    """The worker's entry point (also the forkserver target). Never returns normally."""
    try:
        Worker(Path(db), Path(workdir), run_no, seed).loop()
    except BaseException:
        with open(Path(workdir) / "worker-errors.log", "a", encoding="utf-8") as fh:
            fh.write(f"run {run_no}:\n{traceback.format_exc()}\n")
        os._exit(3)


if __name__ == "__main__":
    db_arg, workdir_arg, run_arg, seed_arg = sys.argv[1:5]
    run(db_arg, workdir_arg, int(run_arg), int(seed_arg))


def restore_worker(db: str, file: str) -> None:
    """Restore ``file`` into ``db`` (test_backups.py kills this mid-way)."""
    from core.storage.backup import restore_from

    with open_database(db) as opened:
        restore_from(opened, file)
