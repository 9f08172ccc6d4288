"""A reader process for the restore race in test_backups.py.

``python -m tests.reliability.reader DB STOP``: reads, until the file STOP exists, the
number of orders and how many of them are "A-" orders, both in one read transaction
(as the window's refresh would), through the app's own engine. Prints one JSON object:
each distinct (total, a_orders) seen and how often. Any exception ends it with exit 1.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from sqlalchemy import text

from core.storage import open_database


def main(db_path: str, stop: str) -> None:
    db = open_database(db_path)
    seen: Counter = Counter()
    stop_file = Path(stop)
    print("ready", flush=True)
    while not stop_file.exists():
        with db.read_engine.begin() as conn:
            total = conn.execute(text("SELECT count(*) FROM orders")).scalar_one()
            a_orders = conn.execute(
                text("SELECT count(*) FROM orders WHERE order_no LIKE 'A-%'")
            ).scalar_one()
        seen[f"{total},{a_orders}"] += 1
    db.close()
    print(json.dumps(dict(seen)))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
