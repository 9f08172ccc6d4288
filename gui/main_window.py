"""The main window: To do / Cases / Orders tabs, the detail dock, the status bar.

Contract: ``MainWindow(service)`` loads the board on a BoardWorker (its own Service) and
shows a loading page meanwhile, the welcome page when the database is empty, and the
tabs otherwise. ``MainWindow(None, …)`` is a window started from its start snapshot
(gui.start_snapshot): ``show_snapshot`` fills To do, ``attach(service)`` (after the
first paint) opens it for business and loads. ``refresh()`` reloads everything; an
action in the detail panel refreshes only that order's rows. A 30-second timer
("sweepTimer", gui.scheduler) asks the worker to sweep (reminders, then passed
deadlines). With ``close_to_tray`` (set by gui.tray) closing hides the window and emits
``hidden_to_tray``; ``quit_app`` (File → 退出) closes for real and emits
``quit_requested``. ``bring_to_front`` / ``open_record`` serve the tray, notification
clicks and a second launch. Dialogs come from gui.dialogs and are imported lazily (a
missing one is reported, not fatal).

Threading: GUI thread; all database-wide work happens on the worker.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent, QGuiApplication
from PySide6.QtWidgets import (
    QDockWidget,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QTabWidget,
)

from core.clock import Clock, SystemClock
from core.domain import CaseState
from core.rules.transitions import Action
from gui import labels, settings, theme
from gui.board_view import BoardView, cases_spec, orders_spec, record_key, todo_spec
from gui.detail_panel import DetailPanel
from gui.menus import WindowActions
from gui.models.cases_model import CasesModel
from gui.models.orders_model import OrdersModel
from gui.models.rows import CASES_COUNTDOWN, ORDERS_COUNTDOWN, TODO_COUNTDOWN
from gui.models.timers_model import TimersModel
from gui.scheduler import SweepScheduler
from gui.status import BoardStatus
from gui.welcome import LoadingPage, WelcomePage
from gui.window_dialogs import DialogsMixin
from gui.window_layout import LOADING, TABS, WELCOME, LayoutMixin

if TYPE_CHECKING:
    from core.service import Service
    from gui.board_load import BoardRows, GroupRows, TodoRows
    from gui.start_snapshot import StartSnapshot
    from gui.workers import BoardWorker

log = logging.getLogger(__name__)
SETTLE_MS = 300  # let the tables paint before the worker takes the interpreter for a sweep
BATCH_GROUPS = 8  # more changed orders than this: replace_groups (one pass, not one each)
PRESORTED = ((TODO_COUNTDOWN, False), (CASES_COUNTDOWN, False), (ORDERS_COUNTDOWN, False))


class MainWindow(DialogsMixin, LayoutMixin, QMainWindow):
    hidden_to_tray = Signal()  # closed while close_to_tray: still running
    quit_requested = Signal()  # the operator chose 退出
    attached = Signal()  # the service is in (at once unless started from a snapshot)

    def __init__(
        self,
        service: Service | None,
        lang: str = "zh_CN",
        parent=None,
        *,
        clock: Clock | None = None,
        database: str = "",
    ) -> None:
        """``service`` None: a window started from its snapshot (gui.start_snapshot),
        shown before the database is open; ``attach`` gives it the service (with
        ``clock``, the clock the service will use, and ``database``, what the welcome
        page names)."""
        super().__init__(parent)
        self.close_to_tray = False  # set by gui.tray when the desktop has a tray
        self._quitting = False
        self.setObjectName("mainWindow")
        self.service: Service | None = None
        self.worker: BoardWorker | None = None
        self.clock = service.clock if service is not None else (clock or SystemClock())
        self.lang = lang
        self.loaded_once = False  # every table filled at least once
        self.todo_ready = False  # the To-do table filled (stage 1 of a load)
        self.snapshot_shown = False  # To do shows the start snapshot (show_snapshot)
        self._todo_source: list | None = None  # the rows stage 1 gave the To-do model
        self._loading_rest = False  # stage 2 of a load is under way on the worker
        self._acted_groups: set[tuple[str, str]] = set()  # changed here meanwhile
        self._updating = False
        self._dock_wanted = True
        self.setWindowTitle(self.tr("ShopClock"))

        self.todo_model = TimersModel(self.clock, self)
        self.cases_model = CasesModel(self.clock, self)
        self.orders_model = OrdersModel(self.clock, self)
        self.todo_view = BoardView(self.todo_model, todo_spec(), self.clock, "views/todo")
        self.cases_view = BoardView(
            self.cases_model, cases_spec(self._case_states()), self.clock, "views/cases"
        )
        self.orders_view = BoardView(self.orders_model, orders_spec(), self.clock, "views/orders")
        self.views = (self.todo_view, self.cases_view, self.orders_view)
        self.models = (self.todo_model, self.cases_model, self.orders_model)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("tabs")
        self.tabs.setDocumentMode(True)
        for view, title in zip(self.views, self._tab_titles(), strict=True):
            self.tabs.addTab(view, title)
            view.activated.connect(self.open_key)
            view.current_changed.connect(self._on_current)
            view.ticker.ticked.connect(self._on_tick)
            # The tab says how many rows its table shows: filters, search, loads and
            # actions all change the proxy's rows (a filter change makes its mapping
            # again: layoutChanged; a band refilter or a changed order: rows).
            proxy = view.proxy
            for signal in (
                proxy.rowsInserted,
                proxy.rowsRemoved,
                proxy.modelReset,
                proxy.layoutChanged,
            ):
                signal.connect(self._on_view_rows_changed)

        if service is not None:
            database = str(service.db.path or service.db.url)
        self.welcome = WelcomePage(database, self)
        self.welcome.import_requested.connect(self.on_import)
        self.welcome.demo_requested.connect(self.open_demo)
        self.stack = QStackedWidget(self)
        for page in (LoadingPage(self), self.welcome, self.tabs):
            self.stack.addWidget(page)
        self.setCentralWidget(self.stack)

        self.panel = DetailPanel(service, lang, self)
        self.panel.acted.connect(self.refresh_group)
        self.panel.open_case_requested.connect(self.open_case)
        self.detail_dock = QDockWidget(self.tr("Details"), self)
        self.detail_dock.setObjectName("detailDock")
        self.detail_dock.setWidget(self.panel)
        self.detail_dock.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 26)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.detail_dock)

        self.status = BoardStatus(self.statusBar())
        self.menu_actions = WindowActions(self)
        self.panel.allowed_changed.connect(self.menu_actions.set_allowed)

        self.scheduler = SweepScheduler(self.clock, self._request_sweep, self)
        self.sweep_timer = self.scheduler.timer

        QGuiApplication.styleHints().colorSchemeChanged.connect(self._on_scheme)
        self._apply_scheme(theme.is_dark())
        self._restore()
        if service is not None:
            self.attach(service)

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
        self.status.set_busy(True, self.tr("Loading…"))
        self.snapshot_shown = True
        self._shown(snapshot, select=False)

    def _request_sweep(self) -> None:
        if self.worker is not None:
            self.worker.request_sweep()

    # -- labels -----------------------------------------------------------------------

    def _tab_titles(self) -> list[str]:
        return [self.tr("To do"), self.tr("Cases"), self.tr("Orders")]

    def _case_states(self) -> list[tuple[str, frozenset[str]]]:
        states = [
            (self.tr("Open cases"), frozenset({"open"})),
            (self.tr("All cases"), frozenset()),
            (self.tr("Assumed by rule"), frozenset({"assumed"})),
        ]
        return states + [(labels.state(s), frozenset({s.value})) for s in CaseState]

    # -- loading ----------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload every table from the database (on the worker)."""
        if self.worker is None:
            return  # not attached yet: attach() loads
        self.status.set_busy(True, self.tr("Loading…"))
        # the load may read an order before the operator changes it: see _reapply_acted
        self._loading_rest = True
        self.worker.request_load()

    @Slot(object)
    def _on_todo_loaded(self, rows: TodoRows) -> None:
        """Stage 1: To do (the page the window opens on) is usable; the other tables
        follow with ``_on_loaded``."""
        key = self.todo_view.current_key()
        self._updating = True
        try:
            self.todo_model.set_rows(rows.todo, PRESORTED[0])
            self._todo_source = rows.todo
            for view in self.views:
                view.filter_bar.set_shops(rows.shops)
            self.todo_view.select_key(key)
        finally:
            self._updating = False
        if not self.todo_ready and not self._layout_restored:
            self.todo_view.fit_columns()
        self.todo_ready = True
        self._loading_rest = True
        self._reapply_acted()  # kept until _on_loaded: stage 2 may have read them before too
        self._shown(rows, select="later")

    @Slot(object)
    def _on_loaded(self, rows: BoardRows) -> None:
        """Stage 2 (or a sweep's full reload): every table."""
        keys = [v.current_key() for v in self.views]
        self._updating = True
        try:
            if rows.todo is not self._todo_source:  # else: set (and kept up) by stage 1
                self.todo_model.set_rows(rows.todo, PRESORTED[0])
            self._todo_source = None
            self.cases_model.set_rows(rows.cases, PRESORTED[1])
            self.orders_model.set_rows(rows.orders, PRESORTED[2])
            for view, key in zip(self.views, keys, strict=True):
                view.filter_bar.set_shops(rows.shops)
                view.select_key(key)
        finally:
            self._updating = False
        if not self.loaded_once and not self._layout_restored:
            for view in self.views[1:]:
                view.fit_columns()
        self.loaded_once = self.todo_ready = True
        self._loading_rest = False
        self._reapply_acted()
        self._acted_groups.clear()
        self.status.set_busy(False)
        self._shown(rows)
        self.scheduler.start()
        # deadlines that passed while ShopClock was closed: after the first paint
        QTimer.singleShot(SETTLE_MS, self.worker.request_sweep)

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

    def _show_page(self, page: int) -> None:
        """The details dock only makes sense next to the tables."""
        current = self.stack.currentIndex()
        if page == current:
            return
        if current == TABS:
            self._dock_wanted = self.detail_dock.isVisibleTo(self)  # also while hidden
        self.detail_dock.setVisible(page == TABS and self._dock_wanted)
        self.stack.setCurrentIndex(page)

    def _select_first(self) -> None:
        """Open the most urgent row, so the details pane is never empty after loading."""
        view = self.current_view()
        if self.panel.case is None and self.panel.order is None and view.proxy.rowCount():
            view.table.setCurrentIndex(view.proxy.index(0, 0))
            self.open_key(view.current_key(), focus=False)

    @Slot(object)
    def _on_groups(self, groups: list[GroupRows]) -> None:
        self._apply_groups(groups)
        self._update_counts()
        self._on_tick()
        if self.panel.case is not None or self.panel.order is not None:
            self.panel.reload()

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

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self.status.set_busy(False)
        self.welcome.set_busy(False)
        if self.stack.currentIndex() == LOADING:
            self._show_page(WELCOME)
        QMessageBox.warning(self, self.tr("ShopClock"), message)

    def _update_counts(self) -> None:
        for i in range(len(self.views)):
            self._update_count(i)

    def _update_count(self, i: int) -> None:
        """Tab ``i``'s title with the number of rows its table shows right now."""
        count: int | str = self.views[i].proxy.rowCount()
        if i and not self.loaded_once:  # Cases and Orders are still being read
            count = "…"
        title = f"{self._tab_titles()[i]} ({count})"
        if self.tabs.tabText(i) != title:
            self.tabs.setTabText(i, title)

    def _on_view_rows_changed(self, *_args) -> None:
        # A bound method finding its tab by the sender: a closure connected to a
        # child's signal would keep the window's wrapper alive.
        sender = self.sender()
        for i, view in enumerate(self.views):
            if view.proxy is sender:
                self._update_count(i)
                return

    def _on_tick(self) -> None:
        self.status.update(self.todo_model.stats())
        if self.detail_dock.isVisible():
            self.panel.tick()

    # -- theme and settings -----------------------------------------------------------

    def _on_scheme(self, _scheme) -> None:
        self._apply_scheme(theme.is_dark())

    def _apply_scheme(self, dark: bool) -> None:
        for model in self.models:
            model.set_dark(dark)
        self.panel.set_dark(dark)
        self.status.set_dark(dark)

    def apply_thresholds(self) -> None:
        if self.service is None:
            return
        values = settings.thresholds(self.service)
        for model in self.models:
            model.set_thresholds(values)
        self.panel.thresholds = values

    # -- closing, quitting, coming back (the tray and a second launch use these) ------

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_layout()
        if self.close_to_tray and not self._quitting:
            event.ignore()  # keep running in the tray; 退出 quits
            self.hide()
            self.hidden_to_tray.emit()
            return
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Stop the sweep timer and the worker thread (again is harmless)."""
        self.scheduler.stop()
        if self.worker is not None:
            self.worker.stop()

    def quit_app(self) -> None:
        """File → 退出 and the tray's 退出: close for real, whatever close_to_tray says."""
        self._quitting = True
        self.close()
        self.quit_requested.emit()

    def bring_to_front(self) -> None:
        if self.isMinimized():
            self.showNormal()
        else:
            self.show()
        if QGuiApplication.platformName() != "offscreen":  # no stacking there (tests): it warns
            self.raise_()
        self.activateWindow()

    def open_record(self, platform: str, case_no: str | None, order_no: str = "") -> bool:
        """Bring the window forward and show one case (or order) in the details pane."""
        self.bring_to_front()
        if case_no:
            found = self.panel.show_case(platform, case_no)
        elif order_no:
            found = self.panel.show_order(platform, order_no)
        else:
            return False
        if found and self.tables_shown():
            self._dock_wanted = True
            self.detail_dock.show()
            self.detail_dock.raise_()
        return found

    # -- navigation -------------------------------------------------------------------

    def open_key(self, key: tuple | None, focus: bool = True) -> None:
        if not key:
            return
        kind, platform, number = record_key(key)
        if kind == "order":
            self.panel.show_order(platform, number)
        else:
            self.panel.show_case(platform, number)
        if focus:
            self.detail_dock.show()
            self.detail_dock.raise_()

    def open_case(self, platform: str, case_no: str) -> None:
        self.panel.show_case(platform, case_no)
        self.detail_dock.show()

    def _on_current(self, key) -> None:
        if self._updating or self.sender() is not self.current_view():
            return
        if self.detail_dock.isVisible():
            self.open_key(key, focus=False)

    def _ensure_case(self) -> bool:
        if self.panel.case is None:
            self.open_key(self.current_view().current_key())
        return self.panel.case is not None

    def on_case_action(self, action: Action) -> None:
        if self._ensure_case():
            self.panel.do_action(action)

    def on_undo(self) -> None:
        if self._ensure_case():
            self.panel.undo()

    def open_demo(self) -> None:
        if self.worker is None:
            return  # the database is still being opened
        self.welcome.set_busy(True)
        self.status.set_busy(True, self.tr("Creating the demo shop…"))
        self.worker.request_demo()
