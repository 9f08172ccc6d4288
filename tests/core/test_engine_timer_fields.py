"""The engine makes its timers without Timer's __init__ (core.domain.unchecked_maker):
every field must still come from the right place — the facts, the rule, the pack."""

from __future__ import annotations

from dataclasses import fields, replace

import pytest

from core import demo
from core.domain import CaseState, Order, Timer, unchecked_maker
from core.rules.engine import SHIP_BY, Engine
from core.rules.loader import load_rulebook
from core.rules.model import MoneyAtRisk
from tests.core.factories import sh

NOW = sh("2026-03-12 12:00")


def _rules(book):
    return {(p.platform, p.version, r.id): r for p in book.packs() for r in p.rules}


def test_every_timer_field_comes_from_its_facts_rule_and_pack() -> None:
    book = load_rulebook()
    engine, rules = Engine(book), _rules(book)
    data = demo.generate(NOW, orders=300, cases=200)
    by_order: dict[str, list] = {}
    for c in data.cases:
        by_order.setdefault(c.order_no, []).append(c)
    cases = {c.case_no: c for c in data.cases}
    seen = set()
    for o in data.orders:
        for t in engine.timers(o, by_order.get(o.order_no, ()), None):
            assert type(t) is Timer
            assert (t.platform, t.shop, t.order_no) == (o.platform, o.shop, o.order_no)
            assert t.started_at <= t.due_at
            if t.rule_id is None:  # platform-given only
                continue
            rule = rules[(t.platform, t.pack_version, t.rule_id)]
            assert (t.timer, t.actor, t.on_expiry, t.clause, t.source) == (
                rule.timer,
                rule.actor,
                rule.on_expiry,
                rule.clause,
                rule.source,
            )
            assert (t.confidence, t.informational, t.remind_before_hours) == (
                rule.confidence,
                rule.informational,
                rule.remind_before_hours,
            )
            if t.case_no is None:
                assert (t.timer, t.next_state, t.goods_at_risk) == (SHIP_BY, None, False)
            else:
                assert cases[t.case_no].state in rule.states
                assert t.next_state is rule.next_state
                assert t.goods_at_risk is (rule.money_at_risk is MoneyAtRisk.REQUESTED_AND_GOODS)
            seen.add((t.case_no is None, t.informational, t.next_state is None))
    assert {(True, False, True), (False, False, False), (False, True, True)} <= seen


def test_unchecked_maker_names_every_field_once() -> None:
    names = [f.name for f in fields(Order)]
    with pytest.raises(ValueError, match="each once"):
        unchecked_maker(Order, names[:-1])
    with pytest.raises(ValueError, match="each once"):
        unchecked_maker(Order, [*names[:-1], names[0]])
    assert unchecked_maker(Timer, [f.name for f in fields(Timer)][::-1]) is not None


def test_a_refunded_case_ends_the_ship_by_timer_of_an_unshipped_order() -> None:
    engine = Engine(load_rulebook())
    data = demo.generate(NOW, orders=300, cases=200)
    unshipped = [o for o in data.orders if o.shipped_at is None and o.ship_by is None]
    order = unshipped[0]
    assert [t.timer for t in engine.timers(order, (), None)] == [SHIP_BY]
    refunded = next(c for c in data.cases if c.state is CaseState.REFUNDED)
    done = replace(refunded, platform=order.platform, order_no=order.order_no)
    assert SHIP_BY not in [t.timer for t in engine.timers(order, [done], None)]
