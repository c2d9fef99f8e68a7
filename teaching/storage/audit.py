"""An audit log of what teachers (and administrators) did: who, what, when, to what.

Other code calls ``record`` inside its own transaction, so the entry is kept exactly when the
action is: publishing a bank, regrading, importing a roster.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from teaching.storage.db import Base
from teaching.storage.models import utcnow

MAX_ACTION_LENGTH = 64


class AuditEntry(Base):
    """One recorded action."""

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    # Nullable and not cascaded: the record of an action outlives the account that took it.
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    action: Mapped[str] = mapped_column(String(MAX_ACTION_LENGTH), index=True)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


def record(session: Session, actor_id: int | None, action: str,
           details: dict[str, Any] | None = None) -> AuditEntry:
    """Add an entry to the log in the caller's transaction (the caller commits)."""
    if not action or len(action) > MAX_ACTION_LENGTH:
        raise ValueError(f"An audit action is 1 to {MAX_ACTION_LENGTH} characters: {action!r}")
    entry = AuditEntry(actor_id=actor_id, action=action, details=dict(details or {}), at=utcnow())
    session.add(entry)
    return entry


def entries(session: Session, *, action: str | None = None, actor_id: int | None = None,
            limit: int = 200) -> list[AuditEntry]:
    """Return the newest entries first, optionally only one action or one actor's."""
    query = select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit)
    if action is not None:
        query = query.where(AuditEntry.action == action)
    if actor_id is not None:
        query = query.where(AuditEntry.actor_id == actor_id)
    return list(session.scalars(query))
