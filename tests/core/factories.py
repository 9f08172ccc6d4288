"""Small builders for domain objects in tests. Times are written in Shanghai wall time."""

from __future__ import annotations

from datetime import UTC, datetime

from core.clock import SHANGHAI
from core.domain import Case, CaseKind, CaseState, GoodsType, Order, Platform, Shop


def sh(text: str) -> datetime:
    """'2026-03-02 10:00' in Asia/Shanghai, as an aware UTC datetime."""
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI).astimezone(UTC)


def shop(platform: Platform | str = Platform.PINDUODUO, **kw) -> Shop:
    return Shop(platform=Platform(platform), name=kw.pop("name", "测试店"), **kw)


def order(platform: Platform | str = Platform.PINDUODUO, **kw) -> Order:
    for key in ("paid_at", "group_success_at", "ship_by", "shipped_at", "received_at"):
        if isinstance(kw.get(key), str):
            kw[key] = sh(kw[key])
    kw.setdefault("paid_at", sh("2026-03-02 10:00"))
    kw.setdefault("amount_fen", 12_900)
    kw.setdefault("goods_type", GoodsType.NORMAL)
    return Order(
        platform=Platform(platform),
        shop=kw.pop("shop", "测试店"),
        order_no=kw.pop("order_no", "250302-123456789012345"),
        **kw,
    )


def case(
    platform: Platform | str = Platform.PINDUODUO,
    kind: CaseKind | str = CaseKind.REFUND_ONLY,
    state: CaseState | str = CaseState.AWAITING_MERCHANT,
    **kw,
) -> Case:
    for key in ("applied_at", "state_since", "platform_deadline"):
        if isinstance(kw.get(key), str):
            kw[key] = sh(kw[key])
    kw.setdefault("applied_at", sh("2026-03-10 09:00"))
    kw.setdefault("state_since", kw["applied_at"])
    kw.setdefault("amount_fen", 12_900)
    return Case(
        platform=Platform(platform),
        shop=kw.pop("shop", "测试店"),
        case_no=kw.pop("case_no", "AS-0001"),
        order_no=kw.pop("order_no", "250302-123456789012345"),
        kind=CaseKind(kind),
        state=CaseState(state),
        **kw,
    )
