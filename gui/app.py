"""Starting the window: QApplication, translators, the database, MainWindow.

Contract: ``run(options)`` (from gui.main) returns the exit code of the event
loop. Simplified Chinese is the default language (``--lang en`` or the saved
setting switches); every ``resources/translations/shopclock_*_<lang>.qm`` is
loaded (the main window's and the dialogs'), plus Qt's own qtbase catalogue.
Qt's messages go to logging; a database that cannot be opened is reported in
a message box (exit code 1).

Threading: the main (GUI) thread.
"""

from __future__ import annotations

import logging
import sys
from importlib.resources import files
from pathlib import Path

from PySide6.QtCore import (
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


def run(options) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    qInstallMessageHandler(qt_message_handler)
    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setOrganizationName(settings.ORGANISATION)
    app.setApplicationName(settings.APPLICATION)
    theme.apply(app)

    from core.service import Service
    from gui.main_window import MainWindow

    try:
        service = Service.open(getattr(options, "db", None))
    except Exception as err:
        install_translators(app, settings.language(getattr(options, "lang", None)))
        logging.getLogger(__name__).exception("cannot open the database")
        QMessageBox.critical(None, app.translate("MainWindow", "ShopClock"), str(err))
        return 1
    lang = settings.language(getattr(options, "lang", None), service)
    install_translators(app, lang)
    app.setApplicationDisplayName(app.translate("MainWindow", "ShopClock"))
    window = MainWindow(service, lang)
    window.show()
    shot = getattr(options, "screenshot", None)
    if shot:
        _Screenshot(window, shot)
    code = app.exec()
    service.close()
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
        self._window.close()
