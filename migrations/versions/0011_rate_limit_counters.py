"""Rate-limit counters in the database, shared by every worker and server.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the table of fixed-window counters (see teaching.storage.rate_counters)."""
    op.create_table(
        "rate_limit_counter",
        sa.Column("key", sa.String(255), primary_key=True),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("window_ends", sa.Float(), nullable=False),
    )


def downgrade() -> None:
    """Drop the counters (they only ever hold the last minutes' counts)."""
    op.drop_table("rate_limit_counter")
