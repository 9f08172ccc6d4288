"""What the window costs before any of its data: an analysis, not one of run.py's figures.

Start to usable (bench_gui_start) is ~6x the bare PySide6 window; start_floor.py showed
that even without SQLAlchemy, reading the stored To-do timers and building their rows
keeps a start at ~3.6x. This script asks the question a redesign would start from: the
real window with no data to read — how much of the 2.5x (~0.39 s) does it leave?

Each run is a fresh interpreter, in turns (the machine is shared):
  * bare: bench_gui_start's baseline (a QMainWindow with a 100,000-row table model),
    until its first paint;
  * shell: the real start order on an EMPTY database — core.service imported first (as
    gui.main.preload_core does), PySide6 and a QApplication, the window's modules,
    Service.open, the translators, MainWindow (its worker loads nothing), shown, until
    the first paint of its viewport; marks after each step;
  * cached: what a first page read from a file of ready-made rows costs — PySide6, a
    three-tab window whose To-do table has 27,000 rows of eight texts read with marshal,
    until its first paint; no ShopClock code.
Prints the medians and, for the shell, the parts that a start which imports core only
after its first paint would still pay (PySide6 + the window's modules + building and
showing the window).

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/window_shell.py [--runs 5]
"""

from __future__ import annotations

import time

START = time.perf_counter()

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
CACHED_ROWS = 27_000  # about To do's rows on bench_gui_start's 100,000-order database


def _since_start() -> float:
    return time.perf_counter() - START


def _first_paint(widget, done) -> object:
    """Call ``done()`` once, from the event loop, after ``widget``'s first paint."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class Watch(QObject):
        seen = False

        def eventFilter(self, _obj, event):
            if event.type() == QEvent.Type.Paint and not self.seen:
                self.seen = True
                QTimer.singleShot(0, done)
            return False

    watch = Watch()
    widget.installEventFilter(watch)
    return watch


def child_shell(db: str) -> dict[str, float]:
    marks: dict[str, float] = {}
    import core.service  # first, as gui.main.preload_core does

    marks["core"] = _since_start()
    from PySide6.QtWidgets import QApplication

    app = QApplication([sys.argv[0]])
    marks["pyside"] = _since_start()
    from gui import app as gui_app
    from gui import theme
    from gui.main_window import MainWindow

    marks["gui_modules"] = _since_start()
    theme.apply(app)
    service = core.service.Service.open(db)
    translators = gui_app.install_translators(app, "zh_CN")
    marks["opened"] = _since_start()
    window = MainWindow(service, "zh_CN")
    marks["built"] = _since_start()
    window.show()

    def done() -> None:
        marks["painted"] = _since_start()
        print("USABLE", flush=True)
        app.quit()

    keep = _first_paint(window.todo_view.table.viewport(), done)
    if window.stack.currentWidget() is not window.tabs:  # an empty database: the welcome page
        keep = _first_paint(window.stack.currentWidget(), done)
    app.exec()
    window.shutdown()
    service.close()
    del keep, translators
    return marks


def child_cached(rows_file: str) -> dict[str, float]:
    import marshal

    from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableView, QTabWidget

    app = QApplication([sys.argv[0]])
    rows = marshal.loads(Path(rows_file).read_bytes())
    marks = {"read": _since_start()}

    class Model(QAbstractTableModel):
        def rowCount(self, parent=QModelIndex()):  # noqa: B008
            return 0 if parent.isValid() else len(rows)

        def columnCount(self, parent=QModelIndex()):  # noqa: B008
            return 0 if parent.isValid() else len(rows[0])

        def data(self, index, role=Qt.ItemDataRole.DisplayRole):
            if role == Qt.ItemDataRole.DisplayRole:
                return rows[index.row()][index.column()]
            return None

    window = QMainWindow()
    tabs = QTabWidget(window)
    todo = QTableView()
    todo.setModel(Model())
    for view, title in ((todo, "待办"), (QTableView(), "售后"), (QTableView(), "订单")):
        tabs.addTab(view, title)
    window.setCentralWidget(tabs)
    window.resize(1400, 860)
    window.show()

    def done() -> None:
        marks["painted"] = _since_start()
        print("USABLE", flush=True)
        app.quit()

    keep = _first_paint(todo.viewport(), done)
    app.exec()
    del keep
    return marks


def _write_cached_rows(path: Path) -> None:
    import marshal

    rows = [
        (
            "拼多多", "多多鲜果铺", f"2611{i:08d}-{i:010d}", "赣南脐橙 5斤装 新鲜水果",
            "处理退货退款申请", f"{i % 48}时{i % 60:02d}分", "2026-11-24 12:00", f"{i % 500}.90",
        )
        for i in range(CACHED_ROWS)
    ]  # fmt: skip
    path.write_bytes(marshal.dumps(rows))


def _child(args: list[str]) -> dict[str, float]:
    """A child's marks (seconds since its own start), and "wall": from spawning it to
    its first paint, as bench_gui_start times the window and the bare one."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, __file__, *args], stdout=subprocess.PIPE, text=True, env=env
    )
    assert proc.stdout is not None
    wall, last = None, ""
    for line in proc.stdout:
        if line.startswith("USABLE") and wall is None:
            wall = time.perf_counter() - started
        last = line
    if proc.wait(timeout=120) != 0 or wall is None:
        raise RuntimeError(f"{args[0]} failed")
    return {**json.loads(last), "wall": wall}


def _bare() -> float:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import bench_gui_start

    return bench_gui_start._run_child(["child_baseline", 100_000], 120)["usable"]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=5)
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="shopclock-shell-") as tmp:
        db, rows = Path(tmp) / "empty.sqlite3", Path(tmp) / "rows.marshal"
        _child(["child_shell", str(db)])  # creates the database (migrations) and warms up
        _write_cached_rows(rows)
        bare, shell, cached = [], [], []
        for _ in range(args.runs):
            bare.append(_bare())
            shell.append(_child(["child_shell", str(db)]))
            cached.append(_child(["child_cached", str(rows)]))
    med = statistics.median
    base = med(bare)
    print(f"bare window (100,000-row model), first paint: {base:.3f} s  runs {_fmt(bare)}")
    steps = ("core", "pyside", "gui_modules", "opened", "built", "painted")
    at = {k: med([m[k] for m in shell]) for k in steps}
    print("real window on an empty database, median seconds since process start:")
    print("  " + "  ".join(f"{k} {at[k]:.3f}" for k in steps))
    parts = {
        "PySide6 + QApplication": at["pyside"] - at["core"],
        "the window's modules": at["gui_modules"] - at["pyside"],
        "build the window": at["built"] - at["opened"],
        "show until painted": at["painted"] - at["built"],
    }
    for name, seconds in parts.items():
        print(f"  {name}: {seconds:.3f} s")
    # the interpreter's own start: spawn to first paint, less the child's own marks
    interpreter = med([m["wall"] - m["painted"] for m in shell])
    print(f"  the interpreter's start (spawn until its first line): {interpreter:.3f} s")
    print(f"  spawn to first paint: {med([m['wall'] for m in shell]):.3f} s")
    without_core = interpreter + sum(parts.values())
    print(
        f"  the window without core before its first paint: ~{without_core:.3f} s "
        f"= {without_core / base:.1f}x the bare window (target 2.5x = {2.5 * base:.3f} s)"
    )
    walls = [m["wall"] for m in cached]
    painted = med(walls)
    print(
        f"cached first page ({CACHED_ROWS:,} ready-made rows, marshal, no ShopClock code): "
        f"{painted:.3f} s = {painted / base:.1f}x  runs {_fmt(walls)}"
    )
    return 0


def _fmt(values: list) -> str:
    return ", ".join(f"{v:.3f}" for v in values)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1].startswith("child_"):
        kind, arg = sys.argv[1], sys.argv[2]
        result = child_shell(arg) if kind == "child_shell" else child_cached(arg)
        print(json.dumps(result))
    else:
        raise SystemExit(main())
