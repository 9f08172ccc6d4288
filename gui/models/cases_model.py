"""售后 / Cases: every after-sales case with its running timer's countdown.

Threading: GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

from gui.models.base import CountdownTableModel
from gui.models.rows import CASE_COLUMNS, CASES_COUNTDOWN

_HEADERS = {
    "platform": QT_TRANSLATE_NOOP("CasesModel", "Platform"),
    "shop": QT_TRANSLATE_NOOP("CasesModel", "Shop"),
    "case_no": QT_TRANSLATE_NOOP("CasesModel", "Case no."),
    "kind": QT_TRANSLATE_NOOP("CasesModel", "Type"),
    "state": QT_TRANSLATE_NOOP("CasesModel", "State"),
    "countdown": QT_TRANSLATE_NOOP("CasesModel", "Time left"),
    "whose": QT_TRANSLATE_NOOP("CasesModel", "Whose move"),
    "item": QT_TRANSLATE_NOOP("CasesModel", "Item"),
    "buyer": QT_TRANSLATE_NOOP("CasesModel", "Buyer"),
    "refund": QT_TRANSLATE_NOOP("CasesModel", "Refund"),
    "applied": QT_TRANSLATE_NOOP("CasesModel", "Applied"),
    "order_no": QT_TRANSLATE_NOOP("CasesModel", "Order no."),
}


class CasesModel(CountdownTableModel):
    CONTEXT = "CasesModel"
    COLUMNS = tuple(_HEADERS[k] for k in CASE_COLUMNS)
    COUNTDOWN = CASES_COUNTDOWN
    WHAT = CASE_COLUMNS.index("state")
    RIGHT = frozenset({CASE_COLUMNS.index("refund")})
    NUMBERS = frozenset({CASE_COLUMNS.index("case_no"), CASE_COLUMNS.index("order_no")})
    STRETCH = CASE_COLUMNS.index("item")
