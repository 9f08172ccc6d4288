"""The import wizard's first pages: choose the file, what was detected, the preview.

Contract: pages only show the wizard's state (`ImportWizard.request / outcome /
busy`) and ask it to read again; they never read files or write anything themselves.
A page whose Next needs a (new) read starts it and returns False from `validatePage`;
the wizard moves on by itself when the read succeeds.

Threading: GUI thread only.
"""

from __future__ import annotations

import weakref
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWizardPage,
)

from core.importers import PRESETS
from core.importers.plan import DEFAULT_SHOP
from gui import labels
from gui.dialogs._common import error_label, show_error
from gui.dialogs.import_models import PreviewModel
from gui.dialogs.import_state import CHECK, MAPPING, ReadRequest

IMPORT_SUFFIXES = (".csv", ".xlsx", ".xlsm", ".txt")
PREVIEW_ROWS = 20
MAX_COLUMN_WIDTH = 280


def busy_bar() -> QProgressBar:
    bar = QProgressBar()
    bar.setRange(0, 0)  # busy: the importer reports no progress of its own
    bar.setTextVisible(False)
    bar.setVisible(False)
    return bar


def fixed_rows(view: QTableView) -> None:
    """Fixed row height: sizing rows to contents is far too slow for big files."""
    header = view.verticalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    header.setDefaultSectionSize(view.fontMetrics().height() + 8)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(False)


class WizardPage(QWizardPage):
    """A page that reaches its ImportWizard through a weak reference: a page holding the
    wizard strongly would make a reference cycle of Qt wrappers, and Python's cyclic
    garbage collector may run on a worker thread, where deleting a widget crashes."""

    def __init__(self, wizard: Any) -> None:
        super().__init__()
        self._wizard = weakref.ref(wizard)

    @property
    def w(self) -> Any:
        return self._wizard()


def preset_label(name: str, english: bool) -> str:
    preset = PRESETS[name]
    return preset.label_en if english else preset.label_zh


class FilePage(WizardPage):
    def __init__(self, wizard: Any) -> None:
        super().__init__(wizard)
        self.setTitle(self.tr("Choose the file"))
        self.setSubTitle(
            self.tr("An order or after-sales export from the platform's seller back end.")
        )
        self.setAcceptDrops(True)
        self.drop_area = QFrame()
        self.drop_area.setObjectName("dropArea")
        self.drop_area.setStyleSheet(
            "#dropArea { border: 2px dashed palette(mid); border-radius: 8px; }"
        )
        self.drop_area.setMinimumHeight(160)
        drop_text = QLabel(self.tr("Drop a CSV or Excel (.xlsx) file here"))
        drop_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.browse_button = QPushButton(self.tr("Choose file…"))
        self.browse_button.clicked.connect(self.on_browse_clicked)
        drop_layout = QVBoxLayout(self.drop_area)
        drop_layout.addStretch(1)
        drop_layout.addWidget(drop_text)
        drop_layout.addWidget(self.browse_button, 0, Qt.AlignmentFlag.AlignCenter)
        drop_layout.addStretch(1)
        self.path_label = QLabel()
        self.path_label.setWordWrap(True)
        self.busy = busy_bar()
        self.error = error_label()
        layout = QVBoxLayout(self)
        layout.addWidget(self.drop_area)
        layout.addWidget(self.path_label)
        layout.addWidget(self.busy)
        layout.addWidget(self.error)
        layout.addStretch(1)
        wizard.read_changed.connect(self.on_read_changed)

    def on_browse_clicked(self) -> None:
        start = str(self.w.request.path.parent) if self.w.request else ""
        chosen, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Choose an export file"),
            start,
            self.tr("Tables (*.csv *.xlsx *.xlsm *.txt);;All files (*)"),
        )
        if chosen:
            self.w.set_path(chosen)

    @staticmethod
    def dropped_file(event: QDragEnterEvent | QDropEvent) -> Path | None:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        files = [Path(u.toLocalFile()) for u in urls if u.isLocalFile()]
        if len(files) == 1 and files[0].suffix.lower() in IMPORT_SUFFIXES:
            return files[0]
        return None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.dropped_file(event) is not None and not self.w.busy:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        path = self.dropped_file(event)
        if path is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.w.set_path(path)

    def on_read_changed(self) -> None:
        request = self.w.request
        self.path_label.setText(
            self.tr("File: %1").replace("%1", str(request.path)) if request else ""
        )
        self.busy.setVisible(self.w.busy)
        self.browse_button.setEnabled(not self.w.busy)
        error = self.w.file_error
        show_error(self.error, self.w.message(error) if error else "")
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.w.request is not None and not self.w.busy

    def validatePage(self) -> bool:
        if self.w.outcome is not None and self.w.outcome.request.path == self.w.request.path:
            return True
        self.w.start_read(advance=True)
        return False


class DetectPage(WizardPage):
    def __init__(self, wizard: Any) -> None:
        super().__init__(wizard)
        self.setTitle(self.tr("What the file is"))
        self.setSubTitle(self.tr("Check the detected format; choose another one if it is wrong."))
        self.format_label = QLabel()
        self.platform_label = QLabel()
        self.encoding_label = QLabel()
        self.header_label = QLabel()
        self.rows_label = QLabel()
        self.preset_combo = QComboBox()
        self.preset_combo.addItem(self.tr("Detect automatically"), None)
        for name in PRESETS:
            self.preset_combo.addItem(preset_label(name, wizard.english), name)
        self.shop_combo = QComboBox()
        self.shop_combo.setEditable(True)
        self.shop_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.shop_combo.lineEdit().setPlaceholderText(DEFAULT_SHOP)
        for shop in wizard.service.repo.shops():
            self.shop_combo.addItem(f"{shop.name}", shop.platform.value)
            self.shop_combo.setItemData(
                self.shop_combo.count() - 1,
                labels.platform(shop.platform),
                Qt.ItemDataRole.ToolTipRole,
            )
        self.shop_combo.setCurrentIndex(-1)
        form = QFormLayout()
        form.addRow(self.tr("Format:"), self.format_label)
        form.addRow(self.tr("Platform:"), self.platform_label)
        form.addRow(self.tr("Encoding:"), self.encoding_label)
        form.addRow(self.tr("Header row:"), self.header_label)
        form.addRow(self.tr("Data rows:"), self.rows_label)
        form.addRow(self.tr("Read as:"), self.preset_combo)
        form.addRow(self.tr("Shop:"), self.shop_combo)
        shop_note = QLabel(self.tr("Rows without a shop column are filed under this shop."))
        shop_note.setWordWrap(True)
        form.addRow("", shop_note)
        self.busy = busy_bar()
        self.error = error_label()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.busy)
        layout.addWidget(self.error)
        layout.addStretch(1)
        self.preset_combo.currentIndexChanged.connect(self.on_choice_changed)
        self.shop_combo.activated.connect(self.on_choice_changed)
        self.shop_combo.lineEdit().editingFinished.connect(self.on_choice_changed)
        wizard.read_changed.connect(self.on_read_changed)

    def encoding_text(self, encoding: str) -> str:
        return {
            "utf-8": "UTF-8",
            "utf-8-sig": self.tr("UTF-8 with BOM"),
            "gb18030": "GBK / GB18030",
            "utf-16": "UTF-16",
            "xlsx": self.tr("Excel workbook (.xlsx)"),
        }.get(encoding, encoding)

    def wanted_request(self) -> ReadRequest | None:
        shop = self.shop_combo.currentText().strip() or None
        platform = None
        index = self.shop_combo.currentIndex()
        if shop and index >= 0 and self.shop_combo.itemText(index) == shop:
            platform = self.shop_combo.itemData(index)  # the shop chosen from the list
        elif shop:  # typed: a name two platforms share leaves the platform to the file
            platforms = {
                self.shop_combo.itemData(i)
                for i in range(self.shop_combo.count())
                if self.shop_combo.itemText(i) == shop
            }
            platform = platforms.pop() if len(platforms) == 1 else None
        preset = self.preset_combo.currentData()
        current = self.w.request
        if current is None:
            return None
        mapping = current.mapping if preset == current.preset else ()
        return self.w.current_request(preset=preset, shop=shop, platform=platform, mapping=mapping)

    def on_choice_changed(self, *_args: object) -> None:
        wanted = self.wanted_request()
        if wanted is not None and wanted != self.w.request:
            self.w.start_read(wanted)

    def on_read_changed(self) -> None:
        self.busy.setVisible(self.w.busy)
        outcome, plan = self.w.outcome, self.w.plan
        unknown = self.tr("not recognised")
        if plan is not None:
            self.format_label.setText(preset_label(plan.preset, self.w.english))
            self.platform_label.setText(
                labels.platform(plan.platform) if plan.platform else self.tr("several platforms")
            )
            self.encoding_label.setText(self.encoding_text(plan.encoding))
            self.header_label.setText(self.tr("row %1").replace("%1", str(plan.header_row)))
            rows = str(plan.rows_total)
            if plan.errors:
                bad = str(plan.rows_with_errors)  # the plan lists the first errors only
                rows = self.tr("%1 (%2 with problems)").replace("%1", rows).replace("%2", bad)
            self.rows_label.setText(rows)
        else:
            for widget in (self.format_label, self.platform_label, self.header_label):
                widget.setText(unknown)
            encoding = outcome.encoding if outcome is not None else ""
            self.encoding_label.setText(self.encoding_text(encoding) if encoding else "")
            details = outcome.error.details if outcome is not None and outcome.error else {}
            if details.get("header_row"):  # e.g. a known header with columns missing
                row = str(details["header_row"])
                self.header_label.setText(self.tr("row %1").replace("%1", row))
            self.rows_label.setText("")
        error = outcome.error if outcome else self.w.file_error  # e.g. the file vanished
        show_error(self.error, self.w.message(error) if error else "")
        if error is not None and self.w.needs_mapping():
            self.error.setText(
                self.error.text() + "\n" + self.tr("Next: choose which column holds each field.")
            )
        self.completeChanged.emit()

    def initializePage(self) -> None:
        request = self.w.request
        self.preset_combo.blockSignals(True)
        self.preset_combo.setCurrentIndex(max(0, self.preset_combo.findData(request.preset)))
        self.preset_combo.blockSignals(False)
        self.on_read_changed()

    def isComplete(self) -> bool:
        if self.w.busy or self.w.outcome is None:
            return False
        return self.w.plan is not None or self.w.needs_mapping()

    def validatePage(self) -> bool:
        wanted = self.wanted_request()
        if wanted != self.w.request or not self.w.up_to_date():
            self.w.start_read(wanted, advance=True)
            return False
        return self.isComplete()


class PreviewPage(WizardPage):
    def __init__(self, wizard: Any) -> None:
        super().__init__(wizard)
        self.setTitle(self.tr("Preview"))
        self.setSubTitle(self.tr("The first rows of the file. Cells with a problem are red."))
        self.view = QTableView()
        fixed_rows(self.view)
        self.note = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.note)
        self.model: PreviewModel | None = None

    def initializePage(self) -> None:
        outcome, plan = self.w.outcome, self.w.plan
        if plan is not None:
            header_row = plan.header_row
        else:
            header_row = int(outcome.error.details.get("header_row", 1) or 1)
        rows = outcome.rows
        headers = rows[header_row - 1] if len(rows) >= header_row else ()
        data = [r for r in rows[header_row : header_row + PREVIEW_ROWS]]
        errors = plan.errors if plan is not None else ()
        self.model = PreviewModel(headers, data, header_row + 1, errors, self.w.english)
        self.view.setModel(self.model)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.resizeColumnsToContents()
        for column in range(self.model.columnCount()):  # long addresses stay readable
            self.view.setColumnWidth(column, min(self.view.columnWidth(column), MAX_COLUMN_WIDTH))
        total = plan.rows_total if plan is not None else None
        if total is None or total <= len(data):
            text = self.tr("Showing %1 rows.").replace("%1", str(len(data)))
        else:
            text = self.tr("Showing %1 of %2 rows.").replace("%1", str(len(data)))
            text = text.replace("%2", str(total))
        self.note.setText(text)

    def nextId(self) -> int:
        return MAPPING if self.w.needs_mapping() else CHECK
