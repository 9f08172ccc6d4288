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
from gui.models.timers_model import TimersModel
from gui.scheduler import SweepScheduler
from gui.status import BoardStatus
from gui.welcome import LoadingPage, WelcomePage
from gui.window_dialogs import DialogsMixin
from gui.window_layout import LOADING, TABS, WELCOME, LayoutMixin
from gui.window_loading import PRESORTED, SETTLE_MS, LoadingMixin

if TYPE_CHECKING:
    from core.service import Service
    from gui.board_load import BoardRows, GroupRows, TodoRows
    from gui.workers import BoardWorker

log = logging.getLogger(__name__)


class MainWindow(DialogsMixin, LayoutMixin, LoadingMixin, QMainWindow):
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

    # -- the worker's results (slots: see gui.window_loading) --------------------------

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

    @Slot(object)
    def _on_groups(self, groups: list[GroupRows]) -> None:
        self._apply_groups(groups)
        self._update_counts()
        self._on_tick()
        if self.panel.case is not None or self.panel.order is not None:
            self.panel.reload()

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self.status.set_busy(False)
        self.welcome.set_busy(False)
        if self.stack.currentIndex() == LOADING:
            self._show_page(WELCOME)
        QMessageBox.warning(self, self.tr("ShopClock"), message)

    def _show_page(self, page: int) -> None:
        """The details dock only makes sense next to the tables."""
        current = self.stack.currentIndex()
        if page == current:
            return
        if current == TABS:
            self._dock_wanted = self.detail_dock.isVisibleTo(self)  # also while hidden
        self.detail_dock.setVisible(page == TABS and self._dock_wanted)
        self.stack.setCurrentIndex(page)

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

    def release_rows(self) -> None:
        """Empty the three tables (quitting, after ``shutdown``): the start snapshot is
        built next from the stored deadlines, and with 100,000 orders their rows held
        ~45 MiB that it then needed on top (the process's peak came at quitting)."""
        for model in self.models:
            model.set_rows([])

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
