"""Banks published from the browser: every version kept, the latest served by every app server.

A bank belongs to the teacher who published its first version. Its owner may name co-teachers,
who see its source and publish new versions too; nobody else does.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint, bindparam, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from teaching.storage import audit
from teaching.storage.db import Base
from teaching.storage.models import User, utcnow
from teaching.storage.users import normalize_username


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


class BankCoTeacher(Base):
    """A teacher the owner of a bank named to share it: to see its source and republish it."""

    __tablename__ = "bank_co_teacher"
    __table_args__ = (UniqueConstraint("quiz_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    quiz_id: Mapped[str] = mapped_column(String(64), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    added_at: Mapped[datetime] = mapped_column(default=utcnow)


class CoTeacherError(ValueError):
    """A co-teacher cannot be named as asked; the message says why."""


class PublishConflict(Exception):
    """Another teacher published a version of the same bank at the same moment."""


class NotYourBank(Exception):
    """The bank belongs to another teacher: only its owner sees its source or republishes it."""

    def __init__(self, quiz_id: str) -> None:
        super().__init__(f"The bank '{quiz_id}' belongs to another teacher: only the teacher "
                         "who published it, and the co-teachers they name, can see its source "
                         "or publish a new version. Give your quiz another id to publish it as "
                         "your own.")


_LATEST = (select(PublishedBank.version, PublishedBank.owner_id)
           .where(PublishedBank.quiz_id == bindparam("quiz_id"))
           .order_by(PublishedBank.version.desc()).limit(1))


_IS_CO_TEACHER = select(BankCoTeacher.id).where(BankCoTeacher.quiz_id == bindparam("quiz_id"),
                                                BankCoTeacher.user_id == bindparam("user_id"))


def _shares(session: Session, quiz_id: str, owner_id: int | None,
            teacher_id: int | None) -> bool:
    """Say whether the teacher owns the bank or was named its co-teacher."""
    if teacher_id is None:
        return False
    return owner_id == teacher_id or session.execute(
        _IS_CO_TEACHER, {"quiz_id": quiz_id, "user_id": teacher_id}).first() is not None


def belongs_to_another(session: Session, quiz_id: str, teacher_id: int) -> bool:
    """Say whether a bank with this id was published and is neither this teacher's nor shared."""
    latest = session.execute(_LATEST, {"quiz_id": quiz_id}).first()
    return latest is not None and not _shares(session, quiz_id, latest.owner_id, teacher_id)


def owner_of(session: Session, quiz_id: str) -> int | None:
    """Return the id of the teacher a published bank belongs to (None: unpublished, or gone)."""
    latest = session.execute(_LATEST, {"quiz_id": quiz_id}).first()
    return None if latest is None else latest.owner_id


def shared_with(session: Session, teacher_id: int) -> set[str]:
    """Return the quiz ids of the banks this teacher was named a co-teacher of."""
    return set(session.scalars(select(BankCoTeacher.quiz_id)
                               .where(BankCoTeacher.user_id == teacher_id)))


def co_teachers(session: Session, quiz_id: str) -> list[User]:
    """Return the co-teachers of a bank, by name."""
    return list(session.scalars(
        select(User).join(BankCoTeacher, BankCoTeacher.user_id == User.id)
        .where(BankCoTeacher.quiz_id == quiz_id).order_by(User.display_name, User.username)))


def name_co_teacher(session: Session, quiz_id: str, owner_id: int, username: str) -> User:
    """Let another teacher share the owner's bank, log it and commit; return that teacher."""
    teacher = session.scalar(select(User).where(
        User.username == normalize_username(username), User.role == "teacher"))
    if teacher is None:
        raise CoTeacherError("No teacher has that username; check it and try again.")
    if teacher.id == owner_id:
        raise CoTeacherError("The bank is yours already.")
    if session.execute(_IS_CO_TEACHER, {"quiz_id": quiz_id, "user_id": teacher.id}).first():
        return teacher
    session.add(BankCoTeacher(quiz_id=quiz_id, user_id=teacher.id))
    audit.record(session, owner_id, "bank.co_teacher.add",
                 {"quiz_id": quiz_id, "teacher_id": teacher.id})
    try:
        session.commit()
    except IntegrityError:  # named twice at once: once is enough
        session.rollback()
    return teacher


def remove_co_teacher(session: Session, quiz_id: str, owner_id: int, teacher_id: int) -> bool:
    """Stop sharing the bank with a co-teacher, log it and commit; say whether they were one."""
    found = session.scalar(select(BankCoTeacher).where(
        BankCoTeacher.quiz_id == quiz_id, BankCoTeacher.user_id == teacher_id))
    if found is None:
        return False
    session.delete(found)
    audit.record(session, owner_id, "bank.co_teacher.remove",
                 {"quiz_id": quiz_id, "teacher_id": teacher_id})
    session.commit()
    return True


def publish(session: Session, quiz_id: str, source: str, filename: str,
            username: str, actor_id: int | None = None) -> PublishedBank:
    """Store the text as the next version of the bank, log who published it, and return it.

    The first version makes its publisher (``actor_id``) the bank's owner; only they and the
    co-teachers they named publish the next ones (else NotYourBank), and the owner stays.
    """
    latest = session.execute(_LATEST, {"quiz_id": quiz_id}).first()
    if latest is not None and not _shares(session, quiz_id, latest.owner_id, actor_id):
        raise NotYourBank(quiz_id)
    number, owner = (latest.version, latest.owner_id) if latest is not None else (0, actor_id)
    version = PublishedBank(quiz_id=quiz_id, version=number + 1, filename=filename[:200],
                            source=source, published_by=username, owner_id=owner)
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


def latest_ids(session: Session) -> dict[str, int]:
    """Return the row id of the newest version of every published bank, by quiz id."""
    # Versions of a bank are numbered in the order their rows are added, so the newest has the
    # largest id; the ids alone tell a server which banks changed without reading any source.
    return {quiz_id: row_id for quiz_id, row_id in session.execute(
        select(PublishedBank.quiz_id, func.max(PublishedBank.id)).group_by(PublishedBank.quiz_id))}


def versions_by_id(session: Session, ids: Iterable[int]) -> list[PublishedBank]:
    """Return these versions (rows by id), by quiz id."""
    return list(session.scalars(select(PublishedBank).where(PublishedBank.id.in_(list(ids)))
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
