"""Classes a teacher runs, who belongs to them, and the quizzes assigned to them."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from teaching.storage import audit
from teaching.storage.db import Base
from teaching.storage.models import User, utcnow

# Letters and digits a student cannot misread when the code is on the board (no 0/O, 1/I/L).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6


class ClassError(ValueError):
    """A class cannot be created or joined as asked; the message says why."""


class SchoolClass(Base):
    """A group of students taught by one teacher."""

    __tablename__ = "school_class"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    code: Mapped[str] = mapped_column(String(12), unique=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    teacher: Mapped[User] = relationship()
    memberships: Mapped[list[Membership]] = relationship(
        back_populates="school_class", cascade="all, delete-orphan")
    assignments: Mapped[list[Assignment]] = relationship(
        back_populates="school_class", cascade="all, delete-orphan",
        order_by="Assignment.id")


class Membership(Base):
    """A student's place in a class."""

    __tablename__ = "class_membership"
    __table_args__ = (UniqueConstraint("class_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    class_id: Mapped[int] = mapped_column(ForeignKey("school_class.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)

    school_class: Mapped[SchoolClass] = relationship(back_populates="memberships")
    user: Mapped[User] = relationship()


class Assignment(Base):
    """A quiz set for a class, with times and an attempt limit that override the bank's."""

    __tablename__ = "assignment"
    __table_args__ = (UniqueConstraint("class_id", "quiz_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    class_id: Mapped[int] = mapped_column(ForeignKey("school_class.id", ondelete="CASCADE"))
    quiz_id: Mapped[str] = mapped_column(String(64), index=True)
    # Times are UTC without a zone, like every time in the database. None: no bound.
    opens_at: Mapped[datetime | None]
    closes_at: Mapped[datetime | None]
    # None: the bank's own limit applies.
    attempts: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    school_class: Mapped[SchoolClass] = relationship(back_populates="assignments")

    def is_open(self, now: datetime) -> bool:
        """Say whether students may start the quiz at ``now``."""
        return window_is_open(self.opens_at, self.closes_at, now)


def window_is_open(opens_at: datetime | None, closes_at: datetime | None, now: datetime) -> bool:
    """Say whether ``now`` falls between an assignment's opening and closing (None: no bound)."""
    return (opens_at is None or opens_at <= now) and (closes_at is None or now < closes_at)


class PasswordSlip(Base):
    """Initial passwords from a roster import, kept until the teacher downloads them once."""

    __tablename__ = "password_slip"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(32), unique=True)
    class_id: Mapped[int] = mapped_column(ForeignKey("school_class.id", ondelete="CASCADE"))
    csv_text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


def new_code() -> str:
    """Return a random class code."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(code: str) -> str:
    """Return a typed code the way codes are stored (case and spaces do not matter)."""
    return "".join(code.split()).upper()


def create_class(session: Session, teacher_id: int, name: str) -> SchoolClass:
    """Create and commit a class with a fresh code."""
    name = " ".join(name.split())
    if not name or len(name) > 80:
        raise ClassError("A class name has 1 to 80 characters.")
    for _ in range(5):  # a clash of codes is rare; try again with another
        school_class = SchoolClass(name=name, code=new_code(), teacher_id=teacher_id)
        session.add(school_class)
        try:
            session.flush()  # the class id, for the log
            audit.record(session, teacher_id, "class.create",
                         {"class_id": school_class.id, "name": name})
            session.commit()
        except IntegrityError:
            session.rollback()
            continue
        return school_class
    raise ClassError("No free class code was found; please try again.")


def classes_taught_by(session: Session, teacher_id: int) -> list[SchoolClass]:
    """Return a teacher's classes by name."""
    return list(session.scalars(select(SchoolClass).where(SchoolClass.teacher_id == teacher_id)
                                .order_by(SchoolClass.name, SchoolClass.id)))


def class_of_teacher(session: Session, class_id: int, teacher_id: int) -> SchoolClass | None:
    """Return the class if this teacher runs it; another teacher's class is not found."""
    return session.scalar(select(SchoolClass).where(
        SchoolClass.id == class_id, SchoolClass.teacher_id == teacher_id))


def students_of(session: Session, class_id: int) -> list[User]:
    """Return the students of a class by name."""
    return list(session.scalars(
        select(User).join(Membership, Membership.user_id == User.id)
        .where(Membership.class_id == class_id)
        .order_by(User.display_name, User.username)))


def student_in_class(session: Session, class_id: int, user_id: int) -> User | None:
    """Return the account with this id if it belongs to the class, else None."""
    return session.scalar(select(User).join(Membership, Membership.user_id == User.id)
                          .where(Membership.class_id == class_id, User.id == user_id))


def students_taught_by(session: Session, teacher_id: int) -> list[User]:
    """Return the students of every class of this teacher's, each once, by name."""
    return list(session.scalars(
        select(User).join(Membership, Membership.user_id == User.id)
        .join(SchoolClass, SchoolClass.id == Membership.class_id)
        .where(SchoolClass.teacher_id == teacher_id, User.role == "student")
        .distinct().order_by(User.display_name, User.username)))


def is_member(session: Session, class_id: int, user_id: int) -> bool:
    """Say whether the user belongs to the class."""
    return session.scalar(select(Membership.id).where(
        Membership.class_id == class_id, Membership.user_id == user_id)) is not None


def code_exists(session: Session, code: str) -> bool:
    """Say whether some class has this code (as a student would type it)."""
    return session.scalar(select(SchoolClass.id).where(
        SchoolClass.code == normalize_code(code))) is not None


def join_class(session: Session, user: User, code: str) -> SchoolClass:
    """Add a student to the class with this code; joining twice changes nothing."""
    if user.role != "student":
        raise ClassError("Only students join classes with a code.")
    school_class = session.scalar(select(SchoolClass).where(
        SchoolClass.code == normalize_code(code)))
    if school_class is None:
        raise ClassError("No class has that code. Check it with your teacher and try again.")
    if not is_member(session, school_class.id, user.id):
        session.add(Membership(class_id=school_class.id, user_id=user.id))
        try:
            session.commit()
        except IntegrityError:  # joined twice at once: the first one counts
            session.rollback()
    return school_class


def classes_of_student(session: Session, user_id: int) -> list[SchoolClass]:
    """Return the classes a student belongs to."""
    return list(session.scalars(
        select(SchoolClass).join(Membership).where(Membership.user_id == user_id)
        .order_by(SchoolClass.name)))
