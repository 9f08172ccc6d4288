"""Open an export file: tell XLSX from CSV, find the text encoding, read rows.

Contract: `read_table(path)` returns a `Table` of raw rows (row i of the list
is the row Excel numbers i + 1) or raises `FileError`; it never lets a
library exception through. `read_rows(path)` is the same rows as an iterator,
read once: a CSV's rows are parsed as they are asked for, so a file of a
million rows is never held as a million lists (a malformed row raises its
`FileError` when it is reached). CSV encodings: a BOM wins, then strict UTF-8, then
charset-normalizer; GBK-family results are decoded as GB18030 (its superset).
XLSX: the first worksheet, read-only with cached formula values; the workbook
is always closed.

Threading: pure apart from reading the one file; safe from any thread.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from core.importers.cells import Cell
from core.importers.errors import FileError

# One line with its ending, as io.StringIO(newline="") splits them (\r\n, \r or \n),
# found in the text without copying it (StringIO holds it as 4 bytes a character).
_LINE = re.compile(r"[^\r\n]*(?:\r\n?|\n)|[^\r\n]+")
# str.splitlines splits there too, and at these; a text without them is split by it a
# chunk at a time (0.04 s for 100,000 lines, where the pattern took 0.17 s).
_OTHER_LINE_BREAKS = "\v\f\x1c\x1d\x1e\x85\u2028\u2029"
_CHUNK = 1 << 20
_ASCII = re.compile(r"[\x00-\x7f]+")
_CJK = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]+")
_GBK_FAMILY = frozenset({"gbk", "gb2312", "gb18030", "cp936", "hz", "euc_cn", "gb2312_80"})
_DELIMITERS = (",", "\t", ";")
_SNIFF_ROWS = 30
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True, slots=True)
class Table:
    rows: Sequence[Sequence[Cell]]  # CSV rows are lists, XLSX rows tuples
    encoding: str  # "utf-8", "utf-8-sig", "gb18030", "utf-16", or "xlsx"


@dataclass(frozen=True, slots=True)
class RowStream:
    rows: Iterator[Sequence[Cell]]  # read once, on demand
    encoding: str


def read_table(path: Path) -> Table:
    stream = read_rows(path)
    return Table(list(stream.rows), stream.encoding)


def read_rows(path: Path) -> RowStream:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise FileError(
            "unreadable",
            f"无法读取文件：{path.name}（{exc.strerror or exc}）",
            f"Cannot read the file {path.name} ({exc.strerror or exc})",
        ) from exc
    if not data.strip(b" \t\r\n\x00") or data in (codecs.BOM_UTF8, codecs.BOM_UTF16_LE):
        raise FileError("empty", "文件是空的。", "The file is empty.")
    if data.startswith(_ZIP_MAGIC):
        table = _read_xlsx(path, data)
        return RowStream(iter(table.rows), table.encoding)
    if data.startswith(_OLE2_MAGIC):
        raise FileError(
            "xls_unsupported",
            "这是旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 或 CSV 后再导入。",
            "This is an old Excel (.xls) file; save it as .xlsx or CSV, then import again.",
        )
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        raise FileError(
            "bad_xlsx",
            "文件扩展名是 .xlsx，但内容不是有效的 Excel 文件（可能已损坏或未下载完整）。",
            "The file is named .xlsx but is not a valid Excel file (damaged or incomplete).",
        )
    text, encoding = _decode(data)
    del data  # the text alone from here on
    return RowStream(_parse_csv(text), encoding)


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[len(codecs.BOM_UTF8) :], "utf-8", "utf-8-sig"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", "utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    guess = _charset_guess(data)
    # Short GBK text is often guessed as Big5, EUC-KR or Shift-JIS; Chinese shop
    # exports are UTF-8 or GBK, so try GB18030 whenever its result reads as Chinese.
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = None
    if text is not None and (guess in _GBK_FAMILY or _reads_as_chinese(text)):
        return text, "gb18030"
    raise FileError(
        "encoding",
        f"无法识别文件编码（检测结果：{guess or '未知'}）。"
        "请以 UTF-8 或 GBK 编码的 CSV，或 .xlsx 格式导出。",
        f"Cannot tell the file's text encoding (detected: {guess or 'unknown'}). "
        "Export as CSV in UTF-8 or GBK, or as .xlsx.",
        {"detected": guess or ""},
    )


def _strict(data: bytes, codec: str, label: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise FileError(
            "encoding",
            f"文件声明为 {label} 编码，但第 {exc.start} 字节处内容无效，文件可能已损坏。",
            f"The file says it is {label} but byte {exc.start} is invalid; it may be damaged.",
        ) from exc


def _charset_guess(data: bytes) -> str | None:
    from charset_normalizer import from_bytes  # deferred: only GBK-ish files need it

    best = from_bytes(data[:200_000]).best()
    return best.encoding.lower() if best is not None else None


def _reads_as_chinese(text: str) -> bool:
    """Most non-ASCII characters are CJK ideographs, CJK punctuation or full-width forms."""
    wide = _ASCII.sub("", text)
    if not wide:
        return True
    rest = Counter(_CJK.sub("", wide))  # per distinct character, not per character
    other = sum(n for ch, n in rest.items() if unicodedata.category(ch) not in ("Sm", "So", "Po"))
    return len(wide) - other >= 0.9 * len(wide)


def _parse_csv(text: str) -> Iterator[list[str]]:
    if "\x00" in text:
        raise FileError(
            "bad_csv",
            "文件中含有二进制内容，不是 CSV 表格。",
            "The file contains binary data; it is not a CSV table.",
        )
    return _csv_rows(text, _sniff_delimiter(text))


def _lines(text: str) -> Iterator[str]:
    """The text's lines with their endings, one at a time (see _LINE)."""
    if any(mark in text for mark in _OTHER_LINE_BREAKS):
        yield from map(re.Match.group, _LINE.finditer(text))
        return
    start = 0
    while start < len(text):  # cut after a \n: a \r\n stays whole
        end = text.find("\n", start + _CHUNK) + 1 or len(text)
        yield from text[start:end].splitlines(keepends=True)
        start = end


def _csv_rows(text: str, delimiter: str) -> Iterator[list[str]]:
    reader = csv.reader(_lines(text), delimiter=delimiter)
    try:
        yield from reader
    except csv.Error as exc:
        raise _csv_error(exc, reader.line_num) from exc


def _csv_error(exc: csv.Error, line: int) -> FileError:
    """The csv module's error (English) in the operator's words, with the line. A cell
    over its field limit is nearly always an unclosed quote: the rest of the file ran
    into one cell."""
    if "field larger than field limit" in str(exc):
        zh = (
            f"CSV 格式错误：第{line}行附近的单元格过长（超过 {csv.field_size_limit():,} 个字符），"
            "多半是前面某个单元格的引号没有闭合。请用平台导出的原始文件。"
        )
        en = (
            f"Malformed CSV: a cell near line {line} is longer than "
            f"{csv.field_size_limit():,} characters, most likely an unclosed quote before "
            "it. Use the file exactly as the platform exported it."
        )
    else:
        zh = f"CSV 格式错误：第{line}行无法读取（{exc}）。请用平台导出的原始文件。"
        en = f"Malformed CSV at line {line}: {exc}."
    return FileError("bad_csv", zh, en)


def _head_lines(text: str, count: int) -> list[str]:
    """``text.splitlines()[:count]`` without splitting all of a big file."""
    size = 1 << 16
    while size < len(text):
        lines = text[:size].splitlines()
        if len(lines) > count:  # line `count` ended inside the prefix: the first are whole
            return lines[:count]
        size *= 4
    return text.splitlines()[:count]


def _sniff_delimiter(text: str) -> str:
    head = "\n".join(_head_lines(text, _SNIFF_ROWS * 2))
    best, best_width = ",", 0
    for delimiter in _DELIMITERS:
        try:
            rows = list(csv.reader(io.StringIO(head, newline=""), delimiter=delimiter))
        except csv.Error:
            continue
        width = max((len(r) for r in rows[:_SNIFF_ROWS]), default=0)
        if width > best_width:
            best, best_width = delimiter, width
    return best


def _read_xlsx(path: Path, data: bytes) -> Table:
    from openpyxl import load_workbook  # deferred: costs start-up time

    broken = FileError(
        "bad_xlsx",
        "无法打开 Excel 文件：文件已损坏、未下载完整或不是 .xlsx 格式。",
        "Cannot open the Excel file: it is damaged, incomplete or not an .xlsx file.",
    )
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # zipfile, XML and KeyError alike on a damaged file
        raise broken from exc
    try:
        sheets = workbook.worksheets
        if not sheets or not hasattr(sheets[0], "iter_rows"):
            raise FileError("empty", "Excel 文件中没有工作表。", "The workbook has no worksheet.")
        sheet = sheets[0]
        sheet.reset_dimensions()  # some exporters write a wrong <dimension>
        rows = [tuple(row) for row in sheet.iter_rows(min_row=1, values_only=True)]
    except FileError:
        raise
    except Exception as exc:
        raise broken from exc
    finally:
        workbook.close()
    if not any(any(c not in (None, "") for c in row) for row in rows):
        raise FileError("empty", "Excel 文件的第一个工作表是空的。", "The first sheet is empty.")
    return Table(rows, "xlsx")
