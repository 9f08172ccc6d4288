"""Countdown text and urgency colours: pure functions of (seconds left, band, scheme).

Contract:
  format_countdown(seconds) -> "1天 03:12:45" | "03:12:45" | "45:10" (under an hour,
  mm:ss) | "已超时 2小时05分" (zh_CN; English "1d 03:12:45", "Overdue 2h 05m").
  Positive remainders round UP to the whole second, so "00:01" is the last second
  before the deadline and 0 is already overdue (core's urgency band agrees).
  band_colors(band, dark) -> (foreground, background) QColors, readable on both
  light and dark palettes; OK has no colours (the palette's own).

Threading: GUI thread (QColor, translate), but no state besides constant tables.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from core.domain import Urgency

DAY = 86_400

translate = QCoreApplication.translate


def format_countdown(seconds: float) -> str:
    if seconds > 0:
        left = math.ceil(seconds)
        days, rest = divmod(left, DAY)
        hours, rest = divmod(rest, 3600)
        minutes, secs = divmod(rest, 60)
        if days:
            clock = f"{hours:02d}:{minutes:02d}:{secs:02d}"
            return translate("countdown", "%1d %2").replace("%2", clock).replace("%1", str(days))
        if hours:
            return f"{hours:02d}:{minutes:02d}:{secs:02d}"
        return f"{minutes:02d}:{secs:02d}"
    return format_overdue(-seconds)


def format_overdue(seconds: float) -> str:
    """How long ago a deadline passed, to the minute: 已超时 2小时05分."""
    minutes_total = int(seconds // 60)
    days, rest = divmod(minutes_total, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        text = translate("countdown", "Overdue %1d %2h")
        return text.replace("%2", str(hours)).replace("%1", str(days))
    if hours:
        text = translate("countdown", "Overdue %1h %2m")
        return text.replace("%2", f"{minutes:02d}").replace("%1", str(hours))
    if minutes:
        return translate("countdown", "Overdue %1m").replace("%1", str(minutes))
    return translate("countdown", "Just overdue")


def format_duration(seconds: float) -> str:
    """A calm length for explanations ("2天5小时", "3小时20分", "15分")."""
    minutes_total = max(0, int(seconds // 60))
    days, rest = divmod(minutes_total, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return translate("countdown", "%1d %2h").replace("%2", str(hours)).replace("%1", str(days))
    if hours:
        return (
            translate("countdown", "%1h %2m")
            .replace("%2", f"{minutes:02d}")
            .replace("%1", str(hours))
        )
    return translate("countdown", "%1m").replace("%1", str(minutes))


# (foreground, background) per band; light and dark palettes. Contrast >= 4.5:1.
_LIGHT = {
    Urgency.SOON: (QColor("#7a4b00"), QColor("#fff1cc")),
    Urgency.URGENT: (QColor("#9f1c14"), QColor("#fddcd8")),
    Urgency.OVERDUE: (QColor("#ffffff"), QColor("#b3261e")),
}
_DARK = {
    Urgency.SOON: (QColor("#ffd580"), QColor("#4a3a12")),
    Urgency.URGENT: (QColor("#ffb4a9"), QColor("#5e1f19")),
    Urgency.OVERDUE: (QColor("#ffffff"), QColor("#b3261e")),
}
_MUTED_LIGHT = QColor("#5f6368")
_MUTED_DARK = QColor("#a8abb0")


def band_colors(band: Urgency, dark: bool) -> tuple[QColor | None, QColor | None]:
    return (_DARK if dark else _LIGHT).get(band, (None, None))


def muted_color(dark: bool) -> QColor:
    """Countdowns that are not the merchant's move (a buyer's or the platform's timer)."""
    return _MUTED_DARK if dark else _MUTED_LIGHT


_ALERT_LIGHT = QColor("#b3261e")
_ALERT_DARK = QColor("#ffb4a9")


def alert_color(dark: bool) -> QColor:
    """Text colour for what the platform did after a missed deadline."""
    return _ALERT_DARK if dark else _ALERT_LIGHT
