"""Stored deadlines (core.deadlines): `due --json` from the store must be byte for byte
what computing every timer gives, after any write — by ShopClock or by another tool."""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import shutil
import sqlite3
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core import deadline_rows, deadlines, demo
from core.clock import FixedClock
from core.domain import Actor, CaseKind, HolidayOverride
from core.reminders import ReminderSettings
from core.reminders.service import longest_offset, reminder_timers
from core.reminders.sweep import wants_reminders
from core.rules.transitions import ActionRefused
from core.service import Service
from core.timer_json import timers_text
from tests.core import factories as f

NOW = f.sh("2026-03-12 12:00")
FILTERS = [
    (None, None),
    (timedelta(hours=12), None),
    (None, Actor.MERCHANT),
    (timedelta(days=2), Actor.BUYER),
]


def computed(service: Service, now, within=None, actor=None) -> bytes:
    return timers_text(service.due(now, within, actor), now).encode()


def stored(service: Service, now, within=None, actor=None, refresh=True) -> bytes | None:
    return deadlines.DeadlineStore(service).due_json(now, within, actor, refresh=refresh)


def state(db: Path) -> tuple[str | None, int, int]:
    """(fingerprint, stale orders, stored timers), read past the application."""
    with sqlite3.connect(db) as con:
        fingerprint = con.execute("SELECT fingerprint FROM deadline_state").fetchone()[0]
        stale = con.execute("SELECT count(*) FROM deadline_stale").fetchone()[0]
        timers = con.execute("SELECT count(*) FROM deadline_timers").fetchone()[0]
    return fingerprint, stale, timers


def assert_same(service: Service, now) -> None:
    for within, actor in FILTERS:
        assert stored(service, now, within, actor) == computed(service, now, within, actor)
    assert_same_todo(service)


def _key(t):
    return (t.due_at, t.platform.value, t.order_no, t.case_no or "", t.timer)


def assert_same_todo(service: Service) -> None:
    """The window's first page: the stored merchant timers, back as Timer objects, are
    the engine's (every field), and what they show of their orders and cases (title,
    buyer, kind) is what the records say now — one brief per order and per case."""
    board = service.board()
    want = [t for t in board.timers if t.actor is Actor.MERCHANT and not t.informational]
    got = deadlines.DeadlineStore(service).todo()
    assert got is not None
    assert sorted(got.timers, key=_key) == sorted(want, key=_key)
    # those due by a time (the reminder sweep's read): a range of the key, in due order
    due = [t for t in service.due(NOW) if t.actor is Actor.MERCHANT and not t.informational]
    for until in (NOW - timedelta(days=1), NOW + timedelta(hours=13, microseconds=1)):
        part = deadlines.DeadlineStore(service).todo(until)
        assert part is not None
        assert part.timers == [t for t in due if t.due_at <= until]
    orders = {(o.platform, o.order_no): o for o in board.orders}
    cases = {(c.platform, c.case_no): c for c in board.cases}
    assert sorted(
        (b.platform.value, b.order_no, b.title, b.buyer_name) for b in got.orders
    ) == sorted(
        (p.value, no, orders[p, no].title, orders[p, no].buyer_name)
        for p, no in {(t.platform, t.order_no) for t in want}
        if (p, no) in orders  # a case whose order is not in the database: no brief
    )
    assert sorted(
        (b.platform.value, b.case_no, b.kind.value, b.assumed) for b in got.cases
    ) == sorted(
        (p.value, no, cases[p, no].kind.value, False)
        for p, no in {(t.platform, t.case_no) for t in want if t.case_no}
    )


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("deadlines") / "demo.sqlite3"
    service = Service.open(path, clock=FixedClock(NOW))
    demo.populate(service, orders=300, cases=140)
    service.close()
    return path


@pytest.fixture
def db(demo_db, tmp_path) -> Path:
    path = tmp_path / "shop.sqlite3"
    shutil.copy(demo_db, path)
    return path


@pytest.fixture
def service(db):
    s = Service.open(db, clock=FixedClock(NOW))
    yield s
    s.close()


def test_the_store_answers_as_computing_does_at_any_time_and_filter(service, db):
    assert state(db) == (None, 0, 0)  # nothing stored until someone asks
    first = stored(service, NOW)
    fingerprint, stale, count = state(db)
    assert fingerprint
    assert stale == 0
    assert count > 100
    assert first == computed(service, NOW)
    for now in (NOW, NOW + timedelta(hours=7, seconds=0.4), NOW + timedelta(days=3)):
        assert_same(service, now)  # the stored timers do not depend on the time of asking


def test_timers_share_a_rule_template_only_with_equal_values_of_the_same_types(service):
    """timer_rows makes each rule's template once; 24 and 24.0 hours are equal values
    whose JSON differs, so they must not share one."""
    t = next(t for t in service.due(NOW) if t.remind_before_hours)
    ints = dataclasses.replace(t, remind_before_hours=(24, 2))
    floats = dataclasses.replace(t, remind_before_hours=(24.0, 2.0))
    other = dataclasses.replace(t, clause=t.clause + " (changed)")
    timers = [ints, floats, ints, other, floats]
    shared: dict[str, int] = {}
    rows = list(deadline_rows.timer_rows([((t.platform, t.order_no), timers)], shared, [], []))
    text = {i: text for text, i in shared.items()}
    template = deadline_rows.COLUMNS.index("template")
    assert [text[r[template]] for r in rows] == [deadline_rows._template(x) for x in timers]
    assert len({r[template] for r in rows}) == 3


def test_one_action_recomputes_only_its_order(service, db):
    stored(service, NOW)
    fingerprint = state(db)[0]
    case = next(c for c in service.repo.cases(open_only=True) if not c.assumed)
    allowed = service.case_detail(case.case_no, case.platform, NOW).allowed
    service.act(
        case.case_no, allowed[0], platform=case.platform, at=NOW, note="x", tracking_no="SF1"
    )
    assert state(db)[:2] == (fingerprint, 1)  # the trigger marked the one order
    assert stored(service, NOW, refresh=False) is None  # stale: a reader that may not write
    assert_same(service, NOW)
    assert state(db)[:2] == (fingerprint, 0)


def test_a_write_by_another_tool_is_seen(service, db):
    stored(service, NOW)
    case = next(c for c in service.repo.cases(open_only=True) if not c.assumed)
    with sqlite3.connect(db) as con:  # not through ShopClock at all
        con.execute(
            "DELETE FROM cases WHERE platform = ? AND case_no = ?",
            (case.platform.value, case.case_no),
        )
    assert state(db)[1] == 1
    assert_same(service, NOW)
    assert not any(case.case_no in t.case_no for t in service.due(NOW) if t.case_no)


def test_shops_holidays_and_rule_books_recompute_everything(service, db):
    stored(service, NOW)
    shop = service.repo.shops()[0]
    service.repo.upsert_shops([dataclasses.replace(shop, promised_aftersale_days=30)])
    assert state(db)[0] is None  # the trigger cleared the fingerprint
    assert_same(service, NOW)
    before = state(db)[0]
    service.repo.set_holiday_overrides([HolidayOverride(date(2026, 3, 13), workday=False)])
    service.reload_calendar()
    assert state(db)[0] is None
    assert_same(service, NOW)
    assert state(db)[0] != before  # the calendar is part of the fingerprint
    # another process with another calendar (it has not reloaded): its own answer,
    # never the timers stored for the other calendar
    other = Service.open(db, clock=FixedClock(NOW))
    other.reload_calendar()
    service.repo.set_holiday_overrides([])
    assert stored(other, NOW) == computed(other, NOW)
    assert stored(service, NOW) == computed(service, NOW)
    other.close()


def test_a_reader_that_may_not_write_changes_nothing(service, db):
    stored(service, NOW)
    case = next(c for c in service.repo.cases(open_only=True) if not c.assumed)
    service.undo(case.case_no, case.platform)  # may or may not undo: either way no error
    service.sweep(NOW + timedelta(days=5))  # passed deadlines: many cases change
    files = [db, db.with_name(db.name + "-wal")]
    digest = [hashlib.sha256(p.read_bytes()).hexdigest() for p in files if p.exists()]
    assert stored(service, NOW, refresh=False) is None
    assert service.due_json(NOW, store=False) == computed(service, NOW)
    assert [hashlib.sha256(p.read_bytes()).hexdigest() for p in files if p.exists()] == digest


def test_many_stale_orders_are_recomputed_at_once(service, db, monkeypatch):
    stored(service, NOW)
    service.sweep(NOW + timedelta(days=5))
    assert state(db)[1] > 3
    monkeypatch.setattr(deadlines, "INCREMENTAL_LIMIT", 3)
    # the window's first page does not wait for everything: it computes instead
    assert deadlines.DeadlineStore(service).todo() is None
    assert_same(service, NOW + timedelta(days=5))


def test_an_import_marks_its_orders(service, db):
    stored(service, NOW)
    shop = service.repo.shops()[0]
    order = f.order(shop.platform, shop=shop.name, order_no="NEW-1", paid_at="2026-03-12 08:00")
    service.save_manual(orders=[order], at=NOW)
    assert state(db)[1] == 1  # a known shop: only the new order is marked
    assert_same(service, NOW)
    assert any(t.order_no == "NEW-1" for t in service.due(NOW))


OPS = st.lists(
    st.tuples(
        st.sampled_from(["act", "undo", "sweep", "ship", "retitle", "shop", "holiday", "raw"]),
        st.integers(0, 10_000),
    ),
    min_size=1,
    max_size=6,
)


@pytest.mark.parametrize("size", [1, 7, 10_000])
def test_everything_is_recomputed_a_range_of_orders_at_a_time(service, db, monkeypatch, size):
    """Recomputing every timer reads the records a range of order numbers at a time; the
    ranges hold every order and case exactly once, and the stored timers are the same."""
    ranges = service.repo.key_ranges(size)
    keys = {(o.platform.value, o.order_no) for o in service.repo.orders()}
    keys |= {(c.platform.value, c.order_no) for c in service.repo.cases()}
    for platform, number in keys:
        holding = [
            r
            for r in ranges
            if r.platform == platform
            and r.first <= number
            and (r.after is None or number < r.after)
        ]
        assert len(holding) == 1
    per_platform = Counter(platform for platform, _ in keys)
    assert len(ranges) == sum(-(-n // size) for n in per_platform.values())
    monkeypatch.setattr(deadlines, "REBUILD_RANGE", size)
    asked = []
    real = service._timed_record_ranges

    def ranges_read(n):
        asked.append(n)
        return real(n)

    monkeypatch.setattr(service, "_timed_record_ranges", ranges_read)
    assert_same(service, NOW)
    assert asked == [size]  # the store was built from the ranges


def test_a_reader_that_can_compute_does_not_wait_for_another_writer(service, db):
    """The window's first page and the reminder sweep compute instead of waiting up to
    the busy timeout (10 s) when stale orders need a write lock another program holds."""
    stored(service, NOW)
    with sqlite3.connect(db) as con:  # another tool changes one order: it is stale
        con.execute("UPDATE orders SET title = title || '!' WHERE id = 1")
    assert state(db)[1] == 1
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # ... and holds the write lock
    try:
        started = time.perf_counter()
        assert deadlines.DeadlineStore(service).todo() is None
        settings = ReminderSettings()
        within = longest_offset(service, settings)
        want = [t for t in service.due(NOW, within=within) if wants_reminders(t)]
        assert reminder_timers(service, settings, NOW) == want
        assert time.perf_counter() - started < 5
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert state(db)[1] == 1  # nothing written meanwhile
    assert deadlines.DeadlineStore(service).todo() is not None  # the lock is free again
    assert state(db)[1] == 0
    assert_same(service, NOW)


def test_an_empty_database_stores_no_deadline(tmp_path):
    service = Service.open(tmp_path / "empty.sqlite3", clock=FixedClock(NOW))
    assert service.repo.key_ranges(10) == []
    assert stored(service, NOW) == computed(service, NOW) == b"[]"
    assert state(tmp_path / "empty.sqlite3")[0]  # stored: nothing to compute next time
    service.close()


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ops=OPS)
def test_any_sequence_of_writes_keeps_the_store_exact(demo_db, tmp_path_factory, ops):
    path = tmp_path_factory.mktemp("ops") / "shop.sqlite3"
    shutil.copy(demo_db, path)
    service = Service.open(path, clock=FixedClock(NOW))
    try:
        now = NOW
        stored(service, now)
        for op, pick in ops:
            _apply(service, path, op, pick, now)
            if op == "sweep":
                now += timedelta(hours=30)
            assert stored(service, now) == computed(service, now)
            assert_same_todo(service)
        assert_same(service, now)
    finally:
        service.close()


def _apply(service: Service, path: Path, op: str, pick: int, now) -> None:
    cases = service.repo.cases()
    case = cases[pick % len(cases)]
    if op == "act":
        allowed = service.case_detail(case.case_no, case.platform, now).allowed
        if allowed:
            action = allowed[pick % len(allowed)]
            with contextlib.suppress(ActionRefused):  # guards that need more than we give
                service.act(
                    case.case_no, action, platform=case.platform, at=now, note="n", tracking_no="T1"
                )
    elif op == "undo":
        service.undo(case.case_no, case.platform)
    elif op == "sweep":
        service.sweep(now + timedelta(hours=30))
    elif op == "ship":
        orders = [o for o in service.repo.orders() if o.shipped_at is None] or service.repo.orders()
        order = orders[pick % len(orders)]
        shipped = order.shipped_at or now - timedelta(hours=1)
        service.save_manual(orders=[dataclasses.replace(order, shipped_at=shipped)], at=now)
    elif op == "retitle":  # what To do shows of an order or case (stored beside its timers)
        order = service.repo.get_order(case.platform, case.order_no) or service.repo.orders()[0]
        if pick % 2:
            renamed = dataclasses.replace(order, title=f"{order.title}·{pick}")
            service.save_manual(orders=[renamed], at=now)
        else:  # another tool renames the buyer and changes the case's kind
            kinds = [k.value for k in CaseKind]
            with sqlite3.connect(path) as con:
                con.execute(
                    "UPDATE orders SET buyer_name = ? WHERE platform = ? AND order_no = ?",
                    (f"买家{pick}", order.platform.value, order.order_no),
                )
                con.execute(
                    "UPDATE cases SET kind = ? WHERE platform = ? AND case_no = ?",
                    (kinds[pick % len(kinds)], case.platform.value, case.case_no),
                )
    elif op == "shop":
        shop = service.repo.shops()[pick % len(service.repo.shops())]
        days = None if shop.promised_aftersale_days else 15
        service.repo.upsert_shops([dataclasses.replace(shop, promised_aftersale_days=days)])
    elif op == "holiday":
        day = date(2026, 3, 12) + timedelta(days=pick % 20)
        service.repo.set_holiday_overrides([HolidayOverride(day, workday=pick % 2 == 0)])
        service.reload_calendar()
    else:  # another tool moves a case's order number
        orders = service.repo.orders()
        target = orders[pick % len(orders)]
        with sqlite3.connect(path) as con:
            con.execute(
                "UPDATE cases SET order_no = ? WHERE platform = ? AND case_no = ?",
                (target.order_no, case.platform.value, case.case_no),
            )


def _write_meanwhile(monkeypatch, db: Path, case) -> list[int]:
    """Another program deletes ``case`` right after the store's changes were computed
    (without the lock) and before they are written."""
    real = deadlines.DeadlineStore._plan
    calls: list[int] = []

    def plan_then_someone_writes(self, cursor):
        found = real(self, cursor)
        if not calls:
            with sqlite3.connect(db) as con:
                con.execute(
                    "DELETE FROM cases WHERE platform = ? AND case_no = ?",
                    (case.platform.value, case.case_no),
                )
        calls.append(1)
        return found

    monkeypatch.setattr(deadlines.DeadlineStore, "_plan", plan_then_someone_writes)
    return calls


@pytest.mark.parametrize("first_time", [True, False])
def test_a_write_while_the_deadlines_are_computed_is_not_lost(service, db, monkeypatch, first_time):
    """The store's changes are computed without the write lock; a commit by anyone in
    between (SQLite's data_version) makes them be computed again under the lock. On
    the first build no trigger marks anything (nothing is stored yet): only that
    check keeps the deleted case's timers out."""
    cases = [c for c in service.repo.cases(open_only=True) if not c.assumed]
    if not first_time:
        stored(service, NOW)
        service.act(cases[0].case_no, service.case_detail(cases[0].case_no).allowed[0],
                    platform=cases[0].platform, at=NOW, note="n", tracking_no="T")  # fmt: skip
    victim = next(c for c in cases[1:] if c.order_no != cases[0].order_no)
    calls = _write_meanwhile(monkeypatch, db, victim)
    got = stored(service, NOW)
    assert len(calls) == 2  # computed, someone wrote, computed again under the lock
    assert got == computed(service, NOW)
    assert victim.case_no.encode() not in got
    assert state(db)[1] == 0
