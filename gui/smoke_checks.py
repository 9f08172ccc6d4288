"""The steps of ``ShopClock --smoke-test`` (gui.smoke runs them and writes the report).

Each ``check_*`` returns a one-line detail or raises with the reason; ``Smoke`` carries
what later steps need (the data folder, the service, the window). ``wait_for_board``
is also the benchmarks' start-up probe's wait (gui.smoke.arm_exit_after_show).

Threading: the main thread.
"""

from __future__ import annotations

import pkgutil
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import import_module
from importlib.resources import files
from pathlib import Path
from typing import Any

WINDOW_TIMEOUT_MS = 60_000
LANG = "zh_CN"
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


def check_start_snapshot(smoke: Smoke) -> str:
    """The window's next start (gui.start_snapshot): To do written as the window quit,
    proved current with the bundled sqlite3, painted by a window without a database,
    which then opens it and loads."""
    from PySide6.QtWidgets import QApplication

    from gui import start_snapshot
    from gui.main_window import MainWindow

    service = smoke.ctx["service"]
    path = service.db.path
    if not start_snapshot.save(service, path, LANG):
        raise RuntimeError("no start snapshot was written after the board loaded")
    snapshot = start_snapshot.load(path, LANG)
    if snapshot is None or not snapshot.rows:
        raise RuntimeError("the start snapshot just written does not load")
    app = QApplication.instance()
    window = MainWindow(None, LANG, database=str(path))
    try:
        window.show_snapshot(snapshot)
        window.show()
        app.processEvents()
        shown = window.todo_model.rowCount()
        if shown != len(snapshot.rows):
            raise RuntimeError(f"{shown} To-do rows shown of the snapshot's {len(snapshot.rows)}")
        window.attach(service)
        failure = wait_for_board(window)
        if failure:
            raise RuntimeError(failure)
        loaded = window.todo_model.rowCount()
    finally:
        window.close()
        window.deleteLater()
        app.processEvents()
    return f"{len(snapshot.rows)} To-do rows painted before the database opened, {loaded} after"
