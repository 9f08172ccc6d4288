"""售后 / Cases: every after-sales case with its running timer's countdown.

Threading: GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

from gui.models.base import CountdownTableModel
from gui.models.rows import CASES_COUNTDOWN


class CasesModel(CountdownTableModel):
    CONTEXT = "CasesModel"
    COLUMNS = (
        QT_TRANSLATE_NOOP("CasesModel", "Platform"),
        QT_TRANSLATE_NOOP("CasesModel", "Shop"),
        QT_TRANSLATE_NOOP("CasesModel", "Case no."),
        QT_TRANSLATE_NOOP("CasesModel", "Order no."),
        QT_TRANSLATE_NOOP("CasesModel", "Item"),
        QT_TRANSLATE_NOOP("CasesModel", "Buyer"),
        QT_TRANSLATE_NOOP("CasesModel", "Type"),
        QT_TRANSLATE_NOOP("CasesModel", "State"),
        QT_TRANSLATE_NOOP("CasesModel", "Time left"),
        QT_TRANSLATE_NOOP("CasesModel", "Whose move"),
        QT_TRANSLATE_NOOP("CasesModel", "Refund"),
        QT_TRANSLATE_NOOP("CasesModel", "Applied"),
    )
    COUNTDOWN = CASES_COUNTDOWN
    WHAT = 7
    RIGHT = frozenset({10})
