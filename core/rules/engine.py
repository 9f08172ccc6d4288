"""The deadline engine: which timers run for an order and its cases.

Contract: pure functions of (facts, rule book, calendar, now); nothing is
stored or mutated. Each timer carries the rule id and pack version it came
from; a platform-given deadline replaces the computed one (principle 2).
Unknown facts (shipping state, goods type) never guess optimistically: every
rule consistent with what is known is evaluated and the earliest deadline
wins, with a ``fact_unknown:*`` warning.

Threading: an Engine is immutable after construction and may be shared.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from operator import attrgetter

from core.calendar import WorkCalendar, limit_due
from core.clock import SHANGHAI
from core.domain import (
    Actor,
    Case,
    CaseState,
    Confidence,
    Order,
    Platform,
    Shop,
    Timer,
    TimerOrigin,
    unchecked_maker,
)
from core.rules.loader import RuleBook
from core.rules.model import Anchor, MoneyAtRisk, Penalty, Rule, RulePack, Scope, Unit

PLATFORM_DEADLINE_TIMER = "platform_deadline"
SHIP_BY = "ship_by"

W_SHIPPED_UNKNOWN = "fact_unknown:shipped"
W_GOODS_UNKNOWN = "fact_unknown:goods"
W_PACK_VERSION = "pack_version_unavailable"
W_OVERRIDE_BELOW_MIN = "override_below_minimum"
W_NO_RULE = "no_rule_for_state"
W_REFUND_BEFORE_SHIPPING = "refund_requested_before_shipping"
W_SPECIAL_PERIOD = "special_period:"  # + period id

_UNIT_HOURS = {Unit.HOURS: 1, Unit.DAYS: 24, Unit.WORKING_DAYS: 24, Unit.NEXT_MIDNIGHT: 24}
_due = attrgetter("due_at")  # a timer's sort key

# A timer's fields from the facts, then from its rule and pack (kept per rule: see
# Engine._rule_part); made without the dataclass __init__ (100,000s for a big shop)
FACT_FIELDS = (
    "platform", "shop", "order_no", "case_no", "started_at", "due_at", "origin",
    "amount_at_risk_fen", "warnings",
)  # fmt: skip
RULE_FIELDS = (
    "timer", "actor", "on_expiry", "next_state", "rule_id", "pack_version", "clause",
    "source", "confidence", "goods_at_risk", "informational", "remind_before_hours",
)  # fmt: skip
_make_timer = unchecked_maker(Timer, FACT_FIELDS + RULE_FIELDS)


@dataclass(frozen=True, slots=True)
class Limit:
    """The limit that applies to one timer after overrides and special periods."""

    limit: int
    unit: Unit
    warnings: tuple[str, ...] = ()


def shanghai_day(moment: datetime) -> date:
    return moment.astimezone(SHANGHAI).date()


class Engine:
    """Computes timers; holds the rule book and the working-day calendar."""

    def __init__(self, book: RuleBook, calendar: WorkCalendar | None = None) -> None:
        self.book = book
        self.calendar = calendar or WorkCalendar()
        # caches: the book is immutable, so lookups are memoised per engine
        self._by_state: dict[tuple[Platform, str], dict[CaseState, tuple[Rule, ...]]] = {}
        self._packs: dict[tuple[Platform, str | None], tuple[RulePack, tuple[str, ...]]] = {}
        self._periods: dict[Platform, tuple] = {}
        self._ship_rules: dict[tuple[Platform, str], Rule | None] = {}
        self._late_penalty: dict[tuple[Platform, str], Penalty | None] = {}
        self._plain_limits: dict[tuple[int, Unit], Limit] = {}
        self._rule_parts: dict[tuple[int, str], tuple] = {}
        self._case_packs: dict[tuple[Platform, str | None], tuple] = {}

    def rules_by_state(self, pack: RulePack) -> dict[CaseState, tuple[Rule, ...]]:
        """Case rules of a pack indexed by state (built once per pack version)."""
        key = (pack.platform, pack.version)
        index = self._by_state.get(key)
        if index is None:
            index = {}
            for rule in pack.rules:
                if rule.scope is Scope.CASE:
                    for state in rule.states:
                        index[state] = (*index.get(state, ()), rule)
            self._by_state[key] = index
        return index

    # -- packs and limits ---------------------------------------------------------------

    def pack_for(self, platform: Platform, version: str | None = None) -> tuple[RulePack, tuple]:
        """The pack to use; a pinned version that is no longer shipped falls back to newest."""
        key = (platform, version)
        found = self._packs.get(key)
        if found is None:
            if version and self.book.has_version(platform, version):
                found = self.book.pack(platform, version), ()
            else:
                found = self.book.pack(platform), (W_PACK_VERSION,) if version else ()
            self._packs[key] = found
        return found

    def special_periods(self, platform: Platform) -> tuple:
        periods = self._periods.get(platform)
        if periods is None:
            periods = self._periods[platform] = self.book.special_periods(platform)
        return periods

    def ship_rule(self, pack: RulePack) -> Rule | None:
        key = (pack.platform, pack.version)
        if key not in self._ship_rules:
            self._ship_rules[key] = _first(
                pack.rules, lambda r: r.scope is Scope.ORDER and r.timer == SHIP_BY
            )
        return self._ship_rules[key]

    def late_shipment_penalty(self, pack: RulePack) -> Penalty | None:
        key = (pack.platform, pack.version)
        if key not in self._late_penalty:
            self._late_penalty[key] = pack.penalty("late_shipment")
        return self._late_penalty[key]

    def resolve_limit(
        self, rule: Rule, platform: Platform, shop: Shop | None, start: datetime
    ) -> Limit | None:
        """Pack value, then the shop's override, then any special period covering `start`."""
        if rule.limit is None:
            return None
        if not (shop and shop.rule_overrides) and not self.special_periods(platform):
            key = (rule.limit, rule.unit)  # the pack's own value: nothing to apply
            return self._plain_limits.get(key) or self._plain_limits.setdefault(key, Limit(*key))
        limit, unit, warnings = rule.limit, rule.unit, []
        for override in shop.rule_overrides if shop else ():
            if override.rule_id != rule.id:
                continue
            o_unit = Unit(override.unit)
            if rule.min_limit_hours is not None and _hours(override.limit, o_unit) < (
                rule.min_limit_hours
            ):
                warnings.append(W_OVERRIDE_BELOW_MIN)
                continue
            limit, unit = override.limit, o_unit
        for period in self.special_periods(platform):
            change = period.changes.get(rule.id)
            if change is not None and period.covers(shanghai_day(start)):
                limit, unit = change.limit, change.unit
                warnings.append(W_SPECIAL_PERIOD + period.id)
        return Limit(limit, unit, tuple(warnings))

    def deadline(
        self, rule: Rule, platform: Platform, shop: Shop | None, start: datetime
    ) -> tuple[datetime, tuple[str, ...]] | None:
        resolved = self.resolve_limit(rule, platform, shop, start)
        if resolved is None:
            return None
        due, warnings = limit_due(start, resolved.limit, resolved.unit, self.calendar)
        return due, resolved.warnings + warnings

    # -- order timers -------------------------------------------------------------------

    def _ship_deadline(self, order: Order, shop: Shop | None) -> tuple | None:
        """(rule, pack, pack warnings, due, origin, deadline warnings): the order's ship-by,
        shipped or not — a refund-only case applied for before shipping stays capped by
        it after the order ships (Pinduoduo 2.3: shipping does not handle the request)."""
        pack, pack_warnings = self.pack_for(order.platform)
        rule = self.ship_rule(pack)
        if rule is None:
            return None
        if order.ship_by is not None:
            return rule, pack, pack_warnings, order.ship_by, TimerOrigin.PLATFORM, ()
        if order.presale:
            return None  # a pre-sale ship date is only known from the platform (承诺发货时间)
        computed = self.deadline(rule, order.platform, shop, order.ship_clock_start)
        if computed is None:
            return None
        return rule, pack, pack_warnings, computed[0], TimerOrigin.RULE, computed[1]

    def ship_by(self, order: Order, shop: Shop | None, cases: Sequence[Case] = ()) -> Timer | None:
        """The merchant's shipping deadline while the order is unshipped."""
        if order.shipped_at is not None:
            return None
        for c in cases:
            if c.state is CaseState.REFUNDED:
                return None  # refunded before shipping: nothing left to ship
        found = self._ship_deadline(order, shop)
        if found is None:
            return None
        rule, pack, pack_warnings, due, origin, extra = found
        start = order.ship_clock_start
        warnings = list(pack_warnings)
        if cases and any(c.is_open and not _shipped_at_application(c, order) for c in cases):
            warnings.append(W_REFUND_BEFORE_SHIPPING)
        warnings.extend(extra)
        amount = self._money(rule, pack, order.amount_fen, order)
        facts = (order.platform, order.shop, order.order_no, None, min(start, due), due)
        return _make_timer((*facts, origin, amount, tuple(warnings), *self._rule_part(rule, pack)))

    def _rule_part(self, rule: Rule, pack: RulePack) -> tuple:
        """The values of RULE_FIELDS for a timer of `rule` (an order rule's timer
        changes no case state and puts no goods at risk)."""
        key = (id(rule), pack.version)  # the book keeps its rules alive
        part = self._rule_parts.get(key)
        if part is None:
            of_case = rule.scope is Scope.CASE
            part = self._rule_parts[key] = (
                rule.timer,
                rule.actor,
                rule.on_expiry,
                rule.next_state if of_case else None,
                rule.id,
                pack.version,
                rule.clause,
                rule.source,
                rule.confidence,
                of_case and rule.money_at_risk is MoneyAtRisk.REQUESTED_AND_GOODS,
                rule.informational,
                rule.remind_before_hours,
            )
        return part

    # -- case timers --------------------------------------------------------------------

    def case_timers(self, case: Case, order: Order | None, shop: Shop | None) -> list[Timer]:
        """The timers of the case's current state: at most one main timer, plus informational."""
        key = (case.platform, case.pack_version)
        found = self._case_packs.get(key)
        if found is None:
            pack, pack_warnings = self.pack_for(*key)
            found = self._case_packs[key] = pack, pack_warnings, self.rules_by_state(pack)
        pack, pack_warnings, by_state = found
        candidates = _matching_rules(by_state, case, order)
        main: Timer | None = None
        info: list[Timer] = []
        for rule, fact_warnings in candidates:
            timer = self._rule_timer(rule, pack, case, order, shop, pack_warnings + fact_warnings)
            if timer is None:
                continue
            if rule.informational:
                info.append(timer)
            elif main is None or timer.due_at < main.due_at:
                main = timer
        if main is None and case.platform_deadline is not None and case.is_open:
            main = self._platform_only_timer(case, pack, pack_warnings)
        if len(info) > 1:
            info.sort(key=_due)
        return [main, *info] if main else info

    def timers(self, order: Order | None, cases: Iterable[Case], shop: Shop | None) -> list[Timer]:
        """Every running timer of an order and its cases, sorted by due time."""
        cases = list(cases)
        result: list[Timer] = []
        if order is not None:
            ship = self.ship_by(order, shop, cases)
            if ship is not None:
                result.append(ship)
        for case in cases:
            result.extend(self.case_timers(case, order, shop))
        if len(result) > 1:
            result.sort(key=_due)
        return result

    def _rule_timer(
        self,
        rule: Rule,
        pack: RulePack,
        case: Case,
        order: Order | None,
        shop: Shop | None,
        warnings: tuple[str, ...],
    ) -> Timer | None:
        start = _anchor_time(rule.anchor, case, order)
        if start is None:
            return None
        origin = TimerOrigin.RULE
        if not rule.informational and case.platform_deadline is not None:
            due, origin, extra = case.platform_deadline, TimerOrigin.PLATFORM, ()
        else:
            computed = self.deadline(rule, case.platform, shop, start)
            if computed is None:
                return None  # platform-given only, and the platform gave nothing
            due, extra = computed
            if rule.cap == SHIP_BY and order is not None:
                ship = self._ship_deadline(order, shop)  # ship_by's due, without a Timer
                if ship is not None:
                    due = min(due, max(start, ship[3]))
        amount = self._money(rule, pack, case.amount_fen, order)
        warnings = tuple(dict.fromkeys(warnings + tuple(extra))) if warnings or extra else ()
        facts = (case.platform, case.shop, case.order_no, case.case_no, min(start, due), due)
        return _make_timer((*facts, origin, amount, warnings, *self._rule_part(rule, pack)))

    def _money(self, rule: Rule, pack: RulePack, amount_fen: int, order: Order | None) -> int:
        kind = rule.money_at_risk
        if kind is MoneyAtRisk.REQUESTED or kind is MoneyAtRisk.REQUESTED_AND_GOODS:
            return amount_fen
        if kind is MoneyAtRisk.LATE_SHIPMENT_PENALTY and order is not None:
            penalty = self.late_shipment_penalty(pack)
            return penalty.amount_fen(order.amount_fen) if penalty else 0
        return 0

    def _platform_only_timer(self, case: Case, pack: RulePack, warnings: tuple[str, ...]) -> Timer:
        assert case.platform_deadline is not None
        return Timer(
            platform=case.platform,
            shop=case.shop,
            order_no=case.order_no,
            case_no=case.case_no,
            timer=PLATFORM_DEADLINE_TIMER,
            actor=Actor.MERCHANT,
            started_at=min(case.state_since, case.platform_deadline),
            due_at=case.platform_deadline,
            on_expiry="platform_decides",
            next_state=None,
            origin=TimerOrigin.PLATFORM,
            rule_id=None,
            pack_version=pack.version,
            clause="",
            source="platform",
            confidence=Confidence.SEED,
            amount_at_risk_fen=0,
            warnings=(*warnings, W_NO_RULE),
        )


# -- helpers -------------------------------------------------------------------------------


def _first(rules: Iterable[Rule], predicate) -> Rule | None:
    return next((r for r in rules if predicate(r)), None)


def _hours(limit: int, unit: Unit) -> float:
    return _UNIT_HOURS[unit] * limit


def _shipped_at_application(case: Case, order: Order | None) -> bool | None:
    if case.shipped_at_application is not None:
        return case.shipped_at_application
    if order is None:
        return None
    return order.shipped_at is not None and order.shipped_at <= case.applied_at


def _matching_rules(
    by_state: dict[CaseState, tuple[Rule, ...]], case: Case, order: Order | None
) -> list[tuple[Rule, tuple[str, ...]]]:
    """Case rules for the current state; unknown facts widen the match (with a warning)."""
    shipped = _shipped_at_application(case, order)
    goods = order.goods_type if order is not None else None
    result = []
    for rule in by_state.get(case.state, ()):
        if rule.kinds and case.kind not in rule.kinds:
            continue
        warnings: tuple[str, ...] = ()
        if rule.shipped_at_application is not None:
            if shipped is None:
                warnings += (W_SHIPPED_UNKNOWN,)
            elif rule.shipped_at_application != shipped:
                continue
        if rule.goods:
            if goods is None:
                warnings += (W_GOODS_UNKNOWN,)
            elif goods not in rule.goods:
                continue
        if rule.valid_from is not None or rule.valid_to is not None:
            start = _anchor_time(rule.anchor, case, order)
            if start is not None and not rule.valid_on(shanghai_day(start)):
                continue
        result.append((rule, warnings))
    return result


def _anchor_time(anchor: Anchor, case: Case, order: Order | None) -> datetime | None:
    if anchor is Anchor.STATE_SINCE:
        return case.state_since
    if anchor is Anchor.APPLIED:
        return case.applied_at
    if order is None:
        return None
    if anchor is Anchor.SHIPPED:
        return order.shipped_at
    if anchor is Anchor.RECEIVED:
        return order.received_at
    if anchor is Anchor.PAID:
        return order.ship_clock_start
    raise KeyError(anchor)
