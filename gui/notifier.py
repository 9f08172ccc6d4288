"""Where a reminder goes: the tray balloon, the window's status bar, or a test's list.

Contract: a ``Notification`` is finished text plus what a click opens (``target``)
and which reminder keys "snooze" postpones; it never holds buyer data (names,
phones, addresses) — gui.reminder_text builds it from core's reminders, which
carry none. A ``Notifier`` shows one with ``notify`` and emits ``clicked`` when the
operator clicks the notification last shown (QSystemTrayIcon.messageClicked does
not say which one, so the controller remembers the last).

* ``TrayNotifier``: ``QSystemTrayIcon.showMessage`` (Windows toast, macOS
  notification, a freedesktop notification or Qt's own balloon on X11).
* ``WindowNotifier``: no tray on this desktop — the status bar shows the text for
  a few minutes and the taskbar entry asks for attention (QApplication.alert);
  nothing there can be clicked, so ``click_hint`` is only shown by the tray.
* ``RecordingNotifier``: keeps what it was asked to show; ``click()`` plays the
  operator (tests, the Xvfb check).

Threading: GUI thread only.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QMainWindow, QSystemTrayIcon

from core.reminders import ReminderKey

SHOW_MS = 15_000  # how long a balloon stays (Windows decides for its toasts)
STATUS_MS = 5 * 60_000  # the no-tray status-bar message


class Level(Enum):
    INFO = "info"
    WARNING = "warning"
    CRITICAL = "critical"


@dataclass(frozen=True, slots=True)
class Target:
    """What clicking a notification opens: a case, or an order (order timers)."""

    platform: str
    case_no: str | None
    order_no: str


@dataclass(frozen=True, slots=True)
class Notification:
    title: str
    body: str
    level: Level = Level.INFO
    target: Target | None = None  # None: just bring the window forward
    snooze_keys: tuple[ReminderKey, ...] = ()  # empty: nothing to snooze (explanations)
    click_hint: str = ""  # 「点击打开售后时钟。」: only where the operator can click it

    @property
    def text(self) -> str:
        return f"{self.title}\n{self.body}"

    def clickable_body(self) -> str:
        return f"{self.body}\n{self.click_hint}" if self.click_hint else self.body


class Notifier(QObject):
    clicked = Signal()

    def notify(self, note: Notification) -> None:
        raise NotImplementedError


_TRAY_ICONS = {
    Level.INFO: QSystemTrayIcon.MessageIcon.Information,
    Level.WARNING: QSystemTrayIcon.MessageIcon.Warning,
    Level.CRITICAL: QSystemTrayIcon.MessageIcon.Critical,
}


class TrayNotifier(Notifier):
    def __init__(self, tray: QSystemTrayIcon, show_ms: int = SHOW_MS) -> None:
        super().__init__(tray)
        self._tray = tray
        self._show_ms = show_ms
        tray.messageClicked.connect(self.clicked)

    def notify(self, note: Notification) -> None:
        self._tray.showMessage(
            note.title, note.clickable_body(), _TRAY_ICONS[note.level], self._show_ms
        )


class WindowNotifier(Notifier):
    """No system tray: reminders appear only in the window, in the status bar, which
    cannot be clicked (so a notification's click hint is left out)."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self._window = window

    def notify(self, note: Notification) -> None:
        body = note.body.replace("\n", " · ")
        self._window.statusBar().showMessage(f"{note.title} — {body}", STATUS_MS)
        QApplication.alert(self._window)


class RecordingNotifier(Notifier):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.shown: list[Notification] = []

    def notify(self, note: Notification) -> None:
        self.shown.append(note)

    def click(self) -> None:
        self.clicked.emit()
