"""Order and case editors: inline Chinese messages, Save disabled while invalid, saving."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QDateTime, QTime

from core.domain import Case, CaseKind, CaseState, Order, Platform, Source
from gui.dialogs.record_editor import CaseEditor, OrderEditor


def shown(editor, key: str) -> str:
    label = editor.errors[key]
    return "" if label.isHidden() else label.text()


def select(combo, value) -> None:
    combo.setCurrentIndex(combo.findData(value))


@pytest.fixture
def order(service):
    stored = Order(
        Platform.PINDUODUO,
        "多多鲜果铺",
        "240301-000000000000001",
        10_000,
        datetime(2026, 3, 1, 2, 0, tzinfo=UTC),
        shipped_at=datetime(2026, 3, 1, 8, 0, tzinfo=UTC),  # return cases need the goods sent
        title="蓝莓",
        buyer_name="陈小明",
        buyer_phone="13712345678",
    )
    service.save_manual(orders=[stored])
    return stored


def test_a_new_order_opens_without_red_but_cannot_be_saved_yet(qtbot, service):
    editor = OrderEditor(service, None)
    qtbot.addWidget(editor)
    assert not editor.ok_button.isEnabled()
    assert all(label.isHidden() for label in editor.errors.values())
    assert editor.hint.text().startswith("还需填写：")
    assert "订单号" in editor.hint.text()


def test_invalid_input_disables_save_and_shows_chinese_messages(qtbot, service):
    editor = OrderEditor(service, None)
    qtbot.addWidget(editor)
    qtbot.keyClicks(editor.order_no, "4.00123E+18")
    qtbot.keyClicks(editor.amount, "12.345")
    editor.shop_combo.setEditText("多多鲜果铺")
    assert "科学计数法" in shown(editor, "order_no")
    assert shown(editor, "amount") == "金额最多两位小数"
    assert not editor.ok_button.isEnabled()

    editor.amount.clear()
    qtbot.keyClicks(editor.amount, "abc")
    assert shown(editor, "amount") == "无法识别的金额"
    editor.order_no.clear()
    qtbot.keyClicks(editor.order_no, "x")
    qtbot.keyClick(editor.order_no, "\b")
    assert shown(editor, "order_no") == "请填写订单号。"
    assert not editor.ok_button.isEnabled()


def test_times_out_of_order_are_refused_under_the_field(qtbot, service):
    editor = OrderEditor(service, None)
    qtbot.addWidget(editor)
    editor.paid_at.setDateTime(QDateTime(editor.paid_at.date(), QTime(12, 0)))
    shipped = editor.times["shipped_at"]
    shipped.unknown.setChecked(False)
    shipped.edit.setDateTime(QDateTime(editor.paid_at.date(), QTime(9, 0)))
    assert shown(editor, "shipped_at") == "发货时间不能早于付款时间。"


def test_a_valid_new_order_is_saved_as_manual(qtbot, service):
    editor = OrderEditor(service, None)
    qtbot.addWidget(editor)
    select(editor.platform_combo, Platform.TAOBAO)
    editor.shop_combo.setEditText("淘淘家居小店")
    qtbot.keyClicks(editor.order_no, "3901234567890123456")
    editor.amount.setText("¥1,299.90")  # QTest types ASCII only
    editor.title_edit.setText("收纳箱")
    # 2026-03-10 10:00 (fixture clock) is shown as Beijing time
    assert editor.paid_at.dateTime().toString("yyyy-MM-dd HH:mm") == "2026-03-10 10:00"
    editor.customised.setChecked(True)
    assert editor.ok_button.isEnabled()
    editor.ok_button.click()

    assert editor.result() == editor.DialogCode.Accepted
    assert editor.saved.orders_inserted == 1
    saved = service.repo.get_order(Platform.TAOBAO, "3901234567890123456")
    assert saved.amount_fen == 129_990
    assert saved.paid_at == datetime(2026, 3, 10, 2, 0, tzinfo=UTC)
    assert saved.shipped_at is None
    assert saved.customised
    assert saved.title == "收纳箱"
    assert {s.name for s in service.repo.shops()} == {"淘淘家居小店"}


def test_a_known_order_number_cannot_be_added_again(qtbot, service, order):
    editor = OrderEditor(service, None)
    qtbot.addWidget(editor)
    qtbot.keyClicks(editor.order_no, order.order_no)
    assert "该平台已有订单 240301-000000000000001" in shown(editor, "order_no")


def test_editing_keeps_the_fields_the_form_does_not_show(qtbot, service, order):
    editor = OrderEditor(service, None, order=order)
    qtbot.addWidget(editor)
    assert editor.order_no.isReadOnly()
    assert editor.amount.text() == "100.00"
    editor.amount.clear()
    qtbot.keyClicks(editor.amount, "88")
    editor.ok_button.click()
    saved = service.repo.get_order(Platform.PINDUODUO, order.order_no)
    assert saved.amount_fen == 8_800
    assert (saved.buyer_name, saved.buyer_phone) == ("陈小明", "13712345678")


def test_a_refund_above_the_order_amount_names_the_order(qtbot, service, order):
    editor = CaseEditor(service, None)
    qtbot.addWidget(editor)
    qtbot.keyClicks(editor.case_no, "AS-1")
    qtbot.keyClicks(editor.order_no, order.order_no)
    qtbot.keyClicks(editor.amount, "150")
    assert shown(editor, "amount") == (
        "退款金额不能超过订单 240301-000000000000001 的实付金额 100.00 元。"
    )
    assert not editor.ok_button.isEnabled()

    editor.amount.clear()
    qtbot.keyClicks(editor.amount, "30")
    editor.order_no.editingFinished.emit()  # fills the shop from the known order
    assert editor.shop_name() == "多多鲜果铺"
    select(editor.kind, CaseKind.REFUND_ONLY)
    assert editor.ok_button.isEnabled()
    editor.ok_button.click()
    case = service.repo.get_case(Platform.PINDUODUO, "AS-1")
    assert (case.amount_fen, case.kind, case.order_no) == (
        3_000,
        CaseKind.REFUND_ONLY,
        order.order_no,
    )
    assert case.state_since == case.applied_at
    events = service.repo.events(Platform.PINDUODUO, case_no="AS-1")
    assert {e.source for e in events} <= {Source.MANUAL}


def test_a_case_status_cannot_begin_before_the_application(qtbot, service):
    editor = CaseEditor(service, None)
    qtbot.addWidget(editor)
    editor.state_since.unknown.setChecked(False)
    editor.state_since.edit.setDateTime(editor.applied_at.dateTime().addSecs(-3600))
    assert shown(editor, "state_since") == "当前状态的开始时间不能早于申请时间。"
    assert not editor.ok_button.isEnabled()


def test_changing_a_case_state_restarts_its_timer_under_the_current_pack(qtbot, service, order):
    applied = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
    case = Case(
        Platform.PINDUODUO,
        "多多鲜果铺",
        "AS-2",
        order.order_no,
        CaseKind.RETURN_REFUND,
        CaseState.AWAITING_MERCHANT,
        applied,
        applied,
        5_000,
        pack_version="2020.1",
        assumed=True,
        tracking_no="SF123",
    )
    service.save_manual(cases=[case])
    editor = CaseEditor(service, None, case=case)
    qtbot.addWidget(editor)
    assert editor.case_no.isReadOnly()
    select(editor.state, CaseState.AWAITING_RETURN)
    editor.state_since.unknown.setChecked(False)
    editor.ok_button.click()
    saved = service.repo.get_case(Platform.PINDUODUO, "AS-2")
    assert saved.state is CaseState.AWAITING_RETURN
    newest = service.book.pack(Platform.PINDUODUO).version
    assert (saved.pack_version, saved.assumed, saved.tracking_no) == (newest, False, "SF123")


def test_an_amount_over_1_yi_yuan_is_refused_under_the_field(qtbot, service):
    editor = OrderEditor(service, None)
    qtbot.addWidget(editor)
    editor.shop_combo.setEditText("多多鲜果铺")
    qtbot.keyClicks(editor.order_no, "BIG-1")
    qtbot.keyClicks(editor.amount, "99999999999999999")
    assert shown(editor, "amount") == "金额过大（最多 100,000,000 元）"
    assert not editor.ok_button.isEnabled()
    editor.on_ok_clicked()  # Enter in a field: no traceback, nothing saved
    assert editor.result() != editor.DialogCode.Accepted
    assert service.repo.get_order(Platform.PINDUODUO, "BIG-1") is None
    editor.amount.setText("100000000")  # exactly 1亿元 is allowed
    assert shown(editor, "amount") == ""
    assert editor.ok_button.isEnabled()


def test_a_number_the_database_cannot_store_is_a_message_not_a_traceback(
    qtbot, service, monkeypatch
):
    editor = OrderEditor(service, None)
    qtbot.addWidget(editor)
    editor.shop_combo.setEditText("多多鲜果铺")
    qtbot.keyClicks(editor.order_no, "BIG-2")
    qtbot.keyClicks(editor.amount, "10")

    def overflow(**_kwargs):
        raise OverflowError("Python int too large to convert to SQLite INTEGER")

    monkeypatch.setattr(service, "save_manual", overflow)
    editor.ok_button.click()
    assert editor.result() != editor.DialogCode.Accepted
    assert editor.saved is None
    assert not editor.general_error.isHidden()
    assert editor.general_error.text() == "未保存：数值过大（金额最多 100,000,000 元）。"


def _shops(service, *pairs) -> None:
    from core.domain import Shop

    service.repo.apply_import(
        shops=[Shop(p, name) for p, name in pairs],
        orders=[],
        cases=[],
        source=Source.MANUAL,
        at=service.clock.now(),
    )


@pytest.mark.parametrize("editor_class", [OrderEditor, CaseEditor])
def test_changing_the_platform_resets_the_shop_to_one_of_that_platform(
    qtbot, service, editor_class
):
    _shops(service, (Platform.PINDUODUO, "多多鲜果铺"), (Platform.TAOBAO, "淘淘家居小店"))
    editor = editor_class(service, None)
    qtbot.addWidget(editor)
    select(editor.platform_combo, Platform.PINDUODUO)
    assert editor.shop_name() == "多多鲜果铺"
    select(editor.platform_combo, Platform.TAOBAO)
    assert editor.shop_name() == "淘淘家居小店"
    assert [editor.shop_combo.itemText(i) for i in range(editor.shop_combo.count())] == [
        "淘淘家居小店"
    ]
    select(editor.platform_combo, Platform.DOUYIN)  # no shop there yet: type one
    assert editor.shop_name() == ""
    assert not editor.ok_button.isEnabled()


def test_a_case_takes_its_known_orders_shop(qtbot, service, order):
    _shops(service, (Platform.PINDUODUO, "一号店"), (Platform.TAOBAO, "淘淘家居小店"))
    editor = CaseEditor(service, None)
    qtbot.addWidget(editor)
    select(editor.platform_combo, Platform.TAOBAO)
    qtbot.keyClicks(editor.order_no, order.order_no)  # a Pinduoduo order
    editor.order_no.editingFinished.emit()
    assert editor.shop_name() == "淘淘家居小店"  # no such order on Taobao
    select(editor.platform_combo, Platform.PINDUODUO)
    assert editor.shop_combo.itemText(0) == "一号店"
    assert editor.shop_name() == "多多鲜果铺"  # the order's shop, not the first one
    editor.shop_combo.setEditText("一号店")
    editor.order_no.editingFinished.emit()
    assert editor.shop_name() == "多多鲜果铺"


def test_order_times_in_the_future_or_before_payment_are_refused(qtbot, service):
    """Found by testing: an order paid 30 days ahead and a group formed before the
    payment were saved without a word."""
    editor = OrderEditor(service, None)
    qtbot.addWidget(editor)
    editor.shop_combo.setEditText("多多鲜果铺")
    qtbot.keyClicks(editor.order_no, "240310-1")
    qtbot.keyClicks(editor.amount, "10.00")
    assert editor.ok_button.isEnabled()
    editor.paid_at.setDateTime(editor.paid_at.dateTime().addDays(30))
    assert shown(editor, "paid_at") == "时间晚于现在：这件事还没有发生。"
    assert not editor.ok_button.isEnabled()
    editor.paid_at.setDateTime(editor.paid_at.dateTime().addDays(-30))
    group = editor.times["group_success_at"]
    group.unknown.setChecked(False)
    group.edit.setDateTime(editor.paid_at.dateTime().addSecs(-3600))
    assert shown(editor, "group_success_at") == "成团时间不能早于付款时间。"
    assert not editor.ok_button.isEnabled()


def _case_editor(qtbot, service, order_no: str, kind: CaseKind) -> CaseEditor:
    editor = CaseEditor(service, None)
    qtbot.addWidget(editor)
    qtbot.keyClicks(editor.case_no, "AS-9")
    qtbot.keyClicks(editor.order_no, order_no)
    editor.order_no.editingFinished.emit()
    qtbot.keyClicks(editor.amount, "10.00")
    select(editor.kind, kind)
    return editor


def test_a_case_the_platform_would_not_allow_is_refused(qtbot, service, order):
    """Found by testing: a case applied 40 days ahead, one applied before its order was
    paid, a return on an unshipped order and a refund-only case 'awaiting the return'
    were all saved."""
    unshipped = Order(
        Platform.PINDUODUO, "多多鲜果铺", "240301-000000000000002", 10_000,
        datetime(2026, 3, 1, 2, 0, tzinfo=UTC),
    )  # fmt: skip
    service.save_manual(orders=[unshipped])
    editor = _case_editor(qtbot, service, order.order_no, CaseKind.RETURN_REFUND)
    assert editor.ok_button.isEnabled()
    editor.applied_at.setDateTime(editor.applied_at.dateTime().addDays(40))
    assert shown(editor, "applied_at") == "申请时间不能晚于现在。"
    editor.applied_at.setDateTime(QDateTime(editor.applied_at.date().addDays(-60), QTime(9, 0)))
    assert shown(editor, "applied_at").startswith("申请时间不能早于订单 240301-000000000000001")
    assert not editor.ok_button.isEnabled()

    editor = _case_editor(qtbot, service, unshipped.order_no, CaseKind.RETURN_REFUND)
    assert "尚未发货" in shown(editor, "kind")
    assert not editor.ok_button.isEnabled()

    editor = _case_editor(qtbot, service, order.order_no, CaseKind.REFUND_ONLY)
    select(editor.state, CaseState.AWAITING_RETURN)
    assert shown(editor, "state") == "仅退款的售后没有退货环节。"
    assert not editor.ok_button.isEnabled()


def test_the_form_opens_with_the_focus_on_its_first_field_not_on_cancel(qtbot, service, order):
    """Keyboard users start typing at once; the focus used to sit on 取消 (Cancel)."""
    new = OrderEditor(service, None)
    qtbot.addWidget(new)
    new.show()
    qtbot.waitExposed(new)
    assert new.focusWidget() is new.platform_combo
    editing = CaseEditor(service, None, case=None)
    qtbot.addWidget(editing)
    editing.show()
    qtbot.waitExposed(editing)
    assert editing.focusWidget() is editing.platform_combo
    # editing keeps platform and number (the record's key): the shop comes first
    edit_order = OrderEditor(service, None, order=order)
    qtbot.addWidget(edit_order)
    edit_order.show()
    qtbot.waitExposed(edit_order)
    assert edit_order.focusWidget() is edit_order.shop_combo


def test_a_case_cannot_be_put_in_another_shop_than_its_order(qtbot, service, order):
    """Found by testing: after the order number filled in the shop, picking another
    shop saved the case there (a case and its order in two shops)."""
    _shops(service, (Platform.PINDUODUO, "一号店"))
    editor = _case_editor(qtbot, service, order.order_no, CaseKind.REFUND_ONLY)
    assert editor.shop_name() == "多多鲜果铺"
    assert editor.ok_button.isEnabled()
    editor.shop_combo.setEditText("一号店")
    assert shown(editor, "shop") == (
        "订单 240301-000000000000001 属于店铺「多多鲜果铺」：售后单须记在其订单所在的店铺下。"
    )
    assert not editor.ok_button.isEnabled()
    editor.shop_combo.setEditText("多多鲜果铺")
    assert editor.ok_button.isEnabled()
    editor.ok_button.click()
    assert service.repo.get_case(Platform.PINDUODUO, "AS-9").shop == "多多鲜果铺"


def test_a_case_already_in_another_shop_than_its_order_stays_editable(qtbot, service, order):
    """An old import may have filed a case under another shop: editing other fields
    must not be blocked by it."""
    stored = Case(
        Platform.PINDUODUO,
        "别的店",
        "AS-OLD",
        order.order_no,
        CaseKind.REFUND_ONLY,
        CaseState.AWAITING_MERCHANT,
        datetime(2026, 3, 9, 2, 0, tzinfo=UTC),
        datetime(2026, 3, 9, 2, 0, tzinfo=UTC),
        1_000,
    )
    service.save_manual(cases=[stored])
    editor = CaseEditor(service, None, case=service.repo.get_case(Platform.PINDUODUO, "AS-OLD"))
    qtbot.addWidget(editor)
    editor.reason.setText("尺码不对")
    assert editor.ok_button.isEnabled()
