"""``ShopClock --smoke-test [--data-dir DIR] [--report FILE]``: prove a build works, then exit.

Contract: ``main(argv)`` checks, in order, that the bundle carries its data (tzdata,
chinesecalendar, translations, icons, QtNetwork), that every ``core`` and ``gui``
module imports, that the database in DIR opens and migrates to head, that every rule
pack loads and validates, that the demo shop can be stored (only into an empty
database) and yields running timers, and that ``gui.main_window.MainWindow`` shows
offscreen and loads the board. It prints one line per step and returns 0, or 1 with
the reason (2 for bad arguments). The same report goes to ``--report FILE`` and to
``DIR/smoke-report.txt``; a Windows build has no console, so read that file and the
exit code there. Without ``--data-dir`` a fresh temporary folder is used and removed
afterwards (kept, and named, when a step failed); a Windows build without a console
then writes ``ShopClock-smoke-report.txt`` in %TEMP% unless ``--report`` says where.
Qt's preferences go to an INI file inside DIR, never the user's.

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
import pkgutil
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import import_module
from importlib.resources import files
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
REPORT_NAME = "smoke-report.txt"
WINDOW_TIMEOUT_MS = 60_000
LANG = "zh_CN"
DATA_DIR_ENV = "SHOPCLOCK_DATA_DIR"  # core.storage.engine reads it
EXIT_AFTER_SHOW_ENV = "SHOPCLOCK_EXIT_AFTER_SHOW"
ICON_SUFFIXES = (".png", ".ico", ".icns", ".svg")
NOT_IMPORTED = ("core.storage.migrations",)  # Alembic runs these by file path


@dataclass
class Step:
    name: str
    status: str  # "ok" | "FAIL" | "skip"
    detail: str
    ms: float = 0.0


@dataclass
class Smoke:
    """Runs the steps, remembers what they produced, collects the report."""

    data_dir: Path
    steps: list[Step] = field(default_factory=list)
    qt_messages: list[str] = field(default_factory=list)
    ctx: dict[str, Any] = field(default_factory=dict)

    def run(self, name: str, check: Callable[[], str], needs: Sequence[str] = ()) -> None:
        failed = [s.name for s in self.steps if s.name in needs and s.status != "ok"]
        if failed:
            self.steps.append(Step(name, "skip", f"needs {', '.join(failed)}"))
            return
        start = time.perf_counter()
        try:
            detail, status = check(), "ok"
        except Exception as err:  # any failure is this step's result, named in the report
            frames = traceback.extract_tb(err.__traceback__)[-3:]
            where = " <- ".join(f"{Path(f.filename).name}:{f.lineno}" for f in reversed(frames))
            detail, status = f"{type(err).__name__}: {err} [{where}]", "FAIL"
        self.steps.append(Step(name, status, detail, (time.perf_counter() - start) * 1000))

    @property
    def ok(self) -> bool:
        return all(s.status == "ok" for s in self.steps)


# -- the steps --------------------------------------------------------------------------


def check_bundle() -> str:
    """Data files the code finds through importlib.resources, Qt and the packages."""
    import zoneinfo
    from datetime import date, datetime, timedelta

    import chinese_calendar
    from chinese_calendar.constants import holidays
    from PySide6.QtCore import QLibraryInfo, QTranslator
    from PySide6.QtNetwork import QLocalServer  # single-instance; keep QtNetwork

    zoneinfo.reset_tzpath(to=[])  # bundled tzdata only, as on Windows
    shanghai = zoneinfo.ZoneInfo.no_cache("Asia/Shanghai")
    offset = datetime(2026, 1, 1, tzinfo=shanghai).utcoffset()
    if offset != timedelta(hours=8):
        raise RuntimeError(f"Asia/Shanghai from tzdata has offset {offset}")
    first, last = min(holidays).year, max(holidays).year
    if not chinese_calendar.is_holiday(date(2024, 10, 1)):
        raise RuntimeError("chinesecalendar does not know National Day 2024")

    resources = Path(str(files("resources")))
    ours = sorted(resources.glob("translations/*.qm"))
    if not ours:
        raise FileNotFoundError(f"no translations (*.qm) in {resources / 'translations'}")
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    catalogues = [(p.stem, str(p.parent)) for p in ours] + [(f"qtbase_{LANG}", qt_dir)]
    for name, folder in catalogues:
        if not QTranslator().load(name, folder):
            raise FileNotFoundError(f"translation {name} does not load from {folder}")
    icons = sorted(p for p in resources.glob("icons/**/*") if p.suffix in ICON_SUFFIXES)
    empty = [p.name for p in icons if p.stat().st_size == 0]
    if not (resources / "icons" / "shopclock.png").is_file() or empty:
        raise FileNotFoundError(f"icons missing or empty in {resources / 'icons'}: {empty}")
    rules = sorted(p.name for p in resources.glob("rules/**/*.toml"))
    bundle = getattr(sys, "_MEIPASS", None)  # a frozen build's folder of libraries and data
    if bundle:
        dangling = [p for p in Path(bundle).rglob("*") if p.is_symlink() and not p.exists()]
        if dangling:
            raise FileNotFoundError(f"dangling links in the bundle: {dangling[:5]}")
    return (
        f"tzdata Asia/Shanghai; chinesecalendar {chinese_calendar.__version__} "
        f"{first}-{last}; {len(rules)} rule files; translations "
        f"{', '.join(n for n, _ in catalogues)}; {len(icons)} icon files; "
        f"QtNetwork {QLocalServer.__name__}"
    )


def check_modules() -> str:
    """Import every core and gui module: a lazily imported one missing from a frozen
    build (the dialogs are imported by name) fails here, not in front of a user."""
    names: list[str] = []
    for package in ("core", "gui"):
        root = import_module(package)
        for info in pkgutil.walk_packages(root.__path__, f"{package}."):
            if info.name.startswith(NOT_IMPORTED) or info.name == __name__:
                continue
            import_module(info.name)
            names.append(info.name)
    if len(names) < 10:
        raise RuntimeError(f"only {len(names)} modules found: {names}")
    return f"{len(names)} modules"


def check_database(smoke: Smoke) -> str:
    from alembic.migration import MigrationContext
    from alembic.script import ScriptDirectory

    from core.storage import default_db_path, open_database
    from core.storage.migrate import alembic_config

    db = open_database(default_db_path())
    smoke.ctx["db"] = db
    script = ScriptDirectory.from_config(alembic_config())
    heads = set(script.get_heads())
    with db.engine.connect() as conn:
        current = set(MigrationContext.configure(conn).get_current_heads())
    if current != heads:
        raise RuntimeError(f"database at {sorted(current)}, migrations' head is {sorted(heads)}")
    count = len(list(script.walk_revisions()))
    return f"{db.path} at revision {', '.join(sorted(current))} (head of {count})"


def check_rules(smoke: Smoke) -> str:
    from core.rules.loader import default_rules_dir, load_rulebook

    book = load_rulebook()
    smoke.ctx["book"] = book
    packs = [f"{p.platform.value} {p.version} ({len(p.rules)} rules)" for p in book.packs()]
    if not packs:
        raise RuntimeError(f"no rule packs in {default_rules_dir()}")
    return "; ".join(packs)


def check_demo(smoke: Smoke) -> str:
    from core import demo
    from core.service import Service

    service = Service(smoke.ctx["db"], book=smoke.ctx["book"])
    smoke.ctx["service"] = service
    before = service.repo.counts()
    if before["orders"] or before["cases"]:
        return f"existing data kept: {before['orders']} orders, {before['cases']} cases"
    demo.populate(service)
    after = service.repo.counts()
    return f"demo stored: {after['shops']} shops, {after['orders']} orders, {after['cases']} cases"


def check_timers(smoke: Smoke) -> str:
    service = smoke.ctx["service"]
    board = service.board()
    running = [t for t in board.timers if not t.informational]
    if not running:
        raise RuntimeError(f"no running timers for {len(board.cases)} cases")
    now = service.clock.now()
    soonest = min((t for t in running if t.due_at > now), key=lambda t: t.due_at, default=None)
    due = ""
    if soonest is not None:
        hours, minutes = divmod(int((soonest.due_at - now).total_seconds() // 60), 60)
        due = f"; next {soonest.platform.value} {soonest.timer} in {hours}h{minutes:02d}m"
    return f"{len(board.timers)} timers ({len(running)} not informational){due}"


def wait_for_board(window: Any, timeout_ms: int = WINDOW_TIMEOUT_MS) -> str:
    """Run the event loop until the main window's first board load: "" when loaded, else
    why not. Everything here runs on the GUI thread (a 10 ms poll of
    ``window.loaded_once``): a slot on the worker's signals could run on the worker
    thread, and the window's warning box on a failed load is modal."""
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    loop = QEventLoop()
    deadline = time.monotonic() + timeout_ms / 1000
    failure: list[str] = []

    def poll() -> None:
        modal = QApplication.activeModalWidget()
        if modal is not None and not window.loaded_once:
            text = modal.text() if hasattr(modal, "text") else modal.windowTitle()
            failure.append(f"the board did not load: {text}")
            modal.close()
        elif time.monotonic() > deadline:
            failure.append(f"the board did not load within {timeout_ms // 1000} s")
        if window.loaded_once or failure:
            loop.quit()

    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(poll)
    timer.start()
    loop.exec()
    timer.stop()
    return "" if window.loaded_once else failure[0]


def check_window(smoke: Smoke) -> str:
    from PySide6.QtWidgets import QApplication

    try:
        from gui.main_window import MainWindow
    except ImportError as err:
        raise RuntimeError(f"gui.main_window.MainWindow is not importable: {err}") from err
    from gui.app import install_translators

    app = QApplication.instance()
    translators = install_translators(app, LANG)
    smoke.ctx["translators"] = translators  # keep them alive
    window = MainWindow(smoke.ctx["service"], LANG)
    smoke.ctx["window"] = window
    window.show()
    failure = wait_for_board(window)
    app.processEvents()
    try:
        if failure:
            raise RuntimeError(failure)
        if not window.isVisible():
            raise RuntimeError("the main window is not visible")
        rows = {
            "to do": window.todo_model.rowCount(),
            "cases": window.cases_model.rowCount(),
            "orders": window.orders_model.rowCount(),
        }
        if not all(rows.values()):
            raise RuntimeError(f"empty tables after loading the demo shop: {rows}")
        title = window.windowTitle()
    finally:
        window.close()
        window.deleteLater()
        app.processEvents()
    counts = ", ".join(f"{k} {v}" for k, v in rows.items())
    return f"'{title}' shown, {len(translators)} translators, rows: {counts}"


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
