"""The item column of Cases stays readable in a narrow window (the table scrolls
sideways instead) and stretches again once there is room."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QHeaderView

from gui.board_load import build_board
from gui.board_view import STRETCH_MIN_EM, BoardView, cases_spec
from gui.models.cases_model import CasesModel

STRETCH = QHeaderView.ResizeMode.Stretch


@pytest.fixture
def cases_view(qtbot, demo_service, clock):
    model = CasesModel(clock)
    model.set_rows(build_board(demo_service).cases)
    board = BoardView(model, cases_spec([("all", frozenset())]), clock, "views/test-cases")
    qtbot.addWidget(board)
    board.resize(700, 400)  # narrower than the Cases columns fitted to their content
    board.show()
    qtbot.waitExposed(board)
    board.fit_columns()
    return board


def test_item_column_keeps_a_readable_width_and_the_table_scrolls(qtbot, cases_view) -> None:
    table, header = cases_view.table, cases_view.table.horizontalHeader()
    item = CasesModel.STRETCH
    em = table.fontMetrics().horizontalAdvance("M")
    assert header.sectionSize(item) >= em * STRETCH_MIN_EM
    assert header.sectionResizeMode(item) != STRETCH
    assert table.horizontalScrollBar().maximum() > 0  # the rest is a scroll away

    cases_view.resize(3000, 400)  # room enough: it takes the spare width again
    qtbot.waitUntil(lambda: header.sectionResizeMode(item) == STRETCH)
    others = sum(header.sectionSize(c) for c in range(header.count()) if c != item)
    qtbot.waitUntil(lambda: header.sectionSize(item) >= table.viewport().width() - others - 1)
    assert header.sectionSize(item) > em * STRETCH_MIN_EM

    cases_view.resize(700, 400)  # and narrow again
    qtbot.waitUntil(lambda: header.sectionResizeMode(item) != STRETCH)
    assert header.sectionSize(item) >= em * STRETCH_MIN_EM
