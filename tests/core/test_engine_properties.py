"""Property tests: invariants that must hold for any facts and any action sequence."""

from __future__ import annotations

import dataclasses
import itertools
from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.domain import Case, CaseKind, CaseState, GoodsType, Order, Platform, Shop
from core.rules.transitions import Action, allowed_actions, apply_action, apply_expiry

BASE = datetime(2025, 1, 1, tzinfo=UTC)
SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

offsets = st.integers(min_value=0, max_value=60 * 24 * 500)  # minutes, 2025 .. mid 2026
platforms = st.sampled_from(list(Platform))


@st.composite
def worlds(draw):
    platform = draw(platforms)
    paid = BASE + timedelta(minutes=draw(offsets))
    shipped = draw(
        st.none() | st.integers(0, 60 * 24 * 5).map(lambda m: paid + timedelta(minutes=m))
    )
    received = None
    if shipped is not None:
        received = draw(
            st.none() | st.integers(0, 60 * 24 * 10).map(lambda m: shipped + timedelta(minutes=m))
        )
    order = Order(
        platform=platform,
        shop="店",
        order_no=str(draw(st.integers(10**17, 10**19))),
        amount_fen=draw(st.integers(0, 10**7)),
        paid_at=paid,
        ship_by=draw(st.none() | st.just(paid + timedelta(hours=draw(st.integers(1, 200))))),
        shipped_at=shipped,
        received_at=received,
        goods_type=draw(st.sampled_from(list(GoodsType))),
        customised=draw(st.booleans()),
        presale=draw(st.booleans()),
    )
    applied = paid + timedelta(minutes=draw(st.integers(0, 60 * 24 * 20)))
    since = applied + timedelta(minutes=draw(st.integers(0, 60 * 24 * 5)))
    case = Case(
        platform=platform,
        shop="店",
        case_no="C" + order.order_no,
        order_no=order.order_no,
        kind=draw(st.sampled_from(list(CaseKind))),
        state=draw(st.sampled_from(list(CaseState))),
        applied_at=applied,
        state_since=since,
        amount_fen=draw(st.integers(0, 10**7)),
        platform_deadline=draw(
            st.none() | st.integers(-600, 60 * 24 * 10).map(lambda m: since + timedelta(minutes=m))
        ),
    )
    shop = Shop(
        platform=platform, name="店", promised_aftersale_days=draw(st.none() | st.integers(0, 90))
    )
    return order, case, shop


@SETTINGS
@given(worlds())
def test_due_never_precedes_start(engine, world):
    order, case, shop = world
    for timer in engine.timers(order, [case], shop):
        assert timer.due_at >= timer.started_at
        assert timer.due_at.tzinfo is not None


@SETTINGS
@given(worlds())
def test_platform_given_deadline_always_wins(engine, world):
    order, case, shop = world
    main = [t for t in engine.case_timers(case, order, shop) if not t.informational]
    if case.platform_deadline is not None and case.is_open:
        assert len(main) == 1
        assert main[0].due_at == case.platform_deadline
        assert main[0].origin.value == "platform"


@SETTINGS
@given(worlds(), st.lists(st.integers(0, 50), min_size=1, max_size=25))
def test_random_allowed_actions_stay_in_defined_states(engine, world, picks):
    order, case, shop = world
    at = case.state_since
    for pick in picks:
        actions = allowed_actions(engine, case, order, shop, at)
        assert Action.NOTE in actions
        action = actions[pick % len(actions)]
        t = apply_action(engine, case, order, shop, action, at, note="n", tracking_no="T1")
        assert t.case.state in CaseState
        assert t.event.from_state is case.state
        assert t.event.to_state is t.case.state
        assert len([x for x in t.timers if not x.informational]) <= 1
        if not t.case.is_open:
            assert all(x.informational for x in t.timers)
        case = t.case
        at += timedelta(hours=pick)


@SETTINGS
@given(worlds(), st.integers(0, 60 * 24 * 60))
def test_expiry_is_idempotent_and_monotonic(engine, world, minutes):
    order, case, shop = world
    now = case.state_since + timedelta(minutes=minutes)
    once, events = apply_expiry(engine, case, order, shop, now)
    twice, more = apply_expiry(engine, once, order, shop, now)
    assert twice == once
    assert more == ()
    for earlier, later in itertools.pairwise(events):
        assert earlier.at <= later.at
    assert all(e.at <= now and e.assumed for e in events)
    if events:
        assert once.assumed
        assert dataclasses.replace(once, assumed=False).state is events[-1].to_state
