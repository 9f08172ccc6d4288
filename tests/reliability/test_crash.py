"""SIGKILL at random moments loses nothing that was reported saved, and no import is half-done.

A worker (crash_worker.py) imports generated files and applies actions in a loop; after
each call that returned it appends a line to a fsynced journal. The test kills it with
SIGKILL after a random (seeded) delay, restarts it on the same database, SHOPCLOCK_KILLS
times (default 200), then checks the database: integrity_check ok, every journaled
operation present, every import file all-or-nothing, every backup file whole.

Restarts fork from a forkserver that has the worker's imports preloaded (a cold Python
start costs ~1.8 s, which would make 200 kills take 8 minutes); each worker is still a
separate process with its own SQLite connections, killed by SIGKILL. Process death is
what is simulated: SQLite's WAL with synchronous=NORMAL keeps every commit across a
process crash; a power cut may lose the last commits and is not simulated here.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import re
import shutil
import signal
import sqlite3
import time
from collections import Counter
from contextlib import closing
from pathlib import Path

import pytest

from core.backups import list_backups
from core.storage import Repository, open_database

from .conftest import figures, integrity

KILLS = int(os.environ.get("SHOPCLOCK_KILLS", "200"))
SEED = int(os.environ.get("SHOPCLOCK_CRASH_SEED", "20260312"))
_MARK = re.compile(r"#B:(R\d+N\d+)#")

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL and fork are POSIX")


def _read_lines(path: Path) -> list[list[str]]:
    if not path.exists():
        return []
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")[:-1]  # a last line without "\n" was never finished
    return [line.split(" ") for line in lines]


def _counts(db: Path) -> tuple[Counter, Counter, set[tuple[str, str, str, str]]]:
    """Rows per batch marker in orders and cases, and the manual events by note."""
    with closing(sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)) as con:
        orders = Counter(
            m.group(1) for (title,) in con.execute("SELECT title FROM orders")
            if (m := _MARK.search(title or ""))
        )  # fmt: skip
        cases = Counter(
            m.group(1) for (reason,) in con.execute("SELECT reason FROM cases")
            if (m := _MARK.search(reason or ""))
        )  # fmt: skip
        events = {
            (note, platform, case_no, action)
            for note, platform, case_no, action in con.execute(
                "SELECT note, platform, case_no, action FROM events WHERE note LIKE 'R%N%'"
            )
        }
    return orders, cases, events


@pytest.mark.slow
def test_sigkill_at_random_moments_loses_nothing(tmp_path: Path) -> None:
    from tests.reliability import crash_worker

    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["tests.reliability.crash_worker"])
    rng = random.Random(SEED)
    db = tmp_path / "data" / "shop.sqlite3"
    work = tmp_path / "work"
    work.mkdir()
    errors = work / "worker-errors.log"
    started = time.monotonic()
    for run_no in range(1, KILLS + 1):
        seed = rng.randrange(2**31)
        proc = ctx.Process(target=crash_worker.run, args=(str(db), str(work), run_no, seed))
        proc.start()
        # mostly short lives (start-up, first operations), sometimes longer ones
        delay = rng.uniform(0.0, 0.6) if rng.random() < 0.85 else rng.uniform(0.6, 2.5)
        proc.join(delay)
        if proc.exitcode is not None:
            log = errors.read_text(encoding="utf-8") if errors.exists() else ""
            pytest.fail(f"worker run {run_no} exited by itself ({proc.exitcode}):\n{log}")
        proc.kill()
        proc.join(30)
        assert proc.exitcode == -signal.SIGKILL, (run_no, proc.exitcode)
    killing = time.monotonic() - started

    assert integrity(db) == ["ok"]
    with open_database(db) as opened:  # opens, at the newest schema, after all the kills
        counts = Repository(opened).counts()

    journal = _read_lines(work / "journal")
    intents = _read_lines(work / "intents")
    orders, cases, events = _counts(db)
    per_kind = {"orders": orders, "cases": cases}

    lost = []
    done = {}
    for line in journal:
        if line[0] == "import":
            batch, kind, rows = line[1], line[2], int(line[3])
            done[(batch, kind)] = rows
            if per_kind[kind][batch] != rows:
                lost.append(("import", batch, kind, rows, per_kind[kind][batch]))
        elif line[0] == "act":
            op, platform, case_no, action = line[1:5]
            if (op, platform, case_no, action) not in events:
                lost.append(tuple(line))
    half = []
    interrupted = Counter()
    for _begin, _import, batch, kind, rows_text in intents:
        rows = int(rows_text)
        found = per_kind[kind][batch]
        if found not in (0, rows):
            half.append((batch, kind, rows, found))
        if (batch, kind) not in done:  # killed during this import
            interrupted["committed" if found == rows else "absent"] += 1
    begun = {(i[2], i[3]) for i in intents}
    unannounced = [(b, k) for k, c in per_kind.items() for b in c if (b, k) not in begun]

    backups = list_backups(db.parent / "backups")
    broken_backups = [b.path.name for b in backups if integrity(b.path) != ["ok"]]
    partials = [p.name for p in (db.parent / "backups").glob(".*.partial*")]

    kinds = Counter(line[0] for line in journal)
    figures(
        "crash",
        kills=KILLS,
        seconds=f"{killing:.0f}",
        journaled=len(journal),
        imports=kinds["import"],
        acts=kinds["act"],
        sweeps=kinds["sweep"],
        interrupted_imports=dict(interrupted),
        lost=len(lost),
        half_applied=len(half),
        db_rows=counts,
        backups=len(backups),
        partial_copies_left=len(partials),
    )
    assert not errors.exists(), errors.read_text(encoding="utf-8")
    assert lost == []
    assert half == []
    assert unannounced == []
    assert broken_backups == []
    assert kinds["import"] > KILLS // 4  # the loop really ran
    assert kinds["act"] > KILLS // 4
    shutil.rmtree(tmp_path)  # hundreds of MB of copies; kept only when a check failed
