"""Teachers' scores for essays, and banks published from the browser with their versions.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the published_bank table and response.teacher_score."""
    op.create_table(
        "published_bank",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("quiz_id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("published_by", sa.String(length=40), nullable=False),
        sa.Column("published_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("quiz_id", "version"),
    )
    with op.batch_alter_table("published_bank") as batch_op:
        batch_op.create_index(batch_op.f("ix_published_bank_quiz_id"), ["quiz_id"], unique=False)
    with op.batch_alter_table("response") as batch_op:
        batch_op.add_column(sa.Column("teacher_score", sa.Double(), nullable=True))


def downgrade() -> None:
    """Drop them again."""
    with op.batch_alter_table("response") as batch_op:
        batch_op.drop_column("teacher_score")
    with op.batch_alter_table("published_bank") as batch_op:
        batch_op.drop_index(batch_op.f("ix_published_bank_quiz_id"))
    op.drop_table("published_bank")
