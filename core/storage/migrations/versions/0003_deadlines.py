"""Stored deadlines: deadline_timers, _texts, _stale, _state (+ SQLite triggers).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22

The store is a cache of the engine's timers (see core.storage.models_deadlines). On
SQLite, triggers mark an order stale in the same transaction as any change to it or
to one of its cases, and clear the fingerprint on any change to shops or holiday
overrides, so no writer — this version's code, an older tool, a hand edit — can
leave a stored timer standing for data it was not computed from. On other databases
no trigger is created and core.deadlines never reads the store there.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_MARK = (
    "INSERT OR IGNORE INTO deadline_stale (platform, order_no) VALUES ({}.platform, {}.order_no)"
)
_RESET = "UPDATE deadline_state SET fingerprint = NULL"
# only while the store is in use: a database whose store was never built (or was
# cleared) pays one indexed look-up per written row, not an insert
_IN_USE = "WHEN (SELECT fingerprint FROM deadline_state WHERE id = 1) IS NOT NULL"


def _triggers() -> list[tuple[str, str]]:
    """(name, CREATE TRIGGER statement) for every trigger."""
    found = []
    for table in ("orders", "cases"):
        for when, rows in (("INSERT", ("NEW",)), ("UPDATE", ("OLD", "NEW")), ("DELETE", ("OLD",))):
            name = f"deadline_stale_{table}_{when.lower()}"
            body = " ".join(f"{_MARK.format(r, r)};" for r in rows)
            found.append(
                (name, f"CREATE TRIGGER {name} AFTER {when} ON {table} {_IN_USE} BEGIN {body} END")
            )
    for table in ("shops", "holiday_overrides"):
        for when in ("INSERT", "UPDATE", "DELETE"):
            name = f"deadline_reset_{table}_{when.lower()}"
            statement = f"CREATE TRIGGER {name} AFTER {when} ON {table} BEGIN {_RESET}; END"
            found.append((name, statement))
    return found


def upgrade() -> None:
    op.create_table(
        "deadline_timers",
        sa.Column("due_us", sa.BigInteger(), nullable=False),
        sa.Column("platform", sa.String(16), nullable=False),
        sa.Column("order_no", sa.String(64), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("actor", sa.String(32), nullable=False),
        sa.Column("informational", sa.Boolean(), nullable=False),
        sa.Column("head", sa.Text(), nullable=False),
        sa.Column("middle_id", sa.Integer(), nullable=False),
        sa.Column("tail_id", sa.Integer(), nullable=False),
        sa.Column("shop", sa.Text(), nullable=False),
        sa.Column("case_no", sa.String(64), nullable=True),
        sa.Column("started_us", sa.BigInteger(), nullable=False),
        sa.Column("origin", sa.String(32), nullable=False),
        sa.Column("amount_fen", sa.BigInteger(), nullable=False),
        sa.Column("warnings", sa.Text(), nullable=False),
        sa.Column("template", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("due_us", "platform", "order_no", "seq", name="pk_deadline_timers"),
        sqlite_with_rowid=False,
    )
    op.create_index(
        "ix_deadline_timers_platform_order_no", "deadline_timers", ["platform", "order_no"]
    )
    op.create_table(
        "deadline_texts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_deadline_texts"),
        sa.UniqueConstraint("text", name="uq_deadline_texts_text"),
    )
    op.create_table(
        "deadline_stale",
        sa.Column("platform", sa.String(16), nullable=False),
        sa.Column("order_no", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("platform", "order_no", name="pk_deadline_stale"),
    )
    state = op.create_table(
        "deadline_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_deadline_state"),
    )
    op.bulk_insert(state, [{"id": 1, "fingerprint": None}])
    if op.get_context().dialect.name == "sqlite":
        for _, statement in _triggers():
            op.execute(statement)


def downgrade() -> None:
    if op.get_context().dialect.name == "sqlite":
        for name, _ in _triggers():
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table("deadline_state")
    op.drop_table("deadline_stale")
    op.drop_table("deadline_texts")
    op.drop_index("ix_deadline_timers_platform_order_no", table_name="deadline_timers")
    op.drop_table("deadline_timers")
