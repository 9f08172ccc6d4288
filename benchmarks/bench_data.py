"""Benchmark data: core.demo's generator scaled up, written as real export files.

Contract: `demo_data(now, orders, cases)` returns core.demo's realistic shop with
exactly ``cases`` cases when the generator can make that many (it is asked for a
few more orders than cases, because every case needs an order of its own).
`write_pdd_orders` / `write_pdd_aftersales` write the data the way Pinduoduo's
seller back-end exports it: GBK-encoded CSV, the preset's header texts plus the
columns the import ignores (see core/importers/presets.py), times as
``YYYY-MM-DD HH:MM:SS`` Shanghai wall time, yuan with two decimals. Every order
is written as a Pinduoduo order (the demo spreads its orders over three platforms;
a Pinduoduo export holds one shop's orders). `build_db` stores the data through
the repository and lets passed deadlines take their outcome, like `core.demo.populate`.
"""

from __future__ import annotations

import csv
import time
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from core import demo
from core.clock import SHANGHAI
from core.domain import Case, CaseKind, CaseState, Order, Platform, Shop, Source

PDD_SHOP = "多多鲜果铺"
ENCODING = "gbk"

ORDER_HEADER = (
    "商品", "订单号", "订单状态", "商品总价(元)", "店铺优惠折扣(元)", "平台优惠折扣(元)",
    "邮费(元)", "用户实付金额(元)", "商家实收金额(元)", "商品数量(件)", "收货人", "手机",
    "详细地址", "支付时间", "成团时间", "承诺发货时间", "发货时间", "确认收货时间",
    "商品id", "商品规格", "样式ID", "商家编码-SKU维度", "快递单号", "快递公司", "买家留言",
    "商家备注", "售后状态",
)  # fmt: skip
CASE_HEADER = (
    "售后编号", "订单编号", "商品名称", "商品id", "售后类型", "售后状态", "申请时间",
    "订单金额(元)", "退款金额(元)", "售后数量", "售后原因", "处理截止时间", "订单状态",
    "发货状态", "退货物流公司", "退货物流单号", "买家昵称", "更新时间",
)  # fmt: skip

# texts Pinduoduo's back-end shows (core/importers/statuses.py maps them back)
PDD_STATE_TEXT = {
    CaseState.AWAITING_MERCHANT: "买家申请退款，待商家处理",
    CaseState.REJECTED: "驳回退款，待买家处理",
    CaseState.AWAITING_RETURN: "已同意退货退款，待用户发货",
    CaseState.RETURN_SHIPPED: "用户已发货，待商家收货",
    CaseState.INTERVENTION: "平台处理中",
    CaseState.REFUNDED: "退款成功",
    CaseState.CLOSED: "退款关闭",
    CaseState.CANCELLED: "买家撤销",
}
PDD_KIND_TEXT = {
    CaseKind.REFUND_ONLY: "仅退款",
    CaseKind.RETURN_REFUND: "退货退款",
    CaseKind.EXCHANGE: "换货",
}


def demo_data(now: datetime, orders: int, cases: int) -> demo.DemoData:
    """The demo shop with at least `orders` orders and (up to) `cases` cases: more
    orders are made when `cases` needs them (every case needs an order of its own)."""
    data = demo.generate(now, orders=max(orders, cases * 3 // 2), cases=cases + cases // 50)
    return demo.DemoData(data.shops, data.orders, data.cases[:cases])


def as_pdd(data: demo.DemoData) -> tuple[list[Order], list[Case]]:
    """Every order and case re-homed to the demo's Pinduoduo shop."""
    orders = [replace(o, platform=Platform.PINDUODUO, shop=PDD_SHOP) for o in data.orders]
    cases = [replace(c, platform=Platform.PINDUODUO, shop=PDD_SHOP) for c in data.cases]
    return orders, cases


def _t(value: datetime | None) -> str:
    return "" if value is None else value.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M:%S")


def _yuan(fen: int) -> str:
    return f"{fen // 100}.{fen % 100:02d}"


def write_pdd_orders(orders: Sequence[Order], path: Path) -> None:
    with path.open("w", encoding=ENCODING, newline="") as handle:
        out = csv.writer(handle)
        out.writerow(ORDER_HEADER)
        for n, o in enumerate(orders):
            status = "已签收" if o.received_at else "已发货，待签收" if o.shipped_at else "待发货"
            out.writerow((
                o.title, o.order_no, status, _yuan(o.amount_fen + 300), "3.00", "0.00", "0.00",
                _yuan(o.amount_fen), _yuan(o.amount_fen), "1", o.buyer_name, o.buyer_phone,
                o.buyer_address, _t(o.paid_at), _t(o.group_success_at or o.paid_at),
                _t(o.ship_by), _t(o.shipped_at), _t(o.received_at), f"{60000 + n % 97}",
                "默认规格", f"{n % 13}", f"SKU-{n % 31:03d}",
                f"YT{7000000000 + n}" if o.shipped_at else "", "圆通速递" if o.shipped_at else "",
                "", "", "无售后或售后取消",
            ))  # fmt: skip


def write_pdd_aftersales(cases: Sequence[Case], orders: Sequence[Order], path: Path) -> None:
    amounts = {o.order_no: o.amount_fen for o in orders}
    titles = {o.order_no: o.title for o in orders}
    with path.open("w", encoding=ENCODING, newline="") as handle:
        out = csv.writer(handle)
        out.writerow(CASE_HEADER)
        for n, c in enumerate(cases):
            returned = c.state in (CaseState.RETURN_SHIPPED, CaseState.REFUNDED)
            out.writerow((
                c.case_no, c.order_no, titles.get(c.order_no, ""), f"{60000 + n % 97}",
                PDD_KIND_TEXT[c.kind], PDD_STATE_TEXT[c.state], _t(c.applied_at),
                _yuan(amounts.get(c.order_no, c.amount_fen)), _yuan(c.amount_fen), "1",
                c.reason, _t(c.platform_deadline), "已发货", "已发货",
                "中通快递" if returned else "", f"ZT{7800000000 + n}" if returned else "",
                "pdd_user", _t(c.state_since),
            ))  # fmt: skip


def build_db(path: Path, shops: Sequence[Shop], orders: Sequence[Order],
             cases: Sequence[Case], now: datetime) -> dict[str, int]:  # fmt: skip
    """Store the data in a new database at `path`, then sweep; returns the row counts."""
    from core.service import Service

    started = time.perf_counter()
    service = Service.open(path)
    try:
        service.repo.apply_import(
            shops=shops, orders=orders, cases=cases, source=Source.IMPORT, at=now
        )
        service.sweep(now)
        counts = service.repo.counts()
    finally:
        service.close()
    counts["seconds"] = round(time.perf_counter() - started)
    return counts
