"""The detail panel: explanations, exactly core's actions, refusals, undo."""

from datetime import timedelta

import pytest
from PySide6.QtWidgets import QPushButton

from core.domain import CaseKind, CaseState, Platform, Urgency
from core.rules.transitions import Action
from gui import fmt
from gui.detail_panel import DetailPanel


@pytest.fixture
def panel(qtbot, zh, demo_service):
    widget = DetailPanel(demo_service, "zh_CN")
    qtbot.addWidget(widget)
    widget.resize(520, 900)
    widget.show()
    return widget


def find_case(service, state, kind=None, platform=None):
    return next(
        c
        for c in service.board().cases
        if c.state is state
        and (kind is None or c.kind is kind)
        and (platform is None or c.platform is platform)
        and not c.assumed
    )


def buttons(panel):
    return {
        b.objectName().removeprefix("action_")
        for b in panel.findChildren(QPushButton)
        if b.objectName().startswith("action_") and not b.isHidden()
    }


def test_buttons_are_exactly_what_core_allows(panel, demo_service):
    case = find_case(demo_service, CaseState.AWAITING_MERCHANT)
    assert panel.show_case(case.platform, case.case_no)
    allowed = demo_service.case_detail(case.case_no, case.platform).allowed
    assert buttons(panel) == {a.value for a in allowed}
    assert Action.AGREE.value in buttons(panel)


def test_explanation_names_pack_clause_and_rule(panel, demo_service):
    case = find_case(demo_service, CaseState.AWAITING_MERCHANT, platform=Platform.PINDUODUO)
    panel.show_case(case.platform, case.case_no)
    texts = " ".join(label.text() for label in panel.findChildren(type(panel.title)))
    assert "拼多多售后规则" in texts
    assert "48小时" in texts
    assert any(word in texts for word in ("平台规则原文", "卖家常用口径", "估计"))
    assert "按规则计算" in texts or "平台给出" in texts


def test_agree_changes_database_and_timers(panel, demo_service, qtbot):
    case = find_case(demo_service, CaseState.AWAITING_MERCHANT, kind=CaseKind.RETURN_REFUND)
    panel.show_case(case.platform, case.case_no)
    before = demo_service.case_detail(case.case_no, case.platform)
    with qtbot.waitSignal(panel.acted) as signal:
        assert panel.do_action(Action.AGREE)
    assert signal.args == [case.platform.value, case.order_no]
    after = demo_service.case_detail(case.case_no, case.platform)
    assert after.case.state is CaseState.AWAITING_RETURN
    assert [t.timer for t in after.timers] != [t.timer for t in before.timers]
    assert after.events[-1].action == "agree"
    assert panel.case.case.state is CaseState.AWAITING_RETURN  # the panel reloaded
    assert panel.undo()
    assert demo_service.case_detail(case.case_no, case.platform).case.state is case.state


def test_reject_needs_a_reason_and_shows_the_refusal(panel, demo_service):
    case = find_case(demo_service, CaseState.AWAITING_MERCHANT)
    panel.show_case(case.platform, case.case_no)
    panel.ask = lambda action: ("   ", "")  # the operator confirmed an empty reason
    assert not panel.do_action(Action.REJECT)
    assert not panel.message.isHidden()
    assert "请填写原因" in panel.message.text()
    stored = demo_service.case_detail(case.case_no, case.platform).case
    assert stored.state is CaseState.AWAITING_MERCHANT
    panel.ask = lambda action: ("商品无质量问题，买家已使用", "")
    assert panel.do_action(Action.REJECT)
    stored = demo_service.case_detail(case.case_no, case.platform)
    assert stored.case.state is CaseState.REJECTED
    assert stored.events[-1].note == "商品无质量问题，买家已使用"


def test_a_phone_typed_into_a_note_is_masked_until_shown(panel, demo_service):
    """The history showed a note's phone number in full, where the buyer's own number
    is masked until 显示 (README: masked in lists unless revealed)."""
    case = find_case(demo_service, CaseState.AWAITING_MERCHANT)
    panel.show_case(case.platform, case.case_no)
    panel.ask = lambda action: ("已电话联系买家 13912345678，商品无质量问题", "")
    assert panel.do_action(Action.REJECT)
    texts = " ".join(row[2] for row in panel.timeline.event_rows)
    assert "139****5678" in texts
    assert "13912345678" not in texts
    panel.on_reveal_clicked()
    assert "13912345678" in " ".join(row[2] for row in panel.timeline.event_rows)


def test_cancelled_prompt_changes_nothing(panel, demo_service):
    case = find_case(demo_service, CaseState.AWAITING_RETURN)
    panel.show_case(case.platform, case.case_no)
    panel.ask = lambda action: None
    assert not panel.do_action(Action.BUYER_SHIP_RETURN)
    assert demo_service.case_detail(case.case_no, case.platform).case.state is case.state


def test_tracking_number_is_stored(panel, demo_service):
    case = find_case(demo_service, CaseState.AWAITING_RETURN)
    panel.show_case(case.platform, case.case_no)
    panel.ask = lambda action: ("", "SF1234567890")
    assert panel.do_action(Action.BUYER_SHIP_RETURN)
    stored = demo_service.case_detail(case.case_no, case.platform).case
    assert stored.state is CaseState.RETURN_SHIPPED
    assert stored.tracking_no == "SF1234567890"


def test_undo_without_a_manual_step_says_so(panel, demo_service):
    case = find_case(demo_service, CaseState.REFUNDED)
    panel.show_case(case.platform, case.case_no)
    assert not panel.undo()
    assert "没有可撤销" in panel.message.text()


def test_undo_after_an_import_changed_the_case_says_it_cannot(panel, demo_service):
    """The platform's export after the step (same state: no event) changed the amount;
    undoing the step would drop it, so the panel refuses and says why."""
    from dataclasses import replace

    case = find_case(demo_service, CaseState.AWAITING_MERCHANT, CaseKind.REFUND_ONLY)
    panel.show_case(case.platform, case.case_no)
    assert panel.do_action(Action.AGREE)
    agreed = demo_service.case_detail(case.case_no, case.platform).case
    demo_service.save_manual(cases=[replace(agreed, amount_fen=agreed.amount_fen - 100)])
    assert not panel.undo()
    assert "不能撤销" in panel.message.text()
    kept = demo_service.case_detail(case.case_no, case.platform).case
    assert (kept.state, kept.amount_fen) == (agreed.state, agreed.amount_fen - 100)


def test_order_detail_lists_cases_and_windows(panel, demo_service, clock):
    case = find_case(demo_service, CaseState.REJECTED)
    assert panel.show_order(case.platform, case.order_no)
    assert len(panel.timeline.case_rows) >= 1
    assert buttons(panel) == set()
    assert panel.eligibility.text() not in ("", "—")


def test_remaining_time_ticks(panel, demo_service, clock):
    case = find_case(demo_service, CaseState.AWAITING_MERCHANT)
    panel.show_case(case.platform, case.case_no)
    label = panel._timer_labels[0][0]
    before = label.text()
    clock.advance(timedelta(minutes=3))
    panel.tick()
    assert label.text() != before


def test_intervention_available_is_a_start_time_not_a_deadline(panel, demo_service, clock):
    """Taobao: the buyer may ask for intervention from 72 h after applying."""
    case = next(
        c
        for c in demo_service.board().cases
        if c.platform is Platform.TAOBAO and c.state is CaseState.AWAITING_MERCHANT
    )
    panel.show_case(case.platform, case.case_no)
    labels = {timer.timer: label for label, timer, _why in panel._timer_labels}
    start = labels["intervention_available"]
    due = next(t for _l, t, _w in panel._timer_labels if t.timer == "intervention_available")
    when = fmt.long_time(due.due_at)
    assert f"{when} 起可申请" in start.text()
    assert "截止" not in start.text()
    assert "截止" in labels["merchant_handle"].text()  # real deadlines keep their word
    clock.advance(due.due_at - clock.now() + timedelta(hours=1))
    panel.tick()
    assert "现在可申请" in start.text()
    assert "已超时" not in start.text()


def test_a_buyers_countdown_is_muted_as_in_the_table(panel, demo_service, clock):
    """Found by testing: the buyer's 7-day timer with under an hour left was bold red
    in the panel and muted grey in the table. Only the merchant's deadlines alarm."""
    from gui import countdown

    rejected = next(c for c in demo_service.board().cases if c.state is CaseState.REJECTED)
    panel.show_case(rejected.platform, rejected.case_no)
    label, timer, _why = next(x for x in panel._timer_labels if not x[1].informational)
    assert timer.actor.value == "buyer"
    clock.set(timer.due_at - timedelta(minutes=30))
    panel.tick()
    muted = countdown.muted_color(False).name()
    alarm, _bg = countdown.band_colors(Urgency.URGENT, False)
    assert f"color:{muted}" in label.text()
    assert alarm.name() not in label.text()


def test_an_assumed_state_is_named_as_the_cases_list_names_it(panel, demo_service, clock):
    """Found by testing: 系统已自动同意退款（推定） in the list, 退款成功（推定） in the panel."""
    from gui.models.rows import CASE_COLUMNS
    from tests.gui.helpers import loaded_models

    clock.advance(timedelta(days=8))  # deadlines pass: the sweep assumes their outcomes
    assert demo_service.sweep()
    model, _proxy = loaded_models(demo_service, clock)["cases"]
    column = CASE_COLUMNS.index("state")
    assumed = [r for r in model.rows if r.args[0].assumed]
    assert assumed
    for row in assumed[:5]:
        case = row.args[0]
        panel.show_case(case.platform, case.case_no)
        listed = row.cells[column]
        assert "推定" in listed
        assert panel.subtitle.text().startswith(listed), (listed, panel.subtitle.text())


def test_a_deadline_an_export_contradicts_is_explained(qtbot, zh, service, clock, tmp_path):
    """An export imported after the rule's deadline still showed 待商家处理: the panel
    says the platform's deadline is later, and offers the merchant's actions."""
    from tests.core.factories import import_return_cases

    import_return_cases(service, tmp_path, {"A1": "2026-03-05 10:00:00"})
    clock.advance(timedelta(hours=1))
    service.sweep()
    widget = DetailPanel(service, "zh_CN")
    qtbot.addWidget(widget)
    widget.show()
    widget.show_case(Platform.PINDUODUO, "A1")
    label, timer, _why = next(x for x in widget._timer_labels if not x[1].informational)
    assert timer.due_at < clock.now()
    assert "平台的实际期限更晚" in label.text()
    buttons = {b.text() for b in widget.findChildren(QPushButton) if b.isVisible()}
    assert any("同意" in text for text in buttons), buttons


def test_tab_reaches_the_action_buttons_before_undo(panel, demo_service, qtbot):
    """The buttons are made anew for each case; they used to join the tab chain after
    撤销上一步 and the history, so Tab from the table landed on 撤销 first."""
    first = find_case(demo_service, CaseState.REJECTED)
    panel.show_case(first.platform, first.case_no)
    case = find_case(demo_service, CaseState.AWAITING_MERCHANT)
    panel.show_case(case.platform, case.case_no)
    qtbot.wait(1)  # the new buttons are shown by a queued call
    shown = [b for b in panel.findChildren(QPushButton) if b.isVisibleTo(panel)]
    order = []
    widget = panel.nextInFocusChain()
    while widget is not panel and len(order) < 200:
        if widget in shown and widget not in order:
            order.append(widget)
        widget = widget.nextInFocusChain()
    names = [b.objectName() for b in order]
    assert names[0] == "action_agree"  # the default (merchant's first) action
    assert names.index("undo") == len([n for n in names if n.startswith("action_")])
    assert names.index("undo") < names.index("reveal")


def test_a_case_saved_by_hand_was_entered_not_imported(qtbot, zh, demo_service, service, tmp_path):
    """The history names where a case's first state came from: 录入 for one saved by
    hand (the editors, the demo shop), 导入 for one from a platform's export."""
    from tests.core.factories import import_return_cases

    case = find_case(demo_service, CaseState.AWAITING_MERCHANT)
    panel = DetailPanel(demo_service, "zh_CN")
    qtbot.addWidget(panel)
    panel.show_case(case.platform, case.case_no)
    first = panel.timeline.event_rows[0]
    assert first[2] == "录入：待商家处理"
    assert first[3] == "手动录入"
    import_return_cases(service, tmp_path, {"A1": "2026-03-05 10:00:00"})
    imported = DetailPanel(service, "zh_CN")
    qtbot.addWidget(imported)
    imported.show_case(Platform.PINDUODUO, "A1")
    assert imported.timeline.event_rows[0][2].startswith("导入：")
