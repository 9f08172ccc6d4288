"""Light or dark: follow the system's colour scheme (QStyleHints.colorScheme).

Contract: ``is_dark()`` answers from the style hints, falling back to the
palette's window lightness when the platform does not say. ``apply(app)``
switches to the Fusion style in dark mode where the native style cannot draw
dark (Windows' "windowsvista"). The window listens to
styleHints().colorSchemeChanged so urgency colours stay readable.

Threading: GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication


def is_dark() -> bool:
    scheme = QGuiApplication.styleHints().colorScheme()
    if scheme == Qt.ColorScheme.Dark:
        return True
    if scheme == Qt.ColorScheme.Light:
        return False
    return QGuiApplication.palette().color(QPalette.ColorRole.Window).lightness() < 128


def apply(app: QApplication) -> None:
    style = app.style().name().lower() if app.style() else ""
    if is_dark() and style == "windowsvista":
        app.setStyle("Fusion")
