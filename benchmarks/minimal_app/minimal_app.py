"""The baseline for benchmarks/bench_bundle.py: the smallest PySide6 + SQLAlchemy window app.

What a developer gets from PyInstaller's defaults: one SQLite table read through the
SQLAlchemy ORM into a QTableWidget in a QMainWindow. With SHOPCLOCK_EXIT_AFTER_SHOW=1 it
prints ``WINDOW_SHOWN <seconds since process start>`` once the first show event of the
window has been processed, and quits (the same marker the ShopClock build prints).
"""

from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTableWidget, QTableWidgetItem
from sqlalchemy import String, create_engine, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Item(Base):
    __tablename__ = "item"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))


def load_rows() -> list[tuple[int, str]]:
    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine)
    with Session(engine) as session:
        session.add_all(Item(name=f"item {n}") for n in range(50))
        session.commit()
        return [(i.id, i.name) for i in session.scalars(select(Item))]


class Window(QMainWindow):
    def __init__(self, rows: list[tuple[int, str]]) -> None:
        super().__init__()
        self.setWindowTitle("Minimal PySide6 + SQLAlchemy")
        table = QTableWidget(len(rows), 2, self)
        for r, (ident, name) in enumerate(rows):
            table.setItem(r, 0, QTableWidgetItem(str(ident)))
            table.setItem(r, 1, QTableWidgetItem(name))
        self.setCentralWidget(table)
        self.resize(640, 480)
        self._reported = False

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._reported and os.environ.get("SHOPCLOCK_EXIT_AFTER_SHOW") == "1":
            self._reported = True
            QTimer.singleShot(0, self._report_and_quit)

    def _report_and_quit(self) -> None:
        print(f"WINDOW_SHOWN {time.perf_counter():.3f}", flush=True)
        QApplication.quit()


def main() -> int:
    app = QApplication(sys.argv)
    window = Window(load_rows())
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
