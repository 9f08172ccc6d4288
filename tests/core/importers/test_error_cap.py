"""A plan counts every row error but lists only the first `max_errors` (by row)."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.importers import ERRORS_KEPT, FileError, InvalidImport, commit_plan, read_file
from core.importers.errors import ErrorLog
from tests.core.importers.test_commit import AT

PDD = "订单号,用户实付金额(元),支付时间,发货时间,确认收货时间\n"
GOOD = "{n},10.00,2024-03-01 10:00,2024-03-02 10:00,\n"
BAD = "{n},x,soon,2024-03-02 10:00,\n"  # two errors: the amount and the paid time


def write(tmp_path: Path, rows: list[str]) -> Path:
    path = tmp_path / "orders.csv"
    path.write_text(PDD + "".join(rows), encoding="utf-8")
    return path


class Target:
    """What commit_plan writes to, remembering what it was given."""

    def __init__(self) -> None:
        self.orders: tuple = ()

    def get_shop(self, platform, name):
        return None

    def apply_import(self, *, shops, orders, cases, source, at, supplied=None):
        self.orders = tuple(orders)
        return len(self.orders)


def test_the_first_errors_are_listed_and_all_are_counted(tmp_path: Path) -> None:
    rows = [(BAD if n % 3 else GOOD).format(n=f"A{n}") for n in range(30)]  # 20 bad, 10 good
    path = write(tmp_path, rows)
    full = read_file(path)
    capped = read_file(path, max_errors=5)
    assert len(full.errors) == full.errors_total == 40
    assert capped.errors == full.errors[:5]
    assert [e.row for e in capped.errors] == [3, 3, 4, 4, 6]
    assert (capped.errors_total, capped.rows_with_errors) == (40, 20)
    assert (full.errors_total, full.rows_with_errors) == (40, 20)
    assert capped.orders == full.orders
    assert capped.rows_valid == 10
    assert capped.error_summary() == (
        "共 40 处错误（涉及 20 行），仅列出前 5 处",
        "40 error(s) in 20 row(s); only the first 5 are listed",
    )
    assert full.error_summary() == ("共 40 处错误（涉及 20 行）", "40 error(s) in 20 row(s)")


def test_an_error_found_late_in_an_early_row_is_still_listed_first(tmp_path: Path) -> None:
    """Duplicate keys are found after the last row: row 2's error must still lead."""
    rows = [GOOD.format(n="D")] + [BAD.format(n=f"B{n}") for n in range(10)]
    rows.append(GOOD.format(n="D"))
    rows.append(BAD.format(n="B3"))  # a bad row repeating a bad row's number
    plan = read_file(write(tmp_path, rows), max_errors=3)
    assert [(e.row, e.code) for e in plan.errors] == [
        (2, "duplicate_key"), (3, "bad_money"), (3, "bad_time"),
    ]  # fmt: skip
    full = read_file(write(tmp_path, rows))
    assert plan.errors == full.errors[:3]
    assert plan.errors_total == full.errors_total == 2 + 2 * 11 + 2  # duplicates: 2 pairs
    assert plan.rows_with_errors == full.rows_with_errors == 13
    assert full.errors[-1].message_zh == "第14行「订单号」：与第6行重复「B3」"
    assert plan.rows_valid == 0


def test_commit_refuses_naming_the_total_and_skip_invalid_keeps_the_valid_rows(
    tmp_path: Path,
) -> None:
    rows = [(BAD if n % 2 else GOOD).format(n=f"A{n}") for n in range(10)]
    plan = read_file(write(tmp_path, rows), max_errors=2)
    target = Target()
    with pytest.raises(InvalidImport) as refused:
        commit_plan(plan, target, at=AT)
    assert "共 10 处错误（涉及 5 行），仅列出前 2 处" in str(refused.value)
    assert target.orders == ()
    assert commit_plan(plan, target, skip_invalid=True, at=AT) == 5
    assert sorted(o.order_no for o in target.orders) == ["A0", "A2", "A4", "A6", "A8"]


def test_the_cap_must_leave_room_for_one_error(tmp_path: Path) -> None:
    assert ERRORS_KEPT >= 100
    with pytest.raises(ValueError, match="at least 1"):
        ErrorLog(0)
    with pytest.raises(ValueError, match="at least 1"):
        read_file(write(tmp_path, [BAD.format(n="A")]), max_errors=0)


def test_a_malformed_row_far_down_the_file_is_a_file_error(tmp_path: Path) -> None:
    """Rows are parsed as they are validated: the CSV error still becomes a FileError."""
    rows = [GOOD.format(n=f"A{n}") for n in range(100)]
    rows.append(f"A100,{'9' * 200_000},2024-03-01 10:00,,\n")  # above csv's field limit
    with pytest.raises(FileError) as err:
        read_file(write(tmp_path, rows))
    assert err.value.code == "bad_csv"
    # in Chinese, with where (the header is line 1): the csv module's words were English
    assert "第102行附近的单元格过长" in err.value.message_zh
    assert "field limit" not in err.value.message_zh
