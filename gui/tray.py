"""The tray icon and its menu; ``install`` puts the tray and the reminders together.

Contract: ``install(window)`` decides once per start. Where the desktop has a
system tray it creates ``TrayIcon``, sends reminders through its balloon
(``TrayNotifier``), makes closing the window hide it (``close_to_tray``; the first
time a balloon explains that ShopClock keeps running) and stops Qt from quitting
with the last window. Without a tray, reminders go to the window
(``WindowNotifier``), a status-bar notice says so, and closing the window quits.

The icon and tooltip come from gui.tray_look (redrawn only when they change:
board loads, sweeps, countdown ticks, setting changes). The menu, rebuilt when it
opens: 打开售后时钟, the next five deadlines (a click opens that case), snooze the
last reminder (15 min, 1 h), 暂停提醒 1 小时 / 恢复提醒, mute a shop, quiet hours,
sound, start with the computer, 退出. A click on the icon brings the window back.

Threading: GUI thread only.
"""

from __future__ import annotations

import logging
import time as _time
from dataclasses import dataclass
from datetime import time

from PySide6.QtCore import QCoreApplication, QObject, Slot
from PySide6.QtGui import QAction, QActionGroup, QImage
from PySide6.QtWidgets import QApplication, QLabel, QMenu, QSystemTrayIcon

from core.reminders import PAUSE_DEFAULT, SNOOZE_CHOICES
from gui import autostart, fmt, labels, reminder_text
from gui.notifier import Notifier, TrayNotifier, WindowNotifier
from gui.reminder_controller import ReminderController
from gui.tray_look import (  # noqa: F401  (re-exported: the look belongs to the tray)
    BADGE,
    PAUSED,
    SIZES,
    TrayState,
    _hours,
    _span,
    app_icon,
    icon_path,
    make_icon,
    next_deadlines,
    paint_icon,
    tray_state,
)

translate = QCoreApplication.translate
log = logging.getLogger(__name__)
QUIET_CHOICES = ((time(22), time(8)), (time(23), time(7)), (time(21), time(9)))


def _menu_text(text: str) -> str:
    return text.replace("&", "&&")


# -- the icon and its menu ------------------------------------------------------------


class TrayIcon(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.controller: ReminderController | None = None
        self.icon = QSystemTrayIcon(self)
        self.icon.setObjectName("trayIcon")
        self.menu = QMenu()  # a context menu has no parent widget; deleted with us
        self.menu.setObjectName("trayMenu")
        self.destroyed.connect(self.menu.deleteLater)
        self.icon.setContextMenu(self.menu)
        self.menu.aboutToShow.connect(self.rebuild_menu)
        self.icon.activated.connect(self._on_activated)
        self.shops: list[tuple[str, str]] = []
        self.state: TrayState | None = None
        self._base = QImage(str(icon_path()))
        self.autostart_args: list[str] = []
        window.worker.loaded.connect(self._on_loaded)
        window.worker.groups_changed.connect(self.refresh)
        window.scheduler.ticked.connect(self.refresh)
        window.todo_view.ticker.ticked.connect(self.refresh)
        self.refresh()

    def attach(self, controller: ReminderController) -> None:
        self.controller = controller
        controller.changed.connect(self.refresh)
        self.rebuild_menu()
        self.refresh()

    def show(self) -> None:
        self.icon.show()

    @Slot(object)
    def _on_loaded(self, rows) -> None:
        self.shops = list(rows.shops)
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        paused = self.controller.paused_until() if self.controller is not None else None
        state = tray_state(self.window, paused)
        if self.state is None or state.look != self.state.look:
            self.icon.setIcon(make_icon(self._base, *state.look))
        if self.state is None or state.tooltip != self.state.tooltip:
            self.icon.setToolTip(state.tooltip)
        self.state = state

    def _on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            self.window.bring_to_front()

    # -- the menu ---------------------------------------------------------------------

    def _action(self, menu: QMenu, text: str, slot=None, name: str = "") -> QAction:
        action = menu.addAction(_menu_text(text))
        if name:
            action.setObjectName(name)
        if slot is not None:
            action.triggered.connect(slot)
        return action

    @Slot()
    def rebuild_menu(self) -> None:
        menu = self.menu
        menu.clear()
        w = self.window
        opener = self._action(
            menu, translate("Tray", "Open ShopClock"), w.bring_to_front, "trayOpen"
        )
        menu.setDefaultAction(opener)
        menu.addSeparator()
        self._add_deadlines(menu)
        menu.addSeparator()
        if self.controller is not None:
            self._add_reminder_entries(menu, self.controller)
            menu.addSeparator()
        self._action(menu, translate("Tray", "Quit"), w.quit_app, "trayQuit")

    def _add_deadlines(self, menu: QMenu) -> None:
        loaded = self.window.loaded_once
        upcoming = next_deadlines(self.window) if loaded else []
        if not upcoming:
            # overdue ones still run (a late shipment): the tooltip counts them
            overdue = self.window.todo_model.stats(self.window.clock.now()).overdue if loaded else 0
            text = (
                labels.fill(translate("Tray", "No deadlines coming up (%1 overdue)"), overdue)
                if overdue
                else translate("Tray", "No running deadlines")
            )
            self._action(menu, text, name="trayNone").setEnabled(False)
            return
        self._action(menu, translate("Tray", "Next deadlines"), name="trayNextHeader").setEnabled(
            False
        )
        now = self.window.clock.now().timestamp()
        what = self.window.todo_model.WHAT
        for i, row in enumerate(upcoming):
            text = " · ".join(
                (
                    reminder_text.time_left(row.deadline_ts - now),
                    reminder_text.record(row.platform, row.case_no, row.order_no),
                    row.cells[what],
                )
            )
            self._action(
                menu,
                text,
                lambda _=False, r=row: self.window.open_record(r.platform, r.case_no, r.order_no),
                f"trayNext{i}",
            )

    def _add_reminder_entries(self, menu: QMenu, c: ReminderController) -> None:
        snooze = menu.addMenu(
            _menu_text(translate("Tray", "Remind me again about the last reminder"))
        )
        snooze.setObjectName("traySnooze")
        for span in SNOOZE_CHOICES:
            self._action(
                snooze,
                labels.fill(translate("Tray", "In %1"), _span(span)),
                lambda _=False, d=span: c.snooze_last(d),
                f"traySnooze{int(span.total_seconds())}",
            )
        snooze.menuAction().setEnabled(c.can_snooze())
        until = c.paused_until()
        if until is None:
            text = labels.fill(translate("Tray", "Pause reminders for %1"), _hours(PAUSE_DEFAULT))
            self._action(menu, text, lambda: c.pause(PAUSE_DEFAULT), "trayPause")
        else:
            text = labels.fill(
                translate("Tray", "Resume reminders (paused until %1)"), fmt.short_time(until)
            )
            self._action(menu, text, c.resume, "trayResume")
        current = c.settings()
        self._add_mute_menu(menu, c, current)
        self._add_quiet_menu(menu, c, current)
        sound = self._action(menu, translate("Tray", "Sound with reminders"), name="traySound")
        sound.setCheckable(True)
        sound.setChecked(c.sound())
        sound.toggled.connect(c.set_sound)
        start = self._action(
            menu, translate("Tray", "Start with the computer"), name="trayAutostart"
        )
        start.setCheckable(True)
        start.setChecked(autostart.is_enabled())
        start.toggled.connect(self._set_autostart)

    def _set_autostart(self, on: bool) -> None:
        try:
            where = autostart.set_enabled(on, self.autostart_args)
            log.info("start with the computer: %s (%s)", on, where)
        except OSError:
            log.warning("cannot change the start-up entry", exc_info=True)

    def _add_mute_menu(self, menu: QMenu, c: ReminderController, current) -> None:
        mute = menu.addMenu(_menu_text(translate("Tray", "Mute a shop")))
        mute.setObjectName("trayMute")
        shops = sorted({*self.shops, *((p.value, n) for p, n in current.muted_shops)})
        for platform, shop in shops:
            text = labels.fill(translate("Tray", "%1 · %2"), labels.platform(platform), shop)
            action = self._action(mute, text, name=f"trayMute:{platform}:{shop}")
            action.setCheckable(True)
            action.setChecked(current.is_muted(platform, shop))
            action.toggled.connect(lambda on, p=platform, n=shop: c.set_muted(p, n, on))
        mute.menuAction().setEnabled(bool(shops))

    def _add_quiet_menu(self, menu: QMenu, c: ReminderController, current) -> None:
        quiet = menu.addMenu(_menu_text(translate("Tray", "Quiet hours")))
        quiet.setObjectName("trayQuiet")
        group = QActionGroup(quiet)
        choices: list[tuple[time | None, time | None]] = [(None, None), *QUIET_CHOICES]
        now = (current.quiet_start, current.quiet_end)
        if now not in choices:
            choices.append(now)
        for start, end in choices:
            if start is None or end is None:
                text = translate("Tray", "Off")
            else:
                text = f"{start.strftime('%H:%M')}–{end.strftime('%H:%M')}"
            action = self._action(quiet, text, name=f"trayQuiet:{text}")
            action.setCheckable(True)
            action.setActionGroup(group)
            action.setChecked((start, end) == now)
            action.triggered.connect(lambda _=False, a=start, b=end: c.set_quiet_hours(a, b))


# -- putting it together --------------------------------------------------------------


def wait_for_tray(timeout_ms: int) -> bool:
    """Whether the desktop has a tray, waiting up to ``timeout_ms`` for its host to start."""
    deadline = _time.monotonic() + timeout_ms / 1000
    while not QSystemTrayIcon.isSystemTrayAvailable():
        if _time.monotonic() >= deadline:
            return False
        QApplication.processEvents()
        _time.sleep(0.1)
    return True


@dataclass
class Reminders:
    controller: ReminderController
    tray: TrayIcon | None
    notifier: Notifier


def no_tray_notice(window) -> QLabel:
    label = QLabel(
        translate("Tray", "No system tray here: reminders appear only in this window"), window
    )
    label.setObjectName("noTrayNotice")
    window.statusBar().addPermanentWidget(label)
    return label


def install(
    window,
    *,
    available: bool | None = None,
    notifier: Notifier | None = None,
    show_gap_ms: int | None = None,
) -> Reminders:
    """Tray (when the desktop has one) + reminders for ``window`` (see the module docstring)."""
    if available is None:
        available = QSystemTrayIcon.isSystemTrayAvailable()
    tray = TrayIcon(window) if available else None
    if notifier is None:
        notifier = TrayNotifier(tray.icon) if tray is not None else WindowNotifier(window)
    gap = {} if show_gap_ms is None else {"show_gap_ms": show_gap_ms}
    controller = ReminderController(window, notifier, **gap)
    if tray is not None:
        tray.attach(controller)
        window.close_to_tray = True
        QApplication.setQuitOnLastWindowClosed(False)
        window.hidden_to_tray.connect(controller.explain_close_to_tray)
    else:
        no_tray_notice(window)
    return Reminders(controller, tray, notifier)
