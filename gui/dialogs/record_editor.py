"""Type in or correct one order or one after-sales case.

Contract: `OrderEditor(service, parent, order=None)` / `CaseEditor(service, parent,
case=None)`; `.exec()` returns Accepted after the record was saved through
`service.save_manual` (source manual; `.saved` holds the ImportResult). Editing keeps
the record's platform and number (they are its key) and every field the form does not
show. Numbers are text; money is parsed by core (Decimal, integer fen); times are
edited as Asia/Shanghai wall-clock time. Every check shows a message under its field
and keeps Save disabled; the domain dataclass is built on each edit, and a ValueError
it raises is shown as a message too.

Threading: GUI thread; saving one row is a short local transaction.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QWidget

from core.domain import Case, CaseKind, CaseState, GoodsType, Order, Platform
from core.importers.cells import format_yuan, parse_id, parse_money_fen
from core.importers.errors import CellProblem
from gui import fmt, labels
from gui.dialogs._common import (
    OptionalDateTime,
    datetime_edit,
    from_qdatetime,
    is_english,
    to_qdatetime,
)
from gui.dialogs._form import RecordForm

# a time typed as "now" on a PC whose clock is a little ahead of the database's others
FUTURE_SLACK = timedelta(minutes=5)
# order times that record what happened (ship-by is a deadline: it may lie ahead)
HAPPENED = ("group_success_at", "shipped_at", "received_at")
# cases whose goods come back: only for an order shipped when the case was asked for
GOODS_BACK = frozenset({CaseKind.RETURN_REFUND, CaseKind.EXCHANGE})
RETURN_STATES = frozenset({CaseState.AWAITING_RETURN, CaseState.RETURN_SHIPPED})

_LABELS = {
    Platform: labels.platform,
    CaseKind: labels.kind,
    CaseState: labels.state,
    GoodsType: labels.goods,
}


def enum_combo(values: type, current: Any = None) -> QComboBox:
    combo = QComboBox()
    for value in values:
        combo.addItem(_LABELS[values](value), value)
    if current is not None:
        combo.setCurrentIndex(combo.findData(current))
    return combo


def _minute(moment: datetime) -> datetime:
    return moment.replace(second=0, microsecond=0)


class _Editor(RecordForm):
    """Shared fields of both editors (platform, shop, number checks, money, errors)."""

    def __init__(self, service: Any, parent: QWidget | None, editing: bool) -> None:
        super().__init__(service, parent)
        self.editing = editing
        self.english = is_english()
        self.now = _minute(service.clock.now())
        self.shops = service.repo.shops()

    def platform_and_shop(self, platform: Platform | None, shop: str) -> None:
        self.platform_combo = enum_combo(Platform, platform)
        self.platform_combo.setEnabled(not self.editing)
        self.shop_combo = QComboBox()
        self.shop_combo.setEditable(True)
        self.shop_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.fill_shops(shop)
        self.platform_combo.currentIndexChanged.connect(self.on_platform_changed)
        self.add_field("platform", self.platform_label(), self.platform_combo, required=True)
        self.add_field("shop", self.shop_label(), self.shop_combo, required=True)

    def fill_shops(self, current: str) -> None:
        platform = self.platform()
        self.shop_combo.clear()
        for shop in self.shops:
            if shop.platform is platform:
                self.shop_combo.addItem(shop.name)
        self.shop_combo.setEditText(current or self.shop_combo.itemText(0))

    def on_platform_changed(self, _index: int) -> None:
        # A shop belongs to one platform: keeping the old platform's name would save
        # the record under a shop that does not exist there (and create it).
        self.fill_shops(self.platform_shop())

    def platform_shop(self) -> str:
        """The shop a record of the chosen platform starts with: its first shop, or ""."""
        platform = self.platform()
        return next((s.name for s in self.shops if s.platform is platform), "")

    def platform(self) -> Platform:
        return Platform(self.platform_combo.currentData())

    def shop_name(self) -> str:
        return self.shop_combo.currentText().strip()

    def number(self, edit: QLineEdit, key: str, problems: dict[str, str], empty: str) -> str:
        try:
            value = parse_id(edit.text())
        except CellProblem as exc:
            problems[key] = exc.en if self.english else exc.zh
            return ""
        if value is None:
            problems[key] = empty
            return ""
        return value

    def money(self, edit: QLineEdit, key: str, problems: dict[str, str], empty: str) -> int:
        try:
            fen = parse_money_fen(edit.text())
        except CellProblem as exc:
            problems[key] = exc.en if self.english else exc.zh
            return 0
        if fen is None:
            problems[key] = empty
            return 0
        return fen

    def domain_error(self, exc: ValueError, problems: dict[str, str]) -> None:
        """A rule of the domain dataclass the form did not check itself."""
        problems.setdefault("", self.not_saved().replace("%1", str(exc)))

    # Leaf classes provide the translated texts (self.tr uses the runtime class name).
    def platform_label(self) -> str:
        raise NotImplementedError

    def shop_label(self) -> str:
        raise NotImplementedError

    def not_saved(self) -> str:
        raise NotImplementedError


class OrderEditor(_Editor):
    def __init__(
        self, service: Any, parent: QWidget | None = None, order: Order | None = None
    ) -> None:
        super().__init__(service, parent, editing=order is not None)
        self.original = order
        self.setWindowTitle(self.tr("Edit order") if order else self.tr("New order"))
        self.platform_and_shop(order.platform if order else None, order.shop if order else "")

        self.order_no = QLineEdit(order.order_no if order else "")
        self.order_no.setReadOnly(self.editing)
        self.order_no.setPlaceholderText(self.tr("As shown on the platform, e.g. 240101-1234"))
        self.add_field("order_no", self.tr("Order number"), self.order_no, required=True)
        self.title_edit = QLineEdit(order.title if order else "")
        self.add_field("title", self.tr("Goods"), self.title_edit)
        self.amount = QLineEdit(format_yuan(order.amount_fen) if order else "")
        self.amount.setPlaceholderText(self.tr("Yuan, e.g. 129.90"))
        self.add_field("amount", self.tr("Amount paid (yuan)"), self.amount, required=True)

        self.paid_at = datetime_edit()
        self.paid_at.setDateTime(to_qdatetime(order.paid_at if order else self.now))
        self.add_field("paid_at", self.tr("Paid at (Beijing time)"), self.paid_at, required=True)
        unknown = self.tr("Unknown")
        self.times: dict[str, OptionalDateTime] = {}
        for key, text in (
            ("group_success_at", self.tr("Group formed at")),
            ("ship_by", self.tr("Ship by")),
            ("shipped_at", self.tr("Shipped at")),
            ("received_at", self.tr("Receipt confirmed at")),
        ):
            field = OptionalDateTime(unknown, self.now)
            field.set_value(getattr(order, key) if order else None)
            self.times[key] = field
            self.add_field(key, text, field)

        self.goods_type = enum_combo(GoodsType, order.goods_type if order else None)
        self.add_field("goods_type", self.tr("Goods type"), self.goods_type)
        self.customised = QCheckBox(self.tr("Made to order (customised)"))
        self.customised.setChecked(bool(order and order.customised))
        self.add_field("customised", self.tr("Customised"), self.customised)
        self.presale = QCheckBox(self.tr("Pre-sale order"))
        self.presale.setChecked(bool(order and order.presale))
        self.add_field("presale", self.tr("Pre-sale"), self.presale)
        self.finish()

    def platform_label(self) -> str:
        return self.tr("Platform")

    def shop_label(self) -> str:
        return self.tr("Shop")

    def not_saved(self) -> str:
        return self.tr("Cannot save: %1")

    def build(self, problems: dict[str, str]) -> Order | None:
        platform = self.platform()
        if not self.shop_name():
            problems["shop"] = self.tr("Enter the shop name.")
        order_no = self.number(
            self.order_no, "order_no", problems, self.tr("Enter the order number.")
        )
        if order_no and not self.editing and self.service.repo.get_order(platform, order_no):
            problems["order_no"] = self.tr(
                "This platform already has order %1; open it from the list to edit it."
            ).replace("%1", order_no)
        amount = self.money(
            self.amount, "amount", problems, self.tr("Enter the amount paid, e.g. 129.90.")
        )
        paid_at = from_qdatetime(self.paid_at.dateTime())
        times = {key: field.value() for key, field in self.times.items()}
        shipped, received = times["shipped_at"], times["received_at"]
        if times["group_success_at"] and times["group_success_at"] < paid_at:
            problems["group_success_at"] = self.tr("The group cannot form before payment.")
        if times["ship_by"] and times["ship_by"] < paid_at:
            problems["ship_by"] = self.tr("The ship-by time cannot be before payment.")
        if shipped and shipped < paid_at:
            problems["shipped_at"] = self.tr("Shipping cannot be before payment.")
        if received and shipped and received < shipped:
            problems["received_at"] = self.tr("Receipt cannot be before shipping.")
        elif received and received < paid_at:
            problems["received_at"] = self.tr("Receipt cannot be before payment.")
        latest = self.service.clock.now() + FUTURE_SLACK
        for key, when in (("paid_at", paid_at), *((k, times[k]) for k in HAPPENED)):
            if when and when > latest and key not in problems:
                problems[key] = self.tr("This has not happened yet: the time is in the future.")
        if problems:
            return None
        values = dict(
            platform=platform,
            shop=self.shop_name(),
            order_no=order_no,
            amount_fen=amount,
            paid_at=paid_at,
            title=self.title_edit.text().strip(),
            goods_type=GoodsType(self.goods_type.currentData()),
            customised=self.customised.isChecked(),
            presale=self.presale.isChecked(),
            **times,
        )
        try:
            if self.original is not None:  # keeps the buyer fields the form does not show
                return replace(self.original, **values)
            return Order(**values)
        except ValueError as exc:
            self.domain_error(exc, problems)
            return None

    def check(self) -> dict[str, str]:
        problems: dict[str, str] = {}
        self.build(problems)
        return problems

    def save(self) -> Any:
        order = self.build({})
        assert order is not None  # on_ok_clicked saves only after check() passed
        return self.service.save_manual(orders=[order])


class CaseEditor(_Editor):
    def __init__(self, service: Any, parent: QWidget | None = None, case: Case | None = None):
        super().__init__(service, parent, editing=case is not None)
        self.original = case
        self.setWindowTitle(self.tr("Edit after-sales case") if case else self.tr("New case"))
        self.platform_and_shop(case.platform if case else None, case.shop if case else "")

        self.case_no = QLineEdit(case.case_no if case else "")
        self.case_no.setReadOnly(self.editing)
        self.add_field("case_no", self.tr("Case number"), self.case_no, required=True)
        self.order_no = QLineEdit(case.order_no if case else "")
        self.add_field("order_no", self.tr("Order number"), self.order_no, required=True)
        self.kind = enum_combo(CaseKind, case.kind if case else None)
        self.add_field("kind", self.tr("Type"), self.kind)
        self.state = enum_combo(CaseState, case.state if case else None)
        self.add_field("state", self.tr("Status"), self.state)
        self.applied_at = datetime_edit()
        self.applied_at.setDateTime(to_qdatetime(case.applied_at if case else self.now))
        self.add_field("applied_at", self.tr("Applied at (Beijing time)"), self.applied_at)
        self.state_since = OptionalDateTime(self.tr("Same as applied"), self.now)
        if case and case.state_since != case.applied_at:
            self.state_since.set_value(case.state_since)
        self.add_field("state_since", self.tr("Status since"), self.state_since)
        self.amount = QLineEdit(format_yuan(case.amount_fen) if case else "")
        self.amount.setPlaceholderText(self.tr("Yuan, e.g. 129.90"))
        self.add_field("amount", self.tr("Refund amount (yuan)"), self.amount, required=True)
        self.reason = QLineEdit(case.reason if case else "")
        self.add_field("reason", self.tr("Reason"), self.reason)
        self.deadline = OptionalDateTime(self.tr("Not given"), self.now)
        self.deadline.set_value(case.platform_deadline if case else None)
        self.add_field("platform_deadline", self.tr("Platform deadline"), self.deadline)
        self.order_no.editingFinished.connect(self.on_order_no_finished)
        self.finish()

    def platform_label(self) -> str:
        return self.tr("Platform")

    def shop_label(self) -> str:
        return self.tr("Shop")

    def not_saved(self) -> str:
        return self.tr("Cannot save: %1")

    def known_order(self) -> Order | None:
        try:
            order_no = parse_id(self.order_no.text())
        except CellProblem:
            return None
        return self.service.repo.get_order(self.platform(), order_no) if order_no else None

    def platform_shop(self) -> str:
        """A case is in its order's shop, when the order is known."""
        order = self.known_order()
        return order.shop if order is not None else super().platform_shop()

    def on_order_no_finished(self) -> None:
        order = self.known_order()
        if order is not None and order.shop != self.shop_name():
            self.shop_combo.setEditText(order.shop)

    def build(self, problems: dict[str, str]) -> Case | None:
        platform = self.platform()
        if not self.shop_name():
            problems["shop"] = self.tr("Enter the shop name.")
        case_no = self.number(self.case_no, "case_no", problems, self.tr("Enter the case number."))
        if case_no and not self.editing and self.service.repo.get_case(platform, case_no):
            problems["case_no"] = self.tr(
                "This platform already has case %1; open it from the list to edit it."
            ).replace("%1", case_no)
        order_no = self.number(
            self.order_no, "order_no", problems, self.tr("Enter the order number.")
        )
        amount = self.money(
            self.amount, "amount", problems, self.tr("Enter the refund amount, e.g. 29.90.")
        )
        order = self.service.repo.get_order(platform, order_no) if order_no else None
        # a case an old import filed under another shop stays editable as it is
        shop, original = self.shop_name(), self.original
        kept = original and (original.shop, original.order_no)
        if order and shop and shop != order.shop and kept != (shop, order_no):
            problems["shop"] = (
                self.tr("Order %1 is in shop %2: a case belongs to its order's shop.")
                .replace("%1", order.order_no)
                .replace("%2", order.shop)
            )
        if order is not None and "amount" not in problems and amount > order.amount_fen:
            problems["amount"] = (
                self.tr("The refund cannot exceed the %1 yuan paid for order %2.")
                .replace("%1", format_yuan(order.amount_fen))
                .replace("%2", order.order_no)
            )
        applied_at = from_qdatetime(self.applied_at.dateTime())
        state_since = self.state_since.value() or applied_at
        if state_since < applied_at:
            problems["state_since"] = self.tr("The status cannot begin before the application.")
        latest = self.service.clock.now() + FUTURE_SLACK
        if applied_at > latest:
            problems["applied_at"] = self.tr("The application cannot be in the future.")
        elif state_since > latest and "state_since" not in problems:
            problems["state_since"] = self.tr("The status cannot begin in the future.")
        kind, state = CaseKind(self.kind.currentData()), CaseState(self.state.currentData())
        if order is not None and applied_at < order.paid_at and "applied_at" not in problems:
            problems["applied_at"] = (
                self.tr("The application cannot be before order %1 was paid (%2).")
                .replace("%1", order.order_no)
                .replace("%2", fmt.long_time(order.paid_at))
            )
        unshipped = order is not None and (
            order.shipped_at is None or order.shipped_at > applied_at
        )
        if kind in GOODS_BACK and unshipped and "applied_at" not in problems:
            problems["kind"] = self.tr(
                "A return or exchange needs the goods: order %1 had not shipped when "
                "the case was applied for."
            ).replace("%1", order_no)
        if kind not in GOODS_BACK and state in RETURN_STATES:
            problems["state"] = self.tr("A refund-only case has no goods to return.")
        if problems:
            return None
        values = dict(
            platform=platform,
            shop=self.shop_name(),
            case_no=case_no,
            order_no=order_no,
            kind=kind,
            state=state,
            applied_at=applied_at,
            state_since=state_since,
            amount_fen=amount,
            reason=self.reason.text().strip(),
            platform_deadline=self.deadline.value(),
        )
        try:
            original = self.original
            if original is None:
                return Case(**values)
            if (original.state, original.state_since) != (state, state_since):
                # A new state starts a new timer: under the current pack, confirmed.
                values.update(pack_version=None, assumed=False)
            return replace(original, **values)
        except ValueError as exc:
            self.domain_error(exc, problems)
            return None

    def check(self) -> dict[str, str]:
        problems: dict[str, str] = {}
        self.build(problems)
        return problems

    def save(self) -> Any:
        case = self.build({})
        assert case is not None
        return self.service.save_manual(cases=[case])
