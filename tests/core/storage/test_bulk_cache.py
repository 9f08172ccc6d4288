"""bulk writes many rows with a large page cache, then gives the connection its own back."""

from __future__ import annotations

from sqlalchemy.orm import Session

from core.storage import bulk, convert
from core.storage.models import ORDERS
from tests.core.factories import order


def test_bulk_writes_use_a_large_cache_and_restore_the_connection_s(db) -> None:
    names = convert.ORDER_FIELDS
    rows = [convert.values_of(order(order_no=f"N{n}"), names) for n in range(50)]
    statements: list[str] = []
    with Session(db.engine) as s, s.begin():
        raw = s.connection().connection.dbapi_connection
        raw.execute("PRAGMA cache_size = -1234")
        raw.set_trace_callback(statements.append)
        bulk.insert_rows(s, ORDERS, names, rows)
        bulk.update_rows(s, ORDERS, names, [(*rows[0], 1)])
        raw.set_trace_callback(None)
        assert raw.execute("PRAGMA cache_size").fetchone()[0] == -1234
        assert raw.execute("SELECT count(*) FROM orders").fetchone()[0] == 50
    writes = [i for i, sql in enumerate(statements) if sql.startswith(("INSERT", "UPDATE"))]
    for i in (writes[0], writes[-1]):  # the first insert and the update
        sizes = [sql for sql in statements[:i] if sql.startswith("PRAGMA cache_size =")]
        assert sizes[-1] == f"PRAGMA cache_size = {-bulk.BULK_CACHE_KIB}"
    assert statements[-1] == "PRAGMA cache_size = -1234"
