"""待办 / To do: every running merchant timer, most urgent first, plus assumed outcomes.

Contract: rows come from gui.models.builders.todo_rows. ``stats(now)`` answers the
status bar (urgent and overdue running timers, money at risk before local
midnight) from a sorted deadline list with bisect, so it is cheap every second.

Threading: GUI thread only.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from itertools import accumulate, islice
from operator import attrgetter, gt

from PySide6.QtCore import QT_TRANSLATE_NOOP

from gui import fmt
from gui.models.base import CountdownTableModel
from gui.models.rows import TODO_COUNTDOWN, Group, Row

_DEADLINE = attrgetter("deadline_ts")


@dataclass(frozen=True, slots=True)
class TodoStats:
    urgent: int  # running merchant timers due within the urgent threshold, not yet overdue
    overdue: int  # running merchant timers past their deadline + missed ones (assumed outcomes)
    at_risk_today_fen: int  # money of running merchant timers due before local midnight


class TimersModel(CountdownTableModel):
    CONTEXT = "TimersModel"
    COLUMNS = (
        QT_TRANSLATE_NOOP("TimersModel", "Platform"),
        QT_TRANSLATE_NOOP("TimersModel", "Shop"),
        QT_TRANSLATE_NOOP("TimersModel", "Case / order no."),
        QT_TRANSLATE_NOOP("TimersModel", "Item"),
        QT_TRANSLATE_NOOP("TimersModel", "To do"),
        QT_TRANSLATE_NOOP("TimersModel", "Time left"),
        QT_TRANSLATE_NOOP("TimersModel", "Deadline"),
        QT_TRANSLATE_NOOP("TimersModel", "Money at risk"),
    )
    COUNTDOWN = TODO_COUNTDOWN
    WHAT = 4
    RIGHT = frozenset({7})
    STRETCH = 4
    NUMBERS = frozenset({2})

    def __init__(self, clock, parent=None) -> None:
        super().__init__(clock, parent)
        self._due: list[float] = []
        self._money: list[int] = [0]
        self._missed = 0

    def set_rows(self, rows: Sequence[Row], presorted: tuple[int, bool] | None = None) -> None:
        super().set_rows(rows, presorted)
        self._index_deadlines()

    def replace_group(self, group: Group, rows: Sequence[Row]) -> None:
        super().replace_group(group, rows)
        self._index_deadlines()

    def _index_deadlines(self) -> None:
        running = [r for r in self._rows if r.running]
        due = [r.deadline_ts for r in running]
        if any(map(gt, due, islice(due, 1, None))):  # sorted by another column
            running.sort(key=_DEADLINE)
            due = [r.deadline_ts for r in running]
        self._due = due
        self._money = [0, *accumulate(r.amount_fen for r in running)]
        # deadlines already missed, where a rule assumed the platform's outcome: their rows
        # show 已超时 in red, so the status bar and the tray count them as overdue too
        self._missed = sum(1 for r in self._rows if "confirm" in r.tags)

    def stats(self, now: datetime | None = None) -> TodoStats:
        now = now or self.clock.now()
        now_ts = now.timestamp()
        overdue = bisect.bisect_right(self._due, now_ts)
        urgent_end = bisect.bisect_right(self._due, now_ts + self.thresholds.urgent.total_seconds())
        missed = self._missed
        here = fmt.local(now)
        midnight = datetime.combine(here.date() + timedelta(days=1), time(0), here.tzinfo)
        today_end = bisect.bisect_left(self._due, midnight.timestamp())
        return TodoStats(urgent_end - overdue, overdue + missed, self._money[today_end])
