"""Reminder glue, offscreen: the real window and worker on a FakeClock, a recording notifier.

Core decides which reminders are due (tests/core/test_reminders.py); here: a due
reminder becomes exactly one notification without buyer data, a click opens its
case, a restart repeats nothing, a long gap is one summary, pause / snooze / mute
work through the controller — and the reminder sweep runs before Service.sweep.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.reminders import load_settings
from core.storage.reminders_store import ReminderStore
from gui import reminder_text, tray
from gui.main_window import MainWindow
from gui.notifier import Level, RecordingNotifier
from gui.reminder_controller import ReminderController
from tests.core.factories import case, order, sh

STEP = timedelta(seconds=30)
BUYER = {
    "buyer_name": "王小明",
    "buyer_phone": "13812345678",
    "buyer_address": "广州市天河区体育西路1号",
}


@pytest.fixture
def open_app(qtbot, zh, qapp):
    """A MainWindow with reminders installed (no tray unless asked), after its first sweep."""
    made = []

    def make(service, available: bool = False):
        window = MainWindow(service, "zh_CN")
        qtbot.addWidget(window)
        notifier = RecordingNotifier()
        handles = tray.install(window, available=available, notifier=notifier, show_gap_ms=0)
        window.worker.reminder_duty = 0  # every tick sweeps (a big shop's sweeps are spaced)
        with qtbot.waitSignal(handles.controller.swept, timeout=20_000):
            window.show()  # loads; the sweep after the first paint runs the reminders
        made.append(window)
        return window, handles.controller, notifier

    yield make
    for window in made:
        window.quit_app()
    qapp.setQuitOnLastWindowClosed(True)


def sweep(qtbot, window, at=None, running_since: timedelta | None = STEP):
    """One scheduler tick at ``at``; ``running_since``: the tray swept that long before
    (None: leave the stored last sweep alone, e.g. to model sleep)."""
    if at is not None:
        window.clock.set(at)
    if running_since is not None:
        ReminderStore(window.service.db).set_last_sweep(window.clock.now() - running_since)
    controller = window.findChild(ReminderController)
    with qtbot.waitSignal(controller.swept, timeout=20_000) as got:
        window.scheduler.tick()
    qtbot.waitUntil(lambda: controller.pending() == 0, timeout=5_000)
    return got.args[0]


def one_case(service, **kw):
    service.save_manual(
        orders=[order(shipped_at="2026-03-03 10:00", **BUYER)],
        cases=[case(**kw)],
        at=sh("2026-03-10 09:00"),
    )


def test_a_due_reminder_is_one_notification_without_buyer_data(open_app, service, qtbot):
    one_case(service)  # Pinduoduo refund only, 48 h to handle: due 2026-03-12 09:00
    window, controller, notifier = open_app(service)
    assert notifier.shown == []  # nothing due at 10:00 on the 10th
    sweep(qtbot, window, sh("2026-03-11 21:00:30"))  # the 12-hour reminder
    (note,) = notifier.shown
    assert note.title == "拼多多 · 售后单 AS-0001"
    assert note.body.splitlines() == ["还剩 11小时59分：处理退款申请", "测试店 · 涉及 ¥129.00"]
    assert note.level is Level.WARNING
    for secret in (*BUYER.values(), "王", "138", "天河"):
        assert secret not in note.text
    assert controller.last == note
    sweep(qtbot, window, sh("2026-03-11 21:01:00"))
    assert len(notifier.shown) == 1  # the next tick repeats nothing


def test_clicking_the_notification_opens_its_case(open_app, service, qtbot):
    one_case(service)
    window, _controller, notifier = open_app(service)
    window.open_record("pinduoduo", None, "250302-123456789012345")  # something else first
    window.hide()
    sweep(qtbot, window, sh("2026-03-11 21:00:30"))
    notifier.click()
    assert window.isVisible()
    assert window.panel.case is not None
    assert window.panel.case.case.case_no == "AS-0001"
    assert window.detail_dock.isVisible()


def test_a_restart_repeats_nothing(open_app, service, qtbot, clock):
    from core.service import Service

    one_case(service)
    window, _controller, notifier = open_app(service)
    sweep(qtbot, window, sh("2026-03-11 21:00:30"))
    assert len(notifier.shown) == 1
    window.quit_app()
    again = Service.open(service.db.path, clock=clock)  # a new process on the same file
    try:
        clock.advance(STEP)
        window2, _c2, notifier2 = open_app(again)
        sweep(qtbot, window2)
        assert notifier2.shown == []
    finally:
        again.close()


def test_an_eight_hour_gap_is_one_summary_and_reminders_run_before_expiry(open_app, service, qtbot):
    service.save_manual(
        orders=[
            order(shipped_at="2026-03-03 10:00", **BUYER),
            order(order_no="250302-2", shipped_at="2026-03-03 10:00"),
        ],
        cases=[
            case(),  # due 03-12 09:00
            case(case_no="AS-0002", order_no="250302-2", applied_at="2026-03-10 03:00"),
        ],
        at=sh("2026-03-10 09:00"),
    )
    window, _controller, notifier = open_app(service)
    woke = []
    window.scheduler.woke.connect(woke.append)
    sweep(qtbot, window, sh("2026-03-12 00:00"))  # the evening before: both 12-h reminders
    before = len(notifier.shown)
    sweep(qtbot, window, sh("2026-03-12 08:00"), running_since=None)  # slept 8 hours
    assert woke[-1] == timedelta(hours=8)
    (summary,) = notifier.shown[before:]
    assert summary.title == "离开期间：1 个期限已到，1 个即将到期"
    lines = summary.body.splitlines()
    # AS-0002 expired at 03:00 and the platform refunded: reminded BEFORE Service.sweep
    assert lines[0] == "其中 1 件系统已自动退款"
    assert lines[1] == "最近：拼多多 · 售后单 AS-0001，还剩 1小时00分"
    assert summary.level is Level.CRITICAL
    assert summary.target.case_no == "AS-0001"
    qtbot.waitUntil(lambda: service.repo.get_case("pinduoduo", "AS-0002").assumed, timeout=10_000)


def test_pause_holds_reminders_then_one_summary(open_app, service, qtbot):
    one_case(service)
    window, controller, notifier = open_app(service)
    window.clock.set(sh("2026-03-11 20:50"))
    controller.pause()
    assert controller.paused_until() == sh("2026-03-11 21:50")
    assert load_settings(service.repo).paused_until == sh("2026-03-11 21:50")
    sweep(qtbot, window, sh("2026-03-11 21:00:30"))
    assert notifier.shown == []  # held, not lost
    sweep(qtbot, window, sh("2026-03-11 21:50:30"))
    (held,) = notifier.shown
    assert held.title == "免打扰或暂停期间：1 个期限即将到期"


def test_resume_ends_the_pause(open_app, service, qtbot):
    one_case(service)
    window, controller, notifier = open_app(service)
    window.clock.set(sh("2026-03-11 20:50"))
    controller.pause()
    controller.resume()
    assert controller.paused_until() is None
    sweep(qtbot, window, sh("2026-03-11 21:00:30"))
    assert len(notifier.shown) == 1


def test_resuming_early_releases_what_the_pause_held_as_one_summary(open_app, service, qtbot):
    service.save_manual(
        orders=[order(shipped_at="2026-03-03 10:00")],
        cases=[case(), case(case_no="AS-0002")],
        at=sh("2026-03-10 09:00"),
    )
    window, controller, notifier = open_app(service)
    window.clock.set(sh("2026-03-11 20:50"))
    controller.pause()
    sweep(qtbot, window, sh("2026-03-11 21:00:30"))
    assert notifier.shown == []  # two 12-hour reminders held
    window.clock.set(sh("2026-03-11 21:10"))
    controller.resume()
    assert controller.paused_until() is None
    sweep(qtbot, window, sh("2026-03-11 21:10:30"))
    assert [n.title for n in notifier.shown] == ["免打扰或暂停期间：2 个期限即将到期"]


def test_snooze_the_last_reminder(open_app, service, qtbot):
    one_case(service)
    window, controller, notifier = open_app(service)
    sweep(qtbot, window, sh("2026-03-11 21:00:30"))
    assert controller.can_snooze()
    until = controller.snooze_last(timedelta(minutes=15))
    assert until == sh("2026-03-11 21:15:30")
    assert not controller.can_snooze()  # once
    sweep(qtbot, window, sh("2026-03-11 21:15:00"))
    assert len(notifier.shown) == 1
    sweep(qtbot, window, sh("2026-03-11 21:15:30"))
    assert notifier.shown[-1].title == "拼多多 · 售后单 AS-0001（稍后提醒）"


def test_a_muted_shop_is_silent(open_app, service, qtbot):
    one_case(service)
    window, controller, notifier = open_app(service)
    controller.set_muted("pinduoduo", "测试店", True)
    assert load_settings(service.repo).is_muted("pinduoduo", "测试店")
    sweep(qtbot, window, sh("2026-03-11 21:00:30"))
    assert notifier.shown == []
    controller.set_muted("pinduoduo", "测试店", False)
    sweep(qtbot, window, sh("2026-03-11 21:01:00"))
    assert notifier.shown == []  # settled while muted: unmuting does not replay it


def test_what_quiet_hours_held_is_not_called_a_pause(open_app, service, qtbot):
    """The released summary's heading said 提醒暂停期间 (while reminders were paused)
    also when quiet hours, not a pause, had held the reminder back."""
    from datetime import time

    one_case(service)  # due 2026-03-12 09:00; its 12-hour reminder fires at 21:00 on the 11th
    window, controller, notifier = open_app(service)
    controller.set_quiet_hours(time(20), time(22))
    sweep(qtbot, window, sh("2026-03-11 21:00:30"))
    assert notifier.shown == []  # held by quiet hours
    sweep(qtbot, window, sh("2026-03-11 22:00:30"))
    (held,) = notifier.shown
    assert held.title == "免打扰或暂停期间：1 个期限即将到期"


def test_quiet_hours_and_sound_are_stored(open_app, service, qtbot, monkeypatch):
    from datetime import time

    from PySide6.QtWidgets import QApplication

    _window, controller, _notifier = open_app(service)
    controller.set_quiet_hours(time(22), time(8))
    stored = service.repo.get_setting("reminders")
    assert (stored["quiet_start"], stored["quiet_end"]) == ("22:00", "08:00")
    beeps = []
    monkeypatch.setattr(QApplication, "beep", staticmethod(lambda: beeps.append(1)))
    assert controller.sound() is False  # off by default
    controller.post(reminder_text.still_running())
    assert beeps == []
    controller.set_sound(True)
    controller.post(reminder_text.still_running())
    qtbot.waitUntil(lambda: controller.pending() == 0, timeout=2_000)
    assert beeps == [1]
    controller.set_sound(False)


def test_several_notifications_are_shown_one_after_another(open_app, service, qtbot):
    _window, controller, notifier = open_app(service)
    controller._pacer.setInterval(50)
    first, second = reminder_text.still_running(), reminder_text.still_running()
    controller.post(first)
    controller.post(second)
    assert len(notifier.shown) == 1  # the second waits: a balloon must not replace the first
    assert controller.pending() == 1
    qtbot.waitUntil(lambda: len(notifier.shown) == 2, timeout=2_000)


def test_the_first_sweep_ever_is_not_while_you_were_away(open_app, service):
    service.save_manual(
        orders=[order(shipped_at="2026-03-03 10:00")],
        cases=[case(applied_at="2026-03-08 11:00")],  # due in 1 hour
        at=sh("2026-03-10 09:00"),
    )
    _window, _controller, notifier = open_app(service)
    (note,) = notifier.shown
    assert note.title == "需要关注的期限：1 个期限即将到期"
    assert note.body.splitlines()[0] == "最近：拼多多 · 售后单 AS-0001，还剩 1小时00分"
