"""Service metrics: seed formulas, exact thresholds, margins (core.metrics)."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from fractions import Fraction as F

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.metrics import (
    PDD_COUNT_FIELDS,
    Binding,
    CategoryAverage,
    Level,
    MetricResult,
    PddCounts,
    PddMetric,
    TaobaoCounts,
    TaobaoDispute,
    pdd_metrics,
    taobao_dispute,
)

PDD_PACK = {"warn_multiple": 3.0, "severe_multiple": 5.0}
TAOBAO_PACK = {"dispute_rate_activity_max": 0.001, "dispute_count_activity_max": 6.0}


def with_count(counts: PddCounts, metric: PddMetric, n: int) -> PddCounts:
    return dataclasses.replace(counts, **{PDD_COUNT_FIELDS[metric]: n})


def level_of(counts: PddCounts, metric: PddMetric, average: CategoryAverage, cfg=None):
    return pdd_metrics(counts, {metric: average}, cfg)[metric].level


# --- Seed formulas with worked numbers ------------------------------------------------

WORKED = PddCounts(
    group_success_orders=1000,
    refunded_orders=50,
    dispute_refunds=2,
    quality_refunds=8,
    intervened_orders=5,
    logistics_abnormal_orders=3,
)


@pytest.mark.parametrize(
    ("counts", "metric", "expected"),
    [
        (WORKED, PddMetric.REFUND, F(50, 1000)),  # 5 %
        (WORKED, PddMetric.DISPUTE_REFUND, F(2, 1000)),  # 0.2 %
        (WORKED, PddMetric.QUALITY_REFUND, F(8, 1000)),  # 0.8 %
        (WORKED, PddMetric.INTERVENTION, F(5, 1000)),  # 0.5 %
        # 3 / (3 × 100 + 1000) = 3 / 1300 ≈ 0.23 %
        (WORKED, PddMetric.LOGISTICS_ABNORMAL, F(3, 1300)),
        # refunds of orders grouped before the window: shown capped at 100 %
        (PddCounts(10, refunded_orders=12), PddMetric.REFUND, F(1)),
        (PddCounts(10, refunded_orders=10), PddMetric.REFUND, F(1)),
        # other rates are not capped
        (PddCounts(10, dispute_refunds=12), PddMetric.DISPUTE_REFUND, F(12, 10)),
        (PddCounts(0, logistics_abnormal_orders=4), PddMetric.LOGISTICS_ABNORMAL, F(1, 100)),
        (PddCounts(0), PddMetric.LOGISTICS_ABNORMAL, None),
        (PddCounts(50), PddMetric.LOGISTICS_ABNORMAL, F(0)),
        (PddCounts(0, refunded_orders=3), PddMetric.REFUND, None),
        (PddCounts(0, dispute_refunds=3), PddMetric.DISPUTE_REFUND, None),
        (PddCounts(0), PddMetric.QUALITY_REFUND, None),
        (PddCounts(0, intervened_orders=1), PddMetric.INTERVENTION, None),
    ],
)
def test_pdd_rate_formulas(counts, metric, expected):
    result = pdd_metrics(counts, {})[metric]
    assert result.value == expected
    assert result.count == getattr(counts, PDD_COUNT_FIELDS[metric])
    assert result.level is None  # no category average entered
    assert result.margin is None


def test_all_five_metrics_are_returned_keyed_by_code():
    results = pdd_metrics(WORKED, {})
    assert list(results) == list(PddMetric)
    assert results["quality_refund_rate"].metric is PddMetric.QUALITY_REFUND
    assert all(isinstance(r, MetricResult) for r in results.values())


# --- Penalty levels -------------------------------------------------------------------

# G = 1000, category average 0.1 % and 2 orders: warn above 0.3 % AND 6 orders,
# severe above 0.5 % AND 10 orders.
AVG_Q = CategoryAverage(rate=F(1, 1000), count=2)


@pytest.mark.parametrize(
    ("quality", "level", "margin", "next_level", "binding"),
    [
        (0, Level.OK, 7, Level.WARN, Binding.COUNT),
        (3, Level.OK, 4, Level.WARN, Binding.COUNT),  # rate exactly 3× and count below
        (5, Level.OK, 2, Level.WARN, Binding.COUNT),  # rate above, count below -> ok
        (6, Level.OK, 1, Level.WARN, Binding.COUNT),  # rate above, count exactly 3× -> ok
        (7, Level.WARN, 4, Level.SEVERE, Binding.COUNT),  # both just above 3×
        (10, Level.WARN, 1, Level.SEVERE, Binding.COUNT),  # count exactly 5×
        (11, Level.SEVERE, None, None, None),
        (500, Level.SEVERE, None, None, None),
    ],
)
def test_pdd_levels_and_margins(quality, level, margin, next_level, binding):
    counts = PddCounts(1000, quality_refunds=quality)
    result = pdd_metrics(counts, {PddMetric.QUALITY_REFUND: AVG_Q}, PDD_PACK)
    assert (result[PddMetric.QUALITY_REFUND].level, result[PddMetric.QUALITY_REFUND].margin) == (
        level,
        margin,
    )
    assert result[PddMetric.QUALITY_REFUND].next_level == next_level
    assert result[PddMetric.QUALITY_REFUND].binding == binding
    assert result[PddMetric.REFUND].level is None  # only metrics with an average are judged


def test_exactly_at_three_times_both_is_not_above():
    # average 0.2 % and 2 orders; 6 of 1000 is exactly 3× on both rate and count
    avg = CategoryAverage(rate=F(2, 1000), count=2)
    at = pdd_metrics(PddCounts(1000, dispute_refunds=6), {PddMetric.DISPUTE_REFUND: avg})
    just_above = pdd_metrics(PddCounts(1000, dispute_refunds=7), {PddMetric.DISPUTE_REFUND: avg})
    assert at[PddMetric.DISPUTE_REFUND].level is Level.OK
    assert at[PddMetric.DISPUTE_REFUND].margin == 1
    assert at[PddMetric.DISPUTE_REFUND].binding is Binding.BOTH
    assert just_above[PddMetric.DISPUTE_REFUND].level is Level.WARN


def test_count_above_but_rate_below_is_ok_and_rate_binds():
    # 40 of 100 000 = 0.04 %; 3× average 0.1 % = 0.3 % -> needs more than 300 orders
    avg = CategoryAverage(rate=F(1, 1000), count=2)
    result = pdd_metrics(PddCounts(100_000, intervened_orders=40), {"intervention_rate": avg})
    r = result[PddMetric.INTERVENTION]
    assert (r.level, r.margin, r.binding) == (Level.OK, 261, Binding.RATE)


def test_float_inputs_are_read_as_their_decimal_text():
    # 3 × 0.1 is 0.30000000000000004 in floats; exactly 30 of 100 must still be "not above"
    avg = CategoryAverage(rate=0.1, count=1.0)
    assert avg.rate == F(1, 10)
    assert level_of(PddCounts(100, refunded_orders=30), PddMetric.REFUND, avg, PDD_PACK) is (
        Level.OK
    )
    assert level_of(PddCounts(100, refunded_orders=31), PddMetric.REFUND, avg, PDD_PACK) is (
        Level.WARN
    )
    assert CategoryAverage(rate="0.0035", count=Decimal("1.5")) == CategoryAverage(
        F(35, 10_000), F(3, 2)
    )


def test_fractional_average_count():
    # 3 × 1.5 = 4.5 orders: 5 orders are above it
    avg = CategoryAverage(rate=0, count=F(3, 2))
    assert level_of(PddCounts(1000, quality_refunds=4), PddMetric.QUALITY_REFUND, avg) is Level.OK
    assert level_of(PddCounts(1000, quality_refunds=5), PddMetric.QUALITY_REFUND, avg) is (
        Level.WARN
    )


def test_zero_average_jumps_straight_to_severe():
    avg = CategoryAverage(rate=0, count=0)
    r = pdd_metrics(PddCounts(100), {PddMetric.DISPUTE_REFUND: avg})[PddMetric.DISPUTE_REFUND]
    assert (r.level, r.margin, r.next_level) == (Level.OK, 1, Level.SEVERE)


def test_logistics_threshold_uses_its_own_denominator():
    # average 0.1 %, 1 order; warn needs x / (100x + 1000) > 0.3 % and x > 3
    # x > 3 / 0.7 = 4.28… -> 5 abnormal orders: 5 / 1500 = 0.33 %
    avg = CategoryAverage(rate=F(1, 1000), count=1)
    r = pdd_metrics(PddCounts(1000, logistics_abnormal_orders=4), {"logistics_abnormal_rate": avg})
    r = r[PddMetric.LOGISTICS_ABNORMAL]
    assert r.value == F(4, 1400)
    assert (r.level, r.margin, r.binding) == (Level.OK, 1, Binding.RATE)


def test_logistics_rate_can_never_exceed_one_percent():
    # 3 × 0.4 % = 1.2 %: x / (100x + G) < 1 % for every x, so no margin exists
    avg = CategoryAverage(rate=F(4, 1000), count=1)
    counts = PddCounts(10, logistics_abnormal_orders=50)
    r = pdd_metrics(counts, {"logistics_abnormal_rate": avg})[PddMetric.LOGISTICS_ABNORMAL]
    assert (r.level, r.margin, r.next_level) == (Level.OK, None, None)


def test_capped_refund_rate_cannot_exceed_a_threshold_of_100_percent():
    avg = CategoryAverage(rate=F(1, 2), count=1)  # 3× = 150 %
    r = pdd_metrics(PddCounts(10, refunded_orders=40), {"refund_rate": avg})[PddMetric.REFUND]
    assert (r.value, r.level, r.margin) == (F(1), Level.OK, None)


def test_zero_denominator_with_an_average_cannot_be_judged():
    avg = CategoryAverage(rate=F(1, 1000), count=1)
    r = pdd_metrics(PddCounts(0, dispute_refunds=9), {"dispute_refund_rate": avg})
    assert r[PddMetric.DISPUTE_REFUND] == MetricResult(
        PddMetric.DISPUTE_REFUND, None, 9, None, None
    )


def test_pack_multiples_are_used():
    avg = CategoryAverage(rate=F(1, 1000), count=2)
    counts = PddCounts(1000, quality_refunds=5)  # 2.5× the average on both
    assert level_of(counts, PddMetric.QUALITY_REFUND, avg) is Level.OK
    cfg = {"warn_multiple": 2.0, "severe_multiple": 2.4}
    assert level_of(counts, PddMetric.QUALITY_REFUND, avg, cfg) is Level.SEVERE


@pytest.mark.parametrize(
    ("cfg", "averages", "error"),
    [
        ({"warn_multiple": 6.0}, {}, ValueError),  # warn above the default severe 5
        ({"warn_multiple": 0.0}, {}, ValueError),
        ({"severe_multiple": float("nan")}, {}, ValueError),
        ({"warn_multiple": -1.0}, {}, ValueError),
        (None, {"refund": CategoryAverage(0, 0)}, ValueError),  # unknown metric code
        (None, {"refund_rate": (0.1, 2)}, TypeError),
    ],
)
def test_bad_configuration_is_rejected(cfg, averages, error):
    with pytest.raises(error):
        pdd_metrics(PddCounts(10), averages, cfg)


@pytest.mark.parametrize(
    ("build", "error"),
    [
        (lambda: PddCounts(-1), ValueError),
        (lambda: PddCounts(10, refunded_orders=1.0), TypeError),
        (lambda: PddCounts(True), TypeError),
        (lambda: CategoryAverage(rate=-0.1, count=1), ValueError),
        (lambda: CategoryAverage(rate=float("inf"), count=1), ValueError),
        (lambda: CategoryAverage(rate="abc", count=1), ValueError),
        (lambda: CategoryAverage(rate=0.1, count=None), TypeError),
        (lambda: TaobaoCounts(10, dispute_refunds=-2), ValueError),
    ],
)
def test_bad_inputs_are_rejected(build, error):
    with pytest.raises(error):
        build()


# --- Taobao dispute refund rate -------------------------------------------------------


@pytest.mark.parametrize(
    ("paid", "disputes", "expected"),
    [
        (10_000, 6, TaobaoDispute(F(6, 10_000), 6, True, 5, Binding.RATE)),
        (10_000, 10, TaobaoDispute(F(10, 10_000), 10, True, 1, Binding.RATE)),  # rate = 0.1 %
        (10_000, 11, TaobaoDispute(F(11, 10_000), 11, False, None)),
        (1_000, 6, TaobaoDispute(F(6, 1000), 6, True, 1, Binding.COUNT)),  # count = 6
        (1_000, 7, TaobaoDispute(F(7, 1000), 7, False, None)),
        (100_000, 7, TaobaoDispute(F(7, 100_000), 7, True, 94, Binding.RATE)),
        (7_000, 0, TaobaoDispute(F(0), 0, True, 8, Binding.RATE)),  # 8/7000 > 0.1 %, 8 > 6
        (6_000, 0, TaobaoDispute(F(0), 0, True, 7, Binding.BOTH)),  # 7/6000 > 0.1 %, 7 > 6
        (0, 3, TaobaoDispute(None, 3, True, None)),  # count ≤ 6 suffices
        (0, 7, TaobaoDispute(None, 7, None, None)),  # no denominator to judge the rate
        (0, 0, TaobaoDispute(None, 0, True, None)),
    ],
)
def test_taobao_dispute(paid, disputes, expected):
    assert taobao_dispute(TaobaoCounts(paid, disputes), TAOBAO_PACK) == expected
    assert taobao_dispute(TaobaoCounts(paid, disputes)) == expected  # same defaults


def test_taobao_pack_limits_are_used():
    counts = TaobaoCounts(1000, 3)
    assert taobao_dispute(counts, {"dispute_count_activity_max": 2.0}).allowed is False
    assert taobao_dispute(counts, {"dispute_rate_activity_max": 0.003}).allowed is True


# --- Properties -----------------------------------------------------------------------

fractions_small = st.builds(F, st.integers(0, 60), st.sampled_from([1, 2, 4, 100, 1000]))
averages = st.builds(
    CategoryAverage, rate=fractions_small.map(lambda f: f / 100), count=fractions_small
)
pdd_counts = st.builds(
    PddCounts,
    group_success_orders=st.integers(0, 600),
    refunded_orders=st.integers(0, 80),
    dispute_refunds=st.integers(0, 80),
    quality_refunds=st.integers(0, 80),
    intervened_orders=st.integers(0, 80),
    logistics_abnormal_orders=st.integers(0, 80),
)
multiples = st.tuples(st.integers(1, 6), st.integers(0, 4)).map(
    lambda t: {"warn_multiple": float(t[0]), "severe_multiple": float(t[0] + t[1])}
)
ORDER = {None: -1, Level.OK: 0, Level.WARN: 1, Level.SEVERE: 2}


@settings(max_examples=300, deadline=None)
@given(counts=pdd_counts, metric=st.sampled_from(list(PddMetric)), avg=averages, cfg=multiples)
def test_margin_is_exactly_where_the_level_changes(counts, metric, avg, cfg):
    result = pdd_metrics(counts, {metric: avg}, cfg)[metric]
    start = result.count
    if result.margin is None:
        if result.level in (Level.OK, Level.WARN):
            far = with_count(counts, metric, start + 100_000)
            assert level_of(far, metric, avg, cfg) is result.level  # never rises
        return
    assert result.margin >= 1
    for extra in range(1, result.margin):
        assert level_of(with_count(counts, metric, start + extra), metric, avg, cfg) is result.level
    reached = level_of(with_count(counts, metric, start + result.margin), metric, avg, cfg)
    assert reached is result.next_level
    assert ORDER[reached] > ORDER[result.level]


@settings(max_examples=200, deadline=None)
@given(counts=pdd_counts, metric=st.sampled_from(list(PddMetric)), avg=averages, cfg=multiples)
def test_level_matches_a_direct_reading_of_the_rule(counts, metric, avg, cfg):
    result = pdd_metrics(counts, {metric: avg}, cfg)[metric]
    if result.value is None:
        assert result.level is None
        return

    def above(n: float) -> bool:
        n = F(n)
        return result.value > n * avg.rate and result.count > n * avg.count

    expected = (
        Level.SEVERE
        if above(cfg["severe_multiple"])
        else Level.WARN
        if above(cfg["warn_multiple"])
        else Level.OK
    )
    assert result.level is expected


@settings(max_examples=200, deadline=None)
@given(paid=st.integers(0, 20_000), disputes=st.integers(0, 40))
def test_taobao_margin_is_exactly_where_entry_is_lost(paid, disputes):
    result = taobao_dispute(TaobaoCounts(paid, disputes))
    if result.margin is None:
        return
    assert result.allowed is True
    for extra in range(1, result.margin):
        assert taobao_dispute(TaobaoCounts(paid, disputes + extra)).allowed is True
    assert taobao_dispute(TaobaoCounts(paid, disputes + result.margin)).allowed is False
