"""Hypothesis strategies for hostile import files, and the stream writer of the big junk CSV.

Every strategy yields (file name, bytes). Most files keep a real header (a ShopClock
template or a platform export) so the importer gets past header detection and has to
validate each hostile cell; the rest are raw bytes and broken encodings.
"""

from __future__ import annotations

import csv
import io
import os
from datetime import date, datetime, time
from pathlib import Path

from hypothesis import strategies as st

from core.exporters import CASE_COLUMNS, ORDER_COLUMNS

PDD_CASES = (
    "售后编号", "订单编号", "商品名称", "售后类型", "售后状态", "申请时间", "退款金额(元)",
    "订单金额(元)", "售后原因", "处理截止时间", "退货物流单号", "更新时间",
)  # fmt: skip
HEADERS = (ORDER_COLUMNS, CASE_COLUMNS, PDD_CASES)

MEGABYTE = 1_000_000
# hypothesis leans towards small integers; these draw True about as often as they say
ONE_IN_FIVE = st.sampled_from((False, False, False, False, True))
ONE_IN_TEN = st.sampled_from((False,) * 9 + (True,))
ODD = (
    "\u200f",  # right-to-left mark
    "\u202e",  # right-to-left override
    "\u200b",  # zero-width space
    "\ufeff",  # BOM inside a cell
    "\x1b[31m",  # a terminal escape
    "\ud800",  # a lone surrogate (written with surrogatepass / replaced)
    "😀👨‍👩‍👧",  # emoji and a ZWJ sequence
    "１２３４５６",  # full-width digits
    "٣٤٥",  # Arabic-Indic digits
    "Ⅻ",  # a Roman numeral
    "e\u0301",  # a combining accent
    "\u3000",  # ideographic space
    "\r\n",
    '"',
)
FORMULAS = (
    "=1+1",
    '=HYPERLINK("http://example.invalid","x")',
    "+86 138",
    "-1",
    "@SUM(A1:A9)",
    "=cmd|' /C calc'!A0",
    '="12345678901234567890"',
    "'=1",
    "\t=1",
)
WRONG_TYPES = (
    "",
    " ",
    "abc",
    "1e309",
    "-0",
    "NaN",
    "inf",
    "12,34,5",
    "99999999999999999999999999999.999",
    "0x1F",
    "1.5.6",
    "2026-02-30 10:00",
    "2026-13-01",
    "24:61",
    "9999-12-31 23:59:59",
    "0001-01-01 00:00",
    "yes",
    "是",
    "maybe",
    "-5",
    "3.7",
    "pinduoduo",
    "awaiting_merchant",
    "待商家处理",
    "4.00123E+18",
    "None",
    "null",
    "—",
)

cell_text = st.one_of(
    st.sampled_from(WRONG_TYPES),
    st.sampled_from(FORMULAS),
    st.sampled_from(ODD),
    st.text(st.characters(blacklist_characters="\x00"), max_size=40),
    st.lists(st.sampled_from(ODD + FORMULAS + WRONG_TYPES), max_size=4).map("".join),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)


def _encode(text: str, encoding: str) -> bytes:
    if encoding == "utf-8-surrogates":
        return text.encode("utf-8", "surrogatepass")  # invalid UTF-8 on purpose
    if encoding == "gbk-then-utf8":  # half the file in one encoding, half in another
        half = len(text) // 2
        return text[:half].encode("gb18030", "replace") + text[half:].encode("utf-8", "replace")
    return text.encode(encoding, "replace")


ENCODINGS = (
    "utf-8",
    "utf-8-sig",
    "gb18030",
    "utf-16",
    "cp1252",
    "big5",
    "utf-8-surrogates",
    "gbk-then-utf8",
)


@st.composite
def csv_files(draw) -> tuple[str, bytes]:
    header = list(draw(st.sampled_from(HEADERS)))
    if draw(st.booleans()):
        header = draw(st.permutations(header))
    width = len(header)
    rows = draw(
        st.lists(
            st.lists(cell_text, min_size=0, max_size=width + 2),
            min_size=1,
            max_size=8,
        )
    )
    if draw(ONE_IN_TEN):  # a huge cell somewhere
        rows[0] = [*rows[0], "大" * (MEGABYTE // 3)]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=draw(st.sampled_from(",\t;")))
    writer.writerow(header)
    writer.writerows(rows)
    text = buffer.getvalue()
    if draw(ONE_IN_TEN):  # a NUL somewhere: binary content, not a table
        at = draw(st.integers(0, len(text)))
        text = text[:at] + "\x00" + text[at:]
    if draw(ONE_IN_FIVE):  # cut it off mid-row, like a download that stopped
        text = text[: draw(st.integers(len(text) // 3, len(text)))]
    # mostly encodings a shop export really has, so the rows get validated
    encoding = draw(st.sampled_from(("utf-8", "utf-8-sig", "gb18030") * 3 + ENCODINGS))
    return "fuzz.csv", _encode(text, encoding)


xlsx_cell = st.one_of(
    cell_text,
    st.integers(min_value=-(2**62), max_value=2**62),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(9999, 1, 1)),
    st.dates(min_value=date(1900, 3, 1)),
    st.times(),
    st.none(),
)


@st.composite
def xlsx_files(draw) -> tuple[str, bytes]:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    header = list(draw(st.sampled_from(HEADERS)))
    rows = draw(st.lists(st.lists(xlsx_cell, max_size=len(header) + 1), min_size=1, max_size=6))
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        clean = []
        for value in row:
            if isinstance(value, str):
                value = ILLEGAL_CHARACTERS_RE.sub("", value).encode("utf-8", "replace").decode()
            if isinstance(value, time) and value.tzinfo is not None:
                value = value.replace(tzinfo=None)
            clean.append(value)
        sheet.append(clean)
    if draw(ONE_IN_TEN):
        sheet.cell(row=2, column=1, value="x" * MEGABYTE)
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = buffer.getvalue()
    if draw(ONE_IN_FIVE):  # a damaged download
        data = data[: draw(st.integers(0, len(data)))]
    return "fuzz.xlsx", data


raw_files = st.tuples(
    st.sampled_from(("raw.csv", "raw.xlsx", "raw.txt")),
    st.one_of(
        st.binary(max_size=4096),
        st.binary(max_size=64).map(lambda b: b"PK\x03\x04" + b),  # looks like a zip
        st.binary(max_size=64).map(lambda b: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b),  # .xls
        st.binary(max_size=64).map(lambda b: b"\xef\xbb\xbf" + b),  # a BOM, then junk
        st.binary(max_size=64).map(lambda b: b"\xff\xfe" + b),  # a UTF-16 BOM, then junk
    ),
)

any_file = st.one_of(csv_files(), xlsx_files(), raw_files)


def cells(header: tuple[str, ...], rows: list[list[str]]) -> str:
    """A CSV text: the header, then the rows."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


# What the command line is given whole (test_bad_input): each must exit 2, writing nothing.
HOSTILE = {
    "random_bytes.csv": os.urandom(2048),
    "broken_encoding.csv": "订单号,金额\n".encode() + b"\x81\xff\xfe\x00abc\xc3\x28\n",
    "surrogates.csv": cells(
        ORDER_COLUMNS, [["pinduoduo", "店", "A\ud800", "t", "1", "2026-01-01 10:00"]]
    ).encode("utf-8", "surrogatepass"),
    "huge_cell.csv": cells(
        ORDER_COLUMNS, [["pinduoduo", "店", "A1", "x" * 1_000_000, "abc", "soon"]]
    ).encode(),
    "formulas_and_odd_unicode.csv": cells(
        ORDER_COLUMNS,
        [
            ["=1+1", "\u202e店", "＝HYPERLINK()", "😀", "１２.５", "2026-01-01 10:00"],
            ["taobao", "\x1b[31m", "@SUM(A1)", "\u200f", "-1", "２０２６-０１-０１"],
        ],
    ).encode(),
    "wrong_types.csv": cells(
        CASE_COLUMNS,
        [["pinduoduo", "店", "C1", "O1", "3.5", "yes", "yesterday", "maybe", "NaN", "x", "-2"]],
    ).encode("gb18030"),
    "truncated.xlsx": b"PK\x03\x04" + os.urandom(300),
}


JUNK_ROW = (
    "mars",  # platform: unknown
    "店",
    "",  # order_no: required, empty
    "=1+1",
    "abc",  # amount
    "2026-13-45 99:99",  # paid_at
    "yesterday",
    "\u202e2026-01-01",
    "0000",
    "gold",  # goods type
    "maybe",  # customised
    "-3",  # promised days
    "１２３",
    "perhaps",
    "\u200f",
    "1" * 11,
    "",
)


def write_junk_csv(path: Path, rows: int) -> None:
    """A ShopClock orders template whose every data row is invalid, written row by row."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(ORDER_COLUMNS)
        row = list(JUNK_ROW[: len(ORDER_COLUMNS)])
        for i in range(rows):
            row[2] = "" if i % 2 else f"X{i}"
            writer.writerow(row)
