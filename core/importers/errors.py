"""What an import can go wrong with: the whole file, or single rows.

Contract: `FileError` means nothing in the file can be used (unreadable,
unknown format or encoding, no recognisable header). `RowError` is one bad
cell or an impossible fact in one row; the rest of the file may still be
fine. Both carry a stable `code` plus a Chinese and an English sentence; the
GUI may show the sentences or translate the code.

Threading: immutable values, safe to share.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType


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

    def __init__(self, errors: tuple[RowError, ...]) -> None:
        first = errors[0].message_zh if errors else ""
        super().__init__(
            f"文件有 {len(errors)} 处错误，未导入任何数据。{first}\n"
            f"The file has {len(errors)} error(s); nothing was imported."
        )
        self.errors = errors


class CellProblem(ValueError):
    """Raised by the cell parsers; the validator turns it into a RowError."""

    def __init__(self, code: str, zh: str, en: str) -> None:
        super().__init__(en)
        self.code = code
        self.zh = zh
        self.en = en


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
