"""ShopClock's domain: shops, orders, after-sales cases, events, timers.

Contract: plain frozen dataclasses and string enums, no I/O, no Qt. Every
datetime is timezone-aware (UTC by convention); constructors reject naive
ones. Money is integer fen. Order and case numbers are text (18–20 digit ids
must never pass through a float). `unchecked_maker` builds objects from values
checked before (rows read back from the database) without checking again.

Threading: all types are immutable and safe to share between threads.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import UTC, date, datetime
from enum import StrEnum
from types import MappingProxyType
from typing import TypeVar
from zoneinfo import ZoneInfo


class Platform(StrEnum):
    PINDUODUO = "pinduoduo"
    TAOBAO = "taobao"
    TMALL = "tmall"
    DOUYIN = "douyin"


class GoodsType(StrEnum):
    NORMAL = "normal"
    FRUIT = "fruit"
    FRESH = "fresh"
    VIRTUAL = "virtual"
    CAR = "car"


class CaseKind(StrEnum):
    REFUND_ONLY = "refund_only"
    RETURN_REFUND = "return_refund"
    EXCHANGE = "exchange"


class CaseState(StrEnum):
    AWAITING_MERCHANT = "awaiting_merchant"  # 待商家处理
    REJECTED = "rejected"  # 商家已拒绝, buyer may resubmit or ask the platform
    AWAITING_RETURN = "awaiting_return"  # 商家已同意, waiting for the buyer to ship back
    RETURN_SHIPPED = "return_shipped"  # buyer shipped the return, merchant must confirm
    INTERVENTION = "intervention"  # 平台介入
    REFUNDED = "refunded"  # 退款成功
    CLOSED = "closed"  # 售后关闭 (buyer overdue, exchange done, platform ruled for merchant)
    CANCELLED = "cancelled"  # buyer cancelled (撤销)


TERMINAL_STATES = frozenset({CaseState.REFUNDED, CaseState.CLOSED, CaseState.CANCELLED})


class Actor(StrEnum):
    MERCHANT = "merchant"
    BUYER = "buyer"
    PLATFORM = "platform"
    SYSTEM = "system"  # the platform's automatic rules (expiry outcomes)
    OPERATOR = "operator"  # a note or correction by the ShopClock user


class Source(StrEnum):
    """Where an event came from."""

    MANUAL = "manual"
    IMPORT = "import"
    RULE = "rule"


class Confidence(StrEnum):
    SEED = "seed"  # stated by the original rule text in shared/seeds
    COMMON = "common"  # public API docs / seller guides agree
    LOW = "low"  # sources vary; treat as an estimate


class Urgency(StrEnum):
    OK = "ok"
    SOON = "soon"
    URGENT = "urgent"
    OVERDUE = "overdue"


class TimerOrigin(StrEnum):
    PLATFORM = "platform"  # the platform gave the deadline (平台给出)
    RULE = "rule"  # computed from the rule pack (按规则计算)


def require_aware(value: datetime | None, name: str) -> None:
    if value is not None and (value.tzinfo is None or value.utcoffset() is None):
        raise ValueError(f"{name} must be timezone-aware, got naive {value!r}")


def _require_all_aware(obj: object, names: tuple[str, ...]) -> None:
    """require_aware for several fields; UTC and IANA zones (which always give an
    offset) are recognised by type, without asking for the offset."""
    for name in names:
        value = getattr(obj, name)
        if value is not None and value.tzinfo is not UTC and type(value.tzinfo) is not ZoneInfo:
            require_aware(value, name)


def _coerce(obj: object, name: str, enum: type[StrEnum]) -> None:
    """Turn a field's value into the enum member (a member is kept as it is; a stored
    value is looked up in a dict, which is what ``enum(value)`` does, only slower)."""
    value = getattr(obj, name)
    if type(value) is not enum:
        members = _MEMBERS.get(enum)
        if members is None:
            members = _MEMBERS[enum] = {m.value: m for m in enum}
        member = members.get(value) if type(value) is str else None
        object.__setattr__(obj, name, member if member is not None else enum(value))


_MEMBERS: dict[type, dict[str, StrEnum]] = {}  # enum class -> value -> member


def _freeze(mapping: Mapping | None) -> Mapping:
    return MappingProxyType(dict(mapping or {}))


_T = TypeVar("_T")


def unchecked_maker(cls: type[_T], names: Sequence[str] = ()) -> Callable[[Sequence], _T]:
    """``lambda values: cls(*values)`` for values that are already right: one per field,
    in field order (or in the order of ``names``, every field once), enums as members,
    datetimes aware — values this program checked before (rows it stored, timers its
    engine made). It sets the slots as the dataclass ``__init__`` does but skips
    ``__post_init__``; like ``dataclass`` it writes the function's code, one line per
    field (a loop over the fields costs half as much again): ~2.5x cheaper."""
    every = [f.name for f in fields(cls)]
    names = tuple(names) or tuple(every)
    if sorted(names) != sorted(every):
        raise ValueError(f"names must be {cls.__name__}'s fields, each once")
    scope: dict = {"new": object.__new__, "cls": cls}
    for i, name in enumerate(names):
        scope[f"set{i}"] = cls.__dict__[name].__set__  # the slot's descriptor
    values = "".join(f"v{i}, " for i in range(len(names)))
    sets = "".join(f"    set{i}(obj, v{i})\n" for i in range(len(names)))
    exec(
        f"def make(values):\n    obj = new(cls)\n    {values}= values\n{sets}    return obj\n",
        scope,
    )
    return scope["make"]


LIMIT_UNITS = ("hours", "days", "working_days", "next_midnight")


@dataclass(frozen=True, slots=True)
class RuleOverride:
    """A shop's own value for one rule limit (e.g. a shortened 24 h merchant limit)."""

    rule_id: str
    limit: int
    unit: str  # hours | days | working_days | next_midnight

    def __post_init__(self) -> None:
        if not isinstance(self.rule_id, str) or not self.rule_id.strip():
            raise ValueError("rule override: rule_id must be non-empty text")
        if not isinstance(self.limit, int) or isinstance(self.limit, bool) or self.limit <= 0:
            raise ValueError(f"rule override {self.rule_id}: limit must be a positive integer")
        if self.unit not in LIMIT_UNITS:
            raise ValueError(
                f"rule override {self.rule_id}: unit {self.unit!r} is not one of "
                + ", ".join(LIMIT_UNITS)
            )


@dataclass(frozen=True, slots=True)
class Shop:
    platform: Platform
    name: str
    promised_aftersale_days: int | None = None  # 商家承诺的售后有效期, days from receipt
    rule_overrides: tuple[RuleOverride, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "platform", Platform(self.platform))
        if self.promised_aftersale_days is not None and self.promised_aftersale_days < 0:
            raise ValueError("promised_aftersale_days must be >= 0")


# The largest amount an order or a refund may have: 1 亿元. Far above any shop order,
# far below what SQLite's INTEGER holds (a larger one used to fail only when written).
MAX_AMOUNT_FEN = 100_000_000 * 100

_ORDER_TIMES = ("paid_at", "group_success_at", "ship_by", "shipped_at", "received_at")
_CASE_TIMES = ("applied_at", "state_since", "platform_deadline")


@dataclass(frozen=True, slots=True)
class Order:
    platform: Platform
    shop: str
    order_no: str
    amount_fen: int
    paid_at: datetime
    title: str = ""
    group_success_at: datetime | None = None  # 成团时间 (Pinduoduo group buying)
    ship_by: datetime | None = None  # platform-given 承诺发货时间
    shipped_at: datetime | None = None
    received_at: datetime | None = None  # 确认收货 / 交易成功
    goods_type: GoodsType = GoodsType.NORMAL
    customised: bool = False
    presale: bool = False
    buyer_name: str = ""
    buyer_phone: str = ""
    buyer_address: str = ""

    def __post_init__(self) -> None:
        _coerce(self, "platform", Platform)
        _coerce(self, "goods_type", GoodsType)
        if not isinstance(self.order_no, str) or not self.order_no:
            raise ValueError("order_no must be non-empty text")
        if not isinstance(self.amount_fen, int) or isinstance(self.amount_fen, bool):
            raise TypeError("amount_fen must be an integer number of fen")
        if not 0 <= self.amount_fen <= MAX_AMOUNT_FEN:
            raise ValueError(f"amount_fen must be between 0 and {MAX_AMOUNT_FEN}")
        _require_all_aware(self, _ORDER_TIMES)
        if self.shipped_at and self.received_at and self.received_at < self.shipped_at:
            raise ValueError("received_at precedes shipped_at")

    @property
    def ship_clock_start(self) -> datetime:
        """Pinduoduo counts shipping from group success (成团), others from payment."""
        return self.group_success_at or self.paid_at

    @property
    def is_special_goods(self) -> bool:
        return self.goods_type is not GoodsType.NORMAL


@dataclass(frozen=True, slots=True)
class Case:
    platform: Platform
    shop: str
    case_no: str
    order_no: str
    kind: CaseKind
    state: CaseState
    applied_at: datetime
    state_since: datetime  # when the current state began (the running timer's start)
    amount_fen: int  # requested refund
    reason: str = ""
    platform_deadline: datetime | None = None  # deadline the platform gave for this state
    cancellation_count: int = 0  # how often the buyer has cancelled on this order
    shipped_at_application: bool | None = None  # None: derive from the order
    assumed: bool = False  # state was reached by a rule outcome, not yet confirmed
    pack_version: str | None = None  # rule-pack version the running timer was started under
    tracking_no: str = ""

    def __post_init__(self) -> None:
        _coerce(self, "platform", Platform)
        _coerce(self, "kind", CaseKind)
        _coerce(self, "state", CaseState)
        if not isinstance(self.case_no, str) or not self.case_no:
            raise ValueError("case_no must be non-empty text")
        if not isinstance(self.amount_fen, int) or isinstance(self.amount_fen, bool):
            raise TypeError("amount_fen must be an integer number of fen")
        if not 0 <= self.amount_fen <= MAX_AMOUNT_FEN:
            raise ValueError(f"amount_fen must be between 0 and {MAX_AMOUNT_FEN}")
        if self.cancellation_count < 0:
            raise ValueError("cancellation_count must be >= 0")
        _require_all_aware(self, _CASE_TIMES)
        if self.state_since < self.applied_at:
            raise ValueError("state_since precedes applied_at")

    @property
    def is_open(self) -> bool:
        return self.state not in TERMINAL_STATES


@dataclass(frozen=True, slots=True)
class Event:
    """Something that happened to an order or case."""

    platform: Platform
    order_no: str
    case_no: str | None
    action: str  # an Action value, "expire", "import", "note", ...
    at: datetime
    by: Actor
    source: Source
    from_state: CaseState | None = None
    to_state: CaseState | None = None
    note: str = ""
    assumed: bool = False  # outcome assumed by rule until confirmed
    rule_id: str | None = None
    pack_version: str | None = None
    data: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        _coerce(self, "platform", Platform)
        _coerce(self, "by", Actor)
        _coerce(self, "source", Source)
        for name in ("from_state", "to_state"):
            if getattr(self, name) is not None:
                _coerce(self, name, CaseState)
        require_aware(self.at, "at")
        object.__setattr__(self, "data", _freeze(self.data))

    @property
    def what(self) -> str:
        """What the history calls it: the action, except that the "import" event of a
        record saved by hand (the editors, the demo) is ENTERED — not from a platform."""
        if self.action == "import" and self.source is Source.MANUAL:
            return ENTERED
        return self.action


ENTERED = "entered"  # Event.what of a record saved by hand


@dataclass(frozen=True, slots=True)
class Timer:
    """One running deadline.

    `timer` names what must happen (e.g. ``merchant_handle``, ``ship_by``,
    ``refund_window``). `case_no` is None for order timers. Informational
    timers (platform review, refund arrival, windows) change no state.
    """

    platform: Platform
    shop: str
    order_no: str
    case_no: str | None
    timer: str
    actor: Actor
    started_at: datetime
    due_at: datetime
    on_expiry: str  # outcome code, e.g. auto_refund
    next_state: CaseState | None  # where the case goes on expiry (None: no change)
    origin: TimerOrigin
    rule_id: str | None
    pack_version: str | None
    clause: str
    source: str
    confidence: Confidence
    amount_at_risk_fen: int
    goods_at_risk: bool = False
    informational: bool = False
    warnings: tuple[str, ...] = ()
    remind_before_hours: tuple[float, ...] = ()

    def remaining_seconds(self, now: datetime) -> float:
        return (self.due_at - now).total_seconds()


class Ineligible(StrEnum):
    """Why a new after-sales request cannot be made."""

    WINDOW_CLOSED = "window_closed"
    SPECIAL_GOODS = "special_goods"
    CUSTOMISED = "customised"
    NOT_SHIPPED = "not_shipped"
    NOT_RECEIVED = "not_received"
    CANCELLATION_LIMIT = "cancellation_limit"
    OPEN_CASE = "open_case"
    NOT_OFFERED = "not_offered"  # the platform's pack has no such request type


class Condition(StrEnum):
    """What still limits a request that is allowed."""

    QUALITY_PROBLEM_ONLY = "quality_problem_only"
    NO_SEVEN_DAY_NO_REASON = "no_seven_day_no_reason"
    NOT_DURING_PRODUCTION = "not_during_production"
    NEGOTIATE_WITH_MERCHANT = "negotiate_with_merchant"


@dataclass(frozen=True, slots=True)
class Eligibility:
    kind: CaseKind
    allowed: bool
    until: datetime | None  # None while the end is not yet known (not received yet)
    reason: Ineligible | None = None
    conditions: tuple[Condition, ...] = ()
    rule_id: str | None = None
    clause: str = ""
    no_reason_until: datetime | None = None  # 7-day no-reason return end, when offered


@dataclass(frozen=True, slots=True)
class HolidayOverride:
    """A user's correction to the statutory calendar: this date is / is not a working day."""

    day: date
    workday: bool
    note: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.day, date) or isinstance(self.day, datetime):
            raise TypeError(f"holiday override: day must be a date, got {self.day!r}")
        if not isinstance(self.workday, bool):
            raise TypeError(f"holiday override {self.day}: workday must be true or false")
        if not isinstance(self.note, str):
            raise TypeError(f"holiday override {self.day}: note must be text")
