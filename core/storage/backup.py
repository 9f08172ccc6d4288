"""Backups on request and restoring one (the ``shopclock backup`` / ``restore`` commands).

Copies use sqlite3's online backup API: a consistent snapshot while other
processes keep working, written to ``<db folder>/backups/`` with mode 0600.
Restoring first validates the file (a ShopClock database this version can read),
saves the current database as ``...-pre-restore.sqlite3``, replaces the contents
in one transaction, then upgrades the schema if the backup was older.
Only SQLite databases; a shared PostgreSQL server is backed up by its admin.

Threading: call from one thread; other connections may stay open (they see the
restored data on their next transaction).
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import datetime
from pathlib import Path

from alembic.script import ScriptDirectory

from core.storage.engine import BUSY_TIMEOUT_MS, Database
from core.storage.errors import NotADatabase, StorageError
from core.storage.migrate import (
    alembic_config,
    backup_path,
    backup_sqlite,
    check_schema,
    probe_sqlite_file,
    upgrade_to_head,
)


class BackupError(StorageError):
    """A backup or restore that cannot be done (nothing was changed)."""

    def __init__(self, detail_zh: str, detail_en: str) -> None:
        super().__init__(f"{detail_zh} / {detail_en}")


def _require_file(db: Database) -> Path:
    if db.path is None:
        raise BackupError(
            "只能备份本机的 SQLite 数据库文件；服务器数据库请由管理员备份。",
            "only a local SQLite database file can be backed up here; "
            "back up a database server with its own tools.",
        )
    return db.path


def backup_now(db: Database, *, now: datetime | None = None) -> Path:
    """Write ``backups/shopclock-YYYYmmdd-HHMMSS-manual.sqlite3``; return its path."""
    path = _require_file(db)
    return backup_sqlite(path, backup_path(path, "manual", now))


def restore_from(db: Database, file: Path | str, *, now: datetime | None = None) -> Path:
    """Replace the database's contents with the backup ``file``.

    Raises NotADatabase / SchemaTooNew (nothing changed) when ``file`` is not a
    ShopClock database this version can open. Returns the safety copy of the
    database as it was before the restore.
    """
    path = _require_file(db)
    source = Path(file).expanduser().resolve()
    if source == path:
        raise BackupError("不能用数据库自身来恢复。", "cannot restore a database from itself.")
    if not source.is_file():
        raise BackupError(f"找不到备份文件“{source}”。", f"backup file “{source}” not found.")
    cfg = alembic_config()
    state = probe_sqlite_file(source)
    check_schema(state, ScriptDirectory.from_config(cfg), source)
    if not state.revisions:
        raise NotADatabase(source, "no ShopClock schema version")
    safety = backup_sqlite(path, backup_path(path, "pre-restore", now))
    with (
        closing(sqlite3.connect(source, timeout=BUSY_TIMEOUT_MS / 1000)) as src,
        closing(sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)) as dst,
    ):
        src.backup(dst)  # one step: the destination changes in a single transaction
    db.engine.dispose()  # pooled connections start afresh
    upgrade_to_head(db.engine, cfg, path)  # an older backup is migrated now
    return safety
