"""Helpers shared by the dialogs: background jobs, inline error labels, time fields.

Contract: `run_job(fn, on_done, on_failed)` runs `fn()` on the global QThreadPool and
delivers its result (or the exception) to the two slots on the GUI thread through a
queued signal; the slots must be methods of a QObject that lives on the GUI thread, so
a job that outlives its dialog is simply dropped. Times are edited as Asia/Shanghai
wall-clock time and returned as aware UTC datetimes.

Threading: everything here except the job body runs on the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QDate,
    QDateTime,
    QObject,
    QRunnable,
    QThreadPool,
    QTime,
    QTimeZone,
    Signal,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QDateTimeEdit,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QWidget,
)

from core.clock import SHANGHAI

LANGUAGE_KEY = "ui.language"
LANGUAGES = ("zh_CN", "en")
DATETIME_FORMAT = "yyyy-MM-dd HH:mm"
ERROR_STYLE = "color: #c62828;"
_SHANGHAI_QT = QTimeZone(b"Asia/Shanghai")


def app_language() -> str:
    """The language the dialogs run in now: "zh_CN" while our Chinese catalogue is
    installed, else "en" (the source language)."""
    code = QCoreApplication.translate("Dialogs", "en", "language code of this catalogue")
    return "zh_CN" if code == "zh_CN" else "en"


def is_english() -> bool:
    """Whether core's sentences (row errors, cell problems) should be shown in English."""
    return app_language() == "en"


def ui_language(service: Any) -> str:
    """The chosen UI language: the "ui.language" setting, else the one running now."""
    value = service.repo.get_setting(LANGUAGE_KEY, None)
    return value if value in LANGUAGES else app_language()


# -- background jobs ------------------------------------------------------------------


class _JobSignals(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], signals: _JobSignals) -> None:
        super().__init__()
        self._fn = fn
        self.signals = signals

    def run(self) -> None:
        try:
            result = self._fn()
        except Exception as exc:  # delivered to the GUI thread, shown there
            self.signals.failed.emit(exc)
        else:
            self.signals.done.emit(result)


def run_job(
    fn: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_failed: Callable[[BaseException], None],
) -> None:
    """Run ``fn`` off the GUI thread; call ``on_done(result)`` / ``on_failed(exc)`` on it."""
    # The signals object belongs to the application (GUI thread), not to Python: the job
    # dropping its reference in the pool thread must not delete it before the queued
    # deliveries ran; it deletes itself on the GUI thread after them.
    signals = _JobSignals(QCoreApplication.instance())
    signals.done.connect(on_done)
    signals.failed.connect(on_failed)
    signals.done.connect(signals.deleteLater)
    signals.failed.connect(signals.deleteLater)
    QThreadPool.globalInstance().start(_Job(fn, signals))


def wait_for_jobs(msecs: int = 30_000) -> bool:
    """Block until every background job finished (used on shutdown and by tests)."""
    return QThreadPool.globalInstance().waitForDone(msecs)


# -- shared texts ---------------------------------------------------------------------


def field_label(text: str) -> str:
    """A form label: "Shop:" in English, "店铺：" (full-width colon) in Chinese."""
    return QCoreApplication.translate("Dialogs", "%1:").replace("%1", text)


def translate_buttons(box: QDialogButtonBox) -> None:
    """Standard button texts from our catalogue (the app may not load Qt's own)."""
    texts = {
        QDialogButtonBox.StandardButton.Ok: QCoreApplication.translate("Dialogs", "OK"),
        QDialogButtonBox.StandardButton.Cancel: QCoreApplication.translate("Dialogs", "Cancel"),
        QDialogButtonBox.StandardButton.Close: QCoreApplication.translate("Dialogs", "Close"),
    }
    for which, text in texts.items():
        button = box.button(which)
        if button is not None:
            button.setText(text)


# -- inline errors --------------------------------------------------------------------


def confirm(
    parent: QWidget, icon: QMessageBox.Icon, title: str, text: str, yes: str, no: str
) -> bool:
    """Ask before a step that cannot be taken back: ``yes`` (destructive) or ``no`` (the
    default, and what Escape answers)."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    accept = box.addButton(yes, QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(box.addButton(no, QMessageBox.ButtonRole.RejectRole))
    box.exec()
    return box.clickedButton() is accept


def error_label() -> QLabel:
    """A red, word-wrapped label shown under a field only while it holds a message."""
    label = QLabel()
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.setVisible(False)
    label.setObjectName("error")
    return label


def show_error(label: QLabel, message: str) -> None:
    label.setText(message)
    label.setVisible(bool(message))


# -- time -----------------------------------------------------------------------------


def to_qdatetime(moment: datetime) -> QDateTime:
    """An aware datetime as a QDateTime showing Asia/Shanghai wall-clock time."""
    local = moment.astimezone(SHANGHAI)
    return QDateTime(
        QDate(local.year, local.month, local.day),
        QTime(local.hour, local.minute, local.second),
        _SHANGHAI_QT,
    )


def from_qdatetime(value: QDateTime) -> datetime:
    """The wall-clock time shown (Asia/Shanghai) as an aware UTC datetime."""
    d, t = value.date(), value.time()
    local = datetime(
        d.year(), d.month(), d.day(), t.hour(), t.minute(), t.second(), tzinfo=SHANGHAI
    )
    return local.astimezone(UTC)


def datetime_edit(parent: QWidget | None = None) -> QDateTimeEdit:
    edit = QDateTimeEdit(parent)
    edit.setTimeZone(_SHANGHAI_QT)
    edit.setDisplayFormat(DATETIME_FORMAT)
    edit.setCalendarPopup(True)
    return edit


class OptionalDateTime(QWidget):
    """A date-time edit with an "unknown" checkbox; `value()` is None while unknown."""

    changed = Signal()

    def __init__(self, unknown_text: str, default: datetime, parent: QWidget | None = None):
        super().__init__(parent)
        self.edit = datetime_edit(self)
        self.edit.setDateTime(to_qdatetime(default))
        self.unknown = QCheckBox(unknown_text, self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.unknown)
        self.unknown.toggled.connect(self.on_unknown_toggled)
        self.edit.dateTimeChanged.connect(self.changed)
        self.unknown.setChecked(True)

    def on_unknown_toggled(self, checked: bool) -> None:
        self.edit.setEnabled(not checked)
        self.changed.emit()

    def value(self) -> datetime | None:
        return None if self.unknown.isChecked() else from_qdatetime(self.edit.dateTime())

    def set_value(self, moment: datetime | None) -> None:
        if moment is not None:
            self.edit.setDateTime(to_qdatetime(moment))
        self.unknown.setChecked(moment is None)
