"""Starting the window: QApplication, translators, the database, MainWindow, the tray.

Contract: ``run(options)`` (from gui.main) returns the exit code of the event loop. In
order: the Windows AppUserModelID (before the QApplication), the window icon, logging
into the data folder (core.logs: every record scrubbed of phone numbers), then the
single-instance claim (gui.single_instance) — a second launch on the same database
brings the first window forward and returns 0 before the database is even opened. Then
the database, translators, MainWindow and the tray with its reminders (gui.tray) — or,
with a current start snapshot (gui.start_snapshot), the translators and MainWindow
painting To do from it first, and the database, the service and the tray right after
that first paint. ``--minimized`` starts hidden in the tray (start with the computer);
``--case NO`` opens that case. The daily backup runs on the board worker after the first
load. ``shutdown`` stops the worker, waits for the dialogs' background jobs, writes the
start snapshot, closes the database and releases the lock.

Simplified Chinese is the default language (``--lang en`` or the saved setting
switches); every ``resources/translations/shopclock_*_<lang>.qm`` is loaded (the
main window's and the dialogs'), plus Qt's own qtbase catalogue. Qt's messages
go to logging; a database that cannot be opened is reported in a message box
(exit code 1).

Threading: the main (GUI) thread.
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QEvent,
    QLibraryInfo,
    QLocale,
    QObject,
    QTimer,
    QtMsgType,
    QTranslator,
    qInstallMessageHandler,
)
from PySide6.QtWidgets import QApplication, QMessageBox

from core.gcpause import end_start_up
from gui import settings, theme

log = logging.getLogger("qt")
_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def qt_message_handler(kind: QtMsgType, context, message: str) -> None:
    where = f" ({context.file}:{context.line})" if context and context.file else ""
    log.log(_LEVELS.get(kind, logging.WARNING), "%s%s", message, where)


def translations_dir() -> Path:
    return Path(str(files("resources"))) / "translations"


def install_translators(app: QApplication, lang: str) -> list[QTranslator]:
    """Load our catalogues and Qt's own for `lang`; English needs none of ours."""
    installed: list[QTranslator] = []
    if lang == "en":
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        return installed
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    candidates = [(f"qtbase_{lang}", qt_dir)]
    candidates += [(p.stem, str(p.parent)) for p in sorted(translations_dir().glob(f"*_{lang}.qm"))]
    for name, folder in candidates:
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            installed.append(translator)
        else:
            logging.getLogger(__name__).info("no translation %s in %s", name, folder)
    return installed


APP_USER_MODEL_ID = "ShopClock.ShopClock"
BUSY = QT_TRANSLATE_NOOP(
    "MainWindow",
    "ShopClock is already running for this data folder but does not respond. "
    "Wait a moment and start it again, or end it in the Task Manager.",
)


def set_app_user_model_id(app_id: str = APP_USER_MODEL_ID) -> bool:
    """Windows: group the taskbar button and toasts under ShopClock, not python.exe.

    Must run before the QApplication exists; does nothing elsewhere.
    """
    if sys.platform != "win32":
        return False
    try:
        import ctypes

        shell32 = ctypes.windll.shell32  # type: ignore[attr-defined]
        return shell32.SetCurrentProcessExplicitAppUserModelID(app_id) == 0
    except (AttributeError, OSError):
        return False


def _db_target(options) -> str | None:
    return getattr(options, "db", None)


def data_dir(options) -> Path:
    """Where logs go: the folder of a --db file, else the data folder (--data-dir)."""
    from core.paths import default_data_dir

    db = _db_target(options)
    if db and "://" not in db:
        return Path(db).expanduser().resolve().parent
    return default_data_dir()


def db_path(options) -> Path | None:
    """The database file one ShopClock may hold; None for a server database."""
    from core.paths import database_file

    return database_file(_db_target(options))


@dataclass
class Running:
    """A started ShopClock: what ``shutdown`` takes down again. ``service`` and
    ``reminders`` are None until a window started from its snapshot is attached."""

    app: QApplication
    service: object
    window: object
    reminders: object
    instance: object | None
    translators: list[QTranslator] = field(default_factory=list)
    db_path: Path | None = None


def start(options) -> Running | int:
    """Everything before the event loop; an int is the exit code of a start that ends here
    (0: another ShopClock on this database was brought forward).

    With a current snapshot of To do (gui.start_snapshot) the window paints it first and
    opens the database after that paint (``_attach``); otherwise the database is opened
    first and the window loads To do from it."""
    set_app_user_model_id()
    qInstallMessageHandler(qt_message_handler)
    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setOrganizationName(settings.ORGANISATION)
    app.setApplicationName(settings.APPLICATION)
    from gui import single_instance
    from gui.tray_look import app_icon

    app.setWindowIcon(app_icon())
    theme.apply(app)

    from core.logs import setup_logging

    setup_logging(data_dir(options))
    case_no = getattr(options, "case", None) or ""
    instance = None
    path = db_path(options)
    if path is not None:
        try:
            instance = single_instance.claim(path, case_no)
        except single_instance.Busy as err:
            return _fail(app, options, err, BUSY)
        except OSError as err:
            return _fail(app, options, err)
        if instance is None:
            return 0

    snapshot = None
    if path is not None and not getattr(options, "minimized", False):
        from gui import start_snapshot

        snapshot = start_snapshot.load(path, getattr(options, "lang", None))
    if snapshot is not None:
        return _start_from_snapshot(app, options, instance, path, snapshot)

    from gui.main_window import MainWindow

    try:
        service = _open_service(options)
    except Exception as err:
        if instance is not None:
            instance.release()
        return _fail(app, options, err)
    lang = settings.language(getattr(options, "lang", None), service)
    translators = install_translators(app, lang)
    app.setApplicationDisplayName(app.translate("MainWindow", "ShopClock"))
    end_start_up()  # before the window makes its worker thread: see core.gcpause
    window = MainWindow(service, lang)
    running = Running(app, service, window, None, instance, translators, path)
    _connect(running, options)
    if getattr(options, "minimized", False):
        _install_tray(running, options, wait_ms=10_000)
        if running.reminders.tray is None:
            window.showMinimized()
    else:
        _install_tray(running, options)
        window.show()
    _after_load(running, options)
    return running


def _start_from_snapshot(app, options, instance, path: Path, snapshot) -> Running:
    """Paint To do from the snapshot, then (``_attach``, after that paint) open the
    database and give the window its service."""
    from gui.main_window import MainWindow

    logging.getLogger(__name__).info(
        "To do from the start snapshot (%d rows); the database opens after its first paint",
        len(snapshot.rows),
    )
    translators = install_translators(app, snapshot.lang)
    app.setApplicationDisplayName(app.translate("MainWindow", "ShopClock"))
    window = MainWindow(None, snapshot.lang, database=str(path))
    window.show_snapshot(snapshot)
    running = Running(app, None, window, None, instance, translators, path)
    _connect(running, options)
    # the page the snapshot shows: To do, or the welcome page of an empty shop
    pages = (window.todo_view.table.viewport(), window.welcome)
    _AfterFirstPaint(pages, lambda: _attach(running, options))
    window.show()
    return running


def _attach(running: Running, options) -> None:
    """After the snapshot's first paint: the database layer, the database, the service."""
    window = running.window
    if window.service is not None or not window.isVisible():
        return  # attached already, or closed before its database opened
    try:
        service = _open_service(options, clock=window.clock)
    except Exception as err:
        code = _fail(running.app, options, err)
        running.app.setQuitOnLastWindowClosed(False)  # the exit code is ours
        window.close()
        running.app.exit(code)
        return
    running.service = service
    end_start_up()  # before the window makes its worker thread: see core.gcpause
    window.attach(service)
    _install_tray(running, options)
    _after_load(running, options)


def _open_service(options, clock=None):
    """core.service, imported without PySide6's probe (core is Qt-free: see
    tests/gui/test_entry.py; usually imported before Qt already by gui.main.preload_core,
    not after a snapshot's first paint or when its file was not current), and the
    database opened."""
    from gui.main import no_pyside_probe

    with no_pyside_probe():
        from core.service import Service
    return Service.open(_db_target(options), clock=clock)


def _connect(running: Running, options) -> None:
    app, window, instance = running.app, running.window, running.instance
    # the session ends (log-off, shutdown): closing the window must not just hide it
    app.commitDataRequest.connect(lambda _manager: setattr(window, "close_to_tray", False))
    window.quit_requested.connect(app.quit)
    if instance is not None:
        instance.received.connect(lambda command, arg: on_message(window, command, arg))


def _install_tray(running: Running, options, wait_ms: int = 0) -> None:
    from gui import tray
    from gui.main import forget_source_lines

    # at log-in the tray host may start after ShopClock: give it a moment
    reminders = tray.install(running.window, available=tray.wait_for_tray(wait_ms))
    running.reminders = reminders
    forget_source_lines()  # the window's modules are imported: see gui.main
    if reminders.tray is not None:
        reminders.tray.autostart_args = _data_args(options)
        reminders.tray.show()


def _after_load(running: Running, options) -> None:
    window = running.window
    window.worker.request_daily_backup()  # after the first load, on the worker thread
    case_no = getattr(options, "case", None) or ""
    if case_no:
        _open_when_loaded(window, case_no)
    shot = getattr(options, "screenshot", None)
    if shot:
        _Screenshot(window, shot)


class _AfterFirstPaint(QObject):
    """Calls ``then`` once, from the event loop, after the first paint of any of
    ``widgets``."""

    def __init__(self, widgets, then) -> None:
        super().__init__(widgets[0])
        self._widgets, self._then = widgets, then
        for widget in widgets:
            widget.installEventFilter(self)

    def eventFilter(self, _watched, event) -> bool:
        if event.type() == QEvent.Type.Paint and self._then is not None:
            then, self._then = self._then, None
            for widget in self._widgets:
                widget.removeEventFilter(self)
            QTimer.singleShot(0, then)
        return False


def _fail(app: QApplication, options, err: BaseException, message: str = "") -> int:
    """Say why ShopClock cannot start (``message``: a MainWindow source text) -> exit 1."""
    install_translators(app, settings.language(getattr(options, "lang", None)))
    logging.getLogger(__name__).error("cannot start: %s", err, exc_info=err)
    text = app.translate("MainWindow", message) if message else str(err)
    QMessageBox.critical(None, app.translate("MainWindow", "ShopClock"), text)
    return 1


def _data_args(options) -> list[str]:
    """The arguments that name this database, for "start with the computer"."""
    args = []
    if getattr(options, "db", None):
        args += ["--db", options.db]
    if getattr(options, "data_dir", None):
        args += ["--data-dir", str(Path(options.data_dir).expanduser().resolve())]
    return args


def on_message(window, command: str, argument: str) -> None:
    """A later launch asked: come forward (and open a case by its number)."""
    from gui.single_instance import RAISE

    if command != RAISE:
        return
    if argument and open_case_number(window, argument):
        return
    window.bring_to_front()


def open_case_number(window, case_no: str) -> bool:
    if window.service is None:  # started from the snapshot, database not open yet
        return False
    matches = window.service.repo.find_cases(case_no)
    if len(matches) != 1:
        return False
    return window.open_record(matches[0].platform.value, matches[0].case_no, matches[0].order_no)


def _open_when_loaded(window, case_no: str) -> None:
    def once(_rows) -> None:
        window.worker.loaded.disconnect(once)
        open_case_number(window, case_no)

    window.worker.loaded.connect(once)


def shutdown(running: Running) -> None:
    """After the event loop: no thread, job, lock or tray icon outlives the app. To do
    is saved for the next start (gui.start_snapshot) before the database closes."""
    from gui.dialogs._common import wait_for_jobs

    running.window.shutdown()
    tray = getattr(running.reminders, "tray", None)
    if tray is not None:
        tray.icon.hide()
    if not wait_for_jobs():
        logging.getLogger(__name__).warning("a background job was still running at exit")
    if running.service is not None:
        if running.db_path is not None:
            from gui import start_snapshot

            running.window.release_rows()  # their memory serves the snapshot's rows
            start_snapshot.save(running.service, running.db_path, running.window.lang)
        running.service.close()
    if running.instance is not None:
        running.instance.release()


def run(options) -> int:
    started = start(options)
    if isinstance(started, int):
        return started
    code = started.app.exec()
    shutdown(started)
    return code


class _Screenshot(QObject):
    """``--screenshot PATH``: once the board is shown, save the window and quit."""

    def __init__(self, window, path: str) -> None:
        super().__init__(window)
        self._window, self._path = window, path
        self._poll = QTimer(self)
        self._poll.setInterval(100)
        self._poll.timeout.connect(self._check)
        self._poll.start()

    def _check(self) -> None:
        if self._window.loaded_once:
            self._poll.stop()
            QTimer.singleShot(800, self._grab)

    def _grab(self) -> None:
        self._window.grab().save(self._path)
        self._window.quit_app()
