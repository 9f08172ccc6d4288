"""Rows for the three tables, built from core's frozen dataclasses.

Contract: plain Python (only QCoreApplication.translate from Qt, which is
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
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from core.domain import Actor, Case, Event, Order, Timer
from gui import fmt, labels

NO_DEADLINE = math.inf
EXPIRE = "expire"

Group = tuple[str, str]  # (platform value, order number): the unit one action refreshes
Cells = tuple[list[str], list]  # display texts and sort keys, one per column


@dataclass(slots=True)
class Row:
    key: tuple  # identity, e.g. ("case", "pinduoduo", "PI123")
    group: Group
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
    search: str = ""  # lower-case text instant search matches against
    amount_fen: int = 0
    running: bool = True  # a running timer (counts in the status bar)
    case_no: str | None = None
    order_no: str = ""
    extra: dict = field(default_factory=dict)
    deadline_ts: float = NO_DEADLINE
    _cells: list[str] | None = None
    _sort: list | None = None

    def __post_init__(self) -> None:
        if self.deadline is not None:
            self.deadline_ts = self.deadline.timestamp()

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


def sort_rows(
    rows: list[Row], column: int, descending: bool = False, countdown: int | None = None
) -> list[Row]:
    """In place, by the column's sort key then the identity (stable, deterministic)."""
    if column == countdown:
        rows.sort(key=lambda r: (r.deadline_ts, r.key), reverse=descending)
    else:
        rows.sort(key=lambda r: (r.sort[column], r.key), reverse=descending)
    return rows


def _search(*parts: str) -> str:
    return "\x1f".join(parts).lower()


def _columns(order: tuple[str, ...], values: dict[str, tuple[str, object]]) -> Cells:
    return [values[k][0] for k in order], [values[k][1] for k in order]


def outcomes_from_events(events: Iterable[Event]) -> dict[tuple[str, str], str]:
    """(platform, case_no) -> on_expiry code of the case's newest expiry event."""
    found: dict[tuple[str, str], str] = {}
    for ev in events:
        if ev.action == EXPIRE and ev.case_no and ev.data.get("on_expiry"):
            found[(ev.platform.value, ev.case_no)] = ev.data["on_expiry"]
    return found


def assumed_text(case: Case, outcomes: Mapping[tuple[str, str], str]) -> str:
    code = outcomes.get((case.platform.value, case.case_no))
    return labels.outcome(code) if code else labels.assumed_state(case.state)


class _Memo(dict):
    """Translated labels per code, so 100,000 rows translate each code once."""

    def __init__(self, fn: Callable[[str], str]) -> None:
        super().__init__()
        self._fn = fn

    def __missing__(self, code):
        self[code] = value = self._fn(code)
        return value


# -- To do --------------------------------------------------------------------------

TODO_COLUMNS = (
    "platform", "shop", "number", "item", "what", "countdown", "deadline", "money",
)  # fmt: skip
TODO_COUNTDOWN = TODO_COLUMNS.index("countdown")


def todo_rows(
    timers: Iterable[Timer],
    cases: Iterable[Case],
    orders: Mapping[Group, Order],
    outcomes: Mapping[tuple[str, str], str],
) -> list[Row]:
    """Running merchant timers, plus cases whose state a rule assumed (to confirm)."""
    by_no = {(c.platform.value, c.case_no): c for c in cases}
    outcome = _Memo(labels.outcome)
    rows = []
    for t in timers:
        if t.actor is not Actor.MERCHANT or t.informational:
            continue
        p = t.platform.value
        case = by_no.get((p, t.case_no)) if t.case_no else None
        order = orders.get((p, t.order_no))
        rows.append(
            Row(
                key=("timer", p, t.order_no, t.case_no or "", t.timer),
                group=(p, t.order_no),
                make=_todo_cells,
                args=(t, case, order),
                deadline=t.due_at,
                expired_text=outcome[t.on_expiry],
                platform=p,
                shop=t.shop,
                tags=_todo_tags(t.timer, t.case_no is None),
                actor=t.actor.value,
                date=t.due_at,
                search=_search(
                    t.case_no or "", t.order_no, *((order.title, order.buyer_name) if order else ())
                ),
                amount_fen=t.amount_at_risk_fen,
                case_no=t.case_no,
                order_no=t.order_no,
                extra={"timer": t},
            )
        )
    for case in by_no.values():
        if case.assumed:
            rows.append(_confirm_row(case, orders, outcomes))
    return rows


_TODO_TAGS: dict[tuple[str, bool], frozenset[str]] = {}


def _todo_tags(timer: str, order_timer: bool) -> frozenset[str]:
    tags = _TODO_TAGS.get((timer, order_timer))
    if tags is None:
        tags = frozenset({timer, "order" if order_timer else "case"})
        _TODO_TAGS[(timer, order_timer)] = tags
    return tags


def _todo_cells(t: Timer, case: Case | None, order: Order | None) -> Cells:
    title = order.title if order else ""
    number = t.case_no or t.order_no
    what = labels.todo(t.timer, case.kind if case else None)
    due = t.due_at.timestamp()
    money = fmt.money(t.amount_at_risk_fen) if t.amount_at_risk_fen else "—"
    return _columns(
        TODO_COLUMNS,
        {
            "platform": (labels.platform(t.platform), t.platform.value),
            "shop": (t.shop, t.shop),
            "number": (number, number),
            "item": (title, title),
            "what": (what, what),
            "countdown": ("", due),
            "deadline": (fmt.short_time(t.due_at), due),
            "money": (money, t.amount_at_risk_fen),
        },
    )


def _confirm_row(case: Case, orders: Mapping[Group, Order], outcomes) -> Row:
    p = case.platform.value
    order = orders.get((p, case.order_no))
    what = labels.confirm_todo(assumed_text(case, outcomes))
    return Row(
        key=("confirm", p, case.case_no),
        group=(p, case.order_no),
        make=_confirm_cells,
        args=(case, order, what),
        deadline=case.state_since,
        expired_text=what,
        platform=p,
        shop=case.shop,
        tags=frozenset({"confirm", "case"}),
        actor=Actor.OPERATOR.value,
        date=case.state_since,
        search=_search(
            case.case_no, case.order_no, *((order.title, order.buyer_name) if order else ())
        ),
        amount_fen=case.amount_fen,
        running=False,
        case_no=case.case_no,
        order_no=case.order_no,
    )


def _confirm_cells(case: Case, order: Order | None, what: str) -> Cells:
    title = order.title if order else ""
    since = case.state_since.timestamp()
    return _columns(
        TODO_COLUMNS,
        {
            "platform": (labels.platform(case.platform), case.platform.value),
            "shop": (case.shop, case.shop),
            "number": (case.case_no, case.case_no),
            "item": (title, title),
            "what": (what, what),
            "countdown": ("", since),
            "deadline": (fmt.short_time(case.state_since), since),
            "money": (fmt.money(case.amount_fen), case.amount_fen),
        },
    )


# -- Cases --------------------------------------------------------------------------

CASE_COLUMNS = (
    "platform", "shop", "case_no", "kind", "state", "countdown", "whose", "item", "buyer",
    "refund", "applied", "order_no",
)  # fmt: skip
CASES_COUNTDOWN = CASE_COLUMNS.index("countdown")


def main_timers(timers: Iterable[Timer]) -> dict[tuple[str, str], Timer]:
    """(platform, case_no) -> the case's running non-informational timer."""
    return {(t.platform.value, t.case_no): t for t in timers if t.case_no and not t.informational}


def case_rows(
    cases: Iterable[Case],
    timers: Mapping[tuple[str, str], Timer],
    orders: Mapping[Group, Order],
    outcomes: Mapping[tuple[str, str], str],
) -> list[Row]:
    outcome = _Memo(labels.outcome)
    rows = []
    for c in cases:
        p = c.platform.value
        order = orders.get((p, c.order_no))
        is_open = c.is_open
        timer = timers.get((p, c.case_no)) if is_open else None
        state = assumed_text(c, outcomes) if c.assumed else None
        tags = {c.state.value, "open" if is_open else "done"}
        if c.assumed:
            tags.add("assumed")
        rows.append(
            Row(
                key=("case", p, c.case_no),
                group=(p, c.order_no),
                make=_case_cells,
                args=(c, order, timer, state),
                deadline=timer.due_at if timer else None,
                merchant=timer is not None and timer.actor is Actor.MERCHANT,
                expired_text=outcome[timer.on_expiry] if timer else "",
                platform=p,
                shop=c.shop,
                tags=frozenset(tags),
                actor=timer.actor.value if timer else "",
                date=c.applied_at,
                search=_search(
                    c.case_no, c.order_no, *((order.title, order.buyer_name) if order else ())
                ),
                amount_fen=c.amount_fen,
                running=timer is not None,
                case_no=c.case_no,
                order_no=c.order_no,
                extra={"open": is_open, "case_state": c.state.value},
            )
        )
    return rows


def _case_cells(c: Case, order: Order | None, timer: Timer | None, state: str | None) -> Cells:
    title = order.title if order else ""
    buyer = order.buyer_name if order else ""
    whose = labels.actor(timer.actor) if timer else ""
    return _columns(
        CASE_COLUMNS,
        {
            "platform": (labels.platform(c.platform), c.platform.value),
            "shop": (c.shop, c.shop),
            "case_no": (c.case_no, c.case_no),
            "kind": (labels.kind(c.kind), c.kind.value),
            "state": (state or labels.state(c.state), c.state.value),
            "countdown": ("", timer.due_at.timestamp() if timer else NO_DEADLINE),
            "whose": (whose, whose),
            "item": (title, title),
            "buyer": (fmt.mask_name(buyer), buyer),
            "refund": (fmt.money(c.amount_fen), c.amount_fen),
            "applied": (fmt.short_time(c.applied_at), c.applied_at.timestamp()),
            "order_no": (c.order_no, c.order_no),
        },
    )


# -- Orders -------------------------------------------------------------------------

ORDER_COLUMNS = (
    "platform", "shop", "order_no", "item", "shipping", "countdown", "after_sales", "buyer",
    "amount", "paid",
)  # fmt: skip
ORDERS_COUNTDOWN = ORDER_COLUMNS.index("countdown")
SHIP_BY = "ship_by"
_STATUS_TAGS = {
    (status, open_case): frozenset({status, "open_case"} if open_case else {status})
    for status in ("unshipped", "shipped", "received")
    for open_case in (False, True)
}


def order_rows(
    orders: Iterable[Order],
    timers: Iterable[Timer],
    cases: Iterable[Case],
) -> list[Row]:
    ship = {(t.platform.value, t.order_no): t for t in timers if t.timer == SHIP_BY}
    open_cases: dict[Group, Case] = {}
    for c in cases:
        if c.is_open:
            open_cases[(c.platform.value, c.order_no)] = c
    outcome = _Memo(labels.outcome)
    rows = []
    for o in orders:
        p = o.platform.value
        group = (p, o.order_no)
        timer = ship.get(group)
        case = open_cases.get(group)
        status = "received" if o.received_at else "shipped" if o.shipped_at else "unshipped"
        rows.append(
            Row(
                key=("order", p, o.order_no),
                group=group,
                make=_order_cells,
                args=(o, timer, case, status),
                deadline=timer.due_at if timer else None,
                expired_text=outcome[timer.on_expiry] if timer else "",
                platform=p,
                shop=o.shop,
                tags=_STATUS_TAGS[(status, case is not None)],
                actor=timer.actor.value if timer else "",
                date=o.paid_at,
                search=_search(o.order_no, o.title, o.buyer_name),
                amount_fen=o.amount_fen,
                running=timer is not None,
                order_no=o.order_no,
            )
        )
    return rows


def _order_cells(o: Order, timer: Timer | None, case: Case | None, status: str) -> Cells:
    after_sales = f"{labels.kind(case.kind)} · {labels.state(case.state)}" if case else ""
    return _columns(
        ORDER_COLUMNS,
        {
            "platform": (labels.platform(o.platform), o.platform.value),
            "shop": (o.shop, o.shop),
            "order_no": (o.order_no, o.order_no),
            "item": (o.title, o.title),
            "shipping": (labels.order_status(status), status),
            "countdown": ("", timer.due_at.timestamp() if timer else NO_DEADLINE),
            "after_sales": (after_sales, after_sales),
            "buyer": (fmt.mask_name(o.buyer_name), o.buyer_name),
            "amount": (fmt.money(o.amount_fen), o.amount_fen),
            "paid": (fmt.short_time(o.paid_at), o.paid_at.timestamp()),
        },
    )


def calendar_years(timers: Iterable[Timer]) -> list[str]:
    """Years a calendar_fallback:<year> warning names, sorted."""
    years = {
        w.partition(":")[2]
        for t in timers
        for w in t.warnings
        if w.startswith("calendar_fallback:")
    }
    return sorted(years)


def orders_by_group(orders: Iterable[Order]) -> dict[Group, Order]:
    return {(o.platform.value, o.order_no): o for o in orders}
