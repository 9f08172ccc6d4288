"""The Chinese words the command line prints for core's codes (no Qt, no gui).

Contract: one table per kind of code, code -> the words the window shows for it,
that is gui/labels.py's source string as translated in
resources/translations/shopclock_main_zh_CN.ts (context "labels").
tests/core/test_cli_texts.py fails when a table here and the window's translation
differ, when a table lacks a code the window names, and when a code of an enum
(or of the rule-pack schema) the command line prints has no name here. Two
deliberate differences, both checked by that test: button texts drop the window's
trailing "…" (it says "a dialog opens"; the command line has none), and
REFUSAL_TEXT adds which option to use (--note, --tracking, --at).

Lookups (`platform`, `state`, …) give an unknown code back as its value: an old
database or a newer rule pack never makes the command line fail. Keys are enum
members; a StrEnum member hashes as its value, so a plain stored string finds it too.

Threading: constants and pure functions.
"""

from __future__ import annotations

from functools import partial

from core.domain import (
    ENTERED,
    Actor,
    CaseKind,
    CaseState,
    Condition,
    GoodsType,
    Ineligible,
    Platform,
    Source,
    TimerOrigin,
)
from core.rules.transitions import EXPIRE, PLATFORM_PENDING, Action, Refusal

PLATFORMS = {
    Platform.PINDUODUO: "拼多多",
    Platform.TAOBAO: "淘宝",
    Platform.TMALL: "天猫",
    Platform.DOUYIN: "抖店",
}

KINDS = {
    CaseKind.REFUND_ONLY: "仅退款",
    CaseKind.RETURN_REFUND: "退货退款",
    CaseKind.EXCHANGE: "换货",
}

STATES = {
    CaseState.AWAITING_MERCHANT: "待商家处理",
    CaseState.REJECTED: "商家已拒绝",
    CaseState.AWAITING_RETURN: "待买家退货",
    CaseState.RETURN_SHIPPED: "买家已退货",
    CaseState.INTERVENTION: "平台介入",
    CaseState.REFUNDED: "退款成功",
    CaseState.CLOSED: "售后关闭",
    CaseState.CANCELLED: "买家已撤销",
}

ACTORS = {
    Actor.MERCHANT: "商家",
    Actor.BUYER: "买家",
    Actor.PLATFORM: "平台",
    Actor.SYSTEM: "平台系统",
    Actor.OPERATOR: "本店操作员",
}

SOURCES = {
    Source.MANUAL: "手动录入",
    Source.IMPORT: "导入",
    Source.RULE: "按规则",
}

ORIGINS = {
    TimerOrigin.PLATFORM: "平台给出",
    TimerOrigin.RULE: "按规则计算",
}

GOODS = {
    GoodsType.NORMAL: "普通",
    GoodsType.FRUIT: "水果",
    GoodsType.FRESH: "生鲜",
    GoodsType.VIRTUAL: "虚拟",
    GoodsType.CAR: "汽车",
}

# what can be recorded (the window's buttons, without their "…")
ACTIONS = {
    Action.AGREE: "同意",
    Action.REJECT: "拒绝",
    Action.BUYER_RESUBMIT: "买家重新提交",
    Action.BUYER_CANCEL: "买家已撤销",
    Action.BUYER_SHIP_RETURN: "买家已寄回",
    Action.BUYER_INTERVENE: "平台介入",
    Action.CONFIRM_REFUND: "确认收货并退款",
    Action.REJECT_RETURN: "拒绝收货",
    Action.EXCHANGE_RESHIP: "已重新发货",
    Action.PLATFORM_FOR_BUYER: "平台判买家胜",
    Action.PLATFORM_FOR_MERCHANT: "平台判商家胜",
    Action.CONFIRM_OUTCOME: "确认系统结果",
    Action.NOTE: "添加备注",
}

AGREE_BY_KIND = {
    CaseKind.REFUND_ONLY: "同意退款",
    CaseKind.RETURN_REFUND: "同意退货",
    CaseKind.EXCHANGE: "同意换货",
}

# what happened (an event's action: an Action value, "expire" or "import")
EVENTS = {
    Action.AGREE: "商家同意",
    Action.REJECT: "商家拒绝",
    Action.BUYER_RESUBMIT: "买家重新提交",
    Action.BUYER_CANCEL: "买家已撤销",
    Action.BUYER_SHIP_RETURN: "买家寄回退货",
    Action.BUYER_INTERVENE: "申请平台介入",
    Action.CONFIRM_REFUND: "商家确认退款",
    Action.REJECT_RETURN: "商家拒绝收货",
    Action.EXCHANGE_RESHIP: "商家已发出换货",
    Action.PLATFORM_FOR_BUYER: "平台判定支持买家",
    Action.PLATFORM_FOR_MERCHANT: "平台判定支持商家",
    Action.CONFIRM_OUTCOME: "已确认系统结果",
    Action.NOTE: "备注",
    EXPIRE: "期限已过",
    "import": "从平台导入",
    ENTERED: "录入",  # the "import" event of a record saved by hand (Event.what)
}

REFUSALS = {
    Refusal.STATE: "当前状态下不能进行此操作",
    Refusal.KIND: "此类售后不支持此操作",
    Refusal.REASON_REQUIRED: "请填写原因",
    Refusal.TRACKING_REQUIRED: "请填写退货物流单号",
    Refusal.INTERVENTION_TOO_EARLY: "还没到买家可以申请平台介入的时间",
    Refusal.NOT_ASSUMED: "当前状态不是按规则推定的，无需确认",
    Refusal.BEFORE_STATE: "操作时间早于当前状态的开始时间",
    Refusal.NOTE_REQUIRED: "请填写备注内容",
    Refusal.DEADLINE_PASSED: "这个状态的期限已过，平台已按规则处理",
    Refusal.IN_FUTURE: "操作时间晚于现在",
}

# what the command line adds to a refusal: the option that supplies what is missing
REFUSAL_HINTS = {
    Refusal.REASON_REQUIRED: "（--note）",
    Refusal.TRACKING_REQUIRED: "（--tracking）",
    Refusal.NOTE_REQUIRED: "（--note）",
    Refusal.DEADLINE_PASSED: "；若您在期限前已在平台操作，请用 --at 填写当时的时间",
}

# what `shopclock act` says when an action is refused
REFUSAL_TEXT = {code: text + REFUSAL_HINTS.get(code, "") for code, text in REFUSALS.items()}

# timer codes (core.rules.schema.TIMER_CODES and the platform's own deadline)
TIMERS = {
    "merchant_handle": "商家处理期限",
    "buyer_after_rejection": "买家修改或申请介入的期限",
    "buyer_ship_return": "买家退货期限",
    "merchant_confirm_return": "商家确认退货期限",
    "merchant_evidence": "商家举证期限",
    "platform_review": "平台审核",
    "refund_arrival": "退款到账",
    "intervention_available": "买家可申请平台介入",
    "ship_by": "发货期限",
    "platform_deadline": "平台期限",
    "refund_only_window": "仅退款申请期",
    "return_refund_window": "退货退款申请期",
    "exchange_window": "换货申请期",
    "no_reason_window": "七天无理由退货",
}

# what the platform does when a deadline passes (core.rules.schema.OUTCOME_CODES)
OUTCOMES = {
    PLATFORM_PENDING: "最近导入时平台上仍未处理：请尽快处理",
    "auto_refund": "系统已自动同意退款（推定）",
    "auto_refund_without_return": "系统已直接退款，无需退货，钱货两失（推定）",
    "auto_agree_return": "系统已自动同意退货（推定）",
    "buyer_overdue_closed": "买家逾期，售后已关闭（推定）",
    "platform_decides": "由平台判定（推定）",
    "platform_rules_for_buyer": "平台已支持买家（推定）",
    "late_shipment_compensation": "发货超时，需按规则赔付买家（推定）",
    "no_new_request": "买家已不能再申请",
    "info": "时间已到",
    "intervention_available": "买家现在可以申请平台介入",
}

# why a kind of after-sales cannot be requested (%1: the goods type)
INELIGIBLE = {
    Ineligible.WINDOW_CLOSED: "申请期已过",
    Ineligible.SPECIAL_GOODS: "%1类商品",
    Ineligible.CUSTOMISED: "定制商品生产中",
    Ineligible.NOT_SHIPPED: "尚未发货",
    Ineligible.NOT_RECEIVED: "尚未收货",
    Ineligible.CANCELLATION_LIMIT: "买家撤销次数已达上限",
    Ineligible.OPEN_CASE: "已有进行中的售后",
    Ineligible.NOT_OFFERED: "该平台不提供",
}

CONDITIONS = {
    Condition.QUALITY_PROBLEM_ONLY: "仅限质量问题",
    Condition.NO_SEVEN_DAY_NO_REASON: "不支持七天无理由",
    Condition.NOT_DURING_PRODUCTION: "生产中不可申请",
    Condition.NEGOTIATE_WITH_MERCHANT: "需与商家协商",
}

# a timer's warnings (core.rules.engine's W_* codes); two carry data after a colon
WARNINGS = {
    "fact_unknown:shipped": "不确定申请时是否已发货，按最早的期限显示",
    "fact_unknown:goods": "商品类型未知，按最早的期限显示",
    "pack_version_unavailable": "开始计时时的规则版本已不存在，按最新版本计算",
    "override_below_minimum": "店铺自定的时限低于平台下限，已忽略",
    "no_rule_for_state": "没有规则对应这一状态，只显示平台给出的期限",
    "refund_requested_before_shipping": "发货前已申请退款",
}
CALENDAR_FALLBACK = "节假日数据未覆盖%1年，按周一至周五计算"  # %1: the year
SPECIAL_PERIOD = "特殊时期规则生效：%1"  # %1: the period's id
WARNINGS_WITH_DATA = {"calendar_fallback": CALENDAR_FALLBACK, "special_period": SPECIAL_PERIOD}


def name(table: dict, code: object) -> str:
    """The Chinese for ``code`` in ``table``; an unknown code (or None) as itself."""
    try:
        text = table.get(code)
    except TypeError:  # an unhashable value: certainly not a code
        text = None
    if text is None:
        return "" if code is None else str(getattr(code, "value", code))
    return text


# code -> its Chinese, one function per table (an unknown code as itself: see name)
platform, kind, state, actor, source, origin, timer, outcome, event, condition = (
    partial(name, table)
    for table in (
        PLATFORMS,
        KINDS,
        STATES,
        ACTORS,
        SOURCES,
        ORIGINS,
        TIMERS,
        OUTCOMES,
        EVENTS,
        CONDITIONS,
    )
)


def action(code, case_kind=None) -> str:
    """「同意退货」: agreeing is named after what is agreed to when the kind is known."""
    if code == Action.AGREE and case_kind in AGREE_BY_KIND:
        return AGREE_BY_KIND[case_kind]
    return name(ACTIONS, code)


def ineligible(code, goods_type=None) -> str:
    """「尚未发货」; special goods name their type (「生鲜类商品」)."""
    text = name(INELIGIBLE, code)
    return text.replace("%1", name(GOODS, goods_type) if goods_type else "特殊")


def refusal(code) -> str:
    return name(REFUSAL_TEXT, code)


def warning(code) -> str:
    """「节假日数据未覆盖2027年，按周一至周五计算」 for ``calendar_fallback:2027``."""
    head, colon, tail = str(code).partition(":")
    if colon and head in WARNINGS_WITH_DATA:
        return WARNINGS_WITH_DATA[head].replace("%1", tail)
    return name(WARNINGS, code)
