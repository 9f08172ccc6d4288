"""First run and loading pages: never an empty grey table.

Contract: ``WelcomePage`` is shown when the database holds no orders and no
cases; its two buttons emit ``import_requested`` / ``demo_requested``.
``LoadingPage`` shows a busy bar while the first board loads.

Threading: GUI thread only.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget


def _centered(parent: QWidget) -> QVBoxLayout:
    outer = QVBoxLayout(parent)
    outer.addStretch(2)
    return outer


class WelcomePage(QWidget):
    import_requested = Signal()
    demo_requested = Signal()

    def __init__(self, db_location: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcome")
        layout = _centered(self)
        title = QLabel(self.tr("ShopClock"), self)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 2.2)
        font.setBold(True)
        title.setFont(font)
        intro = QLabel(
            self.tr(
                "Every after-sales case runs on a platform timer. ShopClock lists them all, "
                "the most urgent first, and tells you which rule each deadline comes from."
            ),
            self,
        )
        intro.setWordWrap(True)
        steps = QLabel(
            self.tr(
                "Start with the order or after-sales export from your platform's seller centre:"
            ),
            self,
        )
        steps.setWordWrap(True)
        self.import_button = QPushButton(self.tr("Import a platform export…"), self)
        self.import_button.setObjectName("importButton")
        self.import_button.setDefault(True)
        self.demo_button = QPushButton(self.tr("Open the demo shop"), self)
        self.demo_button.setObjectName("demoButton")
        self.demo_button.setToolTip(
            self.tr("Three shops, about 200 orders and 40 cases, to try everything out")
        )
        for button in (self.import_button, self.demo_button):
            height = round(button.fontMetrics().height() * 2.6)
            button.setMinimumHeight(height)
            font = button.font()
            font.setPointSizeF(font.pointSizeF() * 1.15)
            button.setFont(font)
        self.import_button.clicked.connect(self.import_requested)
        self.demo_button.clicked.connect(self.demo_requested)
        where = QLabel(
            "<small>"
            + html.escape(
                self.tr("Your data stays on this computer: %1").replace("%1", db_location)
            )
            + "</small>",
            self,
        )
        where.setWordWrap(True)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        column = QWidget(self)
        width = intro.fontMetrics().horizontalAdvance("M") * 36
        column.setFixedWidth(width)
        inner = QVBoxLayout(column)
        margins = inner.contentsMargins()
        text_width = width - margins.left() - margins.right()
        for label in (intro, steps, where):  # an aligned item gets no height-for-width
            label.setMinimumHeight(label.heightForWidth(text_width))
        for widget in (title, intro, steps, self.import_button, self.demo_button, where):
            inner.addWidget(widget)
            inner.addSpacing(intro.fontMetrics().height() // 2)
        layout.addWidget(column, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(3)

    def set_busy(self, busy: bool) -> None:
        self.import_button.setEnabled(not busy)
        self.demo_button.setEnabled(not busy)


class LoadingPage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = _centered(self)
        self.label = QLabel(self.tr("Loading orders and deadlines…"), self)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        bar = QProgressBar(self)
        bar.setRange(0, 0)
        bar.setTextVisible(False)
        bar.setMaximumWidth(self.fontMetrics().horizontalAdvance("M") * 20)
        layout.addWidget(self.label)
        layout.addWidget(bar, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(3)
