"""Start-up wiring: --smoke-test first, the new window flags, the Windows AppUserModelID,
and a whole start in a child process (logging in the data folder, the daily backup on
the worker, the lock released at the end)."""

from __future__ import annotations

import os
import subprocess
import sys
import types

import pytest

from gui import app as gui_app
from gui import main as gui_main


@pytest.mark.parametrize(
    ("argv", "gui"),
    [
        (["--minimized"], True),
        (["--data-dir", "/d", "--minimized", "--case", "AS-1"], True),
        (["--case=AS-1"], True),
        (["--case"], False),
    ],
)
def test_window_flags(argv, gui):
    assert gui_main.is_gui(argv) is gui


def test_smoke_test_goes_first(monkeypatch):
    from gui import smoke

    seen = []
    monkeypatch.setattr(smoke, "main", lambda args: seen.append(args) or 7)
    assert gui_main.main(["due", "--smoke-test", "--data-dir", "x"]) == 7
    assert seen == [["due", "--smoke-test", "--data-dir", "x"]]


def test_app_user_model_id_only_on_windows(monkeypatch):
    assert gui_app.set_app_user_model_id() is False  # not Windows: nothing to do
    calls = []
    shell32 = types.SimpleNamespace(
        SetCurrentProcessExplicitAppUserModelID=lambda app_id: calls.append(app_id) or 0
    )
    import ctypes

    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(ctypes, "windll", types.SimpleNamespace(shell32=shell32), raising=False)
    assert gui_app.set_app_user_model_id() is True
    assert calls == ["ShopClock.ShopClock"]


def test_a_whole_start_and_quit(tmp_path):
    data = tmp_path / "data"
    shot = tmp_path / "shot.png"
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        HOME=str(tmp_path / "home"),
        XDG_CONFIG_HOME=str(tmp_path / "home" / ".config"),
    )
    env.pop("SHOPCLOCK_DATA_DIR", None)
    done = subprocess.run(
        [sys.executable, "-m", "gui.main", "--data-dir", str(data), "--screenshot", str(shot)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert shot.stat().st_size > 5_000
    log = (data / "logs" / "shopclock.log").read_text("utf-8")
    assert "Traceback" not in log
    assert "WARNING qt:" not in done.stderr  # no basicConfig console logging any more
    backups = list((data / "backups").glob("*daily*"))
    assert backups, sorted(p.name for p in (data / "backups").iterdir())
    assert not (data / "shopclock.sqlite3.lock").exists()  # released at exit
