"""Settings tab 数据: where the data lives, the backups, 立即备份 and 从备份恢复….

Contract: the tab lists ShopClock's backups (core.backups.list_backups, newest first)
and shows the newest one's time prominently (最近一次备份：…). 立即备份 runs
core.storage.backup.backup_now; 从备份恢复… asks for confirmation naming the
selected backup's date, then runs core.storage.backup.restore_from(service.db, path).
A restore is verified and atomic in core: a refused or failed one changes nothing
and its message is shown in the UI language. After a restore the service's calendar
is reloaded, the safety copy's path is shown and ``restored`` is emitted (the
settings dialog then tells the main window to refresh and stops applying the other
tabs, which still show the data from before the restore). ``problems()`` is always
empty and ``apply()`` stores nothing: backups and restores act at once.

Threading: GUI thread; the backup and the restore run on the thread pool (run_job).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QLocale, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.backups import BackupFile, list_backups
from gui.dialogs._common import confirm, is_english, run_job
from gui.dialogs.about_dialog import database_location

PATH_ROLE = Qt.ItemDataRole.UserRole


def backup_api() -> Any:
    """core.storage.backup when this core has it (older cores: None)."""
    try:
        from core.storage import backup
    except ImportError:
        return None
    return backup if hasattr(backup, "backup_now") else None


def error_text(exc: BaseException) -> str:
    """Core's "中文 / English" message in the UI language."""
    text = str(exc) or type(exc).__name__
    zh, sep, en = text.partition(" / ")
    if not sep:
        return text
    return en if is_english() else zh


def taken_text(backup: BackupFile) -> str:
    """The backup's local wall time, e.g. 2026-03-10 10:00:05."""
    return backup.taken.strftime("%Y-%m-%d %H:%M:%S")


class DataTab(QWidget):
    restored = Signal(object)  # the safety copy's Path

    def __init__(self, service: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        folder, database = database_location(service)
        self.folder = Path(folder) if folder else None
        form = QFormLayout()
        folder_label = QLabel(folder or self.tr("(database server)"))
        folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        folder_label.setWordWrap(True)
        form.addRow(self.tr("Data folder:"), folder_label)
        db_label = QLabel(database)
        db_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        db_label.setWordWrap(True)
        form.addRow(self.tr("Database:"), db_label)
        self.open_button = QPushButton(self.tr("Open data folder"))
        self.open_button.setEnabled(self.folder is not None)
        self.open_button.clicked.connect(self.on_open_clicked)

        self.last_backup = QLabel()
        self.last_backup.setObjectName("last_backup")
        self.last_backup.setStyleSheet("font-weight: bold;")
        self.backups = QListWidget()
        self.backups.itemSelectionChanged.connect(self.on_selection_changed)
        self.backup_button = QPushButton(self.tr("Back up now"))
        self.backup_button.clicked.connect(self.on_backup_clicked)
        self.restore_button = QPushButton(self.tr("Restore from backup…"))
        self.restore_button.clicked.connect(self.on_restore_clicked)
        self.restore_button.setEnabled(False)
        self.backup_status = QLabel()
        self.backup_status.setWordWrap(True)
        self.backup_status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.api = backup_api() if self.folder is not None else None
        if self.folder is None:
            self.backup_status.setText(self.tr("A database server is backed up by its admin."))
        elif self.api is None:
            self.backup_status.setText(self.tr("Backups arrive with a later version."))
        for widget in (self.last_backup, self.backups, self.backup_button, self.restore_button):
            widget.setVisible(self.api is not None)

        buttons = QHBoxLayout()
        buttons.addWidget(self.backup_button)
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.last_backup)
        layout.addWidget(QLabel(self.tr("Backups:")))
        layout.addWidget(self.backups, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.backup_status)
        if self.api is None:
            layout.addStretch(1)
        self.list_backups()

    def busy(self, on: bool) -> None:
        self.backup_button.setEnabled(not on)
        self.backups.setEnabled(not on)
        self.restore_button.setEnabled(not on and self.selected() is not None)

    def list_backups(self) -> None:
        self.backups.clear()
        if self.api is None or self.folder is None:
            return
        found = list(reversed(list_backups(self.folder / "backups")))
        locale = QLocale()
        for backup in found:
            size = locale.formattedDataSize(backup.path.stat().st_size)
            item = QListWidgetItem(f"{backup.path.name}    {size}")
            item.setData(PATH_ROLE, backup)
            self.backups.addItem(item)
        if found:
            when = taken_text(found[0])
            self.last_backup.setText(self.tr("Last backup: %1").replace("%1", when))
        else:
            self.backups.addItem(self.tr("No backups yet."))
            self.last_backup.setText(self.tr("Last backup: none yet"))
        self.on_selection_changed()

    def selected(self) -> BackupFile | None:
        item = self.backups.currentItem()
        if item is None or not item.isSelected():
            return None
        backup = item.data(PATH_ROLE)
        return backup if isinstance(backup, BackupFile) else None

    def on_selection_changed(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None)

    def on_open_clicked(self) -> None:
        if self.folder is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.folder)))

    def on_backup_clicked(self) -> None:
        db, api = self.service.db, self.api
        self.busy(True)
        self.backup_status.setText(self.tr("Backing up…"))
        run_job(lambda: api.backup_now(db), self.on_backup_done, self.on_backup_failed)

    def on_backup_done(self, path: Path) -> None:
        self.busy(False)
        self.backup_status.setText(self.tr("Backed up to %1").replace("%1", str(path)))
        self.list_backups()

    def on_backup_failed(self, exc: BaseException) -> None:
        self.busy(False)
        self.backup_status.setText(self.tr("Backup failed: %1").replace("%1", error_text(exc)))

    # -- restore ------------------------------------------------------------------------

    def confirm_restore(self, backup: BackupFile) -> bool:
        """Ask before replacing every record with the backup's (tests replace this)."""
        text = self.tr(
            "Replace all current data with the backup of %1?\n\n"
            "Everything entered since then is replaced. A safety copy of the current "
            "data is saved first, so this can be undone by restoring that copy."
        ).replace("%1", taken_text(backup))
        return confirm(
            self,
            QMessageBox.Icon.Warning,
            self.tr("Restore from backup"),
            text,
            self.tr("Restore"),
            self.tr("Cancel"),
        )

    def on_restore_clicked(self) -> None:
        backup = self.selected()
        if backup is None or self.api is None or not self.confirm_restore(backup):
            return
        self.restore(backup.path)

    def restore(self, path: Path) -> None:
        """Restore ``path`` on the thread pool (no confirmation)."""
        db, api = self.service.db, self.api
        self.busy(True)
        self.backup_status.setText(self.tr("Restoring…"))
        run_job(lambda: api.restore_from(db, path), self.on_restore_done, self.on_restore_failed)

    def on_restore_done(self, safety: Path) -> None:
        reload_calendar = getattr(self.service, "reload_calendar", None)
        if callable(reload_calendar):
            reload_calendar()  # the restored data has its own holiday overrides
        self.busy(False)
        self.backup_status.setText(
            self.tr("Restored. The data from before the restore was saved to %1").replace(
                "%1", str(safety)
            )
        )
        self.list_backups()
        self.restored.emit(safety)

    def on_restore_failed(self, exc: BaseException) -> None:
        self.busy(False)
        self.backup_status.setText(
            self.tr("Nothing was restored: %1").replace("%1", error_text(exc))
        )

    def problems(self) -> list[str]:
        return []

    def apply(self) -> None:
        pass
