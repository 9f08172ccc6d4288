"""The detail panel's history (events) and, for an order, its after-sales cases.

Contract: read-only lists with fixed, uniform row heights; a double-click on a
case emits ``case_activated(platform, case_no)``.

Threading: GUI thread only.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from core.domain import Case, Event
from gui import detail_render as D
from gui import fmt, labels

MAX_VISIBLE_ROWS = 12


def _tree(parent: QWidget, headers: list[str]) -> QTreeWidget:
    tree = QTreeWidget(parent)
    tree.setHeaderLabels(headers)
    tree.setRootIsDecorated(False)
    tree.setUniformRowHeights(True)
    tree.setWordWrap(False)
    tree.setAlternatingRowColors(True)
    tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    tree.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    return tree


class Timeline(QWidget):
    case_activated = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.cases = _tree(self, [self.tr("Case no."), self.tr("Type"), self.tr("State")])
        self.cases.setObjectName("orderCases")
        self.cases.itemDoubleClicked.connect(self._on_case)
        self.events = _tree(
            self, [self.tr("Time"), self.tr("Who"), self.tr("What"), self.tr("Source")]
        )
        self.events.setObjectName("timeline")
        layout.addWidget(self.cases)
        layout.addWidget(self.events)
        self.cases.hide()

    def set_events(self, events: Sequence[Event]) -> None:
        self.events.clear()
        for ev in events:
            item = QTreeWidgetItem(list(D.event_texts(ev)))
            item.setToolTip(2, item.text(2))
            self.events.addTopLevelItem(item)
        self._fit(self.events)
        self.cases.hide()

    def set_cases(self, cases: Sequence[Case]) -> None:
        self.cases.clear()
        for c in cases:
            item = QTreeWidgetItem(
                [c.case_no, labels.kind(c.kind), labels.state(c.state, assumed=c.assumed)]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, (c.platform.value, c.case_no))
            item.setToolTip(0, fmt.long_time(c.applied_at))
            self.cases.addTopLevelItem(item)
        self.cases.setVisible(bool(cases))
        self._fit(self.cases)

    def _fit(self, tree: QTreeWidget) -> None:
        for col in range(tree.columnCount() - 1):
            tree.resizeColumnToContents(col)
        rows = min(max(tree.topLevelItemCount(), 1), MAX_VISIBLE_ROWS)
        row_height = (
            tree.sizeHintForRow(0) if tree.topLevelItemCount() else tree.fontMetrics().height()
        )
        header = tree.header().sizeHint().height()
        frame = tree.frameWidth() * 2
        tree.setFixedHeight(header + rows * max(row_height, 1) + frame + 2)

    def _on_case(self, item: QTreeWidgetItem, _column: int) -> None:
        platform, case_no = item.data(0, Qt.ItemDataRole.UserRole)
        self.case_activated.emit(platform, case_no)
