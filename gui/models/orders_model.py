"""订单 / Orders: every order with its ship-by countdown and open after-sales case.

Threading: GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

from gui.models.base import CountdownTableModel
from gui.models.rows import ORDER_COLUMNS, ORDERS_COUNTDOWN

_HEADERS = {
    "platform": QT_TRANSLATE_NOOP("OrdersModel", "Platform"),
    "shop": QT_TRANSLATE_NOOP("OrdersModel", "Shop"),
    "order_no": QT_TRANSLATE_NOOP("OrdersModel", "Order no."),
    "item": QT_TRANSLATE_NOOP("OrdersModel", "Item"),
    "shipping": QT_TRANSLATE_NOOP("OrdersModel", "Shipping"),
    "countdown": QT_TRANSLATE_NOOP("OrdersModel", "Ship within"),
    "after_sales": QT_TRANSLATE_NOOP("OrdersModel", "After-sales"),
    "buyer": QT_TRANSLATE_NOOP("OrdersModel", "Buyer"),
    "amount": QT_TRANSLATE_NOOP("OrdersModel", "Amount"),
    "paid": QT_TRANSLATE_NOOP("OrdersModel", "Paid"),
}


class OrdersModel(CountdownTableModel):
    CONTEXT = "OrdersModel"
    COLUMNS = tuple(_HEADERS[k] for k in ORDER_COLUMNS)
    COUNTDOWN = ORDERS_COUNTDOWN
    WHAT = ORDER_COLUMNS.index("shipping")
    RIGHT = frozenset({ORDER_COLUMNS.index("amount")})
    NUMBERS = frozenset({ORDER_COLUMNS.index("order_no")})
    STRETCH = ORDER_COLUMNS.index("item")
