"""Import a platform export (CSV / XLSX): file → detected format → preview → column
mapping (only for unknown headers) → errors and commit → counts.

Contract: `ImportWizard(service, parent).exec()`. Reading and validating the file
(`core.importers.read_file`) and committing (`Service.import_plan`, which pins the
rule-pack version) run on the thread pool while a busy bar shows; pages react to
`read_changed` / `commit_finished`. Nothing is written before the commit on the check
page, so Cancel on any earlier page writes nothing, and Cancel is refused while the
commit runs. A plan with row errors commits only with "skip invalid rows" ticked.
After the commit `.result` holds the ImportResult (new / updated / unchanged orders
and cases), and closing the wizard in any way returns Accepted, so the caller
refreshes. Row errors and file errors are shown in Chinese, or in English when the
app runs in English.

Threading: GUI thread; each read carries a serial so a superseded read is ignored.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget, QWizard

from core.importers import FileError, ImportPlan
from core.storage import ImportResult
from gui.dialogs._common import is_english, run_job
from gui.dialogs.import_check import CheckPage, DonePage, MappingPage
from gui.dialogs.import_pages import DetectPage, FilePage, PreviewPage
from gui.dialogs.import_state import CHECK, MAPPABLE, ReadOutcome, ReadRequest, read_job


class ImportWizard(QWizard):
    read_changed = Signal()  # a read started or finished (see .busy / .outcome / .file_error)
    commit_finished = Signal()

    def __init__(self, service: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.english = is_english()
        self.request: ReadRequest | None = None
        self.outcome: ReadOutcome | None = None
        self.file_error: FileError | None = None
        self.busy = False
        self.committing = False
        self.result: ImportResult | None = None
        self.commit_error: BaseException | None = None
        self._serial = 0
        self._advance_from: int | None = None

        self.setWindowTitle(self.tr("Import orders or after-sales cases"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("Next >"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("< Back"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("Cancel"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("Finish"))
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("Import"))
        self.file_page = FilePage(self)
        self.detect_page = DetectPage(self)
        self.preview_page = PreviewPage(self)
        self.mapping_page = MappingPage(self)
        self.check_page = CheckPage(self)
        self.done_page = DonePage(self)
        for page_id, page in enumerate(
            (
                self.file_page,
                self.detect_page,
                self.preview_page,
                self.mapping_page,
                self.check_page,
                self.done_page,
            )
        ):
            self.setPage(page_id, page)
        self.resize(820, 600)

    # -- state --------------------------------------------------------------------------

    @property
    def plan(self) -> ImportPlan | None:
        return self.outcome.plan if self.outcome else None

    def message(self, error: Any) -> str:
        """A FileError's or RowError's sentence in the UI language."""
        return error.message_en if self.english else error.message_zh

    def needs_mapping(self) -> bool:
        error = self.outcome.error if self.outcome else None
        return error is not None and error.code in MAPPABLE

    def current_request(self, **changes: Any) -> ReadRequest | None:
        """The read the pages ask for now (the file page's path, the detect page's
        preset and shop, the mapping page's mapping)."""
        if self.request is None:
            return None
        values = {
            "path": self.request.path,
            "preset": self.request.preset,
            "shop": self.request.shop,
            "platform": self.request.platform,
            "mapping": self.request.mapping,
        }
        values.update(changes)
        return ReadRequest(**values)

    def set_path(self, path: Path | str) -> None:
        """Choose the file (the file page's button, a drop, or a test)."""
        self.request = ReadRequest(Path(path))
        self.outcome = None
        self.file_error = None
        self.read_changed.emit()

    def up_to_date(self) -> bool:
        return self.outcome is not None and self.outcome.request == self.request

    # -- reading ------------------------------------------------------------------------

    def start_read(self, request: ReadRequest | None = None, *, advance: bool = False) -> None:
        """Read (again) with `request`; with advance, go to the next page when it worked."""
        if request is not None:
            self.request = request
        if self.request is None:
            return
        self._serial += 1
        self.busy = True
        self.file_error = None
        self._advance_from = self.currentId() if advance else None
        serial, request_now = self._serial, self.request
        run_job(lambda: read_job(serial, request_now), self.on_read_done, self.on_read_failed)
        self.read_changed.emit()

    def on_read_done(self, result: tuple[int, ReadOutcome]) -> None:
        serial, outcome = result
        if serial != self._serial:
            return  # superseded by a newer read
        self.busy = False
        self.outcome = outcome
        self.read_changed.emit()
        self._maybe_advance()

    def on_read_failed(self, exc: BaseException) -> None:
        self.busy = False
        self.outcome = None
        self._advance_from = None
        if isinstance(exc, FileError):
            self.file_error = exc
        else:  # a bug or an OS problem: still shown, never an unhandled exception
            self.file_error = FileError("unexpected", str(exc), str(exc))
        self.read_changed.emit()

    def _maybe_advance(self) -> None:
        origin, self._advance_from = self._advance_from, None
        if origin is not None and origin == self.currentId():
            self.next()

    # -- committing ---------------------------------------------------------------------

    def start_commit(self, skip_invalid: bool) -> None:
        plan = self.plan
        if plan is None or self.committing:
            return
        self.committing = True
        self.commit_error = None
        self.button(QWizard.WizardButton.CancelButton).setEnabled(False)
        service, at = self.service, self.service.clock.now()
        run_job(
            lambda: service.import_plan(plan, skip_invalid=skip_invalid, at=at),
            self.on_commit_done,
            self.on_commit_failed,
        )
        self.commit_finished.emit()

    def on_commit_done(self, result: ImportResult) -> None:
        self.committing = False
        self.result = result
        self.button(QWizard.WizardButton.CancelButton).setEnabled(True)
        self.commit_finished.emit()
        if self.currentId() == CHECK:
            self.next()

    def on_commit_failed(self, exc: BaseException) -> None:
        self.committing = False
        self.commit_error = exc
        self.button(QWizard.WizardButton.CancelButton).setEnabled(True)
        self.commit_finished.emit()

    def reject(self) -> None:
        if self.committing:  # a running commit finishes or rolls back on its own
            return
        if self.result is not None:  # closed after importing: the caller must refresh
            self.accept()
            return
        super().reject()
