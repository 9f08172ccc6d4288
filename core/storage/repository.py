"""The repository: every read and write the rest of ShopClock does.

Contract: methods take and return frozen domain dataclasses (core.domain); no ORM
object or session leaves this module. Each call is one session and one
transaction — writes begin IMMEDIATE (they queue behind another writer for up to
the busy timeout instead of failing), reads begin DEFERRED and see the last commit.

Threading: a Repository is stateless apart from its Database; it may be shared by
threads, and several processes may use the same SQLite file at once.

The timed reads (what running timers depend on) live in core.storage.timed_reads.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any
from uuid import uuid4

from sqlalchemy import (
    Select,
    delete,
    func,
    insert,
    select,
    tuple_,
    update,
)
from sqlalchemy.orm import Session

from core.domain import (
    Case,
    CaseState,
    Event,
    HolidayOverride,
    Order,
    Platform,
    Shop,
    Source,
)
from core.gcpause import paused_gc
from core.storage import convert, importing
from core.storage.engine import Database
from core.storage.errors import ChangedSince, ConcurrentChange
from core.storage.importing import ImportResult
from core.storage.models import CASES, EVENTS, HOLIDAY_OVERRIDES, ORDERS, SETTINGS, SHOPS
from core.storage.timed_reads import (
    CASE_COLS,
    ORDER_COLS,
    TERMINAL,
    TimedReads,
    key_chunks,
    read_all,
)
from core.storage.types import dump_json

EVENT_COLS = convert.columns(EVENTS, convert.EVENT_FIELDS)
# the key, in a manual change's events.undo_before, of the case row that change wrote
# (convert.case_from_json ignores it)
AFTER_KEY = "_written"


def _case_json(s: Session, *where: Any) -> dict[str, Any] | None:
    """The stored case row as events.undo_before holds rows (convert.case_to_json)."""
    row = s.execute(select(*CASE_COLS).where(*where)).first()
    return (
        None
        if row is None
        else convert.case_to_json(dict(zip(convert.CASE_FIELDS, row, strict=True)))
    )


class Repository(TimedReads):
    def __init__(self, db: Database) -> None:
        self._db = db
        dialect = db.read_engine.dialect
        self._read_orders = convert.orders_reader(ORDER_COLS, dialect)
        self._read_cases = convert.cases_reader(CASE_COLS, dialect)

    @contextmanager
    def _write(self) -> Iterator[Session]:
        with Session(self._db.engine) as s, s.begin():
            yield s

    @contextmanager
    def _read(self) -> Iterator[Session]:
        with Session(self._db.read_engine) as s, s.begin():
            yield s

    # -- shops ---------------------------------------------------------------------

    def upsert_shops(self, shops: Sequence[Shop]) -> None:
        with self._write() as s:
            importing.upsert_shops(s, shops)

    def shops(self) -> list[Shop]:
        with self._read() as s:
            rows = s.execute(select(SHOPS).order_by(SHOPS.c.platform, SHOPS.c.name))
            return [convert.shop_from(r._mapping) for r in rows]

    def get_shop(self, platform: Platform | str, name: str) -> Shop | None:
        query = select(SHOPS).where(SHOPS.c.platform == Platform(platform).value)
        with self._read() as s:
            row = s.execute(query.where(SHOPS.c.name == name)).first()
            return None if row is None else convert.shop_from(row._mapping)

    # -- import --------------------------------------------------------------------

    def apply_import(
        self,
        *,
        shops: Sequence[Shop] = (),
        orders: Sequence[Order] = (),
        cases: Sequence[Case] = (),
        events: Sequence[Event] = (),
        source: Source = Source.IMPORT,
        at: datetime,
        supplied: frozenset[str] | None = None,
    ) -> ImportResult:
        """Upsert everything in ONE transaction (see core.storage.importing).

        Rows equal to the stored ones are left alone; a number given twice: the last
        wins. Each new case and each case whose state changed gets an "import" event
        (by the platform, at ``at``). ``events`` are appended unless an identical
        event is already stored, so importing the same data twice changes nothing.
        ``supplied``: the fields an export gives (None: all); a stored record keeps the
        others (see core.storage.importing).
        """
        with paused_gc(), self._write() as s:  # 100,000s of rows kept: see core.gcpause
            return importing.apply_import(
                s,
                shops=shops,
                orders=orders,
                cases=cases,
                events=events,
                source=source,
                at=at,
                supplied=supplied,
            )

    # -- orders and cases ----------------------------------------------------------

    def _orders(self, query: Select[Any]) -> list[Order]:
        return self._objects(query, self._read_orders)

    def _cases(self, query: Select[Any]) -> list[Case]:
        return self._objects(query, self._read_cases)

    def _objects(self, query: Select[Any], read: convert.RowReader) -> list[Any]:
        """The query's rows as domain objects, read from the driver's cursor: SQLAlchemy
        Row objects for 100,000s of rows cost more than reading them (convert.row_reader
        applies the same column types' conversions)."""
        with paused_gc(), self._read() as s:  # up to 100,000s of rows kept
            return read_all(s, query, read)

    def get_order(self, platform: Platform | str, order_no: str) -> Order | None:
        query = select(*ORDER_COLS).where(
            ORDERS.c.order_no == order_no, ORDERS.c.platform == Platform(platform).value
        )
        found = self._orders(query)
        return found[0] if found else None

    def find_orders(self, order_no: str) -> list[Order]:
        """Orders with this number on any platform."""
        query = select(*ORDER_COLS).where(ORDERS.c.order_no == order_no)
        return self._orders(query.order_by(ORDERS.c.platform))

    def orders(
        self, platform: Platform | str | None = None, shop: str | None = None
    ) -> list[Order]:
        query = select(*ORDER_COLS)
        if platform is not None:
            query = query.where(ORDERS.c.platform == Platform(platform).value)
        if shop is not None:
            query = query.where(ORDERS.c.shop == shop)
        return self._orders(query.order_by(ORDERS.c.platform, ORDERS.c.paid_at, ORDERS.c.id))

    def get_case(self, platform: Platform | str, case_no: str) -> Case | None:
        query = select(*CASE_COLS).where(
            CASES.c.case_no == case_no, CASES.c.platform == Platform(platform).value
        )
        found = self._cases(query)
        return found[0] if found else None

    def find_cases(self, case_no: str) -> list[Case]:
        """Cases with this number on any platform."""
        query = select(*CASE_COLS).where(CASES.c.case_no == case_no)
        return self._cases(query.order_by(CASES.c.platform))

    def cases_for_order(self, platform: Platform | str, order_no: str) -> list[Case]:
        query = select(*CASE_COLS).where(
            CASES.c.platform == Platform(platform).value, CASES.c.order_no == order_no
        )
        return self._cases(query.order_by(CASES.c.applied_at, CASES.c.id))

    def cases(
        self,
        platform: Platform | str | None = None,
        shop: str | None = None,
        open_only: bool = False,
    ) -> list[Case]:
        query = select(*CASE_COLS)
        if platform is not None:
            query = query.where(CASES.c.platform == Platform(platform).value)
        if shop is not None:
            query = query.where(CASES.c.shop == shop)
        if open_only:
            query = query.where(CASES.c.state.not_in(TERMINAL))
        return self._cases(query.order_by(CASES.c.platform, CASES.c.applied_at, CASES.c.id))

    # -- events --------------------------------------------------------------------

    def events(
        self,
        platform: Platform | str,
        *,
        order_no: str | None = None,
        case_no: str | None = None,
    ) -> list[Event]:
        """Events of one order and/or case, oldest first (by at, then insertion)."""
        query = select(*EVENT_COLS).where(EVENTS.c.platform == Platform(platform).value)
        if order_no is not None:
            query = query.where(EVENTS.c.order_no == order_no)
        if case_no is not None:
            query = query.where(EVENTS.c.case_no == case_no)
        with self._read() as s:
            rows = s.execute(query.order_by(EVENTS.c.at, EVENTS.c.id))
            return [convert.event_from(r) for r in rows]

    def state_setters(
        self, cases: Iterable[tuple[Platform, str]]
    ) -> dict[tuple[Platform, str], tuple[str, Source, CaseState, datetime]]:
        """For cases (platform, case number): (action, source, to_state, at) of the event
        that set each one's current state, the last in insertion order (see
        core.storage.importing.last_state_setters, which the import's merge asks too)."""
        keys = {(Platform(p).value, number) for p, number in cases}
        if not keys:
            return {}
        with self._read() as s:
            found = importing.last_state_setters(s, keys)
        return {
            (Platform(p), number): (action, Source(source), CaseState(to_state), at)
            for (p, number), (action, source, to_state, at) in found.items()
        }

    def events_of_cases(self, cases: Iterable[tuple[Platform, str]]) -> list[Event]:
        """Events of many cases, (platform, case number) pairs, in one query per 400;
        oldest first within each query (by at, then insertion)."""
        found: list[Event] = []
        with self._read() as s:
            for chunk in key_chunks(cases):
                query = select(*EVENT_COLS).where(
                    tuple_(EVENTS.c.platform, EVENTS.c.case_no).in_(chunk)
                )
                rows = s.execute(query.order_by(EVENTS.c.at, EVENTS.c.id))
                found.extend(convert.event_from(r) for r in rows)
        return found

    def orders_of(self, keys: Iterable[tuple[Platform, str]]) -> list[Order]:
        """The orders of these (platform, order number) pairs, in one query per 400."""
        number = tuple_(ORDERS.c.platform, ORDERS.c.order_no)
        return [
            order
            for chunk in key_chunks(keys)
            for order in self._orders(select(*ORDER_COLS).where(number.in_(chunk)))
        ]

    def open_cases_of(self, keys: Iterable[tuple[Platform, str]]) -> list[Case]:
        """The open cases of these (platform, order number) pairs, in one query per 400."""
        number = tuple_(CASES.c.platform, CASES.c.order_no)
        found = [
            case
            for chunk in key_chunks(keys)
            for case in self._cases(
                select(*CASE_COLS).where(number.in_(chunk), CASES.c.state.not_in(TERMINAL))
            )
        ]
        return sorted(found, key=lambda c: (c.platform.value, c.applied_at))

    def counts(self) -> dict[str, int]:
        """Row counts: shops, orders, cases, open_cases, events."""
        queries = {
            "shops": select(func.count()).select_from(SHOPS),
            "orders": select(func.count()).select_from(ORDERS),
            "cases": select(func.count()).select_from(CASES),
            "open_cases": select(func.count())
            .select_from(CASES)
            .where(CASES.c.state.not_in(TERMINAL)),
            "events": select(func.count()).select_from(EVENTS),
        }
        with self._read() as s:
            return {name: int(s.scalar(q) or 0) for name, q in queries.items()}

    # -- manual transitions and undo ----------------------------------------------

    def save_transition(self, before: Case, after: Case, events: Sequence[Event]) -> None:
        """Store ``after`` and append ``events``, atomically.

        Raises ConcurrentChange when the stored case's (state, state_since) no longer
        equals ``before``'s, or the case is not stored. The prior row is kept with
        the events so ``undo_last_event`` can restore it, and with it (under
        ``AFTER_KEY``) the row this change wrote, so an undo can tell whether anything
        changed the case since.
        """
        key = (after.platform, after.case_no)
        if (before.platform, before.case_no) != key:
            raise ValueError("before and after must be the same case")
        for ev in events:
            if (ev.platform, ev.case_no) != key:
                raise ValueError(f"event {ev.action!r} belongs to another case")
        where = (CASES.c.case_no == after.case_no, CASES.c.platform == after.platform.value)
        with self._write() as s:
            row = s.execute(select(CASES.c.id, *CASE_COLS).where(*where)).first()
            if (
                row is None
                or row.state != before.state.value
                or row.state_since != before.state_since
            ):
                raise ConcurrentChange(after.platform.value, after.case_no)
            prior = convert.case_to_json(dict(zip(convert.CASE_FIELDS, row[1:], strict=True)))
            s.execute(update(CASES).where(CASES.c.id == row.id).values(convert.case_row(after)))
            if any(ev.source is Source.MANUAL for ev in events):  # what undo may take back
                prior[AFTER_KEY] = _case_json(s, CASES.c.id == row.id)  # as read back later
            if events:
                group = str(uuid4())
                rows = [
                    {**convert.event_row(ev), "undo_before": prior, "undo_group": group}
                    for ev in events
                ]
                s.execute(insert(EVENTS), rows)

    def undo_last_event(self, platform: Platform | str, case_no: str) -> Event | None:
        """Undo the case's newest change if it was a manual one.

        The newest event must come from ``save_transition`` with at least one MANUAL
        event; all events of that save are removed and the case row is restored to
        what it was before. Returns the (newest) manual event removed, or None —
        nothing changed — when the newest event is an import, rule or other event.
        Raises ChangedSince, changing nothing, when the case row is no longer what
        that change wrote: an import or an edit without an event of its own (a new
        amount, a platform deadline) came after it, and restoring the row from before
        the change would silently drop those facts.
        """
        plat = Platform(platform).value
        base = select(EVENTS.c.id, EVENTS.c.undo_group, EVENTS.c.undo_before, *EVENT_COLS)
        with self._write() as s:
            newest = s.execute(
                base.where(EVENTS.c.platform == plat, EVENTS.c.case_no == case_no)
                .order_by(EVENTS.c.at.desc(), EVENTS.c.id.desc())
                .limit(1)
            ).first()
            if newest is None or newest.undo_group is None:
                return None
            group = s.execute(
                base.where(EVENTS.c.undo_group == newest.undo_group)
                .where(EVENTS.c.source == Source.MANUAL.value)
                .order_by(EVENTS.c.at.desc(), EVENTS.c.id.desc())
            ).all()
            if not group:
                return None
            written = newest.undo_before.get(AFTER_KEY)  # None: saved by an older version
            where = (CASES.c.case_no == case_no, CASES.c.platform == plat)
            if written is not None and _case_json(s, *where) != written:
                raise ChangedSince(plat, case_no)
            s.execute(delete(EVENTS).where(EVENTS.c.undo_group == newest.undo_group))
            restored = convert.case_from_json(newest.undo_before)
            s.execute(
                update(CASES)
                .where(CASES.c.case_no == case_no, CASES.c.platform == plat)
                .values(restored)
            )
            return convert.event_from(group[0][3:])

    # -- settings and calendar corrections ----------------------------------------

    def get_setting(self, key: str, default: Any = None) -> Any:
        with self._read() as s:
            row = s.execute(select(SETTINGS.c.value).where(SETTINGS.c.key == key)).first()
            return default if row is None else row[0]

    def set_setting(self, key: str, value: Any) -> None:
        """Store a JSON-serialisable value (tuples come back as lists)."""
        dump_json(value)  # TypeError now, not inside the transaction
        with self._write() as s:
            done = s.execute(update(SETTINGS).where(SETTINGS.c.key == key).values(value=value))
            if done.rowcount == 0:
                s.execute(insert(SETTINGS).values(key=key, value=value))

    def holiday_overrides(self) -> list[HolidayOverride]:
        with self._read() as s:
            rows = s.execute(select(HOLIDAY_OVERRIDES).order_by(HOLIDAY_OVERRIDES.c.day))
            return [convert.holiday_from(r._mapping) for r in rows]

    def set_holiday_overrides(self, overrides: Sequence[HolidayOverride]) -> None:
        """Replace all overrides (a day given twice: the last wins)."""
        rows = {h.day: convert.holiday_row(h) for h in overrides}
        with self._write() as s:
            s.execute(delete(HOLIDAY_OVERRIDES))
            if rows:
                s.execute(insert(HOLIDAY_OVERRIDES), list(rows.values()))
