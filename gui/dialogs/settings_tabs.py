"""Settings tabs 提醒, 节假日 and 语言 (店铺 is in settings_shops, 数据 in settings_data).

Contract: every tab offers `problems() -> list[str]` (shown inline, in the UI language,
naming the field) and `apply()`; the dialog applies nothing while any tab has a
problem. Thresholds are checked by core's `UrgencyThresholds`; holiday overrides are
stored with `repo.set_holiday_overrides` and the service's calendar reloaded.

Threading: GUI thread only.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.calendar import WorkCalendar
from core.clock import SHANGHAI
from core.domain import HolidayOverride
from core.rules.urgency import DEFAULT_THRESHOLDS, UrgencyThresholds
from gui.dialogs._common import (
    LANGUAGE_KEY,
    app_language,
    error_label,
    show_error,
    ui_language,
)

SOON_KEY = "urgency.soon_hours"
URGENT_KEY = "urgency.urgent_hours"


def _hours_setting(service: Any, key: str, default: timedelta) -> float:
    value = service.repo.get_setting(key, None)
    if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
        return float(value)
    return default.total_seconds() / 3600


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


class RemindersTab(QWidget):
    def __init__(self, service: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.soon = self._spin(_hours_setting(service, SOON_KEY, DEFAULT_THRESHOLDS.soon))
        self.urgent = self._spin(_hours_setting(service, URGENT_KEY, DEFAULT_THRESHOLDS.urgent))
        self.error = error_label()
        form = QFormLayout()
        form.addRow(self.tr("Due soon when less than:"), self.soon)
        form.addRow(self.tr("Urgent when less than:"), self.urgent)
        note = QLabel(
            self.tr(
                "A countdown turns amber (due soon) and then red (urgent) when the time left "
                "falls below these values. Urgent must not be more than due soon."
            )
        )
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.error)
        layout.addStretch(1)

    def _spin(self, value: float) -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setRange(0, 24 * 60)
        spin.setDecimals(1)
        spin.setSingleStep(1)
        spin.setSuffix(self.tr(" hours"))
        spin.setValue(value)
        return spin

    def problems(self) -> list[str]:
        message = ""
        if self.urgent.value() <= 0:
            message = self.tr('"Urgent" must be more than 0 hours.')
        elif self.soon.value() <= 0:
            message = self.tr('"Due soon" must be more than 0 hours.')
        else:
            try:
                UrgencyThresholds(
                    soon=timedelta(hours=self.soon.value()),
                    urgent=timedelta(hours=self.urgent.value()),
                )
            except ValueError:
                message = self.tr('"Urgent" (%1 h) must not be more than "Due soon" (%2 h).')
                message = message.replace("%1", f"{self.urgent.value():g}")
                message = message.replace("%2", f"{self.soon.value():g}")
        show_error(self.error, message)
        return [message] if message else []

    def apply(self) -> None:
        self.service.repo.set_setting(SOON_KEY, _number(self.soon.value()))
        self.service.repo.set_setting(URGENT_KEY, _number(self.urgent.value()))


class HolidaysTab(QWidget):
    COLUMNS = 4  # date, kind, note, what the built-in calendar says

    def __init__(self, service: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.builtin = WorkCalendar()
        self.stored = service.repo.holiday_overrides()
        self.table = QTableWidget(0, self.COLUMNS)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Date"), self.tr("Treat as"), self.tr("Note"), self.tr("Built-in calendar")]
        )
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        # Columns 0 and 1 hold widgets, which the default width cuts off.
        for column, widget in enumerate((self.date_edit(self.today()), self.kind_combo())):
            self.table.setColumnWidth(column, widget.sizeHint().width() + 4)
            widget.deleteLater()
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table (no keyboard trap)
        self.add_button = QPushButton(self.tr("Add day"))
        self.add_button.clicked.connect(self.on_add_clicked)
        self.remove_button = QPushButton(self.tr("Remove selected"))
        self.remove_button.clicked.connect(self.on_remove_clicked)
        self.error = error_label()
        note = QLabel(
            self.tr(
                "Statutory holidays and make-up working days are built in. Add a day here "
                "only when the official schedule differs, or for a year the built-in "
                "calendar does not cover yet."
            )
        )
        note.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.error)
        for override in self.stored:
            self.add_row(override)

    def today(self) -> date:
        return self.service.clock.now().astimezone(SHANGHAI).date()

    def builtin_text(self, day: date) -> str:
        if not self.builtin.covers(day):
            return self.tr("not covered")
        return self.tr("working day") if self.builtin.is_workday(day) else self.tr("day off")

    def date_edit(self, day: date) -> QDateEdit:
        edit = QDateEdit(QDate(day.year, day.month, day.day))
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setCalendarPopup(True)
        return edit

    def kind_combo(self) -> QComboBox:
        kind = QComboBox()
        kind.addItem(self.tr("Day off (holiday)"), False)
        kind.addItem(self.tr("Working day (make-up day)"), True)
        return kind

    def add_row(self, override: HolidayOverride | None = None) -> int:
        day = override.day if override else self.today()
        row = self.table.rowCount()
        self.table.insertRow(row)
        edit = self.date_edit(day)
        edit.dateChanged.connect(self.on_date_changed)
        kind = self.kind_combo()
        kind.setCurrentIndex(1 if override and override.workday else 0)
        self.table.setCellWidget(row, 0, edit)
        self.table.setCellWidget(row, 1, kind)
        self.table.setItem(row, 2, QTableWidgetItem(override.note if override else ""))
        builtin = QTableWidgetItem(self.builtin_text(day))
        builtin.setFlags(builtin.flags() & ~Qt.ItemFlag.ItemIsEditable)
        self.table.setItem(row, 3, builtin)
        return row

    def on_date_changed(self, _value: QDate) -> None:
        for row in range(self.table.rowCount()):
            self.table.item(row, 3).setText(self.builtin_text(self.row_day(row)))

    def on_add_clicked(self) -> None:
        self.table.selectRow(self.add_row())

    def on_remove_clicked(self) -> None:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        for row in reversed(rows):
            self.table.removeRow(row)

    def row_day(self, row: int) -> date:
        value = self.table.cellWidget(row, 0).date()
        return date(value.year(), value.month(), value.day())

    def overrides(self) -> list[HolidayOverride]:
        result = []
        for row in range(self.table.rowCount()):
            workday = bool(self.table.cellWidget(row, 1).currentData())
            note = self.table.item(row, 2).text().strip()
            result.append(HolidayOverride(self.row_day(row), workday, note))
        return result

    def problems(self) -> list[str]:
        seen: set[date] = set()
        messages = []
        for override in self.overrides():
            if override.day in seen:
                messages.append(
                    self.tr("The date %1 is listed twice.").replace("%1", override.day.isoformat())
                )
            seen.add(override.day)
        show_error(self.error, "\n".join(messages))
        return messages

    def apply(self) -> None:
        overrides = sorted(self.overrides(), key=lambda h: h.day)
        if overrides != self.stored:
            self.service.repo.set_holiday_overrides(overrides)
            self.service.reload_calendar()
            self.stored = overrides


class LanguageTab(QWidget):
    def __init__(self, service: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.chinese = QRadioButton("简体中文")
        self.english = QRadioButton("English")
        current = ui_language(service)
        (self.english if current == "en" else self.chinese).setChecked(True)
        note = QLabel(self.tr("The new language applies after ShopClock restarts."))
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.chinese)
        layout.addWidget(self.english)
        layout.addWidget(note)
        layout.addStretch(1)

    def language(self) -> str:
        return "en" if self.english.isChecked() else "zh_CN"

    def problems(self) -> list[str]:
        return []

    def apply(self) -> None:
        chosen = self.language()
        if chosen == ui_language(self.service) and chosen == app_language():
            return
        self.service.repo.set_setting(LANGUAGE_KEY, chosen)
        try:  # the window reads its start-up language from its own QSettings
            from gui import settings as window_settings
        except ImportError:
            return
        window_settings.set_language(chosen)
