"""Two processes writing to one SQLite file at once: no lock error, no lost update."""

from __future__ import annotations

import itertools
import json
import os
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from datetime import timedelta
from pathlib import Path

import pytest

from core.clock import SystemClock
from core.service import Service
from tests.core.factories import case, order
from tests.fakes import FakeClock

from .conftest import figures, integrity

PER_WRITER = int(os.environ.get("SHOPCLOCK_WRITES", "5000"))
CASES = 4
ROOT = Path(__file__).resolve().parents[2]


def _seed(db: Path) -> None:
    """CASES open return-refund cases on one Pinduoduo shop, applied a day ago: the
    writers act at the real time, inside the merchant's 48 hours (an action after
    them is refused: the platform has acted)."""
    now = SystemClock().now()
    service = Service.open(db, clock=FakeClock(now))
    shipped = now - timedelta(days=30)
    orders = [order(order_no=f"O{i}", paid_at=shipped, shipped_at=shipped) for i in range(CASES)]
    cases = [
        case(
            kind="return_refund",
            case_no=f"C{i}",
            order_no=f"O{i}",
            applied_at=now - timedelta(days=1),
        )
        for i in range(CASES)
    ]
    service.save_manual(orders=orders, cases=cases)
    service.close()


@pytest.mark.slow
def test_two_processes_interleave_writes_without_lock_errors_or_lost_updates(
    tmp_path: Path,
) -> None:
    db = tmp_path / "data" / "shop.sqlite3"
    _seed(db)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    writers = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.reliability.writer", str(db), name, str(PER_WRITER)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env=env,
        )
        for name in ("w1", "w2")
    ]
    for w in writers:  # both have imported everything and opened the database
        assert w.stdout.readline().strip() == "ready", w.stderr.read()
    started = time.perf_counter()
    for w in writers:
        w.stdin.write("go\n")
        w.stdin.flush()
    results = []
    for w in writers:
        out, err = w.communicate(timeout=600)
        assert w.returncode == 0, err
        assert "locked" not in err.lower(), err
        results.append(json.loads(out.strip().splitlines()[-1]))
    elapsed = time.perf_counter() - started

    assert integrity(db) == ["ok"]
    with closing(sqlite3.connect(db)) as con:
        rows = con.execute(
            "SELECT id, case_no, note, from_state, to_state FROM events"
            " WHERE note LIKE 'w_-%' ORDER BY id"
        ).fetchall()
        final = dict(con.execute("SELECT case_no, state FROM cases").fetchall())
    per_writer = {w: sum(1 for r in rows if r[2].startswith(w + "-")) for w in ("w1", "w2")}
    # no lost update: on every case each transition starts where the previous one ended
    broken, last = [], {}
    for _id, case_no, note, from_state, to_state in rows:
        if case_no in last and last[case_no] != from_state:
            broken.append((note, case_no, last[case_no], from_state))
        last[case_no] = to_state
    switches = sum(1 for a, b in itertools.pairwise(rows) if a[2][:2] != b[2][:2])
    figures(
        "two writers",
        writes=len(rows),
        per_writer=per_writer,
        seconds=f"{elapsed:.1f}",
        writes_per_second=f"{len(rows) / elapsed:.0f}",
        retries=[r["retries"] for r in results],
        writer_switches=switches,
        lost=2 * PER_WRITER - len(rows),
    )
    assert per_writer == {"w1": PER_WRITER, "w2": PER_WRITER}
    assert len({r[2] for r in rows}) == 2 * PER_WRITER  # each write exactly once
    assert broken == []
    assert all(final[c] == last[c] for c in last)
    assert switches > PER_WRITER // 50  # they really interleaved, not one after the other
