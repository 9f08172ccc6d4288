"""gui.labels: every code core can answer with has a label (and a Chinese one)."""

import pytest

from core.domain import (
    Actor,
    CaseKind,
    CaseState,
    Condition,
    Confidence,
    GoodsType,
    Ineligible,
    Platform,
    Source,
    TimerOrigin,
    Urgency,
)
from core.rules.loader import OUTCOME_CODES, TIMER_CODES
from core.rules.transitions import Action, Refusal
from gui import labels

TABLES = [
    (labels.PLATFORMS, Platform),
    (labels.KINDS, CaseKind),
    (labels.STATES, CaseState),
    (labels.ACTORS, Actor),
    (labels.SOURCES, Source),
    (labels.CONFIDENCES, Confidence),
    (labels.ORIGINS, TimerOrigin),
    (labels.URGENCIES, Urgency),
    (labels.GOODS, GoodsType),
    (labels.ACTIONS, Action),
    (labels.REFUSALS, Refusal),
    (labels.INELIGIBLE, Ineligible),
    (labels.CONDITIONS, Condition),
]


@pytest.mark.parametrize(("table", "enum"), TABLES, ids=lambda x: getattr(x, "__name__", ""))
def test_every_enum_value_has_a_label(table, enum):
    assert set(table) == set(enum)


def test_every_timer_and_outcome_code_has_a_label():
    assert set(TIMER_CODES) <= set(labels.TIMERS)
    assert set(OUTCOME_CODES) <= set(labels.OUTCOMES)
    assert {a.value for a in Action} <= set(labels.EVENTS)


def test_chinese_labels(zh):
    assert labels.platform("pinduoduo") == "拼多多"
    assert labels.state(CaseState.REFUNDED, assumed=True) == "退款成功（推定）"
    assert labels.todo("merchant_handle", CaseKind.REFUND_ONLY) == "处理退款申请"
    assert labels.todo("merchant_confirm_return", CaseKind.RETURN_REFUND) == "确认退货"
    assert labels.todo("ship_by") == "发货"
    assert labels.outcome("auto_refund") == "系统已自动同意退款（推定）"
    assert labels.refusal(Refusal.REASON_REQUIRED) == "请填写原因"
    assert labels.confidence(Confidence.SEED) == "平台规则原文"
    assert labels.confidence(Confidence.COMMON) == "卖家常用口径"
    assert labels.confidence(Confidence.LOW) == "估计"
    assert labels.origin(TimerOrigin.PLATFORM) == "平台给出"
    assert labels.origin(TimerOrigin.RULE) == "按规则计算"
    assert labels.warning("calendar_fallback:2027") == "节假日数据未覆盖2027年，按周一至周五计算"
    line = labels.fill(
        labels.tr(labels.INELIGIBLE_LINE),
        labels.kind(CaseKind.RETURN_REFUND),
        labels.ineligible(Ineligible.SPECIAL_GOODS, GoodsType.FRESH),
    )
    assert line == "不可退货退款：生鲜类商品"


def test_unknown_codes_fall_back_to_the_code(qapp):
    assert labels.outcome("something_new") == "something_new"
    assert labels.warning("new_warning:x") == "new_warning:x"
