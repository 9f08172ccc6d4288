"""What an import can go wrong with: the whole file, or single rows.

Contract: `FileError` means nothing in the file can be used (unreadable,
unknown format or encoding, no recognisable header). `RowError` is one bad
cell or an impossible fact in one row; the rest of the file may still be
fine. Both carry a stable `code` plus a Chinese and an English sentence; the
GUI may show the sentences or translate the code. `ErrorLog` counts every row
error of a file but keeps only the first `ERRORS_KEPT` of them (by row): a
file of a million junk rows has millions of errors, and nobody reads past the
first screens of them.

Threading: immutable values, safe to share; an `ErrorLog` belongs to one read.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from operator import attrgetter
from types import MappingProxyType

ERRORS_KEPT = 1000  # row errors a plan keeps (and shows); all of them are counted


class FileError(Exception):
    """The file as a whole cannot be imported. ``str()`` is Chinese, then English."""

    def __init__(
        self,
        code: str,
        message_zh: str,
        message_en: str,
        details: Mapping[str, object] | None = None,
    ) -> None:
        super().__init__(f"{message_zh}\n{message_en}")
        self.code = code
        self.message_zh = message_zh
        self.message_en = message_en
        self.details: Mapping[str, object] = MappingProxyType(dict(details or {}))


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem in one row, e.g. 第12行「支付时间」：无法识别的时间「2024-13-01」."""

    row: int  # 1-based, as Excel numbers the row
    column: str  # the header text in the file
    value: str
    code: str
    message_zh: str
    message_en: str


class InvalidImport(Exception):
    """commit_plan refused: the plan has row errors and skip_invalid was not set."""

    def __init__(
        self, errors: tuple[RowError, ...], total: int | None = None, rows: int | None = None
    ) -> None:
        first = errors[0].message_zh if errors else ""
        zh, en = error_summary(
            len(errors) if total is None else total,
            len({e.row for e in errors}) if rows is None else rows,
            len(errors),
        )
        super().__init__(f"{zh}，未导入任何数据。{first}\n{en}; nothing was imported.")
        self.errors = errors


def error_summary(total: int, rows: int, kept: int) -> tuple[str, str]:
    """How many errors in how many rows, and whether only the first are listed (zh, en).

    e.g. 共 1,150,000 处错误（涉及 100,000 行），仅列出前 1,000 处
    """
    zh = f"共 {total:,} 处错误（涉及 {rows:,} 行）"
    en = f"{total:,} error(s) in {rows:,} row(s)"
    if kept < total:
        zh += f"，仅列出前 {kept:,} 处"
        en += f"; only the first {kept:,} are listed"
    return zh, en


class ErrorLog:
    """Every row error of one file counted; the first `cap` of them (by row) kept.

    `count(row)` counts one error and says whether it may be among the first
    `cap`: only then is it worth building (`keep`). Errors mostly arrive in row
    order, so after the first `cap` a junk row costs a count, not a message.
    """

    def __init__(self, cap: int = ERRORS_KEPT) -> None:
        if cap < 1:  # a plan with errors must list at least one: "no errors" means valid
            raise ValueError(f"cap must be at least 1, not {cap}")
        self.cap = cap
        self.total = 0  # errors counted
        self.rows = 0  # rows with at least one error (the validator counts them)
        self._kept: list[RowError] = []
        self._below: int | None = None  # once `cap` are kept: only rows above it can enter

    def count(self, row: int) -> bool:
        self.total += 1
        return self._below is None or row < self._below

    def keep(self, error: RowError) -> None:
        self._kept.append(error)
        if len(self._kept) >= 2 * self.cap:  # trim now and then, not on every error
            self._trim()
            self._below = self._kept[-1].row

    def kept(self) -> tuple[RowError, ...]:
        """The first `cap` errors by row; in one row, in the order they were found."""
        self._trim()
        return tuple(self._kept)

    def _trim(self) -> None:
        self._kept.sort(key=_ROW)  # stable: one row's errors stay in the order found
        del self._kept[self.cap :]


_ROW = attrgetter("row")


class CellProblem(ValueError):
    """Raised by the cell parsers; the validator turns it into a RowError.

    ``CellProblem(code, zh, en)``; ``str()`` is the English reason. No __init__ of
    its own: a junk file raises several per row, and ValueError's is C.
    """

    args: tuple[str, str, str]

    @property
    def code(self) -> str:
        return self.args[0]

    @property
    def zh(self) -> str:
        return self.args[1]

    @property
    def en(self) -> str:
        return self.args[2]

    def __str__(self) -> str:
        return self.args[2]


def row_error(row: int, column: str, value: str, code: str, zh: str, en: str) -> RowError:
    """Build a RowError whose sentences name the row, the column and the value."""
    shown = value if len(value) <= 60 else value[:57] + "..."
    return RowError(
        row=row,
        column=column,
        value=value,
        code=code,
        message_zh=f"第{row}行「{column}」：{zh}「{shown}」",
        message_en=f'Row {row}, column "{column}": {en} "{shown}"',
    )
