"""The main window's dialogs: gui.dialogs, written separately, imported lazily.

Contract: each menu handler runs one dialog as ``Dialog(service, window, ...)``
and ``.exec()``; after an accepted import, edit or settings change the window
reloads (``refresh``). A dialog module that is missing is reported in a message
box, never fatal.

Threading: GUI thread only.
"""

from __future__ import annotations

import importlib
import logging

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QMessageBox

log = logging.getLogger(__name__)
translate = QCoreApplication.translate


class DialogsMixin:
    """Mixed into MainWindow (needs service, panel, stack, refresh, open_key …)."""

    def _dialog(self, module: str, name: str, *args, **kwargs):
        """Run gui.dialogs.<module>.<name>(service, self, ...); the finished dialog or None
        (also while the database is still being opened after a start from the snapshot)."""
        if self.service is None:
            return None
        try:
            cls = getattr(importlib.import_module(f"gui.dialogs.{module}"), name)
        except (ImportError, AttributeError) as err:
            log.warning("dialog gui.dialogs.%s.%s unavailable: %s", module, name, err)
            QMessageBox.information(
                self,
                translate("MainWindow", "ShopClock"),
                translate("MainWindow", "This part of ShopClock is not installed (%1).").replace(
                    "%1", f"gui.dialogs.{module}.{name}"
                ),
            )
            return None
        dialog = cls(self.service, self, *args, **kwargs)
        dialog.exec()
        dialog.deleteLater()
        return dialog

    def _accepted(self, module: str, name: str, *args, **kwargs) -> bool:
        dialog = self._dialog(module, name, *args, **kwargs)
        return dialog is not None and dialog.result() == QDialog.DialogCode.Accepted

    def on_import(self) -> None:
        if self._accepted("import_wizard", "ImportWizard"):
            self.refresh()

    def on_export(self) -> None:
        self._dialog("export_dialog", "ExportDialog")

    def on_settings(self) -> None:
        dialog = self._dialog("settings_dialog", "SettingsDialog")
        if dialog is None or dialog.result() != QDialog.DialogCode.Accepted:
            return
        self.apply_thresholds()
        self.refresh()
        if getattr(dialog, "language_changed", False):
            QMessageBox.information(
                self,
                translate("MainWindow", "ShopClock"),
                translate("MainWindow", "The new language applies after a restart."),
            )

    def on_about(self) -> None:
        self._dialog("about_dialog", "AboutDialog")

    def on_new_order(self) -> None:
        if self._accepted("record_editor", "OrderEditor"):
            self.refresh()

    def on_new_case(self) -> None:
        if self._accepted("record_editor", "CaseEditor"):
            self.refresh()

    def on_edit(self) -> None:
        key = self.current_view().current_key() if self.tables_shown() else None
        if key is None:
            return
        self.open_key(key)
        if self.panel.case is not None:
            done = self._accepted("record_editor", "CaseEditor", case=self.panel.case.case)
        elif self.panel.order is not None:
            done = self._accepted("record_editor", "OrderEditor", order=self.panel.order.order)
        else:
            return
        if done:
            self.refresh()
