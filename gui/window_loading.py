"""Loading the main window's tables: the service attached (at once, or after a start
snapshot's first paint), the worker's two-stage loads, one order's rows after an action
or a sweep, and what the window shows when a load ends or fails.

Mixed into gui.main_window.MainWindow (needs its models, views, panel, status, welcome
page, stack, scheduler, its slots and ``_show_page`` / ``_update_counts`` / ``_on_tick``).
Threading: GUI thread only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QTimer

from gui.models.rows import CASES_COUNTDOWN, ORDERS_COUNTDOWN, TODO_COUNTDOWN
from gui.window_layout import TABS, WELCOME

if TYPE_CHECKING:
    from core.service import Service
    from gui.board_load import BoardRows, GroupRows, TodoRows
    from gui.start_snapshot import StartSnapshot

translate = QCoreApplication.translate  # context "MainWindow", as the window's own texts
SETTLE_MS = 300  # let the tables paint before the worker takes the interpreter for a sweep
BATCH_GROUPS = 8  # more changed orders than this: replace_groups (one pass, not one each)
PRESORTED = ((TODO_COUNTDOWN, False), (CASES_COUNTDOWN, False), (ORDERS_COUNTDOWN, False))


class LoadingMixin:
    """For MainWindow: ``attach``, ``show_snapshot``, ``refresh``, ``refresh_group`` and
    what the worker's slots apply. The slots themselves (``_on_todo_loaded``,
    ``_on_loaded``, ``_on_groups``, ``_on_failed``) stay in MainWindow: PySide6 queues a
    cross-thread signal to the GUI thread only for a Slot of the QObject's own class
    (without @Slot here they ran on the worker thread; with it the process crashed)."""

    def attach(self, service: Service) -> None:
        """Open for business: the details, the worker (its own Service on its own
        thread), the thresholds, then the first load (gui.board_load). The service runs
        on the window's clock (gui.app opens it with ``clock=window.clock``): the tables
        already count down by it."""
        from gui.workers import BoardWorker

        self.service = service
        self.panel.attach(service)
        self.worker = BoardWorker(service)
        self.worker.todo_loaded.connect(self._on_todo_loaded)
        self.worker.loaded.connect(self._on_loaded)
        self.worker.groups_changed.connect(self._on_groups)
        self.worker.failed.connect(self._on_failed)
        self.apply_thresholds()
        self.refresh()
        self.attached.emit()

    def show_snapshot(self, snapshot: StartSnapshot) -> None:
        """To do as the window left it (gui.start_snapshot), before ``attach``: the
        countdowns tick from it; nothing else can be opened until the service is in."""
        for model in self.models:
            model.set_thresholds(snapshot.thresholds)
        self.panel.thresholds = snapshot.thresholds
        self._updating = True
        try:
            self.todo_model.set_rows(snapshot.rows, PRESORTED[0])
            for view in self.views:
                view.filter_bar.set_shops(snapshot.shops)
        finally:
            self._updating = False
        if not self._layout_restored:
            self.todo_view.fit_columns()
        self.status.set_busy(True, translate("MainWindow", "Loading…"))
        self.snapshot_shown = True
        self._shown(snapshot, select=False)

    def _request_sweep(self) -> None:
        if self.worker is not None:
            self.worker.request_sweep()

    def refresh(self) -> None:
        """Reload every table from the database (on the worker)."""
        if self.worker is None:
            return  # not attached yet: attach() loads
        self.status.set_busy(True, translate("MainWindow", "Loading…"))
        # the load may read an order before the operator changes it: see _reapply_acted
        self._loading_rest = True
        self.worker.request_load()

    def _reapply_acted(self) -> None:
        """The orders the operator changed while a load was under way, read again: the
        load may have read them before the change (e.g. an action on a row of the
        start snapshot while the first load ran)."""
        if not self._acted_groups:
            return
        from gui.board_load import group_rows

        for group in sorted(self._acted_groups):
            self._apply_groups([group_rows(self.service, *group)])

    def _shown(self, rows: TodoRows | BoardRows | StartSnapshot, select: bool | str = True) -> None:
        """``select``: open the most urgent row now, "later" (after To do's first
        paint), or not (a snapshot: nothing opens before the service is in)."""
        self._update_counts()
        self.status.set_calendar_years(rows.calendar_years)
        self.welcome.set_busy(False)
        self._show_page(WELCOME if rows.empty else TABS)
        if not rows.empty and select == "later":
            QTimer.singleShot(0, self._select_first)  # after To do's first paint
        elif not rows.empty and select:
            self._select_first()
        self._on_tick()

    def _select_first(self) -> None:
        """Open the most urgent row, so the details pane is never empty after loading."""
        view = self.current_view()
        if self.panel.case is None and self.panel.order is None and view.proxy.rowCount():
            view.table.setCurrentIndex(view.proxy.index(0, 0))
            self.open_key(view.current_key(), focus=False)

    def _apply_groups(self, groups: list[GroupRows]) -> None:
        """Changed orders' rows: in place one by one, or for many (a sweep's outcomes)
        one pass per table with the selection kept by key."""
        keys = [v.current_key() for v in self.views]
        batch = len(groups) > BATCH_GROUPS
        self._updating = True  # rows moving under the selection must not steal the panel
        try:
            for model, part in zip(self.models, ("todo", "cases", "orders"), strict=True):
                if not batch:
                    for g in groups:
                        model.replace_group(g.group, getattr(g, part))
                else:
                    model.replace_groups({g.group: getattr(g, part) for g in groups})
            for view, key in zip(self.views, keys, strict=True):
                view.keep_current(key)
        finally:
            self._updating = False

    def refresh_group(self, platform: str, order_no: str) -> None:
        """After the operator's own change: that order's rows and timers, right now."""
        from gui.board_load import group_rows

        rows = group_rows(self.service, platform, order_no)
        self._apply_groups([rows])
        if self._loading_rest:
            self._acted_groups.add(rows.group)
        self._update_counts()
        self._on_tick()
        self.worker.note_change(rows)
        self._show_page(TABS)
