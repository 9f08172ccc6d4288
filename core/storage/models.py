"""Typed SQLAlchemy models: the tables as they are after the newest migration.

Rows never leave core.storage: the repository converts them to frozen domain
dataclasses. Enums are stored as their string values in String columns (no native
enum types, so PostgreSQL needs no ALTER TYPE when a value is added); money is
integer fen; order and case numbers are text. There are deliberately no foreign
keys: a 售后 export may arrive before the order export, and an order may name a
shop that was never set up.

Unique keys list the number first — (order_no, platform) — so the same index
serves lookups by number alone (``find_orders``) and by platform + number.

Changing anything here needs a new migration in ``migrations/versions``;
``tests/core/storage/test_migrations.py`` fails when models and migrations differ.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from core.storage.types import JSONText, UTCDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

PLATFORM = String(16)
NUMBER = String(64)  # order / case numbers: text, never numbers
SHOP_NAME = String(255)
CODE = String(32)  # enum values
VERSION = String(64)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class ShopRow(Base):
    __tablename__ = "shops"
    __table_args__ = (UniqueConstraint("platform", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(PLATFORM)
    name: Mapped[str] = mapped_column(SHOP_NAME)
    promised_aftersale_days: Mapped[int | None] = mapped_column(Integer)
    rule_overrides: Mapped[Any] = mapped_column(JSONText)  # [{rule_id, limit, unit}]


class OrderRow(Base):
    __tablename__ = "orders"
    __table_args__ = (UniqueConstraint("order_no", "platform"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(PLATFORM)
    shop: Mapped[str] = mapped_column(SHOP_NAME)
    order_no: Mapped[str] = mapped_column(NUMBER)
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    paid_at: Mapped[datetime] = mapped_column(UTCDateTime)
    title: Mapped[str] = mapped_column(Text)
    group_success_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ship_by: Mapped[datetime | None] = mapped_column(UTCDateTime)
    shipped_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    received_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    goods_type: Mapped[str] = mapped_column(CODE)
    customised: Mapped[bool] = mapped_column(Boolean)
    presale: Mapped[bool] = mapped_column(Boolean)
    buyer_name: Mapped[str] = mapped_column(Text)
    buyer_phone: Mapped[str] = mapped_column(Text)
    buyer_address: Mapped[str] = mapped_column(Text)


class CaseRow(Base):
    __tablename__ = "cases"
    __table_args__ = (
        UniqueConstraint("case_no", "platform"),
        Index(None, "platform", "order_no"),
        Index(None, "state"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(PLATFORM)
    shop: Mapped[str] = mapped_column(SHOP_NAME)
    case_no: Mapped[str] = mapped_column(NUMBER)
    order_no: Mapped[str] = mapped_column(NUMBER)
    kind: Mapped[str] = mapped_column(CODE)
    state: Mapped[str] = mapped_column(CODE)
    applied_at: Mapped[datetime] = mapped_column(UTCDateTime)
    state_since: Mapped[datetime] = mapped_column(UTCDateTime)
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    reason: Mapped[str] = mapped_column(Text)
    platform_deadline: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancellation_count: Mapped[int] = mapped_column(Integer)
    shipped_at_application: Mapped[bool | None] = mapped_column(Boolean)
    assumed: Mapped[bool] = mapped_column(Boolean)
    pack_version: Mapped[str | None] = mapped_column(VERSION)
    tracking_no: Mapped[str] = mapped_column(Text)


class EventRow(Base):
    """The append-only history. ``undo_before`` / ``undo_group`` are written by
    ``save_transition`` only: the case row before the change, and one id shared by
    the events of that change, so ``undo_last_event`` can put everything back."""

    __tablename__ = "events"
    __table_args__ = (
        Index(None, "platform", "case_no"),
        Index(None, "platform", "order_no"),
        {"sqlite_autoincrement": True},  # ids are never reused after an undo
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    platform: Mapped[str] = mapped_column(PLATFORM)
    order_no: Mapped[str] = mapped_column(NUMBER)
    case_no: Mapped[str | None] = mapped_column(NUMBER)
    action: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    by: Mapped[str] = mapped_column(CODE)
    source: Mapped[str] = mapped_column(CODE)
    from_state: Mapped[str | None] = mapped_column(CODE)
    to_state: Mapped[str | None] = mapped_column(CODE)
    note: Mapped[str] = mapped_column(Text)
    assumed: Mapped[bool] = mapped_column(Boolean)
    rule_id: Mapped[str | None] = mapped_column(String(128))
    pack_version: Mapped[str | None] = mapped_column(VERSION)
    data: Mapped[Any] = mapped_column(JSONText)  # {str: str}
    undo_before: Mapped[Any | None] = mapped_column(JSONText, nullable=True)
    undo_group: Mapped[str | None] = mapped_column(String(36))


class SettingRow(Base):
    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    value: Mapped[Any | None] = mapped_column(JSONText, nullable=True)


class HolidayOverrideRow(Base):
    __tablename__ = "holiday_overrides"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    workday: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str] = mapped_column(Text)


SHOPS = ShopRow.__table__
ORDERS = OrderRow.__table__
CASES = CaseRow.__table__
EVENTS = EventRow.__table__
SETTINGS = SettingRow.__table__
HOLIDAY_OVERRIDES = HolidayOverrideRow.__table__

# Tables kept in their own modules register on Base.metadata when imported.
from core.storage import models_deadlines, models_reminders  # noqa: E402, F401
