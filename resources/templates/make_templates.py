"""Write the ShopClock import templates (CSV with BOM and XLSX) in this folder.

Run from the repository root: ``.venv/bin/python resources/templates/make_templates.py``.
The outputs are committed; the app ships them and never runs this script.
"""

from __future__ import annotations

from pathlib import Path

from core.exporters import export_rows
from core.importers.presets import CASE_TEMPLATE_COLUMNS, ORDER_TEMPLATE_COLUMNS

HERE = Path(__file__).resolve().parent

ORDERS = [
    ["pinduoduo", "果园小铺", "240301-512345678901234", "四川爱媛38号果冻橙 5斤装", "34.90",
     "2024-03-01 10:12:33", "2024-03-03 10:12:33", "", "", "fruit", "no", "30"],
    ["taobao", "小林家居", "3712345678901234567", "北欧风实木床头柜 简约现代", "128.00",
     "2024-03-01 21:14:05", "", "2024-03-02 15:00:00", "", "normal", "no", ""],
    ["douyin", "抖店小铺", "6928374650555555555", "定制刻字保温杯 500ml", "49.90",
     "2024-02-20 12:00:01", "2024-02-22 12:00:01", "2024-02-20 18:30:00",
     "2024-02-24 09:00:00", "normal", "yes", ""],
]  # fmt: skip

CASES = [
    ["pinduoduo", "果园小铺", "10234567801", "240301-512345678901234", "refund_only",
     "awaiting_merchant", "2024-03-02 08:00:00", "", "34.90", "不想要了",
     "2024-03-04 08:00:00"],
    ["taobao", "小林家居", "298765432101234502", "3712345678901234567", "return_refund",
     "awaiting_return", "2024-03-02 10:00:00", "2024-03-02 12:00:00", "128.00", "尺寸不合适",
     "2024-03-09 12:00:00"],
    ["douyin", "抖店小铺", "7000000000000000001", "6928374650555555555", "exchange", "closed",
     "2024-02-25 09:00:00", "2024-02-27 09:00:00", "0.00", "商品破损", ""],
]  # fmt: skip


def main() -> None:
    for name, columns, rows in (
        ("orders_template", ORDER_TEMPLATE_COLUMNS, ORDERS),
        ("cases_template", CASE_TEMPLATE_COLUMNS, CASES),
    ):
        records = [dict(zip(columns, row, strict=True)) for row in rows]
        for suffix in (".csv", ".xlsx"):
            export_rows(records, columns, HERE / f"{name}{suffix}")


if __name__ == "__main__":
    main()
