"""Can this order still get a refund-only / return-refund / exchange request?

Contract: pure function of the order, its cases, the shop and `now`. Answers
with codes (core.domain.Ineligible / Condition), never UI sentences. The first
blocking reason wins, in the order a buyer would meet them: goods type,
customised goods in production, shipping / receipt, cancellations, an open
case, then the window.

Threading: no shared state.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from core.domain import (
    Case,
    CaseKind,
    CaseState,
    Condition,
    Eligibility,
    Ineligible,
    Order,
    Shop,
)
from core.rules.engine import Engine
from core.rules.model import Anchor, Rule, RulePack, Scope, WindowRole


def eligibility(
    engine: Engine,
    order: Order,
    cases: Sequence[Case],
    shop: Shop | None,
    now: datetime,
) -> dict[CaseKind, Eligibility]:
    pack, _ = engine.pack_for(order.platform)
    return {kind: _one(engine, pack, kind, order, cases, shop, now) for kind in CaseKind}


def cancellations(cases: Sequence[Case]) -> int:
    """How often the buyer cancelled on this order (the larger of count and stored figure)."""
    counted = sum(1 for c in cases if c.state is CaseState.CANCELLED)
    stored = max((c.cancellation_count for c in cases), default=0)
    return max(counted, stored)


def window_end(
    engine: Engine, rule: Rule, order: Order, shop: Shop | None
) -> tuple[datetime | None, tuple[str, ...]]:
    """End of a request window; None while its anchor (e.g. receipt) has not happened."""
    anchor = {
        Anchor.PAID: order.ship_clock_start,
        Anchor.SHIPPED: order.shipped_at,
        Anchor.RECEIVED: order.received_at,
    }.get(rule.anchor)
    if anchor is None:
        return None, ()
    computed = engine.deadline(rule, order.platform, shop, anchor)
    if computed is None:
        return None, ()
    end, warnings = computed
    if rule.extend_by_promised_period and shop and shop.promised_aftersale_days:
        # the promised after-sales period counts in days from receipt (RULES.md, PDD 2.1/3.1)
        end = max(end, anchor + timedelta(days=shop.promised_aftersale_days))
    return end, warnings


def _window(pack: RulePack, kind: CaseKind, role: WindowRole) -> Rule | None:
    return next(
        (
            r
            for r in pack.rules
            if r.scope is Scope.WINDOW and r.window_role is role and kind in r.kinds
        ),
        None,
    )


def _opened(rule: Rule, order: Order) -> bool:
    opens = rule.opens or Anchor.PAID
    return {
        Anchor.PAID: True,
        Anchor.SHIPPED: order.shipped_at is not None,
        Anchor.RECEIVED: order.received_at is not None,
    }.get(opens, True)


def _one(
    engine: Engine,
    pack: RulePack,
    kind: CaseKind,
    order: Order,
    cases: Sequence[Case],
    shop: Shop | None,
    now: datetime,
) -> Eligibility:
    policy = pack.eligibility
    window = _window(pack, kind, WindowRole.REQUEST)
    if window is None:
        return Eligibility(kind, False, None, Ineligible.NOT_OFFERED)
    until, _ = window_end(engine, window, order, shop)

    def refuse(reason: Ineligible, clause: str = "") -> Eligibility:
        return Eligibility(kind, False, until, reason, rule_id=window.id, clause=clause)

    conditions = tuple(policy.customised.get(kind, ())) if order.customised else ()
    if order.goods_type in policy.special_goods and kind in policy.special_goods_excluded:
        return refuse(Ineligible.SPECIAL_GOODS, policy.clause_special_goods)
    if Condition.NOT_DURING_PRODUCTION in conditions and order.shipped_at is None:
        # customised goods not yet shipped are in production: no refund (seed 002)
        return refuse(Ineligible.CUSTOMISED, policy.clause_customised)
    if kind in policy.requires_shipped and order.shipped_at is None:
        return refuse(Ineligible.NOT_SHIPPED, window.clause)
    if kind in policy.requires_received and order.received_at is None:
        return refuse(Ineligible.NOT_RECEIVED, window.clause)
    if not _opened(window, order):
        reason = (
            Ineligible.NOT_SHIPPED if window.opens is Anchor.SHIPPED else (Ineligible.NOT_RECEIVED)
        )
        return refuse(reason, window.clause)
    limit = policy.max_cancellations
    if limit is not None and cancellations(cases) >= limit:
        return refuse(Ineligible.CANCELLATION_LIMIT, policy.clause_cancellations)
    if any(c.is_open for c in cases):
        return refuse(Ineligible.OPEN_CASE)
    if until is not None and now > until:
        return refuse(Ineligible.WINDOW_CLOSED, window.clause)
    no_reason_until = None
    no_reason = _window(pack, kind, WindowRole.NO_REASON)
    if no_reason is not None and Condition.NO_SEVEN_DAY_NO_REASON not in conditions:
        no_reason_until, _ = window_end(engine, no_reason, order, shop)
    return Eligibility(
        kind,
        True,
        until,
        None,
        conditions=conditions,
        rule_id=window.id,
        clause=window.clause,
        no_reason_until=no_reason_until,
    )
