"""Opening the database: where it lives, engine setup, schema upgrade.

SQLite connections get WAL, foreign keys, a 10 s busy timeout and
synchronous=NORMAL on every connect. Transactions on ``Database.engine`` start
with BEGIN IMMEDIATE (SQLAlchemy's documented pysqlite recipe: the driver's own
BEGIN is switched off and the "begin" event emits ours), so a read-then-write
transaction takes the write lock up front and two processes queue behind the
busy timeout instead of failing with "database is locked" on lock upgrade.
``Database.read_engine`` shares the pool but begins DEFERRED: pure reads never
wait for a writer (WAL readers see the last commit). Engines hide statement
parameters (``hide_parameters``): a failed write's error, printed or logged, would
otherwise carry the row's values — buyers' names, phones and addresses.

Threading: an Engine is thread-safe; open one Database per process and share it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event, make_url

from core.paths import (  # noqa: F401  (re-exported: core.storage names them)
    APP_NAME,
    DATA_DIR_ENV,
    DB_FILENAME,
    default_data_dir,
    default_db_path,
)
from core.storage.migrate import (
    MIGRATIONS_DIR,
    SchemaState,
    alembic_config,
    check_schema,
    create_private_file,
    is_at_head,
    make_private_dir,
    probe_engine,
    probe_sqlite_file,
    script_directory,
    upgrade_to_head,
)

BUSY_TIMEOUT_MS = 10_000
_BEGIN_OPTION = "shopclock_sqlite_begin"


@dataclass(eq=False)
class Database:
    """An open, up-to-date database. ``path`` is None for server databases."""

    engine: Engine
    url: URL
    path: Path | None
    read_engine: Engine = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.read_engine = self.engine.execution_options(**{_BEGIN_OPTION: "DEFERRED"})

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _resolve(target: str | Path | None) -> tuple[URL, Path | None]:
    if target is None:
        target = default_db_path()
    if isinstance(target, str) and "://" in target:
        url = make_url(target)
        database = url.database or ""
        is_file = database not in ("", ":memory:") and not database.startswith("file:")
        if url.get_backend_name() == "sqlite" and is_file:
            return url, Path(database).expanduser().resolve()
        return url, None
    path = Path(target).expanduser().resolve()
    return URL.create("sqlite+pysqlite", database=str(path)), path


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # Switch off pysqlite's own transaction handling; the "begin" hook below emits
    # BEGIN. It also stops pysqlite from committing before DDL (transactional DDL).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
    finally:
        cursor.close()


def _on_sqlite_begin(conn: Any) -> None:
    mode = conn.get_execution_options().get(_BEGIN_OPTION, "IMMEDIATE")
    conn.exec_driver_sql("BEGIN IMMEDIATE" if mode == "IMMEDIATE" else "BEGIN")


def make_engine(url: URL) -> Engine:
    """An Engine with ShopClock's connection settings (see the module docstring)."""
    if url.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True, hide_parameters=True)
    engine = create_engine(
        url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000}, hide_parameters=True
    )
    event.listen(engine, "connect", _on_sqlite_connect)
    event.listen(engine, "begin", _on_sqlite_begin)
    return engine


def open_database(target: str | Path | None = None) -> Database:
    """Open (creating if needed) and upgrade the database at ``target``.

    ``target``: a file path, a SQLAlchemy URL (contains "://"), or None for
    ``default_db_path()``. Raises NotADatabase or SchemaTooNew without changing the
    file. Before migrating a database that already holds data, a backup copy is
    written to ``<db folder>/backups/``.
    """
    return _open(target, MIGRATIONS_DIR)


def _open(target: str | Path | None, script_location: Path) -> Database:
    url, path = _resolve(target)
    state: SchemaState | None = None
    if path is not None:
        state = probe_sqlite_file(path)  # raises before anything is written
        if is_at_head(state, script_location):  # the usual start: no Alembic needed
            return Database(engine=make_engine(url), url=url, path=path)
    cfg = alembic_config(script_location)
    script = script_directory(cfg)
    if path is not None:
        assert state is not None
        pending = check_schema(state, script, path)
        make_private_dir(path.parent)
        if not path.exists():
            create_private_file(path)
    engine = make_engine(url)
    try:
        where: Path | str = path or url.render_as_string(hide_password=True)
        if state is None:
            state = probe_engine(engine)
            pending = check_schema(state, script, where)
        if pending:
            if path is not None and state.has_tables:
                # checked copy under a hidden name, published only when whole
                from core.storage.backup import next_backup_path, write_backup

                write_backup(path, next_backup_path(path, "pre-migrate"))
            upgrade_to_head(engine, cfg, where)
    except BaseException:
        engine.dispose()
        raise
    return Database(engine=engine, url=url, path=path)
