"""Dialogs must be freed by reference counting alone.

Python's cycle collector runs on whichever thread happens to allocate, and the dialogs'
jobs run Python on pool threads: a Qt widget caught in a reference cycle could be
deleted there, which crashes. So no dialog may sit in a cycle (or be kept alive by a
closure connected to its own children)."""

from __future__ import annotations

import gc
import weakref

import pytest

from gui.dialogs.about_dialog import AboutDialog
from gui.dialogs.export_dialog import ExportDialog
from gui.dialogs.import_state import DETECT
from gui.dialogs.import_wizard import ImportWizard
from gui.dialogs.record_editor import CaseEditor, OrderEditor
from gui.dialogs.settings_dialog import SettingsDialog


@pytest.fixture
def no_cycle_collector():
    gc.collect()
    gc.disable()
    yield
    gc.enable()


@pytest.mark.parametrize(
    "cls", [ImportWizard, OrderEditor, CaseEditor, SettingsDialog, ExportDialog, AboutDialog]
)
def test_a_closed_dialog_is_freed_without_the_cycle_collector(service, no_cycle_collector, cls):
    dialog = cls(service, None)
    ref = weakref.ref(dialog)
    del dialog
    assert ref() is None


def _wizard_after_a_read(qtbot, service, path) -> weakref.ref:
    wizard = ImportWizard(service, None)
    wizard.restart()
    wizard.set_path(path)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentId() == DETECT)
    wizard.next()
    return weakref.ref(wizard)


def test_a_wizard_that_read_a_file_is_freed_too(qtbot, service, tmp_path, no_cycle_collector):
    path = tmp_path / "orders.csv"
    path.write_text("订单号,用户实付金额(元),支付时间\n1,1.00,2024-03-01 10:00\n", "utf-8-sig")
    ref = _wizard_after_a_read(qtbot, service, path)
    qtbot.waitUntil(lambda: ref() is None)  # the job's queued deliveries let go first
