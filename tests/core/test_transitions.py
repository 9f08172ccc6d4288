"""Actions, guards and expiry outcomes, through the real rule packs."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.domain import Actor, CaseKind, CaseState, Platform, Source
from core.rules.transitions import (
    Action,
    ActionRefused,
    Refusal,
    allowed_actions,
    apply_action,
    apply_expiry,
    passed_deadline,
    refusal,
)
from tests.core.factories import case, order, sh, shop
from tests.fakes import FakeClock

PDD, TB, DY = Platform.PINDUODUO, Platform.TAOBAO, Platform.DOUYIN
S = CaseState
SHIPPED = {"shipped_at": "2026-03-03 15:00"}


def main_timer(transition):
    return next(t for t in transition.timers if not t.informational)


def test_rejection_then_resubmission_restarts_the_48h_merchant_timer(engine):
    """PDD 2.4.1: rejection -> 7-day buyer timer -> resubmission -> new 48 h."""
    o, s = order(PDD, **SHIPPED), shop(PDD)
    c = case(PDD, kind=CaseKind.REFUND_ONLY)
    rejected = apply_action(engine, c, o, s, Action.REJECT, sh("2026-03-10 20:00"), note="已发货")
    assert rejected.case.state is S.REJECTED
    t = main_timer(rejected)
    assert (t.timer, t.actor, t.due_at) == (
        "buyer_after_rejection",
        Actor.BUYER,
        sh("2026-03-17 20:00"),
    )
    assert rejected.event.by is Actor.MERCHANT
    assert rejected.event.note == "已发货"
    assert rejected.event.source is Source.MANUAL
    again = apply_action(engine, rejected.case, o, s, Action.BUYER_RESUBMIT, sh("2026-03-14 08:00"))
    t = main_timer(again)
    assert again.case.state is S.AWAITING_MERCHANT
    assert (t.timer, t.due_at) == ("merchant_handle", sh("2026-03-16 08:00"))


def test_return_refund_happy_path(engine):
    o, s = order(PDD, **SHIPPED, received_at="2026-03-05 10:00"), shop(PDD)
    c = case(PDD, kind=CaseKind.RETURN_REFUND)
    agreed = apply_action(engine, c, o, s, Action.AGREE, sh("2026-03-10 10:00"))
    assert agreed.case.state is S.AWAITING_RETURN
    shipped = apply_action(
        engine,
        agreed.case,
        o,
        s,
        Action.BUYER_SHIP_RETURN,
        sh("2026-03-11 10:00"),
        tracking_no="SF1234567890",
    )
    assert shipped.case.state is S.RETURN_SHIPPED
    assert shipped.case.tracking_no == "SF1234567890"
    assert shipped.event.data["tracking_no"] == "SF1234567890"
    assert main_timer(shipped).due_at == sh("2026-03-18 10:00")
    done = apply_action(engine, shipped.case, o, s, Action.CONFIRM_REFUND, sh("2026-03-12 10:00"))
    assert done.case.state is S.REFUNDED
    assert not [t for t in done.timers if not t.informational]


def test_refund_only_agree_refunds_at_once(engine):
    t = apply_action(
        engine, case(PDD), order(PDD, **SHIPPED), shop(PDD), Action.AGREE, sh("2026-03-10 10:00")
    )
    assert t.case.state is S.REFUNDED


@pytest.mark.parametrize(
    ("state", "action", "kwargs", "code"),
    [
        (S.AWAITING_MERCHANT, Action.CONFIRM_REFUND, {}, Refusal.STATE),
        (S.REFUNDED, Action.BUYER_CANCEL, {}, Refusal.STATE),
        (S.AWAITING_MERCHANT, Action.REJECT, {}, Refusal.REASON_REQUIRED),
        (S.AWAITING_MERCHANT, Action.REJECT, {"note": "   "}, Refusal.REASON_REQUIRED),
        (S.AWAITING_RETURN, Action.BUYER_SHIP_RETURN, {}, Refusal.TRACKING_REQUIRED),
        (S.AWAITING_MERCHANT, Action.CONFIRM_OUTCOME, {}, Refusal.NOT_ASSUMED),
        (S.AWAITING_MERCHANT, Action.NOTE, {}, Refusal.NOTE_REQUIRED),
        (S.AWAITING_MERCHANT, Action.BUYER_INTERVENE, {}, Refusal.STATE),  # PDD: after rejection
    ],
)
def test_refused_actions_name_their_reason(engine, state, action, kwargs, code):
    c = case(PDD, kind=CaseKind.RETURN_REFUND, state=state)
    with pytest.raises(ActionRefused) as err:
        apply_action(
            engine, c, order(PDD, **SHIPPED), shop(PDD), action, sh("2026-03-10 12:00"), **kwargs
        )
    assert err.value.code is code


def test_exchange_only_action_refused_on_a_refund(engine):
    c = case(PDD, kind=CaseKind.RETURN_REFUND, state=S.RETURN_SHIPPED)
    with pytest.raises(ActionRefused) as err:
        apply_action(
            engine,
            c,
            order(PDD, **SHIPPED),
            shop(PDD),
            Action.EXCHANGE_RESHIP,
            sh("2026-03-10 12:00"),
        )
    assert err.value.code is Refusal.KIND


def test_action_before_the_state_began_is_refused(engine):
    c = case(PDD, state_since="2026-03-10 09:00")
    with pytest.raises(ActionRefused) as err:
        apply_action(
            engine, c, order(PDD, **SHIPPED), shop(PDD), Action.AGREE, sh("2026-03-10 08:59")
        )
    assert err.value.code is Refusal.BEFORE_STATE


def test_taobao_intervention_only_72_hours_after_application(engine):
    c, o, s = case(TB), order(TB, **SHIPPED), shop(TB)
    with pytest.raises(ActionRefused) as err:
        apply_action(engine, c, o, s, Action.BUYER_INTERVENE, sh("2026-03-13 08:59"))
    assert err.value.code is Refusal.INTERVENTION_TOO_EARLY
    t = apply_action(engine, c, o, s, Action.BUYER_INTERVENE, sh("2026-03-13 09:00"))
    assert t.case.state is S.INTERVENTION
    assert Action.BUYER_INTERVENE in allowed_actions(engine, c, o, s, sh("2026-03-13 09:00"))
    assert Action.BUYER_INTERVENE not in allowed_actions(engine, c, o, s, sh("2026-03-12 09:00"))


def test_buyer_cancel_counts_cancellations(engine):
    t = apply_action(
        engine,
        case(PDD, cancellation_count=1),
        order(PDD, **SHIPPED),  # unshipped, its ship-by had passed: auto-agreed at once (2.3)
        shop(PDD),
        Action.BUYER_CANCEL,
        sh("2026-03-10 10:00"),
    )
    assert t.case.state is S.CANCELLED
    assert t.case.cancellation_count == 2


def test_an_action_after_the_deadline_passed_is_refused(engine):
    """Found by testing: reject was recorded a day after the 48 h ran out, when the
    platform had already refunded (3.2). Up to the deadline it is taken; after it
    only a note or confirming the rule's outcome (once the sweep assumed it) is."""
    c, o, s = case(PDD, kind=CaseKind.RETURN_REFUND), order(PDD, **SHIPPED), shop(PDD)
    due = sh("2026-03-12 09:00")  # applied 03-10 09:00 + 48 h
    in_time = apply_action(engine, c, o, s, Action.REJECT, due - timedelta(minutes=1), note="x")
    assert in_time.case.state is S.REJECTED
    late = due + timedelta(hours=20)
    for action in (Action.AGREE, Action.REJECT, Action.BUYER_CANCEL):
        assert refusal(engine, c, o, s, action, late, note="x") is Refusal.DEADLINE_PASSED
    assert passed_deadline(engine, c, o, s, late).due_at == due
    assert set(allowed_actions(engine, c, o, s, late)) == {Action.NOTE}
    with pytest.raises(ActionRefused) as info:
        apply_action(engine, c, o, s, Action.AGREE, late)
    assert info.value.code is Refusal.DEADLINE_PASSED


def test_allowed_actions_per_state(engine):
    o, s, at = order(PDD, **SHIPPED), shop(PDD), sh("2026-03-10 12:00")
    got = {
        state: set(
            allowed_actions(engine, case(PDD, kind=CaseKind.RETURN_REFUND, state=state), o, s, at)
        )
        for state in S
    }
    assert got[S.AWAITING_MERCHANT] == {
        Action.AGREE,
        Action.REJECT,
        Action.BUYER_CANCEL,
        Action.NOTE,
    }
    assert got[S.REJECTED] == {
        Action.BUYER_RESUBMIT,
        Action.BUYER_CANCEL,
        Action.BUYER_INTERVENE,
        Action.NOTE,
    }
    assert got[S.RETURN_SHIPPED] == {
        Action.CONFIRM_REFUND,
        Action.REJECT_RETURN,
        Action.BUYER_CANCEL,
        Action.NOTE,
    }
    assert got[S.INTERVENTION] == {
        Action.PLATFORM_FOR_BUYER,
        Action.PLATFORM_FOR_MERCHANT,
        Action.BUYER_CANCEL,
        Action.NOTE,
    }
    assert got[S.REFUNDED] == {Action.NOTE}


# ---------------------------------------------------------------------------- expiry


def test_expired_return_refund_is_refunded_without_return_assumed(engine):
    clock = FakeClock(sh("2026-03-12 08:59"))
    o, s = order(PDD, **SHIPPED), shop(PDD)
    c = case(PDD, kind=CaseKind.RETURN_REFUND)
    same, events = apply_expiry(engine, c, o, s, clock.now())
    assert (same, events) == (c, ())
    clock.advance(timedelta(minutes=1))
    after, events = apply_expiry(engine, c, o, s, clock.now())
    assert after.state is S.REFUNDED
    assert after.assumed
    (event,) = events
    assert event.source is Source.RULE
    assert event.by is Actor.SYSTEM
    assert event.assumed
    assert event.at == sh("2026-03-12 09:00")
    assert event.rule_id == "return_refund.merchant_handle"
    assert event.data["on_expiry"] == "auto_refund_without_return"
    again, more = apply_expiry(engine, after, o, s, clock.now() + timedelta(days=30))
    assert (again, more) == (after, ())


def test_expiry_follows_a_chain_of_deadlines(engine):
    """Taobao: 5 d unanswered -> agreement reached; 7 d without a return -> closed."""
    o, s = order(TB, **SHIPPED), shop(TB)
    c = case(TB, kind=CaseKind.RETURN_REFUND)
    after, events = apply_expiry(engine, c, o, s, sh("2026-04-30 00:00"))
    assert [e.to_state for e in events] == [S.AWAITING_RETURN, S.CLOSED]
    assert [e.at for e in events] == [sh("2026-03-15 09:00"), sh("2026-03-22 09:00")]
    assert after.state is S.CLOSED
    assert after.assumed


def test_expiry_stops_where_the_platform_decides(engine):
    c = case(PDD, state=S.INTERVENTION, platform_deadline="2026-03-12 10:00")
    after, events = apply_expiry(
        engine, c, order(PDD, **SHIPPED), shop(PDD), sh("2026-03-20 00:00")
    )
    assert (after, events) == (c, ())


def test_operator_confirms_an_assumed_outcome(engine):
    o, s = order(PDD, **SHIPPED), shop(PDD)
    after, _ = apply_expiry(engine, case(PDD), o, s, sh("2026-03-20 00:00"))
    confirmed = apply_action(engine, after, o, s, Action.CONFIRM_OUTCOME, sh("2026-03-20 00:00"))
    assert confirmed.case.state is S.REFUNDED
    assert not confirmed.case.assumed
    assert confirmed.event.by is Actor.OPERATOR
