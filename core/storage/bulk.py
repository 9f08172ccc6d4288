"""Many-row INSERT / UPDATE inside the caller's transaction, at the driver's speed.

Contract: `insert_rows(s, table, names, rows)` inserts value tuples (one value per
column in ``names``: plain values, enums already as their values, aware datetimes,
JSON-able data); `update_rows(s, table, names, rows)` takes the same tuples with the
row's primary key appended and sets every named column. On SQLite each value is
converted here exactly as its column type binds it (UTCDateTime -> UTC text
``YYYY-MM-DD HH:MM:SS.ffffff``, naive datetimes refused; JSONText -> its JSON text;
Boolean: only True / False / 0 / 1 / None, as SQLAlchemy checks) and the statement
goes straight to the driver's ``executemany``: SQLAlchemy's per-row, per-column bind
processing cost more than the insert itself (shared/PITFALLS.md). Other databases
go through Core as before.

Threading: as the Session given.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Boolean, Table, bindparam, insert, update
from sqlalchemy.exc import StatementError
from sqlalchemy.orm import Session

from core.storage.types import JSONText, UTCDateTime, dump_json, refuse_naive


def sqlite_datetime(value: datetime | None) -> str | None:
    """What UTCDateTime stores on SQLite; ValueError for a naive datetime."""
    return None if value is None else _sqlite_datetimes((value,))[0]


def _sqlite_datetimes(values: Sequence[Any]) -> list[str | None]:
    """The column's datetimes as UTC text. Within one local hour of a zone whose
    offset is a whole number of hours and the same all hour long (UTC, China, any
    zone outside its DST changes), minutes and seconds are the same in UTC: the
    hour's UTC "YYYY-MM-DD HH:" is worked out once (``_hour_text``) and each value
    adds its "MM:SS." and microseconds, 0.45 µs instead of 1.2 µs (an import of
    100,000 orders converts ~500,000). Every other value is converted on its own."""
    out: list[str | None] = []
    append, hours, minute_seconds = out.append, _HOUR_TEXT, _MINUTE_SECOND_TEXT
    for v in values:
        if v is None:
            append(None)
            continue
        if not isinstance(v, datetime):
            raise TypeError(f"expected a datetime, got {type(v).__name__}")
        key = (v.year, v.month, v.day, v.hour, v.fold, v.tzinfo)
        hour = hours.get(key)
        if hour is None:
            hour = _hour_text(v, key)
        if hour:
            micro = v.microsecond
            append(hour + minute_seconds[v.minute * 60 + v.second]
                   + (f"{micro:06d}" if micro else "000000"))  # fmt: skip
        else:
            append(_one_datetime(v))
    return out


_HOUR_TEXT: dict[tuple, str] = {}  # (local date, hour, fold, zone) -> UTC "YYYY-MM-DD HH:"
_MINUTE_SECOND_TEXT = [f"{m:02d}:{s:02d}." for m in range(60) for s in range(60)]
_HOUR = timedelta(hours=1)


def _hour_text(v: datetime, key: tuple) -> str:
    """The UTC "YYYY-MM-DD HH:" of ``v``'s local hour, or "" when its values must be
    converted one by one: a zone other than UTC / a fixed offset / an IANA zone (its
    offsets are its own code's, maybe not constant), an offset that is not whole hours
    (India, Nepal), or a change of offset within the hour (its ends differ: zones
    change their offset at most once an hour). Naive values raise, as they always did."""
    refuse_naive(v)
    zone = v.tzinfo
    if type(zone) not in (ZoneInfo, timezone):  # datetime.UTC is a timezone
        return ""
    start = v.replace(minute=0, second=0, microsecond=0)
    offset = start.utcoffset()
    end = v.replace(minute=59, second=59, microsecond=999_999)
    text = ""
    if offset == end.utcoffset() and not offset % _HOUR:  # type: ignore[operator]
        text = _one_datetime(start)[:14]  # "YYYY-MM-DD HH:"
    if len(_HOUR_TEXT) >= 100_000:
        _HOUR_TEXT.clear()
    _HOUR_TEXT[key] = text
    return text


def _one_datetime(v: datetime) -> str:
    """One aware datetime as UTC text (any tzinfo that gives an offset)."""
    refuse_naive(v)
    u = v.astimezone(UTC)
    return (f"{u.year:04d}-{u.month:02d}-{u.day:02d} "
            f"{u.hour:02d}:{u.minute:02d}:{u.second:02d}.{u.microsecond:06d}")  # fmt: skip


def _sqlite_json(values: Sequence[Any]) -> list[str | None]:
    # an empty dict (every import event's data) is "{}" without asking json
    return [None if v is None else "{}" if v == {} else dump_json(v) for v in values]


_BOOLS = frozenset({None, True, False})
BULK_CACHE_KIB = 64 * 1024  # only pages actually read or written take memory


def _sqlite_bools(values: Sequence[Any]) -> Sequence[Any]:
    for v in values:
        if v not in _BOOLS:  # what SQLAlchemy's Boolean refuses, refused here too
            raise TypeError(f"Not a boolean value: {v!r}")
    return values


def _converters(table: Table, names: Sequence[str]) -> list[tuple[int, Callable[..., Any]]]:
    """(position, converter of a whole column) for the columns that need one."""
    found: list[tuple[int, Callable[..., Any]]] = []
    for i, name in enumerate(names):
        kind = table.c[name].type
        if isinstance(kind, UTCDateTime):
            found.append((i, _sqlite_datetimes))
        elif isinstance(kind, JSONText):
            found.append((i, _sqlite_json))
        elif isinstance(kind, Boolean):
            found.append((i, _sqlite_bools))
    return found


def _sqlite_rows(
    table: Table, names: Sequence[str], rows: Sequence[Sequence[Any]], sql: str
) -> list[tuple[Any, ...]]:
    """The rows with every value as SQLite stores it; converted a column at a time.
    A value the column type refuses raises StatementError, as SQLAlchemy's would."""
    converters = _converters(table, names)
    if not converters:
        return [tuple(row) for row in rows]
    columns: list[Sequence[Any]] = list(zip(*rows, strict=True))
    for i, convert in converters:
        try:
            columns[i] = convert(columns[i])
        except (TypeError, ValueError) as exc:
            what = f"({type(exc).__module__}.{type(exc).__name__}) {exc}"
            raise StatementError(what, sql, None, exc, ismulti=True) from exc
    return list(zip(*columns, strict=True))


def _is_sqlite(s: Session) -> bool:
    return s.get_bind().dialect.name == "sqlite"


def _quoted(s: Session, name: str) -> str:
    return s.get_bind().dialect.identifier_preparer.quote(name)


def insert_rows(
    s: Session, table: Table, names: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    if not rows:
        return
    if not _is_sqlite(s):
        s.execute(insert(table), [dict(zip(names, row, strict=True)) for row in rows])
        return
    columns = ", ".join(_quoted(s, n) for n in names)
    marks = ", ".join("?" for _ in names)
    sql = f"INSERT INTO {_quoted(s, table.name)} ({columns}) VALUES ({marks})"
    _sqlite_executemany(s, sql, _sqlite_rows(table, names, rows, sql))


def update_rows(
    s: Session, table: Table, names: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """``rows``: the values of ``names`` followed by the primary key ``id``."""
    if not rows:
        return
    if not _is_sqlite(s):
        stmt = update(table).where(table.c.id == bindparam("b_id"))
        s.execute(stmt, [{**dict(zip(names, row[:-1], strict=True)), "b_id": row[-1]}
                         for row in rows])  # fmt: skip
        return
    sets = ", ".join(f"{_quoted(s, n)} = ?" for n in names)
    sql = f"UPDATE {_quoted(s, table.name)} SET {sets} WHERE id = ?"
    _sqlite_executemany(s, sql, _sqlite_rows(table, (*names, "id"), rows, sql))


def _sqlite_executemany(s: Session, sql: str, rows: list[tuple[Any, ...]]) -> None:
    """Run ``sql`` for every row with a page cache of up to BULK_CACHE_KIB, then give the
    connection its own size back (which frees the extra pages). The indexes' pages
    stay cached while many rows go into them in key order unlike file order: with
    SQLite's default 2 MiB, 100,000 orders + 30,000 cases took 1.08 s, with 64 MiB
    0.87 s (raw sqlite3, median of 4)."""
    connection = s.connection()
    size = connection.exec_driver_sql("PRAGMA cache_size").scalar()
    connection.exec_driver_sql(f"PRAGMA cache_size = {-BULK_CACHE_KIB}")
    try:
        connection.exec_driver_sql(sql, rows)
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size = {int(size)}")
