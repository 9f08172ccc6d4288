"""Reminders: the reminders_sent table (settled reminder keys, pending snoozes).

Revision ID: 0002
Revises: 0001
Create Date: 2026-03-20

One row per reminder key (number, platform, timer, due_at, offset_s), unique, so
two ShopClock instances can never record — and show — the same reminder twice.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "reminders_sent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(16), nullable=False),
        sa.Column("number", sa.String(64), nullable=False),
        sa.Column("timer", sa.String(64), nullable=False),
        sa.Column("due_at", TZ, nullable=False),
        sa.Column("offset_s", sa.Integer(), nullable=False),
        sa.Column("sent_at", TZ, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("snoozed_until", TZ, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_reminders_sent"),
        sa.UniqueConstraint(
            "number",
            "platform",
            "timer",
            "due_at",
            "offset_s",
            name="uq_reminders_sent_number_platform_timer_due_at_offset_s",
        ),
    )
    op.create_index("ix_reminders_sent_due_at", "reminders_sent", ["due_at"])


def downgrade() -> None:
    op.drop_index("ix_reminders_sent_due_at", table_name="reminders_sent")
    op.drop_table("reminders_sent")
