"""How a platform export updates cases already stored (Repository.apply_import)."""

from __future__ import annotations

import dataclasses

import pytest

from core.domain import CaseState, Source
from core.storage import Repository, open_database
from tests.core.factories import case, sh

S = CaseState


@pytest.fixture
def repo(tmp_path):
    db = open_database(tmp_path / "m.sqlite3")
    yield Repository(db)
    db.close()


def stored(repo, c):
    return repo.get_case(c.platform, c.case_no)


def test_same_state_keeps_the_stored_state_start_and_pin(repo):
    """An export without a 'state since' column must not restart a running timer."""
    acted = case(state=S.REJECTED, state_since="2026-03-11 08:00", pack_version="2026.11.1")
    repo.apply_import(cases=[acted], source=Source.MANUAL, at=sh("2026-03-11 08:00"))
    export = case(state=S.REJECTED)  # state_since defaults to applied_at 2026-03-10 09:00
    result = repo.apply_import(cases=[export], at=sh("2026-03-12 08:00"))
    assert result.cases_unchanged == 1
    assert stored(repo, acted).state_since == sh("2026-03-11 08:00")
    assert stored(repo, acted).pack_version == "2026.11.1"


def test_an_export_confirms_an_assumed_state(repo):
    assumed = case(state=S.REFUNDED, state_since="2026-03-12 09:00", assumed=True)
    repo.apply_import(cases=[assumed], source=Source.RULE, at=sh("2026-03-12 09:00"))
    repo.apply_import(cases=[case(state=S.REFUNDED)], at=sh("2026-03-13 09:00"))
    after = stored(repo, assumed)
    assert not after.assumed
    assert after.state_since == sh("2026-03-12 09:00")


def test_a_stale_export_does_not_reopen_a_finished_case(repo):
    done = case(state=S.REFUNDED, state_since="2026-03-11 10:00")
    repo.apply_import(cases=[done], source=Source.MANUAL, at=sh("2026-03-11 10:00"))
    result = repo.apply_import(cases=[case(state=S.AWAITING_MERCHANT)], at=sh("2026-03-12 09:00"))
    assert result.cases_unchanged == 1
    assert result.events_added == 0
    assert stored(repo, done).state is S.REFUNDED


def test_a_newer_state_starts_no_earlier_than_the_stored_one(repo):
    rejected = case(state=S.REJECTED, state_since="2026-03-11 08:00")
    repo.apply_import(cases=[rejected], source=Source.MANUAL, at=sh("2026-03-11 08:00"))
    result = repo.apply_import(cases=[case(state=S.INTERVENTION)], at=sh("2026-03-12 09:00"))
    assert result.cases_updated == 1
    after = stored(repo, rejected)
    assert after.state is S.INTERVENTION
    assert after.state_since == sh("2026-03-11 08:00")
    events = repo.events(after.platform, case_no=after.case_no)
    assert (events[-1].from_state, events[-1].to_state) == (S.REJECTED, S.INTERVENTION)


def test_manual_edits_apply_as_typed(repo):
    c = case(state=S.REJECTED, state_since="2026-03-11 08:00")
    repo.apply_import(cases=[c], source=Source.MANUAL, at=sh("2026-03-11 08:00"))
    edited = dataclasses.replace(c, state_since=sh("2026-03-10 20:00"))
    repo.apply_import(cases=[edited], source=Source.MANUAL, at=sh("2026-03-11 09:00"))
    assert stored(repo, c).state_since == sh("2026-03-10 20:00")


def test_an_older_export_does_not_undo_an_assumed_outcome(repo):
    """Import -> the rule auto-refunds (assumed) -> the same file again changes nothing."""
    repo.apply_import(cases=[case(state=S.AWAITING_MERCHANT)], at=sh("2026-03-10 10:00"))
    expired = case(state=S.REFUNDED, state_since="2026-03-12 09:00", assumed=True)
    before = stored(repo, expired)
    repo.save_transition(before, expired, [])
    again = repo.apply_import(cases=[case(state=S.AWAITING_MERCHANT)], at=sh("2026-03-13 10:00"))
    assert again.cases_unchanged == 1
    assert again.events_added == 0
    assert stored(repo, expired).state is S.REFUNDED


def test_a_later_platform_deadline_reopens_an_assumed_outcome(repo):
    """The platform extended the deadline: the export is newer than our assumption."""
    repo.apply_import(cases=[case(state=S.AWAITING_MERCHANT)], at=sh("2026-03-10 10:00"))
    expired = case(state=S.REFUNDED, state_since="2026-03-12 09:00", assumed=True)
    repo.save_transition(stored(repo, expired), expired, [])
    extended = case(state=S.AWAITING_MERCHANT, platform_deadline="2026-03-14 09:00")
    result = repo.apply_import(cases=[extended], at=sh("2026-03-13 10:00"))
    assert result.cases_updated == 1
    after = stored(repo, expired)
    assert after.state is S.AWAITING_MERCHANT
    assert not after.assumed


def test_an_export_without_buyer_data_keeps_the_stored_buyer(repo):
    from tests.core.factories import order

    full = order(buyer_name="张伟", buyer_phone="13812345678", buyer_address="广东省广州市1号")
    repo.apply_import(orders=[full], at=sh("2026-03-10 10:00"))
    sparse = order(shipped_at="2026-03-03 15:00")  # no buyer columns in this export
    masked = order(shipped_at="2026-03-03 15:00", buyer_name="张*", buyer_phone="138****5678")
    repo.apply_import(orders=[sparse], at=sh("2026-03-11 10:00"))
    repo.apply_import(orders=[masked], at=sh("2026-03-12 10:00"))
    after = repo.get_order(full.platform, full.order_no)
    assert after.shipped_at == sh("2026-03-03 15:00")
    assert (after.buyer_name, after.buyer_phone) == ("张伟", "13812345678")


def test_an_export_without_a_column_keeps_the_stored_fact(repo):
    """Found by testing: a Pinduoduo export (no 商品类型 / 定制 / 店铺 columns) made a
    stored fruit order normal goods, dropped 定制, and moved it to 默认店铺 — which
    changed what the buyer may still ask for."""
    from core.domain import GoodsType
    from tests.core.factories import order

    first = order(goods_type=GoodsType.FRUIT, customised=True, shop="果园小铺")
    repo.apply_import(orders=[first], at=sh("2026-03-10 10:00"))
    export = order(shop="默认店铺", shipped_at="2026-03-03 15:00")
    given = frozenset({"platform", "order_no", "amount_fen", "paid_at", "shipped_at"})
    repo.apply_import(orders=[export], at=sh("2026-03-11 10:00"), supplied=given)
    after = repo.get_order(first.platform, first.order_no)
    assert (after.goods_type, after.customised, after.shop) == (GoodsType.FRUIT, True, "果园小铺")
    assert after.shipped_at == sh("2026-03-03 15:00")  # what the export has still counts
    # a file that has the columns says what they are now
    repo.apply_import(orders=[export], at=sh("2026-03-12 10:00"))
    after = repo.get_order(first.platform, first.order_no)
    assert (after.goods_type, after.customised, after.shop) == (GoodsType.NORMAL, False, "默认店铺")


def test_an_export_without_a_shop_column_keeps_the_cases_shop(repo):
    first = case(shop="果园小铺", shipped_at_application=True)
    repo.apply_import(cases=[first], at=sh("2026-03-10 10:00"))
    export = case(shop="默认店铺", state=S.REJECTED, state_since="2026-03-11 09:00")
    given = frozenset({"platform", "case_no", "order_no", "kind", "state", "applied_at"})
    repo.apply_import(cases=[export], at=sh("2026-03-11 10:00"), supplied=given)
    after = stored(repo, first)
    assert (after.shop, after.shipped_at_application, after.state) == (
        "果园小铺", True, S.REJECTED,
    )  # fmt: skip


def test_an_export_behind_a_recorded_action_restarts_nothing(repo):
    """Found by testing: agree recorded here, then the morning's file imported again
    (待商家处理). The merchant timer came back counted from the agreement — 48 h after
    it, ~20 h later than the platform's deadline, which counts from the application
    (3.2) if the agreement never reached the platform."""
    repo.apply_import(cases=[case(state=S.AWAITING_MERCHANT)], at=sh("2026-03-10 10:00"))
    agreed = case(state=S.AWAITING_RETURN, state_since="2026-03-11 08:00")
    repo.save_transition(stored(repo, agreed), agreed, [])
    repo.apply_import(cases=[case(state=S.AWAITING_MERCHANT)], at=sh("2026-03-11 09:00"))
    after = stored(repo, agreed)
    assert after.state is S.AWAITING_MERCHANT
    assert after.state_since == sh("2026-03-10 09:00")  # the application, as the file says


def test_a_resubmission_starts_after_the_rejection(repo):
    """Rejected -> 待商家处理 again is the platform's own step back (2.4.1): the new
    merchant timer starts no earlier than the rejection."""
    rejected = case(state=S.REJECTED, state_since="2026-03-11 08:00")
    repo.apply_import(cases=[rejected], source=Source.MANUAL, at=sh("2026-03-11 08:00"))
    repo.apply_import(cases=[case(state=S.AWAITING_MERCHANT)], at=sh("2026-03-12 09:00"))
    after = stored(repo, rejected)
    assert after.state is S.AWAITING_MERCHANT
    assert after.state_since == sh("2026-03-11 08:00")
