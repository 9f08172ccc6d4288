"""Urgency bands of a timer (ok | soon | urgent | overdue).

Contract: the GUI colours countdowns and the tray picks its icon from this
band only; thresholds come from the user's settings.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from core.domain import Timer, Urgency


@dataclass(frozen=True, slots=True)
class UrgencyThresholds:
    soon: timedelta = timedelta(hours=12)
    urgent: timedelta = timedelta(hours=2)

    def __post_init__(self) -> None:
        if not timedelta(0) < self.urgent <= self.soon:
            raise ValueError("thresholds must satisfy 0 < urgent <= soon")


DEFAULT_THRESHOLDS = UrgencyThresholds()


def urgency_of(remaining: timedelta, thresholds: UrgencyThresholds = DEFAULT_THRESHOLDS) -> Urgency:
    if remaining <= timedelta(0):
        return Urgency.OVERDUE
    if remaining <= thresholds.urgent:
        return Urgency.URGENT
    if remaining <= thresholds.soon:
        return Urgency.SOON
    return Urgency.OK


def urgency(
    timer: Timer, now: datetime, thresholds: UrgencyThresholds = DEFAULT_THRESHOLDS
) -> Urgency:
    return urgency_of(timer.due_at - now, thresholds)
