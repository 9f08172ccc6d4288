"""Repository: round trips, import upsert, transitions, undo, settings."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from sqlalchemy import insert
from sqlalchemy.exc import StatementError

from core.clock import SHANGHAI
from core.domain import (
    Actor,
    CaseKind,
    CaseState,
    Event,
    GoodsType,
    HolidayOverride,
    Platform,
    RuleOverride,
    Shop,
    Source,
)
from core.storage import ChangedSince, ConcurrentChange, Database, ImportResult, Repository
from core.storage.models import ORDERS
from core.storage.repository import AFTER_KEY
from tests.core.factories import case, order, sh

NOW = datetime(2026, 3, 12, 8, 0, tzinfo=UTC)
LONG_NO = "3712345678901234567"  # 19 digits: would lose its tail as a float


def full_order():
    return order(
        Platform.TAOBAO,
        shop="小熊家居·天猫店",
        order_no=LONG_NO,
        amount_fen=9_999_999_999,  # the largest amount but one (MAX_AMOUNT_FEN), odd
        paid_at=datetime(2026, 3, 1, 21, 5, 1, 123456, tzinfo=SHANGHAI),
        title="定制实木书架（胡桃色）",
        group_success_at=sh("2026-03-01 21:06"),
        ship_by=sh("2026-03-03 21:06"),
        shipped_at=sh("2026-03-02 10:00"),
        received_at=sh("2026-03-05 18:00"),
        goods_type=GoodsType.FRESH,
        customised=True,
        presale=True,
        buyer_name="张三",
        buyer_phone="138****0000",
        buyer_address="浙江省杭州市西湖区××路 1 号",
    )


def full_case(**kw):
    kw.setdefault("state", CaseState.RETURN_SHIPPED)
    return case(
        Platform.TAOBAO,
        kind=CaseKind.RETURN_REFUND,
        shop="小熊家居·天猫店",
        case_no=kw.pop("case_no", "2026030512345678901"),
        order_no=LONG_NO,
        applied_at=sh("2026-03-06 09:00"),
        state_since=kw.pop("state_since", sh("2026-03-07 09:00")),
        amount_fen=129_900,
        reason="七天无理由退货",
        platform_deadline=datetime(2026, 3, 17, 9, 0, tzinfo=timezone(timedelta(hours=-5))),
        cancellation_count=2,
        shipped_at_application=True,
        assumed=True,
        pack_version="taobao-2026.03",
        tracking_no="SF1234567890123",
        **kw,
    )


def manual(c, action: str, to_state: CaseState | None, at: datetime, **kw) -> Event:
    return Event(
        platform=c.platform,
        order_no=c.order_no,
        case_no=c.case_no,
        action=action,
        at=at,
        by=Actor.MERCHANT,
        source=Source.MANUAL,
        from_state=c.state,
        to_state=to_state,
        **kw,
    )


# -- types and round trips -------------------------------------------------------------


def test_naive_datetime_is_rejected_on_write(db: Database) -> None:
    row = {
        "platform": "taobao",
        "shop": "s",
        "order_no": "1",
        "amount_fen": 1,
        "paid_at": datetime(2026, 3, 1, 12, 0),  # naive
        "title": "",
        "goods_type": "normal",
        "customised": False,
        "presale": False,
        "buyer_name": "",
        "buyer_phone": "",
        "buyer_address": "",
    }
    with db.engine.begin() as conn, pytest.raises(StatementError) as info:
        conn.execute(insert(ORDERS), row)
    assert isinstance(info.value.orig, ValueError)
    assert "naive" in str(info.value.orig)


def test_order_and_case_round_trip_every_field(repo: Repository) -> None:
    o, c = full_order(), full_case()
    repo.apply_import(orders=[o], cases=[c], at=NOW)
    got_o = repo.get_order(Platform.TAOBAO, LONG_NO)
    got_c = repo.get_case("taobao", c.case_no)
    assert got_o == o
    assert got_c == c
    assert got_o is not None
    assert got_c is not None
    assert got_o.order_no == LONG_NO
    assert got_o.paid_at.tzinfo is UTC
    assert got_o.paid_at.microsecond == 123456
    assert got_c.platform_deadline == datetime(2026, 3, 17, 14, 0, tzinfo=UTC)
    assert got_c.platform_deadline.tzinfo is UTC
    assert isinstance(got_c.state, CaseState)


def test_event_round_trip_every_field(repo: Repository) -> None:
    c = full_case()
    ev = Event(
        platform=Platform.TAOBAO,
        order_no=LONG_NO,
        case_no=c.case_no,
        action="expire",
        at=datetime(2026, 3, 10, 9, 0, 0, 1, tzinfo=SHANGHAI),
        by=Actor.SYSTEM,
        source=Source.RULE,
        from_state=CaseState.RETURN_SHIPPED,
        to_state=CaseState.REFUNDED,
        note="商家超时未确认收货，系统自动退款",
        assumed=True,
        rule_id="tb.return.confirm_receipt",
        pack_version="taobao-2026.03",
        data={"金额": "1299.00", "k": "v"},
    )
    order_note = replace(ev, case_no=None, action="note", from_state=None, to_state=None)
    result = repo.apply_import(orders=[full_order()], events=[ev, order_note], at=NOW)
    assert result.events_added == 2
    assert repo.events("taobao", case_no=c.case_no) == [ev]
    assert repo.events("taobao", order_no=LONG_NO) == [ev, order_note]
    got = repo.events("taobao", case_no=c.case_no)[0]
    assert got.at.tzinfo is UTC
    assert isinstance(got.from_state, CaseState)
    assert dict(got.data) == {"金额": "1299.00", "k": "v"}


def test_shops_round_trip_and_upsert(repo: Repository) -> None:
    a = Shop(Platform.PINDUODUO, "果园直发", 15, (RuleOverride("pdd.x", 24, "hours"),))
    b = Shop(Platform.DOUYIN, "果园直发")
    repo.upsert_shops([a, b])
    assert repo.shops() == [b, a]  # by platform, then name
    changed = replace(a, promised_aftersale_days=None, rule_overrides=())
    repo.upsert_shops([changed])
    assert repo.get_shop("pinduoduo", "果园直发") == changed
    assert repo.get_shop("taobao", "果园直发") is None
    assert repo.counts()["shops"] == 2


# -- apply_import ---------------------------------------------------------------------


def test_import_inserts_then_updates_then_leaves_alone(repo: Repository) -> None:
    o1, o2 = order(order_no="A1"), order(order_no="A2")
    c1 = case(case_no="S1", order_no="A1")
    first = repo.apply_import(
        shops=[Shop(Platform.PINDUODUO, "测试店")], orders=[o1, o2], cases=[c1], at=NOW
    )
    assert first == ImportResult(orders_inserted=2, cases_inserted=1, events_added=1)
    assert repo.events("pinduoduo", case_no="S1") == [
        Event(
            Platform.PINDUODUO,
            "A1",
            "S1",
            "import",
            NOW,
            Actor.PLATFORM,
            Source.IMPORT,
            None,
            CaseState.AWAITING_MERCHANT,
        )
    ]

    later = NOW + timedelta(hours=1)
    c1b = replace(c1, state=CaseState.REFUNDED, state_since=sh("2026-03-11 10:00"))
    o2b = replace(o2, title="改了标题")
    second = repo.apply_import(orders=[o1, o2b], cases=[c1b], at=later, source=Source.MANUAL)
    assert second == ImportResult(
        orders_updated=1, orders_unchanged=1, cases_updated=1, events_added=1
    )
    history = repo.events("pinduoduo", case_no="S1")
    assert [(e.from_state, e.to_state, e.at, e.source) for e in history] == [
        (None, CaseState.AWAITING_MERCHANT, NOW, Source.IMPORT),
        (CaseState.AWAITING_MERCHANT, CaseState.REFUNDED, later, Source.MANUAL),
    ]
    assert repo.get_order("pinduoduo", "A2") == o2b

    # a change that keeps the state updates the row without an event
    c1c = replace(c1b, tracking_no="YT000")
    third = repo.apply_import(orders=[o1, o2b], cases=[c1c], at=later)
    assert third == ImportResult(orders_unchanged=2, cases_updated=1)
    assert repo.get_case("pinduoduo", "S1") == c1c


def test_import_twice_is_a_noop(repo: Repository) -> None:
    orders = [order(order_no=f"N{i}") for i in range(50)]
    cases = [case(case_no=f"S{i}", order_no=f"N{i}") for i in range(0, 50, 5)]
    extra = [manual(cases[0], "note", None, NOW, note="买家来电")]
    first = repo.apply_import(orders=orders, cases=cases, events=extra, at=NOW)
    assert first.events_added == 11
    before = (repo.counts(), repo.events("pinduoduo", order_no="N0"))
    again = repo.apply_import(orders=orders, cases=cases, events=extra, at=NOW + timedelta(days=1))
    assert again == ImportResult(orders_unchanged=50, cases_unchanged=10)
    assert not again.changed
    assert (repo.counts(), repo.events("pinduoduo", order_no="N0")) == before


def test_same_number_on_two_platforms_is_two_rows(repo: Repository) -> None:
    a = order(Platform.TAOBAO, order_no="123")
    b = order(Platform.DOUYIN, order_no="123")
    assert repo.apply_import(orders=[a, b], at=NOW).orders_inserted == 2
    assert repo.find_orders("123") == [b, a]
    assert repo.get_order("douyin", "123") == b
    ca = case(Platform.TAOBAO, case_no="9", order_no="123")
    cb = case(Platform.DOUYIN, case_no="9", order_no="123")
    repo.apply_import(cases=[ca, cb], at=NOW)
    assert repo.find_cases("9") == [cb, ca]
    assert repo.cases_for_order("taobao", "123") == [ca]


def test_duplicate_numbers_in_one_import_last_wins(repo: Repository) -> None:
    a, b = order(order_no="D"), order(order_no="D", amount_fen=1)
    assert repo.apply_import(orders=[a, b], at=NOW).orders_inserted == 1
    assert repo.get_order("pinduoduo", "D") == b


def test_a_failing_import_changes_nothing(repo: Repository) -> None:
    repo.apply_import(orders=[order(order_no="keep")], at=NOW)
    # the last statement of the transaction fails: orders and cases were already written
    broken = manual(case(case_no="S9", order_no="new"), "note", None, NOW, data={"x": object()})
    with pytest.raises(StatementError):
        repo.apply_import(
            orders=[order(order_no="new")],
            cases=[case(case_no="S9", order_no="new")],
            events=[broken],
            at=NOW,
        )
    assert [o.order_no for o in repo.orders()] == ["keep"]
    assert repo.counts()["cases"] == 0
    assert repo.counts()["events"] == 0
    with pytest.raises(ValueError, match="naive"):
        repo.apply_import(orders=[order(order_no="new")], at=datetime(2026, 3, 1))


def test_queries_filter_by_platform_shop_and_open(repo: Repository) -> None:
    orders = [
        order(Platform.TAOBAO, order_no="T1", shop="甲"),
        order(Platform.TAOBAO, order_no="T2", shop="乙", paid_at="2026-03-01 08:00"),
        order(Platform.PINDUODUO, order_no="P1", shop="甲"),
    ]
    cases = [
        case(Platform.TAOBAO, case_no="CT1", order_no="T1", shop="甲"),
        case(Platform.TAOBAO, case_no="CT2", order_no="T2", shop="乙", state=CaseState.CLOSED),
        case(Platform.PINDUODUO, case_no="CP1", order_no="P1", shop="甲"),
    ]
    repo.apply_import(orders=orders, cases=cases, at=NOW)
    assert [o.order_no for o in repo.orders()] == ["P1", "T2", "T1"]
    assert [o.order_no for o in repo.orders(platform="taobao")] == ["T2", "T1"]
    assert [o.order_no for o in repo.orders(shop="甲")] == ["P1", "T1"]
    assert [c.case_no for c in repo.cases(open_only=True)] == ["CP1", "CT1"]
    assert [c.case_no for c in repo.cases(Platform.TAOBAO, shop="乙")] == ["CT2"]
    assert repo.get_order("taobao", "P1") is None
    assert repo.get_case("taobao", "nope") is None
    assert repo.counts() == {
        "shops": 0,
        "orders": 3,
        "cases": 3,
        "open_cases": 2,
        "events": 3,
    }


# -- transitions and undo -------------------------------------------------------------


def test_save_transition_updates_case_and_appends_events(repo: Repository) -> None:
    c = case(case_no="S1")
    repo.apply_import(cases=[c], at=NOW)
    at = NOW + timedelta(minutes=5)
    after = replace(c, state=CaseState.AWAITING_RETURN, state_since=at, pack_version="p1")
    events = [
        manual(c, "agree_return", CaseState.AWAITING_RETURN, at, data={"address": "仓库"}),
    ]
    repo.save_transition(c, after, events)
    assert repo.get_case("pinduoduo", "S1") == after
    assert repo.events("pinduoduo", case_no="S1")[-1] == events[0]


def test_save_transition_detects_a_concurrent_change(repo: Repository) -> None:
    c = case(case_no="S1")
    repo.apply_import(cases=[c], at=NOW)
    at = NOW + timedelta(minutes=5)
    mine = replace(c, state=CaseState.REJECTED, state_since=at)
    theirs = replace(c, state=CaseState.AWAITING_RETURN, state_since=at)
    repo.save_transition(c, theirs, [manual(c, "agree_return", theirs.state, at)])
    with pytest.raises(ConcurrentChange) as info:
        repo.save_transition(c, mine, [manual(c, "reject", mine.state, at)])
    assert info.value.case_no == "S1"
    assert repo.get_case("pinduoduo", "S1") == theirs
    assert len(repo.events("pinduoduo", case_no="S1")) == 2  # import + theirs
    missing = case(case_no="missing")
    with pytest.raises(ConcurrentChange):
        repo.save_transition(missing, replace(missing, state=CaseState.REJECTED), [])


def test_save_transition_rejects_events_of_another_case(repo: Repository) -> None:
    c = case(case_no="S1")
    repo.apply_import(cases=[c], at=NOW)
    other = manual(case(case_no="S2"), "note", None, NOW)
    with pytest.raises(ValueError, match="another case"):
        repo.save_transition(c, c, [other])


def test_undo_restores_the_case_and_removes_the_manual_events(repo: Repository) -> None:
    c = case(case_no="S1")
    repo.apply_import(cases=[c], at=NOW)
    t1, t2 = NOW + timedelta(minutes=1), NOW + timedelta(minutes=2)
    s1 = replace(c, state=CaseState.AWAITING_RETURN, state_since=t1)
    e1 = manual(c, "agree_return", s1.state, t1)
    repo.save_transition(c, s1, [e1])
    s2 = replace(s1, state=CaseState.RETURN_SHIPPED, state_since=t2, tracking_no="SF1")
    e2a = manual(s1, "mark_shipped", s2.state, t2)
    e2b = manual(s1, "note", None, t2, note="买家已寄回")
    repo.save_transition(s1, s2, [e2a, e2b])

    assert repo.undo_last_event("pinduoduo", "S1") == e2b
    assert repo.get_case("pinduoduo", "S1") == s1
    assert repo.events("pinduoduo", case_no="S1")[-1] == e1
    assert repo.undo_last_event(Platform.PINDUODUO, "S1") == e1
    assert repo.get_case("pinduoduo", "S1") == c
    # only the import event is left: not manual, so undo refuses
    assert repo.undo_last_event("pinduoduo", "S1") is None
    assert repo.get_case("pinduoduo", "S1") == c
    assert len(repo.events("pinduoduo", case_no="S1")) == 1
    assert repo.undo_last_event("pinduoduo", "no-such-case") is None


def test_undo_refuses_when_an_import_came_after(repo: Repository) -> None:
    c = case(case_no="S1")
    repo.apply_import(cases=[c], at=NOW)
    t1 = NOW + timedelta(minutes=1)
    s1 = replace(c, state=CaseState.AWAITING_RETURN, state_since=t1)
    repo.save_transition(c, s1, [manual(c, "agree_return", s1.state, t1)])
    s2 = replace(s1, state=CaseState.REFUNDED, state_since=t1 + timedelta(hours=1))
    repo.apply_import(cases=[s2], at=t1 + timedelta(hours=2))
    assert repo.undo_last_event("pinduoduo", "S1") is None
    assert repo.get_case("pinduoduo", "S1") == s2


def test_undo_refuses_when_an_import_changed_the_case_without_an_event(
    repo: Repository,
) -> None:
    """Found by exploratory testing: reject, then the platform's next export (the same
    state, so no event: the buyer lowered the amount, a new platform deadline), then
    undo put back the row from before the reject — the export's facts were lost."""
    c = case(case_no="S1", amount_fen=5_000)
    repo.apply_import(cases=[c], at=NOW)
    t1 = NOW + timedelta(minutes=1)
    rejected = replace(c, state=CaseState.REJECTED, state_since=t1)
    repo.save_transition(c, rejected, [manual(c, "reject", rejected.state, t1)])
    exported = replace(rejected, amount_fen=2_000, platform_deadline=t1 + timedelta(days=7))
    repo.apply_import(cases=[exported], at=t1 + timedelta(hours=1))
    events = repo.events("pinduoduo", case_no="S1")
    with pytest.raises(ChangedSince):
        repo.undo_last_event("pinduoduo", "S1")
    stored = repo.get_case("pinduoduo", "S1")
    assert (stored.state, stored.amount_fen) == (CaseState.REJECTED, 2_000)
    assert stored.platform_deadline == exported.platform_deadline
    assert repo.events("pinduoduo", case_no="S1") == events  # nothing changed


def test_undo_of_a_step_saved_before_the_written_row_was_kept_still_works(
    repo: Repository, db
) -> None:
    """Events saved by an older version hold only the row from before: undo as before."""
    c = case(case_no="S1")
    repo.apply_import(cases=[c], at=NOW)
    t1 = NOW + timedelta(minutes=1)
    s1 = replace(c, state=CaseState.AWAITING_RETURN, state_since=t1)
    e1 = manual(c, "agree_return", s1.state, t1)
    repo.save_transition(c, s1, [e1])
    with closing(sqlite3.connect(db.path)) as con:
        (raw,) = con.execute(
            "SELECT undo_before FROM events WHERE undo_group IS NOT NULL"
        ).fetchone()
        old = json.loads(raw)
        assert old.pop(AFTER_KEY)["state"] == "awaiting_return"
        con.execute(
            "UPDATE events SET undo_before = ? WHERE undo_group IS NOT NULL", (json.dumps(old),)
        )
        con.commit()
    assert repo.undo_last_event("pinduoduo", "S1") == e1
    assert repo.get_case("pinduoduo", "S1") == c


# -- settings and holidays ------------------------------------------------------------


def test_settings_round_trip(repo: Repository) -> None:
    assert repo.get_setting("missing") is None
    assert repo.get_setting("missing", 5) == 5
    repo.set_setting("ui.language", "zh_CN")
    repo.set_setting("reminders", {"hours": [24, 6], "声音": True})
    repo.set_setting("ui.language", "en")
    repo.set_setting("nothing", None)
    assert repo.get_setting("ui.language") == "en"
    assert repo.get_setting("reminders") == {"hours": [24, 6], "声音": True}
    assert repo.get_setting("nothing", "default") is None
    with pytest.raises(TypeError):
        repo.set_setting("bad", object())


def test_holiday_overrides_are_replaced_as_a_whole(repo: Repository) -> None:
    a = HolidayOverride(date(2026, 10, 10), workday=True, note="调休上班")
    b = HolidayOverride(date(2026, 2, 1), workday=False)
    repo.set_holiday_overrides([a, b])
    assert repo.holiday_overrides() == [b, a]
    repo.set_holiday_overrides([a])
    assert repo.holiday_overrides() == [a]
    repo.set_holiday_overrides([])
    assert repo.holiday_overrides() == []
