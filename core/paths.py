"""Where ShopClock keeps its files, without importing the database layer.

The window's start (gui.app) needs the database's path, to claim the single-instance
lock and to read its start snapshot (gui.start_snapshot), before it imports
SQLAlchemy; so these live here and core.storage re-exports them.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import platformdirs

APP_NAME = "ShopClock"
DB_FILENAME = "shopclock.sqlite3"
DATA_DIR_ENV = "SHOPCLOCK_DATA_DIR"
PRIVATE_DIR = 0o700  # folders that hold buyers' data: the owner only


def make_private_dir(path: Path) -> None:
    path.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)


def default_data_dir() -> Path:
    """$SHOPCLOCK_DATA_DIR if set, else the platform's user data folder for ShopClock."""
    override = os.environ.get(DATA_DIR_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_db_path() -> Path:
    """``default_data_dir() / "shopclock.sqlite3"``; the folder is created (0700)."""
    folder = default_data_dir()
    make_private_dir(folder)
    return folder / DB_FILENAME


def database_file(target: str | None) -> Path | None:
    """The file of a ``--db`` target: a path, a ``sqlite:///`` URL (its SQLAlchemy
    parser is imported only for a URL) or None for the default database; None for a
    server or in-memory database."""
    if target is None:
        return default_db_path()
    if "://" not in target:
        return Path(target).expanduser().resolve()
    from sqlalchemy.engine import make_url

    url = make_url(target)
    name = url.database or ""
    if url.get_backend_name() != "sqlite" or name in ("", ":memory:") or name.startswith("file:"):
        return None
    return Path(name).expanduser().resolve()


def start_snapshot_path(db_path: Path) -> Path:
    """The window's start snapshot of this database (gui.start_snapshot):
    ``<its folder>/cache/start-<16 hex digits of its path>.bin``."""
    name = hashlib.sha256(str(db_path).encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return db_path.parent / "cache" / f"start-{name}.bin"
