"""Re-importing platform exports into cases already stored: what a file without a
column keeps, and what an older file may not undo (core.storage.merge). Real files,
read by read_file and committed by Service.import_plan into an SQLite file."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from core.domain import CaseState, Platform, TimerOrigin
from core.importers import read_file
from core.rules.transitions import Action
from core.service import Service
from core.storage.merge import merge_imported_case
from tests.core.factories import case, import_return_cases, sh
from tests.fakes import FakeClock

S = CaseState
TB_HEADER = "退款编号,订单编号,退款状态,退款的申请时间,买家退款金额,是否需要退货"
TB_ROW = "298700000000000001,3712345678900000001,{},2026-11-22 09:00:00,128.00,否"
PDD_HEADER = "售后编号,订单编号,售后类型,售后状态,申请时间,退款金额(元),处理截止时间,退货物流单号"
PDD_ROW = "20001,241101-000000000000001,退货退款,{},2026-11-20 10:00:00,40.00,{},{}"


@pytest.fixture
def service(tmp_path: Path):
    svc = Service.open(tmp_path / "shop.sqlite3", clock=FakeClock(sh("2026-11-22 12:00")))
    yield svc
    svc.close()


def load(service: Service, folder: Path, name: str, text: str):
    path = folder / name
    path.write_text(text, encoding="utf-8")
    plan = read_file(path, shop="测试店")
    assert not plan.errors, plan.errors
    return service.import_plan(plan)


def taobao(
    service, folder, name, header_extra="", state="买家已经申请退款，等待卖家同意", extra=""
):
    return load(
        service, folder, name, f"{TB_HEADER}{header_extra}\n{TB_ROW.format(state)}{extra}\n"
    )


def stored(service, platform, case_no):
    return service.repo.get_case(platform, case_no)


def merchant_timer(service, case_no):
    return next(t for t in service.due() if t.case_no == case_no and t.actor.value == "merchant")


def test_an_export_without_the_deadline_column_keeps_the_platforms_deadline(service, tmp_path):
    """Found by testing: the same case in the same state from an export lacking 超时时间
    turned the platform's 11-23 09:00 into the computed 11-24 09:00."""
    taobao(service, tmp_path, "with.csv", ",超时时间", extra=",2026-11-23 09:00:00")
    result = taobao(service, tmp_path, "without.csv")
    assert (result.cases_updated, result.cases_unchanged) == (0, 1)
    assert stored(service, Platform.TAOBAO, "298700000000000001").platform_deadline == sh(
        "2026-11-23 09:00"
    )
    timer = merchant_timer(service, "298700000000000001")
    assert (timer.due_at, timer.origin) == (sh("2026-11-23 09:00"), TimerOrigin.PLATFORM)
    # an empty cell says no more than a missing column
    taobao(service, tmp_path, "empty.csv", ",超时时间", extra=",")
    assert merchant_timer(service, "298700000000000001").due_at == sh("2026-11-23 09:00")
    # a deadline the export does give is the platform's word now (it extended it)
    taobao(service, tmp_path, "later.csv", ",超时时间", extra=",2026-11-23 21:00:00")
    assert merchant_timer(service, "298700000000000001").due_at == sh("2026-11-23 21:00")


def test_the_old_states_deadline_does_not_carry_over_to_a_new_state(service, tmp_path):
    taobao(service, tmp_path, "with.csv", ",超时时间", extra=",2026-11-23 09:00:00")
    taobao(service, tmp_path, "rejected.csv", state="卖家拒绝退款")
    after = stored(service, Platform.TAOBAO, "298700000000000001")
    assert (after.state, after.platform_deadline) == (S.REJECTED, None)


def test_an_export_without_the_evidence_column_keeps_the_evidence_deadline(service, tmp_path):
    """Taobao in 客服介入: the merchant's deadline is 举证超时 (the state's platform
    deadline); an export without that column keeps it while the case stays there."""
    intervened = ",客服介入状态,超时时间,举证超时"
    cells = ",客服介入中,2026-11-23 09:00:00,2026-11-24 09:00:00"
    taobao(service, tmp_path, "evidence.csv", intervened, extra=cells)
    result = taobao(service, tmp_path, "no_evidence.csv", ",客服介入状态,超时时间",
                    extra=",客服介入中,2026-11-23 09:00:00")  # fmt: skip
    assert result.cases_unchanged == 1
    after = stored(service, Platform.TAOBAO, "298700000000000001")
    assert (after.state, after.platform_deadline) == (S.INTERVENTION, sh("2026-11-24 09:00"))


def pdd(service, folder, name, state, deadline="", tracking=""):
    return load(
        service, folder, name, f"{PDD_HEADER}\n{PDD_ROW.format(state, deadline, tracking)}\n"
    )


def test_an_older_export_imported_after_a_newer_one_changes_nothing(service, tmp_path):
    """Found by testing: yesterday's file (待用户发货) imported after today's (用户已发货)
    moved the case back, and the merchant's confirm-receipt deadline left To do."""
    pdd(
        service, tmp_path, "newer.csv", "用户已发货，待商家收货", "2026-11-29 09:00:00", "SF1234567"
    )
    service.clock.advance(timedelta(hours=1))
    result = pdd(service, tmp_path, "older.csv", "待用户发货", "2026-11-27 11:00:00")
    assert (result.cases_updated, result.cases_unchanged, result.events_added) == (0, 1, 0)
    after = stored(service, Platform.PINDUODUO, "20001")
    assert (after.state, after.platform_deadline, after.tracking_no) == (
        S.RETURN_SHIPPED, sh("2026-11-29 09:00"), "SF1234567",
    )  # fmt: skip
    assert merchant_timer(service, "20001").due_at == sh("2026-11-29 09:00")


def test_a_platform_step_back_after_an_imported_state_is_followed(service, tmp_path):
    """A rejected return (return_shipped -> 驳回) is a step the platform takes itself."""
    pdd(service, tmp_path, "shipped.csv", "用户已发货，待商家收货", "2026-11-29 09:00:00", "SF1")
    pdd(service, tmp_path, "rejected.csv", "驳回退款，待买家处理")
    assert stored(service, Platform.PINDUODUO, "20001").state is S.REJECTED


def test_an_export_behind_an_action_recorded_here_is_followed(service, tmp_path):
    """Agree recorded in ShopClock, then the morning's file still showing 待商家处理:
    the platform never got the agreement, its deadline counts from the application."""
    service.clock.set(sh("2026-03-10 12:00"))
    import_return_cases(service, tmp_path, {"A1": "2026-03-10 10:00:00"})
    service.act("A1", Action.AGREE, platform=Platform.PINDUODUO)
    assert stored(service, Platform.PINDUODUO, "A1").state is S.AWAITING_RETURN
    import_return_cases(service, tmp_path, {"A1": "2026-03-10 10:00:00"})
    after = stored(service, Platform.PINDUODUO, "A1")
    assert (after.state, after.state_since) == (S.AWAITING_MERCHANT, sh("2026-03-10 10:00"))


def rows(stored_case, file_case):
    from core.storage.convert import case_row

    return case_row(file_case), case_row(stored_case)


def test_a_file_whose_earlier_state_began_later_is_not_an_older_file():
    """A template export says when its state began: after the imported stored state
    began, the case really went back there, and the file is followed."""
    imported = case(state=S.RETURN_SHIPPED, state_since="2026-03-12 09:00")
    older = case(state=S.AWAITING_RETURN, state_since="2026-03-11 09:00")
    newer = case(state=S.AWAITING_RETURN, state_since="2026-03-13 09:00")
    row, old = rows(imported, older)
    assert merge_imported_case(row, old, state_imported=True) == old
    assert merge_imported_case(row, old)["state"] == "awaiting_return"  # set by an action
    row, old = rows(imported, newer)
    merged = merge_imported_case(row, old, state_imported=True)
    assert (merged["state"], merged["state_since"]) == ("awaiting_return", sh("2026-03-13 09:00"))


def test_the_template_is_told_by_columns_no_platform_export_has():
    """core.storage.merge tells ShopClock's own template (whose rows confirm an assumed
    state only in their 按规则推定 column) from a platform export by these columns."""
    from core.importers import PRESETS
    from core.storage.merge import TEMPLATE_ONLY_FIELDS

    template = PRESETS["shopclock_cases"].fields
    assert TEMPLATE_ONLY_FIELDS.issubset(template)
    for preset in PRESETS.values():
        if preset.kind == "cases" and preset.name != "shopclock_cases":
            assert TEMPLATE_ONLY_FIELDS.isdisjoint(preset.fields), preset.name
