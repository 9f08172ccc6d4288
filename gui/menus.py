"""The main window's menus, actions and keyboard shortcuts.

Contract: builds 文件 / 编辑 / 操作 / 视图 / 帮助 on a QMainWindow and calls the
window's handlers (``on_import``, ``on_case_action`` …). Case-action entries
are enabled exactly when core allows the action for the case in the detail
panel (``set_allowed``).

Threading: GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow

from core.rules.transitions import Action
from gui import labels

CASE_SHORTCUTS = {
    Action.AGREE: "Ctrl+Shift+A",
    Action.REJECT: "Ctrl+Shift+R",
    Action.CONFIRM_REFUND: "Ctrl+Shift+F",
    Action.BUYER_SHIP_RETURN: "Ctrl+Shift+T",
    Action.CONFIRM_OUTCOME: "Ctrl+Shift+C",
    Action.NOTE: "Ctrl+Shift+N",
}

translate = QCoreApplication.translate


class WindowActions:
    def __init__(self, window: QMainWindow) -> None:
        self.window = window
        bar = window.menuBar()
        w = window

        file_menu = bar.addMenu(translate("MainWindow", "&File"))
        self.import_ = self._add(
            file_menu, translate("MainWindow", "&Import…"), w.on_import, "Ctrl+I", "import"
        )
        self.export = self._add(
            file_menu, translate("MainWindow", "&Export…"), w.on_export, "Ctrl+Shift+E", "export"
        )
        file_menu.addSeparator()
        self.settings = self._add(
            file_menu, translate("MainWindow", "&Settings…"), w.on_settings, None, "settings"
        )
        file_menu.addSeparator()
        self.quit = self._add(
            file_menu, translate("MainWindow", "E&xit"), w.quit_app, QKeySequence.StandardKey.Quit
        )

        edit = bar.addMenu(translate("MainWindow", "&Edit"))
        self.new_order = self._add(
            edit, translate("MainWindow", "New &order…"), w.on_new_order, "Ctrl+N", "newOrder"
        )
        self.new_case = self._add(
            edit, translate("MainWindow", "New after-&sales case…"), w.on_new_case, "Ctrl+Shift+K"
        )
        self.edit = self._add(
            edit, translate("MainWindow", "&Edit selected…"), w.on_edit, "Ctrl+E", "editRecord"
        )

        acts = bar.addMenu(translate("MainWindow", "&Actions"))
        self.case_actions: dict[Action, QAction] = {}
        for action, keys in CASE_SHORTCUTS.items():
            entry = self._add(
                acts,
                labels.action(action),
                lambda _=False, a=action: w.on_case_action(a),
                keys,
                f"act_{action.value}",
            )
            entry.setEnabled(False)
            self.case_actions[action] = entry
        acts.addSeparator()
        self.undo = self._add(
            acts, translate("MainWindow", "&Undo last step"), w.on_undo, "Ctrl+Z", "undo"
        )

        view = bar.addMenu(translate("MainWindow", "&View"))
        self.tabs = [
            self._add(view, translate("MainWindow", "&To do"), lambda: w.show_tab(0), "Ctrl+1"),
            self._add(view, translate("MainWindow", "&Cases"), lambda: w.show_tab(1), "Ctrl+2"),
            self._add(view, translate("MainWindow", "&Orders"), lambda: w.show_tab(2), "Ctrl+3"),
        ]
        view.addSeparator()
        self.find = self._add(
            view, translate("MainWindow", "&Find"), w.on_find, QKeySequence.StandardKey.Find, "find"
        )
        self.refresh = self._add(
            view, translate("MainWindow", "&Reload"), w.refresh, QKeySequence.StandardKey.Refresh
        )
        view.addSeparator()
        self.detail = w.detail_dock.toggleViewAction()
        self.detail.setText(translate("MainWindow", "&Details panel"))
        self.detail.setShortcut(QKeySequence("Ctrl+D"))
        view.addAction(self.detail)

        help_menu = bar.addMenu(translate("MainWindow", "&Help"))
        self.about = self._add(
            help_menu, translate("MainWindow", "&About ShopClock"), w.on_about, None, "about"
        )

    def _add(self, menu, text, handler, keys=None, name: str = "") -> QAction:
        action = QAction(text, self.window)
        if name:
            action.setObjectName(name)
        if keys is not None:
            action.setShortcut(QKeySequence(keys))
        action.triggered.connect(handler)
        menu.addAction(action)
        return action

    def set_allowed(self, allowed) -> None:
        for action, entry in self.case_actions.items():
            entry.setEnabled(action in allowed)
