"""One tab of the main window: a FilterBar over a table with live countdowns.

Contract: rows have a fixed height (vertical header default size, Fixed mode:
never ResizeToContents, PITFALLS.md); columns get widths from font metrics
(high-DPI clean); the header layout is saved/restored under ``settings_key``.
Enter, Return or a double-click emits ``activated(key)``; a selection change
emits ``current_changed(key)``. Sorting starts with the countdown ascending
(most urgent first) and goes through the source model's sort keys.

Threading: GUI thread only.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import (
    QByteArray,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QObject,
    QSettings,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QMenu,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core.clock import Clock
from gui import countdown
from gui.filter_bar import CUSTOM, FilterBar, FilterSpec
from gui.models.base import KEY_ROLE, CountdownTableModel
from gui.models.filters import BoardFilterProxy
from gui.ticker import CountdownTicker

translate = QCoreApplication.translate


def _days(n: int):
    return lambda today: (today - timedelta(days=n - 1), today + timedelta(days=1))


def _due(n: int):
    return lambda today: (None, today + timedelta(days=n))


def _today(today: date):
    return today, today + timedelta(days=1)


def todo_spec() -> FilterSpec:
    return FilterSpec(
        states=[
            (translate("BoardView", "All tasks"), frozenset()),
            (translate("BoardView", "After-sales cases"), frozenset({"case"})),
            (translate("BoardView", "Orders to ship"), frozenset({"order"})),
            (translate("BoardView", "Outcomes to confirm"), frozenset({"confirm"})),
        ],
        dates=[
            (translate("BoardView", "Any deadline"), None),
            (translate("BoardView", "Due by end of today"), _due(1)),
            (translate("BoardView", "Due by end of tomorrow"), _due(2)),
            (translate("BoardView", "Due within 3 days"), _due(3)),
            (translate("BoardView", "Custom dates…"), CUSTOM),
        ],
        search_hint=translate("BoardView", "Search case/order no., item, buyer (Ctrl+F)"),
    )


def _applied_dates(any_text: str) -> list:
    return [
        (any_text, None),
        (translate("BoardView", "Today"), _today),
        (translate("BoardView", "Last 7 days"), _days(7)),
        (translate("BoardView", "Last 30 days"), _days(30)),
        (translate("BoardView", "Custom dates…"), CUSTOM),
    ]


def cases_spec(states: list[tuple[str, frozenset[str]]]) -> FilterSpec:
    return FilterSpec(
        states=states,
        actor=True,
        dates=_applied_dates(translate("BoardView", "Applied any time")),
        search_hint=translate("BoardView", "Search case/order no., item, buyer (Ctrl+F)"),
    )


def orders_spec() -> FilterSpec:
    return FilterSpec(
        states=[
            (translate("BoardView", "All orders"), frozenset()),
            (translate("BoardView", "Not shipped"), frozenset({"unshipped"})),
            (translate("BoardView", "Shipped"), frozenset({"shipped"})),
            (translate("BoardView", "Received"), frozenset({"received"})),
            (translate("BoardView", "With open after-sales"), frozenset({"open_case"})),
        ],
        dates=_applied_dates(translate("BoardView", "Paid any time")),
        search_hint=translate("BoardView", "Search order no., item, buyer (Ctrl+F)"),
    )


def record_key(key: tuple) -> tuple[str, str, str]:
    """("case" | "order", platform, number): what a row's key opens in the details
    panel (a timer row opens its case, or its order when it has none)."""
    kind, platform = key[0], key[1]
    if kind == "timer":
        return ("case", platform, key[3]) if key[3] else ("order", platform, key[2])
    if kind in ("case", "confirm"):
        return ("case", platform, key[2])
    return ("order", platform, key[2])


STRETCH_MIN_EM = 10  # the item column never narrower (see _keep_stretch_readable)
BAND_REFILTER = timedelta(minutes=1)  # an urgency band filter follows the clock this often


class BoardView(QWidget):
    activated = Signal(object)  # row key
    current_changed = Signal(object)  # row key or None

    def __init__(
        self,
        model: CountdownTableModel,
        spec: FilterSpec,
        clock: Clock,
        settings_key: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.settings_key = settings_key
        self._stretch = model.STRETCH
        self.proxy = BoardFilterProxy(self)
        self.proxy.setSourceModel(model)
        self.filter_bar = FilterBar(spec, clock, self)
        self.filter_bar.changed.connect(self.proxy.set_filters)
        self.proxy.set_filters(self.filter_bar.filters())  # e.g. "open cases" by default
        self.table = self._make_table()
        self.table.viewport().installEventFilter(self)  # resized: _keep_stretch_readable
        self.table.horizontalHeader().sectionResized.connect(self._keep_stretch_readable)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.table)
        self.ticker = CountdownTicker(self.table, self.proxy)
        self._banded_at = clock.now()
        self.ticker.ticked.connect(self._follow_the_clock)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shortcut = QShortcut(QKeySequence(key), self.table)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(self._activate_current)

    def _follow_the_clock(self) -> None:
        """With an urgency band chosen, rows enter and leave it as time passes: the
        band is asked again once a minute (while the view ticks, i.e. is shown)."""
        now = self.model.clock.now()
        if self.proxy.filters.urgency is None:
            self._banded_at = now  # the minute counts from when a band is chosen
        elif abs(now - self._banded_at) >= BAND_REFILTER:  # abs: a clock set back
            self._banded_at = now
            self.proxy.refilter()

    def _make_table(self) -> QTableView:
        table = QTableView(self)
        table.setObjectName("table")
        table.setModel(self.proxy)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.setShowGrid(False)
        table.setCornerButtonEnabled(False)
        rows = table.verticalHeader()
        rows.setVisible(False)
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(round(table.fontMetrics().height() * 1.75))
        header = table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionsMovable(True)
        header.setSortIndicator(self.model.COUNTDOWN, Qt.SortOrder.AscendingOrder)
        table.setSortingEnabled(True)
        self._default_widths(table)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._column_menu)
        table.doubleClicked.connect(self._on_double_click)
        table.selectionModel().currentRowChanged.connect(self._on_current)
        return table

    def _default_widths(self, table: QTableView) -> None:
        metrics = table.fontMetrics()
        header = table.horizontalHeader()
        samples = {self.model.COUNTDOWN: countdown.format_overdue(23 * 3600 + 59 * 60)}
        pad = metrics.horizontalAdvance("M") * 2
        for col in range(self.model.columnCount()):
            title = str(self.model.headerData(col, Qt.Orientation.Horizontal) or "")
            sample = samples.get(col, "")
            width = max(metrics.horizontalAdvance(title), metrics.horizontalAdvance(sample)) + pad
            header.resizeSection(col, max(width, metrics.horizontalAdvance("0000000000")))
        header.setSectionResizeMode(self._stretch, QHeaderView.ResizeMode.Stretch)

    def fit_columns(self, sample_rows: int = 200) -> None:
        """Widen columns to their content over the first rows (not all 100,000)."""
        metrics = self.table.fontMetrics()
        header = self.table.horizontalHeader()
        em = metrics.horizontalAdvance("M")
        rows = self.model.rows[:sample_rows]
        for col in range(self.model.columnCount()):
            if col in (self._stretch, self.model.COUNTDOWN):
                continue
            widest = max((metrics.horizontalAdvance(r.cells[col]) for r in rows), default=0)
            limit = em * (30 if col in self.model.NUMBERS else 16 if col == self.model.WHAT else 12)
            header.resizeSection(col, max(header.sectionSize(col), min(widest + em * 2, limit)))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._keep_stretch_readable()
        return False

    def _keep_stretch_readable(self, *_section) -> None:
        """The stretch column (the item, on Cases and Orders) takes the width the other
        columns leave; with many wide columns in a narrow window that was a few pixels,
        every product shown as "…". Below STRETCH_MIN_EM it keeps that width and the
        table scrolls sideways; it stretches again once the window has the room."""
        header = self.table.horizontalHeader()
        col = self._stretch
        if header.isSectionHidden(col):
            return
        want = self.table.fontMetrics().horizontalAdvance("M") * STRETCH_MIN_EM
        others = sum(
            header.sectionSize(c)
            for c in range(header.count())
            if c != col and not header.isSectionHidden(c)
        )
        room = self.table.viewport().width() - others
        stretching = header.sectionResizeMode(col) == QHeaderView.ResizeMode.Stretch
        if stretching and room < want:
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(col, want)
        elif not stretching and room >= want:
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)

    def _column_menu(self, pos) -> None:
        """Right-click on the header: show or hide columns (the countdown always stays)."""
        header = self.table.horizontalHeader()
        menu = QMenu(self)
        for col in range(self.model.columnCount()):
            if col == self.model.COUNTDOWN:
                continue
            entry = menu.addAction(str(self.model.headerData(col, Qt.Orientation.Horizontal)))
            entry.setCheckable(True)
            entry.setChecked(not header.isSectionHidden(col))
            entry.toggled.connect(lambda on, c=col: header.setSectionHidden(c, not on))
        menu.exec(header.mapToGlobal(pos))

    # -- selection --------------------------------------------------------------------

    def current_key(self) -> tuple | None:
        index = self.table.currentIndex()
        return index.data(KEY_ROLE) if index.isValid() else None

    def select_key(self, key: tuple | None) -> bool:
        if key is None:
            return False
        row = self.proxy.proxy_row_of(key)
        if row < 0:
            return False
        index = self.proxy.index(row, 0)
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        return True

    def keep_current(self, key: tuple | None) -> None:
        """After rows changed under the selection (an action, a sweep): the row of
        ``key`` again, else another row of the same case or order (its next timer),
        else no row at all. Qt would move the highlight to a neighbour, a record the
        details panel does not show, and the next shortcut would seem to be for it."""
        if key is None or self.current_key() == key or self.select_key(key):
            return
        record = record_key(key)
        source = next((i for i, r in enumerate(self.model.rows) if record_key(r.key) == record), -1)
        if source >= 0:
            index = self.proxy.mapFromSource(self.model.index(source, 0))
            if index.isValid():
                self.table.setCurrentIndex(index)
                self.table.scrollTo(index)
                return
        self.table.selectionModel().clear()

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.current_changed.emit(current.data(KEY_ROLE) if current.isValid() else None)

    def _on_double_click(self, index: QModelIndex) -> None:
        if index.isValid():
            self.activated.emit(index.data(KEY_ROLE))

    def _activate_current(self) -> None:
        key = self.current_key()
        if key is not None:
            self.activated.emit(key)

    # -- layout memory ----------------------------------------------------------------

    def save_layout(self, settings: QSettings) -> None:
        settings.setValue(f"{self.settings_key}/header", self.table.horizontalHeader().saveState())

    def restore_layout(self, settings: QSettings) -> bool:
        state = settings.value(f"{self.settings_key}/header")
        if isinstance(state, QByteArray) and not state.isEmpty():
            return self.table.horizontalHeader().restoreState(state)
        return False
