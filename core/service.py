"""Use cases over storage + engine: what the CLI and the window call.

Contract: every method opens its own short session through the Repository
and returns frozen dataclasses. Timers are recomputed from stored facts (the
pack version a timer started under is kept on the case). `sweep` stores
expiry outcomes as events marked assumed-by-rule.

Threading: a Service may be used from one thread at a time; the GUI keeps one
on its worker thread and another on the GUI thread if it needs both (SQLite
WAL allows concurrent readers).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from operator import attrgetter
from pathlib import Path

from core.calendar import WorkCalendar
from core.clock import Clock, SystemClock
from core.domain import (
    TERMINAL_STATES,
    Case,
    CaseKind,
    Eligibility,
    Event,
    Order,
    Platform,
    Shop,
    Source,
    Timer,
    unchecked_maker,
)
from core.gcpause import paused_gc
from core.rules.eligibility import eligibility
from core.rules.engine import Engine
from core.rules.loader import RuleBook, load_rulebook
from core.rules.model import Scope
from core.rules.transitions import (
    Action,
    ActionRefused,
    Refusal,
    Transition,
    allowed_actions,
    apply_action,
    apply_expiry,
    passed_deadline,
    platform_pending,
)
from core.service_timers import Board, TimerReads  # noqa: F401  (Board: re-exported)
from core.storage import Database, Repository, open_database

_CASE_FIELDS = tuple(f.name for f in dataclasses.fields(Case))
_case_values = attrgetter(*_CASE_FIELDS)
_PACK_VERSION_AT = _CASE_FIELDS.index("pack_version")
_checked_case = unchecked_maker(Case)  # a checked case's values with another pack version
ACT_SLACK = timedelta(minutes=5)  # an action recorded for "now" on a PC whose clock is ahead


class NotFound(LookupError):
    """No such order / case (or ambiguous across platforms)."""

    def __init__(self, what: str, key: str, candidates: Sequence[Platform] = ()) -> None:
        self.what, self.key, self.candidates = what, key, tuple(candidates)
        if candidates:
            names = ", ".join(p.value for p in candidates)
            msg = f"{what} {key} 在多个平台存在（{names}），请用 --platform 指定"
        else:
            msg = f"找不到{what} {key} / no such {what}"
        super().__init__(msg)


@dataclass(frozen=True, slots=True)
class CaseDetail:
    case: Case
    order: Order | None
    shop: Shop | None
    events: tuple[Event, ...]
    timers: tuple[Timer, ...]
    allowed: tuple[Action, ...]
    eligibility: dict[CaseKind, Eligibility] = field(default_factory=dict)
    # when the import that set the case's current state ran (see Service.shown_open)
    shown_open_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class OrderDetail:
    order: Order
    shop: Shop | None
    cases: tuple[Case, ...]
    timers: tuple[Timer, ...]
    eligibility: dict[CaseKind, Eligibility]
    events: tuple[Event, ...] = ()


class Service(TimerReads):
    def __init__(
        self,
        db: Database,
        book: RuleBook | None = None,
        clock: Clock | None = None,
    ) -> None:
        self.db = db
        self.repo = Repository(db)
        self.book = book or load_rulebook()
        self.clock = clock or SystemClock()
        self.engine = Engine(self.book, WorkCalendar(self.repo.holiday_overrides()))
        # finished states some case rule still runs in (Douyin's refund arrival after
        # 已退款): readers that skip finished cases keep these
        self._timed_finished = sorted(
            {
                state.value
                for pack in self.book.packs()
                for rule in pack.rules
                if rule.scope is Scope.CASE
                for state in rule.states
                if state in TERMINAL_STATES
            }
        )

    @classmethod
    def open(cls, target: str | Path | None = None, clock: Clock | None = None) -> Service:
        return cls(open_database(target), clock=clock)

    def close(self) -> None:
        self.db.close()

    def reload_calendar(self) -> None:
        """Pick up edited holiday overrides."""
        self.engine = Engine(self.book, WorkCalendar(self.repo.holiday_overrides()))

    # -- reading ------------------------------------------------------------------------

    @staticmethod
    def _find(what: str, key: str, platform: Platform | None, get, find):
        """One record by number; without a platform the number must be unambiguous."""
        if platform is not None:
            found = get(platform, key)
            if found is None:
                raise NotFound(what, key)
            return found
        matches = find(key)
        if len(matches) != 1:
            raise NotFound(what, key, [m.platform for m in matches])
        return matches[0]

    def _find_case(self, case_no: str, platform: Platform | None) -> Case:
        return self._find("售后单", case_no, platform, self.repo.get_case, self.repo.find_cases)

    def _find_order(self, order_no: str, platform: Platform | None) -> Order:
        return self._find("订单", order_no, platform, self.repo.get_order, self.repo.find_orders)

    def case_detail(
        self, case_no: str, platform: Platform | None = None, now: datetime | None = None
    ) -> CaseDetail:
        now = now or self.clock.now()
        case = self._find_case(case_no, platform)
        order = self.repo.get_order(case.platform, case.order_no)
        shop = self.repo.get_shop(case.platform, case.shop)
        siblings = self.repo.cases_for_order(case.platform, case.order_no)
        events = tuple(self.repo.events(case.platform, case_no=case.case_no))
        at = max(now, case.state_since)
        key = (case.platform, case.case_no)
        shown_open_at = self.shown_open([key]).get(key)
        acted = self._platform_acted(case, order, shop, at)
        return CaseDetail(
            case=case,
            order=order,
            shop=shop,
            events=events,
            timers=tuple(self.engine.case_timers(case, order, shop)),
            allowed=allowed_actions(self.engine, case, order, shop, at, platform_acted=acted),
            shown_open_at=shown_open_at,
            eligibility=eligibility(self.engine, order, siblings, shop, now) if order else {},
        )

    def order_detail(
        self, order_no: str, platform: Platform | None = None, now: datetime | None = None
    ) -> OrderDetail:
        now = now or self.clock.now()
        order = self._find_order(order_no, platform)
        shop = self.repo.get_shop(order.platform, order.shop)
        cases = self.repo.cases_for_order(order.platform, order.order_no)
        return OrderDetail(
            order=order,
            shop=shop,
            cases=tuple(cases),
            timers=tuple(self.engine.timers(order, cases, shop)),
            eligibility=eligibility(self.engine, order, cases, shop, now),
            events=tuple(self.repo.events(order.platform, order_no=order.order_no)),
        )

    # -- writing ------------------------------------------------------------------------

    def act(
        self,
        case_no: str,
        action: Action | str,
        *,
        platform: Platform | None = None,
        at: datetime | None = None,
        note: str = "",
        tracking_no: str = "",
    ) -> Transition:
        """Apply an operator/buyer action and store it (raises ActionRefused, NotFound).
        ``at``: when it happened (default now); not later than now (ACT_SLACK for clocks
        a little apart on PCs sharing a database)."""
        now = self.clock.now()
        at = at or now
        if at > now + ACT_SLACK:
            raise ActionRefused(Action(action), Refusal.IN_FUTURE)
        case = self._find_case(case_no, platform)
        order = self.repo.get_order(case.platform, case.order_no)
        shop = self.repo.get_shop(case.platform, case.shop)
        acted = self._platform_acted(case, order, shop, at)
        t = apply_action(
            self.engine, case, order, shop, action, at, note=note, tracking_no=tracking_no,
            platform_acted=acted,
        )  # fmt: skip
        self.repo.save_transition(case, t.case, [t.event])
        return t

    def undo(self, case_no: str, platform: Platform | None = None) -> Event | None:
        case = self._find_case(case_no, platform)
        return self.repo.undo_last_event(case.platform, case.case_no)

    def sweep(
        self, now: datetime | None = None, orders: Iterable[tuple[Platform, str]] | None = None
    ) -> list[Event]:
        """Apply every passed deadline of every open case; store outcomes as assumed events.

        ``orders``: only the open cases of these (platform, order number) pairs — those
        whose state-changing deadline passed, when the caller knows them (the window's
        worker does): a big shop's sweep then reads a few rows, not every open case."""
        now = now or self.clock.now()
        shops = self._shops()
        if orders is None:
            cases = self.repo.cases(open_only=True)
            found = self.repo.orders_with_timers(self._timed_finished, contact=False)
        else:
            keys = list(orders)
            cases = self.repo.open_cases_of(keys)
            found = self.repo.orders_of(keys)
        by_key = {(o.platform, o.order_no): o for o in found}
        expired = []
        for case in cases:
            order = by_key.get((case.platform, case.order_no))
            after, events = apply_expiry(
                self.engine, case, order, shops.get((case.platform, case.shop)), now
            )
            if events:
                expired.append((case, after, events))
        shown_open = self.shown_open((case.platform, case.case_no) for case, _, _ in expired)
        stored: list[Event] = []
        for case, after, events in expired:
            if platform_pending(shown_open.get((case.platform, case.case_no)), events[0].at):
                continue  # an export showed it open after the deadline: see shown_open
            self.repo.save_transition(case, after, events)
            stored.extend(events)
        return stored

    def shown_open(
        self, keys: Iterable[tuple[Platform, str]]
    ) -> dict[tuple[Platform, str], datetime]:
        """For the cases (platform, case number) whose state an export set last: when
        that import ran. An export is taken before it is imported, so the platform had
        not moved the case by then: if the rule's deadline for the state is earlier, it
        is not the platform's (the state began later than the file says — a buyer
        asking again after a rejection, with no 'state since' column — or the shop's
        limit differs). Such a case is not moved to the rule's outcome, actions on it
        are taken, and the window does not show the outcome as happened: it stays
        overdue, at the top of To do, until the operator acts or an export shows what
        the platform did. Every change of state writes an event, so the last event
        that sets a state — in the order they were written, which an action recorded
        with an earlier time after an import does not change — names the state the
        case is in (Repository.state_setters; the import's merge asks the same)."""
        wanted = set(keys)
        if not wanted:
            return {}
        return {
            key: at
            for key, (action, source, _state, at) in self.repo.state_setters(wanted).items()
            if source is Source.IMPORT and action == "import"
        }

    def _platform_acted(
        self,
        case: Case,
        order: Order | None,
        shop: Shop | None,
        at: datetime,
    ) -> bool:
        """Has the platform moved ``case`` by ``at``: its running deadline passed, and
        no import showed the state still open after it (see shown_open; asked only
        when the deadline passed)."""
        main = passed_deadline(self.engine, case, order, shop, at)
        if main is None:
            return False
        key = (case.platform, case.case_no)
        return not platform_pending(self.shown_open([key]).get(key), main.due_at)

    def import_plan(self, plan, *, skip_invalid: bool = False, at: datetime | None = None):
        """Commit an import plan; new cases are pinned to the pack version now in force.

        A plan that will write (rows, and no errors unless skip_invalid) is preceded by
        a "pre-import" backup of a local database file (core.backups).
        """
        from core.importers import commit_plan

        if (plan.orders or plan.cases) and (skip_invalid or not plan.errors):
            self.backup_before_import()
        with paused_gc():  # a copy of every case: see core.gcpause
            stamped = dataclasses.replace(plan, cases=tuple(self._pin(c) for c in plan.cases))
        return commit_plan(stamped, self.repo, skip_invalid=skip_invalid, at=at or self.clock.now())

    def backup_before_import(self) -> Path | None:
        """Copy the database file to backups/ (a "pre-import" copy); None for a server."""
        from core.backups import backup_before_import

        return backup_before_import(self.db, self.clock.now())

    def _pin(self, case: Case) -> Case:
        if case.pack_version:
            return case
        values = list(_case_values(case))  # dataclasses.replace, at a fraction of the cost
        values[_PACK_VERSION_AT] = self.book.pack(case.platform).version
        return _checked_case(values)

    def save_manual(
        self,
        *,
        orders: Sequence[Order] = (),
        cases: Sequence[Case] = (),
        at: datetime | None = None,
    ):
        """Store orders/cases typed by the operator (new or edited)."""
        shops = {(x.platform, x.shop) for x in (*orders, *cases)}
        known = self._shops()
        new_shops = [Shop(p, n) for p, n in shops if (p, n) not in known]
        return self.repo.apply_import(
            shops=new_shops,
            orders=orders,
            cases=[self._pin(c) for c in cases],
            source=Source.MANUAL,
            at=at or self.clock.now(),
        )
