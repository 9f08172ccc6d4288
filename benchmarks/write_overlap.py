"""Would writing on a second thread hide the import's inserts behind its Python work?
An analysis, not one of run.py's figures (the tenth round of results.md).

The import's executemany (~1 s of its ~4.7 s) runs in SQLite's C code, and the machine
has two cores. This script inserts ROWS order-shaped rows (the orders table's DDL from
core.storage.models, the bulk writes' pragmas) with executemany, and converts the same
rows to text in Python (the kind of work the import does per row), first one after the
other, then the insert on a thread while the main thread converts. Prints seconds:

    sequential: write W + python P = S
    threaded:   python done at P2, write took W2, both done at T

    .venv/bin/python benchmarks/write_overlap.py [ROWS]

The sqlite3 module releases the GIL around each sqlite3_step and takes it back for the
next row's bindings; while the other thread runs Python, each take waits for it.
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def rows(count: int) -> tuple[list[str], list[tuple]]:
    from core.storage.convert import ORDER_FIELDS

    made = []
    for i in range(count):
        values = {
            "platform": "pinduoduo", "shop": "多多鲜果铺", "order_no": f"261122-{i:016d}",
            "amount_fen": 1000 + i % 50_000, "paid_at": f"2026-11-{1 + i % 20:02d} 10:00:00.000000",
            "title": f"商品 {i % 977}", "goods_type": "normal", "customised": i % 7 == 0,
            "presale": False, "buyer_name": "张三", "buyer_phone": "13800000000",
            "buyer_address": "上海市",
        }  # fmt: skip
        made.append(tuple(values.get(name) for name in ORDER_FIELDS))
    return list(ORDER_FIELDS), made


def fresh(path: Path) -> sqlite3.Connection:
    from sqlalchemy.dialects import sqlite as dialect
    from sqlalchemy.schema import CreateIndex, CreateTable

    from core.storage.bulk import BULK_CACHE_KIB
    from core.storage.models import ORDERS

    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    con = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=NORMAL")
    con.execute(f"PRAGMA cache_size = {-BULK_CACHE_KIB}")
    con.execute(str(CreateTable(ORDERS).compile(dialect=dialect.dialect())))
    for index in ORDERS.indexes:
        con.execute(str(CreateIndex(index).compile(dialect=dialect.dialect())))
    return con


def main(count: int) -> None:
    names, table = rows(count)
    sql = f"INSERT INTO orders ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})"

    def write(con: sqlite3.Connection) -> float:
        started = time.perf_counter()
        con.execute("BEGIN IMMEDIATE")
        con.executemany(sql, table)
        con.execute("COMMIT")
        return time.perf_counter() - started

    def python() -> float:
        started = time.perf_counter()
        _texts = [tuple(str(v) for v in row) for row in table]
        return time.perf_counter() - started

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "overlap.sqlite3"
        con = fresh(db)
        w, p = write(con), python()
        con.close()
        print(f"sequential: write {w:.3f} + python {p:.3f} = {w + p:.3f} s")
        con = fresh(db)
        took: dict[str, float] = {}
        thread = threading.Thread(target=lambda: took.setdefault("write", write(con)))
        started = time.perf_counter()
        thread.start()
        python()
        python_done = time.perf_counter() - started
        thread.join()
        both = time.perf_counter() - started
        con.close()
        print(
            f"threaded:   python done at {python_done:.3f}, write took {took['write']:.3f}, "
            f"both done at {both:.3f} s"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
