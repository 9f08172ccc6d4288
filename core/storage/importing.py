"""The bulk upsert behind ``Repository.apply_import``.

Runs inside the caller's transaction. Per table: load the stored rows for the
incoming keys in as few queries as possible, diff value tuples in Python, then one
executemany INSERT and one executemany UPDATE by primary key (core.storage.bulk: the
driver's executemany on SQLite). ORM unit-of-work is ~5x slower for 100,000 rows,
Core's per-row bind processing ~3x (shared/PITFALLS.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.orm import Session

from core.domain import TERMINAL_STATES, Actor, Case, Event, Order, Shop, Source, require_aware
from core.storage import bulk, convert
from core.storage.models import CASES, EVENTS, ORDERS, SHOPS

# Up to this many incoming keys, stored rows are fetched by key (IN lists of
# CHUNK); above it, every row of the platforms involved is read in one query.
BY_KEY_LIMIT = 20_000
CHUNK = 500


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


Merge = Callable[[dict[str, Any], dict[str, Any], frozenset[str] | None], dict[str, Any]]

TERMINAL = frozenset(state.value for state in TERMINAL_STATES)
# how far along its flow a state is; an export showing an earlier state than an
# outcome the rules already assumed is older than that outcome
PROGRESS = {
    "awaiting_merchant": 0,
    "rejected": 1,
    "intervention": 1,
    "awaiting_return": 2,
    "return_shipped": 3,
    "refunded": 4,
    "closed": 4,
    "cancelled": 4,
}


# the steps the platform itself takes back along PROGRESS: a rejected buyer asks again
# (a new merchant timer, 2.4.1), a rejected return goes to intervention or is asked again
PLATFORM_STEPS_BACK = frozenset({
    ("rejected", "awaiting_merchant"),
    ("awaiting_return", "rejected"),
    ("return_shipped", "rejected"),
    ("awaiting_return", "intervention"),
    ("return_shipped", "intervention"),
})  # fmt: skip


def merge_imported_case(
    row: dict[str, Any], stored: dict[str, Any], supplied: frozenset[str] | None = None
) -> dict[str, Any]:
    """How a platform export updates a stored case.

    - Same state: the export repeats it; the stored start of the state, pinned pack
      version and tracking number are the better facts (an export without a
      "state since" column must not restart a running timer). An assumed state that
      the export confirms is no longer assumed.
    - A closed case (refunded / closed / cancelled, not assumed) is not reopened by an
      export that still shows an earlier, open state: that export is stale.
    - An outcome assumed by rule stands against an export showing an earlier state,
      unless that export gives a platform deadline after the assumed outcome began
      (the platform says there is still time).
    - A new state began no earlier than the stored one did — unless the export goes
      back along the flow in a way the platform never does (待商家处理 after our
      recorded agreement): then it began when the export says (its 'state since',
      else the application), so a merchant deadline is never later than the
      platform's.
    - The shop, and whether the order had shipped at application, stay as stored when
      the export has no column for them (``supplied``).
    """
    merged = dict(row)
    if supplied is not None:
        for name in CASE_KEPT_UNLESS_SUPPLIED:
            if name not in supplied:
                merged[name] = stored[name]
    merged["cancellation_count"] = max(row["cancellation_count"], stored["cancellation_count"])
    merged["tracking_no"] = row["tracking_no"] or stored["tracking_no"]
    if "****" in (row["reason"] or "") or not row["reason"]:  # a masked export's reason
        merged["reason"] = stored["reason"]
    if row["state"] == stored["state"]:
        merged["state_since"] = stored["state_since"]
        merged["pack_version"] = stored["pack_version"] or row["pack_version"]
        return merged
    if stored["state"] in TERMINAL and not stored["assumed"] and row["state"] not in TERMINAL:
        return dict(stored)
    if stored["assumed"] and PROGRESS[row["state"]] < PROGRESS[stored["state"]]:
        deadline = row["platform_deadline"]
        if deadline is None or deadline <= stored["state_since"]:
            return dict(stored)
    going_back = PROGRESS[row["state"]] < PROGRESS[stored["state"]]
    if going_back and (stored["state"], row["state"]) not in PLATFORM_STEPS_BACK:
        # no platform step leads there: our record (an action recorded here, perhaps
        # never made on the platform) is ahead of the export, or the export is stale.
        # Either way the state began when the export says, not after our record: a
        # merchant deadline counted from our record's time would be later than the
        # platform's.
        merged["state_since"] = row["state_since"]
    else:
        merged["state_since"] = max(row["state_since"], stored["state_since"])
    return merged


BUYER_FIELDS = ("buyer_name", "buyer_phone", "buyer_address")


def merge_imported_order(
    row: dict[str, Any], stored: dict[str, Any], supplied: frozenset[str] | None = None
) -> dict[str, Any]:
    """An export updates the facts it has: a field it has no column for (``supplied``
    names those it has) or a cell it leaves empty keeps the stored value, and a masked
    buyer value (张*, 138****5678) never replaces the real one."""
    merged = dict(row)
    for name, value in row.items():
        masked = name in BUYER_FIELDS and isinstance(value, str) and "*" in value
        if (
            value is None
            or value == ""
            or masked
            or (supplied is not None and name not in supplied)
        ):
            merged[name] = stored[name]
    return merged


# the facts of a case an export without their column keeps (its state's facts — state,
# start, platform deadline — are merge_imported_case's)
CASE_KEPT_UNLESS_SUPPLIED = ("shop", "shipped_at_application")


def _diff(
    s: Session,
    table: Table,
    key: str,
    names: Sequence[str],
    items: Sequence[Any],
    merge: Merge | None = None,
    supplied: frozenset[str] | None = None,
) -> _Diff:
    values_of = convert.values_getter(Order if table is ORDERS else Case, names)
    i_plat, i_key = names.index("platform"), names.index(key)
    incoming: dict[tuple[str, str], tuple[Any, ...]] = {}
    for item in items:  # a number twice in one import: the last row wins
        values = values_of(item)
        incoming[(values[i_plat], values[i_key])] = values
    stored = _load(s, table, key, names, set(incoming))
    diff = _Diff([], [], 0, [])
    for k, values in incoming.items():
        old = stored.get(k)
        if old is None:
            diff.inserts.append(values)
            diff.changes.append((values, None))
            continue
        if merge is not None:
            row = merge(
                dict(zip(names, values, strict=True)),
                dict(zip(names, old[1], strict=True)),
                supplied,
            )
            values = tuple(row[n] for n in names)
        if old[1] != values:
            diff.updates.append((*values, old[0]))
            diff.changes.append((values, old[1]))
        else:
            diff.unchanged += 1
    return diff


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

    order_merge = merge_imported_order if source is Source.IMPORT else None
    order_diff = _diff(s, ORDERS, "order_no", convert.ORDER_FIELDS, orders, order_merge, supplied)
    _write(s, ORDERS, convert.ORDER_FIELDS, order_diff)

    merge = merge_imported_case if source is Source.IMPORT else None
    case_diff = _diff(s, CASES, "case_no", convert.CASE_FIELDS, cases, merge, supplied)
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
