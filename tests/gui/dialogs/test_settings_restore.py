"""Settings → 数据: restore a backup (confirmed, atomic, undoable) and the last backup's time."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox, QWidget

from core.backups import list_backups
from core.storage import backup_now
from gui.dialogs.settings_dialog import SettingsDialog
from tests.core.factories import order
from tests.gui.dialogs.conftest import db_fingerprint


class Window(QWidget):
    """Stands in for the main window: counts refreshes."""

    def __init__(self) -> None:
        super().__init__()
        self.refreshed = 0

    def refresh(self) -> None:
        self.refreshed += 1


@pytest.fixture
def window(qtbot):
    w = Window()
    qtbot.addWidget(w)
    return w


@pytest.fixture
def dialog(qtbot, service, window):
    d = SettingsDialog(service, window)
    qtbot.addWidget(d)
    return d


def numbers(service) -> set[str]:
    return {o.order_no for o in service.repo.orders()}


def select(tab, path) -> None:
    for row in range(tab.backups.count()):
        item = tab.backups.item(row)
        if item.text().startswith(path.name):
            tab.backups.setCurrentItem(item)
            return
    raise AssertionError(f"{path.name} is not listed")


def test_restore_brings_back_the_old_data(qtbot, dialog, service, window, monkeypatch):
    service.repo.apply_import(orders=[order(order_no="OLD-1")], at=service.clock.now())
    taken = backup_now(service.db, now=datetime(2026, 3, 9, 18, 30, 5).astimezone())
    service.repo.apply_import(orders=[order(order_no="NEW-2")], at=service.clock.now())
    assert numbers(service) == {"OLD-1", "NEW-2"}
    tab = dialog.data
    tab.list_backups()
    assert tab.last_backup.text() == "最近一次备份：2026-03-09 18:30:05"
    assert not tab.restore_button.isEnabled(), "nothing selected yet"

    asked: list[str] = []

    def confirm(backup) -> bool:
        asked.append(f"{backup.taken:%Y-%m-%d %H:%M:%S}")
        return True

    monkeypatch.setattr(tab, "confirm_restore", confirm)
    select(tab, taken)
    assert tab.restore_button.isEnabled()
    with qtbot.waitSignal(dialog.data_restored, timeout=30_000) as restored:
        tab.restore_button.click()

    assert asked == ["2026-03-09 18:30:05"]
    assert numbers(service) == {"OLD-1"}
    safety = restored.args[0]
    assert safety.is_file()
    assert "pre-restore" in safety.name
    assert tab.backup_status.text() == f"已恢复。恢复前的数据已保存到 {safety}"
    assert window.refreshed == 1
    assert not dialog.shops.isEnabled(), "the other tabs show data from before the restore"
    kinds = [b.kind for b in list_backups(service.db.path.parent / "backups")]
    assert "pre-restore" in kinds

    dialog.buttons.accepted.emit()  # OK stores nothing from the stale tabs
    assert dialog.result() == SettingsDialog.DialogCode.Accepted
    assert numbers(service) == {"OLD-1"}


def test_the_confirmation_names_the_date_and_can_be_declined(qtbot, dialog, service):
    taken = backup_now(service.db, now=datetime(2026, 3, 1, 9, 0, 0).astimezone())
    tab = dialog.data
    tab.list_backups()
    select(tab, taken)
    seen: list[str] = []

    def answer() -> None:
        box = tab.findChild(QMessageBox)
        assert box is not None, "no confirmation shown"
        seen.append(box.text())
        cancel = next(b for b in box.buttons() if b.text() == "取消")
        cancel.click()

    before = db_fingerprint(service)
    QTimer.singleShot(0, answer)
    tab.restore_button.click()

    assert seen
    assert seen[0].startswith("要用 2026-03-01 09:00:00 的备份替换现在的全部数据吗？")
    assert db_fingerprint(service) == before
    assert tab.backup_status.text() == ""


def test_a_junk_file_is_refused_and_the_database_is_unchanged(qtbot, dialog, service):
    service.repo.apply_import(orders=[order(order_no="KEEP-1")], at=service.clock.now())
    folder = service.db.path.parent / "backups"
    folder.mkdir(exist_ok=True)
    junk = folder / "shopclock-20260301-090000-manual.sqlite3"
    junk.write_bytes(b"this is not a database\n" * 200)
    tab = dialog.data
    tab.list_backups()
    tab.confirm_restore = lambda backup: True
    select(tab, junk)
    before = db_fingerprint(service)

    tab.on_restore_clicked()
    qtbot.waitUntil(lambda: tab.backup_status.text().startswith("未恢复任何数据："), timeout=30_000)

    assert "不是售后时钟的数据库文件" in tab.backup_status.text()
    assert " / " not in tab.backup_status.text(), "only the UI language's half"
    assert db_fingerprint(service) == before
    assert numbers(service) == {"KEEP-1"}
    assert [b.kind for b in list_backups(folder)] == ["manual"], "no safety copy either"
    assert dialog.shops.isEnabled()
    assert tab.backup_button.isEnabled()


def test_last_backup_shows_none_then_the_new_one(qtbot, dialog):
    tab = dialog.data
    assert tab.last_backup.text() == "最近一次备份：还没有"
    tab.backup_button.click()
    qtbot.waitUntil(lambda: tab.backup_status.text().startswith("已备份到 "), timeout=30_000)
    assert tab.last_backup.text().startswith("最近一次备份：20")
    assert tab.backups.item(0).text().startswith("shopclock-")
