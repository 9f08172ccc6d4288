"""Starting the window: QApplication, translators, the database, MainWindow, the tray.

Contract: ``run(options)`` (from gui.main) returns the exit code of the event
loop. In order: the Windows AppUserModelID (before the QApplication), the window
icon, logging into the data folder (core.logs: every record scrubbed of phone
numbers), then the single-instance claim (gui.single_instance) — a second launch
on the same database brings the first window forward and returns 0 before the
database is even opened. Then the database, translators, MainWindow and the tray
with its reminders (gui.tray). ``--minimized`` starts hidden in the tray (start
with the computer); ``--case NO`` opens that case. The daily backup runs on the
board worker after the first load. ``shutdown`` stops the worker, waits for the
dialogs' background jobs, closes the database and releases the lock.

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
    QLibraryInfo,
    QLocale,
    QObject,
    QTimer,
    QtMsgType,
    QTranslator,
    qInstallMessageHandler,
)
from PySide6.QtWidgets import QApplication, QMessageBox

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
    from core.storage import default_data_dir

    db = _db_target(options)
    if db and "://" not in db:
        return Path(db).expanduser().resolve().parent
    return default_data_dir()


def db_path(options) -> Path | None:
    """The database file one ShopClock may hold; None for a server database."""
    from core.storage import default_db_path

    db = _db_target(options)
    if db is None:
        return default_db_path()
    if "://" in db:
        from sqlalchemy.engine import make_url

        url = make_url(db)
        name = url.database or ""
        if (
            url.get_backend_name() != "sqlite"
            or name in ("", ":memory:")
            or name.startswith("file:")
        ):
            return None
        return Path(name).expanduser().resolve()
    return Path(db).expanduser().resolve()


@dataclass
class Running:
    """A started ShopClock: what ``shutdown`` takes down again."""

    app: QApplication
    service: object
    window: object
    reminders: object
    instance: object | None
    translators: list[QTranslator] = field(default_factory=list)


def start(options) -> Running | int:
    """Everything before the event loop; an int is the exit code of a start that ends here
    (0: another ShopClock on this database was brought forward)."""
    set_app_user_model_id()
    qInstallMessageHandler(qt_message_handler)
    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setOrganizationName(settings.ORGANISATION)
    app.setApplicationName(settings.APPLICATION)
    from gui import single_instance, tray

    app.setWindowIcon(tray.app_icon())
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

    from core.gcpause import end_start_up
    from core.service import Service
    from gui.main import forget_source_lines
    from gui.main_window import MainWindow

    try:
        service = Service.open(_db_target(options))
    except Exception as err:
        if instance is not None:
            instance.release()
        return _fail(app, options, err)
    lang = settings.language(getattr(options, "lang", None), service)
    translators = install_translators(app, lang)
    app.setApplicationDisplayName(app.translate("MainWindow", "ShopClock"))
    end_start_up()  # before the window makes its worker thread: see core.gcpause
    window = MainWindow(service, lang)
    minimized = bool(getattr(options, "minimized", False))
    # at log-in the tray host may start after ShopClock: give it a moment
    reminders = tray.install(window, available=tray.wait_for_tray(10_000 if minimized else 0))
    forget_source_lines()  # the window's modules are imported: see gui.main
    # the session ends (log-off, shutdown): closing the window must not just hide it
    app.commitDataRequest.connect(lambda _manager: setattr(window, "close_to_tray", False))
    window.quit_requested.connect(app.quit)
    if reminders.tray is not None:
        reminders.tray.autostart_args = _data_args(options)
        reminders.tray.show()
    if instance is not None:
        instance.received.connect(lambda command, arg: on_message(window, command, arg))
    if minimized:
        if reminders.tray is None:
            window.showMinimized()
    else:
        window.show()
    window.worker.request_daily_backup()  # after the first load, on the worker thread
    if case_no:
        _open_when_loaded(window, case_no)
    shot = getattr(options, "screenshot", None)
    if shot:
        _Screenshot(window, shot)
    return Running(app, service, window, reminders, instance, translators)


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
    """After the event loop: no thread, job, lock or tray icon outlives the app."""
    from gui.dialogs._common import wait_for_jobs

    running.window.shutdown()
    tray = getattr(running.reminders, "tray", None)
    if tray is not None:
        tray.icon.hide()
    if not wait_for_jobs():
        logging.getLogger(__name__).warning("a background job was still running at exit")
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
