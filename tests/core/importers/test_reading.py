"""Reading rules: encodings, XLSX cells, header search, presets, mapping, shops, platforms."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from core.clock import SHANGHAI
from core.domain import CaseState, Platform, Shop
from core.importers import PRESETS, FileError, read_file
from core.importers.presets import CASE_TEMPLATE_COLUMNS, ORDER_TEMPLATE_COLUMNS

TEMPLATES = Path(__file__).resolve().parents[3] / "resources" / "templates"
PDD = "订单号,用户实付金额(元),支付时间,发货时间,确认收货时间\n"


def write(tmp_path: Path, text: str, encoding: str = "utf-8", name: str = "f.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def xlsx(tmp_path: Path, rows: list[list[object]], name: str = "f.xlsx") -> Path:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    workbook.save(tmp_path / name)
    return tmp_path / name


@pytest.mark.parametrize(
    ("encoding", "reported"),
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("gbk", "gb18030"),
     ("gb18030", "gb18030"), ("utf-16", "utf-16")],
)  # fmt: skip
def test_encodings(tmp_path: Path, encoding: str, reported: str) -> None:
    text = PDD + "240301-1,12.50,2024-03-01 10:00,,\n"
    text = text.replace("\n", "\r\n") if encoding == "gbk" else text
    path = write(tmp_path, text, encoding)
    plan = read_file(path)
    assert (plan.encoding, plan.errors, len(plan.orders)) == (reported, (), 1)


def test_short_gbk_that_charset_normalizer_misreads(tmp_path: Path) -> None:
    """charset-normalizer calls this tiny GBK file UTF-16; it still reads as GB18030."""
    text = "订单号,用户实付金额(元),支付时间\n1,2,2024-03-01 10:00\n"
    plan = read_file(write(tmp_path, text, "gbk"))
    assert (plan.encoding, plan.orders[0].order_no) == ("gb18030", "1")


def test_gb18030_only_characters(tmp_path: Path) -> None:
    path = write(tmp_path, PDD + "240301-𠀀,1,2024-03-01 10:00,,\n", "gb18030")
    plan = read_file(path)
    assert plan.orders[0].order_no == "240301-𠀀"


def test_tab_separated_and_semicolon_files(tmp_path: Path) -> None:
    for sep in ("\t", ";"):
        text = (PDD + "240301-1,12.50,2024-03-01 10:00,,\n").replace(",", sep)
        plan = read_file(write(tmp_path, text))
        assert [o.amount_fen for o in plan.orders] == [1250]


def test_header_found_below_title_rows_but_not_after_row_30(tmp_path: Path) -> None:
    title = "拼多多订单导出\n导出时间：2024-03-05\n\n"
    plan = read_file(write(tmp_path, title + PDD + "240301-1,1,2024-03-01 10:00,,\n"))
    assert plan.header_row == 4
    assert plan.orders[0].order_no == "240301-1"
    with pytest.raises(FileError) as info:
        read_file(write(tmp_path, "说明\n" * 30 + PDD + "240301-1,1,2024-03-01 10:00,,\n"))
    assert info.value.code == "unknown_format"


def test_rows_are_numbered_as_excel_shows_them(tmp_path: Path) -> None:
    text = "说明\n" + PDD + "240301-1,1,2024-03-01 10:00,,\n\n240301-2,x,2024-03-01 10:00,,\n"
    plan = read_file(write(tmp_path, text))
    assert plan.rows_total == 2
    assert [(e.row, e.column, e.value) for e in plan.errors] == [(5, "用户实付金额(元)", "x")]


def test_multiline_cells_count_as_one_row(tmp_path: Path) -> None:
    text = PDD.replace("订单号", "商品,订单号") + '"两行\n标题",240301-1,1,2024-03-01 10:00,,\n'
    text += "三,240301-2,-1,2024-03-01 10:00,,\n"
    plan = read_file(write(tmp_path, text))
    assert plan.orders[0].title == "两行\n标题"
    assert plan.errors[0].row == 3


def test_xlsx_cells(tmp_path: Path) -> None:
    paid = datetime(2024, 3, 1, 10, 0)
    path = xlsx(tmp_path, [
        ["主订单编号", "订单应付金额", "支付完成时间", "收件人手机号"],
        ["6928374650123456789", 29.9, paid, 13800138000],
        [123456789012, 30, "2024-03-01 10:00:00", None],
        [6.928374650987654e18, 1, paid, None],
        ["6928374650123456000", None, paid, None],
    ])  # fmt: skip
    plan = read_file(path)
    assert [(o.order_no, o.amount_fen) for o in plan.orders] == [
        ("6928374650123456789", 2990), ("123456789012", 3000),
    ]  # fmt: skip
    assert plan.orders[0].paid_at == datetime(2024, 3, 1, 10, tzinfo=SHANGHAI)
    assert plan.orders[0].buyer_phone == "13800138000"
    assert [(e.row, e.code) for e in plan.errors] == [(4, "id_lost_digits"), (5, "required")]
    assert "第4行「主订单编号」" in plan.errors[0].message_zh
    assert "单元格 A4" in plan.errors[0].message_zh
    assert "(cell A4)" in plan.errors[0].message_en


def test_a_16_digit_number_cell_is_refused_not_cut(tmp_path: Path) -> None:
    """Found by testing: refund number 2987654321012347, typed into Excel, is kept as
    2987654321012340 (15 significant digits) and was imported as that other number."""
    path = xlsx(tmp_path, [
        ["退款编号", "订单编号", "退款状态", "退款的申请时间", "买家退款金额", "是否需要退货"],
        [2987654321012340.0, "3712345678901234567", "买家已经申请退款，等待卖家同意",
         "2026-11-22 09:00:00", "10.00", "否"],
        [298765432101234, "3712345678901234568", "买家已经申请退款，等待卖家同意",
         "2026-11-22 09:00:00", "10.00", "否"],
    ])  # fmt: skip
    plan = read_file(path)
    assert [(e.row, e.code) for e in plan.errors] == [(2, "id_lost_digits")]
    assert "单元格 A2" in plan.errors[0].message_zh
    assert [c.case_no for c in plan.cases] == ["298765432101234"]  # 15 digits: exact


@pytest.mark.parametrize(
    ("content", "name", "code"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "old.xls", "xls_unsupported"),
        (b"order_no,amount\n1,2\n", "named.xlsx", "bad_xlsx"),
        (b"PK\x03\x04garbage", "zip.xlsx", "bad_xlsx"),
        (b"\xef\xbb\xbf", "bom_only.csv", "empty"),
        (b"  \r\n\r\n", "blank.csv", "empty"),
        (b"a,b\x00,c\n", "nul.csv", "bad_csv"),
        (b"\xef\xbb\xbf\xff\xfe", "bad_bom.csv", "encoding"),
        (b"hello,world\n1,2\n", "unknown.csv", "unknown_format"),
    ],
)
def test_unusable_files(tmp_path: Path, content: bytes, name: str, code: str) -> None:
    with pytest.raises(FileError) as info:
        read_file(write_bytes(tmp_path / name, content))
    assert info.value.code == code


def write_bytes(path: Path, content: bytes) -> Path:
    path.write_bytes(content)
    return path


def test_missing_file_is_a_file_error(tmp_path: Path) -> None:
    with pytest.raises(FileError) as info:
        read_file(tmp_path / "nope.csv")
    assert info.value.code == "unreadable"


def test_empty_first_sheet(tmp_path: Path) -> None:
    with pytest.raises(FileError) as info:
        read_file(xlsx(tmp_path, []))
    assert info.value.code == "empty"


def test_forced_preset_and_unknown_preset(tmp_path: Path) -> None:
    path = write(tmp_path, PDD + "240301-1,1,2024-03-01 10:00,,\n")
    assert read_file(path, preset="pdd_orders").preset == "pdd_orders"
    with pytest.raises(FileError) as info:
        read_file(path, preset="douyin_orders")
    assert info.value.code == "missing_columns"
    assert info.value.details["missing"] == ("order_no", "amount_yuan")
    with pytest.raises(FileError) as info:
        read_file(path, preset="jd_orders")
    assert info.value.code == "unknown_preset"


def test_mapping_names_unknown_headers(tmp_path: Path) -> None:
    path = write(tmp_path, "单号,实收,下单付款时刻\n240301-1,9.90,2024-03-01 10:00\n")
    with pytest.raises(FileError):
        read_file(path, preset="pdd_orders")
    mapping = {"order_no": "单号", "amount_yuan": "实收", "paid_at": "下单付款时刻"}
    plan = read_file(path, preset="pdd_orders", mapping=mapping)
    assert (plan.orders[0].order_no, plan.orders[0].amount_fen) == ("240301-1", 990)
    with pytest.raises(FileError) as info:
        read_file(path, preset="pdd_orders", mapping={"colour": "单号"})
    assert info.value.code == "bad_mapping"


def test_mapping_overrides_an_alias(tmp_path: Path) -> None:
    text = "订单号,用户实付金额(元),商品总价(元),支付时间\n240301-1,9.90,12.00,2024-03-01 10:00\n"
    path = write(tmp_path, text)
    assert read_file(path).orders[0].amount_fen == 990
    assert read_file(path, mapping={"amount_yuan": "商品总价(元)"}).orders[0].amount_fen == 1200


def test_amount_falls_back_to_the_next_column_when_empty(tmp_path: Path) -> None:
    text = "订单号,用户实付金额(元),商品总价(元),支付时间\n240301-1,,12.00,2024-03-01 10:00\n"
    assert read_file(write(tmp_path, text)).orders[0].amount_fen == 1200


def test_shop_column_argument_and_default(tmp_path: Path) -> None:
    text = "店铺,订单号,用户实付金额(元),支付时间\n" + \
        "甲店,240301-1,1,2024-03-01 10:00\n,240301-2,1,2024-03-01 10:00\n"  # fmt: skip
    plan = read_file(write(tmp_path, text), shop="乙店")
    assert [o.shop for o in plan.orders] == ["甲店", "乙店"]
    assert set(plan.shops) == {Shop(Platform.PINDUODUO, "甲店"), Shop(Platform.PINDUODUO, "乙店")}
    plan = read_file(write(tmp_path, PDD + "240301-1,1,2024-03-01 10:00,,\n"))
    assert plan.orders[0].shop == "默认店铺"


REFUNDS = "退款编号,订单编号,退款状态,退款的申请时间,买家退款金额,是否需要退货{extra}\n"


def test_tmall_from_shop_type_title_rows_or_the_chosen_shop(tmp_path: Path) -> None:
    row = "2987,3712,退款成功,2024-03-01 10:00,1.00,否"
    header = REFUNDS.format(extra=",店铺类型")
    plan = read_file(write(tmp_path, header + row + ",天猫\n" + row.replace("2987", "2988")
                           + ",淘宝\n"))  # fmt: skip
    assert [c.platform for c in plan.cases] == [Platform.TMALL, Platform.TAOBAO]
    assert plan.platform is None
    plain = REFUNDS.format(extra="") + row + "\n"
    assert read_file(write(tmp_path, plain)).platform is Platform.TAOBAO
    assert read_file(write(tmp_path, "天猫退款导出\n" + plain)).platform is Platform.TMALL
    assert read_file(write(tmp_path, plain), shop="某某天猫旗舰店").platform is Platform.TMALL
    assert read_file(write(tmp_path, plain), platform=Platform.TMALL).platform is Platform.TMALL
    with pytest.raises(FileError) as info:
        read_file(write(tmp_path, plain), platform="douyin")
    assert info.value.code == "platform_mismatch"
    with pytest.raises(FileError) as info:
        read_file(write(tmp_path, PDD + "240301-1,1,2024-03-01 10:00,,\n"), platform="taobao")
    assert info.value.code == "platform_mismatch"
    with pytest.raises(FileError) as info:
        read_file(write(tmp_path, plain), platform="jd")
    assert info.value.code == "bad_platform"


def test_taobao_refund_needs_a_kind(tmp_path: Path) -> None:
    header = "退款编号,订单编号,退款状态,退款的申请时间,买家退款金额,售后类型,客服介入状态\n"
    text = header + "1,9,退款成功,2024-03-01 10:00,1,,不需要客服介入\n"
    text += "2,9,等待卖家同意,2024-03-01 10:00,1,退货退款,需要客服介入\n"
    text += "3,9,等待卖家同意,2024-03-01 10:00,1,仅退款,客服在喝茶\n"
    plan = read_file(write(tmp_path, text))
    assert [(e.row, e.column, e.code) for e in plan.errors] == [
        (2, "是否需要退货", "required"), (4, "客服介入状态", "unknown_value"),
    ]  # fmt: skip
    assert [(c.case_no, c.state) for c in plan.cases] == [("2", CaseState.INTERVENTION)]


def test_refund_larger_than_the_order_amount(tmp_path: Path) -> None:
    header = REFUNDS.format(extra=",买家实际支付金额")
    text = header + "1,9,退款成功,2024-03-01 10:00,50.00,否,40.00\n"
    plan = read_file(write(tmp_path, text))
    assert [(e.column, e.code, e.value) for e in plan.errors] == [
        ("买家退款金额", "refund_exceeds_order", "50.00"),
    ]
    assert "40.00" in plan.errors[0].message_zh


def test_case_state_since_before_applied(tmp_path: Path) -> None:
    text = ",".join(CASE_TEMPLATE_COLUMNS) + "\n"
    text += "pinduoduo,,1,9,refund_only,rejected,2024-03-02 10:00,2024-03-01 10:00,1,,\n"
    plan = read_file(write(tmp_path, text))
    assert [e.code for e in plan.errors] == ["state_since_before_applied"]


def test_template_choices_in_chinese_and_bad_values(tmp_path: Path) -> None:
    text = ",".join(ORDER_TEMPLATE_COLUMNS) + "\n"
    text += "拼多多,店,1,,1,2024-03-01 10:00,,,,水果,是,30\n"
    text += "京东,店,2,,1,2024-03-01 10:00,,,,石头,也许,-3\n"
    text += "pdd,店,3,,1,2024-03-01 10:00,,,,,,15\n"
    plan = read_file(write(tmp_path, text))
    assert [(e.row, e.column) for e in plan.errors] == [
        (3, "platform"), (3, "goods_type"), (3, "customised"), (3, "promised_aftersale_days"),
        (4, "promised_aftersale_days"),
    ]  # fmt: skip
    assert plan.errors[-1].code == "conflicting_shop_setting"
    assert plan.orders[0].customised is True
    assert plan.shops == (Shop(Platform.PINDUODUO, "店", promised_aftersale_days=30),)


def test_sub_orders_with_the_same_sub_number_are_duplicates(tmp_path: Path) -> None:
    header = "主订单编号,子订单编号,订单应付金额,支付完成时间,发货时间\n"
    text = header + "69,691,1.00,2024-03-01 10:00,2024-03-01 12:00\n"
    text += "69,691,2.00,2024-03-01 10:00,\n"
    text += "70,701,1.00,2024-03-01 10:00,2024-03-01 12:00\n"
    text += "70,702,2.00,2024-03-01 10:00,\n"
    text += "71,711,x,2024-03-01 10:00,\n71,712,1,2024-03-01 10:00,\n"
    plan = read_file(write(tmp_path, text))
    assert [(e.row, e.code) for e in plan.errors] == [
        (2, "duplicate_key"), (3, "duplicate_key"), (6, "bad_money"),
    ]  # fmt: skip
    (order,) = plan.orders
    assert (order.order_no, order.amount_fen, order.shipped_at) == ("70", 300, None)


def test_every_preset_has_required_fields_and_unique_aliases() -> None:
    for preset in PRESETS.values():
        assert preset.required
        aliases = [a for c in preset.columns for a in c.aliases]
        assert len(aliases) == len(set(aliases)), preset.name


@pytest.mark.parametrize("name", ["orders_template", "cases_template"])
@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_templates_import_cleanly(name: str, suffix: str) -> None:
    path = TEMPLATES / f"{name}{suffix}"
    plan = read_file(path)
    assert plan.errors == ()
    assert 2 <= plan.rows_total <= 3
    assert len(plan.orders) + len(plan.cases) == plan.rows_total
    if suffix == ".csv":
        assert path.read_bytes().startswith(b"\xef\xbb\xbf")
        header = path.read_text(encoding="utf-8-sig").splitlines()[0].split(",")
        columns = ORDER_TEMPLATE_COLUMNS if name == "orders_template" else CASE_TEMPLATE_COLUMNS
        assert tuple(header) == columns


def test_implausible_year_and_huge_amount_are_row_errors(tmp_path: Path) -> None:
    """A year 9999 used to be stored and then broke every deadline of the database; an
    amount past SQLite's INTEGER failed only when written, as an internal error."""
    text = PDD + "1,10.00,9999-12-31 23:59:59,,\n"
    text += "2,99999999999999999999999.99,2024-03-01 10:00,,\n"
    text += "3,10.00,2024-03-01 10:00,,\n"
    plan = read_file(write(tmp_path, text))
    assert [(e.row, e.column, e.code) for e in plan.errors] == [
        (2, "支付时间", "implausible_time"),
        (3, "用户实付金额(元)", "amount_too_large"),
    ]
    assert "2000" in plan.errors[0].message_zh
    assert "金额过大" in plan.errors[1].message_zh
    assert [o.order_no for o in plan.orders] == ["3"]


def test_messages_after_the_whole_file_still_name_the_cell(tmp_path: Path) -> None:
    """A good row keeps only the cells a message may name once every row was read
    (core.importers.validate._LATE): duplicate keys, also in a row shorter than the
    header, and a merged Douyin order the domain refuses are named by their column
    and cell."""
    text = ",".join(ORDER_TEMPLATE_COLUMNS) + "\n"
    text += "拼多多,店,7,,1,2024-03-01 10:00,,,,水果,是,30\n"
    text += "拼多多,店,7,,1,2024-03-01 10:00\n"  # short: no trailing cells
    plan = read_file(write(tmp_path, text))
    assert [(e.row, e.column, e.value, e.code) for e in plan.errors] == [
        (2, "order_no", "7", "duplicate_key"),
        (3, "order_no", "7", "duplicate_key"),
    ]
    header = "主订单编号,子订单编号,订单应付金额,支付完成时间\n"
    text = header + " 69 ,691,60000000.00,2024-03-01 10:00\n"
    text += "69,692,60000000.00,2024-03-01 10:00\n"  # together over MAX_AMOUNT_FEN
    plan = read_file(write(tmp_path, text, name="douyin.csv"))
    assert [(e.row, e.column, e.value, e.code) for e in plan.errors] == [
        (2, "主订单编号", "69", "invalid"),
    ]
    assert plan.orders == ()
