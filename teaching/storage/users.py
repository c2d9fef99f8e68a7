"""Create accounts, check passwords, and reset or change them."""

from __future__ import annotations

import re
import secrets
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import Row, bindparam, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from teaching.analysis.spreadsheet import safe_cell
from teaching.storage.audit import record
from teaching.storage.db import run
from teaching.storage.models import ROLES, User, utcnow
from teaching.valid_text import first_invalid

USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_.-]{2,39}$")
# Ten characters: a short phrase is easy to remember, and too many to try them all.
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 200
COMMON_PASSWORDS = Path(__file__).with_name("common_passwords.txt")
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


@cache
def common_passwords() -> frozenset[str]:
    """Return the passwords refused as too common (lower case), read once from the data file."""
    lines = COMMON_PASSWORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines
                     if line.strip() and not line.startswith("#"))


def password_problem(password: str, username: str) -> str | None:
    """Say why a new password is not good enough for this account, or return None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return (f"A password needs at least {MIN_PASSWORD_LENGTH} characters; "
                "a few words together are easy to remember and hard to guess.")
    if len(password) > MAX_PASSWORD_LENGTH:
        return f"A password has at most {MAX_PASSWORD_LENGTH} characters."
    if first_invalid(password):
        return "A password cannot contain a null character or half of a surrogate pair."
    folded = "".join(password.split()).lower()
    if folded == normalize_username(username).replace(" ", ""):
        return "A password cannot be the username; anyone who knows the name would get in."
    if password.lower() in common_passwords() or folded in common_passwords():
        return ("That password is one of the most common ones, which are tried first; "
                "choose one that is yours alone.")
    return None


def normalize_username(username: str) -> str:
    """Return the form a username is stored and compared in."""
    return username.strip().lower()


def username_free(session: Session, username: str) -> bool:
    """Say whether a new account could take this username (allowed, and no account has it)."""
    name = normalize_username(username)
    return bool(USERNAME_PATTERN.match(name)) and session.scalar(
        select(User.id).where(User.username == name)) is None


def create_user(
    session: Session, username: str, password: str, role: str = "student",
    display_name: str | None = None,
) -> User:
    """Create and commit an account; raise AccountError if the name or password is unusable."""
    name = normalize_username(username)
    if not USERNAME_PATTERN.match(name):
        raise AccountError("A username has 3 to 40 letters, digits, dots, dashes or underscores, "
                           "and starts with a letter or digit.")
    weak = password_problem(password, name)
    if weak:
        raise AccountError(weak)
    if role not in ROLES:
        raise AccountError(f"The role must be one of: {', '.join(ROLES)}.")
    user = User(username=name, display_name=(display_name or "").strip() or name,
                password_hash=hash_password(password), role=role)
    session.add(user)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        # The same words whether the name is taken or refused for another reason: registration
        # must not tell a stranger which usernames exist (see auth.register).
        raise AccountError(USERNAME_UNAVAILABLE) from None
    return user


USERNAME_UNAVAILABLE = "That username cannot be used; choose another."


def change_password(session: Session, user_id: int, password: str, *,
                    old_password: str | None = None, actor_id: int | None = None) -> int:
    """Set a new password and end every session of the account; return the new generation.

    With ``old_password`` (a person changing their own), refuse unless it is the current one.
    The change is logged (never the password) and committed.
    """
    user = session.get(User, user_id)
    if user is None:
        raise AccountError("There is no such account.")
    if old_password is not None:
        if not check_password_hash(user.password_hash, old_password):
            raise AccountError("That is not your current password.")
        if password == old_password:
            raise AccountError("Choose a password different from the current one.")
    weak = password_problem(password, user.username)
    if weak:
        raise AccountError(weak)
    user.password_hash = hash_password(password)
    user.must_change_password = False
    record(session, actor_id, "account.password_changed", {"user_id": user_id})
    generation = _end_sessions(session, user_id)
    session.commit()
    return generation


def end_sessions(session: Session, user_id: int) -> int:
    """End every session of an account (sign-out); return the account's new generation."""
    generation = _end_sessions(session, user_id)
    session.commit()
    return generation


def _end_sessions(session: Session, user_id: int) -> int:
    generation = session.scalar(
        update(User).where(User.id == user_id)
        .values(session_generation=User.session_generation + 1, sessions_ended_at=utcnow())
        .returning(User.session_generation))
    return generation or 0


# Every app server asks for these about once a second (see teaching.web.auth).
_ENDED_SINCE = select(User.id, User.session_generation).where(
    User.sessions_ended_at >= bindparam("since"))


def sessions_ended_since(session: Session, since: datetime) -> list[tuple[int, int]]:
    """Return (account id, generation) for every account whose sessions ended at or after since."""
    return [(row[0], row[1]) for row in run(session, _ENDED_SINCE, {"since": since})]


def authenticate(session: Session, username: str, password: str) -> User | None:
    """Return the user whose name and password match, or None."""
    user = session.scalar(select(User).where(User.username == normalize_username(username)))
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    return user if check_password_hash(user.password_hash, password) else None


# Read on every signed-in request whose identity is due a check: the four columns it needs, as
# plain values (a User object cost 0.2 ms more), by a statement built once.
_IDENTITY = select(User.id, User.username, User.display_name, User.role,
                   User.session_generation).where(User.id == bindparam("user_id"))


def identity(session: Session, user_id: int) -> Row[tuple[int, str, str, str, int]] | None:
    """Return the id, username, display name, role and session generation of an account."""
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
    # 16 random characters always meet the rules for passwords; checked all the same, so that a
    # change of either cannot hand out a password the sign-up form would refuse.
    while True:
        password = secrets.token_urlsafe(12)
        if safe_cell(password) == password and password_problem(password, "") is None:
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
    _end_sessions(session, user.id)  # whoever was signed in as them is signed out
    session.commit()
    return password



def must_change_password(session: Session, user_id: int) -> bool:
    """Say whether the account has to choose a new password before anything else."""
    return bool(session.scalar(select(User.must_change_password).where(User.id == user_id)))
