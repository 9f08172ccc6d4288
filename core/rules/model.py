"""The in-memory form of a rule pack (resources/rules/<platform>.toml).

Contract: frozen dataclasses built only by ``core.rules.build`` after the
whole pack validated; the engine reads them and never mutates them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from types import MappingProxyType

from core.domain import Actor, CaseKind, CaseState, Condition, Confidence, GoodsType, Platform


class Unit(StrEnum):
    HOURS = "hours"
    DAYS = "days"  # natural days of 24 h
    WORKING_DAYS = "working_days"  # Chinese statutory working days (调休 included)
    NEXT_MIDNIGHT = "next_midnight"  # from 00:00 (Shanghai) of the next day, then N days


class Scope(StrEnum):
    CASE = "case"  # runs while a case is in one of `states`
    ORDER = "order"  # runs on the order (ship by)
    WINDOW = "window"  # a buyer's request window on the order (eligibility)


class Anchor(StrEnum):
    """What instant a timer counts from."""

    STATE_SINCE = "state_since"  # when the case entered its current state
    APPLIED = "applied"  # when the case was applied for
    PAID = "paid"  # order paid / group success (the ship clock start)
    SHIPPED = "shipped"
    RECEIVED = "received"  # receipt confirmed / trade success


class MoneyAtRisk(StrEnum):
    REQUESTED = "requested"  # the refund is paid out
    REQUESTED_AND_GOODS = "requested_and_goods"  # refunded and the goods never come back
    LATE_SHIPMENT_PENALTY = "late_shipment_penalty"
    NONE = "none"


class WindowRole(StrEnum):
    REQUEST = "request"  # a new request of `kinds` may be filed until the end
    NO_REASON = "no_reason"  # 7-day no-reason return


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    timer: str
    scope: Scope
    actor: Actor
    limit: int | None  # None: runs only when the platform gives the deadline
    unit: Unit
    on_expiry: str
    clause: str
    source: str
    confidence: Confidence
    explain_zh: str
    explain_en: str
    anchor: Anchor = Anchor.STATE_SINCE
    states: tuple[CaseState, ...] = ()
    kinds: tuple[CaseKind, ...] = ()  # empty: every kind
    goods: tuple[GoodsType, ...] = ()  # empty: every goods type
    shipped_at_application: bool | None = None  # None: either
    next_state: CaseState | None = None
    cap: str | None = None  # "ship_by": due no later than the order's ship-by (PDD 2.3)
    money_at_risk: MoneyAtRisk = MoneyAtRisk.NONE
    informational: bool = False
    window_role: WindowRole | None = None
    opens: Anchor | None = None  # window scope: when requests may start
    extend_by_promised_period: bool = False  # window end = max(limit, promised days)
    min_limit_hours: float | None = None  # shop overrides may not go below this
    remind_before_hours: tuple[float, ...] = ()
    valid_from: date | None = None
    valid_to: date | None = None  # inclusive

    def valid_on(self, day: date) -> bool:
        if self.valid_from is not None and day < self.valid_from:
            return False
        return not (self.valid_to is not None and day > self.valid_to)


@dataclass(frozen=True, slots=True)
class Penalty:
    id: str
    trigger: str  # late_shipment | out_of_stock | warranty_breach
    clause: str
    source: str
    confidence: Confidence
    fixed_fen: int | None = None
    rate: float | None = None  # fraction of the order amount
    min_fen: int | None = None
    max_fen: int | None = None

    def amount_fen(self, order_amount_fen: int) -> int:
        if self.fixed_fen is not None:
            return self.fixed_fen
        value = round(order_amount_fen * (self.rate or 0.0))
        if self.min_fen is not None:
            value = max(value, self.min_fen)
        if self.max_fen is not None:
            value = min(value, self.max_fen)
        return value


@dataclass(frozen=True, slots=True)
class LimitChange:
    limit: int
    unit: Unit


@dataclass(frozen=True, slots=True)
class SpecialPeriod:
    """Date-ranged change of limits (e.g. a Spring Festival shipping notice).

    Applies to timers whose start falls on a Shanghai date in [valid_from, valid_to].
    """

    id: str
    name_zh: str
    name_en: str
    valid_from: date
    valid_to: date
    source: str
    changes: Mapping[str, LimitChange] = field(default_factory=dict)  # rule id -> new limit

    def __post_init__(self) -> None:
        object.__setattr__(self, "changes", MappingProxyType(dict(self.changes)))

    def covers(self, day: date) -> bool:
        return self.valid_from <= day <= self.valid_to


@dataclass(frozen=True, slots=True)
class EligibilityPolicy:
    max_cancellations: int | None = None  # the Nth cancellation blocks new self-service requests
    special_goods: tuple[GoodsType, ...] = ()
    special_goods_excluded: tuple[CaseKind, ...] = ()  # kinds special goods cannot request
    requires_shipped: tuple[CaseKind, ...] = ()
    requires_received: tuple[CaseKind, ...] = ()
    customised: Mapping[CaseKind, tuple[Condition, ...]] = field(default_factory=dict)
    clause_special_goods: str = ""
    clause_cancellations: str = ""
    clause_customised: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "customised", MappingProxyType(dict(self.customised)))


@dataclass(frozen=True, slots=True)
class RulePack:
    platform: Platform
    version: str
    name_zh: str
    name_en: str
    source_file: str
    rules: tuple[Rule, ...]
    eligibility: EligibilityPolicy
    penalties: tuple[Penalty, ...] = ()
    special_periods: tuple[SpecialPeriod, ...] = ()
    metrics: Mapping[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "metrics", MappingProxyType(dict(self.metrics)))

    def rule(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(f"{self.platform}: no rule {rule_id!r}")

    def penalty(self, trigger: str) -> Penalty | None:
        return next((p for p in self.penalties if p.trigger == trigger), None)
