"""Alembic environment for ShopClock.

core.storage.migrate runs it with ``config.attributes["connection"]`` set to a
connection that is already inside a transaction (BEGIN IMMEDIATE on SQLite), so the
whole upgrade commits or rolls back as one. ``render_as_batch`` lets later
migrations alter SQLite tables (copy-and-move). A new revision, from a checkout:

    from alembic import command
    from core.storage import open_database
    from core.storage.migrate import alembic_config
    cfg = alembic_config()
    with open_database("/tmp/dev.sqlite3").engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.revision(cfg, "what changed", autogenerate=True, rev_id="0002")
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from core.storage.models import Base

config = context.config
target_metadata = Base.metadata


def _configure(**kw: object) -> None:
    context.configure(
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
        transactional_ddl=True,
        **kw,
    )


def run_migrations_offline() -> None:
    _configure(url=config.get_main_option("sqlalchemy.url"), literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection=connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.connect() as conn:
        _configure(connection=conn)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
