"""The bulk upsert behind ``Repository.apply_import``.

Runs inside the caller's transaction. Per table: load the stored rows for the
incoming keys in as few queries as possible, diff value tuples in Python, then one
executemany INSERT and one executemany UPDATE by primary key (core.storage.bulk: the
driver's executemany on SQLite). ORM unit-of-work is ~5x slower for 100,000 rows,
Core's per-row bind processing ~3x (shared/PITFALLS.md).

An import (Source.IMPORT) merges each incoming row into the stored one by the rules
of core.storage.merge; for the few cases an export takes back along their flow it
also reads their events, to tell an older file from an action recorded here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Table, bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from core.domain import Actor, Case, Event, Order, Shop, Source, require_aware
from core.storage import bulk, convert
from core.storage.merge import merge_imported_case, merge_imported_order, steps_back
from core.storage.models import CASES, EVENTS, ORDERS, SHOPS

# Up to this many incoming keys, stored rows are fetched by key (IN lists of
# CHUNK); above it, every row of the platforms involved is read in one query.
BY_KEY_LIMIT = 20_000
CHUNK = 500

Key = tuple[str, str]  # (platform, order or case number)
# (key, incoming row, stored row) -> the row to store (core.storage.merge)
Merge = Callable[[Key, dict[str, Any], dict[str, Any]], dict[str, Any]]


@dataclass(frozen=True, slots=True)
class ImportResult:
    orders_inserted: int = 0
    orders_updated: int = 0
    orders_unchanged: int = 0
    cases_inserted: int = 0
    cases_updated: int = 0
    cases_unchanged: int = 0
    events_added: int = 0

    @property
    def changed(self) -> bool:
        return bool(
            self.orders_inserted
            or self.orders_updated
            or self.cases_inserted
            or self.cases_updated
            or self.events_added
        )


@dataclass(slots=True)
class _Diff:
    inserts: list[tuple[Any, ...]]  # column values in `names` order
    updates: list[tuple[Any, ...]]  # column values, then the stored row's id
    unchanged: int
    # (new values, stored values or None) for every inserted / updated row
    changes: list[tuple[tuple[Any, ...], tuple[Any, ...] | None]]


def _chunks(items: Sequence[Any], size: int = CHUNK) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _load(
    s: Session, table: Table, key: str, names: Sequence[str], keys: set[tuple[str, str]]
) -> dict[tuple[str, str], tuple[int, tuple[Any, ...]]]:
    """Stored rows for ``keys`` ((platform, number) pairs): key -> (id, values)."""
    cols = [table.c.id, *convert.columns(table, names)]
    plat, num = table.c.platform, table.c[key]
    platforms = sorted({p for p, _ in keys})
    if len(keys) > BY_KEY_LIMIT:
        queries = [select(*cols).where(plat.in_(platforms))]
    else:
        numbers = sorted({n for _, n in keys})
        queries = [
            select(*cols).where(num.in_(chunk), plat.in_(platforms)) for chunk in _chunks(numbers)
        ]
    i_plat, i_num = names.index("platform") + 1, names.index(key) + 1
    stored: dict[tuple[str, str], tuple[int, tuple[Any, ...]]] = {}
    for query in queries:
        for row in s.execute(query):
            k = (row[i_plat], row[i_num])
            if k in keys:
                stored[k] = (row[0], tuple(row[1:]))
    return stored


def _gather(
    s: Session, table: Table, key: str, names: Sequence[str], items: Sequence[Any]
) -> tuple[dict[Key, tuple[Any, ...]], dict[Key, tuple[int, tuple[Any, ...]]]]:
    """The incoming rows' values by key (a number twice in one import: the last row
    wins), and the stored rows of those keys (key -> (id, values))."""
    values_of = convert.values_getter(Order if table is ORDERS else Case, names)
    i_plat, i_key = names.index("platform"), names.index(key)
    incoming: dict[Key, tuple[Any, ...]] = {}
    for item in items:
        values = values_of(item)
        incoming[(values[i_plat], values[i_key])] = values
    return incoming, _load(s, table, key, names, set(incoming))


def _diff(
    names: Sequence[str],
    incoming: dict[Key, tuple[Any, ...]],
    stored: dict[Key, tuple[int, tuple[Any, ...]]],
    merge: Merge | None = None,
) -> _Diff:
    diff = _Diff([], [], 0, [])
    for k, values in incoming.items():
        old = stored.get(k)
        if old is None:
            diff.inserts.append(values)
            diff.changes.append((values, None))
            continue
        if merge is not None:
            row = merge(
                k, dict(zip(names, values, strict=True)), dict(zip(names, old[1], strict=True))
            )
            values = tuple(row[n] for n in names)
        if old[1] != values:
            diff.updates.append((*values, old[0]))
            diff.changes.append((values, old[1]))
        else:
            diff.unchanged += 1
    return diff


def last_state_setters(
    s: Session, keys: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], tuple[str, str, str, datetime]]:
    """For cases (platform value, case number): the event that set each one's current
    state — the last state-setting event in insertion order, whatever its time says (an
    action recorded with an earlier ``--at`` after an import still came after it) — as
    (action, source, to_state, at). Cases without such an event are left out. One
    query per platform and CHUNK numbers, on the (platform, case_no) index."""
    wanted = set(keys)
    found: dict[tuple[str, str], tuple[str, str, str, datetime]] = {}
    cols = (EVENTS.c.action, EVENTS.c.source, EVENTS.c.to_state, EVENTS.c.at)
    for platform in sorted({p for p, _ in wanted}):
        numbers = sorted(n for p, n in wanted if p == platform)
        for chunk in _chunks(numbers):
            last = (
                select(func.max(EVENTS.c.id))
                .where(EVENTS.c.platform == platform, EVENTS.c.case_no.in_(chunk))
                .where(EVENTS.c.to_state.is_not(None))
                .group_by(EVENTS.c.case_no)
            )
            query = select(EVENTS.c.case_no, *cols).where(EVENTS.c.id.in_(last))
            for number, action, source, to_state, at in s.execute(query):
                found[(platform, number)] = (action, source, to_state, at)
    return found


def _states_set_by_import(
    s: Session,
    incoming: dict[Key, tuple[Any, ...]],
    stored: dict[Key, tuple[int, tuple[Any, ...]]],
) -> set[Key]:
    """Of the stored cases the incoming rows take back in a way the platform never does
    (merge.steps_back; usually none), those whose state an import set: their last
    state-setting event (``last_state_setters``, as Service.shown_open asks) is an
    import to that very state. Only their events are read, so a re-import pays nothing
    for the others."""
    i_state = convert.CASE_FIELDS.index("state")
    behind: dict[Key, str] = {}
    for k, values in incoming.items():
        old = stored.get(k)
        if old is not None and steps_back(values[i_state], old[1][i_state]):
            behind[k] = old[1][i_state]
    if not behind:
        return set()
    setters = last_state_setters(s, behind)
    return {
        k
        for k, state in behind.items()
        if setters.get(k, ())[:3] == ("import", Source.IMPORT.value, state)
    }


def _write(s: Session, table: Table, names: Sequence[str], diff: _Diff) -> None:
    bulk.insert_rows(s, table, names, diff.inserts)
    bulk.update_rows(s, table, names, diff.updates)


def upsert_shops(s: Session, shops: Sequence[Shop]) -> None:
    rows = {(sh.platform.value, sh.name): convert.shop_row(sh) for sh in shops}
    if not rows:
        return
    stored = {
        (r.platform, r.name): r
        for r in s.execute(select(SHOPS).where(SHOPS.c.platform.in_(sorted({p for p, _ in rows}))))
    }
    inserts, updates = [], []
    for k, row in rows.items():
        old = stored.get(k)
        if old is None:
            inserts.append(row)
        elif convert.shop_from(old._mapping) != convert.shop_from(row):
            updates.append({**row, "b_id": old.id})
    if inserts:
        s.execute(insert(SHOPS), inserts)
    if updates:
        s.execute(update(SHOPS).where(SHOPS.c.id == bindparam("b_id")), updates)


def _existing_event_fingerprints(s: Session, events: Sequence[Event]) -> set[tuple[Any, ...]]:
    keys = sorted({(e.platform.value, e.order_no) for e in events})
    found: set[tuple[Any, ...]] = set()
    cols = convert.columns(EVENTS, convert.EVENT_FIELDS)
    for platform in sorted({p for p, _ in keys}):
        numbers = [n for p, n in keys if p == platform]
        for chunk in _chunks(numbers):
            query = select(*cols).where(EVENTS.c.platform == platform, EVENTS.c.order_no.in_(chunk))
            found.update(convert.event_fingerprint(r._mapping) for r in s.execute(query))
    return found


def _import_events(case_diff: _Diff, at: datetime, source: Source) -> list[tuple[Any, ...]]:
    """An "import" event for each new case and each case whose state changed. A new
    case's event differs from the first one only in its keys and state: it is that
    event's column values with those replaced (no Event object per row)."""
    names = convert.CASE_FIELDS
    i_plat, i_order, i_case = (names.index(n) for n in ("platform", "order_no", "case_no"))
    i_state = names.index("state")
    slots = [convert.EVENT_FIELDS.index(n) for n in ("platform", "order_no", "case_no")]
    slots.append(convert.EVENT_FIELDS.index("to_state"))
    rows: list[tuple[Any, ...]] = []
    template: list[Any] | None = None
    for values, old in case_diff.changes:
        from_state = None if old is None else old[i_state]
        if old is not None and from_state == values[i_state]:
            continue
        keys = (values[i_plat], values[i_order], values[i_case], values[i_state])
        if old is None and template is not None:
            row = template.copy()
            for slot, value in zip(slots, keys, strict=True):
                row[slot] = value
            rows.append(tuple(row))
            continue
        ev = Event(
            platform=keys[0],
            order_no=keys[1],
            case_no=keys[2],
            action="import",
            at=at,
            by=Actor.PLATFORM,
            source=source,
            from_state=from_state,
            to_state=keys[3],
        )
        rows.append(convert.event_values(ev))
        if old is None:
            template = list(rows[-1])
    return rows


def apply_import(
    s: Session,
    *,
    shops: Sequence[Shop],
    orders: Sequence[Order],
    cases: Sequence[Case],
    events: Sequence[Event],
    source: Source,
    at: datetime,
    supplied: frozenset[str] | None = None,
) -> ImportResult:
    require_aware(at, "at")
    source = Source(source)
    upsert_shops(s, shops)

    importing = source is Source.IMPORT  # a file's rows are merged into the stored ones
    incoming, stored = _gather(s, ORDERS, "order_no", convert.ORDER_FIELDS, orders)

    def order_merge(_: Key, row: dict[str, Any], old: dict[str, Any]) -> dict[str, Any]:
        return merge_imported_order(row, old, supplied)

    order_diff = _diff(convert.ORDER_FIELDS, incoming, stored, order_merge if importing else None)
    _write(s, ORDERS, convert.ORDER_FIELDS, order_diff)

    incoming, stored = _gather(s, CASES, "case_no", convert.CASE_FIELDS, cases)
    imported = _states_set_by_import(s, incoming, stored) if importing else set()

    def case_merge(k: Key, row: dict[str, Any], old: dict[str, Any]) -> dict[str, Any]:
        return merge_imported_case(row, old, supplied, state_imported=k in imported)

    case_diff = _diff(convert.CASE_FIELDS, incoming, stored, case_merge if importing else None)
    _write(s, CASES, convert.CASE_FIELDS, case_diff)

    new_events = _import_events(case_diff, at, source)
    if events:
        seen = _existing_event_fingerprints(s, events)
        for ev in events:
            row = convert.event_row(ev)
            if convert.event_fingerprint(row) not in seen:
                new_events.append(convert.event_values(ev))
    bulk.insert_rows(s, EVENTS, convert.EVENT_FIELDS, new_events)

    return ImportResult(
        orders_inserted=len(order_diff.inserts),
        orders_updated=len(order_diff.updates),
        orders_unchanged=order_diff.unchanged,
        cases_inserted=len(case_diff.inserts),
        cases_updated=len(case_diff.updates),
        cases_unchanged=case_diff.unchanged,
        events_added=len(new_events),
    )
