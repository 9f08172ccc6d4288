"""What reminders were already settled, pending snoozes, and the last sweep instant.

Contract: ``record`` / ``record_sweep`` claim keys in ONE transaction and return
the keys this call claimed; a key already recorded is ignored (never an error)
unless it is snoozed, in which case recording it ends the snooze. Record BEFORE
showing a notification and show only what was claimed: two instances sweeping
the same file, or a crash between recording and showing, then lose at most one
notification instead of showing one twice (the window's list is the real alarm).

``last_sweep`` is kept in the settings table (``reminders.last_sweep``) and only
ever moves forward: a clock set back never moves it back.

``record_sweep(…, forget_before=T)`` also deletes, in the same transaction, the keys
of deadlines before ``T`` that are not snoozed: the table would otherwise keep a row
per reminder of every deadline the shop ever had. The caller names a ``T`` no sweep
reads keys before any more (core.reminders.service: the earliest running deadline).

Threading: stateless apart from its Database; may be shared by threads and
processes (writes begin IMMEDIATE on SQLite, reads DEFERRED).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, Insert, Row, delete, insert, select, update
from sqlalchemy.dialects import sqlite

from core.domain import Platform, require_aware
from core.reminders.model import Deadline, ReminderKey, SendKind, SentKeys
from core.storage.engine import Database
from core.storage.models import SETTINGS
from core.storage.models_reminders import REMINDERS_SENT as T

LAST_SWEEP_KEY = "reminders.last_sweep"
_PLATFORMS = frozenset(p.value for p in Platform)


def _utc(value: datetime, name: str) -> datetime:
    require_aware(value, name)
    if value is None:
        raise TypeError(f"{name} is required")
    return value.astimezone(UTC)


def _match(key: ReminderKey) -> ColumnElement[bool]:
    return (
        (T.c.number == key.number)
        & (T.c.platform == key.platform)
        & (T.c.timer == key.timer)
        & (T.c.due_at == key.due_at)
        & (T.c.offset_s == key.offset_s)
    )


def _key(row: Row[Any]) -> ReminderKey:
    return ReminderKey(row.platform, row.number, row.timer, row.due_at, row.offset_s)


def _values(key: ReminderKey) -> dict[str, object]:
    return {
        "platform": key.platform,
        "number": key.number,
        "timer": key.timer,
        "due_at": key.due_at,
        "offset_s": key.offset_s,
    }


class ReminderStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with self._db.engine.begin() as conn:
            yield conn

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self._db.read_engine.begin() as conn:
            yield conn

    def _insert_ignore(self, conn: Connection) -> Insert:
        dialect = conn.dialect.name
        if dialect == "sqlite":
            return sqlite.insert(T).on_conflict_do_nothing()
        if dialect == "postgresql":  # imported here: ~60 ms of start-up on SQLite
            from sqlalchemy.dialects import postgresql

            return postgresql.insert(T).on_conflict_do_nothing()
        return insert(T)  # pragma: no cover - only SQLite and PostgreSQL are supported

    # -- sent keys -------------------------------------------------------------------

    def sent_keys(self, since: datetime | None = None) -> set[ReminderKey]:
        """Recorded keys (snoozed ones included); with ``since``, only deadlines
        (``due_at``) at or after it — pass the earliest due time of the timers swept."""
        query = select(T.c.platform, T.c.number, T.c.timer, T.c.due_at, T.c.offset_s)
        if since is not None:
            query = query.where(T.c.due_at >= _utc(since, "since").replace(microsecond=0))
        with self._read() as conn:
            return {_key(r) for r in conn.execute(query)}

    def settled(self, since: datetime | None = None) -> SentKeys:
        """``sent_keys(since)`` grouped by deadline, for the sweep: on SQLite read
        through the driver, each stored due time converted once (~25,000 keys of a big
        shop: building a ReminderKey per row took most of the read)."""
        if not self._db.is_sqlite:
            return SentKeys.of(self.sent_keys(since))
        sql = "SELECT platform, number, timer, due_at, offset_s FROM reminders_sent"
        with self._read() as conn:
            due_type = T.c.due_at.type
            params: tuple[Any, ...] = ()
            if since is not None:
                bind = due_type.bind_processor(conn.dialect) or (lambda v: v)
                sql += " WHERE due_at >= ?"
                params = (bind(_utc(since, "since").replace(microsecond=0)),)
            read = due_type.result_processor(conn.dialect, None) or (lambda v: v)
            cursor = conn.connection.driver_connection.cursor()
            dues: dict[Any, datetime] = {}
            by: dict[Deadline, set[int]] = {}
            for platform, number, timer, stored, offset in cursor.execute(sql, params):
                due = dues.get(stored)
                if due is None:  # as a ReminderKey holds it (stored so: kept as it is)
                    due = read(stored)
                    if due.tzinfo is not UTC or due.microsecond:
                        due = due.astimezone(UTC).replace(microsecond=0)
                    dues[stored] = due
                if type(offset) is not int or offset < 0 or platform not in _PLATFORMS:
                    # not as this store writes keys: as sent_keys reads it (or fails)
                    odd = ReminderKey(platform, number, timer, due, offset)
                    platform, offset = odd.platform, odd.offset_s
                found = by.get((platform, number, timer, due))
                if found is None:
                    by[platform, number, timer, due] = {offset}
                else:
                    found.add(offset)
        return SentKeys(by)

    def _record(
        self, conn: Connection, keys: Iterable[ReminderKey], at: datetime, kind: SendKind
    ) -> set[ReminderKey]:
        claimed: set[ReminderKey] = set()
        stmt = self._insert_ignore(conn)
        for key in dict.fromkeys(keys):
            values = _values(key)
            done = conn.execute(stmt.values(**values, sent_at=at, kind=kind.value))
            if done.rowcount != 1:  # already there: only a snoozed key is claimed again
                done = conn.execute(
                    update(T)
                    .where(_match(key), T.c.snoozed_until.is_not(None))
                    .values(sent_at=at, kind=kind.value, snoozed_until=None)
                )
            if done.rowcount == 1:
                claimed.add(key)
        return claimed

    def record(
        self, keys: Iterable[ReminderKey], sent_at: datetime, kind: SendKind | str
    ) -> set[ReminderKey]:
        """Record keys in one transaction; returns the keys this call claimed."""
        at = _utc(sent_at, "sent_at")
        with self._write() as conn:
            return self._record(conn, keys, at, SendKind(kind))

    def record_sweep(
        self,
        by_kind: Mapping[SendKind, Iterable[ReminderKey]],
        at: datetime,
        *,
        forget_before: datetime | None = None,
    ) -> set[ReminderKey]:
        """Record a sweep's keys of every kind and move last_sweep to ``at`` (if later),
        all in one transaction; returns the keys this call claimed. ``forget_before``:
        delete the keys of deadlines before it that are not snoozed (see the module
        docstring), in that transaction too."""
        at = _utc(at, "at")
        cutoff = None if forget_before is None else _utc(forget_before, "forget_before")
        claimed: set[ReminderKey] = set()
        with self._write() as conn:
            for kind, keys in by_kind.items():
                claimed |= self._record(conn, keys, at, SendKind(kind))
            self._move_last_sweep(conn, at)
            if cutoff is not None:
                conn.execute(
                    delete(T).where(
                        T.c.due_at < cutoff.replace(microsecond=0), T.c.snoozed_until.is_(None)
                    )
                )
        return claimed

    # -- snoozes ---------------------------------------------------------------------

    def snooze(
        self,
        keys: ReminderKey | Iterable[ReminderKey],
        until: datetime,
        *,
        at: datetime | None = None,
    ) -> None:
        """Snooze one key or several (the keys of a summary: "snooze all") until ``until``.

        A key not recorded yet is recorded as snoozed (``sent_at`` = ``at`` or ``until``),
        so it cannot fire before the snooze ends.
        """
        until = _utc(until, "until")
        sent_at = _utc(at, "at") if at is not None else until
        batch = [keys] if isinstance(keys, ReminderKey) else list(keys)
        kind = SendKind.SNOOZED.value
        with self._write() as conn:
            stmt = self._insert_ignore(conn)
            for key in dict.fromkeys(batch):
                done = conn.execute(
                    stmt.values(**_values(key), sent_at=sent_at, kind=kind, snoozed_until=until)
                )
                if done.rowcount != 1:
                    conn.execute(
                        update(T).where(_match(key)).values(kind=kind, snoozed_until=until)
                    )

    def snoozed(self) -> dict[ReminderKey, datetime]:
        """Pending snoozes: key -> when it fires again."""
        query = select(
            T.c.platform, T.c.number, T.c.timer, T.c.due_at, T.c.offset_s, T.c.snoozed_until
        ).where(T.c.snoozed_until.is_not(None))
        with self._read() as conn:
            return {_key(r): r.snoozed_until for r in conn.execute(query)}

    # -- last sweep ------------------------------------------------------------------

    def last_sweep(self) -> datetime | None:
        with self._read() as conn:
            return self._last_sweep(conn)

    def set_last_sweep(self, at: datetime) -> datetime:
        """Store ``at`` unless a later instant is stored; returns the stored instant."""
        at = _utc(at, "at")
        with self._write() as conn:
            return self._move_last_sweep(conn, at)

    @staticmethod
    def _last_sweep(conn: Connection) -> datetime | None:
        value = conn.execute(select(SETTINGS.c.value).where(SETTINGS.c.key == LAST_SWEEP_KEY))
        raw = value.scalar_one_or_none()
        if not isinstance(raw, str):
            return None
        try:
            stored = datetime.fromisoformat(raw)
        except ValueError:
            return None
        return stored.astimezone(UTC) if stored.tzinfo is not None else None

    def _move_last_sweep(self, conn: Connection, at: datetime) -> datetime:
        stored = self._last_sweep(conn)
        if stored is not None and stored >= at:
            return stored
        value = at.isoformat()
        done = conn.execute(
            update(SETTINGS).where(SETTINGS.c.key == LAST_SWEEP_KEY).values(value=value)
        )
        if done.rowcount == 0:
            conn.execute(insert(SETTINGS).values(key=LAST_SWEEP_KEY, value=value))
        return at
