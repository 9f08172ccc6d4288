"""Column types: aware-UTC datetimes and JSON stored as text.

Both are portable: SQLite stores text, PostgreSQL `timestamptz` / `text`.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, Dialect, Text
from sqlalchemy.types import TypeDecorator

_STORED_LENGTH = len("2026-03-01 12:00:00.000000")  # what the SQLite dialect writes


def refuse_naive(value: datetime) -> None:
    """ValueError for a datetime without a zone: the instant it means is unknown."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"naive datetime {value!r} cannot be stored: attach a time zone")


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware instant, stored in UTC.

    Binding a naive datetime raises ValueError (its zone is unknown). SQLite keeps
    the UTC wall time as ``YYYY-MM-DD HH:MM:SS.ffffff`` text (sorts chronologically);
    other databases receive the aware value. Results are always aware UTC.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError(f"expected a datetime, got {type(value).__name__}")
        refuse_naive(value)
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)

    def result_processor(self, dialect: Dialect, coltype: object) -> Any:
        """On SQLite, the stored UTC text is read as aware UTC in one step (the same
        value as DATETIME's fromisoformat + process_result_value, 4x faster: reading
        100,000 orders converts 400,000 of them); anything else takes that path."""
        general = super().result_processor(dialect, coltype)
        if dialect.name != "sqlite" or general is None:
            return general
        read = datetime.fromisoformat

        def process(value: Any) -> datetime | None:
            if type(value) is str and len(value) == _STORED_LENGTH:
                try:
                    return read(value + "+00:00")  # tzinfo is datetime.UTC itself
                except ValueError:
                    pass
            return general(value)

        return process


def dump_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


class JSONText(TypeDecorator[Any]):
    """A JSON value kept as text (readable in any SQLite browser). SQL NULL is None."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        return None if value is None else dump_json(value)

    def process_result_value(self, value: str | None, dialect: Dialect) -> Any:
        return None if value is None else json.loads(value)
