"""Export orders, cases or running timers to CSV (UTF-8 with BOM) or XLSX.

Contract: `ExportDialog(service, parent).exec()`. The operator picks what, the format
and the file; the export (reading the rows and writing the file) runs on the thread
pool, the dialog shows a busy bar meanwhile and the row count or the error after. The
file is written by `core.exporters`, which replaces it atomically, so a failed export
leaves no half file. The written file re-imports with the ShopClock templates. Buyer
names, phones and addresses are masked unless the operator ticks the box for it (a
masked value re-imported never overwrites the stored one).

Threading: GUI thread; the job uses only the service's repository and engine, which
nothing else uses while this modal dialog runs.
"""

from __future__ import annotations

import errno
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from core import exporters
from core.clock import SHANGHAI
from gui.dialogs._common import confirm, error_label, run_job, show_error, translate_buttons

WHAT = ("orders", "cases", "timers")
FORMATS = (".csv", ".xlsx")


def export_job(service: Any, what: str, path: Path, reveal: bool = False) -> int:
    """Read and write on a worker thread; returns the number of rows written."""
    if what == "orders":
        orders = service.repo.orders()
        exporters.export_orders(orders, path, shops=service.repo.shops(), reveal=reveal)
        return len(orders)
    if what == "cases":
        cases = service.repo.cases()
        exporters.export_cases(cases, path, reveal=reveal)
        return len(cases)
    timers = service.due()
    exporters.export_timers(timers, path)
    return len(timers)


class ExportDialog(QDialog):
    def __init__(self, service: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.running = False
        self.exported = False
        self.target: Path | None = None
        self.browsed: Path | None = None  # chosen in the file dialog, which asked to replace
        self.setWindowTitle(self.tr("Export"))
        counts = service.repo.counts()

        self.what_group = QButtonGroup(self)
        what_texts = (
            self.tr("Orders (%1)").replace("%1", str(counts["orders"])),
            self.tr("After-sales cases (%1)").replace("%1", str(counts["cases"])),
            self.tr("Running deadlines"),
        )
        what_box = QVBoxLayout()
        for index, text in enumerate(what_texts):
            button = QRadioButton(text)
            self.what_group.addButton(button, index)
            what_box.addWidget(button)
        self.what_group.button(0).setChecked(True)

        self.format_group = QButtonGroup(self)
        format_box = QVBoxLayout()
        for index, text in enumerate(
            (self.tr("CSV (UTF-8 with BOM, opens in Excel)"), self.tr("Excel workbook (.xlsx)"))
        ):
            button = QRadioButton(text)
            self.format_group.addButton(button, index)
            format_box.addWidget(button)
        self.format_group.button(0).setChecked(True)

        self.path_edit = QLineEdit()
        self.path_edit.setText(str(self.default_path()))
        self.browse_button = QPushButton(self.tr("Browse…"))
        self.browse_button.clicked.connect(self.on_browse_clicked)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse_button)

        form = QFormLayout()
        self.reveal = QCheckBox(self.tr("Include buyers' full names, phones and addresses"))
        self.reveal.setToolTip(
            self.tr("Off: buyer details are partly hidden, as in the lists (陈**, 137****5678).")
        )
        what_box.addWidget(self.reveal)
        form.addRow(self.tr("Export:"), what_box)
        form.addRow(self.tr("Format:"), format_box)
        form.addRow(self.tr("File:"), path_row)
        self.path_error = error_label()
        form.addRow("", self.path_error)

        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setVisible(False)
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.result_label.setVisible(False)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        translate_buttons(self.buttons)
        self.export_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.export_button.setText(self.tr("Export"))
        self.buttons.accepted.connect(self.on_export_clicked)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.result_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)

        self.what_group.idToggled.connect(self.on_choice_toggled)
        self.format_group.idToggled.connect(self.on_choice_toggled)
        self.path_edit.textChanged.connect(self.on_path_edited)

    # -- choices ------------------------------------------------------------------------

    def what(self) -> str:
        return WHAT[self.what_group.checkedId()]

    def suffix(self) -> str:
        return FORMATS[self.format_group.checkedId()]

    def default_path(self) -> Path:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        names = {
            "orders": self.tr("orders"),
            "cases": self.tr("cases"),
            "timers": self.tr("deadlines"),
        }
        what = self.what() if self.what_group.checkedId() >= 0 else "orders"
        day = self.service.clock.now().astimezone(SHANGHAI).strftime("%Y%m%d")
        suffix = self.suffix() if self.format_group.checkedId() >= 0 else ".csv"
        return Path(folder or Path.home()) / f"ShopClock-{names[what]}-{day}{suffix}"

    def on_choice_toggled(self, _id: int, checked: bool) -> None:
        if not checked:
            return
        self.reveal.setEnabled(self.what() == "orders" and not self.running)
        current = Path(self.path_edit.text().strip())
        if current.name.startswith("ShopClock-"):
            self.path_edit.setText(str(current.parent / self.default_path().name))
        elif current.name:
            self.path_edit.setText(str(current.with_suffix(self.suffix())))

    def on_browse_clicked(self) -> None:
        filters = (
            self.tr("CSV files (*.csv)") if self.suffix() == ".csv" else self.tr("Excel (*.xlsx)")
        )
        chosen, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export to"), self.path_edit.text(), filters
        )
        if chosen:
            path = Path(chosen)
            if path.suffix.lower() != self.suffix():
                path = path.with_name(path.name + self.suffix())
            self.path_edit.setText(str(path))
            self.browsed = path if path == Path(chosen) else None

    def on_path_edited(self, _text: str) -> None:
        show_error(self.path_error, "")

    def checked_path(self) -> Path | None:
        text = self.path_edit.text().strip()
        if not text:
            show_error(self.path_error, self.tr("Choose a file to export to."))
            return None
        path = Path(text)
        if path.suffix.lower() != self.suffix():
            show_error(
                self.path_error,
                self.tr("The file name must end in %1.").replace("%1", self.suffix()),
            )
            return None
        if not path.parent.is_dir():
            show_error(self.path_error, self.tr("The folder does not exist."))
            return None
        return path

    # -- running ------------------------------------------------------------------------

    def on_export_clicked(self) -> None:
        if self.running:
            return
        if self.exported:
            self.accept()
            return
        path = self.checked_path()
        if path is None:
            return
        if path.exists() and path != self.browsed and not self.confirm_replace(path):
            return
        self.set_running(True)
        service, what = self.service, self.what()
        reveal = what == "orders" and self.reveal.isChecked()
        self.target = path
        run_job(
            lambda: export_job(service, what, path, reveal),
            self.on_export_done,
            self.on_export_failed,
        )

    def confirm_replace(self, path: Path) -> bool:
        """The file is there already (the suggested name repeats each day): ask before
        writing over it. Tests replace this method."""
        return confirm(
            self,
            QMessageBox.Icon.Question,
            self.windowTitle(),
            self.tr("%1 already exists. Replace it?").replace("%1", str(path)),
            self.tr("Replace"),
            self.tr("Cancel"),
        )

    def set_running(self, running: bool) -> None:
        self.running = running
        self.progress.setVisible(running)
        for widget in (self.path_edit, self.browse_button, *self.what_group.buttons()):
            widget.setEnabled(not running)
        self.reveal.setEnabled(not running and self.what() == "orders")
        for button in self.format_group.buttons():
            button.setEnabled(not running)
        self.buttons.setEnabled(not running)

    def on_export_done(self, rows: int) -> None:
        self.set_running(False)
        self.exported = True
        self.result_label.setStyleSheet("")
        self.result_label.setText(
            self.tr("Exported %1 rows to %2")
            .replace("%1", str(rows))
            .replace("%2", str(self.target))
        )
        self.result_label.setVisible(True)
        self.export_button.setText(self.tr("Close"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setVisible(False)

    def on_export_failed(self, exc: BaseException) -> None:
        self.set_running(False)
        detail = self.os_reason(exc) if isinstance(exc, OSError) else None
        if detail is None:
            detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        self.result_label.setStyleSheet("color: #c62828;")
        self.result_label.setText(self.tr("Export failed: %1").replace("%1", detail))
        self.result_label.setVisible(True)

    def os_reason(self, exc: OSError) -> str | None:
        """The operator's words for a file error, with its path; None for an errno
        without a translated reason (the system's own text is shown then)."""
        code = exc.errno
        if getattr(exc, "winerror", None) == 32 or code == errno.EBUSY:  # Windows: in use
            reason = self.tr("%1 is open in another program; close it and try again")
        elif code in (errno.ENOENT, errno.ENOTDIR):
            reason = self.tr("cannot write %1: the folder does not exist")
        elif code in (errno.EACCES, errno.EPERM, errno.EROFS):
            reason = self.tr("no permission to write %1")
        elif code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
            reason = self.tr("cannot write %1: the disk is full")
        elif code == errno.EISDIR:
            reason = self.tr("%1 is a folder, not a file")
        elif code == errno.ENAMETOOLONG:
            reason = self.tr("cannot write %1: the file name is too long")
        else:
            return None
        # the operator's file, not the temporary one core writes first
        path = self.target if self.target is not None else exc.filename
        return reason.replace("%1", str(path))

    def reject(self) -> None:
        if not self.running:  # the file is replaced atomically; let the job finish
            super().reject()
