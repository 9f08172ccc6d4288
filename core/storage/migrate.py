"""Schema checks, pre-migration backups and Alembic upgrades.

Order of work when a database is opened (core.storage.engine):
1. ``probe_sqlite_file`` reads the file read-only with the plain sqlite3 module:
   not SQLite -> NotADatabase; unknown alembic revision -> SchemaTooNew. Neither
   case writes a byte (our engine would switch the file to WAL on connect).
2. If a migration is pending and the file already holds tables, the engine makes a
   checked "pre-migrate" copy with ``core.storage.backup.write_backup`` (sqlite3's
   online backup API: a consistent snapshot even while another process writes).
3. ``upgrade_to_head`` runs Alembic in one BEGIN IMMEDIATE transaction and checks
   the revision again inside it (another process may have migrated meanwhile).

Threading: call from one thread, before the database is handed to others.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterable
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

from core.paths import make_private_dir  # noqa: F401  (re-exported)
from core.storage.errors import NotADatabase, SchemaTooNew

if TYPE_CHECKING:  # Alembic (and Mako) cost ~0.1 s at start: imported only to migrate
    from alembic.config import Config
    from alembic.script import ScriptDirectory

MIGRATIONS_DIR = Path(__file__).resolve().with_name("migrations")
SQLITE_MAGIC = b"SQLite format 3\x00"
VERSION_TABLE = "alembic_version"
PRIVATE_FILE = 0o600


@dataclass(frozen=True, slots=True)
class SchemaState:
    """What a database holds before we touch it."""

    revisions: tuple[str, ...]  # rows of alembic_version; () for a new database
    has_tables: bool


_REVISION_LINE = re.compile(r"^(revision|down_revision)\b[^=\n]*=\s*(.+)$", re.MULTILINE)


def head_revisions(script_location: Path = MIGRATIONS_DIR) -> frozenset[str]:
    """The head revision ids, read from the revision files' text without importing
    Alembic (a test checks they equal Alembic's own heads)."""
    revisions: set[str] = set()
    downs: set[str] = set()
    for path in (script_location / "versions").glob("*.py"):
        for name, value in _REVISION_LINE.findall(path.read_text(encoding="utf-8")):
            ids = set(re.findall(r"[\"']([^\"']+)[\"']", value))
            (revisions if name == "revision" else downs).update(ids)
    return frozenset(revisions - downs)


def is_at_head(state: SchemaState, script_location: Path = MIGRATIONS_DIR) -> bool:
    return bool(state.revisions) and frozenset(state.revisions) == head_revisions(script_location)


def script_directory(cfg: Config) -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(cfg)


def alembic_config(script_location: Path = MIGRATIONS_DIR) -> Config:
    """An in-memory Alembic config (no alembic.ini) pointing at the migrations folder."""
    from alembic.config import Config

    cfg = Config()
    # Config is a ConfigParser: a literal % must be doubled.
    cfg.set_main_option("script_location", str(script_location).replace("%", "%%"))
    return cfg


def known_revisions(script: ScriptDirectory) -> frozenset[str]:
    return frozenset(rev.revision for rev in script.walk_revisions())


def check_schema(state: SchemaState, script: ScriptDirectory, where: Path | str) -> bool:
    """Raise if the database cannot be used; return True when a migration is pending."""
    unknown = tuple(r for r in state.revisions if r not in known_revisions(script))
    if unknown:
        raise SchemaTooNew(where, unknown)
    if state.has_tables and not state.revisions:
        raise NotADatabase(where, "SQLite tables without a ShopClock schema version")
    return set(state.revisions) != set(script.get_heads())


def _user_tables(names: Iterable[str]) -> list[str]:
    return [n for n in names if not n.startswith("sqlite_")]


def probe_sqlite_file(path: Path) -> SchemaState:
    """Read the schema state of a SQLite file without writing to it."""
    if not path.exists() or path.stat().st_size == 0:
        return SchemaState((), has_tables=False)
    if not path.is_file():
        raise NotADatabase(path, "not a regular file")
    with path.open("rb") as fh:
        header = fh.read(100)
    if not header.startswith(SQLITE_MAGIC):
        raise NotADatabase(path, "no SQLite header")
    uri = path.resolve().as_uri() + "?mode=ro"
    wal_mode = len(header) > 18 and header[18] == 2
    if wal_mode and not Path(f"{path}-wal").exists():
        # Nobody has it open, and a read-only WAL reader would leave empty -wal /
        # -shm files behind; immutable reads the file as it is, creating nothing.
        uri += "&immutable=1"
    try:
        with closing(sqlite3.connect(uri, uri=True)) as con:
            names = [
                row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            ]
            revisions: tuple[str, ...] = ()
            if VERSION_TABLE in names:
                rows = con.execute(f"SELECT version_num FROM {VERSION_TABLE}").fetchall()
                revisions = tuple(sorted(str(r[0]) for r in rows))
    except sqlite3.DatabaseError as exc:  # it has SQLite's header: a damaged database
        raise NotADatabase(path, str(exc), damaged=True) from exc
    tables = [n for n in _user_tables(names) if n != VERSION_TABLE]
    return SchemaState(revisions, has_tables=bool(tables))


def probe_engine(engine: Engine) -> SchemaState:
    """The same for a server database (PostgreSQL), through a plain connection."""
    with engine.connect() as conn:
        names = _user_tables(inspect(conn).get_table_names())
        revisions: tuple[str, ...] = ()
        if VERSION_TABLE in names:
            rows = conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).all()
            revisions = tuple(sorted(str(r[0]) for r in rows))
    tables = [n for n in names if n != VERSION_TABLE]
    return SchemaState(revisions, has_tables=bool(tables))


def create_private_file(path: Path) -> None:
    """Create an empty file readable by the owner only (0600); fail if it exists."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    os.close(fd)
    if os.name == "posix":
        os.chmod(path, PRIVATE_FILE)  # the umask may have removed bits, never add them


def backup_path(db_path: Path, kind: str = "pre-migrate", now: datetime | None = None) -> Path:
    """``<db folder>/backups/shopclock-YYYYmmdd-HHMMSS-<kind>.sqlite3`` (local time;
    ``-2``, ``-3`` ... appended when that name is taken)."""
    stamp = (now or datetime.now().astimezone()).strftime("%Y%m%d-%H%M%S")
    folder = db_path.parent / "backups"
    candidate = folder / f"shopclock-{stamp}-{kind}.sqlite3"
    n = 2
    while candidate.exists():
        candidate = folder / f"shopclock-{stamp}-{kind}-{n}.sqlite3"
        n += 1
    return candidate


def upgrade_to_head(engine: Engine, cfg: Config, where: Path | str) -> None:
    """Upgrade in one transaction; re-check the revision under the write lock."""
    from alembic import command
    from alembic.migration import MigrationContext

    script = script_directory(cfg)
    with engine.begin() as conn:
        heads = MigrationContext.configure(conn).get_current_heads()
        known = known_revisions(script)
        unknown = tuple(sorted(r for r in heads if r not in known))
        if unknown:
            raise SchemaTooNew(where, unknown)
        cfg.attributes["connection"] = conn
        try:
            command.upgrade(cfg, "heads")
        finally:
            cfg.attributes.pop("connection", None)
