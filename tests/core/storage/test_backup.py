"""Backups on request and restoring them."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url

from core.storage import (
    BackupError,
    DamagedDatabase,
    Database,
    NotADatabase,
    Repository,
    SchemaTooNew,
    backup_now,
    open_database,
    restore_from,
)
from tests.core.factories import order

from .conftest import FIXTURES, sha256

NOW = datetime(2026, 3, 12, 8, 0, tzinfo=UTC)


def test_backup_now_writes_a_private_consistent_copy(db: Database, repo: Repository) -> None:
    repo.apply_import(orders=[order(order_no="A")], at=NOW)
    copy = backup_now(db, now=datetime(2026, 3, 12, 16, 30, 5).astimezone())
    assert copy.parent == db.path.parent / "backups"
    assert copy.name == "shopclock-20260312-163005-manual.sqlite3"
    if os.name == "posix":
        assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    with open_database(copy) as restored:
        assert [o.order_no for o in Repository(restored).orders()] == ["A"]


def test_restore_brings_back_the_old_data_and_keeps_a_safety_copy(
    db: Database, repo: Repository
) -> None:
    repo.apply_import(orders=[order(order_no="old")], at=NOW)
    copy = backup_now(db)
    repo.apply_import(orders=[order(order_no="new")], at=NOW)
    safety = restore_from(db, copy)
    assert [o.order_no for o in repo.orders()] == ["old"]  # same Database keeps working
    assert "pre-restore" in safety.name
    with closing(sqlite3.connect(safety)) as con:
        assert con.execute("SELECT count(*) FROM orders").fetchone() == (2,)
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def _damaged_at_its_end(tmp_path: Path) -> tuple[Path, Path]:
    """A database whose last bytes are lost (it still opens) and a good backup of it."""
    path = tmp_path / "shop.sqlite3"
    with open_database(path) as db:
        Repository(db).apply_import(
            orders=[order(order_no=f"N{i:05d}", title="杯子" * 50) for i in range(500)], at=NOW
        )
        good = backup_now(db)
    with closing(sqlite3.connect(path)) as con:  # the last connection: no WAL left
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    os.truncate(path, path.stat().st_size - 704)
    return path, good


def test_a_damaged_database_is_named_as_such_and_a_backup_mends_it(tmp_path: Path) -> None:
    """Found by exploratory testing: with a live database damaged at its end, a backup
    or the copy before an import failed as "备份文件 … 已损坏", and a restore from a
    good backup was refused — its safety copy of the damaged database failed its check."""
    path, good = _damaged_at_its_end(tmp_path)
    with open_database(path) as db:
        with pytest.raises(DamagedDatabase) as info:
            backup_now(db)
        assert str(info.value).startswith(f"数据库“{path}”已损坏")
        safety = restore_from(db, good)
        assert Repository(db).counts()["orders"] == 500
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA quick_check").scalar() == "ok"
    assert "pre-restore" in safety.name  # the damaged database, kept as it was


def test_restore_from_the_first_schema_fixture(db: Database, repo: Repository) -> None:
    safety = restore_from(db, FIXTURES / "shopclock-0001.sqlite3")
    assert repo.counts()["orders"] == 3
    assert safety.exists()


@pytest.mark.parametrize("kind", ["random", "too-new"])
def test_a_bad_backup_changes_nothing(
    db: Database, repo: Repository, tmp_path: Path, kind: str
) -> None:
    repo.apply_import(orders=[order(order_no="keep")], at=NOW)
    bad = tmp_path / "bad.sqlite3"
    if kind == "random":
        bad.write_bytes(os.urandom(4096))
        expected: type[Exception] = NotADatabase
    else:
        shutil.copyfile(FIXTURES / "shopclock-0001.sqlite3", bad)
        with closing(sqlite3.connect(bad)) as con, con:
            con.execute("UPDATE alembic_version SET version_num = 'ffff'")
        expected = SchemaTooNew
    digest = sha256(bad)
    with pytest.raises(expected):
        restore_from(db, bad)
    assert sha256(bad) == digest
    assert [o.order_no for o in repo.orders()] == ["keep"]
    assert not (db.path.parent / "backups").exists()


def test_restore_refuses_itself_and_missing_files(db: Database, tmp_path: Path) -> None:
    with pytest.raises(BackupError):
        restore_from(db, db.path)
    with pytest.raises(BackupError):
        restore_from(db, tmp_path / "missing.sqlite3")


def test_server_databases_are_not_backed_up_here() -> None:
    server = Database(
        engine=create_engine("sqlite://"), url=make_url("postgresql://shop@db/shopclock"), path=None
    )
    with pytest.raises(BackupError, match="SQLite"):
        backup_now(server)
    server.close()
