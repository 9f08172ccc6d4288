"""``ShopClock --smoke-test [--data-dir DIR] [--report FILE]``: prove a build works, then exit.

Contract: ``main(argv)`` checks, in order, that the bundle carries its data (tzdata,
chinesecalendar, translations, icons, QtNetwork), that every ``core`` and ``gui`` module
imports, that the database in DIR opens and migrates to head, that every rule pack loads
and validates, that the demo shop can be stored (only into an empty database) and yields
running timers, that ``gui.main_window.MainWindow`` shows offscreen and loads the
board, and that the start snapshot it leaves is painted by a window before its database
opens (the steps are in gui.smoke_checks). It prints one line per step and returns 0, or
1 with the reason (2 for bad arguments). The same report goes to ``--report FILE`` and
to ``DIR/smoke-report.txt``; a Windows build has no console, so read that file and the
exit code there. Without ``--data-dir`` a fresh temporary folder is used and removed
afterwards (kept, and named, when a step failed); a Windows build without a console then
writes ``ShopClock-smoke-report.txt`` in %TEMP% unless ``--report`` says where. Qt's
preferences go to an INI file inside DIR, never the user's.

zoneinfo is pointed at the bundled ``tzdata`` only (``reset_tzpath(to=[])``), as on
Windows, so a Linux run cannot pass by reading /usr/share/zoneinfo.

``arm_exit_after_show()`` is the start-up probe the benchmarks use: with
``SHOPCLOCK_EXIT_AFTER_SHOW=1`` the process prints ``WINDOW_SHOWN`` once the event
loop has run after the first window was shown, then quits (``=loaded``: waits for the
main window's board and prints ``BOARD_LOADED`` too).

Threading: the main thread; no Qt module is imported before ``main`` sets the
platform (offscreen unless ``--platform`` says otherwise).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from gui.smoke_checks import (
    Smoke,
    check_bundle,
    check_database,
    check_demo,
    check_modules,
    check_rules,
    check_start_snapshot,
    check_timers,
    check_window,
    wait_for_board,
)

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
REPORT_NAME = "smoke-report.txt"
DATA_DIR_ENV = "SHOPCLOCK_DATA_DIR"  # core.storage.engine reads it
EXIT_AFTER_SHOW_ENV = "SHOPCLOCK_EXIT_AFTER_SHOW"


# -- running ----------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="ShopClock --smoke-test", description=__doc__.split("\n")[0])
    p.add_argument("--smoke-test", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--data-dir", help="database folder (default: a new temporary folder)")
    p.add_argument("--report", help="also write the report to this file")
    p.add_argument("--platform", default="offscreen", help="Qt platform (default offscreen)")
    return p


def _header() -> str:
    import platform

    import core

    kind = "frozen" if getattr(sys, "frozen", False) else "source"
    return (
        f"ShopClock {core.__version__} smoke test ({kind}), Python "
        f"{platform.python_version()}, {platform.system()} {platform.machine()}"
    )


def _isolate_qt(smoke: Smoke, qt_platform: str) -> None:
    """Create the QApplication with preferences inside the data folder; log Qt's messages."""
    os.environ["QT_QPA_PLATFORM"] = qt_platform
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import QSettings, QtMsgType, qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    from gui import settings

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(smoke.data_dir / "qsettings")
    )

    def on_message(kind: QtMsgType, _context: object, message: str) -> None:
        if kind != QtMsgType.QtDebugMsg and kind != QtMsgType.QtInfoMsg:
            smoke.qt_messages.append(f"{kind.name}: {message}")

    qInstallMessageHandler(on_message)
    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setOrganizationName(settings.ORGANISATION)
    app.setApplicationName(settings.APPLICATION)
    smoke.ctx["app"] = app
    smoke.ctx["qt"] = f"PySide6 {pyside_version}, platform {app.platformName()}"


def run_smoke(data_dir: Path, qt_platform: str = "offscreen") -> Smoke:
    os.environ[DATA_DIR_ENV] = str(data_dir)
    smoke = Smoke(data_dir)
    smoke.run("qt", lambda: (_isolate_qt(smoke, qt_platform), smoke.ctx["qt"])[1])
    smoke.run("bundle", check_bundle, needs=["qt"])
    smoke.run("modules", check_modules, needs=["qt"])
    smoke.run("database", lambda: check_database(smoke))
    smoke.run("rules", lambda: check_rules(smoke))
    smoke.run("demo", lambda: check_demo(smoke), needs=["database", "rules"])
    smoke.run("timers", lambda: check_timers(smoke), needs=["demo"])
    smoke.run("window", lambda: check_window(smoke), needs=["qt", "timers"])
    smoke.run("start snapshot", lambda: check_start_snapshot(smoke), needs=["window"])
    if "service" in smoke.ctx:
        smoke.ctx["service"].close()
    elif "db" in smoke.ctx:
        smoke.ctx["db"].close()
    return smoke


def format_report(smoke: Smoke, seconds: float) -> str:
    lines = [_header()]
    lines += [
        f"{s.status:<4}  {s.name:<8}  {s.detail}"
        + (f"  ({s.ms:.0f} ms)" if s.status != "skip" else "")
        for s in smoke.steps
    ]
    lines += [f"      Qt said: {m}" for m in smoke.qt_messages]
    failed = [s for s in smoke.steps if s.status == "FAIL"]
    if smoke.ok:
        lines.append(f"SMOKE OK in {seconds:.1f} s")
    else:
        reason = failed[0] if failed else next(s for s in smoke.steps if s.status != "ok")
        lines.append(f"SMOKE FAILED at {reason.name}: {reason.detail}")
    return "\n".join(lines) + "\n"


def _write(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as err:
        print(f"cannot write the report to {path}: {err}", file=sys.stderr)


def _no_console() -> bool:
    """A windowed Windows build: stdout is None, or os.devnull set by the frozen entry."""
    out = sys.stdout
    return os.name == "nt" and (out is None or getattr(out, "name", "") == os.devnull)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        options = _parser().parse_args(sys.argv[1:] if argv is None else argv)
    except SystemExit as exit_:
        return EXIT_OK if exit_.code == 0 else EXIT_USAGE
    started = time.perf_counter()
    temporary = options.data_dir is None
    if temporary:
        data_dir = Path(tempfile.mkdtemp(prefix="shopclock-smoke-"))
    else:
        data_dir = Path(options.data_dir).expanduser().resolve()
        data_dir.mkdir(parents=True, exist_ok=True)
    smoke = run_smoke(data_dir, options.platform)
    report = format_report(smoke, time.perf_counter() - started)
    if temporary and smoke.ok:
        shutil.rmtree(data_dir, ignore_errors=True)
    else:
        if temporary:
            report += f"data kept in {data_dir}\n"
        _write(data_dir / REPORT_NAME, report)
    report_file = options.report
    if report_file is None and temporary and _no_console():
        report_file = Path(tempfile.gettempdir()) / f"ShopClock-{REPORT_NAME}"
    if report_file:
        _write(Path(report_file).expanduser(), report)
    stream = sys.stdout if smoke.ok else sys.stderr
    if stream is not None:  # None in a Windows build without a console
        stream.write(report)
        stream.flush()
    return EXIT_OK if smoke.ok else EXIT_FAILED


# -- start-up probe for the benchmarks --------------------------------------------------


def arm_exit_after_show() -> None:
    """With SHOPCLOCK_EXIT_AFTER_SHOW set, report the first shown window and quit.

    Hooks ``QApplication.exec`` (a static method in PySide6): the window is shown
    before the loop starts, so the first zero-timer tick after ``exec`` is the first
    event-loop turn with the window on screen. Does nothing when the variable is unset.
    """
    mode = os.environ.get(EXIT_AFTER_SHOW_ENV, "")
    if mode not in ("1", "loaded"):
        return
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    original = QApplication.exec

    def mark(text: str) -> None:
        print(text, flush=True)

    def on_first_turn() -> None:
        shown = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        mark(f"WINDOW_SHOWN {shown[0].metaObject().className() if shown else 'none'}")

        def close_all() -> None:  # closeEvent stops the worker thread; the loop then ends
            for window in shown:
                window.close()
            QApplication.quit()

        main = next((w for w in shown if hasattr(w, "loaded_once")), None)
        if mode == "loaded" and main is not None:
            failure = wait_for_board(main)
            mark(f"BOARD_FAILED {failure}" if failure else "BOARD_LOADED")
        close_all()

    def exec_and_mark(*_args: object) -> int:
        QTimer.singleShot(0, on_first_turn)
        return original()

    QApplication.exec = exec_and_mark  # type: ignore[method-assign]


if __name__ == "__main__":
    raise SystemExit(main())
