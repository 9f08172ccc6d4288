"""Table models of the import wizard: the file preview and the row errors.

Contract: both are read-only, built once per read; rows are fixed height in the view
(no ResizeToContents: a file may have 100,000 errors). The preview marks the cells a
RowError points at; the error model shows row, column, value and the message in the
UI language.

Threading: GUI thread only.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from core.importers import RowError

_ERROR_BRUSH = QBrush(QColor("#ffcdd2"))
Index = QModelIndex | QPersistentModelIndex


class PreviewModel(QAbstractTableModel):
    """Data rows under the header, as text; `first_row` is the Excel number of row 0."""

    def __init__(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[str]],
        first_row: int,
        errors: Sequence[RowError] = (),
        english: bool = False,
    ) -> None:
        super().__init__()
        self.headers = list(headers)
        width = max([len(self.headers), *(len(r) for r in rows)], default=0)
        self.headers += [""] * (width - len(self.headers))
        self.rows = [tuple(r) + ("",) * (width - len(r)) for r in rows]
        self.first_row = first_row
        columns = {text: i for i, text in reversed(list(enumerate(self.headers)))}
        self.messages: dict[tuple[int, int], str] = {}
        for e in errors:
            if e.column in columns and 0 <= e.row - first_row < len(self.rows):
                key = (e.row - first_row, columns[e.column])
                message = e.message_en if english else e.message_zh
                self.messages[key] = "\n".join(filter(None, (self.messages.get(key), message)))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.rows[index.row()][index.column()]
        key = (index.row(), index.column())
        if key in self.messages:
            if role == Qt.ItemDataRole.BackgroundRole:
                return _ERROR_BRUSH
            if role == Qt.ItemDataRole.ToolTipRole:
                return self.messages[key]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return str(self.first_row + section)  # the row number Excel shows


class ErrorModel(QAbstractTableModel):
    def __init__(self, errors: Sequence[RowError], english: bool) -> None:
        super().__init__()
        self.errors = list(errors)
        self.english = english
        self.titles = [
            QCoreApplication.translate("ImportErrors", "Row"),
            QCoreApplication.translate("ImportErrors", "Column"),
            QCoreApplication.translate("ImportErrors", "Value"),
            QCoreApplication.translate("ImportErrors", "Problem"),
        ]
        self.row_text = QCoreApplication.translate("ImportErrors", "Row %1")

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.errors)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.titles)

    def text(self, row: int, column: int) -> str:
        error = self.errors[row]
        if column == 0:
            return self.row_text.replace("%1", str(error.row))
        if column == 1:
            return f"「{error.column}」"
        if column == 2:
            return error.value
        return self.reason(error)

    def reason(self, error: RowError) -> str:
        """The message without its "Row 12, column …:" opening (the table shows those)."""
        if self.english:
            return error.message_en.removeprefix(f'Row {error.row}, column "{error.column}": ')
        return error.message_zh.removeprefix(f"第{error.row}行「{error.column}」：")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(index.row(), index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            error = self.errors[index.row()]
            return error.message_en if self.english else error.message_zh
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.titles[section]
        return None
