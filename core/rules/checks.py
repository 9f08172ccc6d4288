"""Checking parsed TOML values, collecting every error of one file.

Contract: a ``Converter`` is ``(checker, value, key) -> converted value``; on a
wrong value it records ``(key, message)`` on the checker and returns ``BAD``
instead of raising, so one pass finds every problem of a file.
``Checker.raise_if_any`` then refuses the file whole with a ``PackError``.
A boolean is never a number, a date-time is never a date, and an unknown key
is an error (with a "did you mean" hint). Messages are the user's only guide
to fixing a file, so they say what was expected and what was found.

Threading: pure functions; a Checker belongs to the one load that made it.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime, time
from enum import StrEnum
from typing import Any

_ID = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$")
_VERSION = re.compile(r"^\d+(\.\d+)*$")
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")

BAD = object()  # a converter's "this value was refused" (the error is recorded)


class PackError(ValueError):
    """A rule pack (or overlay) file was refused.

    ``file``: the file as shown to the user; ``key``: the key path of the first
    problem (``rules[4].next_state``); ``message``: what is wrong with it;
    ``errors``: every (key, message) found in the file.
    """

    def __init__(
        self, file: str, key: str, message: str, *, errors: Sequence[tuple[str, str]] = ()
    ) -> None:
        self.file = file
        self.key = key
        self.message = message
        self.errors = tuple(errors) or ((key, message),)
        text = f"{file}: {key}: {message}"
        others = len(self.errors) - 1
        if others:
            text += f" (and {others} more error{'s' if others > 1 else ''})"
        super().__init__(text)


def version_key(version: str) -> tuple[int, ...]:
    """Version text to a comparable tuple: "2026.11.1" -> (2026, 11, 1)."""
    if not _VERSION.match(version):
        raise ValueError(f"not a version: {version!r}")
    return tuple(int(part) for part in version.split("."))


def describe(value: Any) -> str:
    """A TOML value as a user reads it: ``boolean true``, ``text 'x'``, ``an array``."""
    if isinstance(value, bool):
        return f"boolean {str(value).lower()}"
    if isinstance(value, int):
        return f"integer {value}"
    if isinstance(value, float):
        return f"number {value}"
    if isinstance(value, str):
        return f"text {value!r}"
    if isinstance(value, datetime):
        return f"date-time {value.isoformat()}"
    if isinstance(value, date):
        return f"date {value.isoformat()}"
    if isinstance(value, time):
        return f"time {value.isoformat()}"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


def sub(key: str, name: str) -> str:
    """The key path of `name` inside `key`, quoting names that are not bare TOML keys."""
    name = name if _BARE_KEY.fullmatch(name) else f'"{name}"'
    return f"{key}.{name}" if key else name


class Checker:
    """Collects every (key, message) of one file."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.errors: list[tuple[str, str]] = []

    def error(self, key: str, message: str) -> object:
        """Record a problem; returns BAD so a converter can ``return chk.error(...)``."""
        self.errors.append((key, message))
        return BAD

    def raise_if_any(self) -> None:
        if self.errors:
            key, message = self.errors[0]
            raise PackError(self.file, key, message, errors=self.errors)

    def table(
        self,
        data: Any,
        key: str,
        spec: Mapping[str, Converter],
        required: Iterable[str] = (),
    ) -> dict[str, Any] | None:
        """Convert a TOML table by `spec` (refused values left out); None if not a table."""
        if not isinstance(data, dict):
            self.error(key, f"expected a table, got {describe(data)}")
            return None
        for name in data:
            if name not in spec:
                close = difflib.get_close_matches(name, list(spec), n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                self.error(sub(key, name), f"unknown key{hint}")
        for name in required:
            if name not in data:
                self.error(sub(key, name), "missing (required)")
        out: dict[str, Any] = {}
        for name, convert in spec.items():
            if name in data:
                value = convert(self, data[name], sub(key, name))
                if value is not BAD:
                    out[name] = value
        return out

    def clean_table(
        self,
        data: Any,
        key: str,
        spec: Mapping[str, Converter],
        required: Iterable[str] = (),
    ) -> dict[str, Any] | None:
        """Like `table`, but None when anything in the table was refused."""
        before = len(self.errors)
        fields = self.table(data, key, spec, required)
        return None if len(self.errors) > before else fields

    def array_of_tables(self, data: Any, key: str) -> list[tuple[str, Any]]:
        """(key path, item) of each ``[[key]]`` table; [] if `data` is not an array."""
        if not isinstance(data, list):
            self.error(key, f"expected an array of tables ([[{key}]]), got {describe(data)}")
            return []
        return [(f"{key}[{i}]", item) for i, item in enumerate(data)]


Converter = Callable[[Checker, Any, str], Any]


# --------------------------------------------------------------------------- converters


def text(chk: Checker, value: Any, key: str) -> Any:
    if not isinstance(value, str):
        return chk.error(key, f"expected text, got {describe(value)}")
    if not value.strip():
        return chk.error(key, "must not be empty")
    return value


def identifier(chk: Checker, value: Any, key: str) -> Any:
    value = text(chk, value, key)
    if value is not BAD and not _ID.match(value):
        return chk.error(key, f"{value!r} is not an id (lower-case a-z, 0-9, _ and dots)")
    return value


def version(chk: Checker, value: Any, key: str) -> Any:
    value = text(chk, value, key)
    if value is not BAD and not _VERSION.match(value):
        return chk.error(key, f'{value!r} is not a version like "2026.11.1"')
    return value


def boolean(chk: Checker, value: Any, key: str) -> Any:
    if not isinstance(value, bool):
        return chk.error(key, f"expected true or false, got {describe(value)}")
    return value


def integer(minimum: int) -> Converter:
    """An int >= `minimum` (a boolean is refused)."""
    word = "a positive integer" if minimum == 1 else f"an integer >= {minimum}"

    def convert(chk: Checker, value: Any, key: str) -> Any:
        if isinstance(value, bool) or not isinstance(value, int):
            return chk.error(key, f"expected {word}, got {describe(value)}")
        if value < minimum:
            return chk.error(key, f"expected {word}, got {value}")
        return value

    return convert


def number(low: float | None = 0.0, high: float | None = None) -> Converter:
    """A float > `low` and <= `high` (None: unbounded); ints are accepted, booleans not."""
    word = "a number" if low is None else f"a number > {low:g}"
    if high is not None:
        word += f" and <= {high:g}"

    def convert(chk: Checker, value: Any, key: str) -> Any:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return chk.error(key, f"expected {word}, got {describe(value)}")
        if (low is not None and value <= low) or (high is not None and value > high):
            return chk.error(key, f"expected {word}, got {value}")
        return float(value)

    return convert


def calendar_date(chk: Checker, value: Any, key: str) -> Any:
    if isinstance(value, datetime) or not isinstance(value, date):
        return chk.error(key, f"expected a date like 2026-11-01, got {describe(value)}")
    return value


def one_of(values: Sequence[str]) -> Converter:
    """One of the given codes, kept as text."""

    def convert(chk: Checker, value: Any, key: str) -> Any:
        if not isinstance(value, str):
            return chk.error(key, f"expected text, got {describe(value)}")
        if value not in values:
            return chk.error(key, f"{value!r} is not one of {', '.join(values)}")
        return value

    return convert


def member_of(cls: type[StrEnum]) -> Converter:
    """A member of `cls`, given as its value."""
    check = one_of([member.value for member in cls])

    def convert(chk: Checker, value: Any, key: str) -> Any:
        value = check(chk, value, key)
        return value if value is BAD else cls(value)

    return convert


def array_of(item: Converter) -> Converter:
    """A tuple of `item`s without repeats; refused whole at its first bad element."""

    def convert(chk: Checker, value: Any, key: str) -> Any:
        if not isinstance(value, list):
            return chk.error(key, f"expected an array, got {describe(value)}")
        out = []
        for i, element in enumerate(value):
            converted = item(chk, element, f"{key}[{i}]")
            if converted is BAD:
                return BAD
            if converted in out:
                return chk.error(f"{key}[{i}]", f"{element!r} is listed twice")
            out.append(converted)
        return tuple(out)

    return convert
