"""Import a class roster from CSV: every row checked first, then all created or none."""

from __future__ import annotations

import csv
import io
import secrets
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from teaching.analysis.spreadsheet import csv_text
from teaching.storage import audit
from teaching.storage.classes import Membership, PasswordSlip, SchoolClass
from teaching.storage.models import User, utcnow
from teaching.storage.users import (
    USERNAME_PATTERN,
    generate_password,
    hash_password,
    normalize_username,
)

# Each new password is hashed with scrypt (a good fraction of a second on a busy server), so one
# import holds about a class, well inside the server's 30-second request timeout.
MAX_ROWS = 60
# Passwords never downloaded are not kept for ever: after this they are deleted unread.
SLIP_LIFETIME = timedelta(hours=24)
HEADER_WORDS = {"username", "user", "login"}


@dataclass(frozen=True)
class RosterRow:
    """One line of the file, with what was wrong with it (nothing, if it is good)."""

    line: int
    username: str
    display_name: str
    problem: str | None = None


@dataclass
class RosterReport:
    """What the import found and did."""

    rows: list[RosterRow] = field(default_factory=list)
    created: int = 0
    slip_token: str | None = None
    problem: str | None = None  # a problem with the whole file

    @property
    def ok(self) -> bool:
        """Say whether every row was good (and so every row was imported)."""
        return self.problem is None and all(row.problem is None for row in self.rows)


def read_roster(text: str) -> RosterReport:
    """Parse and check the CSV text, without touching the database."""
    report = RosterReport()
    try:
        lines = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    except csv.Error as error:
        report.problem = f"The file is not readable as CSV ({error})."
        return report
    seen: dict[str, int] = {}
    for number, cells in enumerate(lines, start=1):
        if not any(cell.strip() for cell in cells):
            continue
        if number == 1 and cells[0].strip().lower() in HEADER_WORDS:
            continue  # a header row
        username = normalize_username(cells[0]) if cells else ""
        display = " ".join(cells[1].split()) if len(cells) > 1 else ""
        problem = None
        if len(cells) > 2 and any(cell.strip() for cell in cells[2:]):
            problem = "has more than two columns; write: username, display name"
        elif not USERNAME_PATTERN.match(username):
            problem = ("the username must have 3 to 40 letters, digits, dots, dashes or "
                       "underscores, starting with a letter or digit")
        elif not display:
            problem = "has no display name in the second column"
        elif len(display) > 80:
            problem = "the display name is longer than 80 characters"
        elif username in seen:
            problem = f"the username '{username}' is already on line {seen[username]}"
        seen.setdefault(username, number)
        report.rows.append(RosterRow(number, username, display, problem))
    if not report.rows:
        report.problem = "The file has no students in it."
    elif len(report.rows) > MAX_ROWS:
        report.problem = (f"One import holds at most {MAX_ROWS} students; split the file "
                          "and import the parts one after another.")
    return report


def import_roster(session: Session, school_class: SchoolClass, text: str) -> RosterReport:
    """Create an account per row and add it to the class, all or nothing; keep the passwords."""
    report = read_roster(text)
    if not report.ok:
        return report
    names = [row.username for row in report.rows]
    taken = set(session.scalars(select(User.username).where(User.username.in_(names))))
    if taken:
        report.rows = [row if row.username not in taken else RosterRow(
            row.line, row.username, row.display_name,
            f"the username '{row.username}' is taken by an existing account")
            for row in report.rows]
        return report
    passwords: list[tuple[str, str, str]] = []
    for row in report.rows:
        password = generate_password()
        user = User(username=row.username, display_name=row.display_name, role="student",
                    password_hash=hash_password(password))
        session.add(user)
        session.flush()
        session.add(Membership(class_id=school_class.id, user_id=user.id))
        passwords.append((row.username, row.display_name, password))
    slip = PasswordSlip(token=secrets.token_urlsafe(16), class_id=school_class.id,
                        csv_text=_slip_csv(school_class, passwords))
    session.add(slip)
    # Who was imported, never their passwords.
    audit.record(session, school_class.teacher_id, "roster.import", {
        "class_id": school_class.id, "created": len(passwords),
        "usernames": [username for username, _, _ in passwords]})
    try:
        session.commit()
    except IntegrityError:  # someone took a name between the check and now
        session.rollback()
        report.problem = ("An account was created with one of these usernames while importing; "
                          "nothing was imported. Please try again.")
        return report
    report.created, report.slip_token = len(passwords), slip.token
    return report


def _slip_csv(school_class: SchoolClass, rows: list[tuple[str, str, str]]) -> str:
    return csv_text([["class", "username", "display name", "initial password"],
                     *([school_class.name, *row] for row in rows)])


def take_password_slip(session: Session, class_id: int, token: str) -> str | None:
    """Return the passwords CSV and delete it, so it can be downloaded only once."""
    session.execute(delete(PasswordSlip).where(PasswordSlip.created_at < utcnow() - SLIP_LIFETIME))
    session.commit()
    slip = session.scalar(select(PasswordSlip).where(
        PasswordSlip.class_id == class_id, PasswordSlip.token == token))
    if slip is None:
        return None
    text = slip.csv_text
    session.delete(slip)
    session.commit()
    return text
