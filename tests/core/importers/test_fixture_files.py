"""The committed fixture files, one real export format each, read end to end."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from core.clock import SHANGHAI
from core.domain import CaseKind, CaseState, Platform, Shop
from core.importers import FileError, read_file


def sh(*args: int) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)


def test_pdd_orders_gbk_new_headers(fixtures: Path) -> None:
    plan = read_file(fixtures / "pdd_orders_new_gbk.csv", shop="果园小铺")
    assert (plan.preset, plan.platform, plan.kind) == ("pdd_orders", Platform.PINDUODUO, "orders")
    assert plan.encoding == "gb18030"
    assert (plan.header_row, plan.rows_total, plan.errors) == (1, 3, ())
    assert plan.shops == (Shop(Platform.PINDUODUO, "果园小铺"),)
    unshipped, shipped, received = plan.orders
    assert unshipped.order_no == "240301-512345678901234"
    assert unshipped.title == "【新鲜现摘】四川爱媛38号果冻橙 5斤装"
    assert unshipped.amount_fen == 3490  # 用户实付金额 wins over 商品总价
    assert unshipped.paid_at == sh(2024, 3, 1, 10, 12, 33)
    assert unshipped.ship_by == sh(2024, 3, 3, 10, 12, 33)  # platform-given 承诺发货时间
    assert unshipped.group_success_at == sh(2024, 3, 1, 10, 12, 35)
    assert unshipped.shipped_at is None
    assert unshipped.received_at is None
    assert (unshipped.buyer_name, unshipped.buyer_phone) == ("王**", "138****5678")
    assert shipped.title == "纯棉男士袜子,10双装"
    assert shipped.shipped_at == sh(2024, 3, 1, 18, 40)
    assert received.received_at == sh(2024, 3, 2, 14, 22, 10)
    assert {o.shop for o in plan.orders} == {"果园小铺"}


def test_pdd_orders_utf8_bom_old_headers(fixtures: Path) -> None:
    plan = read_file(fixtures / "pdd_orders_old_utf8bom.csv")
    assert (plan.preset, plan.encoding, plan.errors) == ("pdd_orders", "utf-8-sig", ())
    blueberries, sugar = plan.orders
    assert blueberries.paid_at == sh(2023, 11, 20, 8, 15, 42)  # 订单成交时间
    assert blueberries.amount_fen == 5990  # only 商品总价 in this generation
    assert sugar.paid_at == sh(2023, 11, 21, 9, 5)  # Excel-style 2023/11/21 9:05
    assert sugar.received_at is None
    assert plan.shops == (Shop(Platform.PINDUODUO, "默认店铺"),)


def test_pdd_aftersales(fixtures: Path) -> None:
    plan = read_file(fixtures / "pdd_aftersales.csv")
    assert (plan.preset, plan.kind, plan.errors) == ("pdd_aftersales", "cases", ())
    by_no = {c.case_no: c for c in plan.cases}
    assert [(c.kind, c.state) for c in plan.cases] == [
        (CaseKind.REFUND_ONLY, CaseState.AWAITING_MERCHANT),
        (CaseKind.RETURN_REFUND, CaseState.AWAITING_RETURN),
        (CaseKind.REFUND_ONLY, CaseState.REJECTED),
        (CaseKind.EXCHANGE, CaseState.AWAITING_MERCHANT),
        (CaseKind.REFUND_ONLY, CaseState.INTERVENTION),
        (CaseKind.RETURN_REFUND, CaseState.REFUNDED),
        (CaseKind.REFUND_ONLY, CaseState.CANCELLED),
    ]
    first = by_no["10234567801"]
    assert first.order_no == "240301-512345678901234"
    assert first.applied_at == first.state_since == sh(2024, 3, 2, 8)
    assert first.amount_fen == 3490
    assert first.reason == "不想要了"
    assert first.platform_deadline == sh(2024, 3, 4, 8)  # 处理截止时间
    assert by_no["10234567803"].platform_deadline is None
    assert by_no["10234567806"].tracking_no == "YT1234567890123"


def test_taobao_export_order_list_gbk_with_excel_text_ids(fixtures: Path) -> None:
    plan = read_file(fixtures / "taobao_orders_gbk.csv")
    assert (plan.preset, plan.platform, plan.encoding) == (
        "taobao_orders", Platform.TAOBAO, "gb18030",
    )  # fmt: skip
    assert plan.errors == ()
    assert [o.order_no for o in plan.orders] == [
        "3712345678901234567", "3712345678901234568", "3698765432101234567",
    ]  # fmt: skip
    paid, shipped, done = plan.orders
    assert paid.amount_fen == 12800
    assert paid.paid_at == sh(2024, 3, 1, 21, 14, 5)
    assert paid.buyer_phone == "138****9753"  # leading ' stripped
    assert paid.shop == "小林家居旗舰店"  # from the file's 店铺名称
    assert shipped.title == "=抱枕套 45x45 不含芯"  # kept as text, never evaluated
    assert done.received_at == sh(2024, 2, 25, 11, 11, 11)
    assert plan.shops == (Shop(Platform.TAOBAO, "小林家居旗舰店"),)


def test_taobao_orders_as_tmall_when_the_shop_is_tmall(fixtures: Path) -> None:
    plan = read_file(fixtures / "taobao_orders_gbk.csv", platform="tmall")
    assert plan.platform is Platform.TMALL
    assert {o.platform for o in plan.orders} == {Platform.TMALL}


def test_taobao_refunds_platform_deadlines(fixtures: Path) -> None:
    plan = read_file(fixtures / "taobao_refunds.csv")
    assert (plan.preset, plan.platform, plan.encoding, plan.errors) == (
        "taobao_refunds", Platform.TAOBAO, "utf-8", (),
    )  # fmt: skip
    states = [(c.case_no, c.kind, c.state, c.platform_deadline) for c in plan.cases]
    assert states == [
        ("298765432101234501", CaseKind.REFUND_ONLY, CaseState.AWAITING_MERCHANT,
         sh(2024, 3, 4, 9)),
        ("298765432101234502", CaseKind.RETURN_REFUND, CaseState.AWAITING_RETURN,
         sh(2024, 3, 8, 12)),
        ("298765432101234503", CaseKind.RETURN_REFUND, CaseState.RETURN_SHIPPED,
         sh(2024, 3, 7, 10)),
        # 客服已经介入: intervention, and the deadline is 举证超时, not 超时时间
        ("298765432101234504", CaseKind.REFUND_ONLY, CaseState.INTERVENTION,
         sh(2024, 3, 6, 18)),
        ("298765432101234505", CaseKind.REFUND_ONLY, CaseState.REFUNDED, None),
        ("298765432101234506", CaseKind.RETURN_REFUND, CaseState.CLOSED, None),
    ]  # fmt: skip
    assert plan.cases[0].order_no == "3712345678901234567"
    assert plan.cases[4].amount_fen == 2000


def test_douyin_xlsx_with_title_rows_and_sub_orders(fixtures: Path) -> None:
    plan = read_file(fixtures / "douyin_orders.xlsx", shop="果园小铺")
    assert (plan.preset, plan.platform, plan.encoding) == ("douyin_orders", Platform.DOUYIN, "xlsx")
    assert (plan.header_row, plan.rows_total, plan.errors) == (3, 4, ())
    single, merged, done = plan.orders
    assert single.order_no == "6928374650123456789"  # 19 digits, exact
    assert single.paid_at == sh(2024, 3, 4, 20, 0, 5)  # a real Excel date cell
    assert single.ship_by == sh(2024, 3, 6, 20, 0, 5)
    assert merged.order_no == "6928374650987654321"
    assert merged.amount_fen == 2990 + 1500  # two sub-orders of one main order
    assert merged.title == "赣南脐橙 5斤装；麻阳冰糖橙 3斤装"
    assert merged.shipped_at == sh(2024, 3, 2, 10)  # shipped when the last sub-order was
    assert done.received_at == sh(2024, 2, 24, 9)
    assert done.shipped_at == sh(2024, 2, 20, 18, 30)


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("bad_encoding.csv", "encoding"),
        ("random_bytes.csv", "encoding"),
        ("empty.csv", "empty"),
        ("bad_truncated.xlsx", "bad_xlsx"),
        ("bad_missing_columns.csv", "missing_columns"),
    ],
)
def test_bad_files_raise_file_error(fixtures: Path, name: str, code: str) -> None:
    with pytest.raises(FileError) as info:
        read_file(fixtures / name)
    error = info.value
    assert error.code == code
    zh, en = str(error).split("\n")
    assert zh == error.message_zh
    assert any("\u4e00" <= ch <= "\u9fff" for ch in zh)
    assert en == error.message_en
    assert en[0].isascii()
    assert en.isascii() or code == "missing_columns"  # names the file's Chinese headers


def test_missing_columns_tells_the_mapping_dialog_what_it_needs(fixtures: Path) -> None:
    with pytest.raises(FileError) as info:
        read_file(fixtures / "bad_missing_columns.csv")
    details = info.value.details
    assert details["preset"] == "pdd_orders"
    assert details["missing"] == ("amount_yuan", "paid_at")
    assert details["missing_headers"] == ("用户实付金额(元)", "支付时间")
    assert details["headers"] == ("商品", "订单号", "订单状态", "快递单号")
    assert "「支付时间」" in info.value.message_zh


def test_bad_dates_and_impossible_facts(fixtures: Path) -> None:
    plan = read_file(fixtures / "bad_dates.csv")
    assert [(e.row, e.column, e.code) for e in plan.errors] == [
        (2, "支付时间", "bad_time"),
        (3, "支付时间", "bad_time"),
        (4, "确认收货时间", "received_before_shipped"),
        (5, "发货时间", "shipped_before_paid"),
    ]
    assert plan.errors[0].message_zh == "第2行「支付时间」：无法识别的时间「2024-13-01 10:00:00」"
    assert plan.errors[0].value == "2024-13-01 10:00:00"
    assert [o.order_no for o in plan.orders] == ["240301-000000000000005"]


def test_negative_and_malformed_amounts(fixtures: Path) -> None:
    plan = read_file(fixtures / "bad_negative.csv")
    assert [(e.row, e.code) for e in plan.errors] == [
        (2, "negative_amount"),
        (3, "too_many_decimals"),
        (4, "bad_money"),
    ]
    assert [o.amount_fen for o in plan.orders] == [123450]


def test_duplicate_keys_name_both_rows(fixtures: Path) -> None:
    plan = read_file(fixtures / "bad_duplicates.csv")
    assert [(e.row, e.code) for e in plan.errors] == [(2, "duplicate_key"), (4, "duplicate_key")]
    assert "第4行" in plan.errors[0].message_zh
    assert "第2行" in plan.errors[1].message_zh
    assert [o.order_no for o in plan.orders] == ["240301-000000000000022"]


def test_unknown_status_texts_are_row_errors_not_guesses(fixtures: Path) -> None:
    plan = read_file(fixtures / "bad_unknown_status.csv")
    assert [(e.row, e.column, e.value) for e in plan.errors] == [
        (2, "售后状态", "换货补寄待用户处理"),
        (3, "售后类型", "维修"),
        (3, "售后状态", "待商家同意维修"),
    ]
    assert {e.code for e in plan.errors} == {"unknown_value"}
    assert [c.case_no for c in plan.cases] == ["10234567903"]
