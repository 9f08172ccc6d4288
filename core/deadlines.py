"""Stored deadlines: `due --json` from timers computed once, not on every call.

Every running timer is a pure function of one order and its cases, the shop, the
rule book and the working-day calendar (core.rules.engine never asks the time). So
the timers are kept in the database (tables in core.storage.models_deadlines) and
only the orders whose records changed are recomputed:

* SQLite triggers (migration 0003) put an order in ``deadline_stale`` in the same
  transaction as any insert, update or delete of it or of one of its cases —
  whichever code or tool writes;
* ``deadline_state.fingerprint`` names what the stored timers were computed with:
  this code (the engine's source files, the ShopClock and chinesecalendar
  versions), the rule book, the calendar's holiday overrides and the shops. Any
  difference, or a trigger on shops / holiday overrides (which clear it), means
  every timer is recomputed.

``DeadlineStore.due_json`` (`due --json`) and ``todo`` (the window's To-do page,
with what its rows show of their orders and cases, stored beside the timers) answer
only from a current store: they read with a plain read transaction when nothing is
stale; otherwise, if they may write, they first bring the store up
to date (``_refresh``: computed without the write lock, written in a short write
transaction if no other connection committed meanwhile, else redone under the
lock); if they may not (``--now``, too much stale for the window's first paint) or
the database is not SQLite, they return None and the caller computes, which gives
the same answer — a property test checks it over random sequences of writes.
What a stored row holds, and how it is made and read back, is core.deadline_rows.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import chinese_calendar
from sqlalchemy.exc import OperationalError

import core
from core.deadline_rows import (
    COLUMNS,
    StoredTodo,
    read_due_json,
    read_todo,
    store_state,
    timer_rows,
    write_token,
)
from core.domain import Actor, Platform, Shop

if TYPE_CHECKING:
    from core.service import Service

STORE_FORMAT = "2"  # bump when the stored rows change meaning
INCREMENTAL_LIMIT = 5_000  # more stale orders than this: recompute everything at once
REBUILD_RANGE = 10_000  # recomputing everything: the records of this many order numbers at once
BUSY_MS = 200  # how long a reader that can compute instead waits for another writer's lock
log = logging.getLogger(__name__)
# the code the stored timers depend on (files, or folders of them), relative to core/
_CODE = (
    "rules", "calendar", "domain", "timer_json", "deadlines", "deadline_rows", "service", "clock",
)  # fmt: skip

_code_fingerprint: str | None = None


def code_fingerprint() -> str:
    """sha256 of the engine's code: the source (or, in the frozen app, compiled) files
    of _CODE, the ShopClock and chinesecalendar versions and the store format."""
    global _code_fingerprint
    if _code_fingerprint is None:
        digest = hashlib.sha256()
        for part in (STORE_FORMAT, core.__version__, chinese_calendar.__version__):
            digest.update(part.encode() + b"\0")
        root = Path(core.__file__).parent
        for name in _CODE:
            for path in _code_files(root, name):
                digest.update(path.name.encode() + b"\0" + path.read_bytes())
        _code_fingerprint = digest.hexdigest()
    return _code_fingerprint


def _code_files(root: Path, name: str) -> list[Path]:
    folder = root / name
    if folder.is_dir():
        return sorted(p for p in folder.iterdir() if p.suffix in (".py", ".pyc") and p.is_file())
    return [p for p in (root / f"{name}.py", root / f"{name}.pyc") if p.is_file()]


def _canon(value: Any) -> str:
    """A text that is equal for equal values, in every process (no hash order)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = ",".join(
            f"{f.name}={_canon(getattr(value, f.name))}" for f in dataclasses.fields(value)
        )
        return f"{type(value).__name__}({fields})"
    if isinstance(value, Enum):
        return repr(value.value)
    if isinstance(value, Mapping):
        return "{" + ",".join(sorted(f"{_canon(k)}:{_canon(v)}" for k, v in value.items())) + "}"
    if isinstance(value, set | frozenset):
        return "{" + ",".join(sorted(_canon(v) for v in value)) + "}"
    if isinstance(value, list | tuple):
        return "(" + ",".join(_canon(v) for v in value) + ")"
    if isinstance(value, str | int | float | bool | date | datetime | timedelta) or value is None:
        return repr(value)
    raise TypeError(f"no stable text for {type(value).__name__}")


class DeadlineStore:
    """The stored timers of one Service's database (see the module's docstring)."""

    def __init__(self, service: Service) -> None:
        self.service = service
        self.db = service.db

    def fingerprint(self, shops: Iterable[Shop]) -> str:
        engine = self.service.engine
        book = self.service.book
        parts = (
            code_fingerprint(),
            _canon(book.packs()),
            _canon(book.overlay()),
            _canon(sorted(engine.calendar.overrides().items())),
            _canon(sorted(shops, key=lambda s: (s.platform.value, s.name))),
        )
        return hashlib.sha256("\0".join(parts).encode()).hexdigest()

    def due_json(
        self,
        now: datetime,
        within: timedelta | None = None,
        actor: Actor | None = None,
        *,
        refresh: bool = True,
    ) -> bytes | None:
        """The due timers as UTF-8 JSON from the store, or None when the store cannot
        answer without writing and ``refresh`` is False (or this is not SQLite)."""
        return self._answer(lambda cursor: read_due_json(cursor, now, within, actor), refresh)

    def refresh(self) -> None:
        """Bring the store up to date (see ``_refresh``)."""
        self._answer(lambda _cursor: None, refresh=True)

    def todo(self, until: datetime | None = None) -> StoredTodo | None:
        """The running merchant timers (not informational) — the window's To-do page —
        as Timer objects, equal to the engine's, with what its rows show of their
        orders and cases; ``until``: only those due by then. None unless the store is
        current or can be made so by recomputing a few stale orders, without waiting for
        another writer's lock (never everything: the window then computes, and refreshes
        the store after its first paint)."""
        return self._answer(_todo_and_token(until), refresh=True, or_compute=True)

    def _answer(self, read, refresh: bool, or_compute: bool = False):
        """``read(cursor)`` in a read transaction on a current store. If the store is
        not current: brought up to date first when ``refresh`` allows, else None.
        ``or_compute``: the caller computes when the store cannot answer cheaply — None
        rather than recompute everything, or wait for another writer's lock. None on
        databases other than SQLite."""
        if not self.db.is_sqlite:
            return None
        fingerprint = self.fingerprint(self.service.repo.shops())
        with _reading(self.db) as cursor:
            state = _state(cursor, fingerprint)
            if state is _State.CURRENT:
                return read(cursor)
        if not refresh or (state is _State.ALL and or_compute):
            return None
        with self.db.engine.connect() as conn:
            if not or_compute:
                self._refresh(conn)
            elif not self._refresh_unless_busy(conn):
                return None
        with _reading(self.db) as cursor:
            return read(cursor)

    def _refresh_unless_busy(self, conn) -> bool:
        """``_refresh``, giving up (False) when another connection holds the write lock
        for more than a moment: for a reader that can compute instead (the window's
        first page, the reminder sweep) rather than wait up to the busy timeout (10 s)
        behind, say, an import from the command line."""
        raw = conn.connection.driver_connection
        patience = raw.execute("PRAGMA busy_timeout").fetchone()[0]
        raw.execute(f"PRAGMA busy_timeout = {BUSY_MS}")
        try:
            self._refresh(conn)
        except OperationalError as exc:
            if getattr(exc.orig, "sqlite_errorcode", None) != sqlite3.SQLITE_BUSY:
                raise
            log.info("the stored deadlines were not refreshed: another writer holds the lock")
            return False
        finally:
            raw.execute(f"PRAGMA busy_timeout = {int(patience)}")
        return True

    def _refresh(self, conn) -> None:
        """Recompute what is stale without holding the write lock, then write it in a
        short write transaction — if no other connection committed in the meantime
        (SQLite's ``data_version`` of this connection did not change: every read saw
        the database as it was when we began). Otherwise (rare) the whole refresh is
        done again inside the write transaction. ``conn`` is a SQLAlchemy connection
        outside any transaction, held throughout. Recomputing 100,000 timers takes
        seconds: the window's own writes must not wait that long for the lock."""
        raw = conn.connection.driver_connection
        version = raw.execute("PRAGMA data_version").fetchone()[0]
        plan = self._plan(raw.cursor())
        if plan is None:
            return
        with conn.begin():  # BEGIN IMMEDIATE
            cursor = raw.cursor()
            if cursor.execute("PRAGMA data_version").fetchone()[0] != version:
                plan = self._plan(cursor)  # someone wrote: again, now under the lock
            if plan is not None:
                _write(cursor, plan)
            else:  # someone else brought the store up to date meanwhile
                cursor.execute(f"DROP TABLE IF EXISTS temp.{_PLAN_TABLE}")

    def _plan(self, cursor) -> _Plan | None:
        """What the store needs: the stale orders' timers, or every timer when the
        fingerprint differs or too many orders are stale; None when it is current.
        Reads only (the records through the repository's own connections)."""
        service = self.service
        shops = {(s.platform, s.name): s for s in service.repo.shops()}
        fingerprint = self.fingerprint(shops.values())
        state = _state(cursor, fingerprint)
        if state is _State.CURRENT:
            return None
        if state is _State.FEW:
            stale = cursor.execute("SELECT platform, order_no FROM deadline_stale").fetchall()
            keys = [(Platform(platform), order_no) for platform, order_no in stale]
            parts = [service._timed_records(of=keys)]
            texts = dict(cursor.execute("SELECT text, id FROM deadline_texts"))
        else:  # every timer: the records a range of orders at a time (all at once, the
            # first due --json at 100,000 cases peaked at 187 MB instead of 153 MB, the
            # window's first start after an upgrade at 345 MB instead of 309 MB)
            stale, texts = None, {}
            parts = service._timed_record_ranges(REBUILD_RANGE)
        known = set(texts)
        # the rows go to a temporary table of this connection as they are made (the
        # rows of 100,000 timers held in a list were ~70 MB), copied under the lock
        connection = cursor.connection
        outside = not connection.in_transaction
        if outside:  # one transaction for the inserts (temp database only: no lock)
            cursor.execute("BEGIN")
        cursor.execute(f"DROP TABLE IF EXISTS temp.{_PLAN_TABLE}")
        cursor.execute(f"CREATE TEMP TABLE {_PLAN_TABLE} ({', '.join(COLUMNS)})")
        insert = f"INSERT INTO temp.{_PLAN_TABLE} VALUES ({', '.join('?' for _ in COLUMNS)})"
        for orders, cases in parts:
            groups = service._group_timers(orders, cases, shops)
            cursor.executemany(insert, timer_rows(groups, texts, orders, cases))
        if outside:
            cursor.execute("COMMIT")
        new = [(i, text) for text, i in texts.items() if text not in known]
        return _Plan(fingerprint, stale, new)


@dataclasses.dataclass
class _Plan:
    """What ``_write`` writes: ``stale`` None means everything is replaced."""

    fingerprint: str
    stale: list[tuple[str, str]] | None
    texts: list[tuple[int, str]]  # new shared texts; the timers are in temp._PLAN_TABLE


def _write(cursor, plan: _Plan) -> None:
    if plan.stale is None:
        for table in ("deadline_timers", "deadline_texts", "deadline_stale"):
            cursor.execute(f"DELETE FROM {table}")
    else:
        cursor.executemany(
            "DELETE FROM deadline_timers WHERE platform = ? AND order_no = ?", plan.stale
        )
        cursor.executemany(
            "DELETE FROM deadline_stale WHERE platform = ? AND order_no = ?", plan.stale
        )
    columns = ", ".join(COLUMNS)
    # in the table's key order (it is keyed by due time): appended, not 100,000 inserts
    # scattered over its B-tree — less time under the write lock
    cursor.execute(
        f"INSERT INTO deadline_timers ({columns}) SELECT {columns} FROM temp.{_PLAN_TABLE}"
        " ORDER BY due_us, platform, order_no, seq"
    )
    cursor.execute(f"DROP TABLE temp.{_PLAN_TABLE}")
    cursor.executemany("INSERT INTO deadline_texts (id, text) VALUES (?, ?)", plan.texts)
    cursor.execute(
        "INSERT INTO deadline_state (id, fingerprint) VALUES (1, ?)"
        " ON CONFLICT (id) DO UPDATE SET fingerprint = excluded.fingerprint",
        (plan.fingerprint,),
    )
    write_token(cursor)


def _todo_and_token(until: datetime | None):
    """read_todo with the store's write token, read in the same transaction."""

    def read(cursor) -> StoredTodo:
        todo = read_todo(cursor, until)
        return dataclasses.replace(todo, token=store_state(cursor).token)

    return read


_PLAN_TABLE = "shopclock_deadline_plan"  # a refresh's new rows, before they are written


class _State(Enum):
    CURRENT = "current"  # nothing to recompute
    FEW = "few"  # the fingerprint holds; at most INCREMENTAL_LIMIT orders are stale
    ALL = "all"  # everything must be recomputed


def _state(cursor, fingerprint: str) -> _State:
    stored = cursor.execute("SELECT fingerprint FROM deadline_state WHERE id = 1").fetchone()
    if stored is None or stored[0] != fingerprint:
        return _State.ALL
    stale = cursor.execute("SELECT count(*) FROM deadline_stale").fetchone()[0]
    if stale == 0:
        return _State.CURRENT
    return _State.FEW if stale <= INCREMENTAL_LIMIT else _State.ALL


@contextmanager
def _reading(db) -> Iterator[Any]:
    """A driver cursor in a read transaction (it never waits for a writer)."""
    with db.read_engine.connect() as conn, conn.begin():
        yield conn.connection.driver_connection.cursor()
