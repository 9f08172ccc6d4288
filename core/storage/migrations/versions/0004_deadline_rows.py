"""Stored deadlines name what the To-do page shows: title, buyer_name, case_kind.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22

The window's first page (To do) is painted from the stored timers. Its rows also
show the order's item title, search its buyer's name and label the action by the
case's kind; with these three columns stored beside each timer it no longer reads
~30,000 orders and ~10,000 cases before its first paint. They are a copy of the
order's and case's fields, kept exactly like the timers themselves: the triggers of
0003 mark an order stale on any change to it or its cases. Rows stored before this
revision are recomputed (core.deadlines.STORE_FORMAT changed with it, so the stored
fingerprint no longer matches).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COLUMNS = ("title", "buyer_name", "case_kind")


def upgrade() -> None:
    op.execute("UPDATE deadline_state SET fingerprint = NULL")  # rebuilt on next use
    op.add_column("deadline_timers", sa.Column("title", sa.Text(), nullable=True))
    op.add_column("deadline_timers", sa.Column("buyer_name", sa.Text(), nullable=True))
    op.add_column("deadline_timers", sa.Column("case_kind", sa.String(32), nullable=True))


def downgrade() -> None:
    op.execute("UPDATE deadline_state SET fingerprint = NULL")
    for name in _COLUMNS:  # SQLite 3.35+ and PostgreSQL drop a column in place
        op.execute(f"ALTER TABLE deadline_timers DROP COLUMN {name}")
