"""objects.build makes the same Order / Case as the constructors, and refuses the same."""

from __future__ import annotations

from datetime import datetime

import pytest

from core.clock import SHANGHAI
from core.domain import Case, CaseKind, CaseState, GoodsType, Order, Platform
from core.importers.objects import build

PAID = datetime(2026, 11, 19, 5, 39, 15, tzinfo=SHANGHAI)
SHIPPED = datetime(2026, 11, 19, 12, 6, 5, tzinfo=SHANGHAI)


def order_values(**changes: object) -> dict[str, object]:
    values: dict[str, object] = {
        "platform": Platform.PINDUODUO, "shop": "多多鲜果铺", "order_no": "261118-1",
        "amount_yuan": 23860, "paid_at": PAID, "title": "苹果", "shipped_at": SHIPPED,
        "buyer_name": "何*",
    }  # fmt: skip
    return {**values, **changes}


def test_build_gives_what_the_constructor_gives() -> None:
    order = build("orders", order_values(goods_type="fruit"))
    assert order == Order(
        platform=Platform.PINDUODUO, shop="多多鲜果铺", order_no="261118-1", amount_fen=23860,
        paid_at=PAID, title="苹果", shipped_at=SHIPPED, goods_type=GoodsType.FRUIT,
        buyer_name="何*",
    )  # fmt: skip
    assert type(order.goods_type) is GoodsType
    assert type(order.platform) is Platform
    case = build(
        "cases",
        {
            "platform": "pinduoduo", "shop": "s", "case_no": "C1", "order_no": "O1",
            "kind": CaseKind.REFUND_ONLY, "state": CaseState.AWAITING_MERCHANT,
            "applied_at": PAID, "amount_yuan": 100,
        },
    )  # fmt: skip
    assert case == Case(
        platform=Platform.PINDUODUO, shop="s", case_no="C1", order_no="O1",
        kind=CaseKind.REFUND_ONLY, state=CaseState.AWAITING_MERCHANT, applied_at=PAID,
        state_since=PAID, amount_fen=100,
    )  # fmt: skip
    assert case.assumed is False
    assert case.pack_version is None
    assert type(case.platform) is Platform


@pytest.mark.parametrize(
    "changes",
    [
        {"amount_yuan": -1},
        {"amount_yuan": True},
        {"order_no": ""},
        {"paid_at": PAID.replace(tzinfo=None)},
        {"received_at": PAID},  # before it was shipped
        {"platform": "no such platform"},
        {"goods_type": "no such type"},
    ],
)
def test_build_refuses_what_the_constructor_refuses(changes: dict[str, object]) -> None:
    with pytest.raises((TypeError, ValueError)) as expected:
        Order(
            **{
                k.replace("amount_yuan", "amount_fen"): v
                for k, v in order_values(**changes).items()
            }
        )
    with pytest.raises(type(expected.value), match=str(expected.value)[:20] or None):
        build("orders", order_values(**changes))
