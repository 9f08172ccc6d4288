"""Service's reads of running timers: the board, To do's records, ``due`` and ``due_json``.

Contract: ``TimerReads`` is mixed into core.service.Service, which gives it ``repo``,
``engine``, ``clock`` and ``_timed_finished`` (the finished states some case rule still
runs in). Timers are computed from the stored records by the rule engine, per order;
``due_json`` answers from the stored deadlines (core.deadlines) when it can.

Threading: as Service.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from operator import attrgetter, itemgetter
from typing import TYPE_CHECKING

from core.domain import Actor, Case, Order, Platform, Shop, Timer
from core.gcpause import paused_gc

if TYPE_CHECKING:
    from core.clock import Clock
    from core.rules.engine import Engine
    from core.storage import Repository

_DUE_ORDER = itemgetter(0, 1, 2, 3)  # due, platform, order number, seq
_DUE_AT = attrgetter("due_at")


@dataclass(frozen=True, slots=True)
class Board:
    """Everything the window lists: orders, cases and all running timers."""

    orders: tuple[Order, ...]
    cases: tuple[Case, ...]
    timers: tuple[Timer, ...]
    shops: tuple[Shop, ...]


class TimerReads:
    """The reading half of Service (see the module docstring)."""

    repo: Repository
    engine: Engine
    clock: Clock
    _timed_finished: list[str]

    def _shops(self) -> dict[tuple[Platform, str], Shop]:
        return {(s.platform, s.name): s for s in self.repo.shops()}

    def board(self) -> Board:
        return self._board(self.repo.orders(), self.repo.cases())

    def todo(self) -> Board:
        """What the To-do view needs first: exactly `board()`'s timers, from only the
        records they depend on (Repository.cases_with_timers / orders_with_timers: open
        and assumed cases, all cases of unshipped orders, and their orders, without the
        buyer's phone and address). Much smaller than `board()` for a big shop."""
        return self._board(*self._timed_records())

    def _timed_records(
        self, of: Sequence[tuple[Platform, str]] | None = None
    ) -> tuple[list[Order], list[Case]]:
        """The orders and cases `_timers` needs to give exactly `board()`'s timers
        (orders without the buyer's phone and address: no timer or list needs them);
        ``of``: only those of these (platform, order number) pairs."""
        finished = self._timed_finished
        return (
            self.repo.orders_with_timers(finished, contact=False, of=of),
            self.repo.cases_with_timers(finished, of=of),
        )

    def _timed_record_ranges(self, size: int) -> Iterator[tuple[list[Order], list[Case]]]:
        """``_timed_records()``, a range of about ``size`` order numbers at a time (each
        order with all its cases): what computing every timer needs, never all at once."""
        finished = self._timed_finished
        for within in self.repo.key_ranges(size):
            yield (
                self.repo.orders_with_timers(finished, contact=False, within=within),
                self.repo.cases_with_timers(finished, within=within),
            )

    def untimed_records(self) -> tuple[list[Order], list[Case]]:
        """Every order and case `todo()` does not read (no timer can run on them): with
        `todo()`'s they are `board()`'s records, each once (orders, like `todo()`'s,
        without the buyer's phone and address)."""
        finished = self._timed_finished
        return (
            self.repo.orders_with_timers(finished, timed=False, contact=False),
            self.repo.cases_with_timers(finished, timed=False),
        )

    def _board(self, orders: Sequence[Order], cases: Sequence[Case]) -> Board:
        shops = self._shops()
        timers = self._timers(orders, cases, shops)
        return Board(tuple(orders), tuple(cases), tuple(timers), tuple(shops.values()))

    def _timers(
        self,
        orders: Iterable[Order],
        cases: Iterable[Case],
        shops: dict[tuple[Platform, str], Shop],
    ) -> list[Timer]:
        with paused_gc():  # ~100,000 timers kept: see core.gcpause
            return self._timers_unpaused(orders, cases, shops)

    def _timers_unpaused(
        self,
        orders: Iterable[Order],
        cases: Iterable[Case],
        shops: dict[tuple[Platform, str], Shop],
    ) -> list[Timer]:
        timers: list[Timer] = []
        for _, group in self._group_timers(orders, cases, shops):
            timers.extend(group)
        timers.sort(key=_DUE_AT)
        return timers

    def _group_timers(
        self,
        orders: Iterable[Order],
        cases: Iterable[Case],
        shops: dict[tuple[Platform, str], Shop],
    ) -> Iterator[tuple[tuple[Platform, str], list[Timer]]]:
        """Per order (platform, order number): the engine's timers of the order and its
        cases, in the engine's order. Orders without a timer may be left out."""
        by_order: dict[tuple[Platform, str], list[Case]] = defaultdict(list)
        for c in cases:
            by_order[(c.platform, c.order_no)].append(c)
        # one dict operation per order to build, one to take it out (each touches the
        # order's key strings, scattered in memory: ~1 µs a lookup at 100,000 orders)
        left = {(o.platform, o.order_no): o for o in orders}
        timers_of = self.engine.timers
        # in the order the rows were read (cases, then orders without one): the objects
        # lie in memory in that order, and hash order cost a third more in cache misses
        for key, order_cases in by_order.items():
            order = left.pop(key, None)
            shop_name = order.shop if order else order_cases[0].shop
            yield key, timers_of(order, order_cases, shops.get((key[0], shop_name)))
        # only unshipped orders and orders with cases can have a running timer
        for key, order in left.items():
            if order.shipped_at is None:
                yield key, timers_of(order, (), shops.get((key[0], order.shop)))

    def due(
        self,
        now: datetime | None = None,
        within: timedelta | None = None,
        actor: Actor | None = None,
    ) -> list[Timer]:
        """Running timers sorted by due time, optionally only those due within `within`."""
        now = now or self.clock.now()
        orders, cases = self._timed_records()
        keyed = []
        with paused_gc():
            for (platform, order_no), group in self._group_timers(orders, cases, self._shops()):
                for seq, t in enumerate(group):
                    if (
                        (actor is None or t.actor is actor)
                        and (within is None or t.due_at <= now + within)
                        and not (t.informational and t.due_at < now)
                    ):
                        keyed.append((t.due_at, platform.value, order_no, seq, t))
        keyed.sort(key=_DUE_ORDER)
        return [k[4] for k in keyed]

    def due_json(
        self,
        now: datetime | None = None,
        within: timedelta | None = None,
        actor: Actor | None = None,
        *,
        store: bool = True,
    ) -> bytes:
        """``due()`` as UTF-8 JSON (what `due --json` prints), from the stored deadlines
        (core.deadlines) when they can answer: brought up to date first unless
        ``store`` is False (``--now`` writes nothing); otherwise computed — the same
        bytes either way."""
        from core.deadlines import DeadlineStore
        from core.timer_json import timers_text

        now = now or self.clock.now()
        found = DeadlineStore(self).due_json(now, within, actor, refresh=store)
        if found is None:
            found = timers_text(self.due(now, within, actor), now).encode()
        return found
