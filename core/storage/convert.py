"""Conversions between domain dataclasses and plain row values.

Domain field names equal column names, so a row is ``{field: value}`` with enums
replaced by their string values. Values read back compare equal to the domain's
(aware datetimes compare by instant, StrEnum members equal their values), which the
import diff relies on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import fields
from datetime import datetime
from enum import Enum
from operator import attrgetter
from types import UnionType
from typing import Any, get_args, get_type_hints

from sqlalchemy import Column, Dialect, Row, Table

from core.domain import (
    Case,
    CaseState,
    Event,
    HolidayOverride,
    Order,
    RuleOverride,
    Shop,
)

ORDER_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Order))
CASE_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Case))
EVENT_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Event))


def plain(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


def values_of(obj: Any, names: Sequence[str]) -> tuple[Any, ...]:
    return tuple(plain(getattr(obj, name)) for name in names)


def values_getter(cls: type, names: Sequence[str]) -> Callable[[Any], tuple[Any, ...]]:
    """``lambda obj: values_of(obj, names)`` for many objects of the dataclass ``cls``:
    only the fields its annotations declare as enums are looked at."""
    hints = get_type_hints(cls)
    enums = [i for i, name in enumerate(names) if _enum_of(hints[name]) is not None]
    get = attrgetter(*names) if len(names) > 1 else lambda obj: (getattr(obj, names[0]),)

    def values(obj: Any) -> tuple[Any, ...]:
        found = get(obj)
        if not enums:
            return found
        out = list(found)
        for i in enums:
            if isinstance(out[i], Enum):
                out[i] = out[i].value
        return tuple(out)

    return values


def columns(table: Table, names: Sequence[str]) -> list[Column[Any]]:
    return [table.c[name] for name in names]


# -- orders and cases: the column tuple is the dataclass field tuple ------------------


def order_row(order: Order) -> dict[str, Any]:
    return dict(zip(ORDER_FIELDS, values_of(order, ORDER_FIELDS), strict=True))


def case_row(case: Case) -> dict[str, Any]:
    return dict(zip(CASE_FIELDS, values_of(case, CASE_FIELDS), strict=True))


def order_from(row: Row[Any] | Sequence[Any]) -> Order:
    return Order(*row)


def case_from(row: Row[Any] | Sequence[Any]) -> Case:
    return Case(*row)


# texts that repeat across many rows (a shop has a few names, titles and reasons)
_ORDER_REPEATS = ("shop", "title", "buyer_name")
_CASE_REPEATS = ("shop", "reason")


def orders_reader(columns: Sequence[Column[Any]], dialect: Dialect) -> RowReader:
    return row_reader(Order, columns, dialect, _ORDER_REPEATS)


def cases_reader(columns: Sequence[Column[Any]], dialect: Dialect) -> RowReader:
    return row_reader(Case, columns, dialect, _CASE_REPEATS)


RowReader = Callable[[Iterable[Sequence[Any]]], list[Any]]


def row_reader(
    cls: type, columns: Sequence[Column[Any]], dialect: Dialect, repeats: Sequence[str] = ()
) -> RowReader:
    """Driver rows (DBAPI tuples) of ``columns`` -> ``cls`` objects, the columns being
    ``cls``'s fields in order. Each value goes through its column type's result
    processor for ``dialect`` (what SQLAlchemy's rows would do: datetimes, booleans),
    enum texts become members, and an equal text of a ``repeats`` column in several
    rows becomes one shared string (100,000 orders of a shop hold ~20 MB less). The
    rows were checked when stored: the slots are set directly, no ``__post_init__``."""
    names = [f.name for f in fields(cls)]
    if [c.name for c in columns] != names:
        raise ValueError(f"columns must be {cls.__name__}'s fields in order")
    hints = get_type_hints(cls)
    # like dataclass, write the function's code: one line per column, the conversions
    # inlined (a generic loop over rows and steps cost ~twice as much per row)
    scope: dict[str, Any] = {"new": object.__new__, "cls": cls}
    unpack = ", ".join(f"v{i}" for i in range(len(names)))
    body = []
    for i, column in enumerate(columns):
        expr = f"v{i}"
        process = column.type.dialect_impl(dialect).result_processor(dialect, None)
        if process is not None:
            scope[f"p{i}"] = process
            expr = f"p{i}({expr})"
        enum = _enum_of(hints[column.name])
        if enum is not None:
            scope[f"e{i}"] = _member_of(enum)
            expr = f"e{i}({expr})"
        if column.name in repeats:
            if expr != f"v{i}":  # texts are shared as read: a converted column cannot be
                raise ValueError(f"{column.name} is converted; it cannot be shared")
            expr = f"share({expr}, {expr})"
        if expr != f"v{i}":
            expr = f"None if v{i} is None else {expr}"
        scope[f"set{i}"] = cls.__dict__[column.name].__set__  # the slot's descriptor
        body.append(f"        set{i}(obj, {expr})\n")
    code = (
        "def read(rows):\n"
        "    share = {}.setdefault\n"
        "    out = []\n"
        "    append = out.append\n"
        "    for row in rows:\n"
        f"        {unpack}, = row\n"
        "        obj = new(cls)\n"
        f"{''.join(body)}"
        "        append(obj)\n"
        "    return out\n"
    )
    exec(code, scope)
    return scope["read"]


def _enum_of(hint: Any) -> type[Enum] | None:
    options = get_args(hint) if isinstance(hint, UnionType) else (hint,)
    return next((t for t in options if isinstance(t, type) and issubclass(t, Enum)), None)


def _member_of(enum: type[Enum]) -> Callable[[Any], Enum]:
    members = {m.value: m for m in enum}

    def member(value: Any) -> Enum:
        found = members.get(value)
        return found if found is not None else enum(value)  # a member; else ValueError

    return member


def case_to_json(row: Mapping[str, Any]) -> dict[str, Any]:
    """A case row as JSON (for events.undo_before); datetimes as ISO-8601 UTC."""
    return {k: v.isoformat() if isinstance(v, datetime) else plain(v) for k, v in row.items()}


def case_from_json(data: Mapping[str, Any]) -> dict[str, Any]:
    """Inverse of case_to_json, as column values (unknown keys are ignored)."""
    out: dict[str, Any] = {}
    for name in CASE_FIELDS:
        value = data.get(name)
        if name in ("applied_at", "state_since", "platform_deadline") and value is not None:
            value = datetime.fromisoformat(value)
        out[name] = value
    return out


# -- events ----------------------------------------------------------------------------


def event_row(ev: Event) -> dict[str, Any]:
    return dict(zip(EVENT_FIELDS, event_values(ev), strict=True))


_DATA_AT = EVENT_FIELDS.index("data")


_event_values = values_getter(Event, EVENT_FIELDS)


def event_values(ev: Event) -> tuple[Any, ...]:
    """The event's column values in EVENT_FIELDS order (``data`` as a plain dict)."""
    values = list(_event_values(ev))
    values[_DATA_AT] = dict(ev.data)
    return tuple(values)


_STATE_AT = tuple(EVENT_FIELDS.index(n) for n in ("from_state", "to_state"))


def event_from(row: Row[Any] | Sequence[Any]) -> Event:
    # Event does not coerce its states itself; give readers CaseState members.
    values = list(row)
    for i in _STATE_AT:
        if values[i] is not None:
            values[i] = CaseState(values[i])
    return Event(*values)


def event_fingerprint(row: Mapping[str, Any]) -> tuple[Any, ...]:
    """Everything that makes two events the same (used to skip re-imported ones)."""
    return tuple(
        tuple(sorted(row["data"].items())) if name == "data" else plain(row[name])
        for name in EVENT_FIELDS
    )


# -- shops, holidays -----------------------------------------------------------------


def shop_row(shop: Shop) -> dict[str, Any]:
    return {
        "platform": shop.platform.value,
        "name": shop.name,
        "promised_aftersale_days": shop.promised_aftersale_days,
        "rule_overrides": [
            {"rule_id": o.rule_id, "limit": o.limit, "unit": o.unit} for o in shop.rule_overrides
        ],
    }


def shop_from(row: Mapping[str, Any]) -> Shop:
    return Shop(
        platform=row["platform"],
        name=row["name"],
        promised_aftersale_days=row["promised_aftersale_days"],
        rule_overrides=tuple(RuleOverride(**o) for o in row["rule_overrides"] or ()),
    )


def holiday_row(h: HolidayOverride) -> dict[str, Any]:
    return {"day": h.day, "workday": h.workday, "note": h.note}


def holiday_from(row: Mapping[str, Any]) -> HolidayOverride:
    return HolidayOverride(day=row["day"], workday=bool(row["workday"]), note=row["note"])
