"""The digest of an attempt's snapshot of questions.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add attempt.snapshot_digest (NULL for the attempts already there)."""
    with op.batch_alter_table("attempt") as batch_op:
        batch_op.add_column(sa.Column("snapshot_digest", sa.String(length=32), nullable=True))


def downgrade() -> None:
    """Drop it again."""
    with op.batch_alter_table("attempt") as batch_op:
        batch_op.drop_column("snapshot_digest")
