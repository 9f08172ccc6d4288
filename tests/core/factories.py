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


# A shipped Pinduoduo order and the after-sales export's header, as the platforms write
# them: for tests that import files the way the operator does.
PDD_ORDER_CSV = (
    "订单号,用户实付金额(元),支付时间,发货时间\n"
    "260301-1,59.90,2026-03-01 10:00:00,2026-03-01 18:00:00\n"
)
PDD_CASES_HEADER = "售后编号,订单编号,售后类型,售后状态,申请时间,退款金额(元)\n"


def import_csv(service, folder, name: str, text: str, shop_name: str = "测试店") -> None:
    """Write ``text`` as ``folder/name`` and import it as the operator does: read_file,
    then Service.import_plan (the file must have no row errors)."""
    from core.importers import read_file

    path = folder / name
    path.write_text(text, encoding="utf-8")
    plan = read_file(path, shop=shop_name)
    assert not plan.errors, plan.errors
    service.import_plan(plan)


def import_return_cases(service, folder, applied: dict[str, str]) -> None:
    """PDD_ORDER_CSV's order, then its return-refund cases awaiting the merchant
    (待商家处理, 59.90 yuan): case number -> applied at ('2026-03-05 10:00:00')."""
    import_csv(service, folder, "orders.csv", PDD_ORDER_CSV)
    rows = "".join(f"{no},260301-1,退货退款,待商家处理,{at},59.90\n" for no, at in applied.items())
    import_csv(service, folder, "cases.csv", PDD_CASES_HEADER + rows)
