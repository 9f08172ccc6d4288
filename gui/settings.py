"""Where the window keeps its preferences.

Contract: window geometry, column layouts and the current tab live in
QSettings (organisation and application "ShopClock"; the format is
QSettings' default, which tests switch to IniFormat in a temp folder so they
never touch the user's settings). Urgency thresholds are shared with the
command line, so they live in the database settings table under
``SOON_KEY`` / ``URGENT_KEY`` (hours, numbers); defaults 12 h / 2 h. The language
is the database's "ui.language" (the settings dialog), overridable by --lang.

Threading: GUI thread only.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from PySide6.QtCore import QSettings

from core.rules.urgency import DEFAULT_THRESHOLDS, UrgencyThresholds

ORGANISATION = APPLICATION = "ShopClock"
LANGUAGE_KEY = "ui/language"  # QSettings: before any database is open
DB_LANGUAGE_KEY = "ui.language"  # the database setting the settings dialog writes
SOON_KEY = "urgency.soon_hours"
URGENT_KEY = "urgency.urgent_hours"
DEFAULT_LANGUAGE = "zh_CN"
LANGUAGES = ("zh_CN", "en")

log = logging.getLogger(__name__)


def qsettings() -> QSettings:
    return QSettings(
        QSettings.defaultFormat(), QSettings.Scope.UserScope, ORGANISATION, APPLICATION
    )


def normalise_language(value: str | None) -> str:
    text = (value or "").replace("-", "_").strip()
    if text.lower().startswith("en"):
        return "en"
    return DEFAULT_LANGUAGE


def language(override: str | None = None, service=None) -> str:
    """--lang, else the database's "ui.language", else QSettings, else Chinese."""
    stored = None
    if not override and service is not None:
        try:
            stored = service.repo.get_setting(DB_LANGUAGE_KEY, None)
        except Exception:  # a damaged settings table must not stop the window
            log.warning("cannot read the language setting", exc_info=True)
    return choose_language(override, stored)


def choose_language(override: str | None, stored: object) -> str:
    """``language``'s choice from the values themselves: --lang, else the database's
    setting (``stored``, as read; gui.start_snapshot reads it before SQLAlchemy),
    else QSettings, else Chinese."""
    if override:
        return normalise_language(override)
    if stored:
        return normalise_language(str(stored))
    return normalise_language(str(qsettings().value(LANGUAGE_KEY, DEFAULT_LANGUAGE)))


def set_language(value: str) -> None:
    qsettings().setValue(LANGUAGE_KEY, normalise_language(value))


def thresholds(service) -> UrgencyThresholds:
    """The urgency thresholds from the database settings (bad values: the defaults)."""
    try:
        soon = float(service.repo.get_setting(SOON_KEY, 12))
        urgent = float(service.repo.get_setting(URGENT_KEY, 2))
        return UrgencyThresholds(soon=timedelta(hours=soon), urgent=timedelta(hours=urgent))
    except (TypeError, ValueError):
        log.warning("urgency thresholds in the settings are invalid; using 12 h / 2 h")
        return DEFAULT_THRESHOLDS
