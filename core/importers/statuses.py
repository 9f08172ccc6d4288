"""Platform status texts -> ShopClock states and kinds.

Contract: lookup tables only, keyed by `normalize_key` of the text (so full-
and half-width punctuation and spaces do not matter). A text that is not in a
table is an error for the row — never a guess. Texts were taken from the
platforms' public API enumerations (Pinduoduo ``after_sales_status``,
Taobao refund ``status`` / ``cs_status``) as quoted by open-source ERP code,
and the shorter labels the seller back-ends show for the same states.

Threading: immutable module data.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import TypeVar

from core.domain import CaseKind, CaseState, GoodsType, Platform
from core.importers.cells import normalize_key

T = TypeVar("T")


def _table(pairs: Iterable[tuple[T, Iterable[str]]]) -> Mapping[str, T]:
    table: dict[str, T] = {}
    for value, texts in pairs:
        for text in texts:
            table[normalize_key(text)] = value
    return MappingProxyType(table)


S = CaseState

PDD_STATES = _table(
    [
        (
            S.AWAITING_MERCHANT,
            [
                "买家申请退款，待商家处理",
                "退货退款，待商家处理",
                "换货补寄待商家处理",
                "待商家处理",
            ],
        ),
        (S.REJECTED, ["驳回退款，待买家处理", "商家已驳回", "商家已拒绝"]),
        (
            S.AWAITING_RETURN,
            [
                "已同意退货退款，待用户发货",
                "已同意拒收退款，待用户拒收",
                "待买家退货",
                "待用户发货",
            ],
        ),
        (S.RETURN_SHIPPED, ["待商家收货", "买家已发货，待商家收货", "用户已发货，待商家收货"]),
        (S.INTERVENTION, ["平台处理中", "平台介入中"]),
        # Agreed and paying out: from the merchant's side the money is gone.
        (S.REFUNDED, ["商家同意退款，退款中", "平台同意退款，退款中", "退款中", "退款成功"]),
        (
            S.CLOSED,
            [
                "平台拒绝退款，退款关闭",
                "买家逾期未处理，退款失败",
                "买家逾期，超过有效期",
                "换货补寄成功",
                "换货补寄失败",
                "售后关闭",
                "退款关闭",
            ],
        ),
        (S.CANCELLED, ["买家撤销", "买家已撤销", "用户撤销"]),
    ]
)

PDD_KINDS = _table(
    [
        (CaseKind.REFUND_ONLY, ["仅退款", "退款"]),
        (CaseKind.RETURN_REFUND, ["退货退款"]),
        (CaseKind.EXCHANGE, ["换货"]),
    ]
)

TAOBAO_STATES = _table(
    [
        (S.AWAITING_MERCHANT, ["买家已经申请退款，等待卖家同意", "等待卖家同意"]),
        (S.AWAITING_RETURN, ["卖家已经同意退款，等待买家退货", "等待买家退货"]),
        (S.RETURN_SHIPPED, ["买家已经退货，等待卖家确认收货", "等待卖家确认收货"]),
        (S.REJECTED, ["卖家拒绝退款"]),
        (S.REFUNDED, ["退款成功"]),
        (S.CLOSED, ["退款关闭"]),
    ]
)

TAOBAO_KINDS = _table(
    [
        (CaseKind.REFUND_ONLY, ["仅退款"]),
        (CaseKind.RETURN_REFUND, ["退货退款"]),
        (CaseKind.EXCHANGE, ["换货"]),
    ]
)

# 客服介入状态: is Taobao customer service (the platform) handling the case now?
TAOBAO_CS_ACTIVE = _table(
    [
        (True, ["需要客服介入", "客服已经介入", "客服介入中", "客服初审完成", "客服主管复审失败"]),
        (False, ["不需要客服介入", "客服处理完成", "客服介入结束", "无"]),
    ]
)

SHOPCLOCK_STATES = _table(
    [
        (S.AWAITING_MERCHANT, ["awaiting_merchant", "待商家处理"]),
        (S.REJECTED, ["rejected", "商家已拒绝"]),
        (S.AWAITING_RETURN, ["awaiting_return", "待买家退货"]),
        (S.RETURN_SHIPPED, ["return_shipped", "买家已退货"]),
        (S.INTERVENTION, ["intervention", "平台介入"]),
        (S.REFUNDED, ["refunded", "退款成功"]),
        (S.CLOSED, ["closed", "售后关闭"]),
        (S.CANCELLED, ["cancelled", "买家撤销"]),
    ]
)

SHOPCLOCK_KINDS = _table(
    [
        (CaseKind.REFUND_ONLY, ["refund_only", "仅退款"]),
        (CaseKind.RETURN_REFUND, ["return_refund", "退货退款"]),
        (CaseKind.EXCHANGE, ["exchange", "换货"]),
    ]
)

PLATFORMS = _table(
    [
        (Platform.PINDUODUO, ["pinduoduo", "pdd", "拼多多"]),
        (Platform.TAOBAO, ["taobao", "淘宝"]),
        (Platform.TMALL, ["tmall", "天猫"]),
        (Platform.DOUYIN, ["douyin", "抖音", "抖店"]),
    ]
)

GOODS_TYPES = _table(
    [
        (GoodsType.NORMAL, ["normal", "普通", "普通商品"]),
        (GoodsType.FRUIT, ["fruit", "水果"]),
        (GoodsType.FRESH, ["fresh", "生鲜"]),
        (GoodsType.VIRTUAL, ["virtual", "虚拟", "虚拟商品"]),
        (GoodsType.CAR, ["car", "汽车", "整车"]),
    ]
)
