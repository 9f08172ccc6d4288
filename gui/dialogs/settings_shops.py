"""Settings tab 店铺: each shop's promised after-sales days and its own rule limits.

Contract: edits a working copy of every shop; `problems()` lists what is wrong (nothing
is stored while anything is), `apply()` upserts the shops that changed. A rule override
below the rule's `min_limit_hours` is refused with the reason; whether a limit is below
the minimum is asked of core's engine (`resolve_limit` warns `override_below_minimum`),
never recomputed here. Shops can be added (platform + name); removing one is not offered
(its orders keep referring to it).

Threading: GUI thread only.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from core.domain import Platform, RuleOverride, Shop
from core.rules.engine import W_OVERRIDE_BELOW_MIN
from core.rules.explain import format_limit, render_explanation
from core.rules.model import Rule, Unit
from gui import labels
from gui.dialogs._common import error_label, is_english, show_error

ShopKey = tuple[Platform, str]


class ShopsTab(QWidget):
    def __init__(self, service: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.stored = {(s.platform, s.name): s for s in service.repo.shops()}
        self.working: dict[ShopKey, Shop] = dict(self.stored)
        self.current: ShopKey | None = None

        self.shop_list = QListWidget()
        self.shop_list.currentItemChanged.connect(self.on_shop_selected)
        self.new_platform = QComboBox()
        for platform in Platform:
            self.new_platform.addItem(labels.platform(platform), platform)
        self.new_name = QLineEdit()
        self.new_name.setPlaceholderText(self.tr("New shop name"))
        self.new_name.installEventFilter(self)  # Enter adds the shop, not the dialog's OK
        self.add_shop_button = QPushButton(self.tr("Add shop"))
        self.add_shop_button.clicked.connect(self.on_add_shop_clicked)
        self.add_error = error_label()
        left = QVBoxLayout()
        left.addWidget(self.shop_list, 1)
        add_row = QHBoxLayout()
        add_row.addWidget(self.new_platform)
        add_row.addWidget(self.new_name, 1)
        left.addLayout(add_row)
        left.addWidget(self.add_shop_button)
        left.addWidget(self.add_error)

        self.detail = QGroupBox()
        self.days = QSpinBox()
        self.days.setRange(0, 3650)
        self.days.setSpecialValueText(self.tr("Not promised"))
        self.days.setSuffix(self.tr(" days"))
        self.days.setToolTip(
            self.tr("After-sales period you promise from receipt; 0 means none is promised.")
        )
        self.overrides = QTableWidget(0, 3)
        self.overrides.setHorizontalHeaderLabels(
            [self.tr("Rule"), self.tr("Your limit"), self.tr("Unit")]
        )
        header = self.overrides.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # The cells are widgets, which ResizeToContents does not measure: size the
        # limit and unit columns for their widgets so no unit is cut off.
        for column, widget in ((1, self.limit_spin()), (2, self.unit_combo())):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            title = header.fontMetrics().horizontalAdvance(
                self.overrides.horizontalHeaderItem(column).text()
            )
            header.resizeSection(column, max(widget.sizeHint().width(), title + 16))
            widget.deleteLater()
        self.overrides.verticalHeader().setVisible(False)
        self.overrides.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.overrides.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.overrides.setTabKeyNavigation(False)  # Tab leaves the table (no keyboard trap)
        self.add_override_button = QPushButton(self.tr("Add rule limit"))
        self.add_override_button.clicked.connect(self.on_add_override_clicked)
        self.remove_override_button = QPushButton(self.tr("Remove selected"))
        self.remove_override_button.clicked.connect(self.on_remove_override_clicked)
        self.error = error_label()
        form = QFormLayout()
        form.addRow(self.tr("Promised after-sales days:"), self.days)
        detail_layout = QVBoxLayout(self.detail)
        detail_layout.addLayout(form)
        note = QLabel(
            self.tr(
                "Your own limits replace the platform's for this shop, e.g. when you promise "
                "to handle refunds within 24 hours. A limit below the platform's minimum "
                "is refused."
            )
        )
        note.setWordWrap(True)
        detail_layout.addWidget(note)
        detail_layout.addWidget(self.overrides, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_override_button)
        buttons.addWidget(self.remove_override_button)
        buttons.addStretch(1)
        detail_layout.addLayout(buttons)
        detail_layout.addWidget(self.error)

        layout = QHBoxLayout(self)
        layout.addLayout(left, 2)
        layout.addWidget(self.detail, 5)
        for key in sorted(self.working, key=lambda k: (k[0].value, k[1])):
            self._add_item(key)
        if self.shop_list.count():
            self.shop_list.setCurrentRow(0)
        self.detail.setEnabled(self.current is not None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.new_name
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self.on_add_shop_clicked()
            return True
        return super().eventFilter(watched, event)

    # -- texts --------------------------------------------------------------------------

    def limit_text(self, limit: int, unit: Unit) -> str:
        return format_limit(limit, unit, "en" if is_english() else "zh")

    def unit_text(self, unit: Unit) -> str:
        return {
            Unit.HOURS: self.tr("hours"),
            Unit.DAYS: self.tr("days"),
            Unit.WORKING_DAYS: self.tr("working days"),
            Unit.NEXT_MIDNIGHT: self.tr("days from next midnight"),
        }[Unit(unit)]

    def paren(self, text: str, note: str) -> str:
        """ "text (note)"; Chinese uses full-width brackets."""
        return self.tr("%1 (%2)").replace("%1", text).replace("%2", note)

    def rule_title(self, rule: Rule) -> str:
        parts = [labels.timer(rule.timer)]
        if rule.kinds:
            parts.append("/".join(labels.kind(k) for k in rule.kinds))
        if rule.shipped_at_application is not None:
            parts.append(
                self.tr("shipped") if rule.shipped_at_application else self.tr("unshipped")
            )
        if rule.goods and len(rule.goods) < 3:
            parts.append("/".join(labels.goods(g) for g in rule.goods))
        default = self.tr("platform: %1").replace("%1", self.limit_text(rule.limit, rule.unit))
        return self.paren(" · ".join(parts), default)

    def explain(self, rule: Rule) -> str:
        return render_explanation(rule, "en" if is_english() else "zh")

    def rules(self, platform: Platform) -> list[Rule]:
        pack = self.service.book.pack(platform)
        return [r for r in pack.rules if r.limit is not None and not r.informational]

    # -- shops --------------------------------------------------------------------------

    def _add_item(self, key: ShopKey) -> QListWidgetItem:
        item = QListWidgetItem(self.paren(key[1], labels.platform(key[0])))
        item.setData(Qt.ItemDataRole.UserRole, key)
        self.shop_list.addItem(item)
        return item

    def on_add_shop_clicked(self) -> None:
        name = self.new_name.text().strip()
        platform = Platform(self.new_platform.currentData())
        if not name:
            show_error(self.add_error, self.tr("Enter the new shop's name."))
            return
        if (platform, name) in self.working:
            show_error(self.add_error, self.tr("This shop already exists."))
            return
        show_error(self.add_error, "")
        self.working[(platform, name)] = Shop(platform, name)
        self.shop_list.setCurrentItem(self._add_item((platform, name)))
        self.new_name.clear()

    def on_shop_selected(self, item: QListWidgetItem | None, _previous: object) -> None:
        self.collect()
        self.current = item.data(Qt.ItemDataRole.UserRole) if item else None
        self.detail.setEnabled(self.current is not None)
        self.overrides.setRowCount(0)
        if self.current is None:
            return
        shop = self.working[self.current]
        self.detail.setTitle(self.paren(shop.name, labels.platform(shop.platform)))
        self.days.setValue(shop.promised_aftersale_days or 0)
        for override in shop.rule_overrides:
            self.add_override_row(override)

    # -- overrides ----------------------------------------------------------------------

    def limit_spin(self) -> QSpinBox:
        limit = QSpinBox()
        limit.setRange(0, 9999)
        return limit

    def unit_combo(self) -> QComboBox:
        unit = QComboBox()
        for value in Unit:
            unit.addItem(self.unit_text(value), value)
        return unit

    def add_override_row(self, override: RuleOverride | None = None) -> None:
        assert self.current is not None
        rules = self.rules(self.current[0])
        row = self.overrides.rowCount()
        self.overrides.insertRow(row)
        rule_combo = QComboBox()
        for rule in rules:
            rule_combo.addItem(self.rule_title(rule), rule.id)
            rule_combo.setItemData(
                rule_combo.count() - 1, self.explain(rule), Qt.ItemDataRole.ToolTipRole
            )
        limit = self.limit_spin()
        unit = self.unit_combo()
        if override is not None:
            index = rule_combo.findData(override.rule_id)
            if index < 0:  # a rule the newest pack no longer has: keep it visible
                rule_combo.addItem(override.rule_id, override.rule_id)
                index = rule_combo.count() - 1
            rule_combo.setCurrentIndex(index)
            limit.setValue(override.limit)
            unit.setCurrentIndex(unit.findData(Unit(override.unit)))
        elif rules:
            limit.setValue(rules[0].limit)
            unit.setCurrentIndex(unit.findData(rules[0].unit))
        by_index = list(rules)

        def follow_rule(index: int) -> None:  # a newly chosen rule starts at its own limit
            if 0 <= index < len(by_index):
                limit.setValue(by_index[index].limit)
                unit.setCurrentIndex(unit.findData(by_index[index].unit))

        rule_combo.currentIndexChanged.connect(follow_rule)
        self.overrides.setCellWidget(row, 0, rule_combo)
        self.overrides.setCellWidget(row, 1, limit)
        self.overrides.setCellWidget(row, 2, unit)

    def on_add_override_clicked(self) -> None:
        self.add_override_row()

    def on_remove_override_clicked(self) -> None:
        rows = sorted({i.row() for i in self.overrides.selectionModel().selectedRows()})
        if not rows and self.overrides.rowCount():
            rows = [self.overrides.currentRow()] if self.overrides.currentRow() >= 0 else []
        for row in reversed(rows):
            self.overrides.removeRow(row)

    def collect(self) -> None:
        """Store the shown shop's fields into the working copy."""
        if self.current is None:
            return
        overrides = []
        for row in range(self.overrides.rowCount()):
            rule_id = self.overrides.cellWidget(row, 0).currentData()
            limit = self.overrides.cellWidget(row, 1).value()
            unit = self.overrides.cellWidget(row, 2).currentData()
            overrides.append(RuleOverride(rule_id, limit, Unit(unit).value))
        days = self.days.value() or None
        shop = self.working[self.current]
        self.working[self.current] = replace(
            shop, promised_aftersale_days=days, rule_overrides=tuple(overrides)
        )

    # -- checking and storing -----------------------------------------------------------

    def override_problem(self, shop: Shop, override: RuleOverride) -> str:
        rules = {r.id: r for r in self.rules(shop.platform)}
        rule = rules.get(override.rule_id)
        name = rule and self.rule_title(rule)
        if rule is None:
            return (
                self.tr("Shop %1: the rule %2 no longer exists; remove it.")
                .replace("%1", shop.name)
                .replace("%2", override.rule_id)
            )
        if override.limit < 1:
            return (
                self.tr("Shop %1, %2: the limit must be at least 1.")
                .replace("%1", shop.name)
                .replace("%2", name)
            )
        trial = replace(shop, rule_overrides=(override,))
        resolved = self.service.engine.resolve_limit(
            rule, shop.platform, trial, self.service.clock.now()
        )
        if resolved is not None and W_OVERRIDE_BELOW_MIN in resolved.warnings:
            return (
                self.tr(
                    "Shop %1, %2: %3 is below the platform's minimum of %4 hours; "
                    "the platform does not allow a shorter limit."
                )
                .replace("%1", shop.name)
                .replace("%2", name)
                .replace("%3", self.limit_text(override.limit, Unit(override.unit)))
                .replace("%4", f"{rule.min_limit_hours:g}")
            )
        return ""

    def problems(self) -> list[str]:
        self.collect()
        found: list[str] = []
        for shop in self.working.values():
            seen: set[str] = set()
            for override in shop.rule_overrides:
                if override.rule_id in seen:
                    found.append(
                        self.tr("Shop %1: the same rule is listed twice.").replace("%1", shop.name)
                    )
                seen.add(override.rule_id)
                problem = self.override_problem(shop, override)
                if problem:
                    found.append(problem)
        show_error(self.error, "\n".join(found))
        return found

    def changed(self) -> list[Shop]:
        self.collect()
        return [s for k, s in self.working.items() if self.stored.get(k) != s]

    def apply(self) -> None:
        shops = self.changed()
        if shops:
            self.service.repo.upsert_shops(shops)
