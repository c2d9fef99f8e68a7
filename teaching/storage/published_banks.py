"""Banks published from the browser: every version kept, the latest served by every app server."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint, bindparam, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from teaching.storage import audit
from teaching.storage.db import Base
from teaching.storage.models import utcnow


class PublishedBank(Base):
    """One published version of a bank, as the teacher uploaded it."""

    __tablename__ = "published_bank"
    __table_args__ = (UniqueConstraint("quiz_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    quiz_id: Mapped[str] = mapped_column(String(64), index=True)
    version: Mapped[int]
    filename: Mapped[str] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(Text)
    # The teacher's username, kept as text so a version outlives the account that published it.
    published_by: Mapped[str] = mapped_column(String(40))
    # The teacher the bank belongs to (every version has its first publisher's): only they see
    # its source and publish new versions. None once that account is gone: nobody may.
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True, default=None)
    published_at: Mapped[datetime] = mapped_column(default=utcnow)


class PublishConflict(Exception):
    """Another teacher published a version of the same bank at the same moment."""


class NotYourBank(Exception):
    """The bank belongs to another teacher: only its owner sees its source or republishes it."""

    def __init__(self, quiz_id: str) -> None:
        super().__init__(f"The bank '{quiz_id}' belongs to another teacher: only the teacher "
                         "who published it can see its source or publish a new version. "
                         "Give your quiz another id to publish it as your own.")


_LATEST = (select(PublishedBank.version, PublishedBank.owner_id)
           .where(PublishedBank.quiz_id == bindparam("quiz_id"))
           .order_by(PublishedBank.version.desc()).limit(1))


def belongs_to_another(session: Session, quiz_id: str, teacher_id: int) -> bool:
    """Say whether a bank with this id was published and is not this teacher's."""
    latest = session.execute(_LATEST, {"quiz_id": quiz_id}).first()
    return latest is not None and latest.owner_id != teacher_id


def publish(session: Session, quiz_id: str, source: str, filename: str,
            username: str, actor_id: int | None = None) -> PublishedBank:
    """Store the text as the next version of the bank, log who published it, and return it.

    The first version makes its publisher (``actor_id``) the bank's owner; only they publish
    the next ones (else NotYourBank).
    """
    latest = session.execute(_LATEST, {"quiz_id": quiz_id}).first()
    if latest is not None and (actor_id is None or latest.owner_id != actor_id):
        raise NotYourBank(quiz_id)
    number = latest.version if latest is not None else 0
    version = PublishedBank(quiz_id=quiz_id, version=number + 1, filename=filename[:200],
                            source=source, published_by=username, owner_id=actor_id)
    session.add(version)
    audit.record(session, actor_id, "bank.publish", {
        "quiz_id": quiz_id, "version": number + 1, "filename": filename[:200]})
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise PublishConflict(quiz_id) from None
    return version


def latest_versions(session: Session) -> list[PublishedBank]:
    """Return the newest version of every published bank, by quiz id."""
    newest = (select(PublishedBank.quiz_id, func.max(PublishedBank.version).label("version"))
              .group_by(PublishedBank.quiz_id).subquery())
    return list(session.scalars(
        select(PublishedBank).join(newest, (PublishedBank.quiz_id == newest.c.quiz_id)
                                   & (PublishedBank.version == newest.c.version))
        .order_by(PublishedBank.quiz_id)))


def history(session: Session, quiz_id: str) -> list[PublishedBank]:
    """Return every version of one bank, newest first."""
    return list(session.scalars(select(PublishedBank).where(PublishedBank.quiz_id == quiz_id)
                                .order_by(PublishedBank.version.desc())))


def find_version(session: Session, quiz_id: str, version: int) -> PublishedBank | None:
    """Return one version of a bank."""
    return session.scalar(select(PublishedBank).where(PublishedBank.quiz_id == quiz_id,
                                                      PublishedBank.version == version))


def last_change(session: Session) -> int:
    """Return a number that grows whenever any bank is published (to know when to reload)."""
    return session.scalar(select(func.max(PublishedBank.id))) or 0
