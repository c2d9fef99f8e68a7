"""A teacher's comment with an essay's score.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add response.teacher_comment."""
    with op.batch_alter_table("response") as batch_op:
        batch_op.add_column(sa.Column("teacher_comment", sa.Text(), nullable=True))


def downgrade() -> None:
    """Drop it again."""
    with op.batch_alter_table("response") as batch_op:
        batch_op.drop_column("teacher_comment")
