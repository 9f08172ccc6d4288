"""The main window: To do / Cases / Orders tabs, the detail dock, the status bar.

Contract: ``MainWindow(service)`` loads the board on a BoardWorker (its own
Service) and shows a loading page meanwhile, the welcome page when the
database is empty, and the tabs otherwise. ``refresh()`` reloads everything;
an action in the detail panel refreshes only that order's rows. A 30-second
timer ("sweepTimer", gui.scheduler) asks the worker to sweep (reminders, then
passed deadlines). With ``close_to_tray`` (set by gui.tray) closing hides the
window and emits ``hidden_to_tray``; ``quit_app`` (File → 退出) closes for real and
emits ``quit_requested``. ``bring_to_front`` / ``open_record`` serve the tray,
notification clicks and a second launch. Dialogs come
from gui.dialogs and are imported lazily (a missing one is reported, not fatal).

Threading: GUI thread; all database-wide work happens on the worker.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QByteArray, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent, QGuiApplication
from PySide6.QtWidgets import (
    QDockWidget,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QTabWidget,
)

from core.domain import CaseState
from core.rules.transitions import Action
from core.service import Service
from gui import labels, settings, theme
from gui.board_view import BoardView, cases_spec, orders_spec, todo_spec
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
from gui.workers import BoardRows, BoardWorker, GroupRows, group_rows

log = logging.getLogger(__name__)
SETTLE_MS = 300  # let the tables paint before the worker takes the interpreter for a sweep
LOADING, WELCOME, TABS = range(3)
PRESORTED = ((TODO_COUNTDOWN, False), (CASES_COUNTDOWN, False), (ORDERS_COUNTDOWN, False))


class MainWindow(DialogsMixin, QMainWindow):
    hidden_to_tray = Signal()  # closed while close_to_tray: still running
    quit_requested = Signal()  # the operator chose 退出

    def __init__(self, service: Service, lang: str = "zh_CN", parent=None) -> None:
        super().__init__(parent)
        self.close_to_tray = False  # set by gui.tray when the desktop has a tray
        self._quitting = False
        self.setObjectName("mainWindow")
        self.service = service
        self.clock = service.clock
        self.lang = lang
        self.loaded_once = False
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
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("tabs")
        self.tabs.setDocumentMode(True)
        for view, title in zip(self.views, self._tab_titles(), strict=True):
            self.tabs.addTab(view, title)
            view.activated.connect(self.open_key)
            view.current_changed.connect(self._on_current)
            view.ticker.ticked.connect(self._on_tick)

        self.welcome = WelcomePage(str(service.db.path or service.db.url), self)
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

        self.worker = BoardWorker(service)
        self.worker.loaded.connect(self._on_loaded)
        self.worker.groups_changed.connect(self._on_groups)
        self.worker.failed.connect(self._on_failed)
        self.scheduler = SweepScheduler(self.clock, self.worker.request_sweep, self)
        self.sweep_timer = self.scheduler.timer

        QGuiApplication.styleHints().colorSchemeChanged.connect(self._on_scheme)
        self._apply_scheme(theme.is_dark())
        self.apply_thresholds()
        self._restore()
        self.refresh()

    # -- labels -----------------------------------------------------------------------

    def _tab_titles(self, counts: tuple[int, ...] | None = None) -> list[str]:
        names = [self.tr("To do"), self.tr("Cases"), self.tr("Orders")]
        if counts is None:
            return names
        return [f"{n} ({c})" for n, c in zip(names, counts, strict=True)]

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
        self.status.set_busy(True, self.tr("Loading…"))
        self.worker.request_load()

    @Slot(object)
    def _on_loaded(self, rows: BoardRows) -> None:
        keys = [v.current_key() for v in self.views]
        self._updating = True
        try:
            self.todo_model.set_rows(rows.todo, PRESORTED[0])
            self.cases_model.set_rows(rows.cases, PRESORTED[1])
            self.orders_model.set_rows(rows.orders, PRESORTED[2])
            for view, key in zip(self.views, keys, strict=True):
                view.filter_bar.set_shops(rows.shops)
                view.select_key(key)
        finally:
            self._updating = False
        if not self.loaded_once and not self._layout_restored:
            for view in self.views:
                view.fit_columns()
        self.loaded_once = True
        self._update_counts()
        self.status.set_calendar_years(rows.calendar_years)
        self.status.set_busy(False)
        self.welcome.set_busy(False)
        self._show_page(WELCOME if rows.empty else TABS)
        if self.panel.case is None and self.panel.order is None and not rows.empty:
            self._select_first()
        self._on_tick()
        self.scheduler.start()
        # deadlines that passed while ShopClock was closed: after the first paint
        QTimer.singleShot(SETTLE_MS, self.worker.request_sweep)

    def _show_page(self, page: int) -> None:
        """The details dock only makes sense next to the tables."""
        current = self.stack.currentIndex()
        if page == current:
            return
        if current == TABS:
            self._dock_wanted = self.detail_dock.isVisible()
        self.detail_dock.setVisible(page == TABS and self._dock_wanted)
        self.stack.setCurrentIndex(page)

    def _select_first(self) -> None:
        """Open the most urgent row, so the details pane is never empty after loading."""
        view = self.current_view()
        if view.proxy.rowCount():
            view.table.setCurrentIndex(view.proxy.index(0, 0))
            self.open_key(view.current_key(), focus=False)

    @Slot(object)
    def _on_groups(self, groups: list[GroupRows]) -> None:
        for g in groups:
            self._apply_group(g)
        self._update_counts()
        self._on_tick()
        if self.panel.case is not None or self.panel.order is not None:
            self.panel.reload()

    def _apply_group(self, g: GroupRows) -> None:
        self._updating = True  # rows moving under the selection must not steal the panel
        try:
            self.todo_model.replace_group(g.group, g.todo)
            self.cases_model.replace_group(g.group, g.cases)
            self.orders_model.replace_group(g.group, g.orders)
        finally:
            self._updating = False

    def refresh_group(self, platform: str, order_no: str) -> None:
        """After the operator's own change: that order's rows and timers, right now."""
        rows = group_rows(self.service, platform, order_no)
        self._apply_group(rows)
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
        counts = tuple(v.proxy.rowCount() for v in self.views)
        for i, title in enumerate(self._tab_titles(counts)):
            self.tabs.setTabText(i, title)

    def _on_tick(self) -> None:
        self.status.update(self.todo_model.stats())
        if self.detail_dock.isVisible():
            self.panel.tick()

    # -- theme and settings -----------------------------------------------------------

    def _on_scheme(self, _scheme) -> None:
        self._apply_scheme(theme.is_dark())

    def _apply_scheme(self, dark: bool) -> None:
        for model in (self.todo_model, self.cases_model, self.orders_model):
            model.set_dark(dark)
        self.panel.set_dark(dark)
        self.status.set_dark(dark)

    def apply_thresholds(self) -> None:
        values = settings.thresholds(self.service)
        for model in (self.todo_model, self.cases_model, self.orders_model):
            model.set_thresholds(values)
        self.panel.thresholds = values

    def _restore(self) -> None:
        store = settings.qsettings()
        geometry = store.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            screen = QGuiApplication.primaryScreen()
            area = screen.availableGeometry() if screen else None
            if area is not None and area.width() > 0:
                self.resize(round(area.width() * 0.9), round(area.height() * 0.88))
        state = store.value("window/state")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)
        else:
            em = self.fontMetrics().horizontalAdvance("M")
            self.resizeDocks([self.detail_dock], [em * 34], Qt.Orientation.Horizontal)
        self._dock_wanted = store.value("window/details", True) not in (False, "false")
        self.detail_dock.hide()  # until the tables are shown
        self._layout_restored = all([v.restore_layout(store) for v in self.views])
        self.tabs.setCurrentIndex(int(store.value("window/tab", 0) or 0))

    def save_layout(self) -> None:
        store = settings.qsettings()
        store.setValue("window/geometry", self.saveGeometry())
        store.setValue("window/state", self.saveState())
        store.setValue("window/tab", self.tabs.currentIndex())
        shown = self.detail_dock.isVisible() if self.stack.currentIndex() == TABS else None
        store.setValue("window/details", self._dock_wanted if shown is None else shown)
        for view in self.views:
            view.save_layout(store)
        store.sync()

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

    def tables_shown(self) -> bool:
        return self.stack.currentIndex() == TABS

    def show_tab(self, index: int) -> None:
        if self.stack.currentIndex() == TABS:
            self.tabs.setCurrentIndex(index)

    def current_view(self) -> BoardView:
        return self.views[self.tabs.currentIndex()]

    def on_find(self) -> None:
        if self.stack.currentIndex() == TABS:
            self.current_view().filter_bar.focus_search()

    def open_key(self, key: tuple | None, focus: bool = True) -> None:
        if not key:
            return
        kind, platform = key[0], key[1]
        if kind == "order" or (kind == "timer" and not key[3]):
            self.panel.show_order(platform, key[2])
        elif kind == "timer":
            self.panel.show_case(platform, key[3])
        else:
            self.panel.show_case(platform, key[2])
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
        self.welcome.set_busy(True)
        self.status.set_busy(True, self.tr("Creating the demo shop…"))
        self.worker.request_demo()
