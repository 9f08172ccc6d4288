"""The status bar: urgent and overdue counts, money at risk today, calendar warnings.

Contract: ``update(stats)`` takes TimersModel.stats(); ``set_calendar_years``
shows 「节假日数据未覆盖2027年，按周一至周五计算」 when any timer carries a
calendar_fallback:<year> warning; ``set_busy`` shows a busy bar with a text.

Threading: GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar

from core.domain import Urgency
from gui import countdown, fmt, labels
from gui.models.timers_model import TodoStats

translate = QCoreApplication.translate


class BoardStatus:
    def __init__(self, bar: QStatusBar) -> None:
        self._bar = bar
        self._dark = False
        self.busy = QProgressBar(bar)
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setMaximumWidth(bar.fontMetrics().horizontalAdvance("M") * 8)
        self.busy_label = QLabel(bar)
        self.calendar = QLabel(bar)
        self.calendar.setObjectName("calendarWarning")
        self.urgent = QLabel(bar)
        self.urgent.setObjectName("urgentCount")
        self.overdue = QLabel(bar)
        self.overdue.setObjectName("overdueCount")
        self.money = QLabel(bar)
        self.money.setObjectName("moneyToday")
        bar.addWidget(self.busy_label)
        bar.addWidget(self.busy)
        bar.addWidget(self.calendar)
        for label in (self.urgent, self.overdue, self.money):
            bar.addPermanentWidget(label)
        self.calendar.hide()
        self.set_busy(False)
        self._last: TodoStats | None = None

    def set_dark(self, dark: bool) -> None:
        self._dark = dark
        if self._last is not None:
            last, self._last = self._last, None
            self.update(last)

    def set_busy(self, busy: bool, text: str = "") -> None:
        self.busy.setVisible(busy)
        self.busy_label.setVisible(busy)
        self.busy_label.setText(text)

    def update(self, stats: TodoStats) -> None:
        if stats == self._last:
            return
        self._last = stats
        self.urgent.setText(
            self._badge(translate("BoardStatus", "Urgent: %1"), stats.urgent, Urgency.URGENT)
        )
        self.overdue.setText(
            self._badge(translate("BoardStatus", "Overdue: %1"), stats.overdue, Urgency.OVERDUE)
        )
        self.money.setText(
            translate("BoardStatus", "At risk before midnight: %1").replace(
                "%1", fmt.money(stats.at_risk_today_fen)
            )
        )

    def _badge(self, text: str, count: int, band: Urgency) -> str:
        body = text.replace("%1", str(count))
        if not count:
            return body
        fg, bg = countdown.band_colors(band, self._dark)
        style = f"color:{fg.name()};background-color:{bg.name()}"
        return f'<span style="{style}">&nbsp;<b>{body}</b>&nbsp;</span>'

    def set_calendar_years(self, years: list[str]) -> None:
        text = labels.warning("calendar_fallback:" + "、".join(years)) if years else ""
        self.calendar.setText(f"⚠ {text}" if text else "")
        self.calendar.setVisible(bool(years))
