"""The row the three tables share, its sort, and the tables' column orders.

Contract: rows are built by gui.models.builders from core's frozen dataclasses;
plain Python (only QCoreApplication.translate from Qt, which is
thread-safe), so the board worker builds every row off the GUI thread and the
models only swap lists. A row keeps the absolute deadline, never a remaining
time: the models compute that from the clock when a cell is painted.

What filters and the default sort need (identity, deadline, platform, shop,
tags, date, search text) is computed up front; the display texts and the other
columns' sort keys are formatted on first use (``cells`` / ``sort``), because a
window shows ~40 of 100,000 rows and formatting them all cost seconds.

Threading: pure functions; a row is used by one thread at a time (built on the
worker, then handed to the GUI thread).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from datetime import datetime
from operator import attrgetter

from core.domain import Event, Order, Timer

SETTLED_AFTER = 1e11  # seconds (~3,000 years) added to a settled row's countdown sort key
NO_DEADLINE = math.inf
EXPIRE = "expire"

Group = tuple[str, str]  # (platform value, order number): the unit one action refreshes
Cells = tuple[list[str], list]  # display texts and sort keys, one per column


@dataclass(slots=True)
class Row:
    key: tuple  # identity, e.g. ("case", "pinduoduo", "PI123")
    make: Callable[..., Cells]  # formats the columns on first use
    args: tuple  # what `make` formats
    deadline: datetime | None = None
    merchant: bool = True  # the countdown is the merchant's move (coloured by urgency)
    expired_text: str = ""  # shown instead of the "what" cell once the deadline passed
    platform: str = ""
    shop: str = ""
    tags: frozenset[str] = frozenset()  # what the state filter matches
    actor: str = ""
    date: datetime | None = None  # the date the view's date filter looks at
    search: tuple[str, ...] = ()  # lower-case texts instant search matches (search_text)
    amount_fen: int = 0
    running: bool = True  # a running timer (counts in the status bar)
    case_no: str | None = None
    order_no: str = ""
    settled: bool = False  # the deadline passed and a rule settled it: to confirm
    deadline_ts: float = NO_DEADLINE  # the countdown's sort key (see __post_init__)
    _cells: list[str] | None = None
    _sort: list | None = None

    def __post_init__(self) -> None:
        if self.deadline is not None:
            # settled rows after every running deadline: what can still be saved first
            self.deadline_ts = self.deadline.timestamp() + (SETTLED_AFTER if self.settled else 0)

    @property
    def group(self) -> Group:
        """The order this row belongs to (what one action refreshes)."""
        return (self.platform, self.order_no)

    def _format(self) -> None:
        self._cells, self._sort = self.make(*self.args)

    @property
    def cells(self) -> list[str]:
        if self._cells is None:
            self._format()
        return self._cells  # type: ignore[return-value]

    @property
    def sort(self) -> list:
        if self._sort is None:
            self._format()
        return self._sort  # type: ignore[return-value]


_DEADLINE_TS = attrgetter("deadline_ts")
_KEY = attrgetter("key")


def sort_rows(
    rows: list[Row], column: int, descending: bool = False, countdown: int | None = None
) -> list[Row]:
    """In place, by the column's sort key then the identity (stable, deterministic)."""
    if column == countdown:
        # two stable sorts, identity then countdown: the order of sorting by
        # (deadline_ts, key) without a new tuple per row (~8 MiB at 100,000 orders,
        # at the moment a load holds the most)
        rows.sort(key=_KEY, reverse=descending)
        rows.sort(key=_DEADLINE_TS, reverse=descending)
    else:
        rows.sort(key=lambda r: (r.sort[column], r.key), reverse=descending)
    return rows


def search_text(*parts: str) -> tuple[str, ...]:
    """What instant search matches: the parts in lower case. A part that is already
    (numbers, Chinese titles) is kept, not copied, so 100,000 rows share their
    records' strings instead of holding a joined copy each (~15 MiB)."""
    out = []
    for part in parts:
        low = part.lower()
        out.append(part if low == part else low)
    return tuple(out)


def columns(order: tuple[str, ...], values: dict[str, tuple[str, object]]) -> Cells:
    return [values[k][0] for k in order], [values[k][1] for k in order]


def outcomes_from_events(events: Iterable[Event]) -> dict[tuple[str, str], str]:
    """(platform, case_no) -> on_expiry code of the case's newest expiry event."""
    found: dict[tuple[str, str], str] = {}
    for ev in events:
        if ev.action == EXPIRE and ev.case_no and ev.data.get("on_expiry"):
            found[(ev.platform.value, ev.case_no)] = ev.data["on_expiry"]
    return found


# column order of each table (models name the headers in the same order)
TODO_COLUMNS = (
    "platform", "shop", "number", "item", "what", "countdown", "deadline", "money",
)  # fmt: skip
CASE_COLUMNS = (
    "platform", "shop", "case_no", "kind", "state", "countdown", "whose", "item", "buyer",
    "refund", "applied", "order_no",
)  # fmt: skip
ORDER_COLUMNS = (
    "platform", "shop", "order_no", "item", "shipping", "countdown", "after_sales", "buyer",
    "amount", "paid",
)  # fmt: skip
TODO_COUNTDOWN = TODO_COLUMNS.index("countdown")
CASES_COUNTDOWN = CASE_COLUMNS.index("countdown")
ORDERS_COUNTDOWN = ORDER_COLUMNS.index("countdown")


def calendar_years(timers: Iterable[Timer]) -> list[str]:
    """Years a calendar_fallback:<year> warning names, sorted."""
    years = {
        w.partition(":")[2]
        for t in timers
        for w in t.warnings
        if w.startswith("calendar_fallback:")
    }
    return sorted(years)


def orders_by_group(
    orders: Iterable[Order], only: Collection[Group] | None = None
) -> dict[Group, Order]:
    """The orders by (platform value, order number); ``only``: just those groups (the
    orders of some cases: a dict of every order is ~10 MiB at 100,000)."""
    if only is None:
        return {(o.platform.value, o.order_no): o for o in orders}
    return {key: o for o in orders if (key := (o.platform.value, o.order_no)) in only}
