"""The reminders_sent table: which reminder keys were settled, and pending snoozes.

Registered on ``core.storage.models.Base.metadata`` (models.py imports this module),
created by migration 0002. One row per reminder key — the unique key is its
identity (number, platform, timer, due_at, offset_s) — so recording a key twice is
a no-op, whichever process does it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.storage.models import NUMBER, PLATFORM, Base
from core.storage.types import UTCDateTime

TIMER_CODE = String(64)
KIND = String(16)


class ReminderSentRow(Base):
    __tablename__ = "reminders_sent"
    __table_args__ = (
        UniqueConstraint("number", "platform", "timer", "due_at", "offset_s"),
        Index(None, "due_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(PLATFORM)
    number: Mapped[str] = mapped_column(NUMBER)  # case number, or order number
    timer: Mapped[str] = mapped_column(TIMER_CODE)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)  # UTC, whole seconds
    offset_s: Mapped[int] = mapped_column(Integer)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime)
    kind: Mapped[str] = mapped_column(KIND)  # core.reminders.SendKind
    snoozed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)


REMINDERS_SENT = ReminderSentRow.__table__
