"""The import wizard driven page by page, as an operator would, on a real SQLite file."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QWizard

from core.domain import Platform
from gui.dialogs.import_state import CHECK, DETECT, DONE, FILE, MAPPING, PREVIEW
from gui.dialogs.import_wizard import ImportWizard
from tests.gui.dialogs.conftest import db_fingerprint

GOOD = """订单号,商品,用户实付金额(元),支付时间,发货时间,确认收货时间
240301-000000000000001,保温杯,10.00,2024-03-01 10:00:00,,
240301-000000000000002,保温杯,25.50,2024-03-01 11:00:00,2024-03-02 10:00:00,
"""
BAD = """订单号,商品,用户实付金额(元),支付时间,发货时间,确认收货时间
240301-000000000000001,保温杯,10.00,2024-03-01 10:00:00,,
240301-000000000000002,保温杯,10.00,2024-13-01 10:00:00,,
240301-000000000000003,保温杯,abc,2024-03-01 10:00:00,,
"""
UNKNOWN_HEADERS = """单号,金额,下单付款时间,备注
240301-000000000000007,19.90,2024-03-01 10:00:00,加急
240301-000000000000008,5.00,2024-03-02 09:30:00,
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8-sig")
    return path


@pytest.fixture
def wizard(qtbot, service):
    w = ImportWizard(service, None)
    qtbot.addWidget(w)
    w.restart()
    return w


def go_next(qtbot, wizard, expected: int) -> None:
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentId() == expected, timeout=10_000)


def commit(qtbot, wizard) -> None:
    assert wizard.button(QWizard.WizardButton.CommitButton).isEnabled()
    go_next(qtbot, wizard, DONE)


def test_good_file_imports_and_shows_counts(qtbot, wizard, service, tmp_path):
    wizard.set_path(write(tmp_path, "orders.csv", GOOD))
    go_next(qtbot, wizard, DETECT)
    page = wizard.detect_page
    assert page.format_label.text() == "拼多多订单导出"
    assert page.encoding_label.text() == "UTF-8（带 BOM）"
    assert page.header_label.text() == "第 1 行"
    assert page.rows_label.text() == "2"
    page.shop_combo.setEditText("多多小铺")
    go_next(qtbot, wizard, PREVIEW)  # the new shop name is read again, then Next moves on
    preview = wizard.preview_page.model
    assert preview.rowCount() == 2
    assert preview.headerData(0, Qt.Orientation.Vertical, Qt.ItemDataRole.DisplayRole) == "2"
    go_next(qtbot, wizard, CHECK)
    assert wizard.check_page.summary.text().startswith("共 2 行数据，其中 2 条订单可以导入")
    commit(qtbot, wizard)

    assert wizard.done_page.orders.text() == "订单：新增 2，更新 0，未变 0"
    assert wizard.done_page.cases.text() == "售后单：新增 0，更新 0，未变 0"
    orders = service.repo.orders()
    assert {o.order_no for o in orders} == {"240301-000000000000001", "240301-000000000000002"}
    assert {o.shop for o in orders} == {"多多小铺"}
    assert {o.amount_fen for o in orders} == {1000, 2550}


def test_same_file_again_changes_nothing(qtbot, service, tmp_path):
    path = write(tmp_path, "orders.csv", GOOD)
    for expected in ("订单：新增 2，更新 0，未变 0", "订单：新增 0，更新 0，未变 2"):
        wizard = ImportWizard(service, None)
        qtbot.addWidget(wizard)
        wizard.restart()
        wizard.set_path(path)
        go_next(qtbot, wizard, DETECT)
        go_next(qtbot, wizard, PREVIEW)
        go_next(qtbot, wizard, CHECK)
        commit(qtbot, wizard)
        assert wizard.done_page.orders.text() == expected


def test_bad_file_lists_errors_by_row_and_column_and_writes_nothing(
    qtbot, wizard, service, tmp_path
):
    before = db_fingerprint(service)
    wizard.set_path(write(tmp_path, "bad.csv", BAD))
    go_next(qtbot, wizard, DETECT)
    assert wizard.detect_page.rows_label.text() == "3（其中 2 行有问题）"
    go_next(qtbot, wizard, PREVIEW)
    preview = wizard.preview_page.model
    assert preview.data(preview.index(1, 3), Qt.ItemDataRole.BackgroundRole) is not None
    assert preview.data(preview.index(0, 3), Qt.ItemDataRole.BackgroundRole) is None
    go_next(qtbot, wizard, CHECK)

    errors = wizard.check_page.model
    rows = [[errors.text(r, c) for c in range(4)] for r in range(errors.rowCount())]
    assert rows[0][:3] == ["第3行", "「支付时间」", "2024-13-01 10:00:00"]
    assert "无法识别的时间" in rows[0][3]
    assert rows[1][:2] == ["第4行", "「用户实付金额(元)」"]
    assert "金额" in rows[1][3]
    tooltip = errors.data(errors.index(0, 3), Qt.ItemDataRole.ToolTipRole)
    assert tooltip.startswith("第3行「支付时间」：")
    assert not wizard.button(QWizard.WizardButton.CommitButton).isEnabled()
    assert not wizard.check_page.skip.isHidden()

    wizard.reject()
    assert wizard.result is None
    assert db_fingerprint(service) == before
    assert service.repo.orders() == []


def test_skip_invalid_imports_only_the_valid_rows(qtbot, wizard, service, tmp_path):
    wizard.set_path(write(tmp_path, "bad.csv", BAD))
    go_next(qtbot, wizard, DETECT)
    go_next(qtbot, wizard, PREVIEW)
    go_next(qtbot, wizard, CHECK)
    wizard.check_page.skip.setChecked(True)
    commit(qtbot, wizard)
    assert wizard.done_page.orders.text() == "订单：新增 1，更新 0，未变 0"
    assert wizard.done_page.skipped.text() == "已跳过 2 行无效数据。"
    assert [o.order_no for o in service.repo.orders()] == ["240301-000000000000001"]


@pytest.mark.parametrize("cancel_on", [FILE, DETECT, PREVIEW, CHECK])
def test_cancel_on_any_page_writes_nothing(qtbot, wizard, service, tmp_path, cancel_on):
    before = db_fingerprint(service)
    wizard.set_path(write(tmp_path, "orders.csv", GOOD))
    for page in (DETECT, PREVIEW, CHECK):
        if wizard.currentId() == cancel_on:
            break
        go_next(qtbot, wizard, page)
    wizard.reject()
    assert wizard.result is None
    assert db_fingerprint(service) == before


def test_unknown_headers_show_the_mapping_page_and_the_mapping_imports(
    qtbot, wizard, service, tmp_path
):
    wizard.set_path(write(tmp_path, "mine.csv", UNKNOWN_HEADERS))
    go_next(qtbot, wizard, DETECT)
    assert wizard.detect_page.format_label.text() == "未识别"
    assert not wizard.detect_page.error.isHidden()
    go_next(qtbot, wizard, PREVIEW)
    go_next(qtbot, wizard, MAPPING)

    page = wizard.mapping_page
    page.preset_combo.setCurrentIndex(page.preset_combo.findData("pdd_orders"))
    assert set(page.combos) == {"order_no", "amount_yuan", "paid_at"}
    assert not page.isComplete()
    for field, header in (
        ("order_no", "单号"),
        ("amount_yuan", "金额"),
        ("paid_at", "下单付款时间"),
    ):
        combo = page.combos[field]
        combo.setCurrentIndex(combo.findData(header))
    assert "例：19.90" in page.combos["amount_yuan"].currentText()
    assert page.isComplete()
    go_next(qtbot, wizard, CHECK)
    assert wizard.request.mapping == (
        ("amount_yuan", "金额"),
        ("order_no", "单号"),
        ("paid_at", "下单付款时间"),
    )
    commit(qtbot, wizard)
    orders = {o.order_no: o for o in service.repo.orders()}
    assert orders["240301-000000000000007"].amount_fen == 1990
    assert orders["240301-000000000000008"].platform is Platform.PINDUODUO


def test_unreadable_file_stays_on_the_first_page(qtbot, wizard, tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    wizard.set_path(path)
    wizard.next()
    qtbot.waitUntil(lambda: not wizard.busy)
    assert wizard.currentId() == FILE
    assert wizard.file_page.error.text() == "文件是空的。"


def test_a_dropped_file_is_chosen(qtbot, wizard, tmp_path):
    path = write(tmp_path, "orders.csv", GOOD)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    wizard.file_page.dropEvent(event)
    assert wizard.request.path == path
    assert wizard.file_page.isComplete()


def test_errors_are_english_when_the_app_is(qtbot, qapp, chinese, service, tmp_path):
    qapp.removeTranslator(chinese)
    wizard = ImportWizard(service, None)
    qtbot.addWidget(wizard)
    wizard.restart()
    wizard.set_path(write(tmp_path, "bad.csv", BAD))
    go_next(qtbot, wizard, DETECT)
    assert wizard.detect_page.format_label.text() == "Pinduoduo order export"
    assert wizard.detect_page.header_label.text() == "row 1"
    go_next(qtbot, wizard, PREVIEW)
    go_next(qtbot, wizard, CHECK)
    tooltip = wizard.check_page.model.data(
        wizard.check_page.model.index(0, 3), Qt.ItemDataRole.ToolTipRole
    )
    assert tooltip.startswith('Row 3, column "支付时间": ')


def test_an_unrecognised_file_still_shows_its_encoding_and_header_row(qtbot, wizard, tmp_path):
    path = tmp_path / "mine.csv"
    path.write_bytes(UNKNOWN_HEADERS.encode("gb18030"))
    wizard.set_path(path)
    go_next(qtbot, wizard, DETECT)
    page = wizard.detect_page
    assert page.format_label.text() == "未识别"
    assert page.encoding_label.text() == "GBK / GB18030"
    missing = write(tmp_path, "missing.csv", "商品,订单号\n保温杯,240301-000000000000001\n")
    wizard.back()
    wizard.set_path(missing)
    go_next(qtbot, wizard, DETECT)
    assert "缺少必需的列" in page.error.text()
    assert page.encoding_label.text() == "UTF-8（带 BOM）"
    assert page.header_label.text() == "第 1 行"  # the error names row 1 as the header


def test_a_shop_name_two_platforms_share_is_filed_under_the_chosen_one(qtbot, service, tmp_path):
    from core.domain import Shop

    service.repo.upsert_shops([Shop(Platform.DOUYIN, "同名店"), Shop(Platform.PINDUODUO, "同名店")])
    wizard = ImportWizard(service, None)
    qtbot.addWidget(wizard)
    wizard.restart()
    wizard.set_path(write(tmp_path, "orders.csv", GOOD))  # Pinduoduo, no shop column
    go_next(qtbot, wizard, DETECT)
    combo = wizard.detect_page.shop_combo
    assert [combo.itemText(i) for i in range(combo.count())] == ["同名店", "同名店"]
    for platform, fits in (("douyin", False), ("pinduoduo", True)):
        index = next(i for i in range(combo.count()) if combo.itemData(i) == platform)
        combo.setCurrentIndex(index)
        combo.activated.emit(index)
        qtbot.waitUntil(lambda: not wizard.busy)
        assert wizard.request.platform == platform
        assert wizard.detect_page.error.isHidden() is fits  # a Douyin shop does not fit
    go_next(qtbot, wizard, PREVIEW)
    go_next(qtbot, wizard, CHECK)
    commit(qtbot, wizard)
    assert {(o.platform, o.shop) for o in service.repo.orders()} == {(Platform.PINDUODUO, "同名店")}


def test_one_column_for_two_fields_is_refused_on_the_mapping_page(qtbot, wizard, service, tmp_path):
    wizard.set_path(write(tmp_path, "mine.csv", UNKNOWN_HEADERS))
    go_next(qtbot, wizard, DETECT)
    go_next(qtbot, wizard, PREVIEW)
    go_next(qtbot, wizard, MAPPING)
    page = wizard.mapping_page
    page.preset_combo.setCurrentIndex(page.preset_combo.findData("pdd_orders"))
    for combo in page.combos.values():
        combo.setCurrentIndex(combo.findData("单号"))
    before = db_fingerprint(service)
    wizard.next()
    qtbot.wait(100)
    assert not wizard.busy
    assert wizard.currentId() == MAPPING
    assert page.error.text() == "「单号」列被选给了多个字段；每个字段需要各自的一列。"
    page.combos["amount_yuan"].setCurrentIndex(page.combos["amount_yuan"].findData("金额"))
    assert page.error.isHidden()
    page.combos["paid_at"].setCurrentIndex(page.combos["paid_at"].findData("下单付款时间"))
    go_next(qtbot, wizard, CHECK)
    assert db_fingerprint(service) == before
