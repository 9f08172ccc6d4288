"""Time, end to end: the app's core path under clock changes, suspend, restart and a year
without holiday data.

The loop is the one the window's worker runs: every 30 s the reminder sweep, then
``Service.sweep`` (reminders first, so an at-expiry reminder is still seen). Everything is
on a real SQLite file with a FakeClock; no Qt. "Checked" counts the distinct reminder keys
whose fire time had passed at some sweep; each must be settled exactly once.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from core.clock import SHANGHAI
from core.demo import populate
from core.domain import Case, CaseKind, CaseState, HolidayOverride, Platform
from core.reminders import (
    ReminderKey,
    ReminderService,
    SummaryReason,
    SweepResult,
    reminder_keys,
    wants_reminders,
)
from core.service import Service
from core.storage.reminders_store import ReminderStore
from tests.fakes import FakeClock

from .conftest import figures

# Monday 28 Dec 2026, 10:00 in Shanghai: refund-arrival timers started now end in 2027,
# a year chinesecalendar has no data for.
NOW = datetime(2026, 12, 28, 10, 0, tzinfo=SHANGHAI)
STEP = timedelta(seconds=30)


@dataclass
class App:
    """The worker's objects, reopened on restart; the log survives restarts."""

    path: Path
    clock: FakeClock
    service: Service = field(init=False)
    reminders: ReminderService = field(init=False)
    settled: Counter[ReminderKey] = field(default_factory=Counter)
    checked: set[ReminderKey] = field(default_factory=set)
    results: list[SweepResult] = field(default_factory=list)
    events: list = field(default_factory=list)

    def __post_init__(self) -> None:
        self.open()

    def open(self) -> None:
        self.service = Service.open(self.path, clock=self.clock)
        self.reminders = ReminderService(self.service, ReminderStore(self.service.db))

    def restart(self) -> None:
        self.service.close()
        self.open()

    def tick(self) -> SweepResult:
        """One sweep at the clock's now, as the worker does it."""
        now = self.clock.now()
        settings = self.reminders.settings()
        for timer in self.service.due(now):
            if wants_reminders(timer):
                self.checked.update(k for k in reminder_keys(timer, settings) if k.fire_at <= now)
        result = self.reminders.sweep(now)
        self.settled.update(result.keys)
        self.results.append(result)
        self.events.extend(self.service.sweep(now))
        return result

    def run(self, duration: timedelta) -> list[SweepResult]:
        """Sweep every 30 s of fake time for ``duration``."""
        out = []
        for _ in range(int(duration / STEP)):
            self.clock.advance(STEP)
            out.append(self.tick())
        return out

    def deadlines(self) -> dict[tuple[str, str, str], datetime]:
        """The merchant's running deadlines as Service.due reports them."""
        return {
            (t.platform.value, t.case_no or t.order_no, t.timer): t.due_at
            for t in self.service.due(self.clock.now())
            if wants_reminders(t)
        }

    def twice(self) -> int:
        return sum(1 for n in self.settled.values() if n > 1)

    def lost(self) -> int:
        return len(self.checked - self.settled.keys())


@pytest.fixture
def app(tmp_path: Path):
    clock = FakeClock(NOW)
    made = App(tmp_path / "data" / "shop.sqlite3", clock)
    populate(made.service, NOW)
    made.tick()  # the first sweep: one "away" summary of what was due before the app ran
    yield made
    made.service.close()


def report(app: App, title: str) -> None:
    shown = sum(r.notifications for r in app.results)
    print(
        f"\n[reliability] {title}: reminders checked: {len(app.checked)}, "
        f"delivered twice: {app.twice()}, lost: {app.lost()} "
        f"(sweeps {len(app.results)}, notifications {shown})"
    )


def test_clock_back_an_hour_and_forward_again(app: App) -> None:
    app.run(timedelta(minutes=20))
    before = app.deadlines()
    settled = sum(app.settled.values())
    outcomes = len(app.events)
    t = app.clock.now()

    app.clock.set(t - timedelta(hours=1))  # the operator fixes the system clock
    assert app.deadlines() == before
    back = app.run(timedelta(minutes=10))
    assert app.deadlines() == before, "sweeping in the past must not move a deadline"
    assert sum(r.notifications for r in back) == 0
    assert sum(app.settled.values()) == settled, "nothing re-sent while the clock was behind"
    assert len(app.events) == outcomes, "no outcome applied twice or early"

    app.clock.set(t + timedelta(minutes=1))  # and forward again
    assert app.deadlines() == before
    app.run(timedelta(hours=3))

    report(app, "clock back 1 h and forward")
    assert len(app.checked) > 20
    assert app.twice() == 0
    assert app.lost() == 0


def test_eight_hour_suspend_gives_one_away_summary(app: App) -> None:
    app.run(timedelta(minutes=10))
    start = app.clock.now()
    pending = app.deadlines()
    expiring = {k for k, due in pending.items() if due <= start + timedelta(hours=8)}
    assert expiring, "the demo shop must have deadlines in the next 8 h"
    events_before = len(app.events)

    app.clock.advance(timedelta(hours=8))  # the laptop sleeps: no sweep at all
    woke = app.tick()

    assert woke.gap
    assert not woke.individual
    assert [s.reason for s in woke.summaries] == [SummaryReason.AWAY]
    away = woke.summaries[0]
    expired = {(r.platform.value, r.case_no or r.order_no, r.timer) for r in away.reminders}
    expired = {k for k in expired if k in expiring}
    assert expired == expiring, "the summary counts every deadline that passed while away"
    assert away.expired == len(expiring)
    assert sum(away.outcomes.values()) == len(expiring)

    outcomes = app.events[events_before:]
    assert outcomes
    assert all(e.assumed for e in outcomes)
    case_deadlines = {k[1] for k in expiring if k[2] != "ship_by"}
    assert case_deadlines <= {e.case_no for e in outcomes}
    stored = app.service.repo.events(Platform.DOUYIN) + app.service.repo.events(Platform.TAOBAO)
    stored += app.service.repo.events(Platform.PINDUODUO)
    assumed = Counter((e.case_no, e.rule_id, e.at) for e in stored if e.assumed)
    assert max(assumed.values()) == 1, "an outcome is stored once"

    after = app.run(timedelta(minutes=30))
    assert sum(r.notifications for r in after if r.gap) == 0
    assert not any(k in away.keys for r in after for k in r.keys), "nothing repeated"
    assert app.service.sweep(app.clock.now()) == []

    report(app, "8 h suspend")
    figures("8 h suspend", expired=away.expired, outcomes=dict(away.outcomes))
    assert app.twice() == 0
    assert app.lost() == 0


def refunded(case_no: str, order_no: str, since: datetime) -> Case:
    return Case(
        platform=Platform.DOUYIN,
        shop="抖音好物馆",
        case_no=case_no,
        order_no=order_no,
        kind=CaseKind.REFUND_ONLY,
        state=CaseState.REFUNDED,
        applied_at=since - timedelta(hours=3),
        state_since=since,
        amount_fen=4990,
    )


def test_year_without_holiday_data_falls_back_to_mon_fri(app: App) -> None:
    douyin = next(o for o in app.service.repo.orders() if o.platform is Platform.DOUYIN)
    app.service.save_manual(cases=[refunded("DY-LATE-1", douyin.order_no, NOW)], at=NOW)

    def arrival() -> tuple[datetime, tuple[str, ...]]:
        timer = next(t for t in app.service.due(NOW) if t.case_no == "DY-LATE-1")
        assert timer.timer == "refund_arrival"
        assert timer.informational
        return timer.due_at.astimezone(SHANGHAI), timer.warnings

    # 7 working days after Mon 28 Dec 2026: 29, 30, 31 Dec (statutory), then Mon–Fri in
    # 2027 — 1 Jan (a Friday) counts because nothing says it is a holiday.
    due, warnings = arrival()
    assert due == datetime(2027, 1, 6, 10, 0, tzinfo=SHANGHAI)
    assert "calendar_fallback:2027" in warnings
    late = [t for t in app.service.due(NOW) if t.timer == "refund_arrival" and t.due_at.year > 2026]
    assert late
    assert all("calendar_fallback:2027" in t.warnings for t in late)

    app.service.repo.set_holiday_overrides([HolidayOverride(date(2027, 1, 1), False, "元旦")])
    app.service.reload_calendar()
    due, _ = arrival()
    assert due == datetime(2027, 1, 7, 10, 0, tzinfo=SHANGHAI), "the override moves it a day"

    app.restart()  # the override is stored, not just in memory
    assert arrival()[0] == datetime(2027, 1, 7, 10, 0, tzinfo=SHANGHAI)
    figures("calendar fallback", due=due.date(), refund_arrival_timers_in_2027=len(late))


def test_restart_in_the_middle_repeats_nothing(app: App) -> None:
    app.run(timedelta(hours=1))
    before = app.deadlines()
    app.restart()
    assert app.deadlines() == before
    first = app.run(STEP)[0]
    assert not first.gap, "a restart within the gap is not an absence"
    app.run(timedelta(hours=1))
    app.restart()
    app.clock.advance(timedelta(minutes=20))  # closed for 20 min, then started again
    again = app.tick()
    assert again.gap
    assert len(again.summaries) <= 1
    app.run(timedelta(hours=2))

    report(app, "restart")
    assert app.twice() == 0
    assert app.lost() == 0
    assert len(app.checked) > 20
