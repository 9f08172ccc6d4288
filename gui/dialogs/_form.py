"""A form dialog with inline validation: one red message under each invalid field.

Contract: a subclass adds fields with `add_field(key, label, widget)`, calls `finish()`
and implements `check() -> dict[key, message]` (empty when valid; key "" for a message
about the whole record) and `save()`. `refresh()` runs after
every edit: OK is enabled only while `check()` finds nothing. A message is shown under
a field once the operator has touched it (or pressed OK); required fields nobody has
touched yet are listed in one hint line instead, so a new form does not open in red.

Threading: GUI thread only.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from core.domain import MAX_AMOUNT_FEN
from gui.dialogs._common import (
    OptionalDateTime,
    error_label,
    field_label,
    show_error,
    translate_buttons,
)


class RecordForm(QDialog):
    # Strings here use the fixed context "RecordForm": self.tr() would look them up
    # under the subclass's name, where lupdate does not put them.

    def __init__(self, service: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.fields: dict[str, QWidget] = {}
        self.labels: dict[str, str] = {}
        self.errors: dict[str, QLabel] = {}
        self.touched: set[str] = set()
        self._keys: dict[QObject, str] = {}
        self.required: set[str] = set()
        self.saved: Any = None  # the ImportResult of a successful save
        self.building = True  # no checks until the subclass calls finish()

        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: palette(placeholder-text);")
        self.general_error = error_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        translate_buttons(self.buttons)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(QCoreApplication.translate("RecordForm", "Save"))
        self.buttons.accepted.connect(self.on_ok_clicked)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.hint)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)

    # -- building -----------------------------------------------------------------------

    def add_field(self, key: str, label: str, widget: QWidget, *, required: bool = False) -> None:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        error = error_label()
        column.addWidget(error)
        self.form.addRow(field_label(label + ("*" if required else "")), box)
        self.fields[key] = widget
        self.labels[key] = label
        self.errors[key] = error
        if required:
            self.required.add(key)
        self._watch(key, widget)

    def _watch(self, key: str, widget: QWidget) -> None:
        # Bound methods, not closures: a closure connected to a child's signal would keep
        # this dialog's wrapper alive for ever. The slot finds the field by its sender.
        self._keys[widget] = key
        if isinstance(widget, QLineEdit):
            widget.textEdited.connect(self.on_field_touched)
            widget.textChanged.connect(self.refresh)
        elif isinstance(widget, QPlainTextEdit):
            widget.textChanged.connect(self.on_field_touched)
        elif isinstance(widget, QComboBox):
            widget.currentIndexChanged.connect(self.on_field_touched)
            if widget.isEditable():
                widget.editTextChanged.connect(self.on_field_touched)
        elif isinstance(widget, QAbstractButton):
            widget.toggled.connect(self.on_field_touched)
        elif isinstance(widget, OptionalDateTime):
            widget.changed.connect(self.on_field_touched)
        elif hasattr(widget, "dateTimeChanged"):
            widget.dateTimeChanged.connect(self.on_field_touched)

    def on_field_touched(self, *_args: object) -> None:
        key = self._keys.get(self.sender())
        if key is not None:
            self.touched.add(key)
        self.refresh()

    # -- validation ---------------------------------------------------------------------

    def check(self) -> dict[str, str]:
        raise NotImplementedError

    def save(self) -> Any:
        raise NotImplementedError

    def finish(self) -> None:
        """Call at the end of the subclass's __init__, once every field exists."""
        self.building = False
        self.refresh()
        # The buttons were made first, so Qt would open the form with the focus on
        # Cancel (Save starts disabled): the first field the operator can change.
        first = next((w for w in self.fields.values() if self._editable(w)), None)
        if first is not None:
            first.setFocus()

    @staticmethod
    def _editable(widget: QWidget) -> bool:
        if isinstance(widget, OptionalDateTime):
            widget = widget.unknown
        if isinstance(widget, QLineEdit) and widget.isReadOnly():
            return False
        return widget.isEnabled() and bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)

    def refresh(self, *_args: object) -> dict[str, str]:
        if self.building:
            return {}
        problems = self.check()
        missing = []
        for key, label in self.errors.items():
            message = problems.get(key, "")
            if message and key not in self.touched and key in self.required:
                missing.append(self.labels[key])
                message = ""
            show_error(label, message)
        general = problems.get("", "")
        show_error(self.general_error, general)
        self.hint.setText(
            QCoreApplication.translate("RecordForm", "Still to fill in: %1").replace(
                "%1", "、".join(missing)
            )
        )
        self.hint.setVisible(bool(missing))
        self.ok_button.setEnabled(not problems)
        return problems

    def on_ok_clicked(self) -> None:
        self.touched.update(self.fields)
        if self.refresh():
            return
        try:
            self.saved = self.save()
        except ValueError as exc:  # a domain rule the form did not anticipate
            show_error(
                self.general_error,
                QCoreApplication.translate("RecordForm", "Not saved: %1").replace("%1", str(exc)),
            )
            return
        except ArithmeticError:  # e.g. OverflowError: a number SQLite cannot store
            show_error(
                self.general_error,
                QCoreApplication.translate(
                    "RecordForm", "Not saved: a number is too large (amounts at most %1 yuan)."
                ).replace("%1", f"{MAX_AMOUNT_FEN // 100:,}"),
            )
            return
        self.accept()
