"""The demo shop is the first thing a new user sees: its cases must be ones the
platforms allow, at times that have happened."""

from __future__ import annotations

import pytest

from core import demo
from core.domain import CaseKind
from core.rules.loader import load_rulebook
from tests.core.factories import sh

NOW = sh("2026-11-22 20:00")


@pytest.mark.parametrize(("orders", "cases"), [(200, 40), (5_000, 1_500)])
def test_demo_cases_follow_the_packs_request_conditions(orders: int, cases: int) -> None:
    book = load_rulebook()
    data = demo.generate(NOW, orders=orders, cases=cases)
    by_no = {(o.platform, o.order_no): o for o in data.orders}
    kinds = set()
    for case in data.cases:
        order = by_no[(case.platform, case.order_no)]
        policy = book.pack(case.platform).eligibility
        kinds.add(case.kind)
        where = f"{case.case_no} ({case.kind.value}, {case.platform.value})"
        if case.kind in policy.requires_shipped:
            assert order.shipped_at is not None, where
            assert order.shipped_at <= case.applied_at, where
        if case.kind in policy.requires_received:
            assert order.received_at is not None, where
            assert order.received_at <= case.applied_at, where
        if case.kind is CaseKind.EXCHANGE:  # the goods to exchange have arrived
            assert order.received_at is not None, where
            assert order.received_at <= case.applied_at, where
        assert order.paid_at < case.applied_at <= case.state_since <= NOW, where
    assert kinds == set(CaseKind)  # the checks above met every kind


def test_demo_orders_happened_before_now() -> None:
    data = demo.generate(NOW, orders=20_000, cases=0)
    for order in data.orders:
        times = [t for t in (order.paid_at, order.shipped_at, order.received_at) if t]
        assert times == sorted(times), order.order_no
        assert times[-1] <= NOW, order.order_no
