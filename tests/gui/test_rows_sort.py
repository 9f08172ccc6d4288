"""The rows' countdown sort: by deadline then identity, either way round, whatever the
ties (rows without a deadline, settled rows, equal deadlines)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from core.domain import Order, Platform
from gui.models import rows as R

T0 = datetime(2026, 3, 10, 2, 0, tzinfo=UTC)

row_facts = st.tuples(
    st.sampled_from(["case", "order", "timer"]),
    st.sampled_from(["pinduoduo", "taobao", "douyin"]),
    st.text(alphabet="0123456789AB", min_size=1, max_size=4),
    st.one_of(st.none(), st.integers(-3, 3).map(lambda h: T0 + timedelta(hours=h))),
    st.booleans(),
)


def make_rows(facts) -> list[R.Row]:
    return [
        R.Row(key=(kind, platform, number, i), make=tuple, args=(), deadline=due, settled=settled)
        for i, (kind, platform, number, due, settled) in enumerate(facts)
    ]


@given(st.lists(row_facts, max_size=60), st.booleans())
def test_countdown_sort_is_deadline_then_identity(facts, descending: bool) -> None:
    rows = make_rows(facts)
    expected = sorted(rows, key=lambda r: (r.deadline_ts, r.key), reverse=descending)
    got = R.sort_rows(rows, 3, descending, countdown=3)
    assert got is rows  # in place
    assert [r.key for r in got] == [r.key for r in expected]


def order(platform: Platform, number: str) -> Order:
    return Order(platform=platform, shop="s", order_no=number, amount_fen=100, paid_at=T0)


def test_orders_by_group_all_or_only_some() -> None:
    a, b = order(Platform.PINDUODUO, "1"), order(Platform.TAOBAO, "1")
    c = order(Platform.PINDUODUO, "2")
    assert R.orders_by_group([a, b, c]) == {
        ("pinduoduo", "1"): a,
        ("taobao", "1"): b,
        ("pinduoduo", "2"): c,
    }
    only = {("taobao", "1"), ("douyin", "9")}
    assert R.orders_by_group([a, b, c], only) == {("taobao", "1"): b}
