"""Time add_limit(working_days) for 100,000 random starts against a naive library loop.

Run: .venv/bin/python benchmarks/bench_calendar.py

The baseline walks day by day calling chinese_calendar.is_workday (about 38 µs a call,
shared/PITFALLS.md); it runs on a 2,000-case sample of the same starts and is scaled to
100,000. Each figure is the median of 3 runs; every run of core.calendar uses a fresh
WorkCalendar, so the per-instance year cache is rebuilt each time. The process-wide
statutory tables are built once, by a cold run reported separately before the three.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import chinese_calendar

from core.calendar import WorkCalendar, add_limit
from core.clock import SHANGHAI
from core.rules.model import Unit

CASES = 100_000
SAMPLE = 2_000
RUNS = 3
MAX_LIMIT = 15


def make_cases(seed: int = 20260214) -> list[tuple[datetime, int]]:
    rng = random.Random(seed)
    first = datetime(2025, 1, 1, tzinfo=SHANGHAI).timestamp()
    last = datetime(2027, 1, 1, tzinfo=SHANGHAI).timestamp()
    return [
        (datetime.fromtimestamp(rng.uniform(first, last), UTC), rng.randint(1, MAX_LIMIT))
        for _ in range(CASES)
    ]


def naive_is_workday(day: date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:  # 2027: the same Mon–Fri fallback as core.calendar
        return day.weekday() < 5


def naive_add(start: datetime, limit: int) -> datetime:
    local = start.astimezone(SHANGHAI)
    day = local.date()
    while limit:
        day += timedelta(days=1)
        limit -= naive_is_workday(day)
    return datetime.combine(day, local.time(), SHANGHAI).astimezone(UTC)


def time_core(cases: list[tuple[datetime, int]]) -> float:
    calendar = WorkCalendar()
    began = time.perf_counter()
    for start, limit in cases:
        add_limit(start, limit, Unit.WORKING_DAYS, calendar)
    return time.perf_counter() - began


def time_add_working_days(cases: list[tuple[datetime, int]]) -> float:
    calendar = WorkCalendar()
    days = [(start.astimezone(SHANGHAI).date(), limit) for start, limit in cases]
    began = time.perf_counter()
    for day, limit in days:
        calendar.add_working_days(day, limit)
    return time.perf_counter() - began


def time_naive(sample: list[tuple[datetime, int]]) -> float:
    began = time.perf_counter()
    for start, limit in sample:
        naive_add(start, limit)
    return time.perf_counter() - began


def main() -> None:
    cases = make_cases()
    sample = cases[:SAMPLE]
    cold = time_core(cases)
    core_runs = [time_core(cases) for _ in range(RUNS)]
    bare_runs = [time_add_working_days(cases) for _ in range(RUNS)]
    naive_runs = [time_naive(sample) * CASES / SAMPLE for _ in range(RUNS)]
    calendar = WorkCalendar()
    mismatches = sum(
        add_limit(s, n, Unit.WORKING_DAYS, calendar).due != naive_add(s, n) for s, n in sample
    )
    if mismatches:
        raise SystemExit(f"core.calendar disagrees with the naive loop on {mismatches} cases")
    core_s, naive_s = statistics.median(core_runs), statistics.median(naive_runs)
    print(f"python {sys.version.split()[0]}, chinesecalendar {chinese_calendar.__version__}")
    print(f"{CASES:,} add_limit(working_days), starts 2025-2026, limits 1..{MAX_LIMIT}")
    print(f"core.calendar, cold run (builds statutory years): {cold:8.3f} s")
    print(f"core.calendar, median of {RUNS}: {core_s:8.3f} s   runs {fmt(core_runs)}")
    bare_s = statistics.median(bare_runs)
    print(f"  of which add_working_days alone: {bare_s:8.3f} s   runs {fmt(bare_runs)}")
    scaled = f"naive loop ({SAMPLE:,} cases x {CASES // SAMPLE})"
    print(f"{scaled}, median of {RUNS}: {naive_s:8.3f} s   runs {fmt(naive_runs)}")
    print(f"ratio naive / core: {naive_s / core_s:,.0f}x")


def fmt(runs: list[float]) -> str:
    return ", ".join(f"{r:.3f}" for r in runs)


if __name__ == "__main__":
    main()
