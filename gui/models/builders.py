"""Building the rows of the three tables from core's board (or one order's detail).

Contract: To do = running merchant timers plus cases whose state a rule assumed
(to be confirmed); Cases = every case with its running main timer; Orders =
every order with its ship-by timer and open case. Only what filtering and the
first sort need is computed here; cell texts are formatted on first use (see
gui.models.rows.Row).

Threading: pure functions; safe on the board worker.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from functools import cache

from core.domain import Actor, Case, CaseState, Order, Timer
from core.rules.transitions import platform_pending
from gui import fmt, labels
from gui.models.rows import (
    CASE_COLUMNS,
    NO_DEADLINE,
    ORDER_COLUMNS,
    TODO_COLUMNS,
    Cells,
    Group,
    Row,
    columns,
    search_text,
)


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


def todo_rows(
    timers: Iterable[Timer],
    cases: Iterable[Case],
    orders: Mapping[Group, Order],
    outcomes: Mapping[tuple[str, str], str],
    shown_open: Mapping[tuple[str, str], datetime] | None = None,
) -> list[Row]:
    """Running merchant timers, plus cases whose state a rule assumed (to confirm).
    ``shown_open``: (platform, case number) -> when an export last set the case's
    state (core.service.Service.shown_open): a deadline before it is not shown as
    having taken its outcome."""
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
                make=_todo_cells,
                args=(t, case, order),
                deadline=t.due_at,
                expired_text=_expired_text(t, outcome, shown_open),
                platform=p,
                shop=t.shop,
                tags=_todo_tags(t.timer, t.case_no is None),
                actor=t.actor.value,
                date=t.due_at,
                search=_search(t.case_no or "", t.order_no, order),
                amount_fen=t.amount_at_risk_fen,
                case_no=t.case_no,
                order_no=t.order_no,
            )
        )
    for case in by_no.values():
        if case.assumed:
            rows.append(_confirm_row(case, orders, outcomes))
    return rows


def _expired_text(
    t: Timer, outcome: Mapping[str, str], shown_open: Mapping[tuple[str, str], datetime] | None
) -> str:
    """What the platform did when ``t`` ran out — nothing to show if an export set the
    case's state after that: the platform had not acted then."""
    seen = shown_open.get((t.platform.value, t.case_no)) if shown_open and t.case_no else None
    if platform_pending(seen, t.due_at):
        return ""
    return outcome[t.on_expiry]


def _search(number: str, order_no: str, order: Order | None) -> tuple[str, ...]:
    return search_text(number, order_no, *((order.title, order.buyer_name) if order else ()))


def adopt_records(
    rows: Iterable[Row], cases: Mapping[tuple[str, str], Case], orders: Mapping[Group, Order]
) -> None:
    """To-do rows made of other copies of these records (gui.board_load's stage 1
    briefs) take these in their ``args`` and search texts, so the copies can go. The
    records must show the same (the caller checked): either formats the same cells."""
    for row in rows:
        if row.key[0] == "timer":
            t, _case, _order = row.args
            p = t.platform.value
            order = orders.get((p, t.order_no))
            row.args = (t, cases.get((p, t.case_no)) if t.case_no else None, order)
            row.search = _search(t.case_no or "", t.order_no, order)
        else:  # a case to confirm (_confirm_row)
            case, _order, what = row.args
            p = case.platform.value
            order = orders.get((p, case.order_no))
            row.args = (cases[p, case.case_no], order, what)
            row.search = _search(case.case_no, case.order_no, order)


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
    return columns(
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


_CONFIRM_TAGS = frozenset({"confirm", "case"})


def _confirm_row(case: Case, orders: Mapping[Group, Order], outcomes) -> Row:
    p = case.platform.value
    order = orders.get((p, case.order_no))
    what = labels.confirm_todo(assumed_text(case, outcomes))
    return Row(
        key=("confirm", p, case.case_no),
        make=_confirm_cells,
        args=(case, order, what),
        deadline=case.state_since,
        expired_text=what,
        platform=p,
        shop=case.shop,
        tags=_CONFIRM_TAGS,
        actor=Actor.OPERATOR.value,
        date=case.state_since,
        search=_search(case.case_no, case.order_no, order),
        amount_fen=case.amount_fen,
        running=False,
        case_no=case.case_no,
        order_no=case.order_no,
        settled=True,
    )


def _confirm_cells(case: Case, order: Order | None, what: str) -> Cells:
    title = order.title if order else ""
    since = case.state_since.timestamp()
    return columns(
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


def main_timers(timers: Iterable[Timer]) -> dict[tuple[str, str], Timer]:
    """(platform, case_no) -> the case's running non-informational timer."""
    return {(t.platform.value, t.case_no): t for t in timers if t.case_no and not t.informational}


def whose_move(case: Case, timer: Timer | None) -> Actor | None:
    """Who is to act on an open case: its running timer's actor; in 平台介入 without
    a merchant's or buyer's timer, the platform (it decides, with no clock of ours)."""
    if timer is not None and timer.actor in (Actor.MERCHANT, Actor.BUYER):
        return timer.actor
    if case.state is CaseState.INTERVENTION:
        return Actor.PLATFORM
    return timer.actor if timer is not None else None


def case_rows(
    cases: Iterable[Case],
    timers: Mapping[tuple[str, str], Timer],
    orders: Mapping[Group, Order],
    outcomes: Mapping[tuple[str, str], str],
    shown_open: Mapping[tuple[str, str], datetime] | None = None,
) -> list[Row]:
    outcome = _Memo(labels.outcome)
    rows = []
    for c in cases:
        p = c.platform.value
        order = orders.get((p, c.order_no))
        is_open = c.is_open
        timer = timers.get((p, c.case_no)) if is_open else None
        state = assumed_text(c, outcomes) if c.assumed else None
        whose = whose_move(c, timer) if is_open else None
        rows.append(
            Row(
                key=("case", p, c.case_no),
                make=_case_cells,
                args=(c, order, timer, state),
                deadline=timer.due_at if timer else None,
                merchant=timer is not None and timer.actor is Actor.MERCHANT,
                expired_text=_expired_text(timer, outcome, shown_open) if timer else "",
                platform=p,
                shop=c.shop,
                tags=_case_tags(c.state.value, is_open, c.assumed),
                actor=whose.value if whose else "",
                date=c.applied_at,
                search=search_text(
                    c.case_no, c.order_no, *((order.title, order.buyer_name) if order else ())
                ),
                amount_fen=c.amount_fen,
                running=timer is not None,
                case_no=c.case_no,
                order_no=c.order_no,
            )
        )
    return rows


@cache
def _case_tags(state: str, is_open: bool, assumed: bool) -> frozenset[str]:
    """What the state filter matches (one shared set per combination)."""
    return frozenset({state, "open" if is_open else "done", *(["assumed"] if assumed else [])})


def _case_cells(c: Case, order: Order | None, timer: Timer | None, state: str | None) -> Cells:
    title = order.title if order else ""
    buyer = order.buyer_name if order else ""
    actor = whose_move(c, timer) if c.is_open else None
    whose = labels.actor(actor) if actor else ""
    return columns(
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
                make=_order_cells,
                args=(o, timer, case, status),
                deadline=timer.due_at if timer else None,
                expired_text=outcome[timer.on_expiry] if timer else "",
                platform=p,
                shop=o.shop,
                tags=_STATUS_TAGS[(status, case is not None)],
                actor=timer.actor.value if timer else "",
                date=o.paid_at,
                search=search_text(o.order_no, o.title, o.buyer_name),
                amount_fen=o.amount_fen,
                running=timer is not None,
                order_no=o.order_no,
            )
        )
    return rows


def _order_cells(o: Order, timer: Timer | None, case: Case | None, status: str) -> Cells:
    after_sales = f"{labels.kind(case.kind)} · {labels.state(case.state)}" if case else ""
    return columns(
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
