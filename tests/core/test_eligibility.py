"""Can the buyer still file a request, until when, and if not, why."""

from __future__ import annotations

from core.domain import CaseKind, CaseState, Condition, Ineligible, Platform
from core.rules.eligibility import eligibility
from tests.core.factories import case, order, sh, shop

PDD, TB, DY = Platform.PINDUODUO, Platform.TAOBAO, Platform.DOUYIN
RO, RR, EX = CaseKind.REFUND_ONLY, CaseKind.RETURN_REFUND, CaseKind.EXCHANGE
RECEIVED = {"shipped_at": "2026-03-03 15:00", "received_at": "2026-03-06 11:00"}


def test_pdd_window_is_receipt_plus_15_days(engine):
    e = eligibility(engine, order(PDD, **RECEIVED), [], shop(PDD), sh("2026-03-10 00:00"))
    assert e[RO].allowed
    assert e[RO].until == sh("2026-03-21 11:00")
    assert e[RO].clause == "2.1"
    assert e[RR].until == sh("2026-03-21 11:00")
    assert e[EX].until == sh("2026-03-13 11:00")  # exchange: 7 d from receipt
    # 7-day no-reason return: 168 h from 00:00 of the day after receipt
    assert e[RR].no_reason_until == sh("2026-03-14 00:00")


def test_promised_after_sales_period_extends_the_window(engine):
    """window = max(receipt + 15 d, promised period from receipt)."""
    e = eligibility(
        engine,
        order(PDD, **RECEIVED),
        [],
        shop(PDD, promised_aftersale_days=30),
        sh("2026-03-30 00:00"),
    )
    assert e[RO].allowed
    assert e[RO].until == sh("2026-04-05 11:00")
    short = eligibility(
        engine,
        order(PDD, **RECEIVED),
        [],
        shop(PDD, promised_aftersale_days=7),
        sh("2026-03-10 00:00"),
    )
    assert short[RO].until == sh("2026-03-21 11:00")


def test_window_closed(engine):
    e = eligibility(engine, order(PDD, **RECEIVED), [], shop(PDD), sh("2026-03-21 11:01"))
    assert not e[RO].allowed
    assert e[RO].reason is Ineligible.WINDOW_CLOSED
    assert e[RO].until == sh("2026-03-21 11:00")


def test_before_receipt_the_end_is_open(engine):
    e = eligibility(
        engine, order(PDD, shipped_at="2026-03-03 15:00"), [], shop(PDD), sh("2026-03-04 00:00")
    )
    assert e[RO].allowed
    assert e[RO].until is None
    assert e[RR].allowed
    assert e[EX].reason is Ineligible.NOT_RECEIVED


def test_return_refund_needs_a_shipped_order(engine):
    e = eligibility(engine, order(PDD), [], shop(PDD), sh("2026-03-03 00:00"))
    assert e[RO].allowed
    assert not e[RR].allowed
    assert e[RR].reason is Ineligible.NOT_SHIPPED


def test_special_goods_are_refused_return_refund(engine):
    for goods in ("fruit", "fresh", "virtual", "car"):
        e = eligibility(
            engine, order(PDD, goods_type=goods, **RECEIVED), [], shop(PDD), sh("2026-03-07 00:00")
        )
        assert e[RO].allowed, goods
        assert e[RR].reason is Ineligible.SPECIAL_GOODS, goods
        assert e[RR].clause == "1.2"
        assert e[EX].reason is Ineligible.SPECIAL_GOODS, goods


def test_customised_goods(engine):
    """Seed 002: no refund in production, refund-only only for quality, no 7-day no-reason."""
    in_production = eligibility(
        engine, order(PDD, customised=True), [], shop(PDD), sh("2026-03-03 00:00")
    )
    assert in_production[RO].reason is Ineligible.CUSTOMISED
    done = eligibility(
        engine, order(PDD, customised=True, **RECEIVED), [], shop(PDD), sh("2026-03-07 00:00")
    )
    assert done[RO].allowed
    assert Condition.QUALITY_PROBLEM_ONLY in done[RO].conditions
    assert done[RR].allowed
    assert Condition.NO_SEVEN_DAY_NO_REASON in done[RR].conditions
    assert done[RR].no_reason_until is None


def test_third_cancellation_blocks_a_new_self_service_request(engine):
    o = order(PDD, **RECEIVED)

    def cancelled(n):
        return case(PDD, case_no=f"AS-{n}", state=CaseState.CANCELLED, cancellation_count=n)

    two = eligibility(engine, o, [cancelled(1), cancelled(2)], shop(PDD), sh("2026-03-07 00:00"))
    assert two[RO].allowed
    three = eligibility(
        engine, o, [cancelled(1), cancelled(2), cancelled(3)], shop(PDD), sh("2026-03-07 00:00")
    )
    assert three[RO].reason is Ineligible.CANCELLATION_LIMIT
    assert three[RR].reason is Ineligible.CANCELLATION_LIMIT
    # the platform's own count (from an export) is trusted even without the old cases
    stored = eligibility(
        engine,
        o,
        [case(PDD, state=CaseState.CANCELLED, cancellation_count=3)],
        shop(PDD),
        sh("2026-03-07 00:00"),
    )
    assert stored[RO].reason is Ineligible.CANCELLATION_LIMIT


def test_an_open_case_blocks_a_second_request(engine):
    e = eligibility(engine, order(PDD, **RECEIVED), [case(PDD)], shop(PDD), sh("2026-03-10 10:00"))
    assert e[RO].reason is Ineligible.OPEN_CASE


def test_taobao_window_15_days_after_trade_success(engine):
    e = eligibility(engine, order(TB, **RECEIVED), [], shop(TB), sh("2026-03-10 00:00"))
    assert e[RO].until == sh("2026-03-21 11:00")
    assert e[RR].until == sh("2026-03-21 11:00")
