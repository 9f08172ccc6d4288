"""Glue: one reminder sweep over the stored cases, recorded before it is shown.

    result = sweep(service, store, load_settings(service.repo), service.clock.now())
    for r in result.individual: tray.notify(r)      # GUI thread, after sweep returns
    for s in result.summaries: tray.notify_summary(s)

Order of work: read the timers (``reminder_timers``), what was sent and snoozed, and
the last sweep; decide (``due_reminders``, pure); then record every settled key
and the new last sweep in ONE transaction (``ReminderStore.record_sweep``) and
return only what this call claimed. Recording comes BEFORE the notification is
shown: a crash in between loses that notification (the window's list still shows
the deadline) but can never show it twice, and a second ShopClock on the same
file shows nothing the first one already showed.

Call it before ``Service.sweep`` applies expiry outcomes: an expired timer is
replaced by the next state's timers there, and its at-expiry reminder (with the
outcome, e.g. auto_refund, counted in the summary) would no longer be seen. A
deadline that passes while quiet hours or a pause hold its at-expiry reminder back
is kept for later (``HELD_KEY``: the timer as JSON, in the settings table) and swept
again, with the running ones, until its reminder is settled — so the morning
summary still counts what the platform did overnight.

Threading: does database work; run it on the worker thread that owns ``service``.
"""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from core.domain import Actor, CaseState, Confidence, Platform, Timer, TimerOrigin, require_aware
from core.gcpause import paused_gc
from core.reminders.model import Reminder, ReminderKey, SweepResult
from core.reminders.settings import ReminderSettings, load_settings
from core.reminders.sweep import AWAY_GAP, due_reminders, offsets, wants_reminders
from core.rules.transitions import PLATFORM_PENDING, platform_pending

if TYPE_CHECKING:
    from core.service import Service
    from core.storage.reminders_store import ReminderStore


def sweep(
    service: Service,
    store: ReminderStore,
    settings: ReminderSettings,
    now: datetime,
    *,
    gap: timedelta = AWAY_GAP,
) -> SweepResult:
    """Due reminders of the merchant's running deadlines, recorded as sent."""
    require_aware(now, "now")
    # ~15,000 timers and ~25,000 settled keys in a big shop, none in a reference cycle:
    # the automatic collections on the way were a fifth of the sweep (core.gcpause)
    with paused_gc():
        timers = reminder_timers(service, settings, now)
        kept = held_timers(service)
        if kept:
            running = {_identity(t) for t in timers}
            timers = [*timers, *(t for t in kept if _identity(t) not in running)]  # outcome applied
        since = min((t.due_at for t in timers), default=None)
        result = due_reminders(
            timers,
            last_sweep=store.last_sweep(),
            now=now,
            sent=store.settled(since) if since is not None else set(),
            settings=settings,
            snoozed=store.snoozed(),
            gap=gap,
        )
    claimed = store.record_sweep(result.by_kind(), now, forget_before=forget_before(since, now))
    _keep_held(service, timers, kept, result, now)
    return pending_as_shown(service, result.restricted_to(claimed))


# passed deadlines whose at-expiry reminder quiet hours or a pause hold back
HELD_KEY = "reminders.held_expired"


def _identity(t: Timer) -> tuple[str, str, str, datetime]:
    """What a ReminderKey of ``t`` holds, but the offset."""
    due = t.due_at.astimezone(UTC).replace(microsecond=0)
    return (Platform(t.platform).value, t.case_no or t.order_no, t.timer, due)


def _timer_json(t: Timer) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in fields(Timer):
        value = getattr(t, f.name)
        if isinstance(value, datetime):
            value = value.isoformat()
        elif isinstance(value, tuple):
            value = list(value)
        elif isinstance(value, str):
            value = str(value)  # a StrEnum member -> its value
        out[f.name] = value
    return out


def _timer_from_json(data: dict[str, Any]) -> Timer:
    d = dict(data)
    d["platform"] = Platform(d["platform"])
    d["actor"] = Actor(d["actor"])
    d["origin"] = TimerOrigin(d["origin"])
    d["confidence"] = Confidence(d["confidence"])
    d["next_state"] = None if d["next_state"] is None else CaseState(d["next_state"])
    for name in ("started_at", "due_at"):
        d[name] = datetime.fromisoformat(d[name])
        require_aware(d[name], name)
    d["warnings"] = tuple(d.get("warnings") or ())
    d["remind_before_hours"] = tuple(d.get("remind_before_hours") or ())
    return Timer(**d)


def held_timers(service: Service) -> list[Timer]:
    """Passed deadlines kept while quiet hours or a pause held their reminder back."""
    stored = service.repo.get_setting(HELD_KEY)
    if not isinstance(stored, list):
        return []
    timers = []
    for item in stored:
        try:
            timers.append(_timer_from_json(item))
        except (KeyError, TypeError, ValueError):
            continue  # unreadable: the window's list still shows what happened
    return timers


def _keep_held(
    service: Service, timers: list[Timer], kept: list[Timer], result: SweepResult, now: datetime
) -> None:
    """Keep the passed deadlines whose reminder is held now (they may stop running
    before it is released); those released, settled or long past are forgotten."""
    held = {(k.platform, k.number, k.timer, k.due_at) for k in result.held}
    keep = [
        t
        for t in timers
        if t.due_at <= now and now - t.due_at < KEYS_KEPT_FOR and _identity(t) in held
    ]
    if [_identity(t) for t in keep] != [_identity(t) for t in kept]:
        service.repo.set_setting(HELD_KEY, [_timer_json(t) for t in keep])


# keys of deadlines this long past are deleted once no running deadline is older
KEYS_KEPT_FOR = timedelta(days=30)


def forget_before(since: datetime | None, now: datetime) -> datetime:
    """Before when a sweep may delete the keys it recorded: never at or after ``since``,
    the earliest deadline it swept (``sent_keys(since)`` reads from there, and a running
    deadline however old keeps its keys: its at-expiry reminder must not come back), and
    not within KEYS_KEPT_FOR of ``now``."""
    cutoff = now - KEYS_KEPT_FOR
    return cutoff if since is None else min(since, cutoff)


def reminder_timers(service: Service, settings: ReminderSettings, now: datetime) -> list[Timer]:
    """The merchant's running timers (not informational) due by ``now`` plus
    ``longest_offset``, in due order: a later deadline has no reminder due yet, so
    ``due_reminders`` decides the same without it (only its ``next_fire_at`` leaves such
    deadlines out). From the stored deadlines (core.deadlines) when they can answer — a
    range of the table's key, where computing every timer of a 100,000-case shop took
    ~3 s at each sweep; otherwise computed."""
    from core.deadlines import DeadlineStore

    within = longest_offset(service, settings)
    stored = DeadlineStore(service).todo(until=now + within)
    if stored is not None:
        return stored.timers
    return [t for t in service.due(now, within=within) if wants_reminders(t)]


def pending_as_shown(service: Service, result: SweepResult) -> SweepResult:
    """Passed deadlines whose case an export set the state of after them: the platform
    had not acted then (Service.shown_open), so their at-expiry reminder names no
    outcome (PLATFORM_PENDING) — "refunded without the goods" would be untrue. Asked
    for the passed deadlines this sweep shows only (a few), not for every one."""
    shown_now = (*result.individual, *(r for s in result.summaries for r in s.reminders))
    passed = {(r.platform, r.case_no) for r in shown_now if r.expired and r.case_no}
    shown = service.shown_open(passed) if passed else {}
    if not shown:
        return result

    def named(r: Reminder) -> Reminder:
        seen = shown.get((r.platform, r.case_no)) if r.case_no else None
        return replace(r, on_expiry=PLATFORM_PENDING) if platform_pending(seen, r.due_at) else r

    return replace(
        result,
        individual=tuple(map(named, result.individual)),
        summaries=tuple(
            replace(s, reminders=tuple(map(named, s.reminders))) for s in result.summaries
        ),
    )


def longest_offset(service: Service, settings: ReminderSettings) -> timedelta:
    """The longest time before a deadline that a reminder of it fires: the largest
    of ``offsets`` over the settings and every rule's own ``remind_before_hours``."""
    hours = {rule.remind_before_hours for pack in service.book.packs() for rule in pack.rules}
    found = (offsets(settings.offsets, h) for h in (*hours, ()))  # (): the settings alone
    return timedelta(seconds=max((o[0] for o in found if o), default=0))


class ReminderService:
    """The same for the tray: the service's clock and the stored settings."""

    def __init__(self, service: Service, store: ReminderStore) -> None:
        self.service = service
        self.store = store

    def settings(self) -> ReminderSettings:
        return load_settings(self.service.repo)

    def sweep(
        self, now: datetime | None = None, settings: ReminderSettings | None = None
    ) -> SweepResult:
        return sweep(
            self.service,
            self.store,
            settings or self.settings(),
            now or self.service.clock.now(),
        )

    def snooze(
        self,
        keys: ReminderKey | list[ReminderKey],
        duration: timedelta,
        now: datetime | None = None,
    ) -> datetime:
        """Snooze one reminder or all keys of a summary; returns when they fire again."""
        at = now or self.service.clock.now()
        until = at + duration
        self.store.snooze(keys, until, at=at)
        return until
