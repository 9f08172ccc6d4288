"""Douyin exports one row per sub-order (主订单编号 + 子订单编号); the store keeps one
merged order. An export holding only some of an order's sub-orders — filtered by
status — must not shrink it (core.storage.merge.merge_imported_order)."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.domain import Platform
from core.importers import read_file
from core.service import Service
from tests.core.factories import sh
from tests.fakes import FakeClock

HEADER = "主订单编号,子订单编号,选购商品,订单应付金额,支付完成时间,预计发货时间,发货时间\n"
ORDER_NO = "6928374650000000001"
PAID = "2026-11-22 09:00:00,2026-11-24 09:00:00"  # 支付完成时间, 预计发货时间
A_UNSHIPPED = f"{ORDER_NO},6928374650000000011,脐橙 5斤,29.90,{PAID},\n"
A_SHIPPED = f"{ORDER_NO},6928374650000000011,脐橙 5斤,29.90,{PAID},2026-11-23 08:00:00\n"
B_SHIPPED = f"{ORDER_NO},6928374650000000012,冰糖橙 3斤,15.00,{PAID},2026-11-22 18:00:00\n"
B_UNSHIPPED = B_SHIPPED.replace(",2026-11-22 18:00:00\n", ",\n")


@pytest.fixture
def service(tmp_path: Path):
    svc = Service.open(tmp_path / "shop.sqlite3", clock=FakeClock(sh("2026-11-23 09:00")))
    yield svc
    svc.close()


def load(service: Service, folder: Path, name: str, *rows: str):
    path = folder / name
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    plan = read_file(path)
    assert (plan.preset, plan.errors) == ("douyin_orders", ())
    return service.import_plan(plan)


def stored(service: Service):
    o = service.repo.get_order(Platform.DOUYIN, ORDER_NO)
    return o.amount_fen, o.title, o.shipped_at


def ship_by_timers(service: Service) -> list:
    return [t for t in service.due() if t.order_no == ORDER_NO and t.timer == "ship_by"]


def test_an_export_of_some_sub_orders_does_not_shrink_the_order(service, tmp_path):
    """Found by testing: after the '已发货' export (only the shipped sub-order) the order
    was ¥15.00, had lost 脐橙, and counted as shipped: its ship-by deadline was gone
    while the 脐橙 was still to ship."""
    load(service, tmp_path, "all.csv", A_UNSHIPPED, B_SHIPPED)
    assert stored(service) == (4490, "脐橙 5斤；冰糖橙 3斤", None)
    result = load(service, tmp_path, "shipped_only.csv", B_SHIPPED)
    assert (result.orders_updated, result.orders_unchanged) == (0, 1)
    assert stored(service) == (4490, "脐橙 5斤；冰糖橙 3斤", None)
    assert [t.due_at for t in ship_by_timers(service)] == [sh("2026-11-24 09:00")]


def test_an_export_of_every_sub_order_says_what_the_order_is_now(service, tmp_path):
    load(service, tmp_path, "all.csv", A_UNSHIPPED, B_SHIPPED)
    load(service, tmp_path, "all_shipped.csv", A_SHIPPED, B_SHIPPED)
    assert stored(service) == (4490, "脐橙 5斤；冰糖橙 3斤", sh("2026-11-23 08:00"))
    assert ship_by_timers(service) == []


def test_a_sub_order_new_to_the_store_shown_unshipped_unships_the_order(service, tmp_path):
    """The first file held only the shipped 脐橙; the next shows 冰糖橙 still to ship.
    Not knowing whether the two files overlap, the amount is the larger of the two."""
    load(service, tmp_path, "a.csv", A_SHIPPED)
    assert stored(service)[2] == sh("2026-11-23 08:00")
    load(service, tmp_path, "b.csv", B_UNSHIPPED)
    assert stored(service) == (2990, "脐橙 5斤；冰糖橙 3斤", None)
    assert [t.due_at for t in ship_by_timers(service)] == [sh("2026-11-24 09:00")]
