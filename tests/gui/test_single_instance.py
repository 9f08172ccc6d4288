"""One ShopClock per database: a real second launch brings the first forward and exits 0;
a lock left by a killed ShopClock is recovered; a holder that does not answer is reported."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from core.service import Service
from gui import app as gui_app
from gui import single_instance as si
from gui import tray
from gui.main_window import MainWindow
from gui.notifier import RecordingNotifier
from tests.core.factories import case, order, sh

HOLD = """
import sys, time
from pathlib import Path
from PySide6.QtCore import QCoreApplication
from gui.single_instance import claim
app = QCoreApplication([])
primary = claim(Path(sys.argv[1]))
print("LOCKED" if primary is not None else "SECOND", flush=True)
time.sleep(120)  # holds the lock without running an event loop: it never answers
"""


def _env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        HOME=str(tmp_path / "home"),  # the child's QSettings and config stay in tmp
        XDG_CONFIG_HOME=str(tmp_path / "home" / ".config"),
        SHOPCLOCK_DATA_DIR=str(tmp_path / "data"),
    )
    return env


def _hold(tmp_path: Path, db: Path) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(db)],
        stdout=subprocess.PIPE,
        text=True,
        env=_env(tmp_path),
    )
    assert proc.stdout.readline().strip() == "LOCKED"
    return proc


def test_server_name_is_per_user_and_per_database(tmp_path, monkeypatch):
    a = si.server_name(tmp_path / "a" / "shopclock.sqlite3")
    assert a == si.server_name(tmp_path / "a" / ".." / "a" / "shopclock.sqlite3")
    assert a != si.server_name(tmp_path / "b" / "shopclock.sqlite3")
    monkeypatch.setattr(si.getpass, "getuser", lambda: "someone-else")
    assert a != si.server_name(tmp_path / "a" / "shopclock.sqlite3")
    assert a.startswith("ShopClock-")
    assert len(a) < 40  # Unix socket paths are short


def test_messages_round_trip():
    assert si.decode(si.encode("raise")) == ("raise", "")
    assert si.decode(si.encode("raise", "AS 1\n2")) == ("raise", "AS 1 2")


def test_a_second_launch_raises_the_first_window_and_exits_0(tmp_path, qtbot, zh, qapp):
    data = tmp_path / "data"
    db = data / "shopclock.sqlite3"
    primary = si.claim(db)
    assert primary is not None
    service = Service.open(db)
    window = MainWindow(service, "zh_CN")
    qtbot.addWidget(window)
    tray.install(window, available=False, notifier=RecordingNotifier())
    received = []
    primary.received.connect(lambda c, a: received.append((c, a)))
    primary.received.connect(lambda c, a: gui_app.on_message(window, c, a))
    assert not window.isVisible()  # e.g. closed to the tray
    try:
        child = subprocess.Popen(
            [sys.executable, "-m", "gui.main", "--data-dir", str(data)],
            env=_env(tmp_path),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        qtbot.waitUntil(lambda: child.poll() is not None, timeout=60_000)
        assert child.returncode == 0, child.stderr.read().decode()
        assert received == [("raise", "")]
        assert window.isVisible()
        log = (data / "logs" / "shopclock.log").read_text("utf-8")
        assert "already runs" in log  # the second process logged and left
    finally:
        window.quit_app()
        service.close()
        primary.release()


def test_a_second_launch_with_a_case_number_opens_it(tmp_path, qtbot, zh, qapp):
    data = tmp_path / "data"
    db = data / "shopclock.sqlite3"
    primary = si.claim(db)
    service = Service.open(db)
    service.save_manual(
        orders=[order(shipped_at="2026-03-03 10:00")], cases=[case()], at=sh("2026-03-10 09:00")
    )
    window = MainWindow(service, "zh_CN")
    qtbot.addWidget(window)
    primary.received.connect(lambda c, a: gui_app.on_message(window, c, a))
    try:
        child = subprocess.Popen(
            [sys.executable, "-m", "gui.main", "--data-dir", str(data), "--case", "AS-0001"],
            env=_env(tmp_path),
        )
        qtbot.waitUntil(lambda: child.poll() is not None, timeout=60_000)
        assert child.returncode == 0
        qtbot.waitUntil(lambda: window.panel.case is not None, timeout=5_000)
        assert window.panel.case.case.case_no == "AS-0001"
        assert window.isVisible()
    finally:
        window.quit_app()
        service.close()
        primary.release()


def test_a_lock_left_by_a_killed_shopclock_is_recovered(tmp_path, qapp):
    db = tmp_path / "data" / "shopclock.sqlite3"
    holder = _hold(tmp_path, db)
    try:
        with pytest.raises(si.Busy):  # alive, but its event loop never answers
            si.claim(db, answer_ms=1_000)
    finally:
        holder.kill()  # SIGKILL: no clean-up, the lock file stays
        holder.wait()
    assert si.lock_path(db).exists()
    primary = si.claim(db, answer_ms=1_000)
    assert primary is not None
    assert primary.server.isListening()  # the killed server's socket file was replaced
    primary.release()
    assert not si.lock_path(db).exists()


def test_an_unreadable_lock_file_is_removed(tmp_path, qapp):
    db = tmp_path / "shopclock.sqlite3"
    si.lock_path(db).write_bytes(b"")  # a power cut while the lock was written
    primary = si.claim(db, answer_ms=300)
    assert primary is not None
    primary.release()


def test_db_path_for_the_lock(tmp_path, monkeypatch):
    from argparse import Namespace

    monkeypatch.setenv("SHOPCLOCK_DATA_DIR", str(tmp_path / "d"))
    assert gui_app.db_path(Namespace(db=None)) == tmp_path / "d" / "shopclock.sqlite3"
    assert gui_app.db_path(Namespace(db=str(tmp_path / "x.db"))) == tmp_path / "x.db"
    assert gui_app.db_path(Namespace(db=f"sqlite:///{tmp_path}/y.db")) == tmp_path / "y.db"
    assert gui_app.db_path(Namespace(db="postgresql://u@h/shop")) is None
    assert gui_app.data_dir(Namespace(db=str(tmp_path / "x.db"))) == tmp_path
