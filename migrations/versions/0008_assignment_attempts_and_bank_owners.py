"""Each attempt records the assignment (and class) it was made under; each published bank its owner
(and the co-teachers the owner names).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07

Attempts already stored are given the assignment of a class of their student's that had the quiz
assigned, with its window open, when they were started (the first such assignment if several);
the rest, started before any assignment or outside every window, are practice. Published banks
are given as owner the teacher who published the bank's first version according to the audit log
(action ``bank.publish``); a bank with no such entry goes to the first teacher account (the lowest
id), who can tell its real author to publish it under another id.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_ASSIGNMENT_AT_START = """
UPDATE attempt SET assignment_id = (
    SELECT MIN(a.id) FROM assignment a
    JOIN class_membership m ON m.class_id = a.class_id
    WHERE m.user_id = attempt.user_id AND a.quiz_id = attempt.quiz_id
      AND a.created_at <= attempt.started_at
      AND (a.opens_at IS NULL OR a.opens_at <= attempt.started_at)
      AND (a.closes_at IS NULL OR attempt.started_at < a.closes_at))
"""
_CLASS_OF_ASSIGNMENT = """
UPDATE attempt SET class_id = (
    SELECT a.class_id FROM assignment a WHERE a.id = attempt.assignment_id)
WHERE assignment_id IS NOT NULL
"""


def upgrade() -> None:
    """Add attempts' assignment and class, banks' owner (filled in) and the co-teachers' table."""
    with op.batch_alter_table("attempt") as batch_op:
        batch_op.add_column(sa.Column("assignment_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("class_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_attempt_assignment_id"), ["assignment_id"])
        batch_op.create_index(batch_op.f("ix_attempt_class_id"), ["class_id"])
        batch_op.create_foreign_key("fk_attempt_assignment_id_assignment", "assignment",
                                    ["assignment_id"], ["id"], ondelete="SET NULL")
        batch_op.create_foreign_key("fk_attempt_class_id_school_class", "school_class",
                                    ["class_id"], ["id"], ondelete="SET NULL")
    with op.batch_alter_table("published_bank") as batch_op:
        batch_op.add_column(sa.Column("owner_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_published_bank_owner_id"), ["owner_id"])
        batch_op.create_foreign_key("fk_published_bank_owner_id_user_account", "user_account",
                                    ["owner_id"], ["id"], ondelete="SET NULL")
    op.create_table(
        "bank_co_teacher",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("quiz_id", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("quiz_id", "user_id"),
    )
    with op.batch_alter_table("bank_co_teacher") as batch_op:
        batch_op.create_index(batch_op.f("ix_bank_co_teacher_quiz_id"), ["quiz_id"])
    op.execute(_ASSIGNMENT_AT_START)
    op.execute(_CLASS_OF_ASSIGNMENT)
    _give_banks_owners()


def _give_banks_owners() -> None:
    bind = op.get_bind()
    audit = sa.table("audit_entry", sa.column("id", sa.Integer), sa.column("at", sa.DateTime),
                     sa.column("actor_id", sa.Integer), sa.column("action", sa.String),
                     sa.column("details", sa.JSON))
    banks = sa.table("published_bank", sa.column("quiz_id", sa.String),
                     sa.column("owner_id", sa.Integer))
    users = sa.table("user_account", sa.column("id", sa.Integer), sa.column("role", sa.String))
    first_publisher: dict[str, int] = {}
    for actor_id, details in bind.execute(
            sa.select(audit.c.actor_id, audit.c.details)
            .where(audit.c.action == "bank.publish", audit.c.actor_id.is_not(None))
            .order_by(audit.c.at, audit.c.id)):
        quiz_id = details.get("quiz_id") if isinstance(details, Mapping) else None
        if isinstance(quiz_id, str):
            first_publisher.setdefault(quiz_id, actor_id)
    first_teacher: Any = bind.scalar(sa.select(sa.func.min(users.c.id))
                                     .where(users.c.role == "teacher"))
    for (quiz_id,) in bind.execute(sa.select(banks.c.quiz_id).distinct()).all():
        bind.execute(sa.update(banks).where(banks.c.quiz_id == quiz_id)
                     .values(owner_id=first_publisher.get(quiz_id, first_teacher)))


def downgrade() -> None:
    """Drop them again."""
    with op.batch_alter_table("bank_co_teacher") as batch_op:
        batch_op.drop_index(batch_op.f("ix_bank_co_teacher_quiz_id"))
    op.drop_table("bank_co_teacher")
    with op.batch_alter_table("published_bank") as batch_op:
        batch_op.drop_constraint("fk_published_bank_owner_id_user_account", type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_published_bank_owner_id"))
        batch_op.drop_column("owner_id")
    with op.batch_alter_table("attempt") as batch_op:
        batch_op.drop_constraint("fk_attempt_class_id_school_class", type_="foreignkey")
        batch_op.drop_constraint("fk_attempt_assignment_id_assignment", type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_attempt_class_id"))
        batch_op.drop_index(batch_op.f("ix_attempt_assignment_id"))
        batch_op.drop_column("class_id")
        batch_op.drop_column("assignment_id")
