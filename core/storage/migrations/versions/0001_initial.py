"""Initial schema: shops, orders, cases, events, settings, holiday overrides.

Revision ID: 0001
Revises:
Create Date: 2026-03-01

Datetimes are DATETIME / timestamptz columns holding UTC (core.storage.types);
JSON is text; enums are their string values; no foreign keys (a 售后 export may
arrive before its orders).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TZ = sa.DateTime(timezone=True)


def _pk(table: str) -> sa.PrimaryKeyConstraint:
    return sa.PrimaryKeyConstraint("id", name=f"pk_{table}")


def upgrade() -> None:
    op.create_table(
        "shops",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(16), nullable=False),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("promised_aftersale_days", sa.Integer(), nullable=True),
        sa.Column("rule_overrides", sa.Text(), nullable=False),
        _pk("shops"),
        sa.UniqueConstraint("platform", "name", name="uq_shops_platform_name"),
    )
    op.create_table(
        "orders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(16), nullable=False),
        sa.Column("shop", sa.String(255), nullable=False),
        sa.Column("order_no", sa.String(64), nullable=False),
        sa.Column("amount_fen", sa.BigInteger(), nullable=False),
        sa.Column("paid_at", TZ, nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("group_success_at", TZ, nullable=True),
        sa.Column("ship_by", TZ, nullable=True),
        sa.Column("shipped_at", TZ, nullable=True),
        sa.Column("received_at", TZ, nullable=True),
        sa.Column("goods_type", sa.String(32), nullable=False),
        sa.Column("customised", sa.Boolean(), nullable=False),
        sa.Column("presale", sa.Boolean(), nullable=False),
        sa.Column("buyer_name", sa.Text(), nullable=False),
        sa.Column("buyer_phone", sa.Text(), nullable=False),
        sa.Column("buyer_address", sa.Text(), nullable=False),
        _pk("orders"),
        sa.UniqueConstraint("order_no", "platform", name="uq_orders_order_no_platform"),
    )
    op.create_table(
        "cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(16), nullable=False),
        sa.Column("shop", sa.String(255), nullable=False),
        sa.Column("case_no", sa.String(64), nullable=False),
        sa.Column("order_no", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("state", sa.String(32), nullable=False),
        sa.Column("applied_at", TZ, nullable=False),
        sa.Column("state_since", TZ, nullable=False),
        sa.Column("amount_fen", sa.BigInteger(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("platform_deadline", TZ, nullable=True),
        sa.Column("cancellation_count", sa.Integer(), nullable=False),
        sa.Column("shipped_at_application", sa.Boolean(), nullable=True),
        sa.Column("assumed", sa.Boolean(), nullable=False),
        sa.Column("pack_version", sa.String(64), nullable=True),
        sa.Column("tracking_no", sa.Text(), nullable=False),
        _pk("cases"),
        sa.UniqueConstraint("case_no", "platform", name="uq_cases_case_no_platform"),
    )
    op.create_index("ix_cases_platform_order_no", "cases", ["platform", "order_no"])
    op.create_index("ix_cases_state", "cases", ["state"])
    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("platform", sa.String(16), nullable=False),
        sa.Column("order_no", sa.String(64), nullable=False),
        sa.Column("case_no", sa.String(64), nullable=True),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("at", TZ, nullable=False),
        sa.Column("by", sa.String(32), nullable=False),
        sa.Column("source", sa.String(32), nullable=False),
        sa.Column("from_state", sa.String(32), nullable=True),
        sa.Column("to_state", sa.String(32), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("assumed", sa.Boolean(), nullable=False),
        sa.Column("rule_id", sa.String(128), nullable=True),
        sa.Column("pack_version", sa.String(64), nullable=True),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("undo_before", sa.Text(), nullable=True),
        sa.Column("undo_group", sa.String(36), nullable=True),
        _pk("events"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_events_platform_case_no", "events", ["platform", "case_no"])
    op.create_index("ix_events_platform_order_no", "events", ["platform", "order_no"])
    op.create_table(
        "settings",
        sa.Column("key", sa.String(128), nullable=False),
        sa.Column("value", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("key", name="pk_settings"),
    )
    op.create_table(
        "holiday_overrides",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("workday", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("day", name="pk_holiday_overrides"),
    )


def downgrade() -> None:
    op.drop_table("holiday_overrides")
    op.drop_table("settings")
    op.drop_index("ix_events_platform_order_no", table_name="events")
    op.drop_index("ix_events_platform_case_no", table_name="events")
    op.drop_table("events")
    op.drop_index("ix_cases_state", table_name="cases")
    op.drop_index("ix_cases_platform_order_no", table_name="cases")
    op.drop_table("cases")
    op.drop_table("orders")
    op.drop_table("shops")
