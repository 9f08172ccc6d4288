"""The import wizard's last pages: column mapping, errors and commit, the counts.

Contract: the mapping page appears only when the headers were not recognised; it
offers, for every required field of the chosen format, a combo of the file's headers
and reads the file again with that `mapping=`. The check page lists every row error
(row, column, value, message) and commits, on the thread pool, only a plan without
errors or with "skip invalid rows" ticked. The done page shows new / updated /
unchanged counts.

Threading: GUI thread only.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
)

from core.importers import PRESETS, InvalidImport
from core.importers.cells import normalize_key
from gui.dialogs._common import error_label, field_label, show_error
from gui.dialogs.import_models import ErrorModel
from gui.dialogs.import_pages import WizardPage, busy_bar, fixed_rows, preset_label
from gui.dialogs.import_state import CHECK, mapping_tuple


def field_title(preset_name: str, field: str, english: bool) -> str:
    """A field as the platform's export names it (the first Chinese header text)."""
    aliases = PRESETS[preset_name].column(field).aliases
    chinese = next((a for a in aliases if not a.isascii()), aliases[0])
    return f"{field} ({chinese})" if english else chinese


class MappingPage(WizardPage):
    def __init__(self, wizard: Any) -> None:
        super().__init__(wizard)
        self.setTitle(self.tr("Match the columns"))
        self.setSubTitle(
            self.tr(
                "The file's headers differ from the known formats. For each required field, "
                "choose the column of the file that holds it."
            )
        )
        self.preset_combo = QComboBox()
        for name in PRESETS:
            self.preset_combo.addItem(preset_label(name, wizard.english), name)
        self.preset_combo.currentIndexChanged.connect(self.on_preset_changed)
        self.form = QFormLayout()
        self.form.addRow(self.tr("The file is:"), self.preset_combo)
        self.combos: dict[str, QComboBox] = {}
        self.busy = busy_bar()
        self.error = error_label()
        note = QLabel(
            self.tr(
                "No matching column in the file? Go back and choose another file, or another "
                "kind of file above."
            )
        )
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(note)
        layout.addWidget(self.busy)
        layout.addWidget(self.error)
        layout.addStretch(1)
        wizard.read_changed.connect(self.on_read_changed)

    def headers(self) -> tuple[list[str], dict[str, str]]:
        """The file's header texts, and the first data row's value under each."""
        outcome = self.w.outcome
        details = outcome.error.details if outcome and outcome.error else {}
        index = int(details.get("header_row", 1) or 1) - 1
        rows = outcome.rows if outcome is not None else ()
        header_row = rows[index] if index < len(rows) else ()
        first = rows[index + 1] if index + 1 < len(rows) else ()
        samples = {h: first[i] for i, h in enumerate(header_row) if h and i < len(first)}
        headers = details.get("headers") or header_row
        return [h for h in headers if h], samples

    def initializePage(self) -> None:
        request = self.w.request
        details = self.w.outcome.error.details if self.w.outcome.error else {}
        preset = request.preset or details.get("preset") or "shopclock_orders"
        self.preset_combo.blockSignals(True)
        self.preset_combo.setCurrentIndex(self.preset_combo.findData(preset))
        self.preset_combo.blockSignals(False)
        self.build(dict(request.mapping))

    def on_preset_changed(self, _index: int) -> None:
        self.build({})

    def build(self, chosen: dict[str, str]) -> None:
        while self.form.rowCount() > 1:
            self.form.removeRow(1)
        self.combos = {}
        preset = PRESETS[self.preset_combo.currentData()]
        headers, samples = self.headers()
        by_key = {normalize_key(h): h for h in reversed(headers)}
        for field in preset.required:
            combo = QComboBox()
            combo.addItem(self.tr("(choose a column)"), None)
            for header in headers:
                sample = samples.get(header, "")
                if sample:
                    text = header + "    " + self.tr("e.g. %1").replace("%1", sample[:40])
                else:
                    text = header
                combo.addItem(text, header)
            guess = chosen.get(field) or next(
                (
                    by_key[k]
                    for k in map(normalize_key, preset.column(field).aliases)
                    if k in by_key
                ),
                None,
            )
            combo.setCurrentIndex(max(0, combo.findData(guess)))
            combo.currentIndexChanged.connect(self.on_combo_changed)
            self.form.addRow(field_label(field_title(preset.name, field, self.w.english)), combo)
            self.combos[field] = combo
        show_error(self.error, "")
        self.completeChanged.emit()

    def mapping(self) -> dict[str, str]:
        return {f: c.currentData() for f, c in self.combos.items() if c.currentData()}

    def on_combo_changed(self, _index: int) -> None:
        show_error(self.error, "")
        self.completeChanged.emit()

    def on_read_changed(self) -> None:
        if self.w.currentPage() is not self:
            return
        self.busy.setVisible(self.w.busy)
        error = self.w.outcome.error if self.w.outcome and not self.w.busy else None
        show_error(self.error, self.w.message(error) if error else "")
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return not self.w.busy and len(self.mapping()) == len(self.combos)

    def duplicate_column(self) -> str | None:
        """A column of the file chosen for two fields (each field needs its own)."""
        chosen = list(self.mapping().values())
        return next((c for c in chosen if chosen.count(c) > 1), None)

    def validatePage(self) -> bool:
        duplicate = self.duplicate_column()
        if duplicate is not None:
            message = self.tr('The column "%1" is chosen for more than one field.')
            show_error(self.error, message.replace("%1", duplicate))
            return False
        wanted = self.w.current_request(
            preset=self.preset_combo.currentData(), mapping=mapping_tuple(self.mapping())
        )
        if wanted != self.w.request or not self.w.up_to_date():
            self.w.start_read(wanted, advance=True)
            return False
        return self.w.plan is not None

    def nextId(self) -> int:
        return CHECK


class CheckPage(WizardPage):
    def __init__(self, wizard: Any) -> None:
        super().__init__(wizard)
        self.setTitle(self.tr("Check and import"))
        self.setCommitPage(True)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.view = QTableView()
        fixed_rows(self.view)
        self.advice = QLabel()
        self.advice.setWordWrap(True)
        self.skip = QCheckBox()
        self.skip.toggled.connect(self.completeChanged)
        self.busy = busy_bar()
        self.error = error_label()
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.advice)
        layout.addWidget(self.skip)
        layout.addWidget(self.busy)
        layout.addWidget(self.error)
        wizard.commit_finished.connect(self.on_commit_changed)

    def initializePage(self) -> None:
        plan = self.w.plan
        errors = plan.errors
        what = self.tr("orders") if plan.kind == "orders" else self.tr("after-sales cases")
        text = (
            self.tr("%1 data rows: %2 %3 can be imported.")
            .replace("%1", str(plan.rows_total))
            .replace("%2", str(plan.rows_valid))
            .replace("%3", what)
        )
        if errors:  # the plan lists the first errors only: say how many there are
            more = (
                self.tr("%1 problems in %2 rows were found:")
                if len(errors) == plan.errors_total
                else self.tr("%1 problems in %2 rows were found; only the first %3 are listed:")
            )
            for number, count in enumerate(
                (plan.errors_total, plan.rows_with_errors, len(errors)), start=1
            ):
                more = more.replace(f"%{number}", f"{count:,}")
        elif plan.rows_valid:
            more = self.tr("No problems were found.")
        else:
            more = self.tr("There is nothing to import.")
        # "%1 %2": English puts a space between sentences, Chinese does not.
        self.summary.setText(self.tr("%1 %2").replace("%1", text).replace("%2", more))
        if errors:
            self.advice.setText(
                self.tr(
                    "Correct the file and choose it again, or tick the box below to import "
                    "only the valid rows."
                )
                if plan.rows_valid
                else self.tr("No row can be imported. Correct the file and choose it again.")
            )
        self.advice.setVisible(bool(errors))
        self.model = ErrorModel(errors, self.w.english)
        self.view.setModel(self.model)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((70, 140, 150)):
            self.view.setColumnWidth(column, width)
        self.view.setVisible(bool(errors))
        self.skip.setText(
            self.tr("Skip the invalid rows and import only the %1 valid ones").replace(
                "%1", str(plan.rows_valid)
            )
        )
        self.skip.setChecked(False)
        self.skip.setVisible(bool(errors) and plan.rows_valid > 0)
        show_error(self.error, "")
        self.setSubTitle(
            self.tr("Nothing has been written yet. Import writes all rows at once, or none.")
        )

    def isComplete(self) -> bool:
        plan = self.w.plan
        if self.w.committing or plan is None or plan.rows_valid == 0:
            return False
        return not plan.errors or self.skip.isChecked()

    def validatePage(self) -> bool:
        if self.w.result is not None:
            return True
        self.w.start_commit(self.skip.isChecked())
        return False

    def on_commit_changed(self) -> None:
        self.busy.setVisible(self.w.committing)
        self.skip.setEnabled(not self.w.committing)
        exc = self.w.commit_error
        if isinstance(exc, InvalidImport):
            message = self.tr("The file has errors; nothing was imported.")
        elif exc is not None:
            message = self.tr("Import failed, nothing was written: %1").replace("%1", str(exc))
        else:
            message = ""
        show_error(self.error, message)
        self.completeChanged.emit()


class DonePage(WizardPage):
    def __init__(self, wizard: Any) -> None:
        super().__init__(wizard)
        self.setTitle(self.tr("Import finished"))
        self.setFinalPage(True)
        self.orders = QLabel()
        self.cases = QLabel()
        self.skipped = QLabel()
        layout = QVBoxLayout(self)
        for label in (self.orders, self.cases, self.skipped):
            layout.addWidget(label)
        layout.addStretch(1)

    def initializePage(self) -> None:
        result = self.w.result
        line = self.tr("%1: %2 new, %3 updated, %4 unchanged")
        for label, name, counts in (
            (
                self.orders,
                self.tr("Orders"),
                (result.orders_inserted, result.orders_updated, result.orders_unchanged),
            ),
            (
                self.cases,
                self.tr("After-sales cases"),
                (result.cases_inserted, result.cases_updated, result.cases_unchanged),
            ),
        ):
            text = line.replace("%1", name)
            for number, count in enumerate(counts, start=2):
                text = text.replace(f"%{number}", str(count))
            label.setText(text)
        skipped = self.w.plan.rows_with_errors
        self.skipped.setText(
            self.tr("%1 invalid rows were skipped.").replace("%1", str(skipped)) if skipped else ""
        )
        self.skipped.setVisible(bool(skipped))
