"""订单 / Orders: every order with its ship-by countdown and open after-sales case.

Threading: GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

from gui.models.base import CountdownTableModel
from gui.models.rows import ORDERS_COUNTDOWN


class OrdersModel(CountdownTableModel):
    CONTEXT = "OrdersModel"
    COLUMNS = (
        QT_TRANSLATE_NOOP("OrdersModel", "Platform"),
        QT_TRANSLATE_NOOP("OrdersModel", "Shop"),
        QT_TRANSLATE_NOOP("OrdersModel", "Order no."),
        QT_TRANSLATE_NOOP("OrdersModel", "Item"),
        QT_TRANSLATE_NOOP("OrdersModel", "Buyer"),
        QT_TRANSLATE_NOOP("OrdersModel", "Shipping"),
        QT_TRANSLATE_NOOP("OrdersModel", "After-sales"),
        QT_TRANSLATE_NOOP("OrdersModel", "Ship within"),
        QT_TRANSLATE_NOOP("OrdersModel", "Amount"),
        QT_TRANSLATE_NOOP("OrdersModel", "Paid"),
    )
    COUNTDOWN = ORDERS_COUNTDOWN
    WHAT = 5
    RIGHT = frozenset({8})
