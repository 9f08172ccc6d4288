"""Export rows to CSV (UTF-8 with BOM) or XLSX, chosen by the file suffix.

Contract: `export_rows` writes `columns` in order; a cell is text with these
rules, so that `core.importers.read_file` reads an export back unchanged:
- text starting with = + - @ ' or a tab / CR gets a leading ' (no formula
  injection when the file is opened in Excel; the importer strips it again);
- numbers (columns ending in ``_no``) stay text: in CSV an all-digit number is
  written as ="…" so Excel does not turn it into 4.00123E+18; in XLSX it is a
  string cell with number format "@";
- times are ISO 8601 with the Asia/Shanghai offset; booleans yes / no (the
  cases' 按规则推定 column 是 / 否); enums their value; money columns (``*_yuan``)
  are yuan with two decimals.
The file is written to a temporary name and renamed, so a failed export never
leaves half a file behind. `export_orders` / `export_cases` use the ShopClock
template columns plus the optional columns that make them lossless.

Threading: pure apart from writing the one file; safe from a worker thread.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from enum import Enum
from pathlib import Path

from core.clock import SHANGHAI
from core.domain import Case, Order, Shop, Timer, TimerOrigin
from core.importers.cells import format_yuan
from core.importers.presets import ASSUMED_HEADER, PRESETS
from core.privacy import mask_address, mask_name, mask_phone, scrub

ORDER_COLUMNS = PRESETS["shopclock_orders"].fields
# the template's fields; whether a state is assumed by rule under its Chinese header
CASE_COLUMNS = tuple(
    ASSUMED_HEADER if name == "assumed" else name for name in PRESETS["shopclock_cases"].fields
)
ASSUMED_TEXT = {True: "是", False: "否"}
ORIGIN_COLUMN = "期限来源"  # who set the deadline: 平台给出 / 按规则计算 (RULES.md principle 2)
TIMER_COLUMNS = (
    "platform", "shop", "order_no", "case_no", "timer", "actor", "due_at", "on_expiry",
    ORIGIN_COLUMN, "source", "rule_id", "clause", "amount_at_risk_fen",
)  # fmt: skip
ORIGIN_TEXT = {TimerOrigin.PLATFORM: "平台给出", TimerOrigin.RULE: "按规则计算"}

_FORMULA_START = ("=", "+", "-", "@", "'", "\t", "\r")


def export_rows(
    rows: Iterable[Mapping[str, object]], columns: Sequence[str], path: Path | str
) -> None:
    """Write rows to ``path``: .csv (UTF-8 with BOM) or .xlsx."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ValueError(
            f"导出文件名必须以 .csv 或 .xlsx 结尾：{path.name} / "
            f"export needs a .csv or .xlsx file name, got {path.name!r}"
        )
    table = [[row.get(column) for column in columns] for row in rows]
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        if suffix == ".csv":
            _write_csv(tmp, columns, table)
        else:
            _write_xlsx(tmp, columns, table)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def export_orders(
    orders: Iterable[Order],
    path: Path | str,
    *,
    shops: Iterable[Shop] = (),
    reveal: bool = False,
) -> None:
    """Orders in the template columns; `shops` supply promised_aftersale_days.

    Buyers' names, phones and addresses are masked unless `reveal` is given
    explicitly (a masked value re-imported never overwrites the stored one).
    """
    days = {(s.platform, s.name): s.promised_aftersale_days for s in shops}

    def row(order: Order) -> dict[str, object]:
        values = {name: getattr(order, name, None) for name in ORDER_COLUMNS}
        if not reveal:
            values["buyer_name"] = mask_name(order.buyer_name)
            values["buyer_phone"] = mask_phone(order.buyer_phone)
            values["buyer_address"] = mask_address(order.buyer_address)
        values["amount_yuan"] = format_yuan(order.amount_fen)
        values["promised_aftersale_days"] = days.get((order.platform, order.shop))
        return values

    export_rows(map(row, orders), ORDER_COLUMNS, path)


def export_cases(cases: Iterable[Case], path: Path | str, *, reveal: bool = False) -> None:
    """Cases in the template columns; phone numbers typed into the free-text reason are
    masked unless `reveal` is given explicitly. 按规则推定 (是 / 否) says whether a state
    is an outcome the rules assumed: re-imported, it stays assumed (an export of our
    own records confirms nothing; see core.storage.merge)."""

    def row(case: Case) -> dict[str, object]:
        values = {name: getattr(case, name, None) for name in CASE_COLUMNS}
        if not reveal:
            values["reason"] = scrub(case.reason)
        values["amount_yuan"] = format_yuan(case.amount_fen)
        values[ASSUMED_HEADER] = ASSUMED_TEXT[case.assumed]
        return values

    export_rows(map(row, cases), CASE_COLUMNS, path)


def export_timers(timers: Iterable[Timer], path: Path | str) -> None:
    """Running timers; 期限来源 says whether the platform gave the deadline or the rule
    pack computed it. A platform-given deadline has no rule clause or source as its
    origin (those columns stay empty); rule_id still names the rule for the outcome."""

    def row(t: Timer) -> dict[str, object]:
        values: dict[str, object] = {
            name: getattr(t, name) for name in TIMER_COLUMNS if name != ORIGIN_COLUMN
        }
        values[ORIGIN_COLUMN] = ORIGIN_TEXT.get(t.origin, str(t.origin))
        if t.origin is TimerOrigin.PLATFORM:
            values["source"] = values["clause"] = None
        return values

    export_rows(map(row, timers), TIMER_COLUMNS, path)


def _is_number_column(column: str) -> bool:
    return column.endswith("_no")


def _text(value: object) -> str:
    """A cell as export text (before formula escaping)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError(f"cannot export a naive datetime {value!r}")
        spec = "seconds" if value.microsecond == 0 else "microseconds"
        return value.astimezone(SHANGHAI).isoformat(timespec=spec)
    return str(value)


def _escaped(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text


def _csv_cell(column: str, value: object) -> str:
    text = _text(value)
    if _is_number_column(column) and text.isascii() and text.isdigit():
        return f'="{text}"'
    return _escaped(text) if isinstance(value, str) else text


def _write_csv(path: Path, columns: Sequence[str], table: list[list[object]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for values in table:
            writer.writerow([_csv_cell(c, v) for c, v in zip(columns, values, strict=True)])


def _write_xlsx(path: Path, columns: Sequence[str], table: list[list[object]]) -> None:
    from openpyxl import Workbook  # deferred: costs start-up time
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(columns)
    for values in table:
        row = []
        for column, value in zip(columns, values, strict=True):
            if isinstance(value, int) and not isinstance(value, bool):
                cell = WriteOnlyCell(sheet, value=value)
            elif column.endswith("_yuan") and isinstance(value, str) and value:
                cell = WriteOnlyCell(sheet, value=float(Decimal(value)))
                cell.number_format = "0.00"
            else:
                text = ILLEGAL_CHARACTERS_RE.sub("", _escaped(_text(value)))
                cell = WriteOnlyCell(sheet, value=text)
                if _is_number_column(column):
                    cell.number_format = "@"
            row.append(cell)
        sheet.append(row)
    workbook.save(path)
