"""`shopclock`: subcommands go to core.cli without Qt; no arguments start the window."""

import subprocess
import sys

import pytest

from gui.main import is_gui


@pytest.mark.parametrize(
    ("argv", "gui"),
    [
        ([], True),
        (["--db", "x.sqlite3"], True),
        (["--db=x.sqlite3", "--lang", "en"], True),
        (["--data-dir", "/tmp/d"], True),
        (["due"], False),
        (["--db", "x.sqlite3", "due", "--within", "2h"], False),
        (["demo"], False),
        (["--help"], False),
        (["--db"], False),
    ],
)
def test_which_arguments_start_the_window(argv, gui):
    assert is_gui(argv) is gui


def _run(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)


def test_importing_gui_main_imports_no_qt():
    result = _run(
        "import sys, gui, gui.main\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6')]\n"
        "assert not bad, bad\n"
    )
    assert result.returncode == 0, result.stderr


def test_a_subcommand_runs_the_command_line_without_qt(tmp_path):
    db = tmp_path / "cli.sqlite3"
    result = _run(
        "import sys\n"
        "from gui.main import main\n"
        f"code = main(['--db', {str(db)!r}, 'due'])\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6')]\n"
        "assert not bad, bad\n"
        "raise SystemExit(code)\n"
    )
    assert result.returncode == 0, result.stderr
    assert db.exists()


def test_the_window_starts_without_automatic_collection_until_its_worker(tmp_path):
    """core.gcpause: off while the modules are imported; on, with start-up's objects
    frozen, before the window makes its worker thread (a thread that found it off
    would leave it off)."""
    result = _run(
        "import gc, os, sys, threading\n"
        "os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
        f"os.environ['XDG_CONFIG_HOME'] = {str(tmp_path / 'config')!r}\n"
        "import gui.main as gm\n"
        "seen = {}\n"
        "preload = gm.preload_core\n"
        "def preload_core():\n"
        "    preload()\n"
        "    seen['importing'] = gc.isenabled()  # the imports done, still off\n"
        "gm.preload_core = preload_core\n"
        "from PySide6.QtWidgets import QApplication\n"
        "import gui.main_window as mw\n"
        "init = mw.MainWindow.__init__\n"
        "def window(self, *args, **kwargs):\n"
        "    seen['window'] = (gc.isenabled(), gc.get_freeze_count() > 0,\n"
        "                      threading.active_count())\n"
        "    init(self, *args, **kwargs)\n"
        "mw.MainWindow.__init__ = window\n"
        "QApplication.exec = staticmethod(lambda *a: 0)\n"
        f"code = gm.main(['--data-dir', {str(tmp_path / 'data')!r}])\n"
        "assert seen == {'importing': False, 'window': (True, True, 1)}, seen\n"
        "assert gc.isenabled()\n"
        "raise SystemExit(code)\n"
    )
    assert result.returncode == 0, result.stderr
