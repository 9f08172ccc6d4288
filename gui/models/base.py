"""The table model behind all three views: rows with absolute deadlines.

Contract: rows (gui.models.rows.Row) hold absolute deadlines; ``data()``
computes the remaining time from the injected Clock each time a countdown cell
is painted, and colours it by core's urgency band. Rows never reorder by
themselves: ``sort()`` orders by SORT_ROLE keys (the absolute deadline for the
countdown column), so ticking changes text and colour only. The model never
emits on ticks; CountdownTicker asks the view's proxy to repaint the visible
countdown cells.

Threading: GUI thread only. Rows are built elsewhere (the board worker) and
handed over whole with ``set_rows``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont

from core.clock import Clock
from core.domain import Urgency
from core.rules.urgency import DEFAULT_THRESHOLDS, UrgencyThresholds, urgency_of
from gui import countdown, fmt
from gui.models.rows import Group, Row, sort_rows

R = Qt.ItemDataRole
DISPLAY = R.DisplayRole
FOREGROUND = R.ForegroundRole
BACKGROUND = R.BackgroundRole
ALIGNMENT = R.TextAlignmentRole
TOOLTIP = R.ToolTipRole
FONT = R.FontRole
SORT_ROLE = R.UserRole + 1  # per-column sort key (absolute deadline for the countdown)
KEY_ROLE = R.UserRole + 2  # the row's identity tuple
DEADLINE_ROLE = R.UserRole + 3  # aware UTC datetime or None
TICK_ROLES = [DISPLAY, FOREGROUND, BACKGROUND]  # what a tick changes

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


class CountdownTableModel(QAbstractTableModel):
    CONTEXT = "CountdownTableModel"
    COLUMNS: tuple[str, ...] = ()  # English header sources, translated in headerData
    COUNTDOWN = 0  # the live column
    WHAT: int | None = None  # shows the row's expired_text once the deadline passed
    RIGHT: frozenset[int] = frozenset()  # right-aligned columns (money, numbers)
    STRETCH = 0  # the column that takes the spare width
    NUMBERS: frozenset[int] = frozenset()  # order / case numbers: never cut short

    def __init__(self, clock: Clock, parent=None) -> None:
        super().__init__(parent)
        self._clock = clock
        self._rows: list[Row] = []
        self._thresholds = DEFAULT_THRESHOLDS
        self._dark = False
        self._sort: tuple[int, Qt.SortOrder] = (self.COUNTDOWN, Qt.SortOrder.AscendingOrder)
        self._bold = QFont()
        self._bold.setBold(True)

    # -- setup ------------------------------------------------------------------------

    @property
    def clock(self) -> Clock:
        return self._clock

    @property
    def thresholds(self) -> UrgencyThresholds:
        return self._thresholds

    def set_thresholds(self, thresholds: UrgencyThresholds) -> None:
        self._thresholds = thresholds
        self._repaint_countdowns()

    def set_dark(self, dark: bool) -> None:
        self._dark = dark
        self._repaint_countdowns()

    def _repaint_countdowns(self) -> None:
        if self._rows:  # rare (settings, dark mode): one signal for the column
            col = self.COUNTDOWN
            last = len(self._rows) - 1
            self.dataChanged.emit(self.index(0, col), self.index(last, col), TICK_ROLES)

    # -- rows -------------------------------------------------------------------------

    @property
    def rows(self) -> list[Row]:
        return self._rows

    def row_at(self, row: int) -> Row:
        return self._rows[row]

    def find(self, key: tuple) -> int:
        return next((i for i, r in enumerate(self._rows) if r.key == key), -1)

    def set_rows(self, rows: Sequence[Row], presorted: tuple[int, bool] | None = None) -> None:
        """Swap every row. ``presorted`` = (column, descending) the worker already sorted by."""
        column, order = self._sort
        done = presorted == (column, order == Qt.SortOrder.DescendingOrder)
        self.beginResetModel()
        self._rows = list(rows) if done else self._sorted(list(rows))
        self.endResetModel()

    def replace_group(self, group: Group, rows: Sequence[Row]) -> None:
        """Swap the rows of one order (after an action): in place where the key stays."""
        new = {r.key: r for r in rows}
        gone: list[int] = []
        last = len(self.COLUMNS) - 1
        platform, order_no = group
        for i, old in enumerate(self._rows):
            if old.order_no != order_no or old.platform != platform:
                continue
            if old.key in new:
                self._rows[i] = new.pop(old.key)
                self.dataChanged.emit(self.index(i, 0), self.index(i, last))
            else:
                gone.append(i)
        for i in reversed(gone):
            self.beginRemoveRows(QModelIndex(), i, i)
            del self._rows[i]
            self.endRemoveRows()
        for row in new.values():
            pos = self._insert_position(row)
            self.beginInsertRows(QModelIndex(), pos, pos)
            self._rows.insert(pos, row)
            self.endInsertRows()

    def replace_groups(self, changed: dict[Group, Sequence[Row]]) -> None:
        """Swap the rows of many orders at once (a sweep's outcomes): one pass over the
        rows and one sort, then a reset. Per order, ``replace_group`` scans every row
        (~38 ms an order across the three tables of a 100,000-order shop)."""
        rows = [r for r in self._rows if (r.platform, r.order_no) not in changed]
        for new in changed.values():
            rows.extend(new)
        self.set_rows(rows)

    # -- sorting ----------------------------------------------------------------------

    def _key(self, column: int):
        if column == self.COUNTDOWN:
            return lambda r: (r.deadline_ts, r.key)
        return lambda r: (r.sort[column], r.key)

    def _sorted(self, rows: list[Row]) -> list[Row]:
        column, order = self._sort
        if 0 <= column < len(self.COLUMNS):
            sort_rows(rows, column, order == Qt.SortOrder.DescendingOrder, self.COUNTDOWN)
        return rows

    def _insert_position(self, row: Row) -> int:
        column, order = self._sort
        if not 0 <= column < len(self.COLUMNS):
            return len(self._rows)
        key = self._key(column)
        mine = key(row)
        descending = order == Qt.SortOrder.DescendingOrder
        for i, other in enumerate(self._rows):
            theirs = key(other)
            if (theirs < mine) if descending else (theirs > mine):
                return i
        return len(self._rows)

    def sort_state(self) -> tuple[int, Qt.SortOrder]:
        return self._sort

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Python's sort on precomputed keys (a C++ proxy sort would call data() ~3M times)."""
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        tracked = [(p, self._rows[p.row()]) for p in old]
        self._sorted(self._rows)
        where = {id(r): i for i, r in enumerate(self._rows)} if tracked else {}
        self.changePersistentIndexList(
            old, [self.index(where[id(r)], p.column()) for p, r in tracked]
        )
        self.layoutChanged.emit()

    # -- Qt model API -------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY):
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.COLUMNS):
            return None
        if role == DISPLAY:
            return QCoreApplication.translate(self.CONTEXT, self.COLUMNS[section])
        if role == ALIGNMENT:
            return _RIGHT if section in self.RIGHT or section == self.COUNTDOWN else _LEFT
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = DISPLAY):
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        col = index.column()
        if col == self.COUNTDOWN:
            return self._countdown(row, role)
        if role == DISPLAY:
            if col == self.WHAT and row.expired_text and self._expired(row):
                return row.expired_text
            return row.cells[col]
        if role == SORT_ROLE:
            return row.sort[col]
        if role == ALIGNMENT:
            return _RIGHT if col in self.RIGHT else _LEFT
        if role == FOREGROUND and col == self.WHAT and row.expired_text and self._expired(row):
            return countdown.alert_color(self._dark)
        if role == TOOLTIP and row.cells[col]:
            return self._tooltip(row, col)
        if role == KEY_ROLE:
            return row.key
        if role == DEADLINE_ROLE:
            return row.deadline
        return None

    def _expired(self, row: Row) -> bool:
        return row.deadline is not None and row.deadline <= self._clock.now()

    def band(self, row: Row) -> Urgency | None:
        """The urgency of the merchant's deadline; None for a row without one — the
        buyer's or the platform's clock is shown muted, and counts under no band (as
        the status bar counts only the merchant's)."""
        if row.deadline is None or not row.merchant:
            return None
        return urgency_of(row.deadline - self._clock.now(), self._thresholds)

    def _countdown(self, row: Row, role: int):
        if role == DISPLAY:
            if row.deadline is None:
                return "—"
            return countdown.format_countdown((row.deadline - self._clock.now()).total_seconds())
        if role in (FOREGROUND, BACKGROUND, FONT):
            band = self.band(row)
            if not row.merchant:  # the buyer's or the platform's clock: shown, not alarming
                return countdown.muted_color(self._dark) if role == FOREGROUND else None
            if band is None or band is Urgency.OK:
                return None
            if role == FONT:
                return self._bold if band in (Urgency.URGENT, Urgency.OVERDUE) else None
            fg, bg = countdown.band_colors(band, self._dark)
            return fg if role == FOREGROUND else bg
        if role == ALIGNMENT:
            return _RIGHT
        if role == SORT_ROLE:
            return row.deadline_ts
        if role == TOOLTIP and row.deadline is not None:
            return self._deadline_tooltip(row)
        if role == KEY_ROLE:
            return row.key
        if role == DEADLINE_ROLE:
            return row.deadline
        return None

    def _deadline_tooltip(self, row: Row) -> str:
        text = QCoreApplication.translate("CountdownTableModel", "Deadline: %1")
        return text.replace("%1", fmt.long_time(row.deadline))

    def _tooltip(self, row: Row, col: int) -> str | None:
        if col == self.WHAT and row.expired_text and self._expired(row):
            return row.expired_text
        return row.cells[col] if len(row.cells[col]) > 8 else None

    def remaining(self, row: Row) -> timedelta | None:
        return None if row.deadline is None else row.deadline - self._clock.now()
