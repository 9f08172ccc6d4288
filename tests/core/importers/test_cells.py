"""Cell parsers: table-driven, one row per case."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from core.clock import SHANGHAI
from core.domain import MAX_AMOUNT_FEN
from core.importers import cells
from core.importers.cells import (
    as_text,
    clean_text,
    format_yuan,
    normalize_key,
    parse_bool,
    parse_count,
    parse_id,
    parse_money_fen,
    parse_time,
)
from core.importers.errors import CellProblem


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  abc  ", "abc"),
        ('="3712345678901234567"', "3712345678901234567"),
        ("'=SUM(A1)", "=SUM(A1)"),
        ("''quoted'", "'quoted'"),
        ("\tYT7412589630147", "YT7412589630147"),
        ("\ufeff订单号", "订单号"),
        ('="say ""hi"""', 'say "hi"'),
        ("\u3000全角空格\u3000", "全角空格"),
    ],
)
def test_clean_text(raw: str, expected: str) -> None:
    assert clean_text(raw) == expected


def test_normalize_key_folds_width_and_spaces() -> None:
    assert normalize_key("商品总价（元）") == normalize_key("商品总价(元)")
    assert normalize_key(" 已同意退货退款，待用户发货 ") == normalize_key(
        "已同意退货退款,待用户发货"
    )
    assert normalize_key("商品ID") == normalize_key("商品id")


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("6928374650123456789", "6928374650123456789"),
        ('="3712345678901234567"', "3712345678901234567"),
        ("240105-339254827361542", "240105-339254827361542"),
        (12345678901234, "12345678901234"),
        (6928374650123456789, "6928374650123456789"),  # an exact int from openpyxl
        (123456789012.0, "123456789012"),
        (123456789012345, "123456789012345"),  # 15 digits: what Excel keeps exactly
        (123456789012345.0, "123456789012345"),
        (2987654321012347, "2987654321012347"),  # more digits than Excel keeps: exact
        ("", None),
        (None, None),
    ],
)
def test_parse_id(cell: object, expected: str | None) -> None:
    assert parse_id(cell) == expected


@pytest.mark.parametrize(
    ("cell", "code"),
    [
        (6.928374650987654e18, "id_lost_digits"),
        # Found by testing: Excel keeps 15 significant digits, 2987654321012347 becomes
        # 2987654321012340 — read by openpyxl as an int, or a float, and it was taken
        (2987654321012340, "id_lost_digits"),
        (2987654321012340.0, "id_lost_digits"),
        (3712345678901230000, "id_lost_digits"),
        (1000000000000000.0, "id_lost_digits"),
        ("6.92837E+18", "id_scientific"),
        ("4.00123e18", "id_scientific"),
        ("12 34", "bad_id"),
        (True, "bad_id"),
    ],
)
def test_parse_id_refuses_mangled_numbers(cell: object, code: str) -> None:
    with pytest.raises(CellProblem) as info:
        parse_id(cell)
    assert info.value.code == code


@pytest.mark.parametrize(
    ("cell", "fen"),
    [
        ("12.50", 1250),
        ("12.5", 1250),
        ("12", 1200),
        ("0.01", 1),
        (".5", 50),
        ("¥39.90", 3990),
        ("39.90元", 3990),
        ("1,234.50", 123450),
        ("12.500", 1250),
        (12.3, 1230),
        (0.1, 10),
        (99, 9900),
        ("", None),
        (None, None),
        ("99999999.99", 9999999999),
    ],
)
def test_parse_money(cell: object, fen: int | None) -> None:
    assert parse_money_fen(cell) == fen


@pytest.mark.parametrize(
    ("cell", "code"),
    [
        ("-1.00", "negative_amount"),
        (-3, "negative_amount"),
        ("1.005", "too_many_decimals"),
        (0.001, "too_many_decimals"),
        ("十元", "bad_money"),
        ("1.2.3", "bad_money"),
        ("1,23", "bad_money"),
        ("nan", "bad_money"),
        (float("inf"), "bad_money"),
        (True, "bad_money"),
        (datetime(2024, 1, 1), "bad_money"),
        ("99999999999999999999999.99", "amount_too_large"),
        ("100000000.01", "amount_too_large"),
        ("¥100,000,001", "amount_too_large"),
        (10**17, "amount_too_large"),
    ],
)
def test_parse_money_refuses(cell: object, code: str) -> None:
    with pytest.raises(CellProblem) as info:
        parse_money_fen(cell)
    assert info.value.code == code


SH = SHANGHAI


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2024-03-01 10:12:33", datetime(2024, 3, 1, 10, 12, 33, tzinfo=SH)),
        ("2024-03-01 10:12", datetime(2024, 3, 1, 10, 12, tzinfo=SH)),
        ("2024/3/1 9:05", datetime(2024, 3, 1, 9, 5, tzinfo=SH)),
        ("2024-03-01T10:12:33", datetime(2024, 3, 1, 10, 12, 33, tzinfo=SH)),
        (" 2024-03-01 10:12:33 ", datetime(2024, 3, 1, 10, 12, 33, tzinfo=SH)),
        ('="2024-03-01 10:12:33"', datetime(2024, 3, 1, 10, 12, 33, tzinfo=SH)),
        ("２０２４-03-01 10:12:33", datetime(2024, 3, 1, 10, 12, 33, tzinfo=SH)),
        ("2024-03-01 10:12:33.250", datetime(2024, 3, 1, 10, 12, 33, 250000, tzinfo=SH)),
        ("2024-03-01T02:12:33+00:00", datetime(2024, 3, 1, 2, 12, 33, tzinfo=UTC)),
        ("2024-03-01T02:12:33Z", datetime(2024, 3, 1, 2, 12, 33, tzinfo=UTC)),
        (datetime(2024, 3, 1, 10, 0), datetime(2024, 3, 1, 10, 0, tzinfo=SH)),
        ("", None),
        ("-", None),
        ("0000-00-00 00:00:00", None),
        (None, None),
    ],
)
def test_parse_time(cell: object, expected: datetime | None) -> None:
    assert parse_time(cell) == expected


def test_parse_time_keeps_the_given_offset() -> None:
    parsed = parse_time("2024-03-01T10:00:00+05:00")
    assert parsed is not None
    assert parsed.utcoffset() == timedelta(hours=5)
    assert parsed == datetime(2024, 3, 1, 5, 0, tzinfo=UTC)
    local = parse_time("2024-03-01 10:00:00")
    assert local is not None
    assert local.utcoffset() == timedelta(hours=8)


@pytest.mark.parametrize(
    "cell",
    ["2024-13-01 10:00:00", "2024-02-30 10:00", "昨天下午", "2024-03-01", "45352.5", 45352.5,
     "10:00", "2024-03-01 25:00", "2024-02-30 10:00:00", "2024-03-01 24:00:00",
     "2024-03-01 10:12:3Z", "20240301T101233.25"],
)  # fmt: skip
def test_parse_time_refuses(cell: object) -> None:
    with pytest.raises(CellProblem) as info:
        parse_time(cell)
    assert info.value.code == "bad_time"


def test_the_largest_amount_is_taken() -> None:
    assert parse_money_fen("100000000.00") == MAX_AMOUNT_FEN
    assert parse_money_fen(100_000_000) == MAX_AMOUNT_FEN


@pytest.mark.parametrize(
    "cell",
    ["9999-12-31 23:59:59", "1999-12-31 23:59:59", "2100-01-01 00:00:00", "0001-01-01 00:00",
     "9999/12/31 23:59", "9999-12-31T23:59:59Z", datetime(9999, 12, 31), datetime(1900, 1, 1)],
)  # fmt: skip
def test_parse_time_refuses_implausible_years(cell: object) -> None:
    with pytest.raises(CellProblem) as info:
        parse_time(cell)
    assert info.value.code == "implausible_time"
    assert "2000" in info.value.zh
    assert "2099" in info.value.zh


def test_the_first_and_last_plausible_times() -> None:
    assert parse_time("2000-01-01 00:00:00") == datetime(2000, 1, 1, tzinfo=SHANGHAI)
    assert parse_time("2099-12-31 23:59:59") == datetime(2099, 12, 31, 23, 59, 59, tzinfo=SHANGHAI)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("yes", True), ("YES", True), ("是", True), ("1", True), (1, True), (True, True),
     ("no", False), ("否", False), ("0", False), ("", None), (None, None)],
)  # fmt: skip
def test_parse_bool(cell: object, expected: bool | None) -> None:
    assert parse_bool(cell) is expected


def test_parse_bool_refuses() -> None:
    with pytest.raises(CellProblem):
        parse_bool("maybe")


@pytest.mark.parametrize(
    ("cell", "expected"), [("30", 30), ("30天", 30), (15, 15), (7.0, 7), ("", None), (None, None)]
)
def test_parse_count(cell: object, expected: int | None) -> None:
    assert parse_count(cell) == expected


@pytest.mark.parametrize("cell", ["-1", -1, "3.5", 3.5, "三十", True])
def test_parse_count_refuses(cell: object) -> None:
    with pytest.raises(CellProblem):
        parse_count(cell)


def test_as_text_and_format_yuan() -> None:
    assert as_text(12.0) == "12"
    assert as_text(6.928374650987654e18) == "6.928374650987654e+18"
    assert as_text(datetime(2024, 3, 1, 9, 0)) == "2024-03-01 09:00:00"
    assert format_yuan(1250) == "12.50"
    assert format_yuan(5) == "0.05"
    assert format_yuan(0) == "0.00"


def test_remembering_parses_a_text_once_and_never_remembers_a_refusal() -> None:
    calls: list[object] = []

    def parse(cell: cells.Cell) -> int | None:
        calls.append(cell)
        return cells.parse_money_fen(cell)

    found: dict = {}
    money = cells.remembering(parse, found)
    assert [money("1.50"), money("1.50"), money(2), money(2)] == [150, 150, 200, 200]
    assert calls == ["1.50", 2, 2]  # a text once; other cells every time
    for _ in range(2):
        with pytest.raises(CellProblem):
            money("abc")
    assert calls.count("abc") == 2
    for n in range(cells.REMEMBERED):  # full: it starts over instead of growing
        money(str(n))
    assert len(found) == 1


def test_parse_id_takes_what_the_id_pattern_takes_for_every_short_ascii_text() -> None:
    """parse_id tells ASCII numbers apart without the regex: the same verdicts."""
    ascii_chars = [chr(i) for i in range(128)]
    for text in (a + b for a in ascii_chars for b in ["", *ascii_chars]):
        if cells.clean_text(text) != text:
            continue  # cleaned first: the id test never sees these
        expected = cells._ID.match(text) is not None and not cells._SCIENTIFIC.match(text)
        try:
            cells.parse_id(text)
        except CellProblem:
            assert not expected, repr(text)
        else:
            assert expected, repr(text)
    assert cells.parse_id("261118-2021310609713000") == "261118-2021310609713000"
    for text, code in (("6.92837E+18", "id_scientific"), ("12 34", "bad_id")):
        with pytest.raises(CellProblem) as refused:
            cells.parse_id(text)
        assert refused.value.code == code
    assert cells.parse_id("单号１２３") == "单号１２３"  # non-ASCII: the pattern decides
    with pytest.raises(CellProblem):
        cells.parse_id("单号\u3000123")
