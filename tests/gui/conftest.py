"""Fixtures for the window tests: offscreen Qt (tests/conftest.py), QSettings in a
temp folder, a real SQLite database on a FakeClock, display in Shanghai time."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QSettings

from core.service import Service
from gui import fmt
from tests.fakes import FakeClock

NOW = datetime(2026, 3, 10, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai, a Tuesday


@pytest.fixture(scope="session", autouse=True)
def private_settings(tmp_path_factory):
    """Never touch the user's settings: IniFormat files in a temp folder."""
    folder = tmp_path_factory.mktemp("qsettings")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
        QSettings.setPath(QSettings.Format.IniFormat, scope, str(folder))
    return folder


@pytest.fixture(scope="session", autouse=True)
def shanghai_display():
    fmt.set_display_zone(ZoneInfo("Asia/Shanghai"))
    yield
    fmt.set_display_zone(None)


@pytest.fixture
def clock():
    return FakeClock(NOW)


@pytest.fixture
def service(tmp_path, clock):
    svc = Service.open(tmp_path / "t.sqlite3", clock=clock)
    yield svc
    svc.close()


@pytest.fixture
def demo_service(service, clock):
    from core import demo

    demo.populate(service, clock.now())
    return service


@pytest.fixture
def zh(qapp):
    """The Chinese catalogue of the main window (resources/translations)."""
    from gui.app import install_translators

    installed = install_translators(qapp, "zh_CN")
    yield installed
    for translator in installed:
        qapp.removeTranslator(translator)


# The offscreen platform plugin says this whenever a top-level window is shown; it is
# about the test platform, not about ShopClock (a real display never says it).
OFFSCREEN_NOISE = r"This plugin does not support propagateSizeHints\(\)"


def pytest_collection_modifyitems(items):
    here = __file__.rsplit("/", 1)[0]
    for item in items:
        if str(item.fspath).startswith(here):
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))
