"""Fixtures for the dialog tests: a real SQLite service on a fake clock, the Chinese
catalogue installed, and no background job left running after a test."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QSettings

from core.service import Service
from gui.dialogs import install_translator
from gui.dialogs._common import wait_for_jobs
from tests.fakes import FakeClock

NOW = datetime(2026, 3, 10, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai


@pytest.fixture
def clock():
    return FakeClock(NOW)


@pytest.fixture
def service(tmp_path, clock, qapp):
    svc = Service.open(tmp_path / "t.sqlite3", clock=clock)
    yield svc
    assert wait_for_jobs(), "a background job did not finish"
    svc.close()


@pytest.fixture(autouse=True)
def private_qsettings(tmp_path):
    """QSettings (the window's language) go to a temp folder, never the user's."""
    previous = QSettings.defaultFormat()
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    yield tmp_path
    QSettings.setDefaultFormat(previous)


@pytest.fixture(autouse=True)
def chinese(qapp):
    translator = install_translator("zh_CN")
    assert translator is not None, "resources/translations/shopclock_dialogs_zh_CN.qm missing"
    yield translator
    qapp.removeTranslator(translator)


def db_fingerprint(service: Service) -> str:
    """sha256 over the database file and its write-ahead log (writes land there first)."""
    digest = hashlib.sha256()
    path = service.db.path
    for part in (path, path.with_name(path.name + "-wal")):
        digest.update(part.read_bytes() if part.exists() else b"-")
    return digest.hexdigest()
