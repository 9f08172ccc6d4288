"""The tray icon: how urgent things are at a glance, the next deadlines, and 退出.

Contract: ``install(window)`` decides once per start. Where the desktop has a
system tray it creates ``TrayIcon``, sends reminders through its balloon
(``TrayNotifier``), makes closing the window hide it (``close_to_tray``; the first
time a balloon explains that ShopClock keeps running) and stops Qt from quitting
with the last window. Without a tray, reminders go to the window
(``WindowNotifier``), a status-bar notice says so, and closing the window quits.

The icon is the application icon with a badge painted on it (``paint_icon``): a
red count of overdue (and urgent) deadlines, else a white one with red digits
for urgent ones, else
a yellow dot when something is due soon, grey bars while reminders are paused.
Its tooltip says 「2 件 2 小时内到期，1 件已超时」 (``tray_state``, from the To do
model's bisect counts — cheap enough to redo on every countdown tick, and only
a change repaints). The menu (rebuilt when it opens): 打开售后时钟, the next five
deadlines (a click opens that case), snooze the last reminder, 暂停提醒 1 小时 /
恢复提醒, mute a shop, quiet hours, sound, start with the computer, 退出.

Threading: GUI thread only.
"""

from __future__ import annotations

import heapq
import logging
import time as _time
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from importlib.resources import files
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QRectF, Qt, Slot
from PySide6.QtGui import QAction, QActionGroup, QColor, QFont, QIcon, QImage, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QLabel, QMenu, QSystemTrayIcon

from core.domain import Urgency
from core.reminders import PAUSE_DEFAULT, SNOOZE_CHOICES
from gui import autostart, countdown, fmt, labels, reminder_text
from gui.models.rows import Row
from gui.notifier import Notifier, TrayNotifier, WindowNotifier
from gui.reminder_controller import ReminderController

translate = QCoreApplication.translate
log = logging.getLogger(__name__)
SIZES = (16, 20, 24, 32, 40, 48, 64)
NEXT_COUNT = 5
QUIET_CHOICES = ((time(22), time(8)), (time(23), time(7)), (time(21), time(9)))
# (fill, digits, ring) per band. The app icon is orange: an orange or red-on-orange badge
# disappears at 16-24 px, so urgent is white with red digits and overdue the inverse.
BADGE = {
    Urgency.OVERDUE: (QColor("#b3261e"), QColor("#ffffff"), QColor("#ffffff")),
    Urgency.URGENT: (QColor("#ffffff"), QColor("#b3261e"), QColor("#b3261e")),
    Urgency.SOON: (QColor("#ffd600"), QColor("#3b2a00"), QColor("#3b2a00")),
}
PAUSED = QColor("#5f6368")


def icon_path() -> Path:
    return Path(str(files("resources"))) / "icons" / "shopclock.png"


def app_icon() -> QIcon:
    return QIcon(str(icon_path()))


# -- the look -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TrayState:
    band: Urgency  # the worst urgency among running merchant deadlines
    count: int  # how many are in that band (overdue + urgent for the red badges)
    paused: bool
    tooltip: str

    @property
    def look(self) -> tuple[Urgency, int, bool]:
        return self.band, self.count, self.paused


def _hours(span: timedelta) -> str:
    hours = span.total_seconds() / 3600
    if hours == 1:
        return translate("Tray", "1 hour")
    if hours == int(hours):
        return labels.fill(translate("Tray", "%1 hours"), int(hours))
    return countdown.format_duration(span.total_seconds())


def _span(span: timedelta) -> str:
    """「15 分钟」, 「1 小时」 (menu texts)."""
    if span < timedelta(hours=1):
        return labels.fill(translate("Tray", "%1 minutes"), int(span.total_seconds() // 60))
    return _hours(span)


def tray_state(window, paused_until: datetime | None = None) -> TrayState:
    """Counts from the To do model (running merchant deadlines) at the clock's now."""
    title = translate("Tray", "ShopClock")
    if not window.loaded_once:
        return TrayState(Urgency.OK, 0, paused_until is not None, title)
    model = window.todo_model
    now = window.clock.now()
    th = model.thresholds
    stats = model.stats(now)
    # stats() counts up to now + urgent; shifted by (soon - urgent) it counts up to now + soon
    ahead = model.stats(now + (th.soon - th.urgent))
    soon = ahead.overdue + ahead.urgent - stats.overdue - stats.urgent
    parts = []
    if stats.urgent:
        parts.append(
            labels.fill(translate("Tray", "%1 due within %2"), stats.urgent, _hours(th.urgent))
        )
    if stats.overdue:
        parts.append(labels.fill(translate("Tray", "%1 overdue"), stats.overdue))
    if not parts and soon:
        parts.append(labels.fill(translate("Tray", "%1 due within %2"), soon, _hours(th.soon)))
    if not parts:
        parts.append(labels.fill(translate("Tray", "Nothing due within %1"), _hours(th.soon)))
    lines = [title, translate("Tray", ", ").join(parts)]
    if paused_until is not None:
        lines.append(
            labels.fill(
                translate("Tray", "Reminders paused until %1"), fmt.short_time(paused_until)
            )
        )
    if stats.overdue:
        band, count = Urgency.OVERDUE, stats.overdue + stats.urgent
    elif stats.urgent:
        band, count = Urgency.URGENT, stats.urgent
    elif soon:
        band, count = Urgency.SOON, soon
    else:
        band, count = Urgency.OK, 0
    return TrayState(band, count, paused_until is not None, "\n".join(lines))


def paint_icon(base: QImage, size: int, band: Urgency, count: int, paused: bool) -> QPixmap:
    """The app icon at ``size`` px with the urgency badge in its lower right corner."""
    image = base.scaled(
        size, size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
    ).convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    s = float(size)
    if paused:
        box = QRectF(0.48 * s, 0.48 * s, 0.5 * s, 0.5 * s)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor("white"))
        p.drawEllipse(box)
        p.setBrush(PAUSED)
        p.drawEllipse(box.adjusted(0.04 * s, 0.04 * s, -0.04 * s, -0.04 * s))
        p.setBrush(QColor("white"))
        centre = box.center()
        for dx in (-0.065, 0.065):
            p.drawRect(
                QRectF(centre.x() + (dx - 0.035) * s, centre.y() - 0.11 * s, 0.07 * s, 0.22 * s)
            )
    elif band in BADGE:
        fill, ink, edge = BADGE[band]
        text = "" if band is Urgency.SOON else ("99+" if count > 99 else str(count))
        side = 0.62 if text else 0.4
        width = side + (0.2 if len(text) >= 2 else 0) + (0.15 if len(text) >= 3 else 0)
        width = min(width, 1.0)
        box = QRectF((1 - width) * s, (1 - side) * s, width * s, side * s)
        ring = max(1.5, 0.07 * s)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(edge)
        p.drawRoundedRect(box, side * s / 2, side * s / 2)
        inner = box.adjusted(ring, ring, -ring, -ring)
        p.setBrush(fill)
        p.drawRoundedRect(inner, inner.height() / 2, inner.height() / 2)
        if text:
            font = QFont()
            font.setBold(True)
            font.setPixelSize(max(6, round(inner.height() * (0.78 if len(text) < 3 else 0.62))))
            p.setFont(font)
            p.setPen(ink)
            p.drawText(inner, Qt.AlignmentFlag.AlignCenter, text)
    p.end()
    return QPixmap.fromImage(image)


def make_icon(base: QImage, band: Urgency, count: int, paused: bool) -> QIcon:
    icon = QIcon()
    for size in SIZES:
        icon.addPixmap(paint_icon(base, size, band, count, paused))
    return icon


def next_deadlines(window, count: int = NEXT_COUNT) -> list[Row]:
    """The next running merchant deadlines (not yet passed), soonest first."""
    now = window.clock.now().timestamp()
    rows = (r for r in window.todo_model.rows if r.running and r.deadline_ts > now)
    return heapq.nsmallest(count, rows, key=lambda r: r.deadline_ts)


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
        upcoming = next_deadlines(self.window) if self.window.loaded_once else []
        if not upcoming:
            self._action(
                menu, translate("Tray", "No running deadlines"), name="trayNone"
            ).setEnabled(False)
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
