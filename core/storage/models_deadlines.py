"""Stored deadlines: every running timer, kept so `due` need not recompute them.

Registered on ``core.storage.models.Base.metadata`` (models.py imports this module),
created by migration 0003, maintained by core.deadlines. The store is a cache of a
pure function (the engine's timers of one order and its cases, given the shop, the
rule book and the working-day calendar), so it can never be the only copy of
anything:

* ``deadline_timers``: one row per timer, grouped by order (platform, order_no);
  ``head``, ``middle_id`` and ``tail_id`` are the timer's JSON text around its
  remaining seconds and amount (for `due --json`; the last two in ``deadline_texts``); the
  other columns and ``template`` give the Timer back (for the window's first page),
  ``title``, ``buyer_name`` and ``case_kind`` what that page shows of its order and
  case (migration 0004).
* ``deadline_texts``: texts many timers share, each once — a rule's part of a Timer
  (a JSON array) and the shared pieces of the printed JSON.
* ``deadline_stale``: orders whose records changed since their timers were stored.
  SQLite triggers (migration 0003) add the order on every insert, update or delete
  of an order or a case, in the writing transaction — whoever writes.
* ``deadline_state``: row 1's ``fingerprint`` names the code, rule book and
  calendar the timers were computed with. Triggers on shops and holiday overrides
  clear it (every timer may change); NULL means "rebuild everything". Row 2 holds a
  random write token that every write of the store replaces
  (core.deadline_rows.WRITE_TOKEN_ID).
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Index, Integer, PrimaryKeyConstraint, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.storage.models import CODE, NUMBER, PLATFORM, Base


class DeadlineTimerRow(Base):
    """Stored in due order (a WITHOUT ROWID table keyed by due time): `due` reads the
    table front to back instead of following an index to 100,000 scattered rows
    (0.17-0.27 s instead of 0.44 s for 98,000 timers, 40 MB of text)."""

    __tablename__ = "deadline_timers"
    __table_args__ = (
        PrimaryKeyConstraint("due_us", "platform", "order_no", "seq"),
        Index(None, "platform", "order_no"),
        {"sqlite_with_rowid": False},
    )

    due_us: Mapped[int] = mapped_column(BigInteger)  # microseconds since 1970 UTC
    platform: Mapped[str] = mapped_column(PLATFORM)
    order_no: Mapped[str] = mapped_column(NUMBER)
    seq: Mapped[int] = mapped_column(Integer)  # order among the order's timers
    # the rest of the Timer (core.deadline_rows.read_todo): its facts, and its rule's part
    # (deadline_texts: a few hundred distinct ones for 100,000 timers)
    shop: Mapped[str] = mapped_column(Text)
    case_no: Mapped[str | None] = mapped_column(NUMBER, nullable=True)
    started_us: Mapped[int] = mapped_column(BigInteger)
    origin: Mapped[str] = mapped_column(CODE)
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    warnings: Mapped[str] = mapped_column(Text)  # JSON array
    template: Mapped[int] = mapped_column(Integer)
    actor: Mapped[str] = mapped_column(CODE)
    informational: Mapped[bool] = mapped_column(Boolean)
    head: Mapped[str] = mapped_column(Text)
    middle_id: Mapped[int] = mapped_column(Integer)  # deadline_texts.id
    tail_id: Mapped[int] = mapped_column(Integer)  # deadline_texts.id
    # what the window's To-do row shows besides the timer (migration 0004): a copy of
    # the order's and the case's fields, kept current like the timer itself
    title: Mapped[str | None] = mapped_column(Text, nullable=True)
    buyer_name: Mapped[str | None] = mapped_column(Text, nullable=True)
    case_kind: Mapped[str | None] = mapped_column(CODE, nullable=True)


class DeadlineTextRow(Base):
    """A text many stored timers share (see core.deadlines)."""

    __tablename__ = "deadline_texts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    text: Mapped[str] = mapped_column(Text, unique=True)


class DeadlineStaleRow(Base):
    __tablename__ = "deadline_stale"

    platform: Mapped[str] = mapped_column(PLATFORM, primary_key=True)
    order_no: Mapped[str] = mapped_column(NUMBER, primary_key=True)


class DeadlineStateRow(Base):
    __tablename__ = "deadline_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fingerprint: Mapped[str | None] = mapped_column(String(64), nullable=True)


DEADLINE_TIMERS = DeadlineTimerRow.__table__
DEADLINE_TEXTS = DeadlineTextRow.__table__
DEADLINE_STALE = DeadlineStaleRow.__table__
DEADLINE_STATE = DeadlineStateRow.__table__
