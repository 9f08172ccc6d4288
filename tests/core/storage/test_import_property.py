"""Property: importing any valid orders and cases twice changes nothing the second time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.clock import SHANGHAI
from core.domain import MAX_AMOUNT_FEN, Case, CaseKind, CaseState, GoodsType, Order, Platform
from core.storage import ImportResult, Repository, open_database

AT = datetime(2026, 3, 12, 8, 0, tzinfo=UTC)
ZONES = st.sampled_from([UTC, SHANGHAI, timezone(timedelta(hours=-7, minutes=-30))])
INSTANTS = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31), timezones=ZONES
)
NUMBERS = st.from_regex(r"[0-9A-Za-z\-]{1,20}", fullmatch=True) | st.text(min_size=1, max_size=30)
TEXT = st.text(max_size=40)


@st.composite
def orders(draw: st.DrawFn) -> Order:
    shipped = draw(st.none() | INSTANTS)
    received = None
    if shipped is not None and draw(st.booleans()):
        received = shipped + draw(st.timedeltas(timedelta(0), timedelta(days=30)))
    return Order(
        platform=draw(st.sampled_from(Platform)),
        shop=draw(TEXT),
        order_no=draw(NUMBERS),
        amount_fen=draw(st.integers(0, MAX_AMOUNT_FEN)),
        paid_at=draw(INSTANTS),
        title=draw(TEXT),
        group_success_at=draw(st.none() | INSTANTS),
        ship_by=draw(st.none() | INSTANTS),
        shipped_at=shipped,
        received_at=received,
        goods_type=draw(st.sampled_from(GoodsType)),
        customised=draw(st.booleans()),
        presale=draw(st.booleans()),
        buyer_name=draw(TEXT),
        buyer_phone=draw(TEXT),
        buyer_address=draw(TEXT),
    )


@st.composite
def cases(draw: st.DrawFn) -> Case:
    applied = draw(INSTANTS)
    return Case(
        platform=draw(st.sampled_from(Platform)),
        shop=draw(TEXT),
        case_no=draw(NUMBERS),
        order_no=draw(NUMBERS),
        kind=draw(st.sampled_from(CaseKind)),
        state=draw(st.sampled_from(CaseState)),
        applied_at=applied,
        state_since=applied + draw(st.timedeltas(timedelta(0), timedelta(days=20))),
        amount_fen=draw(st.integers(0, MAX_AMOUNT_FEN)),
        reason=draw(TEXT),
        platform_deadline=draw(st.none() | INSTANTS),
        cancellation_count=draw(st.integers(0, 5)),
        shipped_at_application=draw(st.none() | st.booleans()),
        assumed=draw(st.booleans()),
        pack_version=draw(st.none() | TEXT),
        tracking_no=draw(TEXT),
    )


@pytest.mark.slow
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],  # only the data-dir env
)
@given(order_list=st.lists(orders(), max_size=25), case_list=st.lists(cases(), max_size=15))
def test_importing_twice_is_idempotent(
    tmp_path_factory: pytest.TempPathFactory, order_list: list[Order], case_list: list[Case]
) -> None:
    path = tmp_path_factory.mktemp("prop") / "shop.sqlite3"
    with open_database(path) as db:
        repo = Repository(db)
        first = repo.apply_import(orders=order_list, cases=case_list, at=AT)
        last_orders = {(o.platform, o.order_no): o for o in order_list}
        last_cases = {(c.platform, c.case_no): c for c in case_list}
        assert first.orders_inserted == len(last_orders)
        assert first.cases_inserted == first.events_added == len(last_cases)

        snapshot = repo.counts()
        second = repo.apply_import(orders=order_list, cases=case_list, at=AT + timedelta(days=1))
        assert second == ImportResult(
            orders_unchanged=len(last_orders), cases_unchanged=len(last_cases)
        )
        assert repo.counts() == snapshot
        for (platform, no), o in last_orders.items():
            assert repo.get_order(platform, no) == o
        for (platform, no), c in last_cases.items():
            assert repo.get_case(platform, no) == c
