"""Every row of shared/RULES.md as a scenario: start facts -> due time, actor, outcome.

Times are Shanghai wall time. Each row names the rule id it must come from, so a
pack edit that silently changes the source of a deadline fails here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from core.domain import (
    Actor,
    CaseKind,
    CaseState,
    Confidence,
    Platform,
    RuleOverride,
    TimerOrigin,
)
from tests.core.factories import case, order, sh, shop

PDD, TB, TM, DY = Platform.PINDUODUO, Platform.TAOBAO, Platform.TMALL, Platform.DOUYIN
RO, RR, EX = CaseKind.REFUND_ONLY, CaseKind.RETURN_REFUND, CaseKind.EXCHANGE
S = CaseState


@dataclass(frozen=True)
class Row:
    name: str
    platform: Platform
    order: dict
    case: dict | None  # None: an order timer
    timer: str
    rule_id: str | None
    due: str  # Shanghai wall time
    actor: Actor
    on_expiry: str
    next_state: CaseState | None = None
    origin: TimerOrigin = TimerOrigin.RULE
    money_fen: int | None = None
    goods_at_risk: bool = False
    shop: dict = field(default_factory=dict)


SHIPPED = {"shipped_at": "2026-03-03 15:00"}
RECEIVED = {"shipped_at": "2026-03-03 15:00", "received_at": "2026-03-06 11:00"}

# fmt: off
ROWS = [
    # ---------------------------------------------------------------- Pinduoduo
    Row("pdd ship by: 48 h after payment", PDD, {}, None,
        "ship_by", "ship_by", "2026-03-04 10:00", Actor.MERCHANT, "late_shipment_compensation",
        money_fen=300),
    Row("pdd ship by: counted from group success (成团)", PDD,
        {"group_success_at": "2026-03-02 18:30"}, None,
        "ship_by", "ship_by", "2026-03-04 18:30", Actor.MERCHANT, "late_shipment_compensation"),
    Row("pdd ship by: 承诺发货时间 from the export wins", PDD,
        {"ship_by": "2026-03-06 23:59"}, None,
        "ship_by", "ship_by", "2026-03-06 23:59", Actor.MERCHANT, "late_shipment_compensation",
        origin=TimerOrigin.PLATFORM),
    Row("pdd 2.2 refund-only on a shipped order: 48 h", PDD, SHIPPED, {"kind": RO},
        "merchant_handle", "refund_only.merchant_handle", "2026-03-12 09:00", Actor.MERCHANT,
        "auto_refund", S.REFUNDED, money_fen=12_900),
    Row("pdd 2.3 refund-only on an unshipped order: no later than ship-by", PDD,
        {"ship_by": "2026-03-10 20:00"}, {"kind": RO},
        "merchant_handle", "refund_only.merchant_handle.unshipped", "2026-03-10 20:00",
        Actor.MERCHANT, "auto_refund", S.REFUNDED),
    Row("pdd 2.3 unshipped but ship-by later than 48 h: 48 h", PDD,
        {"ship_by": "2026-03-15 20:00"}, {"kind": RO},
        "merchant_handle", "refund_only.merchant_handle.unshipped", "2026-03-12 09:00",
        Actor.MERCHANT, "auto_refund", S.REFUNDED),
    Row("pdd 2.3 shipped after the application: still no later than ship-by", PDD,
        {"ship_by": "2026-03-10 20:00", "shipped_at": "2026-03-10 12:00"}, {"kind": RO},
        "merchant_handle", "refund_only.merchant_handle.unshipped", "2026-03-10 20:00",
        Actor.MERCHANT, "auto_refund", S.REFUNDED),
    Row("pdd 2.3 computed ship-by, shipped after the application: capped by it", PDD,
        {"paid_at": "2026-03-09 10:00", "shipped_at": "2026-03-10 12:00"}, {"kind": RO},
        "merchant_handle", "refund_only.merchant_handle.unshipped", "2026-03-11 10:00",
        Actor.MERCHANT, "auto_refund", S.REFUNDED),
    Row("pdd 2.3 ship-by already passed at application: due at once", PDD,
        {"ship_by": "2026-03-04 10:00"}, {"kind": RO},
        "merchant_handle", "refund_only.merchant_handle.unshipped", "2026-03-10 09:00",
        Actor.MERCHANT, "auto_refund", S.REFUNDED),
    Row("pdd 3.2 return-refund: 48 h, refund without return", PDD, SHIPPED, {"kind": RR},
        "merchant_handle", "return_refund.merchant_handle", "2026-03-12 09:00", Actor.MERCHANT,
        "auto_refund_without_return", S.REFUNDED, money_fen=12_900, goods_at_risk=True),
    Row("pdd 2.4/3.3 buyer after a rejection: 7 d", PDD, SHIPPED,
        {"kind": RO, "state": S.REJECTED, "state_since": "2026-03-11 08:00"},
        "buyer_after_rejection", "buyer_after_rejection", "2026-03-18 08:00", Actor.BUYER,
        "buyer_overdue_closed", S.CLOSED),
    Row("pdd 3.5 buyer ships the return: 7 d", PDD, RECEIVED,
        {"kind": RR, "state": S.AWAITING_RETURN, "state_since": "2026-03-11 08:00"},
        "buyer_ship_return", "buyer_ship_return", "2026-03-18 08:00", Actor.BUYER,
        "buyer_overdue_closed", S.CLOSED),
    Row("pdd 3.6 merchant handles the returned goods: 7 d", PDD, RECEIVED,
        {"kind": RR, "state": S.RETURN_SHIPPED, "state_since": "2026-03-12 20:00"},
        "merchant_confirm_return", "return_refund.merchant_confirm_return", "2026-03-19 20:00",
        Actor.MERCHANT, "auto_refund", S.REFUNDED),
    Row("pdd exchange: merchant 48 h", PDD, RECEIVED, {"kind": EX},
        "merchant_handle", "exchange.merchant_handle", "2026-03-12 09:00", Actor.MERCHANT,
        "auto_agree_return", S.AWAITING_RETURN),
    Row("pdd exchange: returned goods, merchant 7 d (out of stock -> refund)", PDD, RECEIVED,
        {"kind": EX, "state": S.RETURN_SHIPPED, "state_since": "2026-03-12 20:00"},
        "merchant_confirm_return", "exchange.merchant_confirm_return", "2026-03-19 20:00",
        Actor.MERCHANT, "auto_refund", S.REFUNDED),
    Row("pdd platform-given expire_time beats the computed 48 h", PDD, SHIPPED,
        {"kind": RO, "platform_deadline": "2026-03-11 09:00"},
        "merchant_handle", "refund_only.merchant_handle", "2026-03-11 09:00", Actor.MERCHANT,
        "auto_refund", S.REFUNDED, origin=TimerOrigin.PLATFORM),
    Row("pdd 2.4.2 intervention with a platform deadline", PDD, SHIPPED,
        {"kind": RO, "state": S.INTERVENTION, "platform_deadline": "2026-03-13 18:00"},
        "merchant_evidence", "intervention.evidence", "2026-03-13 18:00", Actor.MERCHANT,
        "platform_decides", None, origin=TimerOrigin.PLATFORM),
    Row("pdd shop override: a shortened 24 h merchant limit", PDD, SHIPPED, {"kind": RO},
        "merchant_handle", "refund_only.merchant_handle", "2026-03-11 09:00", Actor.MERCHANT,
        "auto_refund", S.REFUNDED,
        shop={"rule_overrides": ({"rule_id": "refund_only.merchant_handle", "limit": 24,
                                  "unit": "hours"},)}),
    # ---------------------------------------------------------------- Taobao / Tmall
    Row("taobao ship by: 48 h, late-shipment penalty 5 % min 5 元", TB,
        {"amount_fen": 5_000}, None,
        "ship_by", "ship_by", "2026-03-04 10:00", Actor.MERCHANT, "late_shipment_compensation",
        money_fen=500),
    Row("taobao late-shipment penalty capped at 30 元", TB, {"amount_fen": 100_000}, None,
        "ship_by", "ship_by", "2026-03-04 10:00", Actor.MERCHANT, "late_shipment_compensation",
        money_fen=3_000),
    Row("tmall late-shipment penalty 30 %", TM, {"amount_fen": 30_000}, None,
        "ship_by", "ship_by", "2026-03-04 10:00", Actor.MERCHANT, "late_shipment_compensation",
        money_fen=9_000),
    Row("tmall late-shipment penalty capped at 500 元", TM, {"amount_fen": 500_000}, None,
        "ship_by", "ship_by", "2026-03-04 10:00", Actor.MERCHANT, "late_shipment_compensation",
        money_fen=50_000),
    Row("taobao refund on an unshipped order: 48 h", TB, {}, {"kind": RO},
        "merchant_handle", "refund.merchant_handle.unshipped", "2026-03-12 09:00",
        Actor.MERCHANT, "auto_refund", S.REFUNDED),
    Row("taobao refund on a shipped order: 5 d", TB, SHIPPED, {"kind": RO},
        "merchant_handle", "refund_only.merchant_handle.shipped", "2026-03-15 09:00",
        Actor.MERCHANT, "auto_refund", S.REFUNDED),
    Row("taobao refund on shipped virtual goods: 3 d", TB, {**SHIPPED, "goods_type": "virtual"},
        {"kind": RO},
        "merchant_handle", "refund_only.merchant_handle.shipped.virtual", "2026-03-13 09:00",
        Actor.MERCHANT, "auto_refund", S.REFUNDED),
    Row("taobao return on a shipped order: 5 d, then agreement reached", TB, SHIPPED,
        {"kind": RR},
        "merchant_handle", "return_refund.merchant_handle", "2026-03-15 09:00", Actor.MERCHANT,
        "auto_agree_return", S.AWAITING_RETURN),
    Row("tmall inherits the taobao 5 d", TM, SHIPPED, {"kind": RR},
        "merchant_handle", "return_refund.merchant_handle", "2026-03-15 09:00", Actor.MERCHANT,
        "auto_agree_return", S.AWAITING_RETURN),
    Row("taobao buyer returns the goods: 7 d", TB, RECEIVED,
        {"kind": RR, "state": S.AWAITING_RETURN, "state_since": "2026-03-11 08:00"},
        "buyer_ship_return", "buyer_ship_return", "2026-03-18 08:00", Actor.BUYER,
        "buyer_overdue_closed", S.CLOSED),
    Row("taobao seller confirms the returned parcel: 10 d", TB, RECEIVED,
        {"kind": RR, "state": S.RETURN_SHIPPED, "state_since": "2026-03-12 20:00"},
        "merchant_confirm_return", "merchant_confirm_return", "2026-03-22 20:00",
        Actor.MERCHANT, "auto_refund", S.REFUNDED),
    Row("taobao 超时时间 from the refund export wins", TB, SHIPPED,
        {"kind": RO, "platform_deadline": "2026-03-14 12:00"},
        "merchant_handle", "refund_only.merchant_handle.shipped", "2026-03-14 12:00",
        Actor.MERCHANT, "auto_refund", S.REFUNDED, origin=TimerOrigin.PLATFORM),
    Row("taobao 举证超时 during intervention", TB, SHIPPED,
        {"kind": RO, "state": S.INTERVENTION, "platform_deadline": "2026-03-16 10:00"},
        "merchant_evidence", "intervention.evidence", "2026-03-16 10:00", Actor.MERCHANT,
        "platform_decides", None, origin=TimerOrigin.PLATFORM),
    # ---------------------------------------------------------------- Douyin
    Row("douyin unshipped refund-only: 24 h (low confidence)", DY, {}, {"kind": RO},
        "merchant_handle", "refund_only.merchant_handle.unshipped", "2026-03-11 09:00",
        Actor.MERCHANT, "auto_refund", S.REFUNDED),
    Row("douyin refund-only on a shipped order: 48 h", DY, SHIPPED, {"kind": RO},
        "merchant_handle", "refund_only.merchant_handle", "2026-03-12 09:00", Actor.MERCHANT,
        "auto_refund", S.REFUNDED),
    Row("douyin return-refund review: 48 h, auto-agree", DY, SHIPPED, {"kind": RR},
        "merchant_handle", "return_refund.merchant_handle", "2026-03-12 09:00", Actor.MERCHANT,
        "auto_agree_return", S.AWAITING_RETURN),
    Row("douyin buyer after a rejection: 7 d to ask for mediation", DY, SHIPPED,
        {"kind": RO, "state": S.REJECTED, "state_since": "2026-03-11 08:00"},
        "buyer_after_rejection", "buyer_after_rejection", "2026-03-18 08:00", Actor.BUYER,
        "buyer_overdue_closed", S.CLOSED),
    Row("douyin buyer enters the return tracking number: 7 d", DY, RECEIVED,
        {"kind": RR, "state": S.AWAITING_RETURN, "state_since": "2026-03-11 08:00"},
        "buyer_ship_return", "buyer_ship_return", "2026-03-18 08:00", Actor.BUYER,
        "buyer_overdue_closed", S.CLOSED),
    Row("douyin merchant confirms the return: 7 d", DY, RECEIVED,
        {"kind": RR, "state": S.RETURN_SHIPPED, "state_since": "2026-03-12 20:00"},
        "merchant_confirm_return", "merchant_confirm_return", "2026-03-19 20:00",
        Actor.MERCHANT, "auto_refund", S.REFUNDED),
    Row("douyin merchant evidence after intervention: 24 h", DY, SHIPPED,
        {"kind": RO, "state": S.INTERVENTION, "state_since": "2026-03-12 10:00"},
        "merchant_evidence", "merchant_evidence", "2026-03-13 10:00", Actor.MERCHANT,
        "platform_rules_for_buyer", S.REFUNDED),
]
# fmt: on


def _build(row: Row):
    o = order(row.platform, **row.order)
    overrides = row.shop.get("rule_overrides", ())
    s = shop(row.platform, rule_overrides=tuple(RuleOverride(**x) for x in overrides))
    c = case(row.platform, **row.case) if row.case is not None else None
    return o, c, s


@pytest.mark.parametrize("row", ROWS, ids=[r.name for r in ROWS])
def test_rules_md_row(engine, row: Row):
    o, c, s = _build(row)
    timers = engine.timers(o, [c] if c else [], s)
    matching = [t for t in timers if t.timer == row.timer and not t.informational]
    assert len(matching) == 1, [(t.timer, t.rule_id) for t in timers]
    t = matching[0]
    assert t.rule_id == row.rule_id
    assert t.due_at == sh(row.due)
    assert t.actor is row.actor
    assert t.on_expiry == row.on_expiry
    assert t.next_state == row.next_state
    assert t.origin is row.origin
    assert t.due_at >= t.started_at
    assert t.pack_version == engine.book.pack(row.platform).version
    assert t.clause
    if row.money_fen is not None:
        assert t.amount_at_risk_fen == row.money_fen
    assert t.goods_at_risk is row.goods_at_risk


def test_one_main_timer_per_state(engine):
    """Principle 1: each open state has at most one non-informational timer."""
    for platform in Platform:
        for kind in CaseKind:
            for state in S:
                c = case(platform, kind=kind, state=state)
                for facts in ({}, SHIPPED, RECEIVED):
                    timers = engine.case_timers(c, order(platform, **facts), shop(platform))
                    assert len([t for t in timers if not t.informational]) <= 1


def test_terminal_states_run_no_merchant_timer(engine):
    for platform in Platform:
        for state in (S.REFUNDED, S.CLOSED, S.CANCELLED):
            c = case(platform, state=state)
            timers = engine.case_timers(c, order(platform, **SHIPPED), shop(platform))
            assert all(t.informational for t in timers)


def test_presale_without_ship_by_has_no_guessed_deadline(engine):
    assert engine.ship_by(order(PDD, presale=True), shop(PDD)) is None
    given = engine.ship_by(order(PDD, presale=True, ship_by="2026-03-25 23:59"), shop(PDD))
    assert given is not None
    assert given.due_at == sh("2026-03-25 23:59")


def test_shipping_stops_the_ship_timer_and_a_refund_before_shipping_too(engine):
    assert engine.ship_by(order(PDD, **SHIPPED), shop(PDD)) is None
    refunded = case(PDD, kind=RO, state=S.REFUNDED)
    timers = engine.timers(order(PDD), [refunded], shop(PDD))
    assert "ship_by" not in [t.timer for t in timers]
    assert "ship_by" in [t.timer for t in engine.timers(order(PDD), [], shop(PDD))]


def test_refund_request_on_unshipped_order_warns_on_the_ship_timer(engine):
    timers = engine.timers(order(PDD), [case(PDD, kind=RO)], shop(PDD))
    ship = next(t for t in timers if t.timer == "ship_by")
    assert "refund_requested_before_shipping" in ship.warnings


def test_unknown_shipping_takes_the_earlier_rule_and_says_so(engine):
    """A 售后 export without its order: Taobao 48 h (unshipped) beats 5 d (shipped)."""
    t = engine.case_timers(case(TB, kind=RO), None, shop(TB))[0]
    assert t.due_at == sh("2026-03-12 09:00")
    assert "fact_unknown:shipped" in t.warnings


def test_override_below_platform_minimum_is_ignored_with_warning(engine):
    s = shop(PDD, rule_overrides=(RuleOverride("refund_only.merchant_handle", 12, "hours"),))
    t = engine.case_timers(case(PDD, kind=RO), order(PDD, **SHIPPED), s)[0]
    assert t.due_at == sh("2026-03-12 09:00")
    assert "override_below_minimum" in t.warnings


def test_douyin_evidence_timer_reminds_at_12_hours_left(engine):
    c = case(DY, kind=RO, state=S.INTERVENTION)
    timers = engine.case_timers(c, order(DY, **SHIPPED), shop(DY))
    t = next(x for x in timers if not x.informational)
    assert 12.0 in t.remind_before_hours


def test_douyin_informational_platform_timers(engine):
    """Platform review 1–3 working days and refund arrival 1–7 working days never move state."""
    review = case(DY, kind=RO, state=S.INTERVENTION, state_since="2026-03-13 10:00")  # Friday
    timers = engine.case_timers(review, order(DY, **SHIPPED), shop(DY))
    info = [t for t in timers if t.informational]
    assert [(t.timer, t.due_at) for t in info] == [("platform_review", sh("2026-03-18 10:00"))]
    assert info[0].actor is Actor.PLATFORM
    assert info[0].next_state is None
    refunded = case(
        DY, kind=RO, state=S.REFUNDED, applied_at="2026-02-11 10:00", state_since="2026-02-12 16:00"
    )
    arrival = engine.case_timers(refunded, order(DY, **SHIPPED), shop(DY))
    # across the 2026 Spring Festival: 02-13, 02-14 (make-up Saturday), 02-24 .. 02-27, 02-28
    assert [(t.timer, t.due_at) for t in arrival] == [("refund_arrival", sh("2026-02-28 16:00"))]


def test_working_days_past_the_calendar_fall_back_with_a_warning(engine):
    refunded = case(DY, kind=RO, state=S.REFUNDED, state_since="2026-12-30 16:00")
    (t,) = engine.case_timers(refunded, order(DY, **SHIPPED), shop(DY))
    # 12-31 (Thu) then Mon–Fri 2027: 01-01, 01-04, 01-05, 01-06, 01-07, 01-08 -> 7th = 01-08
    assert t.due_at == sh("2027-01-08 16:00")
    assert "calendar_fallback:2027" in t.warnings


def test_taobao_intervention_opens_72_hours_after_application(engine):
    c = case(TB, kind=RO)
    info = [t for t in engine.case_timers(c, order(TB, **SHIPPED), shop(TB)) if t.informational]
    assert [(t.timer, t.due_at, t.actor) for t in info] == [
        ("intervention_available", sh("2026-03-13 09:00"), Actor.BUYER)
    ]


def test_confidence_is_reported(engine):
    t = engine.case_timers(case(DY, kind=RO), order(DY), shop(DY))[0]
    assert t.confidence is Confidence.LOW


def test_a_spring_festival_special_period_layers_on_top(book):
    """A date-ranged notice changes the limit for timers that start inside it, and wins
    over the shop's own override; outside the period the pack (or shop) value holds."""
    from datetime import date

    from core.calendar import WorkCalendar
    from core.rules.engine import Engine
    from core.rules.loader import RuleBook
    from core.rules.model import LimitChange, SpecialPeriod, Unit

    notice = SpecialPeriod(
        id="spring-2026",
        name_zh="2026春节发货延长",
        name_en="Spring Festival 2026 shipping extension",
        valid_from=date(2026, 2, 10),
        valid_to=date(2026, 2, 24),
        source="test notice",
        changes={"ship_by": LimitChange(96, Unit.HOURS)},
    )
    festive = Engine(RuleBook(book.packs(), overlay={PDD: (notice,)}), WorkCalendar())
    inside = festive.ship_by(order(PDD, paid_at="2026-02-12 10:00"), shop(PDD))
    assert inside.due_at == sh("2026-02-16 10:00")
    assert "special_period:spring-2026" in inside.warnings
    outside = festive.ship_by(order(PDD, paid_at="2026-03-02 10:00"), shop(PDD))
    assert outside.due_at == sh("2026-03-04 10:00")
    assert not [w for w in outside.warnings if w.startswith("special_period")]
    overridden = shop(PDD, rule_overrides=(RuleOverride("ship_by", 24, "hours"),))
    both = festive.ship_by(order(PDD, paid_at="2026-02-12 10:00"), overridden)
    assert both.due_at == sh("2026-02-16 10:00")
    assert festive.ship_by(order(PDD, paid_at="2026-03-02 10:00"), overridden).due_at == sh(
        "2026-03-03 10:00"
    )
