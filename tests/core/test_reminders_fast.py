"""The fast reminder decision decides exactly as the one it replaced.

``due_reminders`` no longer builds a ReminderKey per offset of every timer; the
decision before that change is kept verbatim in ``reminders_reference`` and both are
run on the same random inputs: duplicated deadlines, odd instants (microseconds,
another zone), sent and snoozed keys (stale ones too), muted shops, quiet hours,
pauses, gaps and a clock set back. The glue pauses automatic collection meanwhile.
"""

from __future__ import annotations

import gc
from datetime import UTC, time, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

import core.reminders.service as service_module
from core.domain import Actor, Platform
from core.reminders import ReminderKey, ReminderService, ReminderSettings, due_reminders
from core.reminders.model import SentKeys
from tests.core import reminders_reference as reference
from tests.core.factories import case, order
from tests.core.test_reminders import T0, H, M, make_timer, open_service
from tests.fakes import FakeClock

EAST8 = timezone(timedelta(hours=8))
MICRO = timedelta(microseconds=1)

TIMER = st.fixed_dictionaries(
    {
        "number": st.sampled_from(["A", "B", "C"]),  # few: the same deadline comes twice
        "code": st.sampled_from(["merchant_handle", "ship_by"]),
        "is_case": st.booleans(),
        "due": st.integers(-2 * 24 * 60, 2 * 24 * 60),  # minutes after T0
        "due_us": st.sampled_from([0, 0, 1, 999_999]),
        "east8": st.booleans(),
        # minutes; often exactly an offset: a key firing the instant the timer started
        "length": st.one_of(st.integers(0, 3 * 24 * 60), st.sampled_from([0, 15, 30, 720])),
        "started_us": st.sampled_from([0, 0, 1, 500_000]),
        "shop": st.sampled_from(["甲店", "乙店"]),
        "platform": st.sampled_from([Platform.PINDUODUO, Platform.DOUYIN]),
        "remind": st.sampled_from([(), (12.0,), (12,), (6.0, 0.25), (-1.0,)]),
        "actor": st.sampled_from([Actor.MERCHANT, Actor.MERCHANT, Actor.BUYER]),
        "informational": st.sampled_from([False, False, True]),
    }
)
SETTINGS = st.fixed_dictionaries(
    {
        "offsets": st.sampled_from(
            [ReminderSettings().offsets, (H, timedelta(0)), (2 * H,), (), (30 * M, 0 * H)]
        ),
        "burst_limit": st.integers(1, 4),
        "quiet": st.sampled_from([None, (time(22), time(8)), (time(13), time(14))]),
        "mute": st.booleans(),
        "paused": st.one_of(st.none(), st.integers(-120, 120)),  # minutes from now
    }
)


def _timer(spec: dict):
    due = T0 + spec["due"] * M + spec["due_us"] * MICRO
    return make_timer(
        spec["number"],
        due=due.astimezone(EAST8) if spec["east8"] else due,
        started=due - spec["length"] * M + spec["started_us"] * MICRO,
        shop=spec["shop"],
        platform=spec["platform"],
        code=spec["code"],
        is_case=spec["is_case"],
        remind=spec["remind"],
        actor=spec["actor"],
        informational=spec["informational"],
    )


@hsettings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    specs=st.lists(TIMER, min_size=0, max_size=8),
    chosen=SETTINGS,
    now_s=st.integers(-3 * 24 * 3600, 3 * 24 * 3600),
    now_us=st.sampled_from([0, 1, 999_999]),
    last=st.one_of(st.none(), st.integers(-600, 24 * 3600)),  # seconds before now
    data=st.data(),
)
def test_decides_as_the_reference_on_random_inputs(
    specs: list, chosen: dict, now_s: int, now_us: int, last: int | None, data: st.DataObject
) -> None:
    timers = [_timer(s) for s in specs]
    # every key of the timers' deadlines, also with offsets they do not have, and a
    # deadline no timer has: sent or snoozed keys need not be keys of the timers
    deadlines = {ReminderKey(t.platform, t.case_no or t.order_no, t.timer, t.due_at, 0).deadline
                 for t in timers}  # fmt: skip
    deadlines.add(("pinduoduo", "X", "merchant_handle", T0))
    pool = sorted(
        ReminderKey(*d, o) for d in deadlines for o in (0, 5, 900, 1800, 3600, 7200, 43200)
    )
    at = data.draw(st.one_of(st.none(), st.sampled_from(pool)), label="now at a fire time")
    if at is None:
        now = T0 + timedelta(seconds=now_s, microseconds=now_us)
    else:  # the instant a key fires (or its deadline passes), or a microsecond either side
        now = at.fire_at + (now_us % 3 - 1) * MICRO
    settings = ReminderSettings(
        offsets=chosen["offsets"],
        burst_limit=chosen["burst_limit"],
        quiet_start=chosen["quiet"][0] if chosen["quiet"] else None,
        quiet_end=chosen["quiet"][1] if chosen["quiet"] else None,
        muted_shops={(Platform.PINDUODUO, "乙店")} if chosen["mute"] else frozenset(),
        paused_until=None if chosen["paused"] is None else now + chosen["paused"] * M,
    )
    sent = data.draw(st.sets(st.sampled_from(pool)), label="sent")
    snoozed_keys = data.draw(st.lists(st.sampled_from(pool), unique=True, max_size=4))
    ends = data.draw(st.lists(st.integers(-90, 90), min_size=len(snoozed_keys)))
    snoozed = {
        k: (now + m * M).astimezone(EAST8 if m % 2 else UTC)
        for k, m in zip(snoozed_keys, ends, strict=False)
    }
    last_sweep = None if last is None else now - timedelta(seconds=last)
    args = {
        "last_sweep": last_sweep,
        "now": now,
        "settings": settings,
        "snoozed": snoozed,
    }
    want = reference.due_reminders(timers, sent=sent, **args)
    assert due_reminders(timers, sent=sent, **args) == want
    assert due_reminders(timers, sent=SentKeys.of(sent), **args) == want
    assert due_reminders(iter(timers), sent=list(sent), **args) == want


def test_the_random_inputs_reach_every_branch() -> None:
    """A fixed case of each kind the comparison must cover: shown, held back, muted,
    skipped, snoozed (due and pending), stale snooze, a duplicated deadline."""
    now = T0
    a = make_timer("A", due=now + 20 * M, started=now - 48 * H)  # 30 min reminder due
    a_again = make_timer("A", due=now + 20 * M, started=now - 48 * H, remind=(6.0,))
    b = make_timer("B", due=now - 5 * M, started=now - 48 * H)  # expired
    c = make_timer("C", due=now + 5 * H, shop="乙店")  # muted, 12 h one due
    d = make_timer("D", due=now + 90 * M)  # 2 h one due, snoozed to later
    timers = [a, a_again, b, c, d]
    two_h = ReminderKey("pinduoduo", "D", "merchant_handle", now + 90 * M, 7200)
    stale = ReminderKey("pinduoduo", "Z", "merchant_handle", now, 0)
    b_keys = reference.reminder_keys(b, ReminderSettings())
    settings = ReminderSettings(muted_shops={(Platform.PINDUODUO, "乙店")})
    for quiet in (False, True):
        chosen = (
            ReminderSettings(
                muted_shops=settings.muted_shops, quiet_start=time(0), quiet_end=time(23, 59)
            )
            if quiet
            else settings
        )
        args = {
            "last_sweep": now - 30 * M,
            "now": now,
            "settings": chosen,
            "snoozed": {two_h: now + 10 * M, stale: now - M},
        }
        sent = {two_h, b_keys[0]}
        want = reference.due_reminders(timers, sent=sent, **args)
        got = due_reminders(timers, sent=SentKeys.of(sent), **args)
        assert got == want
        assert got.muted
        assert got.skipped
        assert got.next_fire_at == now + 10 * M
        assert bool(got.held) is quiet
        assert bool(got.notifications) is not quiet


@pytest.mark.parametrize("sent_offsets", [(), (0,), (0, 1800), (1800,)])
@pytest.mark.parametrize("moment", [-MICRO, 0 * M, MICRO])
@pytest.mark.parametrize("at", [0 * M, 30 * M, 2 * H], ids=["expiry", "30min", "2h"])
def test_at_the_instant_a_key_fires_it_decides_as_the_reference(
    sent_offsets: tuple[int, ...], moment: timedelta, at: timedelta
) -> None:
    """The edges, exactly: a deadline passing the instant of the sweep with its
    at-expiry key already settled; a timer started the instant a key would fire."""
    due = T0 + 10 * H
    timers = [make_timer("A", due=due, started=due - 2 * H), make_timer("B", due=due)]
    sent = {ReminderKey("pinduoduo", "A", "merchant_handle", due, o) for o in sent_offsets}
    for last in (None, due - at - M):
        args = {"last_sweep": last, "now": due - at + moment, "settings": ReminderSettings()}
        want = reference.due_reminders(timers, sent=sent, **args)
        assert due_reminders(timers, sent=SentKeys.of(sent), **args) == want


def test_sent_keys_answer_like_a_set() -> None:
    due = T0 + H
    a0, a2 = (ReminderKey("pinduoduo", "A", "ship_by", due, o) for o in (0, 7200))
    b0 = ReminderKey("douyin", "B", "ship_by", due.astimezone(EAST8), 0)
    sent = SentKeys.of([a0, a2, b0, a0])
    assert len(sent) == 3
    assert set(sent) == {a0, a2, b0}
    assert a2 in sent
    assert b0 in sent
    assert ReminderKey("pinduoduo", "A", "ship_by", due, 1800) not in sent
    assert ("pinduoduo", "A", "ship_by", due, 0) not in sent  # only keys are members
    assert sent.offsets(a0.deadline) == {0, 7200}
    assert sent.offsets(("pinduoduo", "Q", "ship_by", due)) == frozenset()
    assert SentKeys.of(sent) is sent
    assert len(SentKeys({a0.deadline: set()})) == 0


@pytest.mark.parametrize("bad", [Platform.PINDUODUO.value + "x", "nowhere"])
def test_an_unknown_platform_is_refused_as_before(bad: str) -> None:
    t = make_timer("A", due=T0 + H)
    object.__setattr__(t, "platform", bad)
    args = {"last_sweep": None, "now": T0, "sent": set(), "settings": ReminderSettings()}
    with pytest.raises(ValueError, match="not a valid Platform"):
        reference.due_reminders([t], **args)
    with pytest.raises(ValueError, match="not a valid Platform"):
        due_reminders([t], **args)


def test_the_glue_decides_without_automatic_collection_and_restores_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sweep's bulk (the timers read, the settled keys, the decision) runs with
    automatic collection off (core.gcpause); afterwards it is on again, also when the
    decision fails."""
    clock = FakeClock(T0)
    service, store = open_service(tmp_path / "shop.sqlite3", clock)
    service.save_manual(orders=[order(shipped_at="2026-03-03 10:00")], cases=[case()], at=T0)
    decide = service_module.due_reminders
    during: list[bool] = []

    def watched(*args, **kwargs):
        during.append(gc.isenabled())
        if len(during) == 2:
            raise RuntimeError("the decision failed")
        return decide(*args, **kwargs)

    monkeypatch.setattr(service_module, "due_reminders", watched)
    assert gc.isenabled()
    ReminderService(service, store).sweep()
    assert gc.isenabled()
    with pytest.raises(RuntimeError, match="decision failed"):
        ReminderService(service, store).sweep()
    assert gc.isenabled()
    assert during == [False, False]
    service.close()
