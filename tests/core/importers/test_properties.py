"""Property: whatever is in the cells or the bytes, the reader answers with a plan
or a FileError — never another exception — and every row is accounted for."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from core.importers import PRESETS, FileError, ImportPlan, read_file

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text that looks like what exports contain: digits, dates, money, Chinese, junk.
cell_text = st.one_of(
    st.text(max_size=30),
    st.from_regex(r"-?[0-9]{0,20}(\.[0-9]{0,4})?", fullmatch=True),
    st.from_regex(r"20[0-9]{2}[-/][0-9]{1,2}[-/][0-9]{1,2}( [0-9]{1,2}:[0-9]{2}(:[0-9]{2})?)?",
                  fullmatch=True),
    st.sampled_from(["", "=\"123\"", "'=1+1", "退款成功", "仅退款", "是", "否", "-", "¥1.00",
                     "6.92837E+18", "待商家处理", "客服已经介入", "\t", "\"", ",", "\n"]),
)  # fmt: skip
xlsx_cell = st.one_of(
    cell_text,
    st.none(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.datetimes(),
)
headers = st.sampled_from([p for p in PRESETS.values()]).map(
    lambda preset: [c.aliases[0] for c in preset.columns]
)


def check(plan_or_error: ImportPlan | FileError, rows: int) -> None:
    if isinstance(plan_or_error, ImportPlan):
        plan = plan_or_error
        assert plan.rows_total <= rows
        valid = len(plan.orders) + len(plan.cases)
        assert valid <= plan.rows_total
        bad_rows = {e.row for e in plan.errors}
        assert valid + len(bad_rows) >= plan.rows_total or plan.preset == "douyin_orders"
        for error in plan.errors:
            assert error.message_zh.startswith(f"第{error.row}行")
            assert error.message_en.startswith(f"Row {error.row}")


def read(path: Path) -> ImportPlan | FileError:
    try:
        return read_file(path)
    except FileError as error:
        return error


@SETTINGS
@given(header=headers, body=st.lists(st.lists(cell_text, max_size=20), max_size=8))
def test_random_csv_cells_never_crash(header: list[str], body: list[list[str]]) -> None:
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows([header, *body])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "f.csv"
        path.write_text(buffer.getvalue(), encoding="utf-8-sig")
        check(read(path), len(body))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(header=headers, body=st.lists(st.lists(xlsx_cell, max_size=16), max_size=5))
def test_random_xlsx_cells_never_crash(header: list[str], body: list[list[object]]) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in body:
        try:
            sheet.append(row)
        except Exception:  # openpyxl refuses control characters; not our concern here
            sheet.append([None])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "f.xlsx"
        workbook.save(path)
        check(read(path), len(body))


@SETTINGS
@given(data=st.binary(max_size=600), suffix=st.sampled_from([".csv", ".xlsx", ".txt"]))
def test_random_bytes_never_crash(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"f{suffix}"
        path.write_bytes(data)
        check(read(path), 10**6)


@SETTINGS
@given(text=st.text(max_size=300), encoding=st.sampled_from(["utf-8", "gb18030", "utf-16"]))
def test_random_text_in_any_supported_encoding_never_crashes(text: str, encoding: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "f.csv"
        try:
            path.write_bytes(text.encode(encoding))
        except UnicodeEncodeError:
            return
        check(read(path), 10**6)
