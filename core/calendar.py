"""Deadline arithmetic: natural hours/days, Chinese working days and next-midnight.

Contract (shared/RULES.md principle 4):
- ``add_limit(start, limit, unit, calendar)`` takes an aware ``start`` and an int
  ``limit >= 0`` (otherwise ValueError) and returns a ``Deadline`` whose ``due`` is
  aware UTC. Rules are computed in Asia/Shanghai whatever the process time zone:
  ``hours`` and ``days`` add exact elapsed time (a day is 24 h); ``working_days``
  keeps start's Shanghai wall-clock time and moves to the limit-th working day
  strictly after start's Shanghai date; ``next_midnight`` counts ``limit`` × 24 h
  from 00:00 Shanghai of the day after start's Shanghai date.
- ``WorkCalendar`` decides working days: a user ``HolidayOverride`` wins, then the
  statutory calendar of ``chinesecalendar`` (make-up weekends / 调休 included), then
  Mon–Fri for the years the library has no data for. Each such year that an answer
  leaned on yields one warning code ``calendar_fallback:<year>``; days covered by an
  override never do. The covered years are read from the library's own tables.
- Working days are kept per year as a sorted tuple of ordinals, built lazily on first
  use (statutory years once per process), so adding working days is a bisect per
  year touched, never a day-by-day loop over the library (~38 µs per call).

Threading: a ``WorkCalendar`` is immutable from the outside and may be shared between
threads. Its per-year cache is built idempotently: a race builds the same tuple twice
and ``dict.setdefault`` keeps one; the process-wide statutory cache is
``functools.cache``, which is thread-safe in the same sense.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from typing import NamedTuple

from core.clock import SHANGHAI
from core.domain import HolidayOverride, require_aware
from core.rules.model import Unit

CALENDAR_FALLBACK = "calendar_fallback"


@cache
def _statutory_years() -> range:
    """The years chinesecalendar has holiday data for (it raises NotImplementedError
    outside them). The library is imported on first use: ~13 ms that the window's
    first paint from its start snapshot (gui.start_snapshot) does without."""
    from chinese_calendar.constants import holidays

    return range(min(holidays).year, max(holidays).year + 1)


@dataclass(frozen=True, slots=True)
class Deadline:
    due: datetime  # aware, UTC
    warnings: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        require_aware(self.due, "due")


class _Year(NamedTuple):
    workdays: tuple[int, ...]  # sorted ordinals of the year's working days
    overridden: tuple[int, ...]  # sorted ordinals of the year's days the user overrode
    covered: bool  # statutory data exists for the year


def _ordinals(year: int) -> range:
    return range(date(year, 1, 1).toordinal(), date(year + 1, 1, 1).toordinal())


@cache
def _statutory_workdays(year: int) -> tuple[int, ...]:
    import chinese_calendar

    return tuple(o for o in _ordinals(year) if chinese_calendar.is_workday(date.fromordinal(o)))


class WorkCalendar:
    """Working days: user override > chinesecalendar > Mon–Fri (with a warning)."""

    __slots__ = ("_overrides", "_years")

    def __init__(self, overrides: Iterable[HolidayOverride] = ()) -> None:
        # Several overrides of one day: the last one wins.
        self._overrides = {o.day.toordinal(): o.workday for o in overrides}
        self._years: dict[int, _Year] = {}

    def overrides(self) -> dict[int, bool]:
        """The user's overrides in force: day ordinal -> is a working day."""
        return dict(self._overrides)

    def covers(self, day: date) -> bool:
        """Whether statutory data exists for ``day``'s year."""
        return day.year in _statutory_years()

    def is_workday(self, day: date) -> bool:
        workdays = self._year(day.year).workdays
        ordinal = day.toordinal()
        i = bisect_left(workdays, ordinal)
        return i < len(workdays) and workdays[i] == ordinal

    def add_working_days(self, start_day: date, n: int) -> tuple[date, tuple[str, ...]]:
        """The n-th working day strictly after ``start_day`` (n == 0: ``start_day``)."""
        if n < 0:
            raise ValueError(f"n must be >= 0, got {n}")
        if n == 0:
            return start_day, ()
        after, year, fallback_years = start_day.toordinal(), start_day.year, []
        while True:
            entry = self._year(year)
            i = bisect_right(entry.workdays, after)
            left = len(entry.workdays) - i
            last = entry.workdays[i + n - 1] if n <= left else date(year, 12, 31).toordinal()
            if not entry.covered and _leans_on_fallback(entry, after, last):
                fallback_years.append(year)
            if n <= left:
                warnings = tuple(f"{CALENDAR_FALLBACK}:{y}" for y in fallback_years)
                return date.fromordinal(last), warnings
            n -= left
            after, year = last, year + 1

    def _year(self, year: int) -> _Year:
        entry = self._years.get(year)
        return entry if entry is not None else self._years.setdefault(year, self._build(year))

    def _build(self, year: int) -> _Year:
        days = _ordinals(year)
        covered = year in _statutory_years()
        if covered:
            workdays = _statutory_workdays(year)
        else:
            workdays = tuple(o for o in days if date.fromordinal(o).weekday() < 5)
        overridden = tuple(sorted(o for o in self._overrides if o in days))
        if overridden:
            merged = set(workdays)
            merged.difference_update(o for o in overridden if not self._overrides[o])
            merged.update(o for o in overridden if self._overrides[o])
            workdays = tuple(sorted(merged))
        return _Year(workdays, overridden, covered)


def _leans_on_fallback(entry: _Year, after: int, last: int) -> bool:
    """Whether a day in (after, last] of an uncovered year has no user override."""
    overridden = bisect_right(entry.overridden, last) - bisect_right(entry.overridden, after)
    return last - after > overridden


def add_limit(start: datetime, limit: int, unit: Unit | str, calendar: WorkCalendar) -> Deadline:
    """When a limit counted from ``start`` runs out (see the module docstring)."""
    return Deadline(*limit_due(start, limit, unit, calendar))


def limit_due(
    start: datetime, limit: int, unit: Unit | str, calendar: WorkCalendar
) -> tuple[datetime, tuple[str, ...]]:
    """``add_limit`` as (due, warnings), without building a Deadline (the engine's path)."""
    if start.tzinfo is not UTC:  # UTC is aware: the usual case needs no offset call
        require_aware(start, "start")
    if not isinstance(limit, int) or isinstance(limit, bool) or limit < 0:
        raise ValueError(f"limit must be an int >= 0, got {limit!r}")
    if type(unit) is not Unit:
        unit = Unit(unit)
    if unit is Unit.HOURS:  # exact elapsed time: UTC arithmetic, no Shanghai needed
        return start.astimezone(UTC) + timedelta(0, limit * 3600), ()
    if unit is Unit.DAYS:
        return start.astimezone(UTC) + timedelta(limit), ()
    local = start.astimezone(SHANGHAI)
    if unit is Unit.NEXT_MIDNIGHT:
        midnight = datetime.combine(local.date() + timedelta(days=1), time(), SHANGHAI)
        return midnight.astimezone(UTC) + timedelta(days=limit), ()
    day, warnings = calendar.add_working_days(local.date(), limit)
    return datetime.combine(day, local.time(), SHANGHAI).astimezone(UTC), warnings
