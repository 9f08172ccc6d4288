"""Settings: 店铺, 提醒, 节假日, 语言, 数据.

Contract: `SettingsDialog(service, parent).exec()`. OK checks every tab first; while
any tab has a problem, its message is shown under the field (in the UI language,
naming the field), that tab is brought forward and nothing at all is stored. Otherwise
each tab stores its part: shops via `repo.upsert_shops`, thresholds and language via
`repo.set_setting` ("urgency.soon_hours", "urgency.urgent_hours", "ui.language"),
holiday overrides via `repo.set_holiday_overrides` followed by
`service.reload_calendar()`. `.language_changed` tells the caller to offer a restart.

A restore on the 数据 tab replaces the data at once: the dialog emits `data_restored`,
calls `parent().refresh()` when the parent has one, and from then on OK stores
nothing (the other tabs still show the data from before the restore) — it closes
the dialog as accepted so the caller re-reads everything.

Threading: GUI thread only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTabWidget, QVBoxLayout, QWidget

from gui.dialogs._common import translate_buttons, ui_language
from gui.dialogs.settings_data import DataTab
from gui.dialogs.settings_shops import ShopsTab
from gui.dialogs.settings_tabs import HolidaysTab, LanguageTab, RemindersTab


class SettingsDialog(QDialog):
    data_restored = Signal(object)  # the safety copy's Path

    def __init__(self, service: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.language_changed = False
        self.restored = False
        self.setWindowTitle(self.tr("Settings"))
        self.shops = ShopsTab(service)
        self.reminders = RemindersTab(service)
        self.holidays = HolidaysTab(service)
        self.language = LanguageTab(service)
        self.data = DataTab(service)
        self.data.restored.connect(self.on_data_restored)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.shops, self.tr("Shops"))
        self.tabs.addTab(self.reminders, self.tr("Reminders"))
        self.tabs.addTab(self.holidays, self.tr("Holidays"))
        self.tabs.addTab(self.language, self.tr("Language"))
        self.tabs.addTab(self.data, self.tr("Data"))

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        translate_buttons(self.buttons)
        self.buttons.accepted.connect(self.on_ok_clicked)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.buttons)
        self.resize(760, 520)

    def all_tabs(self) -> tuple[Any, ...]:
        return (self.shops, self.reminders, self.holidays, self.language, self.data)

    def problems(self) -> list[str]:
        """Check every tab (each shows its own messages); bring the first bad one forward."""
        found: list[str] = []
        for tab in self.all_tabs():
            messages = tab.problems()
            if messages and not found:
                self.tabs.setCurrentWidget(tab)
            found.extend(messages)
        return found

    def on_data_restored(self, safety: Path) -> None:
        self.restored = True
        for tab in self.all_tabs():
            tab.setEnabled(tab is self.data)
        self.data_restored.emit(safety)
        refresh = getattr(self.parent(), "refresh", None)
        if callable(refresh):
            refresh()

    def on_ok_clicked(self) -> None:
        if self.restored:
            self.accept()
            return
        if self.problems():
            return
        before = ui_language(self.service)
        for tab in self.all_tabs():
            tab.apply()
        self.language_changed = ui_language(self.service) != before
        self.accept()
