"""Which reminders are due now: a pure, idempotent function of its inputs.

Contract (``due_reminders``):

* Only merchant-side, non-informational timers have reminders: one per offset
  of the settings plus the rule's own ``remind_before_hours``, firing at
  ``due_at - offset`` — except offsets that would fire before the timer started.
* A key in ``sent`` is never returned again, whatever the clock does; a snoozed
  key (``snoozed``: key -> until) comes back once when its snooze ends.
* Per timer one reminder at most: the most recent threshold crossed. Older
  thresholds never shown are settled with it (``Reminder.covers``); a deadline
  already passed reports only its at-expiry reminder (no "2 h left" afterwards).
* A gap (first sweep, or more than ``gap`` since ``last_sweep``: sleep, app
  closed, clock jumped forward) puts everything due into ONE ``AWAY`` summary.
  Otherwise those that fired before ``last_sweep`` while quiet hours or a pause
  held them back go into one ``HELD`` summary; the others (new since the last
  sweep, or late: a deadline imported or moved after its threshold passed) are
  shown individually — more than ``settings.burst_limit`` become one ``BURST``
  summary.
* During quiet hours and while paused nothing is shown or settled: the keys come
  back as ``held`` and are delivered, coalesced, by the first sweep after. This
  includes at-expiry reminders: when a deadline passes the platform's outcome
  has already happened, so waking the operator cannot change it; the morning
  summary counts those outcomes (``Summary.outcomes``).
* A muted shop's due reminders are settled silently (``muted``): unmuting does
  not replay them.

The caller records ``result.by_kind()`` BEFORE showing anything (see
core.reminders.service): a crash between the two loses a notification rather
than repeating it; the window's list is the real alarm.

Threading: pure; call from any thread.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache

from core.domain import Actor, Platform, Timer, require_aware
from core.reminders.model import (
    Deadline,
    Reminder,
    ReminderKey,
    SentKeys,
    Summary,
    SummaryReason,
    SweepResult,
)
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
    own checks find nothing to change. ``due_reminders`` decides on the same keys
    without building them (``_deadline`` and the offsets)."""
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


_PLATFORM_VALUES = {p.value: p.value for p in Platform}  # a member finds its value too


def _deadline(timer: Timer) -> Deadline:
    """What every ReminderKey of ``timer`` holds but the offset (as ``reminder_keys``
    makes them: the platform's value, UTC to the second)."""
    require_aware(timer.due_at, "due_at")
    platform = _PLATFORM_VALUES.get(timer.platform) or Platform(timer.platform).value
    due = timer.due_at.astimezone(UTC)
    if due.microsecond:
        due = due.replace(microsecond=0)
    return (platform, timer.case_no or timer.order_no, timer.timer, due)


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
    """Decide what to show now (see the module docstring).

    Per timer the keys are not built: its deadline is looked up once in ``sent``
    (a ``SentKeys``; any other collection of keys is grouped first) and its offsets
    compared as numbers; a ReminderKey is made only for what the result holds. A
    future key is asked about only while it could still be the earliest
    (``next_fire_at``)."""
    require_aware(now, "now")
    require_aware(last_sweep, "last_sweep")
    now = now.astimezone(UTC)
    snoozes = {k: v.astimezone(UTC) for k, v in (snoozed or {}).items()}
    holding = settings.in_quiet_hours(now) or settings.paused(now)
    away = last_sweep is None or now - last_sweep > gap
    settled = SentKeys.of(sent)
    snoozed_by: dict[Deadline, dict[int, datetime]] = {}
    for k, until in snoozes.items():
        snoozed_by.setdefault(k.deadline, {})[k.offset_s] = until
    steps: dict[tuple[float, ...], tuple[tuple[int, timedelta], ...]] = {}
    any_muted = bool(settings.muted_shops)

    shown: list[tuple[Reminder, bool]] = []  # (reminder, held back by quiet hours / pause)
    muted: list[ReminderKey] = []
    skipped: list[ReminderKey] = []
    held: list[ReminderKey] = []
    next_fire: datetime | None = None
    seen: dict[Deadline, set[int]] = {}

    for timer in timers:
        if not wants_reminders(timer):
            continue
        deadline = _deadline(timer)
        due_at = deadline[3]
        hours = timer.remind_before_hours
        offsets_here = steps.get(hours)
        if offsets_here is None:
            offsets_here = steps[hours] = tuple(
                (o, timedelta(seconds=o)) for o in offsets_for(timer, settings)
            )
        started = timer.started_at
        fires = []  # (offset, fire time) of the keys reminder_keys makes, earliest first
        for offset, step in offsets_here:
            fire_at = due_at - step
            if offset == 0 or fire_at > started:
                fires.append((offset, fire_at))
        before = seen.get(deadline)
        if before is not None:  # the same deadline given twice
            fires = [(o, f) for o, f in fires if o not in before]
        if not fires:
            continue
        if before is None:
            seen[deadline] = {o for o, _ in fires}
        else:
            before.update(o for o, _ in fires)
        muted_shop = any_muted and settings.is_muted(timer.platform, timer.shop)
        done = settled.offsets(deadline)
        snoozed_here = snoozed_by.get(deadline)
        due: list[_Due] = []
        pending_snoozes: list[ReminderKey] = []
        for offset, fire_at in fires:
            if snoozed_here is not None and offset in snoozed_here:
                until = snoozed_here[offset]
                key = ReminderKey(*deadline, offset)
                if until <= now:
                    due.append(_Due(key, until, snoozed=True))
                else:
                    pending_snoozes.append(key)
                    if not muted_shop and (next_fire is None or until < next_fire):
                        next_fire = until
            elif fire_at <= now:
                if offset not in done:
                    due.append(_Due(ReminderKey(*deadline, offset), fire_at, snoozed=False))
            elif (
                not muted_shop and (next_fire is None or fire_at < next_fire) and offset not in done
            ):
                next_fire = fire_at
        if not due:
            continue
        if muted_shop:
            muted.extend(d.key for d in due)
            muted.extend(pending_snoozes)
            continue
        if holding:
            held.extend(d.key for d in due)
            continue
        expired = due_at <= now
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
    stale = tuple(sorted(k for k in snoozes if k.offset_s not in seen.get(k.deadline, ())))
    return SweepResult(
        now=now,
        individual=individual,
        summaries=tuple(summaries),
        muted=tuple(muted),
        skipped=(*skipped, *stale),
        held=tuple(held),
        next_fire_at=next_fire,
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
