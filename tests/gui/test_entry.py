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
