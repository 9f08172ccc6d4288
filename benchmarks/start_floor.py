"""What the window's first page could cost without SQLAlchemy on the way: an analysis,
not one of run.py's figures.

Start to usable (bench_gui_start) is ~5x a bare PySide6 window, and importing
core.service (SQLAlchemy and its ORM, ~0.3 s) is the biggest single part of it. This
prototype shows To do the way a start without it would: PySide6, the real To-do view
and model (gui.board_view, gui.models), the stored deadlines read with sqlite3 and
core.deadline_rows.read_todo, the real To-do rows — and no Service, no SQLAlchemy, no
other tab, no details panel, no cases to confirm, no check that the store is current
(the window does all of these). So its time is a floor for such a redesign, and it
fails if SQLAlchemy gets imported. Prints, in seconds since the process started:

    core-lite  pyside  gui  shown  read  rows  paint  (and the number of rows)

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/start_floor.py DB

DB: a ShopClock database whose deadlines are stored and current (the window stores
them after each load; `bench_gui_start.py --db DB` makes and uses one).
"""

from __future__ import annotations

import time

START = time.perf_counter()

import gc  # noqa: E402
import os  # noqa: E402
import sqlite3  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
marks: dict[str, float] = {}


def mark(name: str) -> None:
    marks[name] = time.perf_counter() - START


def main(db: str) -> int:
    from core import clock
    from core.deadline_rows import read_todo

    mark("core-lite")
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication, QMainWindow

    mark("pyside")
    app = QApplication([sys.argv[0]])
    from gui import theme
    from gui.board_view import BoardView, todo_spec
    from gui.models import builders as B
    from gui.models import rows as R
    from gui.models.timers_model import TimersModel

    mark("gui")
    theme.apply(app)
    now = clock.SystemClock()
    window = QMainWindow()
    model = TimersModel(now, window)
    view = BoardView(model, todo_spec(), now, "views/todo")
    window.setCentralWidget(view)
    window.resize(1400, 900)
    window.show()
    mark("shown")
    gc.disable()  # as the window's loads run, then freeze what they made (board_load.no_gc)
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as con:
        stored = read_todo(con.cursor())
    mark("read")
    rows = B.todo_rows(stored.timers, stored.cases, R.orders_by_group(stored.orders), {})
    rows = R.sort_rows(rows, R.TODO_COUNTDOWN, countdown=R.TODO_COUNTDOWN)
    mark("rows")
    model.set_rows(rows, (R.TODO_COUNTDOWN, False))
    gc.freeze()
    gc.enable()

    class FirstPaint(QObject):
        def eventFilter(self, _obj, event):
            if event.type() == QEvent.Type.Paint and "paint" not in marks:
                mark("paint")
                app.quit()
            return False

    watch = FirstPaint()
    view.table.viewport().installEventFilter(watch)
    app.exec()
    if any(name.startswith("sqlalchemy") for name in sys.modules):
        print("SQLAlchemy was imported: this is not the floor it claims", file=sys.stderr)
        return 1
    print(" ".join(f"{k} {v:.3f}" for k, v in marks.items()), f"rows {len(rows)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
