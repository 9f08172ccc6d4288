"""The tray, offscreen: the badge, the tooltip, the menu, close to tray, and no tray at all.

Offscreen has no system tray, so these install the tray explicitly (``available=True``)
without showing the icon, and a recording notifier stands in for the balloons; the
real tray host is exercised under Xvfb (tests/gui/xvfb).
"""

from __future__ import annotations

from datetime import time

import pytest
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QLabel, QSystemTrayIcon

from core.domain import Urgency
from core.reminders import load_settings
from gui import reminder_controller, settings, tray
from gui.main_window import MainWindow
from gui.notifier import RecordingNotifier, WindowNotifier
from tests.core.factories import case, order, sh


@pytest.fixture
def busy_service(service):
    """Two cases due within 2 h (11:00, 11:30) and an order that should have shipped at 09:00."""
    service.save_manual(
        orders=[
            order(order_no="O-A", shipped_at="2026-03-03 10:00"),
            order(order_no="O-B", shipped_at="2026-03-03 10:00"),
            order(order_no="O-LATE", paid_at="2026-03-08 10:00", ship_by="2026-03-10 09:00"),
        ],
        cases=[
            case(case_no="AS-A", order_no="O-A", applied_at="2026-03-08 11:00"),
            case(case_no="AS-B", order_no="O-B", applied_at="2026-03-08 11:30"),
        ],
        at=sh("2026-03-10 09:30"),
    )
    return service


@pytest.fixture
def open_tray(qtbot, zh, qapp):
    made = []

    def make(service, available: bool = True, record: bool = True):
        window = MainWindow(service, "zh_CN")
        qtbot.addWidget(window)
        notifier = RecordingNotifier() if record else None
        handles = tray.install(window, available=available, notifier=notifier, show_gap_ms=0)
        window.worker.reminder_duty = 0
        with qtbot.waitSignal(handles.controller.swept, timeout=20_000):
            window.show()
        made.append(window)
        return window, handles

    yield make
    for window in made:
        window.quit_app()
    qapp.setQuitOnLastWindowClosed(True)


def _action(menu, name):
    for action in menu.actions():
        sub = action.menu()
        if action.objectName() == name or (sub is not None and sub.objectName() == name):
            return action
        if sub is not None and (found := _action(sub, name)) is not None:
            return found
    return None


# -- the look ---------------------------------------------------------------------------


def _near(a: QColor, b: QColor, tolerance: int = 24) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a.getRgb()[:3], b.getRgb()[:3], strict=True))


@pytest.mark.parametrize("band", [Urgency.OVERDUE, Urgency.URGENT, Urgency.SOON])
def test_the_badge_has_the_band_colour(qapp, band):
    base = QImage(str(tray.icon_path()))
    plain = tray.paint_icon(base, 64, Urgency.OK, 0, False).toImage()
    marked = tray.paint_icon(base, 64, band, 3, False).toImage()
    # the badge's left end at its vertical middle: always fill, never the digit
    side = 0.62 if band is not Urgency.SOON else 0.4
    x, y = round((1 - side + 0.07) * 64) + 3, round((1 - side / 2) * 64)  # inside the ring
    fill, _digits, edge = tray.BADGE[band]
    assert _near(marked.pixelColor(x, y), fill)
    ring = round((1 - side) * 64) + 2
    assert _near(marked.pixelColor(ring, y), edge)
    assert marked.pixelColor(x, y) != plain.pixelColor(x, y) or band is Urgency.URGENT
    assert marked.pixelColor(ring, y) != plain.pixelColor(ring, y) or band is Urgency.OVERDUE
    assert marked.pixelColor(8, 8) == plain.pixelColor(8, 8)  # the rest is the app icon


def test_paused_is_grey_and_every_size_is_drawn(qapp):
    base = QImage(str(tray.icon_path()))
    paused = tray.paint_icon(base, 64, Urgency.OVERDUE, 5, True).toImage()
    assert _near(paused.pixelColor(round(0.73 * 64), round(0.57 * 64)), tray.PAUSED)
    icon = tray.make_icon(base, Urgency.URGENT, 120, False)
    assert {s.width() for s in icon.availableSizes()} == set(tray.SIZES)


def test_tooltip_counts_urgent_and_overdue(open_tray, busy_service):
    window, handles = open_tray(busy_service)
    state = handles.tray.state
    assert state.tooltip == "售后时钟\n2 件 2 小时内到期，1 件已超时"
    assert (state.band, state.count) == (Urgency.OVERDUE, 3)
    assert handles.tray.icon.toolTip() == state.tooltip
    window.clock.set(sh("2026-03-10 12:00"))  # A and B passed too (and were swept)
    handles.tray.refresh()
    assert "已超时" in handles.tray.icon.toolTip()


def test_tooltip_when_nothing_is_urgent(open_tray, service, qtbot):
    service.save_manual(
        orders=[order(shipped_at="2026-03-03 10:00")], cases=[case()], at=sh("2026-03-10 09:30")
    )
    _window, handles = open_tray(service)
    # the sweep can report before the board reaches the model: wait for the summary line
    qtbot.waitUntil(lambda: "\n" in handles.tray.state.tooltip, timeout=20_000)
    assert handles.tray.state.tooltip == "售后时钟\n12 小时内没有到期的期限"
    assert handles.tray.state.band is Urgency.OK


# -- the menu ---------------------------------------------------------------------------


def test_menu_lists_the_next_deadlines_and_opens_one(open_tray, busy_service):
    window, handles = open_tray(busy_service)
    menu = handles.tray.menu
    handles.tray.rebuild_menu()
    texts = [a.text() for a in menu.actions()]
    assert texts[0] == "打开售后时钟"
    assert "接下来的期限" in texts
    first = _action(menu, "trayNext0")
    assert first.text() == "1小时00分 · 拼多多 · 售后单 AS-A · 处理退款申请"
    assert _action(menu, "trayNext1").text().startswith("1小时30分 · 拼多多 · 售后单 AS-B")
    assert _action(menu, "trayNext2") is None  # the late order already passed
    assert _action(menu, "trayQuit").text() == "退出"
    window.hide()
    first.trigger()
    assert window.isVisible()
    assert window.panel.case.case.case_no == "AS-A"


def test_menu_does_not_say_nothing_runs_while_a_deadline_is_overdue(open_tray, busy_service, qtbot):
    window, handles = open_tray(busy_service)
    window.clock.set(sh("2026-03-10 12:00"))  # A and B passed; the late order still runs
    handles.tray.refresh()
    handles.tray.rebuild_menu()
    overdue = window.todo_model.stats(window.clock.now()).overdue
    assert overdue >= 1
    assert f"{overdue} 件已超时" in handles.tray.icon.toolTip()
    assert (
        _action(handles.tray.menu, "trayNone").text() == f"没有即将到期的期限（{overdue} 件已超时）"
    )


def test_menu_pause_mute_quiet_hours(open_tray, busy_service):
    window, handles = open_tray(busy_service)
    t, c = handles.tray, handles.controller
    t.rebuild_menu()
    assert _action(t.menu, "traySnooze").isEnabled()  # the first sweep's summary
    _action(t.menu, "traySnooze900").trigger()
    t.rebuild_menu()
    assert not _action(t.menu, "traySnooze").isEnabled()  # snoozed: nothing left to snooze
    pause = _action(t.menu, "trayPause")
    assert pause.text() == "暂停提醒 1 小时"
    pause.trigger()
    assert c.paused_until() == sh("2026-03-10 11:00")
    assert t.state.paused
    assert t.icon.toolTip().endswith("提醒已暂停至 03-10 11:00")
    t.rebuild_menu()
    resume = _action(t.menu, "trayResume")
    assert resume.text() == "恢复提醒（已暂停至 03-10 11:00）"
    resume.trigger()
    assert c.paused_until() is None
    t.rebuild_menu()
    _action(t.menu, "trayMute:pinduoduo:测试店").trigger()
    assert load_settings(window.service.repo).is_muted("pinduoduo", "测试店")
    t.rebuild_menu()
    _action(t.menu, "trayQuiet:22:00–08:00").trigger()
    current = load_settings(window.service.repo)
    assert (current.quiet_start, current.quiet_end) == (time(22), time(8))
    t.rebuild_menu()
    assert _action(t.menu, "trayQuiet:22:00–08:00").isChecked()
    assert _action(t.menu, "trayMute:pinduoduo:测试店").isChecked()


def test_menu_start_with_the_computer(open_tray, service, tmp_path, monkeypatch):
    monkeypatch.setattr("sys.platform", "linux")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    _window, handles = open_tray(service)
    handles.tray.autostart_args = ["--data-dir", "/srv/shop"]
    handles.tray.rebuild_menu()
    entry = _action(handles.tray.menu, "trayAutostart")
    assert not entry.isChecked()  # off by default
    entry.trigger()
    desktop = tmp_path / "config" / "autostart" / "shopclock.desktop"
    assert "--minimized --data-dir /srv/shop" in desktop.read_text("utf-8")
    handles.tray.rebuild_menu()
    entry = _action(handles.tray.menu, "trayAutostart")
    assert entry.isChecked()
    entry.trigger()
    assert not desktop.exists()


def test_quit_from_the_tray_menu(open_tray, service, qtbot):
    window, handles = open_tray(service)
    handles.tray.rebuild_menu()
    with qtbot.waitSignal(window.quit_requested, timeout=1_000):
        _action(handles.tray.menu, "trayQuit").trigger()
    assert not window.isVisible()
    assert not window.worker._thread.isRunning()


def test_clicking_the_icon_brings_the_window_back(open_tray, service):
    window, handles = open_tray(service)
    window.close()
    assert not window.isVisible()
    handles.tray.icon.activated.emit(QSystemTrayIcon.ActivationReason.Trigger)
    assert window.isVisible()


# -- closing ----------------------------------------------------------------------------


def test_closing_keeps_running_in_the_tray_and_explains_once(open_tray, service, qtbot, qapp):
    settings.qsettings().remove(reminder_controller.EXPLAINED_KEY)
    window, handles = open_tray(service)
    notifier = handles.notifier
    assert window.close_to_tray
    assert not qapp.quitOnLastWindowClosed()
    with qtbot.waitSignal(window.hidden_to_tray, timeout=1_000):
        window.close()
    assert not window.isVisible()
    assert window.worker._thread.isRunning()
    assert [n.title for n in notifier.shown] == ["售后时钟仍在运行"]
    assert "退出" in notifier.shown[0].body
    with qtbot.waitSignal(handles.controller.swept, timeout=20_000):
        window.scheduler.tick()  # still sweeping while hidden
    window.bring_to_front()
    window.close()
    qtbot.waitUntil(lambda: handles.controller.pending() == 0, timeout=2_000)
    assert len(notifier.shown) == 1  # explained once, remembered in the settings


def test_file_exit_quits_even_with_a_tray(open_tray, service, qtbot):
    window, _handles = open_tray(service)
    with qtbot.waitSignal(window.quit_requested, timeout=1_000):
        window.menu_actions.quit.trigger()
    assert not window.worker._thread.isRunning()


def test_without_a_tray_closing_quits_and_the_status_bar_says_why(open_tray, service, qapp):
    window, handles = open_tray(service, available=False, record=False)
    assert handles.tray is None
    assert isinstance(handles.notifier, WindowNotifier)
    assert not window.close_to_tray
    assert qapp.quitOnLastWindowClosed()
    notice = window.statusBar().findChild(QLabel, "noTrayNotice")
    assert notice.text() == "此桌面没有系统托盘：提醒只显示在本窗口中"
    handles.notifier.notify(tray.reminder_text.still_running())
    assert window.statusBar().currentMessage().startswith("售后时钟仍在运行 — ")
    window.close()
    assert not window.isVisible()
    assert not window.worker._thread.isRunning()  # closing is quitting
    QApplication.processEvents()


def test_offscreen_has_no_tray_and_waiting_is_bounded(qapp):
    import time as clock

    started = clock.monotonic()
    assert tray.wait_for_tray(300) is False
    assert 0.25 < clock.monotonic() - started < 5


def test_without_a_tray_the_status_bar_never_says_click(open_tray, busy_service, qapp):
    """The status bar cannot be clicked: its reminder used to end 「点击打开售后时钟。」.
    A tray balloon can, and keeps the hint."""
    window, handles = open_tray(busy_service, available=False, record=False)
    assert isinstance(handles.notifier, WindowNotifier)
    shown = window.statusBar().currentMessage()
    assert shown.startswith("需要关注的期限：")  # the first sweep's summary
    assert "点击" not in shown
    summary = handles.controller.last
    assert summary.click_hint == "点击打开售后时钟。"
    assert summary.clickable_body().endswith("\n点击打开售后时钟。")
