"""Filters and instant search over a CountdownTableModel (a QSortFilterProxyModel).

Contract: ``Filters`` is a frozen description (platform, shop, states, actor,
urgency band, date range, search text); ``BoardFilterProxy.set_filters``
re-filters once. Filtering reads the source model's rows directly (no data()
round trips). Sorting is forwarded to the source model, which sorts by
precomputed keys; the proxy itself never sorts (with 100,000 rows a proxy
sort would call data() millions of times), so the proxy keeps source order.

Threading: GUI thread only.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

from core.domain import Urgency
from gui.models.base import SORT_ROLE, CountdownTableModel
from gui.models.rows import Row


@dataclass(frozen=True, slots=True)
class Filters:
    platform: str = ""
    shop: str = ""
    tags: frozenset[str] = frozenset()  # empty: any; else a row needs one of them
    actor: str = ""
    urgency: Urgency | None = None
    date_from: datetime | None = None  # inclusive
    date_to: datetime | None = None  # exclusive
    text: str = ""

    @property
    def active(self) -> bool:
        return self != Filters()

    def terms(self) -> tuple[str, ...]:
        return tuple(self.text.lower().split())


class BoardFilterProxy(QSortFilterProxyModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._filters = Filters()
        self._active = False
        self._terms: tuple[str, ...] = ()
        self.setSortRole(SORT_ROLE)

    @property
    def filters(self) -> Filters:
        return self._filters

    def source(self) -> CountdownTableModel:
        return self.sourceModel()  # type: ignore[return-value]

    def set_filters(self, filters: Filters | None = None, **changes) -> None:
        new = replace(filters or self._filters, **changes)
        if new == self._filters:
            return
        self.beginFilterChange()
        self._filters = new
        self._active = new.active
        self._terms = new.terms()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def refilter(self) -> None:
        """Re-evaluate time-dependent filters (urgency band) against the clock."""
        if self._filters.urgency is not None:
            self.beginFilterChange()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        model = self.source()
        if model is not None:
            model.sort(column, order)

    def source_row(self, proxy_row: int) -> Row:
        return self.source().row_at(self.mapToSource(self.index(proxy_row, 0)).row())

    def proxy_row_of(self, key: tuple) -> int:
        row = self.source().find(key)
        if row < 0:
            return -1
        return self.mapFromSource(self.source().index(row, 0)).row()

    def filterAcceptsRow(
        self,
        source_row: int,
        source_parent: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        if not self._active:
            return True
        model = self.source()
        return accepts(model.rows[source_row], self._filters, self._terms, model)


def accepts(row: Row, f: Filters, terms: tuple[str, ...], model: CountdownTableModel) -> bool:
    if f.platform and row.platform != f.platform:
        return False
    if f.shop and row.shop != f.shop:
        return False
    if f.tags and not f.tags & row.tags:
        return False
    if f.actor and row.actor != f.actor:
        return False
    if f.date_from is not None and (row.date is None or row.date < f.date_from):
        return False
    if f.date_to is not None and (row.date is None or row.date >= f.date_to):
        return False
    if f.urgency is not None and model.band(row) is not f.urgency:
        return False
    return all(any(t in part for part in row.search) for t in terms)
