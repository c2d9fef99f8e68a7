"""Tables: users, attempts and the responses given in them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from teaching.storage.db import Base
from teaching.storage.valid_rows import InvalidText  # noqa: F401 - the check on every flush

ROLES = ("student", "teacher")


def utcnow() -> datetime:
    """Return the current time in UTC, without a zone (stored the same way on every database)."""
    return datetime.now(UTC).replace(tzinfo=None)


class User(Base):
    """A student or a teacher."""

    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Usernames compare without regard to case: "Lin" and "lin" are one account.
    username: Mapped[str] = mapped_column(String(40), unique=True)
    display_name: Mapped[str] = mapped_column(String(80))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(10), default="student")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Set when a teacher or the server's shell resets the password: the one-time password
    # works once, then its owner must choose their own (see teaching.web.account).
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False,
                                                       server_default=text("false"))
    # Goes up by one at each sign-out and password change: a session signed in under an older
    # generation is over (see teaching.web.auth). When it last went up, so that every app
    # server can learn of it within a second by asking for the recent ones (indexed for that).
    session_generation: Mapped[int] = mapped_column(default=0, server_default="0")
    sessions_ended_at: Mapped[datetime | None] = mapped_column(default=None, index=True)

    attempts: Mapped[list[Attempt]] = relationship(back_populates="user")


class ScoreShown:
    """What an attempt's score means to the student: a percentage, and a pass or not.

    Shared by the ``Attempt`` table and the plain ``attempts.AttemptResult``.
    """

    if TYPE_CHECKING:
        score: float | None
        max_score: float
        pass_mark: float | None

    @property
    def percent(self) -> float | None:
        """Return the score as a percentage of the points available."""
        if self.score is None or not self.max_score:
            return None
        return round(100 * self.score / self.max_score, 1)

    @property
    def passed(self) -> bool | None:
        """Say whether the score reached the pass mark, when the quiz has one."""
        if self.pass_mark is None or self.percent is None:
            return None
        return self.percent >= self.pass_mark


class Attempt(ScoreShown, Base):
    """One try at a quiz, with a snapshot of the questions it served."""

    __tablename__ = "attempt"
    __table_args__ = (
        # At most one open attempt per student and quiz, so a double click cannot start two.
        Index("one_open_attempt", "user_id", "quiz_id", unique=True,
              sqlite_where=text("status = 'open'"), postgresql_where=text("status = 'open'")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    quiz_id: Mapped[str] = mapped_column(String(64), index=True)
    quiz_title: Mapped[str] = mapped_column(String(200))
    lesson: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(10), default="open")
    # The assignment the attempt was made under, and its class (kept when the assignment is
    # removed, so the attempt stays that class's): both None for practice, which counts toward
    # no assignment's limit and belongs to no teacher's gradebook.
    assignment_id: Mapped[int | None] = mapped_column(
        ForeignKey("assignment.id", ondelete="SET NULL"), index=True, default=None)
    class_id: Mapped[int | None] = mapped_column(
        ForeignKey("school_class.id", ondelete="SET NULL"), index=True, default=None)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    deadline: Mapped[datetime | None]
    submitted_at: Mapped[datetime | None]
    score: Mapped[float | None]
    max_score: Mapped[float]
    pass_mark: Mapped[float | None]
    review: Mapped[str] = mapped_column(String(20), default="after_submit")
    questions: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    # A digest of the questions' text as stored (see attempts.questions.stored_snapshot): a worker
    # that holds those questions restored already need not read the snapshot. NULL for
    # attempts started before it existed.
    snapshot_digest: Mapped[str | None] = mapped_column(String(32), default=None)
    evidence: Mapped[dict[str, list[Any]]] = mapped_column(JSON)

    user: Mapped[User] = relationship(back_populates="attempts")
    responses: Mapped[list[Response]] = relationship(
        back_populates="attempt", cascade="all, delete-orphan"
    )


class AttemptKey(Protocol):
    """What saving, submitting and the cache of open questions need of an attempt.

    An ``Attempt`` has it, and so has the plain ``attempts.AttemptHead`` of a page view.
    """

    @property
    def id(self) -> int: ...

    @property
    def public_id(self) -> str: ...

    @property
    def user_id(self) -> int: ...

    @property
    def status(self) -> str: ...

    @property
    def started_at(self) -> datetime: ...

    @property
    def deadline(self) -> datetime | None: ...

    @property
    def snapshot_digest(self) -> str | None: ...


class Response(Base):
    """A student's answer to one question of an attempt, and its score once graded."""

    __tablename__ = "response"
    __table_args__ = (UniqueConstraint("attempt_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempt.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(String(64))
    answer: Mapped[Any] = mapped_column(JSON, nullable=True)
    score: Mapped[float | None]
    # Set when a teacher grades by hand (an essay): None means not graded by a teacher yet.
    teacher_score: Mapped[float | None] = mapped_column(default=None)
    # What the teacher wrote to the student with that score (optional).
    teacher_comment: Mapped[str | None] = mapped_column(Text, default=None)
    saved_at: Mapped[datetime] = mapped_column(default=utcnow)
    # When the answer was given, in server milliseconds: an older save never replaces a newer.
    revision: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")

    attempt: Mapped[Attempt] = relationship(back_populates="responses")
