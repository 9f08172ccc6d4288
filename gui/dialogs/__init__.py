"""The main window's dialogs: import wizard, record editors, export, settings, about.

Each dialog takes ``(service, parent, ...)`` and is shown with ``.exec()``. Source
strings are English (``self.tr``); the Chinese catalogue is
``resources/translations/shopclock_dialogs_zh_CN.qm``, installed by
`install_translator` (the app calls it once at start, after reading "ui.language").

Threading: GUI thread only; file reading, importing and exporting run on the global
QThreadPool (see ``_common.run_job``).
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator

CATALOGUE = "shopclock_dialogs"


def translations_dir() -> Path:
    return Path(str(files("resources") / "translations"))


def install_translator(language: str) -> QTranslator | None:
    """Install the dialogs' catalogue for ``language`` ("zh_CN"; "en" needs none).

    Returns the installed translator (keep a reference to it), or None for English
    or a missing catalogue.
    """
    if language.startswith("en"):
        return None
    translator = QTranslator(QCoreApplication.instance())
    if not translator.load(f"{CATALOGUE}_{language}", str(translations_dir())):
        return None
    QCoreApplication.installTranslator(translator)
    return translator
