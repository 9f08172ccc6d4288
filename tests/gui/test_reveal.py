"""The detail panel masks the buyer's data until an explicit 显示, for that case only."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel

from core import privacy
from core.domain import CaseState
from gui.detail_panel import DetailPanel


@pytest.fixture
def panel(qtbot, zh, demo_service):
    widget = DetailPanel(demo_service, "zh_CN")
    qtbot.addWidget(widget)
    widget.resize(520, 900)
    widget.show()
    return widget


def texts(panel) -> str:
    return "\n".join(label.text() for label in panel.findChildren(QLabel) if label.isVisible())


def two_cases(service):
    """Two cases whose orders carry a buyer name, phone and address."""
    orders = {(o.platform, o.order_no): o for o in service.repo.orders()}
    found = [
        (c, orders[(c.platform, c.order_no)])
        for c in service.board().cases
        if (c.platform, c.order_no) in orders and c.state is not CaseState.CLOSED
    ]
    found = [(c, o) for c, o in found if o.buyer_name and o.buyer_phone and o.buyer_address]
    assert len(found) >= 2
    return found[0], found[1]


def assert_masked(panel, order) -> None:
    shown = texts(panel)
    for raw in (order.buyer_name, order.buyer_phone, order.buyer_address):
        assert raw not in shown
    assert privacy.mask_name(order.buyer_name) in shown
    assert privacy.mask_phone(order.buyer_phone) in shown
    assert privacy.mask_address(order.buyer_address) in shown
    assert panel.reveal_button.isVisible()


def assert_revealed(panel, order) -> None:
    shown = texts(panel)
    for raw in (order.buyer_name, order.buyer_phone, order.buyer_address):
        assert raw in shown
    assert not panel.reveal_button.isVisible()


def test_buyer_data_is_masked_until_revealed(panel, demo_service):
    (case, order), _ = two_cases(demo_service)
    assert panel.show_case(case.platform, case.case_no)
    assert_masked(panel, order)
    assert panel.reveal_button.text() == "显示"

    panel.reveal_button.click()
    assert_revealed(panel, order)

    panel.reload()  # the window refreshes after an action: still the same case
    assert_revealed(panel, order)


def test_opening_another_case_masks_again(panel, demo_service):
    (first, first_order), (second, second_order) = two_cases(demo_service)
    panel.show_case(first.platform, first.case_no)
    panel.reveal_button.click()
    assert_revealed(panel, first_order)

    panel.show_case(second.platform, second.case_no)
    assert_masked(panel, second_order)
    panel.show_case(first.platform, first.case_no)  # coming back does not reveal again
    assert_masked(panel, first_order)


def test_the_same_order_opened_as_an_order_is_masked_too(panel, demo_service):
    (case, order), _ = two_cases(demo_service)
    panel.show_case(case.platform, case.case_no)
    panel.reveal_button.click()
    assert panel.show_order(order.platform, order.order_no)
    assert_masked(panel, order)
    panel.reveal_button.click()
    assert_revealed(panel, order)
    panel.clear()
    panel.show_order(order.platform, order.order_no)
    assert_masked(panel, order)
