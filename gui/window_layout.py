"""Window geometry, dock and column layout, remembered between runs (QSettings); which
page and tab is shown."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QGuiApplication

from gui import settings

if TYPE_CHECKING:
    from gui.board_view import BoardView

LOADING, WELCOME, TABS = range(3)  # the main window's stacked pages


class LayoutMixin:
    """For MainWindow: ``_restore`` at start, ``save_layout`` on close."""

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
        # isVisibleTo: the dock as the operator left it, also in a window hidden to the
        # tray (isVisible() is False for every child of a hidden window)
        tabs = self.stack.currentIndex() == TABS
        shown = self.detail_dock.isVisibleTo(self) if tabs else None
        store.setValue("window/details", self._dock_wanted if shown is None else shown)
        for view in self.views:
            view.save_layout(store)
        store.sync()

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
