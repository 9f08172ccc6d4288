"""The real ShopClock under Xvfb with a tray host: run by test_tray_xvfb.py in a child process.

    DISPLAY=:N QT_QPA_PLATFORM=xcb python tray_app.py DATA_DIR SHOTS_DIR REPORT.json

Prepares a database with the demo shop (its due reminders already settled, as if
ShopClock had been running) plus one Pinduoduo case whose 2-hour reminder fell due
a minute ago, starts ShopClock through gui.app.start (single instance, tray,
reminders — everything but the event loop), then, step by step on timers: waits for
that reminder's balloon, screenshots the screen, clicks the balloon (xdotool, a real
X click; QTest when xdotool is missing), checks the case opened, opens the tray menu
for a screenshot, closes the window to the tray (the one-time explanation balloon),
and quits through the tray menu's 退出. Writes what it saw to REPORT.json and exits
with ShopClock's own exit code.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import traceback
from datetime import timedelta
from pathlib import Path

CASE_NO = "XV-20260001"
ORDER_NO = "261122-000000000000001"
BUYER = ("张秀英", "13912345678", "浙江省杭州市西湖区文三路100号")
STEP_TIMEOUT_S = 40
SETTLE_S = 0.6


def prepare(data: Path) -> None:
    from core import demo
    from core.domain import Case as DomainCase
    from core.domain import CaseKind, CaseState, GoodsType, Order, Platform
    from core.reminders import ReminderService
    from core.service import Service
    from core.storage.reminders_store import ReminderStore

    service = Service.open(data / "shopclock.sqlite3")
    now = service.clock.now()
    demo.populate(service, now)
    store = ReminderStore(service.db)
    ReminderService(service, store).sweep(now)  # ShopClock "was running": all settled
    applied = now - timedelta(hours=46, minutes=1)  # 48 h to handle: the 2-h reminder is due
    shop = demo.SHOPS[0].name
    service.save_manual(
        orders=[
            Order(
                Platform.PINDUODUO,
                shop,
                ORDER_NO,
                5_990,
                paid_at=applied - timedelta(days=3),
                shipped_at=applied - timedelta(days=2),
                title="四川爱媛38号果冻橙 5斤装",
                goods_type=GoodsType.FRUIT,
                buyer_name=BUYER[0],
                buyer_phone=BUYER[1],
                buyer_address=BUYER[2],
            )
        ],
        cases=[
            DomainCase(
                Platform.PINDUODUO,
                shop,
                CASE_NO,
                ORDER_NO,
                CaseKind.REFUND_ONLY,
                CaseState.AWAITING_MERCHANT,
                applied_at=applied,
                state_since=applied,
                amount_fen=5_990,
            )
        ],
        at=applied,
    )
    service.close()


class Steps:
    """Runs one step after another on the event loop; any failure ends the run."""

    def __init__(self, running, shots: Path, report: dict) -> None:
        from PySide6.QtCore import QTimer

        self.running = running
        self.shots = shots
        self.report = report
        self.queue: list = []
        self.timer = QTimer()
        self.timer.setInterval(100)
        self.timer.timeout.connect(self._poll)
        self.deadline = 0.0
        self.since: float | None = None

    def add(self, name: str, until, then=None) -> None:
        self.queue.append((name, until, then))

    def start(self) -> None:
        self.deadline = time.monotonic() + STEP_TIMEOUT_S
        self.timer.start()

    def _poll(self) -> None:
        if not self.queue:
            self.timer.stop()
            return
        name, until, then = self.queue[0]
        try:
            done = until()
            if not done and time.monotonic() < self.deadline:
                self.since = None
                return
            if not done:
                raise TimeoutError(f"step {name!r}: not within {STEP_TIMEOUT_S} s")
            if self.since is None:  # true now: let the X server map and paint it first
                self.since = time.monotonic()
            if time.monotonic() - self.since < SETTLE_S:
                return
            self.since = None
            self.report["steps"].append(name)
            self.queue.pop(0)
            self.deadline = time.monotonic() + STEP_TIMEOUT_S
            if then is not None:
                then()
        except Exception:
            self.report["error"] = traceback.format_exc()
            self.timer.stop()
            self.running.window.quit_app()


def balloon():
    from PySide6.QtWidgets import QApplication

    for widget in QApplication.topLevelWidgets():
        if widget.metaObject().className() == "QBalloonTip" and widget.isVisible():
            return widget
    return None


def rect(r) -> list[int]:
    return [r.x(), r.y(), r.width(), r.height()]


def main(argv: list[str]) -> int:
    data, shots, report_path = Path(argv[0]), Path(argv[1]), Path(argv[2])
    os.environ["SHOPCLOCK_DATA_DIR"] = str(data)
    data.mkdir(parents=True, exist_ok=True)
    shots.mkdir(parents=True, exist_ok=True)
    report: dict = {"steps": [], "qt_messages": []}

    from PySide6.QtCore import QSettings

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(data / "qt"))
    from PySide6.QtWidgets import QApplication, QSystemTrayIcon

    app = QApplication([sys.argv[0]])
    waited = time.monotonic() + 20
    while not QSystemTrayIcon.isSystemTrayAvailable() and time.monotonic() < waited:
        app.processEvents()
        time.sleep(0.1)
    report["tray_available"] = QSystemTrayIcon.isSystemTrayAvailable()
    report["platform"] = app.platformName()
    prepare(data)

    from PySide6.QtCore import QPoint, Qt, QtMsgType, qInstallMessageHandler

    from gui import app as gui_app
    from gui.main import gui_parser

    running = gui_app.start(gui_parser().parse_args(["--data-dir", str(data)]))
    if isinstance(running, int):
        report["error"] = f"start returned {running}"
        report_path.write_text(json.dumps(report, ensure_ascii=False, indent=1), "utf-8")
        return 1

    def on_message(kind, context, message) -> None:
        if kind not in (QtMsgType.QtDebugMsg, QtMsgType.QtInfoMsg):
            report["qt_messages"].append(f"{kind.name}: {message}")
        gui_app.qt_message_handler(kind, context, message)

    qInstallMessageHandler(on_message)
    window, reminders = running.window, running.reminders
    tray, controller = reminders.tray, reminders.controller
    window.setGeometry(20, 60, 1060, 700)
    report["notes"] = []
    controller.shown.connect(lambda n: report["notes"].append([n.title, n.body]))
    steps = Steps(running, shots, report)

    def grab(name: str) -> None:
        path = shots / name
        app.primaryScreen().grabWindow(0).save(str(path))
        report.setdefault("screenshots", []).append(str(path))

    def ours() -> bool:
        last = controller.last
        return last is not None and last.target is not None and last.target.case_no == CASE_NO

    def shown_ours() -> None:
        report["tray_visible"] = tray.icon.isVisible()
        report["tray_geometry"] = rect(tray.icon.geometry())
        report["tooltip"] = tray.icon.toolTip()
        report["note"] = [controller.last.title, controller.last.body]
        window.panel.clear()  # so that the click visibly opens the case

    def balloon_up() -> bool:
        tip = balloon()
        return tip is not None and tip.isVisible() and ours()

    def click_balloon() -> None:
        tip = balloon()
        report["balloon_geometry"] = rect(tip.geometry())
        grab("1_reminder_balloon.png")
        x = tip.geometry().x() + tip.width() // 3
        y = tip.geometry().y() + tip.height() * 2 // 3
        if shutil.which("xdotool"):
            subprocess.run(["xdotool", "mousemove", str(x), str(y), "click", "1"], check=True)
            report["click"] = "xdotool"
        else:
            from PySide6.QtTest import QTest

            QTest.mouseClick(tip, Qt.MouseButton.LeftButton, pos=tip.mapFromGlobal(QPoint(x, y)))
            report["click"] = "qtest"

    def case_open() -> bool:
        case = window.panel.case
        return case is not None and case.case.case_no == CASE_NO and balloon() is None

    def opened() -> None:
        report["opened_case"] = window.panel.case.case.case_no
        report["window_visible"] = window.isVisible()
        app.processEvents()
        grab("2_case_opened.png")
        tray.rebuild_menu()
        geo = tray.icon.geometry()
        tray.menu.popup(QPoint(geo.right() - tray.menu.sizeHint().width(), geo.bottom() + 2))

    def menu_up() -> bool:
        return tray.menu.isVisible()

    def menu_shown() -> None:
        report["menu"] = [a.text() for a in tray.menu.actions() if not a.isSeparator()]
        grab("3_tray_menu.png")
        tray.menu.hide()
        window.close()  # to the tray: the explanation balloon, once

    def explained() -> bool:
        tip = balloon()
        return not window.isVisible() and tip is not None and controller.pending() == 0

    def to_tray() -> None:
        report["hidden_to_tray"] = not window.isVisible()
        report["explanation"] = controller.last.title
        grab("4_closed_to_tray.png")
        quit_action = next(a for a in tray.menu.actions() if a.objectName() == "trayQuit")
        quit_action.trigger()

    steps.add("reminder shown", ours, shown_ours)
    steps.add("balloon visible", balloon_up, click_balloon)
    steps.add("case opened by the click", case_open, opened)
    steps.add("tray menu open", menu_up, menu_shown)
    steps.add("closed to the tray", explained, to_tray)
    steps.start()
    code = app.exec()
    gui_app.shutdown(running)
    report["exit_code"] = code
    report["lock_released"] = not (data / "shopclock.sqlite3.lock").exists()
    report_path.write_text(json.dumps(report, ensure_ascii=False, indent=1), "utf-8")
    return code if "error" not in report else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
