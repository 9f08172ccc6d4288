"""The filter row above each table: search, platform, shop, state, whose move, urgency, dates.

Contract: emits ``changed(Filters)`` whenever the operator changes a filter;
typing in the search box is debounced (200 ms) so 100,000 rows re-filter once
per pause, not once per key. Which filters a view offers is a FilterSpec.

Threading: GUI thread only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLineEdit, QSizePolicy, QWidget

from core.clock import Clock
from core.domain import Actor, Platform, Urgency
from gui import fmt, labels
from gui.models.filters import Filters

DateRange = tuple[datetime | None, datetime | None]
CUSTOM = "custom"
SHOP_PLATFORM = Qt.ItemDataRole.UserRole + 1  # the shop entry's platform (names may repeat)


@dataclass(frozen=True)
class FilterSpec:
    states: Sequence[tuple[str, frozenset[str]]] = ()  # (label, tags); first entry = default
    actor: bool = False
    dates: Sequence[tuple[str, Callable[[date], tuple[date | None, date | None]] | str]] = ()
    search_hint: str = ""
    platforms: Sequence[Platform] = field(default_factory=lambda: tuple(Platform))


def _start(day: date | None, zone: tzinfo | None) -> datetime | None:
    return None if day is None else datetime.combine(day, time(0), zone)


class FilterBar(QWidget):
    changed = Signal(object)  # Filters

    def __init__(self, spec: FilterSpec, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._spec = spec
        self._clock = clock
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)

        self.search = QLineEdit(self)
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(spec.search_hint)
        self.search.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.search.setMinimumWidth(self.fontMetrics().horizontalAdvance(spec.search_hint) + 40)
        row.addWidget(self.search, 3)

        self.platform = self._combo("platform", [(self.tr("All platforms"), "")])
        for p in spec.platforms:
            self.platform.addItem(labels.platform(p), p.value)
        self.shop = self._combo("shop", [(self.tr("All shops"), "")])
        self.shop.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.state = self._combo("state", [(text, tags) for text, tags in spec.states])
        self.state.setVisible(bool(spec.states))
        actors = [(self.tr("Anyone's move"), "")] + [
            (labels.fill(self.tr("%1's move"), labels.actor(a)), a.value)
            for a in (Actor.MERCHANT, Actor.BUYER, Actor.PLATFORM)
        ]
        self.actor = self._combo("actor", actors)
        self.actor.setVisible(spec.actor)
        bands = [(self.tr("Any urgency"), None)] + [
            (labels.urgency(u), u)
            for u in (Urgency.OVERDUE, Urgency.URGENT, Urgency.SOON, Urgency.OK)
        ]
        self.urgency = self._combo("urgency", bands)
        self.dates = self._combo("dates", [(text, fn) for text, fn in spec.dates])
        self.dates.setVisible(bool(spec.dates))
        self.date_from = self._date_edit("dateFrom")
        self.date_to = self._date_edit("dateTo")
        for w in (self.platform, self.shop, self.state, self.actor, self.urgency, self.dates):
            row.addWidget(w)
        row.addWidget(self.date_from)
        row.addWidget(self.date_to)

        self._debounce = QTimer(self)
        self._debounce.setObjectName("searchDebounce")
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(200)
        self._debounce.timeout.connect(self._emit)
        self.search.textChanged.connect(self._debounce.start)
        self.search.returnPressed.connect(self._emit)

    def _combo(self, name: str, items: Sequence[tuple[str, object]]) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        for text, data in items:
            combo.addItem(text, data)
        combo.currentIndexChanged.connect(self._on_combo)
        return combo

    def _date_edit(self, name: str) -> QDateEdit:
        edit = QDateEdit(self)
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setDate(QDate.currentDate())
        edit.setVisible(False)
        edit.dateChanged.connect(self._emit)
        return edit

    def _on_combo(self) -> None:
        custom = self.dates.currentData() == CUSTOM
        if custom and self.date_from.isHidden():
            # chosen anew: start from today by the clock (the window may have been in
            # the tray for days since the edits were made, and tests use a FakeClock)
            today = QDate(fmt.local(self._clock.now()).date())
            for edit in (self.date_from, self.date_to):
                edit.blockSignals(True)
                edit.setDate(today)
                edit.blockSignals(False)
        self.date_from.setVisible(custom)
        self.date_to.setVisible(custom)
        self._emit()

    def set_shops(self, shops: Sequence[tuple[str, str]]) -> None:
        """(platform value, shop name) pairs; keeps the current choice when it still exists."""
        current = (self.shop.currentData(SHOP_PLATFORM), self.shop.currentData())
        self.shop.blockSignals(True)
        while self.shop.count() > 1:
            self.shop.removeItem(1)
        index = 0
        for platform, name in sorted(shops):
            self.shop.addItem(f"{name}（{labels.platform(platform)}）", name)
            self.shop.setItemData(self.shop.count() - 1, platform, SHOP_PLATFORM)
            if (platform, name) == current:
                index = self.shop.count() - 1
        self.shop.setCurrentIndex(index)
        self.shop.blockSignals(False)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def filters(self) -> Filters:
        tags = self.state.currentData() if self._spec.states else frozenset()
        band = self.urgency.currentData()  # a QComboBox gives a str enum back as its str
        date_from, date_to = self._date_range()
        return Filters(
            platform=self.platform.currentData() or "",
            shop=self.shop.currentData() or "",
            shop_platform=self.shop.currentData(SHOP_PLATFORM) or "",
            tags=tags or frozenset(),
            actor=self.actor.currentData() or "",
            urgency=Urgency(band) if band else None,
            date_from=date_from,
            date_to=date_to,
            text=self.search.text().strip(),
        )

    def _date_range(self) -> DateRange:
        choice = self.dates.currentData() if self._spec.dates else None
        if choice is None:
            return None, None
        here = fmt.local(self._clock.now())
        if choice == CUSTOM:
            first = self.date_from.date().toPython()
            last = self.date_to.date().toPython()
            end = max(first, last) + timedelta(days=1)
            return _start(min(first, last), here.tzinfo), _start(end, here.tzinfo)
        first, end = choice(here.date())
        return _start(first, here.tzinfo), _start(end, here.tzinfo)

    def _emit(self) -> None:
        self._debounce.stop()
        self.changed.emit(self.filters())
