"""The words of a reminder: core's Reminder / Summary -> a Notification.

Contract: ``for_reminder`` names the platform, the case (or order) number, what
to do and the time left — or, once the deadline passed, what the platform did;
``for_summary`` counts what happened while the operator was away, reminders were
paused, or many deadlines arrived at once (「离开期间：4 个期限已到」 / 「其中 2
件系统已自动退款」). Only platform, shop, numbers, timer and outcome codes and
amounts are used: core's reminders carry no buyer name, phone or address, and
nothing here looks one up. Text is translated at call time (context "Reminders").

Threading: GUI thread (translation), no state.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from core.domain import CaseKind
from core.reminders import Reminder, Summary, SummaryReason
from gui import countdown, fmt, labels
from gui.notifier import Level, Notification, Target

translate = QCoreApplication.translate


def record(platform: str, case_no: str | None, order_no: str) -> str:
    """「拼多多 · 售后单 AS-0001」 or 「拼多多 · 订单 250302-…」."""
    if case_no:
        return labels.fill(
            translate("Reminders", "%1 · case %2"), labels.platform(platform), case_no
        )
    return labels.fill(translate("Reminders", "%1 · order %2"), labels.platform(platform), order_no)


def time_left(seconds: float) -> str:
    return countdown.format_duration(max(seconds, 60))


def target_of(reminder: Reminder) -> Target:
    return Target(reminder.platform.value, reminder.case_no, reminder.order_no)


def for_reminder(reminder: Reminder, kind: CaseKind | None = None) -> Notification:
    title = record(reminder.platform, reminder.case_no, reminder.order_no)
    if reminder.snoozed:
        title = labels.fill(translate("Reminders", "%1 (snoozed)"), title)
    todo = labels.todo(reminder.timer, kind)
    if reminder.expired:
        first = labels.fill(
            translate("Reminders", "Deadline passed: %1"), labels.outcome(reminder.on_expiry)
        )
        level = Level.CRITICAL
    else:
        first = labels.fill(
            translate("Reminders", "%1 left: %2"), time_left(reminder.remaining_s), todo
        )
        level = Level.WARNING
    second = reminder.shop
    if reminder.amount_at_risk_fen:
        money = fmt.money(reminder.amount_at_risk_fen)
        second = labels.fill(translate("Reminders", "%1 · %2 at stake"), reminder.shop, money)
    if reminder.expired:
        second = f"{todo} · {second}"
    keys = () if reminder.expired else (reminder.key,)
    return Notification(title, f"{first}\n{second}", level, target_of(reminder), keys)


def _counts(summary: Summary) -> str:
    passed = summary.expired
    coming = summary.count - passed
    if passed and coming:
        return labels.fill(
            translate("Reminders", "%1 deadlines passed, %2 coming up"), passed, coming
        )
    if passed:
        return labels.fill(translate("Reminders", "%1 deadlines passed"), passed)
    return labels.fill(translate("Reminders", "%1 deadlines coming up"), coming)


def for_summary(summary: Summary, first: bool = False) -> Notification:
    """``first``: the first sweep on this database, so "while you were away" would be wrong."""
    if first and summary.reason is SummaryReason.AWAY:
        head = translate("Reminders", "Deadlines to watch")
    else:
        head = labels.summary_reason(summary.reason)
    title = labels.fill(translate("Reminders", "%1: %2"), head, _counts(summary))
    lines = []
    outcomes = sorted(summary.outcomes.items(), key=lambda item: (-item[1], item[0]))
    if outcomes:
        parts = translate("Reminders", ", ").join(
            labels.summary_outcome(code, n) for code, n in outcomes
        )
        lines.append(labels.fill(translate("Reminders", "Of these: %1"), parts))
    pending = sorted((r for r in summary.reminders if not r.expired), key=lambda r: r.due_at)
    if pending:
        soonest = pending[0]
        where = record(soonest.platform, soonest.case_no, soonest.order_no)
        lines.append(
            labels.fill(
                translate("Reminders", "Next: %1, %2 left"), where, time_left(soonest.remaining_s)
            )
        )
    level = Level.CRITICAL if summary.expired else Level.WARNING
    opened = pending[0] if pending else summary.reminders[0]
    keys = tuple(r.key for r in pending)
    hint = translate("Reminders", "Click to open ShopClock.")
    return Notification(title, "\n".join(lines), level, target_of(opened), keys, hint)


def still_running() -> Notification:
    """The first time the window is closed to the tray (shown once)."""
    return Notification(
        translate("Reminders", "ShopClock is still running"),
        translate(
            "Reminders",
            "Closing the window keeps ShopClock in the tray, counting down and reminding "
            "you. To quit, choose Quit in the tray icon's menu.",
        ),
    )
