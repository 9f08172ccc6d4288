"""Texts of the detail panel: facts, timer explanations, eligibility, timeline rows.

Contract: pure functions of core's dataclasses (CaseDetail / OrderDetail parts)
returning strings (HTML-escaped where they feed rich-text labels). A timer's
explanation is 「<pack name> <clause>：<render_explanation(rule)>」 with the
limit the engine resolved for this shop (overrides, special periods).

Threading: GUI thread (translations); no state.
"""

from __future__ import annotations

import dataclasses
import html
from collections.abc import Mapping

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from core import privacy
from core.domain import (
    ENTERED,
    Actor,
    CaseKind,
    Eligibility,
    Event,
    GoodsType,
    Order,
    Shop,
    Timer,
    Urgency,
)
from core.rules.engine import Engine
from core.rules.explain import render_explanation
from core.rules.loader import RuleBook
from core.rules.transitions import platform_pending
from core.rules.urgency import urgency_of
from gui import countdown, fmt, labels
from gui.labels import fill, tr


def _t(text: str) -> str:
    return QCoreApplication.translate("DetailPanel", text)


def explanation(
    book: RuleBook, engine: Engine | None, timer: Timer, shop: Shop | None, lang: str
) -> str:
    """「拼多多售后规则 2.2：商家应在48小时内处理，逾期系统默认同意并自动退款」"""
    if timer.rule_id is None:
        return tr(labels.NO_RULE_EXPLANATION)
    try:
        pack = book.pack(timer.platform, timer.pack_version)
        rule = pack.rule(timer.rule_id)
    except (KeyError, LookupError, ValueError):
        return timer.clause
    limit = unit = None
    if engine is not None and rule.limit is not None:
        resolved = engine.resolve_limit(rule, timer.platform, shop, timer.started_at)
        if resolved is not None:
            limit, unit = resolved.limit, resolved.unit
    text = render_explanation(rule, lang, limit=limit, unit=unit)
    name = pack.name_zh if lang.startswith("zh") else pack.name_en
    clause = timer.clause or rule.clause
    if clause:
        return fill(tr(labels.EXPLANATION), name, clause, text)
    return fill(tr(labels.EXPLANATION_NO_CLAUSE), name, text)


def timer_meta(timer: Timer) -> str:
    parts = [
        fill(_t(SOURCE_LINE), timer.source) if timer.source else "",
        fill(_t(CONFIDENCE_LINE), labels.confidence(timer.confidence)),
        labels.origin(timer.origin),
    ]
    return " · ".join(p for p in parts if p)


SOURCE_LINE = QT_TRANSLATE_NOOP("DetailPanel", "Source: %1")
CONFIDENCE_LINE = QT_TRANSLATE_NOOP("DetailPanel", "Confidence: %1")
DEADLINE_LINE = QT_TRANSLATE_NOOP("DetailPanel", "Deadline %1")
START_LINE = QT_TRANSLATE_NOOP("DetailPanel", "May be requested from %1")
STARTED = QT_TRANSLATE_NOOP("DetailPanel", "May be requested now")

# Outcomes of informational timers whose due time is when something becomes possible
# (e.g. Taobao: the buyer may ask for intervention from 72 h after applying), not a
# deadline anyone must meet.
START_OUTCOMES = frozenset({"intervention_available"})


def is_start_time(timer: Timer) -> bool:
    return timer.informational and timer.on_expiry in START_OUTCOMES


def timer_heading(timer: Timer) -> str:
    who = labels.actor(timer.actor)
    return f"<b>{html.escape(labels.timer(timer.timer))}</b> <span>（{html.escape(who)}）</span>"


def timer_deadline(timer: Timer, now, thresholds, dark: bool) -> str:
    """Deadline and live remaining time, coloured like the table cell."""
    seconds = (timer.due_at - now).total_seconds()
    if is_start_time(timer):  # a start time: no deadline, nothing overdue after it
        text = html.escape(countdown.format_countdown(seconds) if seconds > 0 else _t(STARTED))
        when = html.escape(fill(_t(START_LINE), fmt.long_time(timer.due_at)))
    else:
        text = html.escape(countdown.format_countdown(seconds))
        when = html.escape(fill(_t(DEADLINE_LINE), fmt.long_time(timer.due_at)))
    band = urgency_of(timer.due_at - now, thresholds)
    # coloured as the table colours it: the merchant's deadlines only (another party's
    # clock is shown muted there, and counts under no urgency)
    merchant = timer.actor is Actor.MERCHANT and not timer.informational
    fg, bg = countdown.band_colors(band, dark) if merchant else (countdown.muted_color(dark), None)
    style = ""
    if fg is not None:
        style = f"color:{fg.name()};"
    if bg is not None:
        style += f"background-color:{bg.name()};"
    return f'{when} · <span style="{style}"><b>&nbsp;{text}&nbsp;</b></span>'


def timer_html(timer: Timer, why: str, now, thresholds, dark: bool) -> str:
    """Heading, live deadline, the rule's explanation, source line and warnings."""
    parts = [
        timer_heading(timer),
        timer_deadline(timer, now, thresholds, dark),
        html.escape(why),
        f"<small>{html.escape(timer_meta(timer))}</small>",
    ]
    warn = warnings_html(timer, dark)
    if warn:
        parts.append(warn)
    return "<br>".join(parts)


def with_shown_open(timers: tuple[Timer, ...], shown_open_at) -> tuple[Timer, ...]:
    """The case's running deadline with a warning when an export imported after it
    still showed the state open (core.service.Service.shown_open): the rule's time
    is not the platform's, and the case is not moved to the rule's outcome."""
    if shown_open_at is None:
        return timers
    out = list(timers)
    for i, timer in enumerate(out):
        if not timer.informational:
            if platform_pending(shown_open_at, timer.due_at):
                code = f"shown_open:{fmt.long_time(shown_open_at)}"
                out[i] = dataclasses.replace(timer, warnings=(*timer.warnings, code))
            break
    return tuple(out)


def warnings_html(timer: Timer, dark: bool) -> str:
    if not timer.warnings:
        return ""
    color = countdown.band_colors(Urgency.SOON, dark)[0]
    lines = "<br>".join(html.escape(labels.warning(w)) for w in timer.warnings)
    return f'<span style="color:{color.name()}">⚠ {lines}</span>'


def buyer_facts(order: Order, reveal: bool = False) -> list[tuple[str, str]]:
    """Buyer name, phone and address: masked (core.privacy) unless ``reveal``."""
    values = (order.buyer_name, order.buyer_phone, order.buyer_address)
    masks = (privacy.mask_name, privacy.mask_phone, privacy.mask_address)
    names = (FACT_BUYER, FACT_PHONE, FACT_ADDRESS)
    shown = (v if reveal else mask(v or "") for v, mask in zip(values, masks, strict=True))
    return [(_t(n), v or "") for n, v in zip(names, shown, strict=True)]


def has_buyer_data(order: Order | None) -> bool:
    return order is not None and any((order.buyer_name, order.buyer_phone, order.buyer_address))


def order_facts(order: Order | None, reveal: bool = False) -> list[tuple[str, str]]:
    """The order's facts; the buyer's are masked unless ``reveal`` (an explicit click)."""
    if order is None:
        return [(_t(FACT_ORDER), _t(FACT_ORDER_MISSING))]
    facts = [
        (_t(FACT_ORDER), order.order_no),
        (_t(FACT_ITEM), order.title),
        (_t(FACT_AMOUNT), fmt.money(order.amount_fen)),
        *buyer_facts(order, reveal),
        (_t(FACT_PAID), fmt.long_time(order.paid_at)),
        (_t(FACT_SHIP_BY), fmt.long_time(order.ship_by)),
        (_t(FACT_SHIPPED), fmt.long_time(order.shipped_at) or _t(FACT_NOT_YET)),
        (_t(FACT_RECEIVED), fmt.long_time(order.received_at) or _t(FACT_NOT_YET)),
        (_t(FACT_GOODS), _goods(order)),
    ]
    return [(k, v) for k, v in facts if v]


def _goods(order: Order) -> str:
    text = labels.goods(order.goods_type)
    extras = [
        _t(FACT_CUSTOMISED) if order.customised else "",
        _t(FACT_PRESALE) if order.presale else "",
    ]
    return " · ".join([text, *(e for e in extras if e)])


FACT_ORDER = QT_TRANSLATE_NOOP("DetailPanel", "Order no.")
FACT_ORDER_MISSING = QT_TRANSLATE_NOOP("DetailPanel", "Order not imported yet")
FACT_ITEM = QT_TRANSLATE_NOOP("DetailPanel", "Item")
FACT_AMOUNT = QT_TRANSLATE_NOOP("DetailPanel", "Amount paid")
FACT_BUYER = QT_TRANSLATE_NOOP("DetailPanel", "Buyer")
FACT_PHONE = QT_TRANSLATE_NOOP("DetailPanel", "Buyer phone")
FACT_ADDRESS = QT_TRANSLATE_NOOP("DetailPanel", "Buyer address")
FACT_PAID = QT_TRANSLATE_NOOP("DetailPanel", "Paid")
FACT_SHIP_BY = QT_TRANSLATE_NOOP("DetailPanel", "Promised ship time")
FACT_SHIPPED = QT_TRANSLATE_NOOP("DetailPanel", "Shipped")
FACT_RECEIVED = QT_TRANSLATE_NOOP("DetailPanel", "Received")
FACT_NOT_YET = QT_TRANSLATE_NOOP("DetailPanel", "not yet")
FACT_GOODS = QT_TRANSLATE_NOOP("DetailPanel", "Goods type")
FACT_CUSTOMISED = QT_TRANSLATE_NOOP("DetailPanel", "customised")
FACT_PRESALE = QT_TRANSLATE_NOOP("DetailPanel", "pre-sale")


def eligibility_lines(
    eligibility: Mapping[CaseKind, Eligibility], goods_type: GoodsType | None
) -> list[str]:
    lines = []
    for kind, e in eligibility.items():
        name = labels.kind(kind)
        if e.allowed:
            if e.until is not None:
                line = fill(tr(labels.ELIGIBLE_UNTIL), name, fmt.long_time(e.until))
            else:
                line = fill(tr(labels.ELIGIBLE_OPEN_END), name)
            if e.conditions:
                line += "（" + "，".join(labels.condition(c) for c in e.conditions) + "）"
            lines.append(line)
            if e.no_reason_until is not None:
                lines.append(fill(tr(labels.NO_REASON_UNTIL), fmt.long_time(e.no_reason_until)))
        elif e.reason is not None:
            lines.append(
                fill(tr(labels.INELIGIBLE_LINE), name, labels.ineligible(e.reason, goods_type))
            )
    return lines


def event_texts(ev: Event, reveal: bool = False) -> tuple[str, str, str, str]:
    """(time, who, what, source) for a timeline row; a phone number typed into a note
    is masked (core.privacy.scrub) unless ``reveal``, like the buyer's own."""
    what = labels.event(ev.what)
    if ev.action == "expire" and ev.data.get("on_expiry"):
        what = fill(_t(EXPIRED_LINE), labels.outcome(ev.data["on_expiry"]))
    elif ev.to_state is not None and ev.from_state != ev.to_state and ev.action == "import":
        line = ENTERED_LINE if ev.what == ENTERED else IMPORT_LINE
        what = fill(_t(line), labels.state(ev.to_state))
    if ev.note:
        what += "：" + (ev.note if reveal else privacy.scrub(ev.note))
    if ev.data.get("tracking_no"):
        what += "  " + fill(_t(TRACKING_LINE), ev.data["tracking_no"])
    if ev.assumed and ev.action != "expire":
        what = fill(tr(labels.ASSUMED_SUFFIX), what)
    return fmt.long_time(ev.at), labels.actor(ev.by), what, labels.source(ev.source)


EXPIRED_LINE = QT_TRANSLATE_NOOP("DetailPanel", "Deadline passed: %1")
IMPORT_LINE = QT_TRANSLATE_NOOP("DetailPanel", "Imported: %1")
ENTERED_LINE = QT_TRANSLATE_NOOP("DetailPanel", "Entered: %1")
TRACKING_LINE = QT_TRANSLATE_NOOP("DetailPanel", "tracking no. %1")
