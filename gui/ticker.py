"""One named 1-second QTimer per view that repaints the visible countdown cells.

Contract: each tick emits exactly one ``dataChanged`` on the view's proxy for
the countdown column of the rows in the viewport (indexAt at the top and the
bottom of the viewport), for DisplayRole/ForegroundRole/BackgroundRole only:
the sort role is untouched, so nothing reorders. A row whose deadline passed
since the last tick also repaints its "what" cell once (it now says what the
platform did). The timer runs only while the view is visible; ``tick()`` may be
called directly (tests move a FakeClock and tick, never sleep).

Threading: GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtWidgets import QTableView

from gui.models.base import DISPLAY, FOREGROUND, TICK_ROLES
from gui.models.filters import BoardFilterProxy

TIMER_NAME = "countdownTick"
INTERVAL_MS = 1000


def visible_rows(view: QTableView) -> tuple[int, int]:
    """(first, last) proxy rows in the viewport, or (-1, -1) when none."""
    model = view.model()
    count = model.rowCount() if model is not None else 0
    if count == 0:
        return -1, -1
    viewport = view.viewport()
    top = view.indexAt(QPoint(0, 0)).row()
    if top < 0:
        return -1, -1
    bottom = view.indexAt(QPoint(0, viewport.height() - 1)).row()
    return top, bottom if bottom >= 0 else count - 1


class CountdownTicker(QObject):
    ticked = Signal()

    def __init__(self, view: QTableView, proxy: BoardFilterProxy, parent=None) -> None:
        super().__init__(parent or view)
        self._view = view
        self._proxy = proxy
        self._timer = QTimer(self)
        self._timer.setObjectName(TIMER_NAME)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)  # no skipped seconds
        self._timer.timeout.connect(self.tick)
        self._last: float | None = None
        view.installEventFilter(self)
        if view.isVisible():
            self._timer.start()

    @property
    def timer(self) -> QTimer:
        return self._timer

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._view:
            if event.type() == QEvent.Type.Show:
                self._last = None
                self._timer.start()
                self.tick()
            elif event.type() == QEvent.Type.Hide:
                self._timer.stop()
        return False

    def tick(self) -> None:
        view, proxy = self._view, self._proxy
        if not view.isVisible() or view.window().isMinimized():
            return
        model = proxy.source()
        now = model.clock.now().timestamp()
        first, last = visible_rows(view)
        if first >= 0:
            col = model.COUNTDOWN
            proxy.dataChanged.emit(proxy.index(first, col), proxy.index(last, col), TICK_ROLES)
            if model.WHAT is not None and self._last is not None:
                self._repaint_expired(first, last, self._last, now)
        self._last = now
        self.ticked.emit()

    def _repaint_expired(self, first: int, last: int, before: float, now: float) -> None:
        proxy = self._proxy
        what = proxy.source().WHAT
        for r in range(first, last + 1):
            deadline = proxy.source_row(r).deadline_ts
            if before < deadline <= now:
                cell = proxy.index(r, what)
                proxy.dataChanged.emit(cell, cell, [DISPLAY, FOREGROUND])
