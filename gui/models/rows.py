"""Rows for the three tables, built from core's frozen dataclasses.

Contract: plain Python (only QCoreApplication.translate from Qt, which is
thread-safe), so the board worker builds every row off the GUI thread and the
models only swap lists. A row keeps the absolute deadline, never a remaining
time: the models compute that from the clock when a cell is painted.

Threading: pure functions; rows are not shared between threads after handover.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from core.domain import Actor, Case, Event, Order, Timer
from gui import fmt, labels

NO_DEADLINE = math.inf
EXPIRE = "expire"

Group = tuple[str, str]  # (platform value, order number): the unit one action refreshes


@dataclass(slots=True)
class Row:
    key: tuple  # identity, e.g. ("case", "pinduoduo", "PI123")
    group: Group
    cells: list[str]  # display text per column ("" for the countdown column)
    sort: list  # sort key per column, one type per column
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

    @property
    def deadline_ts(self) -> float:
        return self.deadline.timestamp() if self.deadline else NO_DEADLINE


def _search(*parts: str) -> str:
    return "\x1f".join(p.lower() for p in parts if p)


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


# -- To do --------------------------------------------------------------------------

TODO_COUNTDOWN = 5


def todo_rows(
    timers: Iterable[Timer],
    cases: Iterable[Case],
    orders: Mapping[Group, Order],
    outcomes: Mapping[tuple[str, str], str],
) -> list[Row]:
    """Running merchant timers, plus cases whose state a rule assumed (to confirm)."""
    kinds = {(c.platform.value, c.case_no): c for c in cases}
    rows = []
    for t in timers:
        if t.actor is not Actor.MERCHANT or t.informational:
            continue
        case = kinds.get((t.platform.value, t.case_no)) if t.case_no else None
        rows.append(_todo_timer_row(t, case, orders.get((t.platform.value, t.order_no))))
    for case in kinds.values():
        if case.assumed:
            rows.append(_confirm_row(case, orders, outcomes))
    return rows


def _todo_timer_row(t: Timer, case: Case | None, order: Order | None) -> Row:
    title = order.title if order else ""
    number = t.case_no or t.order_no
    what = labels.todo(t.timer, case.kind if case else None)
    p = t.platform.value
    return Row(
        key=("timer", p, t.order_no, t.case_no or "", t.timer),
        group=(p, t.order_no),
        cells=[
            labels.platform(t.platform),
            t.shop,
            number,
            title,
            what,
            "",
            fmt.short_time(t.due_at),
            fmt.money(t.amount_at_risk_fen) if t.amount_at_risk_fen else "—",
        ],
        sort=[
            p,
            t.shop,
            number,
            title,
            what,
            t.due_at.timestamp(),
            t.due_at.timestamp(),
            t.amount_at_risk_fen,
        ],
        deadline=t.due_at,
        expired_text=labels.outcome(t.on_expiry),
        platform=p,
        shop=t.shop,
        tags=frozenset({t.timer, "order" if t.case_no is None else "case"}),
        actor=t.actor.value,
        date=t.due_at,
        search=_search(t.case_no or "", t.order_no, title, order.buyer_name if order else ""),
        amount_fen=t.amount_at_risk_fen,
        case_no=t.case_no,
        order_no=t.order_no,
        extra={"timer": t},
    )


def _confirm_row(case: Case, orders: Mapping[Group, Order], outcomes) -> Row:
    p = case.platform.value
    order = orders.get((p, case.order_no))
    title = order.title if order else ""
    what = labels.confirm_todo(assumed_text(case, outcomes))
    since = case.state_since
    return Row(
        key=("confirm", p, case.case_no),
        group=(p, case.order_no),
        cells=[
            labels.platform(case.platform),
            case.shop,
            case.case_no,
            title,
            what,
            "",
            fmt.short_time(since),
            fmt.money(case.amount_fen),
        ],
        sort=[
            p,
            case.shop,
            case.case_no,
            title,
            what,
            since.timestamp(),
            since.timestamp(),
            case.amount_fen,
        ],
        deadline=since,
        expired_text=what,
        platform=p,
        shop=case.shop,
        tags=frozenset({"confirm", "case"}),
        actor=Actor.OPERATOR.value,
        date=since,
        search=_search(case.case_no, case.order_no, title, order.buyer_name if order else ""),
        amount_fen=case.amount_fen,
        running=False,
        case_no=case.case_no,
        order_no=case.order_no,
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
    rows = []
    for c in cases:
        p = c.platform.value
        order = orders.get((p, c.order_no))
        timer = timers.get((p, c.case_no)) if c.is_open else None
        title = order.title if order else ""
        buyer = order.buyer_name if order else ""
        state = assumed_text(c, outcomes) if c.assumed else labels.state(c.state)
        whose = labels.actor(timer.actor) if timer else ""
        due = timer.due_at if timer else None
        cells = {
            "platform": (labels.platform(c.platform), p),
            "shop": (c.shop, c.shop),
            "case_no": (c.case_no, c.case_no),
            "kind": (labels.kind(c.kind), c.kind.value),
            "state": (state, c.state.value),
            "countdown": ("", due.timestamp() if due else NO_DEADLINE),
            "whose": (whose, whose),
            "item": (title, title),
            "buyer": (fmt.mask_name(buyer), buyer),
            "refund": (fmt.money(c.amount_fen), c.amount_fen),
            "applied": (fmt.short_time(c.applied_at), c.applied_at.timestamp()),
            "order_no": (c.order_no, c.order_no),
        }
        rows.append(
            Row(
                key=("case", p, c.case_no),
                group=(p, c.order_no),
                cells=[cells[k][0] for k in CASE_COLUMNS],
                sort=[cells[k][1] for k in CASE_COLUMNS],
                deadline=due,
                merchant=timer is not None and timer.actor is Actor.MERCHANT,
                expired_text=labels.outcome(timer.on_expiry) if timer else "",
                platform=p,
                shop=c.shop,
                tags=frozenset({c.state.value, "open" if c.is_open else "done"})
                | ({"assumed"} if c.assumed else frozenset()),
                actor=timer.actor.value if timer else "",
                date=c.applied_at,
                search=_search(c.case_no, c.order_no, title, buyer),
                amount_fen=c.amount_fen,
                running=timer is not None,
                case_no=c.case_no,
                order_no=c.order_no,
                extra={"open": c.is_open, "case_state": c.state.value},
            )
        )
    return rows


# -- Orders -------------------------------------------------------------------------

ORDER_COLUMNS = (
    "platform", "shop", "order_no", "item", "shipping", "countdown", "after_sales", "buyer",
    "amount", "paid",
)  # fmt: skip
ORDERS_COUNTDOWN = ORDER_COLUMNS.index("countdown")
SHIP_BY = "ship_by"


def order_status(order: Order) -> str:
    if order.received_at:
        return "received"
    if order.shipped_at:
        return "shipped"
    return "unshipped"


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
    rows = []
    for o in orders:
        p = o.platform.value
        group = (p, o.order_no)
        timer = ship.get(group)
        status = order_status(o)
        case = open_cases.get(group)
        after_sales = f"{labels.kind(case.kind)} · {labels.state(case.state)}" if case else ""
        due = timer.due_at if timer else None
        cells = {
            "platform": (labels.platform(o.platform), p),
            "shop": (o.shop, o.shop),
            "order_no": (o.order_no, o.order_no),
            "item": (o.title, o.title),
            "shipping": (labels.order_status(status), status),
            "countdown": ("", due.timestamp() if due else NO_DEADLINE),
            "after_sales": (after_sales, after_sales),
            "buyer": (fmt.mask_name(o.buyer_name), o.buyer_name),
            "amount": (fmt.money(o.amount_fen), o.amount_fen),
            "paid": (fmt.short_time(o.paid_at), o.paid_at.timestamp()),
        }
        rows.append(
            Row(
                key=("order", p, o.order_no),
                group=group,
                cells=[cells[k][0] for k in ORDER_COLUMNS],
                sort=[cells[k][1] for k in ORDER_COLUMNS],
                deadline=due,
                expired_text=labels.outcome(timer.on_expiry) if timer else "",
                platform=p,
                shop=o.shop,
                tags=frozenset({status, "open_case"} if case else {status}),
                actor=timer.actor.value if timer else "",
                date=o.paid_at,
                search=_search(o.order_no, o.title, o.buyer_name),
                amount_fen=o.amount_fen,
                running=timer is not None,
                order_no=o.order_no,
            )
        )
    return rows


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
