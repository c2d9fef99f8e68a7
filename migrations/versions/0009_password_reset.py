"""Accounts whose password was reset must choose a new one at their next sign-in.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add user_account.must_change_password (false for every existing account)."""
    # A plain ADD COLUMN on both databases: a batch would copy and drop the table on SQLite,
    # which the foreign keys pointing at accounts forbid.
    op.add_column("user_account", sa.Column("must_change_password", sa.Boolean(),
                                            nullable=False, server_default=sa.text("false")))


def downgrade() -> None:
    """Drop it again."""
    with op.batch_alter_table("user_account") as batch_op:
        batch_op.drop_column("must_change_password")
