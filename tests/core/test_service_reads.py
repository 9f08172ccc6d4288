"""Service.todo() and due() read only part of the database: the timers must be exactly
board()'s, which reads everything."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest

from core import demo
from core.clock import FixedClock
from core.domain import Actor, CaseState, Source
from core.service import Service
from tests.core import factories as f

NOW = f.sh("2026-03-12 12:00")


@pytest.fixture
def service(tmp_path):
    s = Service.open(tmp_path / "reads.sqlite3", clock=FixedClock(NOW))
    yield s
    s.close()


def _timers(board):
    return sorted(board.timers, key=lambda t: (t.due_at, t.platform, t.order_no, t.timer))


def test_todo_and_due_give_board_timers_on_the_demo_shop(service):
    demo.populate(service, orders=400, cases=160)
    board, todo = service.board(), service.todo()
    assert _timers(todo) == _timers(board)
    assert len(todo.orders) < len(board.orders)  # it did read less
    assert {c.case_no for c in board.cases if c.is_open or c.assumed} <= {
        c.case_no for c in todo.cases
    }
    due = service.due(NOW)
    assert sorted(due, key=lambda t: (t.due_at, t.order_no, t.timer)) == sorted(
        (t for t in board.timers if not (t.informational and t.due_at < NOW)),
        key=lambda t: (t.due_at, t.order_no, t.timer),
    )


def test_a_refund_before_shipping_ends_the_shipping_deadline_in_every_read(service):
    unshipped = f.order(order_no="A-1", paid_at="2026-03-11 10:00")
    refunded = f.case(
        case_no="R-1",
        order_no="A-1",
        state=CaseState.REFUNDED,
        applied_at="2026-03-11 12:00",
    )
    still_to_ship = f.order(order_no="A-2", paid_at="2026-03-11 11:00")
    shipped_done = f.order(
        order_no="A-3", paid_at="2026-03-01 10:00", shipped_at="2026-03-02 10:00"
    )
    closed = f.case(case_no="R-3", order_no="A-3", state=CaseState.CLOSED)
    service.repo.apply_import(
        shops=[f.shop()],
        orders=[unshipped, still_to_ship, shipped_done],
        cases=[refunded, closed],
        source=Source.IMPORT,
        at=NOW,
    )
    board = service.board()
    assert [(t.order_no, t.timer) for t in board.timers] == [("A-2", "ship_by")]
    assert _timers(service.todo()) == _timers(board)
    assert [t.order_no for t in service.due(NOW, actor=Actor.MERCHANT)] == ["A-2"]
    # the shipped order whose only case is finished is not read at all
    assert {o.order_no for o in service.repo.orders_with_timers()} == {"A-1", "A-2"}
    assert {c.case_no for c in service.repo.cases_with_timers()} == {"R-1"}
    assert service.due(NOW, within=timedelta(hours=1)) == []


def test_events_of_many_cases_in_one_read_equal_the_reads_one_by_one(service):
    demo.populate(service, orders=1000, cases=450)  # more than one query of 400 cases
    cases = service.repo.cases()
    assert len(cases) > 400
    one_by_one = [e for c in cases for e in service.repo.events(c.platform, case_no=c.case_no)]
    together = service.repo.events_of_cases((c.platform, c.case_no) for c in cases)
    assert len(together) == len(one_by_one) > len(cases)  # an import event each, some more
    assert sorted(together, key=repr) == sorted(one_by_one, key=repr)
    assert service.repo.events_of_cases([]) == []


def test_todo_and_the_untimed_records_are_the_board_each_record_once(service):
    demo.populate(service, orders=400, cases=160)
    board, todo = service.board(), service.todo()
    orders, cases = service.untimed_records()
    assert orders
    assert cases
    assert all(c.state.value in ("refunded", "closed", "cancelled") for c in cases)
    assert not any(c.assumed for c in cases)
    together = [*todo.orders, *orders]
    assert len(together) == len(board.orders)
    # the lists' orders leave the buyer's phone and address out; the rest is the same
    assert any(o.buyer_phone and o.buyer_address for o in board.orders)
    assert all(o.buyer_phone == o.buyer_address == "" for o in together)
    assert set(together) == {
        dataclasses.replace(o, buyer_phone="", buyer_address="") for o in board.orders
    }
    both = [*todo.cases, *cases]
    assert len(both) == len(board.cases)
    assert set(both) == set(board.cases)


def test_a_sweep_of_the_orders_whose_deadline_passed_misses_nothing(service):
    """The window's worker sweeps only the orders whose state-changing deadline passed
    (what gui.board_load.sweep_dues computes); a full sweep afterwards finds nothing."""
    demo.populate(service, orders=400, cases=160)
    later = NOW + timedelta(days=3)
    passed = {
        (t.platform, t.order_no)
        for t in service.todo().timers
        if t.case_no and t.next_state is not None and not t.informational and t.due_at <= later
    }
    assert len(passed) > 5
    events = service.sweep(later, orders=sorted(passed))
    assert {(e.platform, e.order_no) for e in events} == passed
    assert service.sweep(later) == []  # nothing left for the full sweep
    assert service.sweep(later, orders=sorted(passed)) == []  # and nothing twice
