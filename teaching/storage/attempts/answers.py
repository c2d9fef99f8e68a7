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
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, ForeignKey, String, UniqueConstraint, bindparam, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column

from teaching.storage.db import Base, begin_write
from teaching.storage.models import Attempt, AttemptKey, Response, utcnow

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
    # The stored revision of each answer: for a form post every stored answer's, for the
    # script's save those of the answers it sent.
    revisions: dict[str, int] = field(default_factory=dict)
    # For a form post, every answer stored once the save is done (it read them to compare):
    # a submission grades these without reading them again. None when not read.
    answers: dict[str, Any] | None = None


def server_revision(now: datetime | None = None) -> int:
    """Return a revision for a save stamped by the server: now, in milliseconds."""
    moment = now or utcnow()
    return int((moment - datetime(1970, 1, 1)).total_seconds() * 1000)


def _receipt_key(key: str, answers: Mapping[str, Any]) -> str:
    # A back button can resend a form with other answers under the same key: that is a new save.
    digest = hashlib.sha256(json.dumps(answers, sort_keys=True, default=str).encode()).hexdigest()
    return f"{key[:MAX_KEY_LENGTH]}:{digest[:32]}"


_LOCK_OPEN_ATTEMPT = select(Attempt.status).where(
    Attempt.id == bindparam("attempt_id")).with_for_update()
_STORED = select(Response.question_id, Response.answer, Response.revision).where(
    Response.attempt_id == bindparam("attempt_id"))
_STORED_REVISIONS = select(Response.question_id, Response.revision).where(
    Response.attempt_id == bindparam("attempt_id"))


def lock_open_attempt(connection: Connection, attempt_id: int) -> bool:
    """Lock the attempt's row for this write transaction; say whether it is still open."""
    # FOR UPDATE serialises saves and the submission on PostgreSQL; SQLite already holds its
    # write lock (BEGIN IMMEDIATE) and ignores the clause.
    return connection.execute(_LOCK_OPEN_ATTEMPT, {"attempt_id": attempt_id}).scalar() == "open"


def _receipt_insert(insert: Any) -> Any:
    return (insert(SaveReceipt.__table__)
            .values(attempt_id=bindparam("attempt_id"), key=bindparam("key"),
                    saved_at=bindparam("saved_at"))
            .on_conflict_do_nothing(index_elements=["attempt_id", "key"])
            .returning(SaveReceipt.__table__.c.id))


def _answers_upsert(insert: Any) -> Any:
    table = Response.__table__
    upsert = insert(table).values(
        attempt_id=bindparam("attempt_id"), question_id=bindparam("question_id"),
        answer=bindparam("answer", type_=table.c.answer.type),
        revision=bindparam("revision"), saved_at=bindparam("saved_at"))
    return upsert.on_conflict_do_update(
        index_elements=["attempt_id", "question_id"],
        set_={"answer": upsert.excluded.answer, "revision": upsert.excluded.revision,
              "saved_at": upsert.excluded.saved_at},
        where=table.c.revision < upsert.excluded.revision,
    ).returning(table.c.question_id)


# INSERT ... ON CONFLICT, which both databases we support have, in each one's dialect; built
# once, like the statements above (a statement built per call was compiled per call too).
_RECEIPT = {"sqlite": _receipt_insert(sqlite.insert),
            "postgresql": _receipt_insert(postgresql.insert)}
_UPSERT_ANSWER = {"sqlite": _answers_upsert(sqlite.insert),
                  "postgresql": _answers_upsert(postgresql.insert)}


def _record_receipt(connection: Connection, attempt_id: int, key: str, now: datetime) -> bool:
    """Record a save's receipt; say False if the same save was applied before."""
    inserted = connection.execute(_RECEIPT[connection.dialect.name],
                                  {"attempt_id": attempt_id, "key": key, "saved_at": now}).scalar()
    return inserted is not None


def _write_answers(connection: Connection, attempt_id: int, answers: Mapping[str, Any],
                   revision: int, now: datetime) -> set[str]:
    """Store the answers, each unless a newer one is there; return those stored.

    An upsert, rather than a read and then an insert or an update per answer: two saves racing
    cannot both insert, and SQLAlchemy sends the rows of a save as one statement.
    """
    if not answers:
        return set()
    rows = [{"attempt_id": attempt_id, "question_id": question_id, "answer": answer,
             "revision": revision, "saved_at": now} for question_id, answer in answers.items()]
    return set(connection.execute(_UPSERT_ANSWER[connection.dialect.name], rows).scalars())


def save(session: Session, attempt: AttemptKey, answers: Mapping[str, Any], *,
         key: str | None = None, revision: int | None = None,
         base_revisions: Mapping[str, int] | None = None) -> SaveOutcome:
    """Store answers on an open attempt, at most once per key, never over a newer answer.

    ``base_revisions`` (from a form post) are the revisions the page showed: an answer changed
    elsewhere since then is kept, and the form's copy of it ignored.
    """
    if base_revisions is not None:
        # A form post (the review's, a page turn's) usually follows the script's saves: when it
        # changes nothing, a read says so, and no write transaction queues behind the others.
        current = stored_answers(session.connection(), attempt.id)
        to_write, kept = _changes(answers, current, base_revisions)
        if not to_write:
            return SaveOutcome("saved", kept,
                               {question: rev for question, (_, rev) in current.items()},
                               {question: answer for question, (answer, _) in current.items()})
    connection = begin_write(session)
    if not lock_open_attempt(connection, attempt.id):
        session.rollback()
        return SaveOutcome("closed")
    outcome = save_locked(connection, attempt.id, answers, key=key, revision=revision,
                          base_revisions=base_revisions)
    if outcome.status == "duplicate":
        session.rollback()
        return replace(outcome, revisions=stored_revisions(session.connection(), attempt.id))
    session.commit()
    if isinstance(attempt, Attempt):
        session.expire(attempt, ["responses"])  # loaded again if read
    return outcome


def save_locked(connection: Connection, attempt_id: int, answers: Mapping[str, Any], *,
                key: str | None = None, revision: int | None = None,
                base_revisions: Mapping[str, int] | None = None) -> SaveOutcome:
    """Store answers inside a write transaction that has locked the open attempt.

    The caller commits (or, for a duplicate, rolls back); a submission saves this way in the
    same transaction that grades. ``connection`` is the write transaction's (see
    ``db.begin_write``): the statements run on it directly, without the session's layer.
    """
    now = utcnow()
    revision = revision if revision is not None else server_revision(now)
    if key and not _record_receipt(connection, attempt_id, _receipt_key(key, answers), now):
        return SaveOutcome("duplicate")
    kept: list[str] = []
    to_write = dict(answers)
    current: dict[str, tuple[Any, int]] | None = None
    if base_revisions is not None:
        current = stored_answers(connection, attempt_id)
        to_write, kept = _changes(answers, current, base_revisions)
    written = _write_answers(connection, attempt_id, to_write, revision, now)
    kept += [question_id for question_id in to_write if question_id not in written]
    if current is None:
        # The script needs the stored revision of what it sent: ours where we wrote, else
        # (rarely) the newer one that was kept, read back.
        newer = stored_revisions(connection, attempt_id) if kept else {}
        return SaveOutcome("saved", kept, {question_id: newer.get(question_id, revision)
                                           for question_id in to_write})
    # What is stored now: what was read, with what this save wrote.
    current.update((question_id, (to_write[question_id], revision)) for question_id in written)
    return SaveOutcome("saved", kept,
                       {question_id: rev for question_id, (_, rev) in current.items()},
                       {question_id: answer for question_id, (answer, _) in current.items()})


def _changes(answers: Mapping[str, Any], current: Mapping[str, tuple[Any, int]],
             base_revisions: Mapping[str, int]) -> tuple[dict[str, Any], list[str]]:
    """Return what a form post changed, to write, and the questions a newer answer keeps.

    A form post sends every question of its page: only what the student changed there is
    written (an untouched blank needs no row), and never over an answer given elsewhere (another
    tab or device) since the page loaded.
    """
    to_write = dict(answers)
    kept: list[str] = []
    for question_id, answer in answers.items():
        if question_id not in current:
            if answer is None:
                del to_write[question_id]
            continue
        stored_answer, stored_revision = current[question_id]
        if stored_answer == answer:
            del to_write[question_id]
        elif stored_revision > base_revisions.get(question_id, 0):
            kept.append(question_id)
            del to_write[question_id]
    return to_write, kept


def stored_answers(connection: Connection, attempt_id: int) -> dict[str, tuple[Any, int]]:
    """Return every stored answer of an attempt with its revision, by question id."""
    # Plain rows rather than Response objects: the question page reads them on every view.
    return {question_id: (answer, revision) for question_id, answer, revision
            in connection.execute(_STORED, {"attempt_id": attempt_id})}


def stored_revisions(connection: Connection, attempt_id: int) -> dict[str, int]:
    """Return the revision of every stored answer of an attempt, by question id."""
    rows = connection.execute(_STORED_REVISIONS, {"attempt_id": attempt_id})
    return {question_id: revision for question_id, revision in rows}

