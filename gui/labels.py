"""Every code -> label mapping the GUI shows, in one place (the dialogs reuse it).

Contract: core answers with codes (enums, timer/outcome/warning strings); this
module turns them into translatable text. Source strings are English and are
marked with QT_TRANSLATE_NOOP("labels", ...) so pyside6-lupdate finds them;
each function translates at call time, so a translator installed later applies.
An unknown code comes back as the code itself (never an exception).

Threading: QCoreApplication.translate is thread-safe, but the GUI only calls
this from the GUI thread.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from core.domain import (
    ENTERED,
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
from core.reminders import SummaryReason
from core.rules.transitions import PLATFORM_PENDING, Action, Refusal

CONTEXT = "labels"


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def fill(text: str, *args: object) -> str:
    """Qt-style placeholders: %1, %2 … (highest first, so %10 is not eaten by %1)."""
    for number in range(len(args), 0, -1):
        text = text.replace(f"%{number}", str(args[number - 1]))
    return text


def _lookup(table: dict, code: object) -> str:
    text = table.get(code)
    if text is None:
        return str(getattr(code, "value", code))
    return tr(text)


PLATFORMS = {
    Platform.PINDUODUO: QT_TRANSLATE_NOOP("labels", "Pinduoduo"),
    Platform.TAOBAO: QT_TRANSLATE_NOOP("labels", "Taobao"),
    Platform.TMALL: QT_TRANSLATE_NOOP("labels", "Tmall"),
    Platform.DOUYIN: QT_TRANSLATE_NOOP("labels", "Douyin"),
}

KINDS = {
    CaseKind.REFUND_ONLY: QT_TRANSLATE_NOOP("labels", "Refund only"),
    CaseKind.RETURN_REFUND: QT_TRANSLATE_NOOP("labels", "Return and refund"),
    CaseKind.EXCHANGE: QT_TRANSLATE_NOOP("labels", "Exchange"),
}

STATES = {
    CaseState.AWAITING_MERCHANT: QT_TRANSLATE_NOOP("labels", "Awaiting merchant"),
    CaseState.REJECTED: QT_TRANSLATE_NOOP("labels", "Rejected by merchant"),
    CaseState.AWAITING_RETURN: QT_TRANSLATE_NOOP("labels", "Awaiting buyer's return"),
    CaseState.RETURN_SHIPPED: QT_TRANSLATE_NOOP("labels", "Return shipped"),
    CaseState.INTERVENTION: QT_TRANSLATE_NOOP("labels", "Platform intervention"),
    CaseState.REFUNDED: QT_TRANSLATE_NOOP("labels", "Refunded"),
    CaseState.CLOSED: QT_TRANSLATE_NOOP("labels", "Closed"),
    CaseState.CANCELLED: QT_TRANSLATE_NOOP("labels", "Cancelled by buyer"),
}

ACTORS = {
    Actor.MERCHANT: QT_TRANSLATE_NOOP("labels", "Merchant"),
    Actor.BUYER: QT_TRANSLATE_NOOP("labels", "Buyer"),
    Actor.PLATFORM: QT_TRANSLATE_NOOP("labels", "Platform"),
    Actor.SYSTEM: QT_TRANSLATE_NOOP("labels", "Platform system"),
    Actor.OPERATOR: QT_TRANSLATE_NOOP("labels", "ShopClock user"),
}

SOURCES = {
    Source.MANUAL: QT_TRANSLATE_NOOP("labels", "Entered by hand"),
    Source.IMPORT: QT_TRANSLATE_NOOP("labels", "Imported"),
    Source.RULE: QT_TRANSLATE_NOOP("labels", "By rule"),
}

CONFIDENCES = {
    Confidence.SEED: QT_TRANSLATE_NOOP("labels", "Platform rule text"),
    Confidence.COMMON: QT_TRANSLATE_NOOP("labels", "Common seller reading"),
    Confidence.LOW: QT_TRANSLATE_NOOP("labels", "Estimate"),
}

ORIGINS = {
    TimerOrigin.PLATFORM: QT_TRANSLATE_NOOP("labels", "Given by the platform"),
    TimerOrigin.RULE: QT_TRANSLATE_NOOP("labels", "Computed by rule"),
}

URGENCIES = {
    Urgency.OK: QT_TRANSLATE_NOOP("labels", "Not urgent"),
    Urgency.SOON: QT_TRANSLATE_NOOP("labels", "Due soon"),
    Urgency.URGENT: QT_TRANSLATE_NOOP("labels", "Urgent"),
    Urgency.OVERDUE: QT_TRANSLATE_NOOP("labels", "Overdue"),
}

GOODS = {
    GoodsType.NORMAL: QT_TRANSLATE_NOOP("labels", "Normal"),
    GoodsType.FRUIT: QT_TRANSLATE_NOOP("labels", "Fruit"),
    GoodsType.FRESH: QT_TRANSLATE_NOOP("labels", "Fresh food"),
    GoodsType.VIRTUAL: QT_TRANSLATE_NOOP("labels", "Virtual"),
    GoodsType.CAR: QT_TRANSLATE_NOOP("labels", "Car"),
}

# Button texts: what the operator records.
ACTIONS = {
    Action.AGREE: QT_TRANSLATE_NOOP("labels", "Agree"),
    Action.REJECT: QT_TRANSLATE_NOOP("labels", "Reject…"),
    Action.BUYER_RESUBMIT: QT_TRANSLATE_NOOP("labels", "Buyer resubmitted"),
    Action.BUYER_CANCEL: QT_TRANSLATE_NOOP("labels", "Buyer cancelled"),
    Action.BUYER_SHIP_RETURN: QT_TRANSLATE_NOOP("labels", "Return shipped…"),
    Action.BUYER_INTERVENE: QT_TRANSLATE_NOOP("labels", "Platform intervention"),
    Action.CONFIRM_REFUND: QT_TRANSLATE_NOOP("labels", "Confirm refund"),
    Action.REJECT_RETURN: QT_TRANSLATE_NOOP("labels", "Refuse the return…"),
    Action.EXCHANGE_RESHIP: QT_TRANSLATE_NOOP("labels", "Replacement sent"),
    Action.PLATFORM_FOR_BUYER: QT_TRANSLATE_NOOP("labels", "Platform ruled for buyer"),
    Action.PLATFORM_FOR_MERCHANT: QT_TRANSLATE_NOOP("labels", "Platform ruled for merchant"),
    Action.CONFIRM_OUTCOME: QT_TRANSLATE_NOOP("labels", "Confirm assumed outcome"),
    Action.NOTE: QT_TRANSLATE_NOOP("labels", "Add note…"),
}

AGREE_BY_KIND = {
    CaseKind.REFUND_ONLY: QT_TRANSLATE_NOOP("labels", "Agree to refund"),
    CaseKind.RETURN_REFUND: QT_TRANSLATE_NOOP("labels", "Agree to return"),
    CaseKind.EXCHANGE: QT_TRANSLATE_NOOP("labels", "Agree to exchange"),
}

# Timeline texts: what happened (event.action codes, including non-Action ones).
EVENTS = {
    Action.AGREE.value: QT_TRANSLATE_NOOP("labels", "Merchant agreed"),
    Action.REJECT.value: QT_TRANSLATE_NOOP("labels", "Merchant rejected"),
    Action.BUYER_RESUBMIT.value: QT_TRANSLATE_NOOP("labels", "Buyer resubmitted"),
    Action.BUYER_CANCEL.value: QT_TRANSLATE_NOOP("labels", "Buyer cancelled"),
    Action.BUYER_SHIP_RETURN.value: QT_TRANSLATE_NOOP("labels", "Buyer shipped the return"),
    Action.BUYER_INTERVENE.value: QT_TRANSLATE_NOOP("labels", "Platform intervention requested"),
    Action.CONFIRM_REFUND.value: QT_TRANSLATE_NOOP("labels", "Merchant confirmed the refund"),
    Action.REJECT_RETURN.value: QT_TRANSLATE_NOOP("labels", "Merchant refused the return"),
    Action.EXCHANGE_RESHIP.value: QT_TRANSLATE_NOOP("labels", "Merchant sent the replacement"),
    Action.PLATFORM_FOR_BUYER.value: QT_TRANSLATE_NOOP("labels", "Platform ruled for the buyer"),
    Action.PLATFORM_FOR_MERCHANT.value: QT_TRANSLATE_NOOP(
        "labels", "Platform ruled for the merchant"
    ),
    Action.CONFIRM_OUTCOME.value: QT_TRANSLATE_NOOP("labels", "Assumed outcome confirmed"),
    Action.NOTE.value: QT_TRANSLATE_NOOP("labels", "Note"),
    "expire": QT_TRANSLATE_NOOP("labels", "Deadline passed"),
    "import": QT_TRANSLATE_NOOP("labels", "Imported from the platform"),
    ENTERED: QT_TRANSLATE_NOOP("labels", "Entered"),
}

REFUSALS = {
    Refusal.STATE: QT_TRANSLATE_NOOP("labels", "Not possible in the case's current state"),
    Refusal.KIND: QT_TRANSLATE_NOOP("labels", "Not possible for this kind of after-sales case"),
    Refusal.REASON_REQUIRED: QT_TRANSLATE_NOOP("labels", "Please enter a reason"),
    Refusal.TRACKING_REQUIRED: QT_TRANSLATE_NOOP("labels", "Please enter the tracking number"),
    Refusal.INTERVENTION_TOO_EARLY: QT_TRANSLATE_NOOP(
        "labels", "The buyer cannot ask the platform to intervene yet"
    ),
    Refusal.NOT_ASSUMED: QT_TRANSLATE_NOOP(
        "labels", "The current state was not assumed by a rule; nothing to confirm"
    ),
    Refusal.BEFORE_STATE: QT_TRANSLATE_NOOP(
        "labels", "The action's time is before the current state began"
    ),
    Refusal.NOTE_REQUIRED: QT_TRANSLATE_NOOP("labels", "Please enter the note"),
    Refusal.DEADLINE_PASSED: QT_TRANSLATE_NOOP(
        "labels",
        "This state's deadline has passed: the platform has already acted by its rule",
    ),
    Refusal.IN_FUTURE: QT_TRANSLATE_NOOP("labels", "The action's time is later than now"),
}

# Names of timers (detail panel headings).
TIMERS = {
    "merchant_handle": QT_TRANSLATE_NOOP("labels", "Merchant must handle"),
    "buyer_after_rejection": QT_TRANSLATE_NOOP("labels", "Buyer may resubmit or escalate"),
    "buyer_ship_return": QT_TRANSLATE_NOOP("labels", "Buyer must ship the return"),
    "merchant_confirm_return": QT_TRANSLATE_NOOP("labels", "Merchant must confirm the return"),
    "merchant_evidence": QT_TRANSLATE_NOOP("labels", "Merchant must submit evidence"),
    "platform_review": QT_TRANSLATE_NOOP("labels", "Platform review"),
    "refund_arrival": QT_TRANSLATE_NOOP("labels", "Refund reaches the buyer"),
    "intervention_available": QT_TRANSLATE_NOOP("labels", "Buyer may ask the platform"),
    "ship_by": QT_TRANSLATE_NOOP("labels", "Ship by"),
    "platform_deadline": QT_TRANSLATE_NOOP("labels", "Platform deadline"),
    "refund_only_window": QT_TRANSLATE_NOOP("labels", "Refund-only requests"),
    "return_refund_window": QT_TRANSLATE_NOOP("labels", "Return-and-refund requests"),
    "exchange_window": QT_TRANSLATE_NOOP("labels", "Exchange requests"),
    "no_reason_window": QT_TRANSLATE_NOOP("labels", "7-day no-reason return"),
}

# What to do (To do view): by timer code, refined by case kind where it matters.
TODO = {
    ("merchant_handle", CaseKind.REFUND_ONLY): QT_TRANSLATE_NOOP("labels", "Handle refund request"),
    ("merchant_handle", CaseKind.RETURN_REFUND): QT_TRANSLATE_NOOP(
        "labels", "Handle return request"
    ),
    ("merchant_handle", CaseKind.EXCHANGE): QT_TRANSLATE_NOOP("labels", "Handle exchange request"),
    ("merchant_confirm_return", CaseKind.EXCHANGE): QT_TRANSLATE_NOOP(
        "labels", "Confirm return, send replacement"
    ),
    ("merchant_confirm_return", None): QT_TRANSLATE_NOOP("labels", "Confirm returned goods"),
    ("merchant_evidence", None): QT_TRANSLATE_NOOP("labels", "Submit evidence to platform"),
    ("ship_by", None): QT_TRANSLATE_NOOP("labels", "Ship the order"),
    ("platform_deadline", None): QT_TRANSLATE_NOOP("labels", "Act before platform deadline"),
    ("buyer_after_rejection", None): QT_TRANSLATE_NOOP("labels", "Wait for buyer's reply"),
    ("buyer_ship_return", None): QT_TRANSLATE_NOOP("labels", "Wait for buyer's return"),
    ("platform_review", None): QT_TRANSLATE_NOOP("labels", "Wait for platform review"),
    ("refund_arrival", None): QT_TRANSLATE_NOOP("labels", "Refund on its way"),
    ("intervention_available", None): QT_TRANSLATE_NOOP("labels", "Buyer may escalate"),
    ("merchant_handle", None): QT_TRANSLATE_NOOP("labels", "Handle the after-sales request"),
}
CONFIRM_TODO = QT_TRANSLATE_NOOP("labels", "Check and confirm: %1")

# What the platform did when a deadline passed (marked as assumed by rule).
OUTCOMES = {
    PLATFORM_PENDING: QT_TRANSLATE_NOOP(
        "labels", "Still open on the platform when the last export was imported: answer soon"
    ),
    "auto_refund": QT_TRANSLATE_NOOP("labels", "Refund auto-approved by the system (assumed)"),
    "auto_refund_without_return": QT_TRANSLATE_NOOP(
        "labels", "Refunded without return: money and goods lost (assumed)"
    ),
    "auto_agree_return": QT_TRANSLATE_NOOP(
        "labels", "Return auto-approved by the system (assumed)"
    ),
    "buyer_overdue_closed": QT_TRANSLATE_NOOP("labels", "Buyer overdue, case closed (assumed)"),
    "platform_decides": QT_TRANSLATE_NOOP("labels", "The platform decides (assumed)"),
    "platform_rules_for_buyer": QT_TRANSLATE_NOOP(
        "labels", "Platform ruled for the buyer (assumed)"
    ),
    "late_shipment_compensation": QT_TRANSLATE_NOOP(
        "labels", "Shipped late: compensation due to the buyer (assumed)"
    ),
    "no_new_request": QT_TRANSLATE_NOOP("labels", "Buyer can no longer apply"),
    "info": QT_TRANSLATE_NOOP("labels", "Time reached"),
    "intervention_available": QT_TRANSLATE_NOOP("labels", "Buyer may now ask the platform"),
}

# An assumed state whose expiry event is not at hand: say it from the state.
ASSUMED_STATES = {
    CaseState.REFUNDED: QT_TRANSLATE_NOOP("labels", "Refunded by the system (assumed)"),
    CaseState.CLOSED: QT_TRANSLATE_NOOP("labels", "Closed by the system (assumed)"),
    CaseState.AWAITING_RETURN: QT_TRANSLATE_NOOP(
        "labels", "Return auto-approved by the system (assumed)"
    ),
    CaseState.INTERVENTION: QT_TRANSLATE_NOOP("labels", "Passed to the platform (assumed)"),
}
ASSUMED_SUFFIX = QT_TRANSLATE_NOOP("labels", "%1 (assumed)")

INELIGIBLE = {
    Ineligible.WINDOW_CLOSED: QT_TRANSLATE_NOOP("labels", "the request window has closed"),
    Ineligible.SPECIAL_GOODS: QT_TRANSLATE_NOOP("labels", "special goods (%1)"),
    Ineligible.CUSTOMISED: QT_TRANSLATE_NOOP("labels", "customised goods in production"),
    Ineligible.NOT_SHIPPED: QT_TRANSLATE_NOOP("labels", "not shipped yet"),
    Ineligible.NOT_RECEIVED: QT_TRANSLATE_NOOP("labels", "not received yet"),
    Ineligible.CANCELLATION_LIMIT: QT_TRANSLATE_NOOP("labels", "the buyer has cancelled too often"),
    Ineligible.OPEN_CASE: QT_TRANSLATE_NOOP("labels", "another after-sales case is open"),
    Ineligible.NOT_OFFERED: QT_TRANSLATE_NOOP("labels", "not offered on this platform"),
}

CONDITIONS = {
    Condition.QUALITY_PROBLEM_ONLY: QT_TRANSLATE_NOOP("labels", "only for quality problems"),
    Condition.NO_SEVEN_DAY_NO_REASON: QT_TRANSLATE_NOOP("labels", "no 7-day no-reason return"),
    Condition.NOT_DURING_PRODUCTION: QT_TRANSLATE_NOOP("labels", "not while in production"),
    Condition.NEGOTIATE_WITH_MERCHANT: QT_TRANSLATE_NOOP(
        "labels", "to be agreed with the merchant"
    ),
}

ORDER_STATUS = {
    "unshipped": QT_TRANSLATE_NOOP("labels", "Not shipped"),
    "shipped": QT_TRANSLATE_NOOP("labels", "Shipped"),
    "received": QT_TRANSLATE_NOOP("labels", "Received"),
    "open_case": QT_TRANSLATE_NOOP("labels", "With open after-sales"),
}

# Tray summaries: why several reminders came as one notification (SummaryReason codes).
SUMMARY_REASONS = {
    SummaryReason.AWAY: QT_TRANSLATE_NOOP("labels", "While you were away"),
    SummaryReason.HELD: QT_TRANSLATE_NOOP(
        "labels", "While reminders were held (quiet hours or a pause)"
    ),
    SummaryReason.BURST: QT_TRANSLATE_NOOP("labels", "Several deadlines at once"),
}

# Tray summaries: how many passed deadlines ended how (outcome codes, %1 = count).
SUMMARY_OUTCOMES = {
    PLATFORM_PENDING: QT_TRANSLATE_NOOP(
        "labels", "%1 still open on the platform when the export was imported"
    ),
    "auto_refund": QT_TRANSLATE_NOOP("labels", "%1 refunded automatically by the system"),
    "auto_refund_without_return": QT_TRANSLATE_NOOP(
        "labels", "%1 refunded without the goods coming back"
    ),
    "auto_agree_return": QT_TRANSLATE_NOOP("labels", "%1 returns approved automatically"),
    "buyer_overdue_closed": QT_TRANSLATE_NOOP("labels", "%1 closed, the buyer was late"),
    "platform_decides": QT_TRANSLATE_NOOP("labels", "%1 passed to the platform"),
    "platform_rules_for_buyer": QT_TRANSLATE_NOOP("labels", "%1 ruled for the buyer"),
    "late_shipment_compensation": QT_TRANSLATE_NOOP("labels", "%1 shipped late, compensation due"),
}
SUMMARY_OUTCOME_OTHER = QT_TRANSLATE_NOOP("labels", "%1 × %2")

NO_REASON_UNTIL = QT_TRANSLATE_NOOP("labels", "7-day no-reason return until %1")
EXPLANATION = QT_TRANSLATE_NOOP("labels", "%1 %2: %3")
EXPLANATION_NO_CLAUSE = QT_TRANSLATE_NOOP("labels", "%1: %2")
NO_RULE_EXPLANATION = QT_TRANSLATE_NOOP(
    "labels", "A deadline the platform gave; no rule in the pack covers this state"
)
ELIGIBLE_UNTIL = QT_TRANSLATE_NOOP("labels", "%1 can be requested until %2")
ELIGIBLE_OPEN_END = QT_TRANSLATE_NOOP("labels", "%1 can be requested (end not known yet)")
INELIGIBLE_LINE = QT_TRANSLATE_NOOP("labels", "%1 not possible: %2")

SHOWN_OPEN = QT_TRANSLATE_NOOP(
    "labels",
    "The export imported at %1 still showed this state, after the rule's deadline: the "
    "platform's real deadline is later. Check it on the platform and answer soon.",
)
WARNINGS = {
    "fact_unknown:shipped": QT_TRANSLATE_NOOP(
        "labels", "Not known whether the order had shipped; the earliest deadline is shown"
    ),
    "fact_unknown:goods": QT_TRANSLATE_NOOP(
        "labels", "Goods type not known; the earliest deadline is shown"
    ),
    "pack_version_unavailable": QT_TRANSLATE_NOOP(
        "labels", "The rule version this timer started under is gone; the newest is used"
    ),
    "override_below_minimum": QT_TRANSLATE_NOOP(
        "labels", "The shop's own limit is below the platform minimum and was ignored"
    ),
    "no_rule_for_state": QT_TRANSLATE_NOOP(
        "labels", "No rule covers this state; only the platform's deadline is shown"
    ),
    "refund_requested_before_shipping": QT_TRANSLATE_NOOP(
        "labels", "A refund was requested before shipping"
    ),
}
CALENDAR_FALLBACK = QT_TRANSLATE_NOOP(
    "labels", "Holiday data does not cover %1; counting Monday to Friday as working days"
)
SPECIAL_PERIOD = QT_TRANSLATE_NOOP("labels", "Special period in force: %1")


def _accessor(table: dict, cls: type | None = None):
    def label(code) -> str:
        return _lookup(table, _coerce(cls, code) if cls else code)

    return label


# code -> label (an unknown code comes back as itself)
platform = _accessor(PLATFORMS, Platform)
kind = _accessor(KINDS, CaseKind)
actor = _accessor(ACTORS, Actor)
source = _accessor(SOURCES, Source)
confidence = _accessor(CONFIDENCES, Confidence)
origin = _accessor(ORIGINS, TimerOrigin)
urgency = _accessor(URGENCIES, Urgency)
goods = _accessor(GOODS, GoodsType)
refusal = _accessor(REFUSALS, Refusal)
condition = _accessor(CONDITIONS, Condition)
timer = _accessor(TIMERS)
order_status = _accessor(ORDER_STATUS)
outcome = _accessor(OUTCOMES)
summary_reason = _accessor(SUMMARY_REASONS, SummaryReason)


def state(code: CaseState | str, assumed: bool = False) -> str:
    text = _lookup(STATES, _coerce(CaseState, code))
    return fill(tr(ASSUMED_SUFFIX), text) if assumed else text


def action(code: Action | str, case_kind: CaseKind | None = None) -> str:
    code = _coerce(Action, code)
    if code is Action.AGREE and case_kind is not None:
        return _lookup(AGREE_BY_KIND, case_kind)
    return _lookup(ACTIONS, code)


def event(code: str) -> str:
    return _lookup(EVENTS, str(code))


def todo(timer_code: str, case_kind: CaseKind | None = None) -> str:
    text = TODO.get((timer_code, case_kind)) or TODO.get((timer_code, None))
    return tr(text) if text else timer(timer_code)


def summary_outcome(code: str, count: int) -> str:
    """「2 件系统已自动退款」: what ``count`` passed deadlines with outcome ``code`` led to."""
    text = SUMMARY_OUTCOMES.get(code)
    if text is None:
        return fill(tr(SUMMARY_OUTCOME_OTHER), count, outcome(code))
    return fill(tr(text), count)


def confirm_todo(outcome_text: str) -> str:
    return fill(tr(CONFIRM_TODO), outcome_text)


def assumed_state(code: CaseState | str) -> str:
    code = _coerce(CaseState, code)
    if code in ASSUMED_STATES:
        return tr(ASSUMED_STATES[code])
    return state(code, assumed=True)


def ineligible(code: Ineligible | str, goods_type: GoodsType | None = None) -> str:
    code = _coerce(Ineligible, code)
    text = _lookup(INELIGIBLE, code)
    if code is Ineligible.SPECIAL_GOODS:
        return fill(text, goods(goods_type) if goods_type else "")
    return text


def warning(code: str) -> str:
    """A timer warning; ``calendar_fallback:<year>`` and ``special_period:<id>`` carry data."""
    head, _, tail = code.partition(":")
    if head == "calendar_fallback":
        return fill(tr(CALENDAR_FALLBACK), tail)
    if head == "special_period":
        return fill(tr(SPECIAL_PERIOD), tail)
    if head == "shown_open":
        return fill(tr(SHOWN_OPEN), tail)
    return _lookup(WARNINGS, code)


def _coerce(cls, code):
    try:
        return cls(code)
    except ValueError:
        return code
