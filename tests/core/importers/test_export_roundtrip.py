"""Exports re-import losslessly, and never carry a live formula."""

from __future__ import annotations

import csv
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from openpyxl import load_workbook

from core.clock import SHANGHAI
from core.domain import (
    Actor,
    Case,
    CaseKind,
    CaseState,
    Confidence,
    GoodsType,
    Order,
    Platform,
    Shop,
    Timer,
    TimerOrigin,
)
from core.exporters import (
    CASE_COLUMNS,
    ORDER_COLUMNS,
    TIMER_COLUMNS,
    export_cases,
    export_orders,
    export_rows,
    export_timers,
)
from core.importers import read_file

T0 = datetime(2024, 3, 1, 10, 12, 33, tzinfo=SHANGHAI)

ORDERS = (
    Order(
        Platform.DOUYIN, "果园小铺", "6928374650123456789", 2990, T0,
        title="=HYPERLINK(\"http://evil\",\"点我\")", ship_by=T0 + timedelta(hours=48),
        buyer_name="刘**", buyer_phone="150****6789", buyer_address="湖南省长沙市岳麓区",
    ),
    Order(
        Platform.TAOBAO, "小林家居", "3712345678901234567", 12800, T0.astimezone(UTC),
        title="+86 北欧风床头柜, \"实木\"", shipped_at=T0 + timedelta(hours=5),
        received_at=T0 + timedelta(days=4, microseconds=250),
        goods_type=GoodsType.FRESH, customised=True, presale=True,
    ),
    Order(
        Platform.PINDUODUO, "果园小铺", "240301-512345678901234", 0,
        datetime(2024, 3, 1, 2, 0, tzinfo=timezone(timedelta(hours=-5))),
        title="-50% 清仓 @会员 'quoted'", group_success_at=T0,
    ),
    Order(Platform.TMALL, "旗舰店", "12345", 1, T0, title="\t制表符开头"),
)  # fmt: skip

CASES = (
    Case(
        Platform.PINDUODUO, "果园小铺", "10234567801", "240301-512345678901234",
        CaseKind.REFUND_ONLY, CaseState.AWAITING_MERCHANT, T0, T0, 3490,
        reason="=1+1 不想要了", platform_deadline=T0 + timedelta(hours=48),
    ),
    Case(
        Platform.TAOBAO, "小林家居", "298765432101234501234", "3712345678901234567",
        CaseKind.RETURN_REFUND, CaseState.RETURN_SHIPPED, T0, T0 + timedelta(days=1), 12800,
        cancellation_count=2, shipped_at_application=True, tracking_no="YD4312345678901",
    ),
    Case(
        Platform.DOUYIN, "果园小铺", "7000000000000000001", "6928374650123456789",
        CaseKind.EXCHANGE, CaseState.CLOSED, T0, T0, 0, shipped_at_application=False,
        assumed=True,  # closed by rule (the buyer overdue), not yet confirmed
    ),
)  # fmt: skip

SHOPS = (Shop(Platform.DOUYIN, "果园小铺", promised_aftersale_days=30),)


def expected_shops(items: tuple[Order, ...] | tuple[Case, ...]) -> set[Shop]:
    days = {(s.platform, s.name): s.promised_aftersale_days for s in SHOPS}
    return {Shop(i.platform, i.shop, days.get((i.platform, i.shop))) for i in items}


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_orders_round_trip(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"orders{suffix}"
    export_orders(ORDERS, path, shops=SHOPS, reveal=True)
    plan = read_file(path)
    assert (plan.preset, plan.errors) == ("shopclock_orders", ())
    assert plan.orders == ORDERS
    assert set(plan.shops) == expected_shops(ORDERS)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_cases_round_trip(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"cases{suffix}"
    export_cases(CASES, path, reveal=True)
    plan = read_file(path)
    assert (plan.preset, plan.errors) == ("shopclock_cases", ())
    assert plan.cases == CASES
    assert plan.platform is None  # the file mixes platforms


def test_round_trip_keeps_the_offset_as_written(tmp_path: Path) -> None:
    path = tmp_path / "orders.csv"
    export_orders(ORDERS, path, reveal=True)
    paid = read_file(path).orders[2].paid_at
    assert paid.utcoffset() == timedelta(hours=8)  # exported in Asia/Shanghai
    assert paid == ORDERS[2].paid_at


def test_csv_is_utf8_with_bom_and_never_starts_a_cell_with_a_formula(tmp_path: Path) -> None:
    path = tmp_path / "orders.csv"
    export_orders(ORDERS, path, shops=SHOPS)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert tuple(rows[0]) == ORDER_COLUMNS
    cells = [cell for row in rows[1:] for cell in row]
    text_cells = [c for c in cells if not c.startswith('="')]
    assert not [c for c in text_cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["order_no"] == '="6928374650123456789"'  # Excel keeps it as text
    assert first["title"] == '\'=HYPERLINK("http://evil","点我")'
    assert first["paid_at"] == "2024-03-01T10:12:33+08:00"
    assert first["amount_yuan"] == "29.90"
    assert first["promised_aftersale_days"] == "30"


def test_xlsx_numbers_are_text_cells_and_no_formula_survives(tmp_path: Path) -> None:
    path = tmp_path / "cases.xlsx"
    export_cases(CASES, path)
    workbook = load_workbook(path)
    sheet = workbook.worksheets[0]
    header = [c.value for c in sheet[1]]
    assert tuple(header) == CASE_COLUMNS
    case_no = sheet.cell(row=3, column=header.index("case_no") + 1)
    assert (case_no.value, case_no.data_type, case_no.number_format) == (
        "298765432101234501234", "s", "@",
    )  # fmt: skip
    reason = sheet.cell(row=2, column=header.index("reason") + 1)
    assert (reason.value, reason.data_type) == ("'=1+1 不想要了", "s")
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    workbook.close()


def test_export_timers(tmp_path: Path) -> None:
    timer = Timer(
        Platform.PINDUODUO, "果园小铺", "240301-512345678901234", "10234567801",
        "merchant_handle", Actor.MERCHANT, T0, T0 + timedelta(hours=48), "auto_refund",
        CaseState.REFUNDED, TimerOrigin.RULE, "pdd.merchant_handle.refund_only", "2024.1",
        "拼多多售后规则 2.2", "seed", Confidence.SEED, 3490,
    )  # fmt: skip
    for suffix in (".csv", ".xlsx"):
        path = tmp_path / f"timers{suffix}"
        export_timers([timer], path)
        if suffix == ".csv":
            rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
            assert tuple(rows[0]) == TIMER_COLUMNS
            values = dict(zip(rows[0], rows[1], strict=True))
        else:
            workbook = load_workbook(path)
            sheet_rows = list(workbook.worksheets[0].iter_rows(values_only=True))
            workbook.close()
            values = dict(zip(sheet_rows[0], sheet_rows[1], strict=True))
        assert values["order_no"] in ("240301-512345678901234",)
        assert values["case_no"] in ('="10234567801"', "10234567801")
        assert values["due_at"] == "2024-03-03T10:12:33+08:00"
        assert values["actor"] == "merchant"
        assert str(values["amount_at_risk_fen"]) == "3490"


def test_export_rows_generic_and_refuses_unknown_suffix(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    export_rows([{"a": 1, "b": None, "c": True}, {"a": "@x"}], ["a", "b", "c"], path)
    assert path.read_text(encoding="utf-8-sig").splitlines() == ["a,b,c", "1,,yes", "'@x,,"]
    with pytest.raises(ValueError, match=r"\.csv or \.xlsx"):
        export_rows([], ["a"], tmp_path / "x.txt")


def test_failed_export_leaves_no_file_behind(tmp_path: Path) -> None:
    path = tmp_path / "orders.csv"
    path.write_text("old content", encoding="utf-8")
    with pytest.raises(ValueError, match="naive"):
        export_rows([{"at": datetime(2024, 1, 1)}], ["at"], path)
    assert path.read_text(encoding="utf-8") == "old content"
    assert [p.name for p in tmp_path.iterdir()] == ["orders.csv"]


def test_buyer_data_is_masked_unless_revealed(tmp_path: Path) -> None:
    import dataclasses

    buyer = dataclasses.replace(
        ORDERS[0],
        buyer_name="张伟",
        buyer_phone="13812345678",
        buyer_address="广东省广州市天河区体育西路1号",
    )
    masked, raw = tmp_path / "masked.csv", tmp_path / "raw.csv"
    export_orders([buyer], masked)
    export_orders([buyer], raw, reveal=True)
    masked_row = read_file(masked).orders[0]
    assert (masked_row.buyer_name, masked_row.buyer_phone, masked_row.buyer_address) == (
        "张*",
        "138****5678",
        "广东省广州市天河区****",
    )
    text = masked.read_text(encoding="utf-8-sig")
    assert "13812345678" not in text
    assert "体育西路" not in text
    assert read_file(raw).orders[0] == buyer
