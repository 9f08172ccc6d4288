"""Domain objects from one validated row's values; Douyin sub-order rows folded into one.

Contract: `build(kind, values)` makes the Order ("orders") or Case ("cases") of a
row whose values have all been parsed and checked (it may still raise TypeError or
ValueError for a fact the domain refuses); `merge_sub_orders(values)` folds the
values of the sub-order rows of one main order into the first of them.

Threading: pure functions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from core.domain import Case, Order


def build(kind: str, v: Mapping[str, object]) -> Order | Case:
    if kind == "orders":
        return Order(
            platform=v["platform"], shop=v["shop"], order_no=v["order_no"],
            amount_fen=v["amount_yuan"], paid_at=v["paid_at"], title=v.get("title") or "",
            group_success_at=v.get("group_success_at"), ship_by=v.get("ship_by"),
            shipped_at=v.get("shipped_at"), received_at=v.get("received_at"),
            goods_type=v.get("goods_type") or "normal",
            customised=bool(v.get("customised")), presale=bool(v.get("presale")),
            buyer_name=v.get("buyer_name") or "", buyer_phone=v.get("buyer_phone") or "",
            buyer_address=v.get("buyer_address") or "",
        )  # fmt: skip
    return Case(
        platform=v["platform"], shop=v["shop"], case_no=v["case_no"],
        order_no=v["order_no"], kind=v["kind"], state=v["state"],
        applied_at=v["applied_at"], state_since=v.get("state_since") or v["applied_at"],
        amount_fen=v["amount_yuan"], reason=v.get("reason") or "",
        platform_deadline=v.get("platform_deadline"),
        cancellation_count=v.get("cancellation_count") or 0,
        shipped_at_application=v.get("shipped_at_application"),
        tracking_no=v.get("tracking_no") or "",
    )  # fmt: skip


def merge_sub_orders(values: Sequence[dict[str, object]]) -> None:
    """Fold Douyin sub-order rows into the first: the order is shipped / received
    only when every sub-order is, at the last one; its ship-by is the earliest."""
    first = values[0]
    amounts = [v.get("amount_yuan") for v in values]
    if all(isinstance(a, int) for a in amounts):
        first["amount_yuan"] = sum(amounts)
    titles = [str(v["title"]) for v in values if v.get("title")]
    first["title"] = "；".join(dict.fromkeys(titles))
    for name, pick in (("paid_at", min), ("ship_by", min)):
        known = [v[name] for v in values if v.get(name) is not None]
        first[name] = pick(known) if known else None
    for name in ("shipped_at", "received_at"):
        times = [v.get(name) for v in values]
        first[name] = None if None in times else max(times)
