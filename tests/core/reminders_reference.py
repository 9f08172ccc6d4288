"""The reminder decision as it was before it was made fast (core.reminders.sweep at
0f3d2fc): one ReminderKey built and looked up per offset of every timer. Kept verbatim
as the oracle the fast ``due_reminders`` is compared with (test_reminders_fast.py);
not used by the application.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache

from core.domain import Actor, Platform, Timer, require_aware
from core.reminders.model import Reminder, ReminderKey, Summary, SummaryReason, SweepResult
from core.reminders.settings import ReminderSettings

AWAY_GAP = timedelta(minutes=5)  # the GUI sweeps every 30 s; more than this is a gap


def wants_reminders(timer: Timer) -> bool:
    return timer.actor is Actor.MERCHANT and not timer.informational


def offsets_for(timer: Timer, settings: ReminderSettings) -> tuple[int, ...]:
    """Offsets in seconds, largest first: the settings' plus the rule's own."""
    return offsets(settings.offsets, timer.remind_before_hours)


@lru_cache(maxsize=1024)  # a few dozen answers (one per rule) for the 14,000 deadlines
def offsets(
    settings_offsets: tuple[timedelta, ...], rule_hours: tuple[float, ...]
) -> tuple[int, ...]:
    """Offsets in seconds, largest first: the settings' and a rule's ``remind_before_hours``."""
    extra = (round(h * 3600) for h in rule_hours if h >= 0)
    own = (int(o.total_seconds()) for o in settings_offsets)
    return tuple(sorted({*own, *extra}, reverse=True))


def reminder_keys(timer: Timer, settings: ReminderSettings) -> tuple[ReminderKey, ...]:
    """Every reminder of one timer, earliest fire time first. The timer's platform and
    due time are made normal once (a value; UTC to the second), so that each key's
    own checks find nothing to change (a sweep makes one per offset of every deadline
    near or past: 70,000 for a big shop)."""
    number = timer.case_no or timer.order_no
    require_aware(timer.due_at, "due_at")
    platform = Platform(timer.platform).value
    due = timer.due_at.astimezone(UTC).replace(microsecond=0)
    keys = []
    for offset in offsets_for(timer, settings):
        key = ReminderKey(platform, number, timer.timer, due, offset)
        if offset == 0 or key.fire_at > timer.started_at:
            keys.append(key)
    return tuple(keys)


@dataclass(frozen=True, slots=True)
class _Due:
    key: ReminderKey
    fire_at: datetime
    snoozed: bool


def due_reminders(
    timers: Iterable[Timer],
    *,
    last_sweep: datetime | None,
    now: datetime,
    sent: Collection[ReminderKey],
    settings: ReminderSettings,
    snoozed: Mapping[ReminderKey, datetime] | None = None,
    gap: timedelta = AWAY_GAP,
) -> SweepResult:
    """Decide what to show now (see the module docstring)."""
    require_aware(now, "now")
    require_aware(last_sweep, "last_sweep")
    now = now.astimezone(UTC)
    snoozes = {k: v.astimezone(UTC) for k, v in (snoozed or {}).items()}
    holding = settings.in_quiet_hours(now) or settings.paused(now)
    away = last_sweep is None or now - last_sweep > gap

    shown: list[tuple[Reminder, bool]] = []  # (reminder, held back by quiet hours / pause)
    muted: list[ReminderKey] = []
    skipped: list[ReminderKey] = []
    held: list[ReminderKey] = []
    upcoming: list[datetime] = []
    seen: set[ReminderKey] = set()

    for timer in timers:
        if not wants_reminders(timer):
            continue
        keys = [k for k in reminder_keys(timer, settings) if k not in seen]
        if not keys:
            continue  # the same deadline given twice
        seen.update(keys)
        muted_shop = settings.is_muted(timer.platform, timer.shop)
        due: list[_Due] = []
        pending_snoozes: list[ReminderKey] = []
        for key in keys:
            if key in snoozes:
                until = snoozes[key]
                if until <= now:
                    due.append(_Due(key, until, snoozed=True))
                else:
                    pending_snoozes.append(key)
                    upcoming.extend(() if muted_shop else (until,))
            elif key not in sent:
                if key.fire_at <= now:
                    due.append(_Due(key, key.fire_at, snoozed=False))
                elif not muted_shop:
                    upcoming.append(key.fire_at)
        if not due:
            continue
        if muted_shop:
            muted.extend(d.key for d in due)
            muted.extend(pending_snoozes)
            continue
        if holding:
            held.extend(d.key for d in due)
            continue
        expired = keys[0].due_at <= now
        candidates = [d for d in due if d.key.offset_s == 0] if expired else due
        if not candidates:  # a pre-expiry reminder of a passed deadline: say nothing
            skipped.extend(d.key for d in due)
            continue
        top = min(candidates, key=lambda d: (d.key.offset_s, d.snoozed))
        covers = (top.key, *(d.key for d in due if d is not top), *pending_snoozes)
        was_held = (
            last_sweep is not None
            and top.fire_at <= last_sweep
            and _held_back(top.fire_at, settings)
        )
        shown.append((_reminder(timer, top, covers, now), was_held))

    shown.sort(key=lambda pair: (pair[0].fire_at, pair[0].due_at, pair[0].key))
    individual: tuple[Reminder, ...] = ()
    summaries: list[Summary] = []
    if away:
        if shown:
            summaries.append(Summary(SummaryReason.AWAY, tuple(r for r, _ in shown)))
    else:
        released = tuple(r for r, was_held in shown if was_held)
        individual = tuple(r for r, was_held in shown if not was_held)
        if released:
            summaries.append(Summary(SummaryReason.HELD, released))
        if len(individual) > settings.burst_limit:
            summaries.append(Summary(SummaryReason.BURST, individual))
            individual = ()
    stale = tuple(sorted(k for k in snoozes if k not in seen))
    return SweepResult(
        now=now,
        individual=individual,
        summaries=tuple(summaries),
        muted=tuple(muted),
        skipped=(*skipped, *stale),
        held=tuple(held),
        next_fire_at=min(upcoming, default=None),
        gap=away,
    )


def _held_back(fire_at: datetime, settings: ReminderSettings) -> bool:
    """Did quiet hours or a pause keep this back (it fired before the last sweep)?"""
    paused = settings.paused_until is not None and fire_at < settings.paused_until
    return paused or settings.in_quiet_hours(fire_at)


def _reminder(timer: Timer, top: _Due, covers: tuple[ReminderKey, ...], now: datetime) -> Reminder:
    return Reminder(
        key=top.key,
        covers=covers,
        platform=timer.platform,
        shop=timer.shop,
        order_no=timer.order_no,
        case_no=timer.case_no,
        timer=timer.timer,
        due_at=top.key.due_at,
        offset_s=top.key.offset_s,
        fire_at=top.fire_at,
        remaining_s=int((top.key.due_at - now).total_seconds()),
        amount_at_risk_fen=timer.amount_at_risk_fen,
        goods_at_risk=timer.goods_at_risk,
        on_expiry=timer.on_expiry,
        next_state=timer.next_state,
        snoozed=top.snoozed,
    )
