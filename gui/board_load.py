"""The rows of the window's three tables, built from the database off the GUI thread.

A big shop loads in two stages, so the operator can work before everything is read:
  1. ``build_todo``: ``Service.todo()`` (open cases, the orders a timer can run on,
     every running timer) gives the To-do rows, the page the window opens on — or,
     when the deadlines are stored and current, ``build_todo_stored`` reads them
     (and ``build_after_stored`` computes and checks them before stage 2);
  2. ``build_rest``: the records no timer runs on (``Service.untimed_records``), with
     stage 1's timers and records (``todo()`` returns exactly ``board()``'s timers),
     give the Cases and Orders rows.
``build_board`` runs both, for callers that want everything at once. ``group_rows``
rebuilds one order's rows after an action, a sweep or an edit (a few queries; also
called on the GUI thread).
"""

from __future__ import annotations

import gc
import logging
import time
from collections.abc import Iterable, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from operator import attrgetter

from core.deadlines import DeadlineStore
from core.domain import Actor, Case, Order, Platform, Timer
from core.rules.transitions import platform_pending
from core.service import Board, NotFound, Service
from gui.models import builders as B
from gui.models import rows as R

log = logging.getLogger(__name__)
MAX_OUTCOME_LOOKUPS = 500
_DUE_AT = attrgetter("due_at")  # assumed cases whose expiry event we read (newest first)


@dataclass
class GroupRows:
    group: R.Group
    todo: list[R.Row]
    cases: list[R.Row]
    orders: list[R.Row]
    sweep_due: float | None = None  # earliest state-changing deadline (timestamp)


@dataclass
class TodoRows:
    """Stage 1: the To-do rows and what the rest of the window needs at once."""

    todo: list[R.Row]
    shops: list[tuple[str, str]]
    calendar_years: list[str]
    empty: bool
    counts: dict[str, int]
    sweep_due: dict[R.Group, float]
    # for stage 2: the timers, the records stage 1 read, the outcomes of assumed cases
    timers: tuple[Timer, ...] = ()
    orders: tuple[Order, ...] = field(default=(), repr=False)
    cases: tuple[Case, ...] = field(default=(), repr=False)
    outcomes: dict[tuple[str, str], str] = field(default_factory=dict)
    # cases an export set the state of after their deadline (Service.shown_open)
    shown_open: dict[tuple[str, str], datetime] = field(default_factory=dict)
    # False: built from the stored deadlines: ``timers`` are To do's (the running
    # merchant timers), ``orders``/``cases`` what its rows show of their records
    # (core.deadline_rows' briefs) and the cases to confirm with their orders, no sweep
    # deadlines; stage 2 (``build_after_stored``) reads the records, computes every timer
    complete: bool = True
    # the stored deadlines' write token they were read with (gui.start_snapshot)
    token: str | None = None


@dataclass
class BoardRows:
    todo: list[R.Row]
    cases: list[R.Row]
    orders: list[R.Row]
    shops: list[tuple[str, str]]
    calendar_years: list[str]
    empty: bool
    counts: dict[str, int] = field(default_factory=dict)
    sweep_due: dict[R.Group, float] = field(default_factory=dict)


def sweep_dues(
    timers: Iterable[Timer], shown_open: Mapping[tuple[str, str], datetime] | None = None
) -> dict[R.Group, float]:
    """Per order, the earliest deadline whose expiry changes a case's state — leaving
    out a deadline before the import that showed its case still open (``shown_open``,
    keyed as the rows are): the sweep does not move such a case (Service.sweep), so
    counting it kept the order "due" for good and every 30-s sweep read and rebuilt it
    again (336 orders, 0.79 s a sweep, on the benchmark's data)."""
    dues: dict[R.Group, float] = {}
    for t in timers:
        if t.case_no and t.next_state is not None and not t.informational:
            if shown_open and platform_pending(
                shown_open.get((t.platform.value, t.case_no)), t.due_at
            ):
                continue
            key = (t.platform.value, t.order_no)
            ts = t.due_at.timestamp()
            if ts < dues.get(key, R.NO_DEADLINE):
                dues[key] = ts
    return dues


@contextmanager
def no_gc():
    """Building 150,000 small objects: the cyclic GC would rescan them again and again.

    Afterwards the survivors are frozen (gc.freeze): the board's rows and dataclasses
    live until the next load and hold no cycles, so later collections (on any thread,
    the GUI's included) need not walk them; that walk paused the window ~0.5 s.
    """
    enabled = gc.isenabled()
    gc.disable()
    gc.unfreeze()  # the previous board may now be collected with everything else
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def build_todo(service: Service) -> TodoRows:
    """Stage 1: every running timer and the To-do rows, sorted by countdown."""
    with no_gc():
        started = time.perf_counter()
        counts = service.repo.counts()  # before the rows: a write in between shows later
        board = service.todo()
        loaded = time.perf_counter()
        result = _todo_rows(service, counts, board)
    log.debug(
        "to do %.2fs (%d orders, %d cases, %d timers), rows %.2fs",
        loaded - started,
        len(board.orders),
        len(board.cases),
        len(board.timers),
        time.perf_counter() - loaded,
    )
    return result


def _todo_rows(
    service: Service,
    counts: dict[str, int],
    board: Board,
    *,
    complete: bool = True,
    kept: TodoRows | None = None,
) -> TodoRows:
    """Stage 1's result from a board's records and timers: the To-do rows sorted by
    countdown (or ``kept``'s rows and outcomes, already made of the same). Not
    ``complete`` (stored To-do timers only): no sweep deadlines."""
    if kept is not None:
        todo, outcomes = kept.todo, kept.outcomes
        # stage 1's covered To do's timers only; the sweep and the other tables need all
        shown_open = _shown_open(service, board.timers) if complete else kept.shown_open
    else:
        outcomes = _outcomes(service, board.cases)
        shown_open = _shown_open(service, board.timers)
        orders = R.orders_by_group(board.orders)
        rows = B.todo_rows(board.timers, board.cases, orders, outcomes, shown_open)
        todo = R.sort_rows(rows, R.TODO_COUNTDOWN, countdown=R.TODO_COUNTDOWN)
    return TodoRows(
        todo=todo,
        shops=[(s.platform.value, s.name) for s in board.shops],
        calendar_years=R.calendar_years(board.timers),
        empty=not counts["orders"] and not counts["cases"],
        counts=counts,
        sweep_due=sweep_dues(board.timers, shown_open) if complete else {},
        timers=board.timers,
        orders=board.orders,
        cases=board.cases,
        outcomes=outcomes,
        shown_open=shown_open,
        complete=complete,
    )


def build_todo_stored(service: Service) -> TodoRows | None:
    """Stage 1 from the stored deadlines (core.deadlines): the To-do rows from the
    stored running merchant timers and what they show of their orders and cases
    (stored beside them), plus the cases to confirm and their orders — no timer is
    computed and no other record read. None when the store is not current (it is
    refreshed after every load): then ``build_todo`` computes. Stage 2
    (``build_after_stored``) computes every timer and replaces these rows if they
    differ, so To do is never left with a stale row."""
    with no_gc():
        started = time.perf_counter()
        counts = service.repo.counts()  # before the rows: a write in between shows later
        stored = DeadlineStore(service).todo()
        if stored is None:
            return None
        assumed_orders, assumed_cases = service.repo.assumed_records()
        loaded = time.perf_counter()
        # the confirmations' records last: a case both timed and assumed is the full one
        board = Board(
            (*stored.orders, *assumed_orders),
            (*stored.cases, *assumed_cases),
            tuple(stored.timers),
            tuple(service.repo.shops()),
        )
        result = _todo_rows(service, counts, board, complete=False)
        result.token = stored.token
    log.debug(
        "to do from the stored deadlines %.2fs (%d timers, %d cases to confirm), rows %.2fs",
        loaded - started,
        len(stored.timers),
        len(assumed_cases),
        time.perf_counter() - loaded,
    )
    return result


def build_after_stored(service: Service, first: TodoRows) -> BoardRows:
    """Stage 2 after ``build_todo_stored``: the timed records, every timer computed,
    then the Cases and Orders rows as ``build_rest`` makes them. Stage 1's To-do rows
    are kept when the computed To-do timers, the cases to confirm and what the rows
    show of their orders and cases are the same; otherwise To do is rebuilt from the
    computed timers."""
    with no_gc():
        started = time.perf_counter()
        orders, cases = service._timed_records()
        loaded = time.perf_counter()
        order_of = R.orders_by_group(orders)
        case_of = {(c.platform.value, c.case_no): c for c in cases}
        shown = _same_shown(first, order_of, case_of)
        if shown:
            # stage 1's rows take these records in place of its briefs (~30,000),
            # which go before the timers are computed. The rows are in the GUI
            # thread's model by now: each row's args and search texts are replaced in
            # one attribute store each, and show the same either way.
            B.adopt_records(first.todo, case_of, order_of)
        del order_of, case_of
        first.orders = first.cases = ()  # nothing after this needs the briefs
        shops = service._shops()
        timers, same = _verified_timers(service, orders, cases, shops, first.timers)
        board = Board(tuple(orders), tuple(cases), tuple(timers), tuple(shops.values()))
        kept = same and shown
        computed = _todo_rows(service, first.counts, board, kept=first if kept else None)
    log.debug(
        "stage 2 read %.2fs (%d orders, %d cases), timers %.2fs, to do %s",
        loaded - started,
        len(orders),
        len(cases),
        time.perf_counter() - loaded,
        "kept" if kept else "rebuilt",
    )
    return build_rest(service, computed)


def _same_shown(
    first: TodoRows, order_of: Mapping[R.Group, Order], case_of: Mapping[R.Group, Case]
) -> bool:
    """Whether stage 1's rows show what these records (by platform value and number)
    say: each order's title and buyer, each case's kind, and the same cases to
    confirm, field for field."""
    for o in first.orders:
        now = order_of.get((o.platform.value, o.order_no))
        if now is None or (now.title, now.buyer_name) != (o.title, o.buyer_name):
            return False
    for c in first.cases:
        now = case_of.get((c.platform.value, c.case_no))
        if now is None or now.kind is not c.kind:
            return False
    before = {(c.platform.value, c.case_no): c for c in first.cases if c.assumed}
    return before == {key: c for key, c in case_of.items() if c.assumed}


def _is_todo(t: Timer) -> bool:
    return t.actor is Actor.MERCHANT and not t.informational


def _verified_timers(service: Service, orders, cases, shops, stored: Iterable[Timer]):
    """Every timer computed, order by order, sorted by due time; ``same``: whether the
    computed To-do timers are the stored ones. Where an order's are, its stored Timer
    objects (which To do's rows hold) take the place of the computed copies, so only one
    order's copies are alive at a time (~30,000 duplicate timers otherwise: ~10 MB)."""
    by_group: dict[tuple[Platform, str], list[Timer]] = {}
    for t in stored:
        by_group.setdefault((t.platform, t.order_no), []).append(t)
    timers: list[Timer] = []
    same = True
    for key, group in service._group_timers(orders, cases, shops):
        mine = by_group.pop(key, None)
        todo = [t for t in group if _is_todo(t)]
        if mine is not None and len(mine) == len(todo) and set(mine) == set(todo):
            timers.extend(t for t in group if not _is_todo(t))
            timers.extend(mine)
        else:
            same = same and not todo and mine is None
            timers.extend(group)
    if by_group:  # stored To-do timers of orders that no longer have one
        same = False
    timers.sort(key=_DUE_AT)
    return timers, same


def build_rest(service: Service, first: TodoRows) -> BoardRows:
    """Stage 2: the Cases and Orders rows, with stage 1's timers and records plus the
    records no timer runs on (``Service.untimed_records``: each record read once)."""
    with no_gc():
        started = time.perf_counter()
        untimed_orders, untimed_cases = service.untimed_records()
        all_orders = [*first.orders, *untimed_orders]
        cases = [*first.cases, *untimed_cases]
        loaded = time.perf_counter()
        orders = R.orders_by_group(all_orders, {(c.platform.value, c.order_no) for c in cases})
        result = BoardRows(
            todo=first.todo,
            cases=R.sort_rows(
                B.case_rows(
                    cases, B.main_timers(first.timers), orders, first.outcomes, first.shown_open
                ),
                R.CASES_COUNTDOWN,
                countdown=R.CASES_COUNTDOWN,
            ),
            orders=R.sort_rows(
                B.order_rows(all_orders, first.timers, cases),
                R.ORDERS_COUNTDOWN,
                countdown=R.ORDERS_COUNTDOWN,
            ),
            shops=first.shops,
            calendar_years=first.calendar_years,
            empty=first.empty,
            counts=first.counts,
            sweep_due=first.sweep_due,
        )
    log.debug(
        "rest %.2fs (%d more orders, %d more cases), rows %.2fs",
        loaded - started,
        len(untimed_orders),
        len(untimed_cases),
        time.perf_counter() - loaded,
    )
    return result


def build_board(service: Service) -> BoardRows:
    """Rows for all three tables, each sorted by its countdown (the models' first sort)."""
    return build_rest(service, build_todo(service))


def _shown_open(service: Service, timers) -> dict[tuple[str, str], datetime]:
    """Service.shown_open for the cases whose running deadline has passed (few: the
    sweep settles the others), keyed as the rows are."""
    now = service.clock.now()
    passed = {(t.platform, t.case_no) for t in timers if t.case_no and t.due_at <= now}
    return {(p.value, no): at for (p, no), at in service.shown_open(passed).items()}


def _outcomes(service: Service, cases) -> dict[tuple[str, str], str]:
    assumed = sorted((c for c in cases if c.assumed), key=lambda c: c.state_since, reverse=True)
    keys = [(c.platform, c.case_no) for c in assumed[:MAX_OUTCOME_LOOKUPS]]
    return R.outcomes_from_events(service.repo.events_of_cases(keys))


def group_rows(service: Service, platform: Platform | str, order_no: str) -> GroupRows:
    """Fresh rows for one order and its cases (after an action, a sweep or an edit)."""
    platform = Platform(platform)
    order: Order | None
    try:
        detail = service.order_detail(order_no, platform)
        order, cases, timers, events = detail.order, detail.cases, detail.timers, detail.events
    except NotFound:  # a case imported without its order
        order, events = None, ()
        cases = tuple(service.repo.cases_for_order(platform, order_no))
        found = [service.case_detail(c.case_no, platform) for c in cases]
        timers = tuple(t for d in found for t in d.timers)
        events = tuple(e for d in found for e in d.events)
    orders = {(platform.value, order_no): order} if order else {}
    outcomes = R.outcomes_from_events(events)
    keys = [(platform, c.case_no) for c in cases]
    shown = {(p.value, no): at for (p, no), at in service.shown_open(keys).items()}
    group = (platform.value, order_no)
    return GroupRows(
        group=group,
        todo=B.todo_rows(timers, cases, orders, outcomes, shown),
        cases=B.case_rows(cases, B.main_timers(timers), orders, outcomes, shown),
        orders=B.order_rows([order] if order else [], timers, cases),
        sweep_due=sweep_dues(timers, shown).get(group),
    )
