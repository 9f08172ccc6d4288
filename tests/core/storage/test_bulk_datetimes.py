"""bulk's datetime texts are exactly what SQLAlchemy's UTCDateTime column binds on SQLite,
whatever the zone: whole-hour zones take the per-hour shortcut, the rest go value by value."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy.dialects import sqlite

from core.storage import bulk
from core.storage.models import ORDERS

DIALECT = sqlite.dialect()
_COLUMN = ORDERS.c.paid_at.type  # a UTCDateTime
_BIND = _COLUMN.dialect_impl(DIALECT).bind_processor(DIALECT)


def bound(value: datetime) -> str:
    """What SQLAlchemy sends to SQLite for the value (UTCDateTime over DATETIME)."""
    text = _BIND(value)
    assert isinstance(text, str)
    return text


class MidHour(tzinfo):
    """A tzinfo of its own: whole hours, the same at both ends of every hour, another
    offset from :20 to :40. Nothing may be assumed of such a zone's hours."""

    def utcoffset(self, dt):
        return timedelta(hours=2 if 20 <= dt.minute < 40 else 1)

    def dst(self, dt):
        return timedelta(0)

    def tzname(self, dt):
        return "mid-hour"


ZONES = [
    UTC,
    ZoneInfo("Asia/Shanghai"),
    ZoneInfo("America/New_York"),  # DST, whole hours
    ZoneInfo("Europe/London"),
    ZoneInfo("Australia/Lord_Howe"),  # DST of half an hour
    ZoneInfo("Asia/Kathmandu"),  # +05:45
    ZoneInfo("America/St_Johns"),  # -03:30 / -02:30, changes at 02:00 local
    timezone(timedelta(hours=8)),
    timezone(timedelta(hours=-3, minutes=-30)),
    MidHour(),
]

aware = st.builds(
    lambda dt, fold: dt.replace(fold=fold),
    st.datetimes(
        min_value=datetime(1900, 1, 1),
        max_value=datetime(2100, 1, 1),
        timezones=st.sampled_from(ZONES),
    ),
    st.integers(0, 1),
)


@given(st.lists(st.one_of(st.none(), aware), max_size=40))
def test_every_value_is_stored_as_sqlalchemy_binds_it(values: list[datetime | None]) -> None:
    expected = [None if v is None else bound(v) for v in values]
    assert bulk._sqlite_datetimes(values) == expected


@pytest.mark.parametrize(
    ("zone", "start"),
    [
        (ZoneInfo("America/New_York"), datetime(2026, 3, 8, 0, 0)),  # spring forward
        (ZoneInfo("America/New_York"), datetime(2026, 11, 1, 0, 0)),  # fall back
        (ZoneInfo("Australia/Lord_Howe"), datetime(2026, 4, 5, 0, 0)),  # 30 min back
        (ZoneInfo("Australia/Lord_Howe"), datetime(2026, 10, 4, 0, 0)),  # 30 min on
        (ZoneInfo("America/St_Johns"), datetime(2026, 3, 8, 0, 0)),
        (ZoneInfo("Asia/Shanghai"), datetime(2026, 12, 31, 20, 0)),  # the UTC day and year
        (MidHour(), datetime(2026, 3, 1, 0, 0)),
    ],
)
def test_every_second_around_a_change_of_offset(zone: tzinfo, start: datetime) -> None:
    local = [
        (start + timedelta(seconds=s)).replace(tzinfo=zone, fold=fold)
        for s in range(0, 5 * 3600, 7)
        for fold in (0, 1)
    ]
    assert bulk._sqlite_datetimes(local) == [bound(v) for v in local]


def test_naive_and_non_datetime_values_are_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        bulk._sqlite_datetimes([datetime(2026, 3, 1, 12, 0, tzinfo=UTC), datetime(2026, 3, 1)])
    with pytest.raises(TypeError, match="expected a datetime"):
        bulk._sqlite_datetimes(["2026-03-01 12:00:00"])
