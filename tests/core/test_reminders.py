"""Tray reminders: offsets, gaps, bursts, quiet hours, pause, mute, snooze, never twice.

The pure sweep runs in a loop the way the tray runs it (every 30 s on a FakeClock,
recording what each sweep settled); the glue tests use a real SQLite file.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from datetime import UTC, datetime, time, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from core import demo
from core.clock import FixedClock
from core.deadlines import DeadlineStore
from core.domain import (
    Actor,
    CaseState,
    Confidence,
    Platform,
    Timer,
    TimerOrigin,
)
from core.reminders import (
    AWAY_GAP,
    Reminder,
    ReminderKey,
    ReminderService,
    ReminderSettings,
    SummaryReason,
    SweepResult,
    due_reminders,
    load_settings,
    reminder_keys,
    sweep,
)
from core.reminders.service import KEYS_KEPT_FOR, forget_before, reminder_timers
from core.reminders.sweep import wants_reminders
from core.service import Service
from core.storage import open_database
from core.storage.reminders_store import ReminderStore
from tests.core.factories import case, order, sh
from tests.fakes import FakeClock

T0 = sh("2026-03-10 09:00")
H = timedelta(hours=1)
M = timedelta(minutes=1)
STEP = timedelta(seconds=30)
DEFAULT = ReminderSettings()


def make_timer(
    number: str = "AS-1",
    *,
    due: datetime = T0 + 48 * H,
    started: datetime = T0 - 48 * H,  # long running: every threshold exists
    shop: str = "果园店",
    platform: Platform = Platform.PINDUODUO,
    code: str = "merchant_handle",
    actor: Actor = Actor.MERCHANT,
    informational: bool = False,
    on_expiry: str = "auto_refund",
    next_state: CaseState | None = CaseState.REFUNDED,
    remind: tuple[float, ...] = (),
    amount: int = 12_900,
    is_case: bool = True,
) -> Timer:
    return Timer(
        platform=platform,
        shop=shop,
        order_no=f"O-{number}",
        case_no=number if is_case else None,
        timer=code,
        actor=actor,
        started_at=started,
        due_at=due,
        on_expiry=on_expiry,
        next_state=next_state,
        origin=TimerOrigin.RULE,
        rule_id="pdd.refund_only.merchant_handle",
        pack_version="2026.03",
        clause="",
        source="",
        confidence=Confidence.SEED,
        amount_at_risk_fen=amount,
        informational=informational,
        remind_before_hours=remind,
    )


@dataclass
class Tray:
    """The tray's loop in memory: sweep, record what was settled, keep last_sweep (max)."""

    timers: list[Timer]
    settings: ReminderSettings = DEFAULT
    clock: FakeClock = field(default_factory=lambda: FakeClock(T0))
    sent: set[ReminderKey] = field(default_factory=set)
    snoozes: dict[ReminderKey, datetime] = field(default_factory=dict)
    last: datetime | None = None
    results: list[SweepResult] = field(default_factory=list)

    def sweep(self) -> SweepResult:
        now = self.clock.now()
        result = due_reminders(
            self.timers,
            last_sweep=self.last,
            now=now,
            sent=self.sent,
            settings=self.settings,
            snoozed=self.snoozes,
        )
        for key in result.keys:  # record before showing
            self.snoozes.pop(key, None)
            self.sent.add(key)
        self.last = now if self.last is None else max(self.last, now)
        self.results.append(result)
        return result

    def run(self, duration: timedelta, step: timedelta = STEP) -> list[SweepResult]:
        """Sweep now and every `step` for `duration`; the sweeps that showed something."""
        end = self.clock.now() + duration
        shown = [self.sweep()]
        while self.clock.now() + step <= end:
            self.clock.advance(step)
            shown.append(self.sweep())
        return [r for r in shown if r.notifications]

    def snooze(self, keys: list[ReminderKey], duration: timedelta) -> None:
        for key in keys:
            self.snoozes[key] = self.clock.now() + duration
            self.sent.add(key)


def shown_keys(results: list[SweepResult]) -> list[ReminderKey]:
    """Every key shown, individually or inside a summary, in order."""
    return [
        k
        for r in results
        for k in (
            *(k for x in r.individual for k in x.covers),
            *(k for s in r.summaries for k in s.keys),
        )
    ]


# -- which reminders a timer has ----------------------------------------------------------


@pytest.mark.parametrize(
    ("settings", "remind", "length", "offsets"),
    [
        (DEFAULT, (), 48 * H, [43200, 7200, 1800, 0]),
        (DEFAULT, (12.0,), 12 * H, [7200, 1800, 0]),  # 12 h before is the start itself
        (DEFAULT, (12.0,), 30 * H, [43200, 7200, 1800, 0]),  # the rule's 12 h merges
        (DEFAULT, (6.0,), 48 * H, [43200, 21600, 7200, 1800, 0]),  # the rule adds 6 h
        (ReminderSettings(offsets=(H, timedelta(0))), (), 48 * H, [3600, 0]),
        (ReminderSettings(offsets=(2 * H,)), (), 48 * H, [7200]),  # no at-expiry
        (DEFAULT, (), H, [1800, 0]),  # 12 h and 2 h before would precede the start
        (DEFAULT, (), timedelta(0), [0]),
    ],
)
def test_reminder_keys_per_timer(
    settings: ReminderSettings, remind: tuple[float, ...], length: timedelta, offsets: list[int]
) -> None:
    t = make_timer(due=T0 + length, started=T0, remind=remind)
    keys = reminder_keys(t, settings)
    assert [k.offset_s for k in keys] == offsets
    assert {(k.platform, k.number, k.timer, k.due_at) for k in keys} == {
        ("pinduoduo", "AS-1", "merchant_handle", T0 + length)
    }


def test_key_is_utc_to_the_second_and_uses_the_order_number_for_order_timers() -> None:
    t = make_timer(due=T0 + H + timedelta(microseconds=750_000), is_case=False, code="ship_by")
    key = reminder_keys(t, DEFAULT)[-1]
    assert key == ReminderKey("pinduoduo", "O-AS-1", "ship_by", T0 + H, 0)
    assert key.due_at.microsecond == 0
    assert key.due_at.utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    ("platform", "due"),
    [
        (Platform.PINDUODUO, T0 + H),  # a member, not its value
        ("pinduoduo", (T0 + H).astimezone(timezone(timedelta(hours=8)))),  # not UTC
        ("pinduoduo", T0 + H + timedelta(microseconds=1)),  # not to the second
        ("pinduoduo", T0 + H),  # already normal: kept as it is
    ],
)
def test_a_key_is_made_normal_whatever_it_is_given(platform, due: datetime) -> None:
    key = ReminderKey(platform, "AS-1", "merchant_handle", due, 0)
    assert type(key.platform) is str
    assert key.platform == "pinduoduo"
    assert key.due_at == T0 + H
    assert key.due_at.tzinfo is UTC
    assert key == ReminderKey("pinduoduo", "AS-1", "merchant_handle", T0 + H, 0)
    with pytest.raises(ValueError, match="not a valid"):
        ReminderKey("pdd", "AS-1", "merchant_handle", T0 + H, 0)
    with pytest.raises(ValueError, match="aware"):
        ReminderKey("pinduoduo", "AS-1", "merchant_handle", datetime(2026, 3, 10), 0)


@pytest.mark.parametrize(
    "t",
    [
        make_timer(actor=Actor.BUYER, code="buyer_return"),
        make_timer(actor=Actor.PLATFORM, code="platform_review"),
        make_timer(informational=True, code="refund_window"),
    ],
    ids=["buyer", "platform", "informational"],
)
def test_only_merchant_deadlines_that_change_state_remind(t: Timer) -> None:
    tray = Tray([t])
    assert tray.run(50 * H, step=10 * M) == []


# -- firing in order ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("remind", "length", "expected"),
    [
        ((), 48 * H, [12 * H, 2 * H, 30 * M, timedelta(0)]),
        ((6.0,), 48 * H, [12 * H, 6 * H, 2 * H, 30 * M, timedelta(0)]),
        ((), 90 * M, [30 * M, timedelta(0)]),
    ],
)
def test_offsets_fire_in_order_at_the_right_instants(
    remind: tuple[float, ...], length: timedelta, expected: list[timedelta]
) -> None:
    due = T0 + length
    tray = Tray([make_timer(due=due, started=T0, remind=remind)])
    shown = tray.run(length + 10 * M)
    assert [(r.now, r.individual[0].offset_s) for r in shown] == [
        (due - o, int(o.total_seconds())) for o in expected
    ]
    for r in shown:
        (only,) = r.individual
        assert r.summaries == ()
        assert only.remaining_s == only.offset_s
        assert (only.case_no, only.timer, only.on_expiry) == (
            "AS-1",
            "merchant_handle",
            "auto_refund",
        )
    assert shown[-1].individual[0].expired


def test_a_sweep_between_grid_points_fires_at_the_first_sweep_after() -> None:
    due = T0 + 3 * H + 10 * timedelta(seconds=1)
    tray = Tray([make_timer(due=due, started=T0)])
    shown = tray.run(4 * H)
    assert [r.now - (due - timedelta(seconds=r.individual[0].offset_s)) for r in shown] == [
        timedelta(seconds=20)
    ] * 3


def test_a_deadline_already_past_reports_only_its_expiry() -> None:
    t = make_timer(due=T0 - 3 * H, started=T0 - 48 * H)
    tray = Tray([t], last=T0 - STEP)  # the tray was running; the case arrives late
    r = tray.sweep()
    (only,) = r.individual
    assert (only.offset_s, only.expired, only.remaining_s) == (0, True, -3 * 3600)
    assert sorted(k.offset_s for k in only.covers) == [0, 1800, 7200, 43200]
    assert tray.run(H) == []


def test_a_late_deadline_reports_its_latest_threshold_only() -> None:
    t = make_timer(due=T0 + H, started=T0 - 47 * H)
    tray = Tray([t], last=T0 - STEP)
    (only,) = tray.sweep().individual
    assert only.offset_s == 7200  # 2 h threshold crossed; the 12 h one is settled with it
    assert sorted(k.offset_s for k in only.covers) == [7200, 43200]
    assert [r.individual[0].offset_s for r in tray.run(2 * H)] == [1800, 0]


def test_without_an_at_expiry_offset_a_passed_deadline_is_settled_silently() -> None:
    t = make_timer(due=T0 - H, started=T0 - 48 * H)
    tray = Tray([t], settings=ReminderSettings(offsets=(2 * H,)), last=T0 - STEP)
    r = tray.sweep()
    assert r.notifications == 0
    assert [k.offset_s for k in r.skipped] == [7200]


# -- gaps: sleep, app closed, clock jumps ------------------------------------------------


def test_an_eight_hour_sleep_gives_one_away_summary() -> None:
    timers = [
        make_timer("A", due=T0 + 3 * H),  # expires during the sleep: auto refund
        make_timer("B", due=T0 + 5 * H, on_expiry="auto_agree_return", amount=5_000),
        make_timer("C", due=T0 + 9 * H, amount=7_000),  # its 2 h reminder falls in the sleep
        make_timer("D", due=T0 + 30 * H),  # nothing new during the sleep
        make_timer("E", due=T0 + 7 * H, shop="muted"),
    ]
    settings = ReminderSettings(muted_shops={(Platform.PINDUODUO, "muted")})
    tray = Tray(timers, settings=settings, last=T0 - STEP)
    before = tray.sweep()
    assert [(r.key.number, r.offset_s) for r in before.individual] == [
        ("A", 43200),
        ("B", 43200),
        ("C", 43200),
    ]
    tray.clock.advance(8 * H)
    r = tray.sweep()
    assert r.gap
    assert r.individual == ()
    (away,) = r.summaries
    assert away.reason is SummaryReason.AWAY
    assert [x.key.number for x in away.reminders] == ["A", "B", "C"]
    assert (away.count, away.expired) == (3, 2)
    assert away.outcomes == {"auto_refund": 1, "auto_agree_return": 1}
    assert (away.amount_at_risk_fen, away.amount_expired_fen) == (7_000, 17_900)
    assert away.soonest_due == T0 + 9 * H
    assert [x.offset_s for x in away.reminders] == [0, 0, 7200]
    assert {k.number for k in r.muted} == {"E"}
    assert tray.sweep().notifications == 0  # once
    tray.clock.advance(STEP)
    assert tray.sweep().notifications == 0


def test_first_sweep_ever_is_an_away_summary() -> None:
    tray = Tray([make_timer("A", due=T0 + H), make_timer("B", due=T0 + 30 * M)])
    r = tray.sweep()
    assert r.gap
    assert [s.reason for s in r.summaries] == [SummaryReason.AWAY]
    assert r.summaries[0].count == 2


def test_a_short_pause_of_the_sweep_is_not_a_gap() -> None:
    due = T0 + 2 * H + 2 * M
    tray = Tray([make_timer(due=due, started=T0)], last=T0 - STEP)
    tray.sweep()
    tray.clock.advance(4 * M)  # a busy GUI thread, a short suspend
    r = tray.sweep()
    assert not r.gap
    assert [x.offset_s for x in r.individual] == [7200]


def test_clock_moved_back_an_hour_then_forward_nothing_twice() -> None:
    timers = [make_timer(str(i), due=T0 + (i + 1) * 40 * M) for i in range(8)]
    tray = Tray(timers, last=T0 - STEP)
    first = tray.run(3 * H)
    tray.clock.advance(-H)
    during = tray.run(H)  # the same hour again
    tray.clock.advance(24 * H)  # and forward a day
    after = tray.run(H)
    keys = shown_keys(first + during + after)
    assert len(keys) == len(set(keys))
    assert during == []
    everything = {k for t in timers for k in reminder_keys(t, DEFAULT)}
    assert set(keys) == everything


# -- snooze -------------------------------------------------------------------------------


def test_snooze_15_min_refires_once_after_15_min() -> None:
    due = T0 + 2 * H
    tray = Tray([make_timer(due=due)], last=T0 - STEP)
    (first,) = tray.sweep().individual
    assert first.offset_s == 7200
    tray.snooze([first.key], 15 * M)
    shown = tray.run(20 * M)
    assert [(r.now - T0, r.individual[0].key, r.individual[0].snoozed) for r in shown] == [
        (15 * M, first.key, True)
    ]
    assert shown[0].individual[0].remaining_s == int((105 * M).total_seconds())
    assert [r.individual[0].offset_s for r in tray.run(2 * H)] == [1800, 0]


def test_a_snooze_running_past_the_next_threshold_is_replaced_by_it() -> None:
    due = T0 + 30 * M
    tray = Tray([make_timer(due=due)], last=T0 - STEP)
    (first,) = tray.sweep().individual
    tray.snooze([first.key], H)  # would end after the deadline
    shown = tray.run(2 * H)
    assert len(shown) == 1
    (expiry,) = shown[0].individual
    assert (shown[0].now, expiry.offset_s, expiry.snoozed) == (due, 0, False)
    assert first.key in expiry.covers  # the snooze is settled: no "30 min left" later


def test_snooze_all_of_a_summary() -> None:
    timers = [make_timer(str(i), due=T0 + 2 * H) for i in range(5)]
    tray = Tray(timers, last=T0 - STEP)
    (burst,) = tray.sweep().summaries
    tray.snooze(list(burst.keys), H)
    shown = tray.run(80 * M)  # (at 90 min the 30 min reminders come, as a burst again)
    assert [(r.now - T0, [s.reason for s in r.summaries]) for r in shown] == [
        (H, [SummaryReason.BURST])
    ]
    assert all(x.snoozed for x in shown[0].summaries[0].reminders)


# -- quiet hours, pause, mute -------------------------------------------------------------


QUIET = ReminderSettings(quiet_start=time(22, 0), quiet_end=time(8, 0))


@pytest.mark.parametrize(
    ("settings", "wall", "quiet"),
    [
        (QUIET, "2026-03-10 21:59", False),
        (QUIET, "2026-03-10 22:00", True),
        (QUIET, "2026-03-11 03:00", True),
        (QUIET, "2026-03-11 07:59", True),
        (QUIET, "2026-03-11 08:00", False),
        (ReminderSettings(quiet_start=time(12), quiet_end=time(13, 30)), "2026-03-10 12:45", True),
        (ReminderSettings(quiet_start=time(12), quiet_end=time(13, 30)), "2026-03-10 13:30", False),
        (DEFAULT, "2026-03-11 03:00", False),
    ],
)
def test_quiet_hours_are_shanghai_wall_time(
    settings: ReminderSettings, wall: str, quiet: bool
) -> None:
    assert settings.in_quiet_hours(sh(wall)) is quiet


def test_quiet_hours_hold_everything_and_release_one_summary_at_their_end() -> None:
    evening = sh("2026-03-10 21:00")
    night = make_timer("N", due=sh("2026-03-11 02:00"), started=evening)
    morning = make_timer("M", due=sh("2026-03-11 09:00"), started=evening)
    tray = Tray([night, morning], settings=QUIET, clock=FakeClock(evening), last=evening - STEP)
    shown = tray.run(11 * H)
    assert [(r.now, [(s.reason, s.count) for s in r.summaries]) for r in shown] == [
        (sh("2026-03-11 08:00"), [(SummaryReason.HELD, 2)])
    ]
    (held,) = shown[0].summaries
    assert [(x.key.number, x.offset_s) for x in held.reminders] == [("N", 0), ("M", 7200)]
    assert (held.expired, held.outcomes) == (1, {"auto_refund": 1})
    quiet_sweep = next(r for r in tray.results if r.now == sh("2026-03-11 07:30"))
    assert {k.number for k in quiet_sweep.held} == {"N", "M"}  # the tray may show a badge
    assert [r.individual[0].offset_s for r in tray.run(90 * M)] == [1800, 0]


def test_a_reminder_due_the_moment_quiet_hours_end_is_shown_on_its_own() -> None:
    t = make_timer(due=sh("2026-03-11 10:00"), started=sh("2026-03-10 09:00"))
    tray = Tray([t], settings=QUIET, clock=FakeClock(sh("2026-03-11 07:30")))
    tray.last = tray.clock.now() - STEP
    shown = tray.run(H)
    assert [(r.now, r.individual[0].offset_s, r.summaries) for r in shown] == [
        (sh("2026-03-11 08:00"), 7200, ())
    ]


def test_pause_for_an_hour_holds_then_releases() -> None:
    a = make_timer("A", due=T0 + 2 * H + 10 * M)  # 2 h reminder at 09:10, inside the pause
    b = make_timer("B", due=T0 + 3 * H)  # 2 h reminder at 10:00, the moment the pause ends
    tray = Tray([a, b], settings=DEFAULT.pause(T0), last=T0 - STEP)
    shown = tray.run(2 * H)
    assert [
        (
            r.now - T0,
            [(s.reason, [x.key.number for x in s.reminders]) for s in r.summaries],
            [x.key.number for x in r.individual],
        )
        for r in shown
    ] == [
        (H, [(SummaryReason.HELD, ["A"])], ["B"]),
        (H + 40 * M, [], ["A"]),  # A's 30 min reminder, as usual after the pause
    ]
    paused_sweep = next(r for r in tray.results if r.now == T0 + 30 * M)
    assert {k.number for k in paused_sweep.held} == {"A", "B"}  # 12 h reminders, late


def test_resuming_early_releases_what_the_pause_held_as_one_summary() -> None:
    a = make_timer("A", due=T0 + 2 * H + 10 * M)  # 2 h reminder at 09:10, inside the pause
    b = make_timer("B", due=T0 + 2 * H + 20 * M)  # 2 h reminder at 09:20, inside the pause
    tray = Tray([a, b], settings=DEFAULT.pause(T0), last=T0 - STEP)
    assert tray.run(30 * M) == []
    tray.settings = tray.settings.resume(tray.clock.now())
    assert not tray.settings.paused(tray.clock.now())
    tray.clock.advance(STEP)
    r = tray.sweep()
    assert r.individual == ()
    assert [(s.reason, s.count) for s in r.summaries] == [(SummaryReason.HELD, 2)]
    assert DEFAULT.pause(T0).resume(T0 + 2 * H).paused_until == T0 + H  # already over


def test_mute_a_shop_and_unmuting_does_not_replay() -> None:
    timers = [
        make_timer("A", due=T0 + 3 * H, shop="甲店"),
        make_timer("B", due=T0 + 3 * H, shop="乙店"),
    ]
    muted = DEFAULT.mute(Platform.PINDUODUO, "甲店")
    tray = Tray(timers, settings=muted, last=T0 - STEP)
    shown = tray.run(2 * H)
    assert {x.key.number for r in shown for x in r.individual} == {"B"}
    assert tray.settings.is_muted("pinduoduo", "甲店")
    tray.settings = muted.unmute(Platform.PINDUODUO, "甲店")
    later = tray.run(2 * H)
    assert [(r.now - T0, sorted(x.key.number for x in r.individual)) for r in later] == [
        (2 * H + 30 * M, ["A", "B"]),
        (3 * H, ["A", "B"]),
    ]


# -- bursts -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "limit", "individual", "summarised"),
    [(1, 3, 1, 0), (3, 3, 3, 0), (4, 3, 0, 4), (10, 3, 0, 10), (10, 10, 10, 0)],
)
def test_bursts_are_rate_limited_into_one_summary(
    n: int, limit: int, individual: int, summarised: int
) -> None:
    timers = [make_timer(f"X{i}", due=T0 + 12 * H, amount=100 * (i + 1)) for i in range(n)]
    tray = Tray(timers, settings=ReminderSettings(burst_limit=limit), last=T0 - STEP)
    r = tray.sweep()
    assert len(r.individual) == individual
    assert sum(s.count for s in r.summaries) == summarised
    assert r.notifications == (individual or 1)
    if summarised:
        (burst,) = r.summaries
        assert burst.reason is SummaryReason.BURST
        assert burst.amount_at_risk_fen == sum(100 * (i + 1) for i in range(n))


# -- moving deadlines ---------------------------------------------------------------------


def test_a_deadline_that_moves_gets_fresh_reminders() -> None:
    t = make_timer(due=T0 + 24 * H, started=T0 - 24 * H)
    tray = Tray([t], last=T0 - STEP)
    assert [r.individual[0].offset_s for r in tray.run(12 * H + M)] == [43200]
    moved = replace(t, due_at=T0 + 17 * H, origin=TimerOrigin.PLATFORM)  # platform deadline
    tray.timers = [moved]
    (fresh,) = tray.sweep().individual  # its 12 h threshold passed already: shown now
    assert (fresh.due_at, fresh.offset_s) == (T0 + 17 * H, 43200)
    assert fresh.remaining_s == (5 * H - M).total_seconds()
    later = tray.run(13 * H)
    assert [(r.now - T0, r.individual[0].offset_s) for r in later] == [
        (15 * H, 7200),
        (16 * H + 30 * M, 1800),
        (17 * H, 0),
    ]  # and nothing for the old deadline (22:00, 23:30, 24:00)


# -- settings -----------------------------------------------------------------------------


def test_settings_round_trip_through_json() -> None:
    s = ReminderSettings(
        offsets=(timedelta(0), 2 * H, 24 * H, 2 * H),
        burst_limit=5,
        quiet_start=time(22, 30),
        quiet_end=time(7, 0),
        muted_shops={("douyin", "抖店"), (Platform.TAOBAO, "小熊家居")},
        paused_until=sh("2026-03-10 10:00"),
    )
    assert s.offsets == (24 * H, 2 * H, timedelta(0))
    data = s.to_dict()
    assert data == {
        "version": 1,
        "offsets_s": [86400, 7200, 0],
        "burst_limit": 5,
        "quiet_start": "22:30",
        "quiet_end": "07:00",
        "muted_shops": [["douyin", "抖店"], ["taobao", "小熊家居"]],
        "paused_until": "2026-03-10T02:00:00+00:00",
    }
    assert ReminderSettings.from_dict(data) == s
    assert ReminderSettings.from_dict(DEFAULT.to_dict()) == DEFAULT
    assert ReminderSettings.from_dict({}) == DEFAULT
    assert ReminderSettings.from_dict({"burst_limit": 2, "from_the_future": 1}).burst_limit == 2


@pytest.mark.parametrize(
    ("kw", "error"),
    [
        ({"offsets": (-M,)}, ValueError),
        ({"offsets": (31 * 24 * H,)}, ValueError),
        ({"offsets": (timedelta(seconds=1.5),)}, ValueError),
        ({"offsets": (3600,)}, TypeError),
        ({"offsets": tuple(timedelta(hours=h) for h in range(13))}, ValueError),
        ({"burst_limit": 0}, ValueError),
        ({"burst_limit": True}, TypeError),
        ({"quiet_start": time(22)}, ValueError),
        ({"quiet_start": time(8), "quiet_end": time(8)}, ValueError),
        ({"quiet_start": "22:00", "quiet_end": "08:00"}, TypeError),
        ({"muted_shops": {("jd", "京东店")}}, ValueError),
        ({"muted_shops": {("taobao", "")}}, ValueError),
        ({"paused_until": datetime(2026, 3, 10, 10)}, ValueError),
    ],
)
def test_settings_validation(kw: dict, error: type[Exception]) -> None:
    with pytest.raises(error):
        ReminderSettings(**kw)


@pytest.mark.parametrize(
    "data",
    [
        {"offsets_s": [3600.5]},
        {"quiet_start": "25:00", "quiet_end": "08:00"},
        {"quiet_start": 22, "quiet_end": 8},
        {"paused_until": "2026-03-10T10:00:00"},
        {"muted_shops": ["pinduoduo"]},
        [1, 2],
    ],
)
def test_settings_from_bad_json_raise(data: object) -> None:
    with pytest.raises((TypeError, ValueError)):
        ReminderSettings.from_dict(data)  # type: ignore[arg-type]


class _Repo:
    def __init__(self, **values: object) -> None:
        self.values = values

    def get_setting(self, key: str, default: object = None) -> object:
        return self.values.get(key, default)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({}, DEFAULT),
        ({"reminders": {"burst_limit": 2}}, ReminderSettings(burst_limit=2)),
        ({"reminders": {"burst_limit": "many"}}, DEFAULT),
        (
            {"reminders.hours_before": [24, 6, 1]},
            ReminderSettings(offsets=(24 * H, 6 * H, H, timedelta(0))),
        ),
        ({"reminders.hours_before": ["x"]}, DEFAULT),
    ],
)
def test_load_settings(values: dict, expected: ReminderSettings) -> None:
    assert load_settings(_Repo(**values)) == expected


def test_pause_resume_and_mute_helpers() -> None:
    paused = DEFAULT.pause(T0)
    assert paused.paused_until == T0 + H
    assert paused.paused(T0 + 59 * M)
    assert not paused.paused(T0 + H)
    assert paused.resume().paused_until is None


def test_reminders_carry_no_buyer_data() -> None:
    names = {f.name for f in fields(Reminder)}
    assert not {n for n in names if "buyer" in n or "title" in n or "reason" in n}
    assert names <= {
        "key", "covers", "platform", "shop", "order_no", "case_no", "timer", "due_at",
        "offset_s", "fire_at", "remaining_s", "amount_at_risk_fen", "goods_at_risk",
        "on_expiry", "next_state", "snoozed",
    }  # fmt: skip


def test_next_fire_at_is_the_earliest_future_reminder() -> None:
    tray = Tray([make_timer("A", due=T0 + 5 * H), make_timer("B", due=T0 + 3 * H)], last=T0)
    tray.clock.advance(STEP)
    assert tray.sweep().next_fire_at == T0 + H  # B's 2 h reminder


def test_naive_instants_are_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        due_reminders([], last_sweep=None, now=datetime(2026, 3, 10), sent=set(), settings=DEFAULT)


# -- the property: never twice, never lost ------------------------------------------------


PROPERTY_TIMERS = st.lists(
    st.tuples(
        st.integers(0, 3 * 24 * 60),  # due, minutes after T0
        st.integers(0, 3 * 24 * 60),  # length, minutes
        st.sampled_from(["甲店", "乙店", "丙店"]),
        st.sampled_from([(), (12.0,), (6.0, 0.25)]),
    ),
    min_size=1,
    max_size=6,
)
CLOCK_MOVES = st.lists(
    st.one_of(
        st.integers(1, 120).map(lambda s: timedelta(seconds=s)),  # ticks
        st.integers(1, 48 * 60).map(lambda m: timedelta(minutes=m)),  # gaps, jumps forward
        st.integers(1, 6 * 60).map(lambda m: -timedelta(minutes=m)),  # clock set back
    ),
    max_size=60,
)


@hsettings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    specs=PROPERTY_TIMERS,
    moves=CLOCK_MOVES,
    mute=st.booleans(),
    burst=st.integers(1, 4),
    start=st.integers(-3 * 24 * 60, 3 * 24 * 60),
)
def test_property_every_reminder_at_most_once_and_none_lost(
    specs: list, moves: list[timedelta], mute: bool, burst: int, start: int
) -> None:
    timers = [
        make_timer(f"C{i}", due=T0 + due * M, started=T0 + (due - length) * M, shop=shop, remind=r)
        for i, (due, length, shop, r) in enumerate(specs)
    ]
    settings = ReminderSettings(
        burst_limit=burst, muted_shops={(Platform.PINDUODUO, "丙店")} if mute else frozenset()
    )
    tray = Tray(timers, settings=settings, clock=FakeClock(T0 + start * M))
    tray.sweep()
    highest = tray.clock.now()
    for move in moves:
        tray.clock.advance(move)
        highest = max(highest, tray.clock.now())
        tray.sweep()
    shown = shown_keys(tray.results)
    silent = [k for r in tray.results for k in (*r.muted, *r.skipped)]
    assert len(shown + silent) == len(set(shown + silent)), "a reminder was settled twice"
    for r in tray.results:
        assert r.notifications <= burst + 1
        numbers = [x.key.number for x in r.individual] + [
            x.key.number for s in r.summaries for x in s.reminders
        ]
        assert len(numbers) == len(set(numbers)), "one timer, two notifications in a sweep"
        for x in (*r.individual, *(x for s in r.summaries for x in s.reminders)):
            assert x.offset_s == 0 or x.due_at > r.now, "'x h left' after the deadline"
    for t in timers:
        muted = mute and t.shop == "丙店"
        for key in reminder_keys(t, settings):
            if key.fire_at <= highest:
                assert key in (silent if muted else shown), key


# -- the glue on a real database -----------------------------------------------------------


def open_service(path: Path, clock: FakeClock) -> tuple[Service, ReminderStore]:
    service = Service(open_database(path), clock=clock)
    return service, ReminderStore(service.db)


def no_computing(service: Service) -> None:
    """Make computing the timers fail: only the stored deadlines can answer."""

    def refused(*args, **kwargs):
        raise AssertionError("computed every timer instead of reading the stored ones")

    service.due = refused  # type: ignore[method-assign]


@pytest.mark.parametrize("stored", [False, True], ids=["computed", "stored"])
def test_glue_sweeps_merchant_timers_and_restarts_neither_repeat_nor_lose(
    tmp_path: Path, stored: bool
) -> None:
    """The same reminders whether the sweep computes the timers or reads the stored
    deadlines (core.deadlines: what the window keeps up to date)."""
    path = tmp_path / "shop.sqlite3"
    clock = FakeClock(T0)
    service, store = open_service(path, clock)
    service.save_manual(
        orders=[order(shipped_at="2026-03-03 10:00")],
        cases=[case(), case("douyin", case_no="DY-1", order_no="DY-O1", state="intervention")],
        at=T0,
    )
    if stored:
        DeadlineStore(service).refresh()
        no_computing(service)
    store.set_last_sweep(T0 - STEP)  # the tray was already running
    reminders = ReminderService(service, store)
    seen: list[tuple[datetime, str, int]] = []

    def run(until: datetime) -> None:
        while clock.now() <= until:
            r = reminders.sweep()
            assert r.summaries == ()
            seen.extend((r.now, x.key.number, x.offset_s) for x in r.individual)
            clock.advance(AWAY_GAP)  # the slowest sweep that is not yet a gap

    run(sh("2026-03-10 23:00"))
    service.close()  # quit in the middle: a new process, a new store on the same file
    service, store = open_service(path, clock)
    if stored:
        no_computing(service)
    reminders = ReminderService(service, store)
    run(sh("2026-03-12 09:30"))
    service.close()
    assert seen == [
        (sh("2026-03-10 21:00"), "DY-1", 43200),  # Douyin evidence: 24 h, 12 h asked by the rule
        (sh("2026-03-11 07:00"), "DY-1", 7200),
        (sh("2026-03-11 08:30"), "DY-1", 1800),
        (sh("2026-03-11 09:00"), "DY-1", 0),
        (sh("2026-03-11 21:00"), "AS-0001", 43200),  # Pinduoduo 48 h merchant handling
        (sh("2026-03-12 07:00"), "AS-0001", 7200),
        (sh("2026-03-12 08:30"), "AS-0001", 1800),
        (sh("2026-03-12 09:00"), "AS-0001", 0),
    ]


def sent_rows(path: Path) -> list[tuple[str, int, str | None]]:
    """reminders_sent as (number, offset, snoozed_until), read with plain sqlite3."""
    import sqlite3
    from contextlib import closing

    with closing(sqlite3.connect(path)) as con:
        query = "SELECT number, offset_s, snoozed_until FROM reminders_sent ORDER BY 1, 2"
        return list(con.execute(query))


def test_glue_forgets_the_keys_of_deadlines_long_settled(tmp_path: Path) -> None:
    """reminders_sent would keep a row per reminder of every deadline the shop ever
    had: a sweep deletes those of deadlines more than KEYS_KEPT_FOR past that no
    running deadline needs."""
    path = tmp_path / "shop.sqlite3"
    clock = FakeClock(sh("2026-03-12 09:00"))  # AS-0001's 48 h ran out just now
    service, store = open_service(path, clock)
    service.save_manual(cases=[case()], at=T0)
    store.set_last_sweep(clock.now() - STEP)
    reminders = ReminderService(service, store)
    (expiry,) = reminders.sweep().individual
    assert expiry.offset_s == 0
    service.sweep()  # the outcome is applied: AS-0001's merchant deadline no longer runs
    before = sent_rows(path)
    assert [(n, o) for n, o, _ in before] == [
        ("AS-0001", 0), ("AS-0001", 1800), ("AS-0001", 7200), ("AS-0001", 43200)
    ]  # fmt: skip

    clock.advance(KEYS_KEPT_FOR - H)  # not yet
    store.set_last_sweep(clock.now() - STEP)
    reminders.sweep()
    assert sent_rows(path) == before
    clock.advance(2 * H)
    store.set_last_sweep(clock.now() - STEP)
    assert reminders.sweep().notifications == 0
    assert sent_rows(path) == []
    service.close()


def test_glue_keeps_the_keys_of_a_running_deadline_however_old(tmp_path: Path) -> None:
    """A deadline still running (no outcome applied: e.g. an export showed the case open
    after it) keeps its keys: its at-expiry reminder must not come back."""
    path = tmp_path / "shop.sqlite3"
    clock = FakeClock(sh("2026-03-12 09:00"))
    service, store = open_service(path, clock)
    service.save_manual(cases=[case()], at=T0)
    store.set_last_sweep(clock.now() - STEP)
    reminders = ReminderService(service, store)
    assert reminders.sweep().notifications == 1
    kept = sent_rows(path)
    clock.advance(KEYS_KEPT_FOR + 10 * 24 * H)  # no Service.sweep: the deadline still runs
    store.set_last_sweep(clock.now() - STEP)
    assert reminders.sweep().notifications == 0
    assert sent_rows(path) == kept
    service.close()


def test_forget_before_is_the_earliest_running_deadline_or_a_month_ago() -> None:
    now = sh("2026-06-01 12:00")
    assert forget_before(None, now) == now - KEYS_KEPT_FOR
    assert forget_before(now - H, now) == now - KEYS_KEPT_FOR
    assert forget_before(now - 2 * KEYS_KEPT_FOR, now) == now - 2 * KEYS_KEPT_FOR


def test_glue_a_second_instance_shows_nothing_the_first_showed(tmp_path: Path) -> None:
    path = tmp_path / "shop.sqlite3"
    clock = FakeClock(T0)
    first, store_1 = open_service(path, clock)
    first.save_manual(cases=[case()], at=T0)
    second, store_2 = open_service(path, clock)
    store_1.set_last_sweep(T0)
    clock.set(sh("2026-03-11 21:00"))
    settings = DEFAULT
    # both decide on the same snapshot, the first records first
    r1 = sweep(first, store_1, settings, clock.now())
    r2 = sweep(second, store_2, settings, clock.now())
    assert r1.notifications == 1
    assert r2.notifications == 0
    first.close()
    second.close()


@pytest.mark.parametrize("stored", [False, True], ids=["computed", "stored"])
def test_glue_an_expiry_held_by_quiet_hours_survives_its_outcome(
    tmp_path: Path, stored: bool
) -> None:
    """AS-0001's 48 h run out at 09:00, inside quiet hours; the window's sweep applies
    the outcome (auto refund) at once and the timer stops running. The summary when
    the quiet hours end still counts it, once; a restart in between keeps it."""
    path = tmp_path / "shop.sqlite3"
    clock = FakeClock(sh("2026-03-12 08:40"))
    service, store = open_service(path, clock)
    service.save_manual(cases=[case()], at=T0)
    if stored:
        DeadlineStore(service).refresh()
    store.set_last_sweep(clock.now() - STEP)
    quiet = ReminderSettings(quiet_start=time(8, 45), quiet_end=time(9, 30))
    seen = []
    while clock.now() <= sh("2026-03-12 10:00"):
        r = sweep(service, store, quiet, clock.now())
        service.sweep(clock.now())  # the worker applies expiry outcomes right after
        if stored:
            DeadlineStore(service).refresh()
        seen += [(r.now, "individual", x.key.number, x.offset_s) for x in r.individual]
        seen += [(r.now, s.reason, s.count, s.outcomes) for s in r.summaries]
        if clock.now() == sh("2026-03-12 09:10"):  # quit and start again
            service.close()
            service, store = open_service(path, clock)
        clock.advance(STEP)
    service.close()
    assert seen == [
        (sh("2026-03-12 08:40"), "individual", "AS-0001", 1800),
        (sh("2026-03-12 09:30"), SummaryReason.HELD, 1, {"auto_refund": 1}),
    ]


def test_glue_snooze_through_the_store(tmp_path: Path) -> None:
    clock = FakeClock(T0)
    service, store = open_service(tmp_path / "shop.sqlite3", clock)
    service.save_manual(cases=[case()], at=T0)
    reminders = ReminderService(service, store)
    clock.set(sh("2026-03-12 07:00"))
    store.set_last_sweep(clock.now() - STEP)
    (two_hours,) = reminders.sweep().individual
    until = reminders.snooze(two_hours.key, 15 * M)
    assert store.snoozed() == {two_hours.key: until}
    clock.advance(14 * M)
    assert reminders.sweep().notifications == 0
    clock.advance(M)
    (again,) = reminders.sweep().individual
    assert (again.key, again.snoozed) == (two_hours.key, True)
    assert store.snoozed() == {}
    clock.advance(STEP)
    assert reminders.sweep().notifications == 0
    service.close()


def test_glue_reads_only_deadlines_a_reminder_can_be_due_for(tmp_path: Path) -> None:
    """The sweep reads the stored timers due within the longest offset (the settings'
    or a rule's own: Douyin's 12 h) — far fewer than every running timer — and decides
    exactly as with every timer; only next_fire_at leaves the later ones out."""
    now = sh("2026-03-12 12:00")
    service = Service.open(tmp_path / "demo.sqlite3", clock=FixedClock(now))
    demo.populate(service, orders=300, cases=140)  # deadlines from now to 8 days on
    DeadlineStore(service).refresh()
    every = [t for t in service.due(now) if wants_reminders(t)]
    no_computing(service)
    day_and_half = ReminderSettings(offsets=(36 * H, 0 * H))
    six_hours = ReminderSettings(offsets=(6 * H, 0 * H))  # the rule's 12 h is longer
    for settings, longest in ((day_and_half, 36 * H), (DEFAULT, 12 * H), (six_hours, 12 * H)):
        shown = 0
        for at in (now - 6 * H, now, now + 20 * H):
            read = reminder_timers(service, settings, at)
            assert read == [t for t in every if t.due_at <= at + longest]  # in due order
            assert 0 < len(read) < len(every)
            before = decide(every, None, at - 3 * H, set(), settings).summaries
            for sent in (set(), {k for s in before for r in s.reminders for k in r.covers}):
                for last in (None, at - STEP):
                    want = decide(every, last, at, sent, settings)
                    got = decide(read, last, at, sent, settings)
                    assert replace(got, next_fire_at=None) == replace(want, next_fire_at=None)
                    shown += want.notifications
        assert shown > 0  # the comparisons were of something
    service.close()


def decide(timers, last, now, sent, settings) -> SweepResult:
    return due_reminders(timers, last_sweep=last, now=now, sent=sent, settings=settings)
