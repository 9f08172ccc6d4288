"""Reading orders and cases: the columns read, reading rows from the driver's cursor,
and the timed reads — the records a running timer can depend on (``TimedReads``,
part of core.storage.repository.Repository).

A timed read gives exactly the records ``Service``'s timers need (open and assumed
cases, cases of unshipped orders, their orders); the window's first stage and
``due`` read those instead of every record. ``TimedReads`` expects the repository's
``_read`` session, its row readers and ``_orders``/``_cases``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import pairwise
from typing import Any, NamedTuple

from sqlalchemy import (
    ColumnElement,
    Select,
    Table,
    literal,
    not_,
    or_,
    select,
    text,
    tuple_,
)
from sqlalchemy.orm import Session

from core.domain import TERMINAL_STATES, Case, Order, Platform
from core.storage import convert
from core.storage.models import CASES, ORDERS

ORDER_COLS = convert.columns(ORDERS, convert.ORDER_FIELDS)
# the same, with the buyer's phone and address left out (read as ""): lists show neither
CONTACT = ("buyer_phone", "buyer_address")
ORDER_COLS_NO_CONTACT = [literal("").label(c.name) if c.name in CONTACT else c for c in ORDER_COLS]
CASE_COLS = convert.columns(CASES, convert.CASE_FIELDS)
TERMINAL = sorted(s.value for s in TERMINAL_STATES)


class KeyRange(NamedTuple):
    """The order numbers of one platform from ``first`` up to, not including, ``after``
    (None: to the last)."""

    platform: str
    first: str
    after: str | None

    def holds(self, table: Table) -> list[ColumnElement[bool]]:
        """The conditions on ``table``'s platform and order_no."""
        found = [table.c.platform == self.platform, table.c.order_no >= self.first]
        if self.after is not None:
            found.append(table.c.order_no < self.after)
        return found


def _timed(timed_finished: Iterable[str]) -> ColumnElement[bool]:
    """Cases a timer may run on (open, or finished in one of these states) or that
    await the operator's confirmation (assumed)."""
    finished = sorted(timed_finished)
    return or_(
        CASES.c.state.not_in(TERMINAL),
        CASES.c.assumed.is_(True),
        *([CASES.c.state.in_(finished)] if finished else []),
    )


def stored(platform: Platform | str) -> str:
    """A platform as stored (a member's value without the enum's lookup)."""
    return platform.value if type(platform) is Platform else Platform(platform).value


def key_chunks(keys: Iterable[tuple[Platform | str, str]]) -> Iterator[list[tuple[str, str]]]:
    """(platform, number) pairs as stored, 400 at a time (two bound values each)."""
    pairs = [(stored(p), no) for p, no in keys]
    for start in range(0, len(pairs), 400):
        yield pairs[start : start + 400]


def read_all(s: Session, query: Select[Any], read: convert.RowReader) -> list[Any]:
    """The query's rows as domain objects, read from the driver's cursor (see
    Repository._objects)."""
    result = s.execute(query)
    try:
        return read(result.cursor)
    finally:
        result.close()


def _orders_timed(
    timed_finished: Iterable[str], timed: bool, contact: bool, few: bool = False
) -> Select[Any]:
    """Repository.orders_with_timers' query (no order, no key filter). ``few``: for a
    few orders picked by key (EXISTS per order, not every timed case's key looked up
    again for each query of 400 keys: 0.2 s each at 100,000 cases)."""
    if timed and not few:  # the cases' numbers looked up once: ~0.1 s less than EXISTS per order
        keys = select(CASES.c.platform, CASES.c.order_no).where(_timed(timed_finished))
        with_case = tuple_(ORDERS.c.platform, ORDERS.c.order_no).in_(keys)
    else:
        with_case = (
            select(CASES.c.id)
            .where(CASES.c.platform == ORDERS.c.platform, CASES.c.order_no == ORDERS.c.order_no)
            .where(_timed(timed_finished))
            .exists()
        )
    which = or_(ORDERS.c.shipped_at.is_(None), with_case)
    columns = ORDER_COLS if contact else ORDER_COLS_NO_CONTACT
    return select(*columns).where(which if timed else not_(which))


def _cases_timed(timed_finished: Iterable[str], timed: bool) -> Select[Any]:
    """Repository.cases_with_timers' query (no order, no key filter)."""
    unshipped = select(ORDERS.c.id).where(
        ORDERS.c.platform == CASES.c.platform,
        ORDERS.c.order_no == CASES.c.order_no,
        ORDERS.c.shipped_at.is_(None),
    )
    which = or_(_timed(timed_finished), unshipped.exists())
    return select(*CASE_COLS).where(which if timed else not_(which))


class TimedReads:
    """The timed reads of ``Repository`` (see the module docstring)."""

    def key_ranges(self, size: int) -> list[KeyRange]:
        """Ranges of (platform, order number) that together hold every order and case,
        about ``size`` numbers each, in key order — to read the timed records a range at
        a time (``within=``), each range by the indexes on the order number."""
        union = "SELECT platform, order_no FROM orders UNION SELECT platform, order_no FROM cases"
        query = text(
            "SELECT platform, order_no FROM (SELECT platform, order_no, row_number() OVER"
            f" (PARTITION BY platform ORDER BY order_no) AS n FROM ({union}))"
            " WHERE (n - 1) % :size = 0 ORDER BY platform, order_no"
        )
        with self._read() as s:
            starts = s.execute(query, {"size": size}).all()
        return [
            KeyRange(platform, first, after[1] if after and after[0] == platform else None)
            for (platform, first), after in pairwise([*starts, None])
        ]

    def orders_with_timers(
        self,
        timed_finished: Iterable[str] = (),
        *,
        timed: bool = True,
        contact: bool = True,
        of: Iterable[tuple[Platform, str]] | None = None,
        within: KeyRange | None = None,
    ) -> list[Order]:
        """Unshipped orders and the orders of the cases ``cases_with_timers`` reads: the
        only ones a timer can run on or a To-do row names (at 100,000 orders most are
        shipped, with no case or a finished one, and are not read). ``timed=False``:
        every other order (the two reads together are ``orders()``). ``contact=False``:
        without the buyer's phone and address (``""``; ~15 MB less for 100,000 orders
        held by a list that shows neither). ``of``: only these (platform, order number)
        pairs (one query per 400). ``within``: only the orders in this range."""
        few = of is not None or within is not None
        query = _orders_timed(timed_finished, timed, contact, few=few)
        if within is not None:
            query = query.where(*within.holds(ORDERS))
        if of is not None:
            number = tuple_(ORDERS.c.platform, ORDERS.c.order_no)
            chunks = key_chunks(of)
            return [o for chunk in chunks for o in self._orders(query.where(number.in_(chunk)))]
        return self._orders(query.order_by(ORDERS.c.id))  # the scan's order: no sort step

    def cases_with_timers(
        self,
        timed_finished: Iterable[str] = (),
        *,
        timed: bool = True,
        of: Iterable[tuple[Platform, str]] | None = None,
        within: KeyRange | None = None,
    ) -> list[Case]:
        """Open cases; finished cases in a state of ``timed_finished`` (a rule still
        runs there, e.g. an informational refund-arrival timer); cases a rule's outcome
        left to confirm; and every case of an unshipped order (a refund before shipping
        ends the shipping deadline). ``timed=False``: every other case (the two reads
        together are ``cases()``). ``of``: only the cases of these (platform, order
        number) pairs (one query per 400; each order's cases in id order). ``within``:
        only the cases of orders in this range."""
        query = _cases_timed(timed_finished, timed).order_by(CASES.c.id)
        if within is not None:
            query = query.where(*within.holds(CASES))
        if of is not None:
            number = tuple_(CASES.c.platform, CASES.c.order_no)
            chunks = key_chunks(of)
            return [c for chunk in chunks for c in self._cases(query.where(number.in_(chunk)))]
        return self._cases(query)  # id order is the scan's order: no sort step

    def assumed_records(self) -> tuple[list[Order], list[Case]]:
        """The cases a rule's outcome left to confirm (To do's confirmation rows) and
        their orders (without the buyer's phone and address) — what the window's first
        page needs besides the stored deadlines (core.deadlines.DeadlineStore.todo)."""
        assumed = CASES.c.assumed.is_(True)
        number = tuple_(ORDERS.c.platform, ORDERS.c.order_no)
        orders = select(*ORDER_COLS_NO_CONTACT).where(
            number.in_(select(CASES.c.platform, CASES.c.order_no).where(assumed))
        )
        cases = select(*CASE_COLS).where(assumed)
        return self._orders(orders.order_by(ORDERS.c.id)), self._cases(cases.order_by(CASES.c.id))
