"""Settings: every tab stores its part, and a bad value anywhere stores nothing at all."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication

from core.domain import HolidayOverride, Platform, RuleOverride, Shop
from gui.dialogs.settings_dialog import SettingsDialog
from tests.gui.dialogs.conftest import db_fingerprint


@pytest.fixture
def dialog(qtbot, service):
    service.repo.upsert_shops([Shop(Platform.PINDUODUO, "多多鲜果铺")])
    d = SettingsDialog(service, None)
    qtbot.addWidget(d)
    return d


def set_override(tab, row: int, rule_id: str, limit: int, unit: str) -> None:
    rule, spin, units = (tab.overrides.cellWidget(row, c) for c in range(3))
    rule.setCurrentIndex(rule.findData(rule_id))
    spin.setValue(limit)
    units.setCurrentIndex(units.findData(unit))


def test_thresholds_round_trip(qtbot, dialog, service):
    assert (dialog.reminders.soon.value(), dialog.reminders.urgent.value()) == (12, 2)
    dialog.reminders.soon.setValue(24)
    dialog.reminders.urgent.setValue(3.5)
    dialog.on_ok_clicked()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert service.repo.get_setting("urgency.soon_hours") == 24
    assert service.repo.get_setting("urgency.urgent_hours") == 3.5

    again = SettingsDialog(service, None)
    qtbot.addWidget(again)
    assert (again.reminders.soon.value(), again.reminders.urgent.value()) == (24, 3.5)


def test_invalid_thresholds_are_refused_and_nothing_is_stored(dialog, service):
    before = db_fingerprint(service)
    dialog.holidays.add_row()  # a valid change on another tab must not be stored either
    dialog.reminders.urgent.setValue(20)
    dialog.on_ok_clicked()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert dialog.tabs.currentWidget() is dialog.reminders
    assert not dialog.reminders.error.isHidden()
    assert dialog.reminders.error.text() == "「紧急」（20 小时）不能大于「即将到期」（12 小时）。"
    assert db_fingerprint(service) == before
    assert service.repo.get_setting("urgency.urgent_hours") is None
    assert service.repo.holiday_overrides() == []


def test_zero_hours_are_refused_naming_the_field(dialog):
    dialog.reminders.urgent.setValue(0)
    assert dialog.problems() == ["「紧急」必须大于 0 小时。"]


def test_holiday_override_is_saved_and_the_calendar_reloaded(dialog, service):
    day = date(2026, 10, 17)  # a Saturday off
    assert not service.engine.calendar.is_workday(day)
    row = dialog.holidays.add_row()
    dialog.holidays.table.cellWidget(row, 0).setDate(QDate(2026, 10, 17))
    dialog.holidays.table.cellWidget(row, 1).setCurrentIndex(1)  # working day
    dialog.holidays.table.item(row, 2).setText("公司补班")
    assert dialog.holidays.table.item(row, 3).text() == "休息日"
    dialog.on_ok_clicked()
    assert service.repo.holiday_overrides() == [HolidayOverride(day, True, "公司补班")]
    assert service.engine.calendar.is_workday(day)


def test_a_day_listed_twice_is_refused(dialog, service):
    dialog.holidays.add_row()
    dialog.holidays.add_row()
    dialog.on_ok_clicked()
    assert dialog.holidays.error.text() == "「日期」2026-03-10 出现了两次。"
    assert service.repo.holiday_overrides() == []


def test_removing_a_holiday_row(dialog, service):
    service.repo.set_holiday_overrides([HolidayOverride(date(2026, 1, 2), False)])
    again = SettingsDialog(service, None)
    assert again.holidays.table.rowCount() == 1
    again.holidays.table.selectRow(0)
    again.holidays.on_remove_clicked()
    again.on_ok_clicked()
    assert service.repo.holiday_overrides() == []
    again.deleteLater()


def test_an_override_below_the_rule_minimum_is_refused_with_the_reason(dialog, service):
    tab = dialog.shops
    assert tab.current == (Platform.PINDUODUO, "多多鲜果铺")
    tab.add_override_row()
    set_override(tab, 0, "refund_only.merchant_handle", 12, "hours")
    dialog.on_ok_clicked()
    assert dialog.tabs.currentWidget() is tab
    message = tab.error.text()
    assert message.startswith("店铺「多多鲜果铺」")
    assert "：12小时低于平台规定的下限24小时，" in message
    assert service.repo.get_shop(Platform.PINDUODUO, "多多鲜果铺").rule_overrides == ()


def test_a_valid_override_and_promised_days_are_stored(dialog, service):
    tab = dialog.shops
    tab.days.setValue(30)
    tab.add_override_row()
    set_override(tab, 0, "refund_only.merchant_handle", 36, "hours")
    dialog.on_ok_clicked()
    shop = service.repo.get_shop(Platform.PINDUODUO, "多多鲜果铺")
    assert shop.promised_aftersale_days == 30
    assert shop.rule_overrides == (RuleOverride("refund_only.merchant_handle", 36, "hours"),)


def test_a_new_shop_can_be_added(dialog, service):
    tab = dialog.shops
    tab.new_platform.setCurrentIndex(tab.new_platform.findData(Platform.DOUYIN))
    tab.new_name.setText("抖音好物馆")
    tab.on_add_shop_clicked()
    assert tab.current == (Platform.DOUYIN, "抖音好物馆")
    tab.on_add_shop_clicked()  # the name field is empty again
    assert tab.add_error.text() == "请填写新店铺的名称。"
    dialog.on_ok_clicked()
    assert service.repo.get_shop(Platform.DOUYIN, "抖音好物馆") is not None


def test_language_is_stored(dialog, service, private_qsettings):
    assert dialog.language.chinese.isChecked()
    dialog.language.english.setChecked(True)
    dialog.on_ok_clicked()
    assert service.repo.get_setting("ui.language") == "en"
    assert dialog.language_changed


def test_data_tab_shows_the_folder_and_backs_up(qtbot, dialog, service):
    tab = dialog.data
    assert tab.folder == service.db.path.parent
    if tab.api is None:
        assert tab.backup_status.text() == "备份功能将在以后的版本中提供。"
        return
    assert tab.backups.item(0).text() == "还没有备份。"
    tab.on_backup_clicked()
    qtbot.waitUntil(lambda: tab.backup_button.isEnabled())
    assert tab.backup_status.text().startswith("已备份到 ")
    assert tab.backups.item(0).text().startswith("shopclock-")


def test_enter_in_the_new_shop_name_adds_the_shop_and_keeps_the_dialog_open(qtbot, dialog, service):
    dialog.show()
    qtbot.waitExposed(dialog)
    tab = dialog.shops
    tab.new_name.setText("新开的店")
    tab.new_name.setFocus()
    qtbot.keyClick(tab.new_name, Qt.Key.Key_Return)
    assert dialog.isVisible()  # Enter did not press OK
    assert tab.current == (Platform.PINDUODUO, "新开的店")
    assert service.repo.get_shop(Platform.PINDUODUO, "新开的店") is None  # not before OK


def test_override_and_holiday_widgets_are_not_cut_off(dialog):
    tab = dialog.shops
    tab.add_override_row()
    spin, unit = tab.overrides.cellWidget(0, 1), tab.overrides.cellWidget(0, 2)
    assert unit.currentText() == "小时"
    assert tab.overrides.columnWidth(1) >= spin.sizeHint().width()
    assert tab.overrides.columnWidth(2) >= unit.sizeHint().width()
    holidays = dialog.holidays
    holidays.on_add_clicked()
    for column in (0, 1):
        widget = holidays.table.cellWidget(0, column)
        assert holidays.table.columnWidth(column) >= widget.sizeHint().width()


def test_choosing_another_rule_starts_at_that_rules_platform_limit(dialog):
    tab = dialog.shops
    tab.add_override_row()
    rule, spin, unit = (tab.overrides.cellWidget(0, c) for c in range(3))
    rules = {r.id: r for r in tab.rules(Platform.PINDUODUO)}
    other = next(r for r in rules.values() if r.unit != rules[rule.currentData()].unit)
    rule.setCurrentIndex(rule.findData(other.id))
    assert spin.value() == other.limit
    assert unit.currentData() == other.unit
    assert tab.problems() == []


def tab_away(qtbot, dialog, table, presses: int = 12) -> bool:
    """Press Tab from a table's first cell widget: does the focus ever leave the table?"""
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    table.cellWidget(0, 0).setFocus()
    for _ in range(presses):
        widget = QApplication.focusWidget()
        if widget is not table and not table.isAncestorOf(widget):
            return True
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
    return False


def test_tab_leaves_the_override_and_holiday_tables(qtbot, dialog):
    dialog.tabs.setCurrentWidget(dialog.shops)
    dialog.shops.add_override_row()
    dialog.shops.add_override_row()
    assert tab_away(qtbot, dialog, dialog.shops.overrides)
    dialog.tabs.setCurrentWidget(dialog.holidays)
    dialog.holidays.on_add_clicked()
    dialog.holidays.on_add_clicked()
    assert tab_away(qtbot, dialog, dialog.holidays.table)
