"""About ShopClock: app version, rule-pack versions, where the data lives, library versions.

Contract: `AboutDialog(service, parent).exec()`; read-only, reads only in-memory state
(`core.__version__`, `service.book`, `service.db`). Every text can be selected and the
whole report copied, so an operator can paste it into a support message.

Threading: GUI thread only.
"""

from __future__ import annotations

import platform as py_platform
from typing import Any

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

import core
from gui.dialogs._common import field_label, is_english, translate_buttons


def database_location(service: Any) -> tuple[str, str]:
    """(data folder, database file or URL without password) of the service's database."""
    db = service.db
    if db.path is not None:
        return str(db.path.parent), str(db.path)
    return "", db.url.render_as_string(hide_password=True)


class AboutDialog(QDialog):
    def __init__(self, service: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.setWindowTitle(self.tr("About ShopClock"))
        english = is_english()

        title = QLabel(self.tr("ShopClock — after-sales deadline clock"))
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        title.setFont(font)

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.rows: dict[str, str] = {}
        self._add(form, self.tr("Version:"), core.__version__)
        for pack_platform in service.book.platforms():
            packs = [p for p in service.book.packs() if p.platform == pack_platform]
            newest = packs[-1]
            name = newest.name_en if english else newest.name_zh
            older = [p.version for p in packs[:-1]]
            text = newest.version
            if older:
                text += " " + self.tr("(also kept: %1)").replace("%1", ", ".join(older))
            self._add(form, field_label(name), text)
        folder, database = database_location(service)
        if folder:
            self._add(form, self.tr("Data folder:"), folder)
        self._add(form, self.tr("Database:"), database)
        self._add(form, field_label("Qt"), qVersion())
        self._add(form, field_label("PySide6"), PySide6.__version__)
        self._add(form, field_label("Python"), py_platform.python_version())

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        translate_buttons(buttons)
        buttons.rejected.connect(self.reject)
        self.copy_button = QPushButton(self.tr("Copy details"))
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.on_copy_clicked)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

    def _add(self, form: QFormLayout, label: str, value: str) -> None:
        shown = QLabel(value)
        shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        shown.setWordWrap(True)
        form.addRow(label, shown)
        self.rows[label] = value

    def details(self) -> str:
        return "\n".join(f"{label} {value}" for label, value in self.rows.items())

    def on_copy_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.details())
