"""Reminders on the desktop: the worker's sweep results -> notifications, and back.

Contract: ``ReminderController(window, notifier)`` switches the window's board
worker to sweep reminders before expiry outcomes (``enable_reminders``) and turns
each ``ReminderBatch`` into notifications (gui.reminder_text): individual reminders
first, then the coalesced summaries, shown one at a time ``show_gap_ms`` apart so
a balloon is not replaced before it could be read. What core already recorded is
never shown twice — restarts and a second ShopClock on the same file included.

The last notification shown is remembered: a click on it (``notifier.clicked``)
opens its case in the window; ``snooze_last`` postpones it (15 min, 1 h). The
operator's reminder settings (pause, muted shops, quiet hours) are core's
``ReminderSettings``, stored with ``repo.set_setting("reminders", ...)`` so every
PC on the same file obeys them; the sound (``QApplication.beep``, off by default)
and "the close-to-tray explanation was shown" are this PC's QSettings.
``changed`` tells the tray to redraw (settings, last notification).

Threading: GUI thread; the database writes here are single short statements on
the window's own Service (the worker has its own).
"""

from __future__ import annotations

import dataclasses
import logging
from collections import deque
from datetime import datetime, time, timedelta

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QApplication

from core.domain import Platform
from core.reminders import (
    PAUSE_DEFAULT,
    SETTINGS_KEY,
    ReminderService,
    ReminderSettings,
    load_settings,
)
from core.storage.reminders_store import ReminderStore
from gui import reminder_text, settings
from gui.notifier import Notification, Notifier
from gui.workers import ReminderBatch

log = logging.getLogger(__name__)
SHOW_GAP_MS = 8_000  # between two notifications of one sweep
HISTORY = 50
SOUND_KEY = "reminders/sound"
EXPLAINED_KEY = "tray/close_explained"


def _flag(value: object) -> bool:
    return value in (True, "true", "1", 1)


class ReminderController(QObject):
    changed = Signal()
    shown = Signal(object)  # Notification
    swept = Signal(object)  # SweepResult, once its notifications are queued

    def __init__(self, window, notifier: Notifier, *, show_gap_ms: int = SHOW_GAP_MS) -> None:
        super().__init__(window)
        self.window = window
        self.notifier = notifier
        self.last: Notification | None = None
        self.history: deque[Notification] = deque(maxlen=HISTORY)
        self._queue: deque[Notification] = deque()
        self._pacer = QTimer(self)
        self._pacer.setObjectName("reminderPacer")
        self._pacer.setSingleShot(True)
        self._pacer.setInterval(show_gap_ms)
        self._pacer.timeout.connect(self._show_next)
        notifier.clicked.connect(self.open_last)
        window.worker.reminders_swept.connect(self._on_swept)
        window.worker.enable_reminders()

    # -- sweep results ----------------------------------------------------------------

    @Slot(object)
    def _on_swept(self, batch: ReminderBatch) -> None:
        result = batch.result
        for r in result.individual:
            self.post(reminder_text.for_reminder(r, batch.kinds.get((r.platform.value, r.case_no))))
        for summary in result.summaries:
            self.post(reminder_text.for_summary(summary, first=batch.first))
        if result.muted or result.held:
            log.debug("reminders muted: %d, held: %d", len(result.muted), len(result.held))
        self.swept.emit(result)

    def post(self, note: Notification) -> None:
        self._queue.append(note)
        if not self._pacer.isActive():
            self._show_next()

    def pending(self) -> int:
        return len(self._queue)

    def _show_next(self) -> None:
        if not self._queue:
            return
        note = self._queue.popleft()
        self.notifier.notify(note)
        self.last = note
        self.history.append(note)
        if self.sound():
            QApplication.beep()
        self.shown.emit(note)
        self.changed.emit()
        self._pacer.start()  # the next one waits, whether queued now or later

    @Slot()
    def open_last(self) -> None:
        note = self.last
        target = note.target if note is not None else None
        if target is None:
            self.window.bring_to_front()
            return
        self.window.open_record(target.platform, target.case_no, target.order_no)

    # -- snooze, pause, mute, quiet hours ---------------------------------------------

    def _now(self) -> datetime:
        return self.window.clock.now()

    def settings(self) -> ReminderSettings:
        return load_settings(self.window.service.repo)

    def _save(self, value: ReminderSettings) -> None:
        self.window.service.repo.set_setting(SETTINGS_KEY, value.to_dict())
        self.changed.emit()

    def can_snooze(self) -> bool:
        return self.last is not None and bool(self.last.snooze_keys)

    def snooze_last(self, duration: timedelta) -> datetime | None:
        """Show the last reminder again after ``duration`` (once); None if nothing to snooze."""
        note = self.last
        if note is None or not note.snooze_keys:
            return None
        service = self.window.service
        until = ReminderService(service, ReminderStore(service.db)).snooze(
            list(note.snooze_keys), duration, now=self._now()
        )
        self.last = dataclasses.replace(note, snooze_keys=())
        self.changed.emit()
        return until

    def paused_until(self) -> datetime | None:
        current = self.settings()
        return current.paused_until if current.paused(self._now()) else None

    def pause(self, duration: timedelta = PAUSE_DEFAULT) -> None:
        self._save(self.settings().pause(self._now(), duration))

    def resume(self) -> None:
        self._save(self.settings().resume(self._now()))

    def set_muted(self, platform: Platform | str, shop: str, muted: bool) -> None:
        current = self.settings()
        self._save(current.mute(platform, shop) if muted else current.unmute(platform, shop))

    def set_quiet_hours(self, start: time | None, end: time | None) -> None:
        self._save(dataclasses.replace(self.settings(), quiet_start=start, quiet_end=end))

    def sound(self) -> bool:
        return _flag(settings.qsettings().value(SOUND_KEY, False))

    def set_sound(self, on: bool) -> None:
        settings.qsettings().setValue(SOUND_KEY, bool(on))
        self.changed.emit()

    # -- the tray ---------------------------------------------------------------------

    @Slot()
    def explain_close_to_tray(self) -> None:
        """The first time the window is closed to the tray, say so (once per PC)."""
        store = settings.qsettings()
        if _flag(store.value(EXPLAINED_KEY, False)):
            return
        store.setValue(EXPLAINED_KEY, True)
        store.sync()
        self.post(reminder_text.still_running())
