"""Service metrics: Pinduoduo 30-day rates and penalty levels, Taobao dispute rate.

Contract: pure functions over the 30-day, per-shop counts the operator reads off
the merchant back office. No I/O, no Qt, no UI sentences: results are codes
(``PddMetric``, ``Level``, ``Binding``) and exact numbers (``Fraction``; the GUI
formats percentages). Inputs are validated; bad ones raise ``ValueError`` or
``TypeError``.

Pinduoduo (RULES.md "Service metrics", seed 001), G = group-success (已成团) orders:

    refund_rate             = refunded orders / G, capped at 1 (shown ≤ 100 %)
    dispute_refund_rate     = refunds after intervention ruled against the merchant / G
    quality_refund_rate     = quality or not-as-described refunds / G
    intervention_rate       = intervened orders / G
    logistics_abnormal_rate = abnormal / (abnormal × 100 + G)

A zero denominator gives ``value=None`` (not 0, not an error).

Penalty level: with the operator's category average (rate a, count c) and the
multiples N from the pack's ``metrics`` mapping (``warn_multiple`` default 3,
``severe_multiple`` default 5), a level is reached when the rate > N·a AND the
count > N·c. Both comparisons are strict and exact: a value equal to its
threshold is not above it. ``level`` is None when it cannot be judged (no
category average entered, or the rate has no denominator). The comparison uses
the shown value (the refund rate after its 100 % cap). The platform says
"持续高于" (stays above); this module judges the snapshot it is given.

``margin``: the number of additional orders of that metric's kind — everything
else unchanged, so G stays fixed while a logistics-abnormal order also adds 100
to its own denominator — at which the level first rises; ``margin - 1`` more
still keep the current level. Both conditions must be exceeded, so this is the
later of the two crossings; ``binding`` says which one that is. ``margin`` is
None at ``severe``, when the level is None, or when more orders can never raise
the level (e.g. a logistics threshold ≥ 1 %, which that rate can never exceed).

Taobao: dispute refund rate = seller-fault intervention refunds / paid
sub-orders. Activity entry is allowed when rate ≤ ``dispute_rate_activity_max``
(default 0.1 %) OR count ≤ ``dispute_count_activity_max`` (default 6). ``allowed``
is None when the count is over its limit and the rate has no denominator.
``margin`` is the number of additional dispute refunds at which entry is lost
(None when already lost, or when it cannot be computed).

Threading: immutable values and pure functions; safe to call from any thread.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, fields
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from types import MappingProxyType

Number = Fraction | Decimal | int | float | str

DEFAULT_WARN_MULTIPLE = Fraction(3)
DEFAULT_SEVERE_MULTIPLE = Fraction(5)
DEFAULT_DISPUTE_RATE_ACTIVITY_MAX = Fraction(1, 1000)
DEFAULT_DISPUTE_COUNT_ACTIVITY_MAX = Fraction(6)
LOGISTICS_ABNORMAL_WEIGHT = 100  # each abnormal order counts 100× in its denominator


class PddMetric(StrEnum):
    REFUND = "refund_rate"  # 成功退款率
    DISPUTE_REFUND = "dispute_refund_rate"  # 纠纷退款率
    QUALITY_REFUND = "quality_refund_rate"  # 品质退款率
    INTERVENTION = "intervention_rate"  # 平台介入率
    LOGISTICS_ABNORMAL = "logistics_abnormal_rate"  # 物流服务异常率


class Level(StrEnum):
    OK = "ok"
    WARN = "warn"  # rate and count both above warn_multiple × category average
    SEVERE = "severe"  # rate and count both above severe_multiple × category average


class Binding(StrEnum):
    """Which condition crosses last, and so sets the margin."""

    RATE = "rate"
    COUNT = "count"
    BOTH = "both"  # both cross at the same order


def _to_fraction(value: Number, name: str) -> Fraction:
    """Exact, non-negative value; a float is read as the decimal it prints as (0.001 -> 1/1000)."""
    if isinstance(value, bool):
        raise TypeError(f"{name} must be a number, got {value!r}")
    try:
        if isinstance(value, float):
            if not math.isfinite(value):
                raise ValueError
            result = Fraction(repr(value))
        elif isinstance(value, Decimal):
            if not value.is_finite():
                raise ValueError
            result = Fraction(value)
        elif isinstance(value, Fraction | int | str):
            result = Fraction(value)
        else:
            raise TypeError(f"{name} must be a number, got {type(value).__name__}")
    except (ValueError, ZeroDivisionError) as exc:
        raise ValueError(f"{name} must be a finite number, got {value!r}") from exc
    if result < 0:
        raise ValueError(f"{name} must be >= 0, got {value!r}")
    return result


def _require_count(value: object, name: str) -> None:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{name} must be an integer count, got {value!r}")
    if value < 0:
        raise ValueError(f"{name} must be >= 0, got {value!r}")


def _cfg(cfg: Mapping[str, float] | None, key: str, default: Fraction) -> Fraction:
    value = None if cfg is None else cfg.get(key)
    return default if value is None else _to_fraction(value, key)


@dataclass(frozen=True, slots=True)
class PddCounts:
    """Pinduoduo 30-day counts for one shop."""

    group_success_orders: int  # 已成团订单
    refunded_orders: int = 0
    dispute_refunds: int = 0  # intervened, merchant held responsible, refund succeeded
    quality_refunds: int = 0  # quality / not-as-described reasons, refund succeeded
    intervened_orders: int = 0
    logistics_abnormal_orders: int = 0

    def __post_init__(self) -> None:
        for f in fields(self):
            _require_count(getattr(self, f.name), f.name)


PDD_COUNT_FIELDS: Mapping[PddMetric, str] = MappingProxyType(
    {
        PddMetric.REFUND: "refunded_orders",
        PddMetric.DISPUTE_REFUND: "dispute_refunds",
        PddMetric.QUALITY_REFUND: "quality_refunds",
        PddMetric.INTERVENTION: "intervened_orders",
        PddMetric.LOGISTICS_ABNORMAL: "logistics_abnormal_orders",
    }
)


@dataclass(frozen=True, slots=True)
class CategoryAverage:
    """The category average the operator enters: rate as a fraction (0.0035 = 0.35 %), count.

    Both are normalised to exact ``Fraction`` values.
    """

    rate: Number
    count: Number

    def __post_init__(self) -> None:
        object.__setattr__(self, "rate", _to_fraction(self.rate, "rate"))
        object.__setattr__(self, "count", _to_fraction(self.count, "count"))


@dataclass(frozen=True, slots=True)
class MetricResult:
    metric: PddMetric
    value: Fraction | None  # None: zero denominator
    count: int
    level: Level | None  # None: no category average, or no rate
    margin: int | None  # additional orders at which the level first rises
    next_level: Level | None = None  # the level reached after `margin` more orders
    binding: Binding | None = None


@dataclass(frozen=True, slots=True)
class TaobaoCounts:
    """Taobao/Tmall 30-day counts for one shop."""

    paid_sub_orders: int  # 支付子订单
    dispute_refunds: int = 0  # seller-fault refunds after Taobao intervened

    def __post_init__(self) -> None:
        for f in fields(self):
            _require_count(getattr(self, f.name), f.name)


@dataclass(frozen=True, slots=True)
class TaobaoDispute:
    value: Fraction | None  # None: no paid sub-orders
    count: int
    allowed: bool | None  # may the shop enter activities; None: cannot be judged
    margin: int | None  # additional dispute refunds at which entry is lost
    binding: Binding | None = None


def _rate(count: int, base: int, weight: int = 0, cap: Fraction | None = None) -> Fraction | None:
    """count / (weight × count + base), optionally capped; None for a zero denominator."""
    denominator = weight * count + base
    if denominator == 0:
        return None
    value = Fraction(count, denominator)
    return value if cap is None else min(value, cap)


def _above(value: Fraction | None, count: int, rate_limit: Fraction, count_limit: Fraction) -> bool:
    return value is not None and value > rate_limit and count > count_limit


def _first_above(
    base: int,
    weight: int,
    cap: Fraction | None,
    rate_limit: Fraction,
    count_limit: Fraction,
) -> tuple[int, Binding] | None:
    """Smallest count x whose rate and count are both above the limits; None if none is.

    rate(x) = x / (w·x + b) > T  ⇔  x·(1 − T·w) > T·b, and rate(x) never falls as x grows.
    """
    if base == 0 and weight == 0:
        return None  # the rate never has a denominator
    if cap is not None and rate_limit >= cap:
        return None
    slack = 1 - rate_limit * weight
    if slack <= 0:
        return None  # the rate tends to 1/w from below and never exceeds T
    by_rate = math.floor(rate_limit * base / slack) + 1
    by_count = math.floor(count_limit) + 1
    if by_rate == by_count:
        return by_rate, Binding.BOTH
    return (by_rate, Binding.RATE) if by_rate > by_count else (by_count, Binding.COUNT)


def _pdd_shape(metric: PddMetric) -> tuple[int, Fraction | None]:
    if metric is PddMetric.LOGISTICS_ABNORMAL:
        return LOGISTICS_ABNORMAL_WEIGHT, None
    if metric is PddMetric.REFUND:
        return 0, Fraction(1)
    return 0, None


def _pdd_one(
    metric: PddMetric,
    counts: PddCounts,
    average: CategoryAverage | None,
    warn_multiple: Fraction,
    severe_multiple: Fraction,
) -> MetricResult:
    count = getattr(counts, PDD_COUNT_FIELDS[metric])
    base = counts.group_success_orders
    weight, cap = _pdd_shape(metric)
    value = _rate(count, base, weight, cap)
    if average is None or value is None:
        return MetricResult(metric, value, count, None, None)
    limits = {
        Level.WARN: (warn_multiple * average.rate, warn_multiple * average.count),
        Level.SEVERE: (severe_multiple * average.rate, severe_multiple * average.count),
    }
    if _above(value, count, *limits[Level.SEVERE]):
        return MetricResult(metric, value, count, Level.SEVERE, None)
    level = Level.WARN if _above(value, count, *limits[Level.WARN]) else Level.OK
    target = Level.WARN if level is Level.OK else Level.SEVERE
    first = _first_above(base, weight, cap, *limits[target])
    if first is None:
        return MetricResult(metric, value, count, level, None)
    reached, binding = first
    next_value = _rate(reached, base, weight, cap)
    next_level = Level.SEVERE if _above(next_value, reached, *limits[Level.SEVERE]) else target
    return MetricResult(metric, value, count, level, reached - count, next_level, binding)


def pdd_metrics(
    counts: PddCounts,
    averages: Mapping[str, CategoryAverage],
    metrics_cfg: Mapping[str, float] | None = None,
) -> dict[str, MetricResult]:
    """All five Pinduoduo rates, keyed by ``PddMetric``, judged where an average is given.

    `averages` is keyed by ``PddMetric`` values; an unknown key raises ``ValueError``.
    `metrics_cfg` is a rule pack's ``metrics`` mapping (``warn_multiple``, ``severe_multiple``).
    """
    warn_multiple = _cfg(metrics_cfg, "warn_multiple", DEFAULT_WARN_MULTIPLE)
    severe_multiple = _cfg(metrics_cfg, "severe_multiple", DEFAULT_SEVERE_MULTIPLE)
    if warn_multiple <= 0 or severe_multiple < warn_multiple:
        raise ValueError(
            f"need 0 < warn_multiple <= severe_multiple, got {warn_multiple} and {severe_multiple}"
        )
    by_metric: dict[PddMetric, CategoryAverage] = {}
    for key, average in averages.items():
        if not isinstance(average, CategoryAverage):
            raise TypeError(f"average for {key!r} must be a CategoryAverage")
        by_metric[PddMetric(key)] = average
    return {
        metric: _pdd_one(metric, counts, by_metric.get(metric), warn_multiple, severe_multiple)
        for metric in PddMetric
    }


def taobao_dispute(
    counts: TaobaoCounts, metrics_cfg: Mapping[str, float] | None = None
) -> TaobaoDispute:
    """Taobao dispute refund rate and whether it still allows activity entry."""
    rate_max = _cfg(metrics_cfg, "dispute_rate_activity_max", DEFAULT_DISPUTE_RATE_ACTIVITY_MAX)
    count_max = _cfg(metrics_cfg, "dispute_count_activity_max", DEFAULT_DISPUTE_COUNT_ACTIVITY_MAX)
    count = counts.dispute_refunds
    base = counts.paid_sub_orders
    value = _rate(count, base)
    if count <= count_max or (value is not None and value <= rate_max):
        first = _first_above(base, 0, None, rate_max, count_max)
        if first is None:
            return TaobaoDispute(value, count, True, None)
        reached, binding = first
        return TaobaoDispute(value, count, True, reached - count, binding)
    return TaobaoDispute(value, count, None if value is None else False, None)
