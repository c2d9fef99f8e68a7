"""Save answers so that no save is lost, stored twice, or overwritten by an older one.

Every save carries an idempotency key (a replayed request with the same key and the same answers
changes nothing) and every answer a revision: milliseconds on the server's clock, sent by the
page (the script corrects the device's clock by the server time it was given) or stamped by the
server for a form post. An answer is replaced only by one with a higher revision, so a slow
autosave that arrives after a later one, or a stale second tab, cannot undo a newer answer.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String, UniqueConstraint, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from teaching.storage.db import Base, begin_write
from teaching.storage.models import Attempt, Response, utcnow

MAX_KEY_LENGTH = 64


class SaveReceipt(Base):
    """Proof that one save request was applied, so that its replay is recognised."""

    __tablename__ = "save_receipt"
    __table_args__ = (UniqueConstraint("attempt_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempt.id", ondelete="CASCADE"))
    # The client's key joined to a digest of the answers it carried (see _receipt_key).
    key: Mapped[str] = mapped_column(String(100))
    saved_at: Mapped[datetime] = mapped_column(default=utcnow)


@dataclass
class SaveOutcome:
    """What happened to a save request."""

    status: str  # "saved", "duplicate" (already applied) or "closed" (attempt not open)
    kept_newer: list[str] = field(default_factory=list)  # questions a newer answer won
    revisions: dict[str, int] = field(default_factory=dict)  # stored revision per question


def server_revision(now: datetime | None = None) -> int:
    """Return a revision for a save stamped by the server: now, in milliseconds."""
    moment = now or utcnow()
    return int((moment - datetime(1970, 1, 1)).total_seconds() * 1000)


def _receipt_key(key: str, answers: Mapping[str, Any]) -> str:
    # A back button can resend a form with other answers under the same key: that is a new save.
    digest = hashlib.sha256(json.dumps(answers, sort_keys=True, default=str).encode()).hexdigest()
    return f"{key[:MAX_KEY_LENGTH]}:{digest[:32]}"


def _lock_open_attempt(session: Session, attempt_id: int) -> bool:
    # FOR UPDATE serialises saves and the submission on PostgreSQL; SQLite already holds its
    # write lock (BEGIN IMMEDIATE) and ignores the clause.
    status = session.scalar(
        select(Attempt.status).where(Attempt.id == attempt_id).with_for_update())
    return status == "open"


def _write_one(session: Session, attempt_id: int, question_id: str, answer: Any,
               revision: int, now: datetime) -> bool:
    """Store one answer unless a newer one is there; say whether it was stored."""
    changed = session.execute(
        update(Response)
        .where(Response.attempt_id == attempt_id, Response.question_id == question_id,
               Response.revision < revision)
        .values(answer=answer, revision=revision, saved_at=now)
        .execution_options(synchronize_session=False))
    if changed.rowcount == 1:  # type: ignore[attr-defined]
        return True
    exists = session.scalar(select(Response.id).where(
        Response.attempt_id == attempt_id, Response.question_id == question_id))
    if exists is not None:
        return False
    try:
        with session.begin_nested():
            session.add(Response(attempt_id=attempt_id, question_id=question_id, answer=answer,
                                 revision=revision, saved_at=now))
    except IntegrityError:  # inserted a moment ago by a request we did not wait for
        return _write_one(session, attempt_id, question_id, answer, revision, now)
    return True


def apply_save(session: Session, attempt: Attempt, answers: Mapping[str, Any], *,
               key: str | None = None, revision: int | None = None,
               base_revisions: Mapping[str, int] | None = None) -> SaveOutcome:
    """Store answers on an open attempt, at most once per key, never over a newer answer.

    ``base_revisions`` (from a form post) are the revisions the page showed: an answer changed
    elsewhere since then is kept, and the form's copy of it ignored.
    """
    attempt_id = attempt.id
    begin_write(session)
    if not _lock_open_attempt(session, attempt_id):
        session.rollback()
        return SaveOutcome("closed")
    now = utcnow()
    revision = revision if revision is not None else server_revision(now)
    if key:
        try:
            with session.begin_nested():
                session.add(SaveReceipt(attempt_id=attempt_id, key=_receipt_key(key, answers),
                                        saved_at=now))
        except IntegrityError:
            session.rollback()
            return SaveOutcome("duplicate", revisions=stored_revisions(session, attempt_id))
    # Only a form post compares with what is stored; the script's autosave skips this read.
    current = {} if base_revisions is None else {r.question_id: r for r in session.scalars(
        select(Response).where(Response.attempt_id == attempt_id))}
    kept: list[str] = []
    for question_id, answer in answers.items():
        stored = current.get(question_id)
        if stored is not None and base_revisions is not None:
            if stored.answer == answer:
                continue
            if stored.revision > base_revisions.get(question_id, 0):
                kept.append(question_id)  # another tab or device answered since the page loaded
                continue
        if not _write_one(session, attempt_id, question_id, answer, revision, now):
            kept.append(question_id)
    session.commit()
    session.expire(attempt, ["responses"])
    return SaveOutcome("saved", kept, stored_revisions(session, attempt_id))


def stored_revisions(session: Session, attempt_id: int) -> dict[str, int]:
    """Return the revision of every stored answer of an attempt, by question id."""
    rows = session.execute(select(Response.question_id, Response.revision).where(
        Response.attempt_id == attempt_id))
    return {question_id: revision for question_id, revision in rows}

