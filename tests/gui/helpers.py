"""Small helpers shared by the window tests."""

from __future__ import annotations

from gui.board_load import build_board
from gui.models.cases_model import CasesModel
from gui.models.filters import BoardFilterProxy
from gui.models.orders_model import OrdersModel
from gui.models.timers_model import TimersModel

MODELS = {"todo": TimersModel, "cases": CasesModel, "orders": OrdersModel}


def loaded_models(service, clock):
    """The three models filled from the service's board, each behind its proxy."""
    rows = build_board(service)
    result = {}
    for name, cls in MODELS.items():
        model = cls(clock)
        model.set_rows(getattr(rows, name))
        proxy = BoardFilterProxy()
        proxy.setSourceModel(model)
        result[name] = (model, proxy)
    return result


def board_view(qtbot, service, clock, name):
    """A BoardView ("todo" / "orders") of the service's board, as the window makes it."""
    from gui.board_view import BoardView, orders_spec, todo_spec

    model = MODELS[name](clock)
    model.set_rows(getattr(build_board(service), name))
    spec = {"todo": todo_spec, "orders": orders_spec}[name]()
    view = BoardView(model, spec, clock, "views/test")
    qtbot.addWidget(view)
    return view


def column_texts(model, column):
    return [model.index(r, column).data() for r in range(model.rowCount())]
