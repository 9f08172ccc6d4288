"""ReminderStore on real SQLite: claims, duplicates, snoozes, last sweep, restarts, 0001 files."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from contextlib import closing
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from core.reminders import ReminderKey, ReminderSettings, SendKind, due_reminders, load_settings
from core.reminders.sweep import reminder_keys
from core.storage import Database, Repository, open_database
from core.storage.reminders_store import LAST_SWEEP_KEY, ReminderStore
from tests.core.test_reminders import T0, make_timer

from .conftest import FIXTURES

H = timedelta(hours=1)
M = timedelta(minutes=1)


def key(number: str = "AS-1", offset: int = 7200, due: datetime = T0 + 2 * H) -> ReminderKey:
    return ReminderKey("pinduoduo", number, "merchant_handle", due, offset)


@pytest.fixture
def store(db: Database) -> ReminderStore:
    return ReminderStore(db)


def rows(path: Path) -> list[tuple]:
    with closing(sqlite3.connect(path)) as con:
        return con.execute(
            "SELECT number, offset_s, kind, sent_at, snoozed_until FROM reminders_sent"
            " ORDER BY number, offset_s"
        ).fetchall()


# -- recording ------------------------------------------------------------------------------


def test_record_claims_new_keys_and_ignores_duplicates(store: ReminderStore, db: Database) -> None:
    a, b, c = key("A"), key("B"), key("C")
    assert store.record([a, b, a], T0, SendKind.INDIVIDUAL) == {a, b}
    assert store.record([b, c], T0 + M, SendKind.COALESCED) == {c}  # b: no error, no claim
    assert store.record([], T0, SendKind.INDIVIDUAL) == set()
    assert store.sent_keys() == {a, b, c}
    assert db.path is not None
    assert rows(db.path) == [
        ("A", 7200, "individual", "2026-03-10 01:00:00.000000", None),
        ("B", 7200, "individual", "2026-03-10 01:00:00.000000", None),
        ("C", 7200, "coalesced", "2026-03-10 01:01:00.000000", None),
    ]


def test_keys_round_trip_exactly(store: ReminderStore) -> None:
    odd = ReminderKey(
        "douyin",
        "6912345678901234567",  # 19 digits stay text
        "merchant_evidence",
        datetime(2026, 3, 11, 9, 0, 0, 999_999, tzinfo=timezone(timedelta(hours=8))),
        43200,
    )
    assert odd.due_at == datetime(2026, 3, 11, 1, 0, tzinfo=UTC)
    store.record([odd], T0, SendKind.INDIVIDUAL)
    (back,) = store.sent_keys()
    assert back == odd
    assert hash(back) == hash(odd)
    assert back.due_at.tzinfo is UTC


def test_sent_keys_since_filters_on_the_deadline(store: ReminderStore) -> None:
    early, late = key("E", due=T0), key("L", due=T0 + 5 * H)
    store.record([early, late], T0, SendKind.INDIVIDUAL)
    assert store.sent_keys(since=T0 + H) == {late}
    # keys hold whole seconds: a deadline at T0 + 0.5 s has the keys of T0
    assert store.sent_keys(since=T0 + timedelta(microseconds=500_000)) == {early, late}
    assert store.sent_keys(since=T0) == {early, late}


def _insert_theirs(db: Database) -> None:
    """A sent key as another program might write it: microseconds in the due time."""
    assert db.path is not None
    with closing(sqlite3.connect(db.path)) as con, con:
        con.execute(
            "INSERT INTO reminders_sent (platform, number, timer, due_at, offset_s, sent_at, kind)"
            " VALUES ('pinduoduo', 'THEIRS', 'merchant_handle', '2026-03-10 03:00:00.600000',"
            " 7200, '2026-03-10 01:00:00.000000', 'individual')"
        )


def test_keys_another_program_wrote_differently_read_as_the_checked_keys(
    store: ReminderStore, db: Database
) -> None:
    """A row written otherwise than this store writes keys (microseconds in the due
    time, a negative offset) reads as ReminderKey(...) makes it, or fails as it does."""
    store.record([key("OURS")], T0, SendKind.INDIVIDUAL)
    _insert_theirs(db)
    read = store.sent_keys()
    assert read == {key("OURS"), key("THEIRS")}  # 03:00:00.6 -> the key of 03:00:00
    assert {k.due_at.microsecond for k in read} == {0}
    with closing(sqlite3.connect(db.path)) as con, con:
        con.execute("UPDATE reminders_sent SET offset_s = -5 WHERE number = 'THEIRS'")
    with pytest.raises(ValueError, match="offset_s"):
        store.sent_keys()


def test_settled_reads_what_sent_keys_reads_grouped_by_deadline(
    store: ReminderStore, db: Database
) -> None:
    """The sweep's read (``settled``: through the driver, grouped by deadline) holds
    the same keys as ``sent_keys`` for every ``since``, rows written otherwise too."""
    east8 = timezone(timedelta(hours=8))
    odd = ReminderKey("douyin", "6912345678901234567", "ship_by", T0.astimezone(east8), 0)
    keys = [key("A", o) for o in (43200, 7200, 0)] + [key("B", 1800, T0 + 5 * H), odd]
    store.record(keys[:3], T0, SendKind.INDIVIDUAL)
    store.record(keys[3:], T0, SendKind.COALESCED)
    store.snooze(key("S", 1800, T0 + 3 * H), T0 + H, at=T0)  # a snoozed key is settled too
    _insert_theirs(db)
    for since in (None, T0, T0 + timedelta(microseconds=1), T0 + 2 * H, T0 + 3 * H, T0 + 9 * H):
        want = store.sent_keys(since)
        got = store.settled(since)
        assert set(got) == want
        assert len(got) == len(want)
        assert all(k in got for k in want)
    assert store.settled().offsets(key("A").deadline) == {43200, 7200, 0}
    assert len(store.settled(T0 + 9 * H)) == 0
    with closing(sqlite3.connect(db.path)) as con, con:
        con.execute("UPDATE reminders_sent SET offset_s = -5 WHERE number = 'THEIRS'")
    with pytest.raises(ValueError, match="offset_s"):
        store.settled()


@pytest.mark.parametrize(
    "call",
    [
        lambda s: s.record([key()], datetime(2026, 3, 10, 9), SendKind.INDIVIDUAL),
        lambda s: s.record([key()], T0, "shouted"),
        lambda s: s.snooze(key(), datetime(2026, 3, 10, 9)),
        lambda s: s.set_last_sweep(datetime(2026, 3, 10, 9)),
        lambda s: s.sent_keys(since=datetime(2026, 3, 10, 9)),
    ],
    ids=["naive-sent-at", "unknown-kind", "naive-until", "naive-last-sweep", "naive-since"],
)
def test_bad_input_is_refused_before_anything_is_written(store: ReminderStore, call) -> None:
    with pytest.raises(ValueError, match=r"aware|not a valid"):
        call(store)
    assert store.sent_keys() == set()
    assert store.last_sweep() is None


def test_record_is_one_transaction(store: ReminderStore, db: Database) -> None:
    class Boom(Exception):
        pass

    def keys():
        yield key("A")
        yield key("B")
        raise Boom

    with pytest.raises(Boom):
        store.record(keys(), T0, SendKind.INDIVIDUAL)
    assert store.sent_keys() == set()


def test_record_sweep_records_every_kind_and_moves_last_sweep_together(
    store: ReminderStore, db: Database
) -> None:
    shown, muted, skipped = key("S"), key("M"), key("K")
    claimed = store.record_sweep(
        {
            SendKind.INDIVIDUAL: [shown],
            SendKind.COALESCED: [],
            SendKind.MUTED: [muted],
            SendKind.SKIPPED: [skipped],
        },
        T0,
    )
    assert claimed == {shown, muted, skipped}
    assert store.last_sweep() == T0
    assert db.path is not None
    assert [(r[0], r[2]) for r in rows(db.path)] == [
        ("K", "skipped"),
        ("M", "muted"),
        ("S", "individual"),
    ]
    assert store.record_sweep({SendKind.INDIVIDUAL: [shown]}, T0 - H) == set()
    assert store.last_sweep() == T0  # never back


def test_record_sweep_forgets_keys_before_a_time_but_never_a_snoozed_one(
    store: ReminderStore, db: Database
) -> None:
    old, snoozed = key("OLD", due=T0 - 40 * 24 * H), key("SNZ", due=T0 - 40 * 24 * H)
    edge, new = key("EDGE", due=T0 - 30 * 24 * H), key("NEW", due=T0 + 2 * H)
    store.record([old, edge, new], T0 - 50 * 24 * H, SendKind.INDIVIDUAL)
    store.snooze(snoozed, T0 + H, at=T0 - 40 * 24 * H)
    shown = key("SHOWN", due=T0)
    claimed = store.record_sweep({SendKind.INDIVIDUAL: [shown]}, T0, forget_before=T0 - 30 * 24 * H)
    assert claimed == {shown}
    assert store.sent_keys() == {snoozed, edge, new, shown}  # OLD is gone, EDGE is not before
    assert store.last_sweep() == T0
    assert store.snoozed() == {snoozed: T0 + H}


# -- two instances ----------------------------------------------------------------------


def test_two_instances_on_one_file_never_both_claim_a_key(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite3"
    open_database(path).close()
    keys = [key(f"K{i}", offset) for i in range(40) for offset in (43200, 7200, 1800, 0)]
    claims: list[set[ReminderKey]] = []
    start = threading.Barrier(4)

    def instance() -> None:
        with open_database(path) as db:
            store = ReminderStore(db)
            start.wait()
            got: set[ReminderKey] = set()
            for i in range(0, len(keys), 8):
                got |= store.record_sweep({SendKind.INDIVIDUAL: keys[i : i + 8]}, T0)
            claims.append(got)

    threads = [threading.Thread(target=instance) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(len(c) for c in claims) == len(keys)  # each key claimed exactly once
    assert set().union(*claims) == set(keys)


# -- snoozes ----------------------------------------------------------------------------


def test_snooze_then_record_claims_once_and_ends_the_snooze(
    store: ReminderStore, db: Database
) -> None:
    k = key()
    store.record([k], T0, SendKind.INDIVIDUAL)
    store.snooze(k, T0 + 15 * M)
    assert store.snoozed() == {k: T0 + 15 * M}
    assert k in store.sent_keys()
    assert store.record([k], T0 + 15 * M, SendKind.INDIVIDUAL) == {k}  # the re-fire
    assert store.snoozed() == {}
    assert store.record([k], T0 + 16 * M, SendKind.INDIVIDUAL) == set()  # and only once
    assert db.path is not None
    assert rows(db.path) == [("AS-1", 7200, "individual", "2026-03-10 01:15:00.000000", None)]


def test_snooze_all_and_snooze_of_an_unrecorded_key(store: ReminderStore, db: Database) -> None:
    a, b = key("A"), key("B")
    store.record([a], T0, SendKind.COALESCED)
    store.snooze([a, b], T0 + H, at=T0)
    assert store.snoozed() == {a: T0 + H, b: T0 + H}
    assert store.sent_keys() == {a, b}  # b cannot fire before its snooze ends
    assert db.path is not None
    assert [(r[0], r[2], r[4]) for r in rows(db.path)] == [
        ("A", "snoozed", "2026-03-10 02:00:00.000000"),
        ("B", "snoozed", "2026-03-10 02:00:00.000000"),
    ]
    store.snooze(a, T0 + 2 * H)  # snoozed again: the later end wins
    assert store.snoozed()[a] == T0 + 2 * H


# -- last sweep ---------------------------------------------------------------------------


def test_last_sweep_only_moves_forward(store: ReminderStore, db: Database) -> None:
    assert store.last_sweep() is None
    assert store.set_last_sweep(T0) == T0
    assert store.set_last_sweep(T0 - H) == T0  # the clock was set back an hour
    assert store.last_sweep() == T0
    later = (T0 + 24 * H).astimezone(timezone(timedelta(hours=8)))
    assert store.set_last_sweep(later) == T0 + 24 * H
    assert store.last_sweep() == T0 + 24 * H
    assert store.last_sweep().tzinfo is UTC
    assert Repository(db).get_setting(LAST_SWEEP_KEY) == "2026-03-11T01:00:00+00:00"


@pytest.mark.parametrize("junk", ["yesterday", 12, "2026-03-10T09:00:00"])
def test_an_unreadable_last_sweep_counts_as_none(db: Database, junk: object) -> None:
    Repository(db).set_setting(LAST_SWEEP_KEY, junk)
    store = ReminderStore(db)
    assert store.last_sweep() is None
    assert store.set_last_sweep(T0) == T0


# -- restarts -------------------------------------------------------------------------------


def test_a_new_store_on_the_same_file_remembers_everything(tmp_path: Path) -> None:
    path = tmp_path / "shop.sqlite3"
    a, b = key("A"), key("B")
    with open_database(path) as db:
        store = ReminderStore(db)
        store.record_sweep({SendKind.INDIVIDUAL: [a]}, T0)
        store.snooze(a, T0 + 15 * M)
        store.record([b], T0, SendKind.MUTED)
    with open_database(path) as db:
        store = ReminderStore(db)
        assert store.sent_keys() == {a, b}
        assert store.snoozed() == {a: T0 + 15 * M}
        assert store.last_sweep() == T0


@hsettings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    moves=st.lists(
        st.one_of(
            st.integers(1, 90).map(lambda m: timedelta(minutes=m)),
            st.integers(1, 12 * 60).map(lambda m: timedelta(minutes=m)),
            st.integers(1, 3 * 60).map(lambda m: -timedelta(minutes=m)),
        ),
        max_size=25,
    ),
    restarts=st.sets(st.integers(0, 24)),
)
def test_property_real_store_with_restarts_never_twice_never_lost(
    tmp_path_factory: pytest.TempPathFactory, moves: list[timedelta], restarts: set[int]
) -> None:
    path = tmp_path_factory.mktemp("prop") / "shop.sqlite3"
    settings = ReminderSettings()
    timers = [
        make_timer(f"C{i}", due=T0 + i * 150 * M, shop="甲店" if i % 2 else "乙店")
        for i in range(6)
    ]
    shown: list[ReminderKey] = []
    now = highest = T0
    db = open_database(path)
    try:
        for i, move in enumerate([timedelta(0), *moves]):
            if i in restarts:
                db.close()
                db = open_database(path)
            now += move
            highest = max(highest, now)
            store = ReminderStore(db)
            result = due_reminders(
                timers,
                last_sweep=store.last_sweep(),
                now=now,
                sent=store.sent_keys(),
                settings=settings,
                snoozed=store.snoozed(),
            )
            claimed = store.record_sweep(result.by_kind(), now)
            assert claimed == result.keys  # one instance: everything decided is claimed
            shown.extend(sorted(result.restricted_to(claimed).keys))
    finally:
        db.close()
    assert len(shown) == len(set(shown))
    due = {k for t in timers for k in reminder_keys(t, settings) if k.fire_at <= highest}
    assert due <= set(shown)


# -- a database of revision 0001 -------------------------------------------------------------


def test_fixture_0001_migrates_and_takes_reminders(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    shutil.copyfile(FIXTURES / "shopclock-0001.sqlite3", path)
    with open_database(path) as db:
        store = ReminderStore(db)
        assert store.sent_keys() == set()
        assert store.last_sweep() is None
        assert store.record([key()], T0, SendKind.INDIVIDUAL) == {key()}
        # the 0001 settings' reminder hours become the offsets
        settings = load_settings(Repository(db))
        assert settings.offsets == (24 * H, 6 * H, H, timedelta(0))
        Repository(db).set_setting("reminders", settings.to_dict())
        assert load_settings(Repository(db)) == settings
    with open_database(path) as db:
        assert ReminderStore(db).sent_keys() == {key()}
