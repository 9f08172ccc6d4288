"""How the tray icon looks: the app icon with an urgency badge, and its tooltip.

Contract: ``tray_state(window, paused_until)`` counts the To do model's running
merchant deadlines at the clock's now (bisect, cheap enough for every countdown
tick) and words the tooltip 「2 件 2 小时内到期，1 件已超时」; ``paint_icon`` draws
the badge with QPainter on resources/icons/shopclock.png: a red count of overdue
(and urgent) deadlines, else a white one with red digits for urgent ones, else a
yellow dot when something is due soon, grey pause bars while reminders are paused.
``next_deadlines`` are the menu's next five. No state; translations in context "Tray".

Threading: GUI thread only (QPixmap, translate).
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib.resources import files
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QImage, QPainter, QPixmap

from core.domain import Urgency
from gui import countdown, fmt, labels
from gui.models.rows import Row

translate = QCoreApplication.translate

SIZES = (16, 20, 24, 32, 40, 48, 64)
NEXT_COUNT = 5
# (fill, digits, ring) per band. The app icon is orange: an orange or red-on-orange badge
# disappears at 16-24 px, so urgent is white with red digits and overdue the inverse.
BADGE = {
    Urgency.OVERDUE: (QColor("#b3261e"), QColor("#ffffff"), QColor("#ffffff")),
    Urgency.URGENT: (QColor("#ffffff"), QColor("#b3261e"), QColor("#b3261e")),
    Urgency.SOON: (QColor("#ffd600"), QColor("#3b2a00"), QColor("#3b2a00")),
}
PAUSED = QColor("#5f6368")


def icon_path() -> Path:
    return Path(str(files("resources"))) / "icons" / "shopclock.png"


def app_icon() -> QIcon:
    return QIcon(str(icon_path()))


# -- the look -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TrayState:
    band: Urgency  # the worst urgency among running merchant deadlines
    count: int  # how many are in that band (overdue + urgent for the red badges)
    paused: bool
    tooltip: str

    @property
    def look(self) -> tuple[Urgency, int, bool]:
        return self.band, self.count, self.paused


def _hours(span: timedelta) -> str:
    hours = span.total_seconds() / 3600
    if hours == 1:
        return translate("Tray", "1 hour")
    if hours == int(hours):
        return labels.fill(translate("Tray", "%1 hours"), int(hours))
    return countdown.format_duration(span.total_seconds())


def _span(span: timedelta) -> str:
    """「15 分钟」, 「1 小时」 (menu texts)."""
    if span < timedelta(hours=1):
        return labels.fill(translate("Tray", "%1 minutes"), int(span.total_seconds() // 60))
    return _hours(span)


def tray_state(window, paused_until: datetime | None = None) -> TrayState:
    """Counts from the To do model (running merchant deadlines) at the clock's now."""
    title = translate("Tray", "ShopClock")
    if not window.loaded_once:
        return TrayState(Urgency.OK, 0, paused_until is not None, title)
    model = window.todo_model
    now = window.clock.now()
    th = model.thresholds
    stats = model.stats(now)
    # stats() counts up to now + urgent; shifted by (soon - urgent) it counts up to now + soon
    ahead = model.stats(now + (th.soon - th.urgent))
    soon = ahead.overdue + ahead.urgent - stats.overdue - stats.urgent
    parts = []
    if stats.urgent:
        parts.append(
            labels.fill(translate("Tray", "%1 due within %2"), stats.urgent, _hours(th.urgent))
        )
    if stats.overdue:
        parts.append(labels.fill(translate("Tray", "%1 overdue"), stats.overdue))
    if not parts and soon:
        parts.append(labels.fill(translate("Tray", "%1 due within %2"), soon, _hours(th.soon)))
    if not parts:
        parts.append(labels.fill(translate("Tray", "Nothing due within %1"), _hours(th.soon)))
    lines = [title, translate("Tray", ", ").join(parts)]
    if paused_until is not None:
        lines.append(
            labels.fill(
                translate("Tray", "Reminders paused until %1"), fmt.short_time(paused_until)
            )
        )
    if stats.overdue:
        band, count = Urgency.OVERDUE, stats.overdue + stats.urgent
    elif stats.urgent:
        band, count = Urgency.URGENT, stats.urgent
    elif soon:
        band, count = Urgency.SOON, soon
    else:
        band, count = Urgency.OK, 0
    return TrayState(band, count, paused_until is not None, "\n".join(lines))


def paint_icon(base: QImage, size: int, band: Urgency, count: int, paused: bool) -> QPixmap:
    """The app icon at ``size`` px with the urgency badge in its lower right corner."""
    image = base.scaled(
        size, size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
    ).convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    s = float(size)
    if paused:
        box = QRectF(0.48 * s, 0.48 * s, 0.5 * s, 0.5 * s)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor("white"))
        p.drawEllipse(box)
        p.setBrush(PAUSED)
        p.drawEllipse(box.adjusted(0.04 * s, 0.04 * s, -0.04 * s, -0.04 * s))
        p.setBrush(QColor("white"))
        centre = box.center()
        for dx in (-0.065, 0.065):
            p.drawRect(
                QRectF(centre.x() + (dx - 0.035) * s, centre.y() - 0.11 * s, 0.07 * s, 0.22 * s)
            )
    elif band in BADGE:
        fill, ink, edge = BADGE[band]
        text = "" if band is Urgency.SOON else ("99+" if count > 99 else str(count))
        side = 0.62 if text else 0.4
        width = side + (0.2 if len(text) >= 2 else 0) + (0.15 if len(text) >= 3 else 0)
        width = min(width, 1.0)
        box = QRectF((1 - width) * s, (1 - side) * s, width * s, side * s)
        ring = max(1.5, 0.07 * s)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(edge)
        p.drawRoundedRect(box, side * s / 2, side * s / 2)
        inner = box.adjusted(ring, ring, -ring, -ring)
        p.setBrush(fill)
        p.drawRoundedRect(inner, inner.height() / 2, inner.height() / 2)
        if text:
            font = QFont()
            font.setBold(True)
            font.setPixelSize(max(6, round(inner.height() * (0.78 if len(text) < 3 else 0.62))))
            p.setFont(font)
            p.setPen(ink)
            p.drawText(inner, Qt.AlignmentFlag.AlignCenter, text)
    p.end()
    return QPixmap.fromImage(image)


def make_icon(base: QImage, band: Urgency, count: int, paused: bool) -> QIcon:
    icon = QIcon()
    for size in SIZES:
        icon.addPixmap(paint_icon(base, size, band, count, paused))
    return icon


def next_deadlines(window, count: int = NEXT_COUNT) -> list[Row]:
    """The next running merchant deadlines (not yet passed), soonest first."""
    now = window.clock.now().timestamp()
    rows = (r for r in window.todo_model.rows if r.running and r.deadline_ts > now)
    return heapq.nsmallest(count, rows, key=lambda r: r.deadline_ts)
