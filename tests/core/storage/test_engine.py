"""Opening the database: location, connection settings, file mode, locking."""

from __future__ import annotations

import os
import sqlite3
import stat
import threading
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from core.storage import (
    Database,
    Repository,
    default_data_dir,
    default_db_path,
    open_database,
)
from tests.core.factories import case, order

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


def pragma(db: Database, name: str) -> object:
    with db.engine.connect() as conn:
        return conn.exec_driver_sql(f"PRAGMA {name}").scalar()


def test_fresh_database_has_wal_foreign_keys_timeout_and_sync(db: Database) -> None:
    assert pragma(db, "journal_mode") == "wal"
    assert pragma(db, "foreign_keys") == 1
    assert pragma(db, "busy_timeout") == 10_000
    assert pragma(db, "synchronous") == 1  # NORMAL


@posix_only
def test_database_and_wal_files_are_private(db: Database, repo: Repository) -> None:
    repo.set_setting("x", 1)
    assert db.path is not None
    for suffix in ("", "-wal", "-shm"):
        path = Path(f"{db.path}{suffix}")
        assert path.exists(), suffix
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, suffix


def test_default_location_follows_env(data_dir: Path) -> None:
    assert default_data_dir() == data_dir
    assert default_db_path() == data_dir / "shopclock.sqlite3"
    assert data_dir.is_dir()
    with open_database() as database:
        assert database.path == data_dir.resolve() / "shopclock.sqlite3"
        assert database.path.exists()


def test_default_location_without_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SHOPCLOCK_DATA_DIR")
    assert default_data_dir().name == "ShopClock"


def test_sqlite_url_target(tmp_path: Path) -> None:
    path = tmp_path / "via-url.sqlite3"
    with open_database(f"sqlite:///{path}") as database:
        assert database.path == path.resolve()
        assert database.url.get_backend_name() == "sqlite"
        Repository(database).set_setting("k", "v")
    with open_database(path) as database:
        assert Repository(database).get_setting("k") == "v"


def test_missing_parent_folders_are_created(tmp_path: Path) -> None:
    with open_database(tmp_path / "a" / "b" / "shop.sqlite3") as database:
        assert database.path is not None
        assert database.path.exists()


def _write_lock_free(path: Path) -> bool:
    """Can another connection take the write lock right now (without waiting)?"""
    with closing(sqlite3.connect(path, timeout=0, isolation_level=None)) as other:
        try:
            other.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc):
                raise
            return False
        other.execute("ROLLBACK")
        return True


def test_write_transactions_begin_immediate(db: Database, repo: Repository) -> None:
    assert db.path is not None
    with repo._write() as s:  # the lock is held from BEGIN, before any write
        s.execute(text("SELECT 1"))
        assert not _write_lock_free(db.path)
    with repo._read() as s:  # reads begin deferred and never block writers
        s.execute(text("SELECT count(*) FROM orders"))
        assert s.connection().connection.dbapi_connection.in_transaction  # one snapshot
        assert _write_lock_free(db.path)
    assert _write_lock_free(db.path)


def test_two_writers_queue_instead_of_failing(tmp_path: Path) -> None:
    """Read-then-write transactions from two connection pools (as two processes would
    use) must not fail with "database is locked" on lock upgrade."""
    path = tmp_path / "shared.sqlite3"
    open_database(path).close()
    errors: list[BaseException] = []
    start = datetime(2026, 3, 1, tzinfo=UTC)

    def worker(n: int) -> None:
        try:
            with open_database(path) as database:
                repository = Repository(database)
                for i in range(40):
                    no = f"{n}-{i:04d}"
                    repository.apply_import(
                        orders=[order(order_no=no)],
                        cases=[case(case_no=f"C{no}", order_no=no)],
                        at=start + timedelta(seconds=i),
                    )
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with open_database(path) as database:
        assert Repository(database).counts()["cases"] == 120
