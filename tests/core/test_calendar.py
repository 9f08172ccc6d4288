"""core.calendar: statutory working days, fallback years, overrides, units, time zones."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import chinese_calendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.calendar import CALENDAR_FALLBACK, Deadline, WorkCalendar, add_limit
from core.clock import SHANGHAI
from core.domain import HolidayOverride
from core.rules.model import Unit

ROOT = Path(__file__).resolve().parents[2]
NEW_YORK = ZoneInfo("America/New_York")
W2027 = f"{CALENDAR_FALLBACK}:2027"
D = date.fromisoformat


def sh(text: str) -> datetime:
    """A Shanghai wall-clock time, e.g. sh("2026-02-12 10:00")."""
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


# --- working days ----------------------------------------------------------------------------

SPRING_2026 = WorkCalendar()


@pytest.mark.parametrize(
    ("start", "n", "due"),
    [
        ("2026-02-13", 1, "2026-02-14"),  # Fri -> make-up Saturday
        ("2026-02-14", 1, "2026-02-24"),  # make-up Saturday -> over the whole festival
        ("2026-02-16", 1, "2026-02-24"),  # from inside the holiday
        ("2026-02-23", 1, "2026-02-24"),  # last holiday
        ("2026-02-27", 1, "2026-02-28"),  # Fri -> make-up Saturday
        ("2026-02-12", 3, "2026-02-24"),
        ("2026-02-12", 0, "2026-02-12"),
        ("2026-02-15", 0, "2026-02-15"),  # n == 0 returns the start even on a holiday
        ("2026-03-07", 1, "2026-03-09"),  # ordinary Saturday -> Monday
        ("2025-12-31", 1, "2026-01-04"),  # New Year 2026 off, Sunday 01-04 made up
    ],
)
def test_add_working_days_statutory(start: str, n: int, due: str) -> None:
    assert SPRING_2026.add_working_days(D(start), n) == (D(due), ())


@pytest.mark.parametrize(
    ("day", "workday"),
    [
        ("2026-02-13", True),
        ("2026-02-14", True),  # Saturday, make-up working day
        ("2026-02-15", False),
        ("2026-02-17", False),  # Tuesday in the festival
        ("2026-02-23", False),
        ("2026-02-24", True),
        ("2026-02-28", True),  # Saturday, make-up working day
        ("2026-03-07", False),
    ],
)
def test_is_workday_statutory(day: str, workday: bool) -> None:
    assert SPRING_2026.is_workday(D(day)) is workday


def test_is_workday_agrees_with_the_library_for_2025_and_2026() -> None:
    calendar = WorkCalendar()
    day = D("2025-01-01")
    while day.year < 2027:
        assert calendar.is_workday(day) is chinese_calendar.is_workday(day), day
        day += timedelta(days=1)


@pytest.mark.parametrize(
    ("day", "covered"),
    [("2003-12-31", False), ("2004-01-01", True), ("2026-12-31", True), ("2027-01-01", False)],
)
def test_covers_matches_the_library_range(day: str, covered: bool) -> None:
    assert WorkCalendar().covers(D(day)) is covered
    try:
        chinese_calendar.is_workday(D(day))
        library_has_data = True
    except NotImplementedError:
        library_has_data = False
    assert library_has_data is covered


@pytest.mark.parametrize(
    ("overrides", "start", "n", "due", "warnings"),
    [
        # 2027: no statutory data -> Mon–Fri, one warning
        ((), "2027-02-05", 1, "2027-02-08", (W2027,)),  # Fri -> Mon
        ((), "2027-02-08", 5, "2027-02-15", (W2027,)),
        ((), "2027-02-06", 0, "2027-02-06", ()),
        # from 2026 into 2027: only the 2027 part warns
        ((), "2026-12-30", 1, "2026-12-31", ()),
        ((), "2026-12-30", 2, "2027-01-01", (W2027,)),
        ((), "2026-12-30", 300, "2028-02-23", (W2027, f"{CALENDAR_FALLBACK}:2028")),
        ((), "2003-12-30", 1, "2003-12-31", (f"{CALENDAR_FALLBACK}:2003",)),
        # overrides win in uncovered years
        (((D("2027-02-08"), False),), "2027-02-05", 1, "2027-02-09", (W2027,)),
        (((D("2027-02-06"), True),), "2027-02-05", 1, "2027-02-06", ()),
        (((D("2027-02-06"), True),), "2027-02-05", 2, "2027-02-08", (W2027,)),
        (((D("2027-01-01"), True),), "2026-12-31", 1, "2027-01-01", ()),
        (((D("2027-01-01"), False),), "2026-12-31", 1, "2027-01-04", (W2027,)),
        # ... and over the statutory calendar
        (((D("2026-02-16"), True),), "2026-02-14", 1, "2026-02-16", ()),
        (((D("2026-02-24"), False),), "2026-02-14", 1, "2026-02-25", ()),
        (((D("2026-02-14"), False),), "2026-02-13", 1, "2026-02-24", ()),
        # the last override of a day wins
        (((D("2026-02-16"), True), (D("2026-02-16"), False)), "2026-02-14", 1, "2026-02-24", ()),
    ],
)
def test_add_working_days_fallback_and_overrides(
    overrides: tuple[tuple[date, bool], ...],
    start: str,
    n: int,
    due: str,
    warnings: tuple[str, ...],
) -> None:
    calendar = WorkCalendar(HolidayOverride(day, workday) for day, workday in overrides)
    assert calendar.add_working_days(D(start), n) == (D(due), warnings)


def test_overrides_change_is_workday() -> None:
    calendar = WorkCalendar(
        [HolidayOverride(D("2027-02-08"), False), HolidayOverride(D("2027-02-06"), True)]
    )
    assert calendar.is_workday(D("2027-02-08")) is False
    assert calendar.is_workday(D("2027-02-06")) is True
    assert calendar.is_workday(D("2027-02-09")) is True
    assert calendar.is_workday(D("2027-02-07")) is False


def test_negative_working_days_rejected() -> None:
    with pytest.raises(ValueError, match="n must be"):
        WorkCalendar().add_working_days(D("2026-02-13"), -1)


def test_shared_between_threads() -> None:
    starts = [D("2026-11-01") + timedelta(days=i) for i in range(120)]
    expected = [WorkCalendar().add_working_days(day, 20) for day in starts]
    shared = WorkCalendar()
    with ThreadPoolExecutor(max_workers=8) as pool:
        assert list(pool.map(lambda day: shared.add_working_days(day, 20), starts)) == expected


# --- add_limit -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "limit", "unit", "due", "warnings"),
    [
        # working days across Spring Festival 2026, Shanghai wall-clock time kept
        (sh("2026-02-12 10:00"), 3, Unit.WORKING_DAYS, utc("2026-02-24 02:00"), ()),
        (sh("2026-02-13 23:30"), 1, Unit.WORKING_DAYS, sh("2026-02-14 23:30"), ()),
        (sh("2026-02-14 09:15"), 1, "working_days", utc("2026-02-24 01:15"), ()),
        (sh("2026-02-27 18:00"), 1, "working_days", utc("2026-02-28 10:00"), ()),
        (sh("2026-03-07 10:00"), 1, "working_days", sh("2026-03-09 10:00"), ()),  # Sat -> Mon
        (sh("2026-02-16 10:00"), 0, "working_days", sh("2026-02-16 10:00"), ()),
        # the Shanghai date counts, not the UTC date: 18:00 UTC is 02:00 next day in Shanghai
        (utc("2026-02-12 18:00"), 1, "working_days", utc("2026-02-13 18:00"), ()),
        (sh("2026-12-30 09:00"), 2, "working_days", sh("2027-01-01 09:00"), (W2027,)),
        # 7-day no-reason return: 168 h from 00:00 of the day after receipt
        (sh("2026-03-01 23:59"), 7, Unit.NEXT_MIDNIGHT, sh("2026-03-09 00:00"), ()),
        (sh("2026-03-01 00:00"), 7, "next_midnight", sh("2026-03-09 00:00"), ()),
        (sh("2026-03-01 00:00"), 0, "next_midnight", sh("2026-03-02 00:00"), ()),
        (utc("2026-03-01 16:30"), 7, "next_midnight", sh("2026-03-10 00:00"), ()),
        # natural time is exact elapsed time, also across a DST change of the start's zone
        (utc("2026-03-07 15:30:45.123456"), 48, Unit.HOURS, utc("2026-03-09 15:30:45.123456"), ()),
        (utc("2026-03-07 15:30"), 0, "hours", utc("2026-03-07 15:30"), ()),
        (utc("2026-03-07 15:30"), 7, Unit.DAYS, utc("2026-03-14 15:30"), ()),
        (datetime(2026, 3, 7, 12, tzinfo=NEW_YORK), 24, "hours", utc("2026-03-08 17:00"), ()),
        (datetime(2026, 3, 7, 12, tzinfo=NEW_YORK), 1, "days", utc("2026-03-08 17:00"), ()),
        (sh("2027-06-01 08:00"), 2, "hours", utc("2027-06-01 02:00"), ()),  # no fallback warning
    ],
)
def test_add_limit(
    start: datetime, limit: int, unit: Unit | str, due: datetime, warnings: tuple[str, ...]
) -> None:
    deadline = add_limit(start, limit, unit, SPRING_2026)
    assert deadline == Deadline(due, warnings)
    assert deadline.due.tzinfo is UTC


@pytest.mark.parametrize("unit", list(Unit))
def test_naive_start_rejected(unit: Unit) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        add_limit(datetime(2026, 3, 1, 10), 1, unit, WorkCalendar())


@pytest.mark.parametrize("limit", [-1, 1.5, True, "3"])
def test_bad_limit_rejected(limit: object) -> None:
    with pytest.raises(ValueError, match="limit must be"):
        add_limit(sh("2026-03-01 10:00"), limit, Unit.HOURS, WorkCalendar())  # type: ignore[arg-type]


def test_unknown_unit_rejected() -> None:
    with pytest.raises(ValueError, match="weeks"):
        add_limit(sh("2026-03-01 10:00"), 1, "weeks", WorkCalendar())


def test_deadline_rejects_naive_due() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        Deadline(datetime(2026, 3, 1, 10))


# --- process time zone -----------------------------------------------------------------------

TZ_CASES = [
    ("2026-02-12T10:00:00+08:00", 3, "working_days"),
    ("2026-02-13T23:30:00+08:00", 1, "working_days"),
    ("2026-02-12T18:00:00+00:00", 1, "working_days"),
    ("2026-12-30T09:00:00+08:00", 2, "working_days"),
    ("2026-03-01T23:59:00+08:00", 7, "next_midnight"),
    ("2026-03-07T04:59:00+00:00", 7, "next_midnight"),  # 23:59 in New York, 12:59 in Shanghai
    ("2026-03-07T15:30:00+00:00", 48, "hours"),
    ("2026-03-07T15:30:00+00:00", 7, "days"),
]

CHILD = """
import json, sys
from datetime import datetime
from core.calendar import WorkCalendar, add_limit
calendar = WorkCalendar()
results = []
for start, limit, unit in json.load(sys.stdin):
    d = add_limit(datetime.fromisoformat(start), limit, unit, calendar)
    results.append([d.due.isoformat(), list(d.warnings)])
offset = datetime(2026, 1, 15, 12).astimezone().utcoffset().total_seconds()
print(json.dumps({"offset": offset, "results": results}))
"""


def test_same_results_in_new_york_process() -> None:
    child = subprocess.run(
        [sys.executable, "-c", CHILD],
        input=json.dumps(TZ_CASES),
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "TZ": "America/New_York"},
        check=True,
    )
    out = json.loads(child.stdout)
    assert out["offset"] == -5 * 3600  # the child really ran in New York time
    calendar = WorkCalendar()
    here = []
    for start, limit, unit in TZ_CASES:
        d = add_limit(datetime.fromisoformat(start), limit, unit, calendar)
        here.append([d.due.isoformat(), list(d.warnings)])
    assert out["results"] == here


# --- properties ------------------------------------------------------------------------------

starts = st.datetimes(
    min_value=datetime(2003, 6, 1),
    max_value=datetime(2028, 6, 30),
    timezones=st.sampled_from([UTC, SHANGHAI, NEW_YORK]),
)
overrides = st.lists(
    st.builds(HolidayOverride, st.dates(D("2026-10-01"), D("2027-06-30")), st.booleans()),
    max_size=25,
)
limits = st.integers(min_value=0, max_value=60)
units = st.sampled_from(list(Unit))


@settings(deadline=None)
@given(start=starts, limit=limits, unit=units, extra=overrides)
def test_due_not_before_start(
    start: datetime, limit: int, unit: Unit, extra: list[HolidayOverride]
) -> None:
    assert add_limit(start, limit, unit, WorkCalendar(extra)).due >= start


@settings(deadline=None)
@given(start=starts, limit=st.integers(min_value=1, max_value=60), extra=overrides)
def test_working_days_land_on_a_working_day(
    start: datetime, limit: int, extra: list[HolidayOverride]
) -> None:
    calendar = WorkCalendar(extra)
    due = add_limit(start, limit, Unit.WORKING_DAYS, calendar).due
    assert calendar.is_workday(due.astimezone(SHANGHAI).date())


@settings(deadline=None)
@given(start=starts, limit=st.integers(min_value=0, max_value=59), unit=units, extra=overrides)
def test_strictly_increasing_in_limit(
    start: datetime, limit: int, unit: Unit, extra: list[HolidayOverride]
) -> None:
    calendar = WorkCalendar(extra)
    earlier = add_limit(start, limit, unit, calendar).due
    assert earlier < add_limit(start, limit + 1, unit, calendar).due


@settings(deadline=None)
@given(
    start=st.dates(D("2003-10-01"), D("2028-03-31")),
    n=st.integers(min_value=0, max_value=60),
    extra=overrides,
)
def test_add_working_days_matches_a_day_by_day_count(
    start: date, n: int, extra: list[HolidayOverride]
) -> None:
    """The bisect result and its warnings equal a plain walk over is_workday / covers."""
    calendar = WorkCalendar(extra)
    overridden = {o.day for o in extra}
    day, left, fallback_years = start, n, set()
    while left:
        day += timedelta(days=1)
        if not calendar.covers(day) and day not in overridden:
            fallback_years.add(day.year)
        left -= calendar.is_workday(day)
    warnings = tuple(f"{CALENDAR_FALLBACK}:{y}" for y in sorted(fallback_years))
    assert calendar.add_working_days(start, n) == (day, warnings)
