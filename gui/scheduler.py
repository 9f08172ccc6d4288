"""The one 30-second sweep timer, and noticing that the computer slept.

Contract: ``SweepScheduler(clock, sweep)`` calls ``sweep()`` (the board worker's
request: reminders first, then expiry outcomes) every ``SWEEP_MS`` from
``start()`` until ``stop()``; never one timer per deadline (they drift, overflow
and stop in sleep). Each tick compares the clock with the previous tick: a gap
over ``WAKE_GAP`` (sleep, hibernation, a debugger, a clock set forward) emits
``woke(gap)`` — core then coalesces what fell due meanwhile into one summary.
When the application becomes active again (QGuiApplication.applicationStateChanged,
e.g. after unlocking the PC) it ticks at once, at most every ``ACTIVE_MIN_GAP``.
Tests move a FakeClock and call ``tick()``; nothing here sleeps.

Threading: GUI thread only.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication

from core.clock import Clock

log = logging.getLogger(__name__)
SWEEP_MS = 30_000
TIMER_NAME = "sweepTimer"
WAKE_GAP = timedelta(seconds=90)
ACTIVE_MIN_GAP = timedelta(seconds=10)


class SweepScheduler(QObject):
    ticked = Signal()
    woke = Signal(object)  # timedelta since the previous tick

    def __init__(
        self,
        clock: Clock,
        sweep: Callable[[], None],
        parent: QObject | None = None,
        interval_ms: int = SWEEP_MS,
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self._sweep = sweep
        self._last: datetime | None = None
        self.timer = QTimer(self)
        self.timer.setObjectName(TIMER_NAME)
        self.timer.setInterval(interval_ms)
        self.timer.setTimerType(Qt.TimerType.VeryCoarseTimer)  # whole seconds are plenty
        self.timer.timeout.connect(self.tick)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.applicationStateChanged.connect(self._on_state)

    def start(self) -> None:
        if not self.timer.isActive():
            self._last = self._clock.now()
            self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def is_active(self) -> bool:
        return self.timer.isActive()

    def tick(self) -> None:
        now = self._clock.now()
        gap = None if self._last is None else now - self._last
        self._last = now
        if gap is not None and (gap > WAKE_GAP or gap < -WAKE_GAP):
            seconds = gap.total_seconds()
            log.info("%.0f s since the previous sweep tick: sleep or a clock change", seconds)
            self.woke.emit(gap)
        self._sweep()
        self.ticked.emit()

    def _on_state(self, state: Qt.ApplicationState) -> None:
        if state != Qt.ApplicationState.ApplicationActive or not self.timer.isActive():
            return
        if self._last is None or self._clock.now() - self._last >= ACTIVE_MIN_GAP:
            self.tick()
            self.timer.start()  # the next regular tick a full interval from now
