"""Create accounts, check passwords, and reset or change them."""

from __future__ import annotations

import re
import secrets
from typing import Any

from sqlalchemy import Row, bindparam, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from teaching.analysis.spreadsheet import safe_cell
from teaching.storage.audit import record
from teaching.storage.db import run
from teaching.storage.models import ROLES, User

USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_.-]{2,39}$")
MIN_PASSWORD_LENGTH = 8
# scrypt with N=2**14, r=8, p=1: the cost scrypt's author gives for interactive logins (and
# Django's default). Werkzeug's default (N=2**15) takes twice the CPU and 32 MB per sign-in, and
# when a whole school signs in at once that alone filled both cores and every worker's memory.
# The parameters are stored in each hash, so older hashes keep working.
PASSWORD_METHOD = "scrypt:16384:8:1"


def hash_password(password: str) -> str:
    """Return the salted hash stored for a password."""
    return generate_password_hash(password, method=PASSWORD_METHOD)


# Checked when the username does not exist, so that a wrong name takes as long as a wrong password.
_DUMMY_HASH = hash_password(secrets.token_hex(8))


class AccountError(ValueError):
    """An account cannot be created as asked; the message says why."""


def normalize_username(username: str) -> str:
    """Return the form a username is stored and compared in."""
    return username.strip().lower()


def create_user(
    session: Session, username: str, password: str, role: str = "student",
    display_name: str | None = None,
) -> User:
    """Create and commit an account; raise AccountError if the name or password is unusable."""
    name = normalize_username(username)
    if not USERNAME_PATTERN.match(name):
        raise AccountError("A username has 3 to 40 letters, digits, dots, dashes or underscores, "
                           "and starts with a letter or digit.")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"A password needs at least {MIN_PASSWORD_LENGTH} characters.")
    if role not in ROLES:
        raise AccountError(f"The role must be one of: {', '.join(ROLES)}.")
    user = User(username=name, display_name=(display_name or "").strip() or name,
                password_hash=hash_password(password), role=role)
    session.add(user)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise AccountError(f"The username '{name}' is taken; choose another.") from None
    return user


def authenticate(session: Session, username: str, password: str) -> User | None:
    """Return the user whose name and password match, or None."""
    user = session.scalar(select(User).where(User.username == normalize_username(username)))
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    return user if check_password_hash(user.password_hash, password) else None


# Read on every signed-in request whose identity is due a check: the four columns it needs, as
# plain values (a User object cost 0.2 ms more), by a statement built once.
_IDENTITY = select(User.id, User.username, User.display_name, User.role).where(
    User.id == bindparam("user_id"))


def identity(session: Session, user_id: int) -> Row[tuple[int, str, str, str]] | None:
    """Return the id, username, display name and role of an account, or None if it is gone."""
    return run(session, _IDENTITY, {"user_id": user_id}).first()


def find_user(session: Session, user_id: int) -> User | None:
    """Return the account with this id."""
    return session.get(User, user_id)


def count_teachers(session: Session) -> int:
    """Return how many teacher accounts exist."""
    return session.scalar(select(func.count()).where(User.role == "teacher")) or 0


def generate_password() -> str:
    """Return a random password that is easy to type from a printout."""
    # Never one the password slip (a spreadsheet) would write with a quote in front, which the
    # student would then type: one in 64 starts with "-", which a spreadsheet takes for a formula.
    while True:
        password = secrets.token_urlsafe(12)
        if safe_cell(password) == password:
            return password


def find_by_username(session: Session, username: str) -> User | None:
    """Return the account with this username (compared without regard to case), or None."""
    return session.scalar(select(User).where(User.username == normalize_username(username)))


def reset_password(session: Session, user: User, actor_id: int | None,
                   details: dict[str, Any] | None = None) -> str:
    """Give the account a one-time password, logged and committed; return it to show once.

    Its owner signs in with it and must then choose their own (``must_change_password``).
    """
    password = generate_password()
    user.password_hash = hash_password(password)
    user.must_change_password = True
    record(session, actor_id, "account.password_reset",
           {"user_id": user.id, "username": user.username, **(details or {})})
    session.commit()
    return password


def change_password(session: Session, user_id: int, old_password: str, new_password: str) -> None:
    """Replace a password, given the current one; raise AccountError saying what is wrong."""
    user = session.get(User, user_id)
    if user is None or not check_password_hash(user.password_hash, old_password):
        raise AccountError("That is not your current password.")
    if len(new_password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"A password needs at least {MIN_PASSWORD_LENGTH} characters.")
    if new_password == old_password:
        raise AccountError("Choose a password different from the current one.")
    user.password_hash = hash_password(new_password)
    user.must_change_password = False
    record(session, user_id, "account.password_changed", {"user_id": user_id})
    session.commit()


def must_change_password(session: Session, user_id: int) -> bool:
    """Say whether the account has to choose a new password before anything else."""
    return bool(session.scalar(select(User.must_change_password).where(User.id == user_id)))
