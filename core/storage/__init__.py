"""ShopClock storage: one SQLite file (or a shared PostgreSQL database), SQLAlchemy 2
Core/ORM models, Alembic migrations and the Repository.

    db = open_database()            # default_db_path(), migrated, backed up first
    repo = Repository(db)
    repo.apply_import(orders=..., cases=..., at=clock.now())

Only frozen domain dataclasses (core.domain) cross this package's boundary.
"""

from core.storage.backup import BackupError, DamagedDatabase, backup_now, restore_from
from core.storage.engine import Database, default_data_dir, default_db_path, open_database
from core.storage.errors import (
    ChangedSince,
    ConcurrentChange,
    NotADatabase,
    SchemaTooNew,
    StorageError,
)
from core.storage.importing import ImportResult
from core.storage.repository import Repository

__all__ = [
    "BackupError",
    "ChangedSince",
    "ConcurrentChange",
    "DamagedDatabase",
    "Database",
    "ImportResult",
    "NotADatabase",
    "Repository",
    "SchemaTooNew",
    "StorageError",
    "backup_now",
    "default_data_dir",
    "default_db_path",
    "open_database",
    "restore_from",
]
