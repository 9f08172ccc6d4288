import pytest

from core.privacy import mask_address, mask_name, mask_phone, scrub


@pytest.mark.parametrize(
    ("raw", "masked"),
    [("张伟", "张*"), ("欧阳娜娜", "欧***"), ("李", "李*"), ("", ""), ("  王芳 ", "王*")],
)
def test_names(raw, masked):
    assert mask_name(raw) == masked


@pytest.mark.parametrize(
    ("raw", "masked"),
    [
        ("13812345678", "138****5678"),
        ("+86 13812345678", "+86 138****5678"),
        ("0755-12345678", "********5678"),
        ("1234", "****"),
        ("", ""),
    ],
)
def test_phones(raw, masked):
    assert mask_phone(raw) == masked


@pytest.mark.parametrize(
    ("raw", "masked"),
    [
        ("广东省广州市天河区体育西路123号4栋502", "广东省广州市天河区****"),
        ("北京市朝阳区建国路88号", "北京市朝阳区****"),
        ("内蒙古自治区呼和浩特市新城区某路1号", "内蒙古自治区呼和浩特市新城区****"),
        ("浙江省杭州市西湖区文三路", "浙江省杭州市西湖区****"),
        ("某地某街1号", "某地****"),
        ("", ""),
    ],
)
def test_addresses(raw, masked):
    assert mask_address(raw) == masked
    assert "号" not in mask_address(raw)


def test_scrub_masks_numbers_in_free_text():
    line = "买家 13812345678 来电，座机 020-87654321，订单 250302-123456789012345"
    out = scrub(line)
    assert "13812345678" not in out
    assert "138****5678" in out
    assert "87654321" not in out
    assert "250302-123456789012345" in out  # order numbers are not phone numbers


def test_a_failed_write_names_no_buyer_in_its_error_or_log(tmp_path, caplog):
    """A write that fails inside SQLite (here a trigger aborts it, as a full disk or a
    damaged file would) raises an error that is printed and logged: its text must not
    carry the row's values (SQLAlchemy puts the parameters into it unless told not to)."""
    import logging
    import sqlite3
    import traceback
    from contextlib import closing

    from sqlalchemy.exc import IntegrityError

    from core.service import Service
    from tests.core.factories import order

    path = tmp_path / "shop.sqlite3"
    Service.open(path).close()
    with closing(sqlite3.connect(path)) as con:
        con.execute(
            "CREATE TRIGGER boom BEFORE INSERT ON orders BEGIN SELECT RAISE(ABORT, 'disk'); END"
        )
        con.commit()
    buyer = {"buyer_name": "王小明", "buyer_phone": "13912345678", "buyer_address": "幸福路88号"}
    service = Service.open(path)
    try:
        with pytest.raises(IntegrityError) as info:
            service.save_manual(orders=[order(**buyer)])
        logging.getLogger("shopclock.test").error("write failed", exc_info=info.value)
    finally:
        service.close()
    shown = "".join(traceback.format_exception(info.value)) + caplog.text
    assert "disk" in shown  # the error itself is there
    for value in buyer.values():
        assert value not in shown
