"""Session generations, and text already stored made valid Unicode.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

from teaching.valid_text import INVALID, repaired, repaired_json

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

# Plain text columns that people type into: (table, key column, text column).
_TEXT = [
    ("user_account", "id", "display_name"),
    ("response", "id", "teacher_comment"),
    ("school_class", "id", "name"),
]
# JSON columns holding what people typed. Stored JSON escapes a lone surrogate as "\ud800"
# and NUL as "\u0000" (json.dumps writes ASCII), so the text itself reads back without error.
_JSON = [
    ("response", "id", "answer"),
    ("audit_entry", "id", "details"),
]
_ESCAPED = ("\\ud8", "\\ud9", "\\uda", "\\udb", "\\udc", "\\udd", "\\ude", "\\udf", "\\u0000")


def _repair_text(table: str, key: str, column: str) -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.text(f"SELECT {key}, {column} FROM {table} "
                                f"WHERE {column} IS NOT NULL")).all()
    for row_key, value in rows:
        if isinstance(value, str) and INVALID.search(value):
            bind.execute(sa.text(f"UPDATE {table} SET {column} = :value WHERE {key} = :key"),
                         {"value": repaired(value), "key": row_key})


def _repair_json(table: str, key: str, column: str) -> None:
    bind = op.get_bind()
    # Read as text: only rows whose text holds such an escape are parsed and written back.
    as_text = f"CAST({column} AS TEXT)"
    rows = bind.execute(sa.text(f"SELECT {key}, {as_text} FROM {table} "
                                f"WHERE {column} IS NOT NULL")).all()
    for row_key, value in rows:
        if not isinstance(value, str) or not any(
                escape in value.lower() for escape in _ESCAPED):
            continue
        parsed: Any = json.loads(value)
        fixed = repaired_json(parsed)
        if fixed != parsed:
            bind.execute(sa.text(f"UPDATE {table} SET {column} = :value WHERE {key} = :key")
                         .bindparams(sa.bindparam("value", type_=sa.JSON())),
                         {"value": fixed, "key": row_key})


def upgrade() -> None:
    """Add user_account.session_generation and sessions_ended_at; repair stored text."""
    # Plain ADD COLUMNs: a batch would copy and drop the table on SQLite, which the foreign
    # keys pointing at accounts forbid.
    op.add_column("user_account", sa.Column("session_generation", sa.Integer(), nullable=False,
                                            server_default="0"))
    op.add_column("user_account", sa.Column("sessions_ended_at", sa.DateTime(), nullable=True))
    op.create_index("ix_user_account_sessions_ended_at", "user_account", ["sessions_ended_at"])
    for table, key, column in _TEXT:
        _repair_text(table, key, column)
    for table, key, column in _JSON:
        _repair_json(table, key, column)


def downgrade() -> None:
    """Drop the columns again (repaired text stays repaired)."""
    with op.batch_alter_table("user_account") as batch_op:
        batch_op.drop_index("ix_user_account_sessions_ended_at")
        batch_op.drop_column("sessions_ended_at")
        batch_op.drop_column("session_generation")
