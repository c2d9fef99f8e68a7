"""Accommodations: extra time and extra attempts for a student or a class, on assignments.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07

A new table only (see teaching.storage.accommodations); no existing table is altered, and
attempts already stored keep their deadlines.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the table of accommodations."""
    op.create_table(
        "accommodation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("class_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("assignment_id", sa.Integer(), nullable=True),
        sa.Column("time_factor", sa.Double(), nullable=True),
        sa.Column("extra_minutes", sa.Integer(), nullable=True),
        sa.Column("extra_attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("granted_by", sa.Integer(), nullable=True),
        sa.Column("granted_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["assignment_id"], ["assignment.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["class_id"], ["school_class.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["granted_by"], ["user_account.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_accommodation_assignment_id", "accommodation", ["assignment_id"])
    op.create_index("ix_accommodation_class_id", "accommodation", ["class_id"])
    op.create_index("ix_accommodation_user_id", "accommodation", ["user_id"])


def downgrade() -> None:
    """Drop the table (the deadlines it extended stay as they are)."""
    op.drop_index("ix_accommodation_user_id", table_name="accommodation")
    op.drop_index("ix_accommodation_class_id", table_name="accommodation")
    op.drop_index("ix_accommodation_assignment_id", table_name="accommodation")
    op.drop_table("accommodation")
